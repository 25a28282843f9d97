import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityAccounts } from '../../ports';

/**
 * Staff sign-ins in the Cognito user pool: email as the username, roles as groups. Without a
 * password Cognito mails the user a temporary one (they set their own and TOTP at first sign-in).
 */
export class CognitoIdentityAccounts implements IdentityAccounts {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string
  ) {}

  async createAccount(email: string, roles: string[], password?: string): Promise<{ subject: string }> {
    const out = await this.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      })
    );
    const subject = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    if (!subject) throw new Error('Cognito created the user without a subject');
    await this.setRoles(subject, email, roles, []);
    if (password) await this.setPassword(subject, email, password);
    return { subject };
  }

  async setPassword(_subject: string, email: string, password: string): Promise<void> {
    await this.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        Password: password,
        Permanent: true,
      })
    );
  }

  async setEnabled(_subject: string, email: string, enabled: boolean): Promise<void> {
    const target = { UserPoolId: this.userPoolId, Username: email };
    if (enabled) {
      await this.cognito.send(new AdminEnableUserCommand(target));
      return;
    }
    await this.cognito.send(new AdminDisableUserCommand(target));
    // Refresh tokens stop at once; access tokens already out are refused by the API (user record).
    await this.cognito.send(new AdminUserGlobalSignOutCommand(target));
  }

  async setRoles(_subject: string, email: string, roles: string[], previous: string[]): Promise<void> {
    const target = { UserPoolId: this.userPoolId, Username: email };
    for (const role of roles.filter((r) => !previous.includes(r)))
      await this.cognito.send(new AdminAddUserToGroupCommand({ ...target, GroupName: role }));
    for (const role of previous.filter((r) => !roles.includes(r)))
      await this.cognito.send(new AdminRemoveUserFromGroupCommand({ ...target, GroupName: role }));
  }
}
