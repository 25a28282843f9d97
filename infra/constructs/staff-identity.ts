import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SignInAuditEnvSchema } from '../../functions/config/env';
import { ROLES } from '../../functions/domain/staff';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import { acknowledge } from './nag';

export interface StaffIdentityProps {
  readonly platform: CaseflowPlatform;
  /** Where the console's sign-in returns to. */
  readonly consoleCallbackUrls: string[];
  /** The managed login domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
}

/** What the API function may do with users: exactly the admin calls CognitoIdentityAccounts makes. */
export const USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
];

/**
 * Staff sign-in (docs/access.md): a Cognito user pool with admin-created users only, email as the
 * username, a strong password policy, TOTP required, one group per role; the console's public app
 * client (authorization code + PKCE through the managed login pages); and the sign-in audit trigger.
 */
export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly consoleClient: cognito.UserPoolClient;
  readonly issuerUrl: string;
  readonly loginDomain: cognito.UserPoolDomain;
  readonly signInAudit: CaseflowFunction<typeof SignInAuditEnvSchema>;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    this.signInAudit = new CaseflowFunction(this, 'SignInAudit', {
      entry: 'functions/handlers/sign-in-audit.ts',
      description: 'Cognito post-authentication: staff sign-ins into the audit log',
      platform: props.platform,
      envSchema: SignInAuditEnvSchema,
      environment: {},
      timeout: Duration.seconds(5),
    });

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: false } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Every staff member, admins first of all, signs in with a TOTP app as the second factor.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lambdaTriggers: { postAuthentication: this.signInAudit.lambdaFunction },
    });
    for (const role of ROLES)
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `caseflow ${role}s (docs/access.md)`,
      });

    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.consoleCallbackUrls,
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    this.loginDomain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.issuerUrl = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;

    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Threat protection needs the Plus feature plan (a monthly charge per user); failed sign-ins meet Cognito lockout, MFA is required and every sign-in is audited'
    );
  }

  /** The admin calls that create, disable and sign out users, on this pool only. */
  grantUserAdministration(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: USER_ADMIN_ACTIONS,
      resourceArns: [this.userPool.userPoolArn],
    });
  }
}
