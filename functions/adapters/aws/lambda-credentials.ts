/** What the AWS SDK's credential providers return (@smithy/types AwsCredentialIdentity). */
export interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * The AWS SDK's default credential chain as a Lambda function needs it: the execution role's
 * credentials, which Lambda puts in the environment. Lambda bundles resolve
 * `@aws-sdk/credential-provider-node` to this module (infra/constructs/bundling.ts): the chain's
 * other sources (profiles, SSO, credential processes, web identity, container and instance
 * metadata) never apply on Lambda, yet their code, four nested SDK clients among it, was about
 * 100 KB of every bundle. Everything else (tests, `npm start`, the CLI) keeps the full chain.
 */
export const defaultProvider = () => async (): Promise<EnvCredentials> => credentialsFrom(process.env);

export function credentialsFrom(env: NodeJS.ProcessEnv): EnvCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION } = env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error(
      'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): Lambda sets them for the execution role, and this bundle reads no other source' +
        // SnapStart and Lambda Managed Instances hand out container credentials instead.
        (env.AWS_CONTAINER_CREDENTIALS_FULL_URI
          ? '; container credentials need the SDK’s whole chain (drop the alias in infra/constructs/bundling.ts)'
          : '')
    );
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    ...(AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(AWS_CREDENTIAL_EXPIRATION) } : {}),
  };
}
