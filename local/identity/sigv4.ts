import { Sha256 } from '../../functions/adapters/aws/node-sha256';

/** Whether CLI requests to this API are signed with SigV4 (a deployed stack's operator routes). */
export function signsWithIam(api: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CASEFLOW_API_SIGV4) return env.CASEFLOW_API_SIGV4 !== '0';
  return /\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/.test(new URL(api).hostname);
}

/**
 * The request signed for API Gateway's IAM authorizer, with the caller's AWS credentials (the
 * usual chain: environment, profile, SSO, instance role). Operator routes live under /ops.
 */
export async function signedRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string }
): Promise<{ url: URL; headers: Record<string, string> }> {
  const region =
    /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1] ??
    process.env.AWS_REGION ??
    'us-east-1';
  // Loaded only when a request is signed: every other command starts without the AWS SDK.
  const [{ defaultProvider }, { SignatureV4 }] = await Promise.all([
    import('@aws-sdk/credential-provider-node'),
    import('@smithy/signature-v4'),
  ]);
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: defaultProvider(),
    sha256: Sha256,
  });
  const target = new URL(url);
  target.pathname = `/ops${url.pathname}`;
  const signed = await signer.sign({
    method: init.method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { ...init.headers, host: target.host },
    body: init.body,
  });
  return { url: target, headers: signed.headers as Record<string, string> };
}
