import { randomUUID } from 'node:crypto';
import { hash } from 'argon2';
import type { StaffStore } from '../../functions/data/staff/staff-store';
import type { IdentityAccounts } from '../../functions/ports';

/**
 * The local issuer's accounts: the subject is a new UUID (as Cognito's `sub`), the password an
 * argon2id hash in the table. Enabled and roles live on the user record, which the issuer and the
 * API read on every sign-in and request, so there is nothing else to change here.
 */
export class LocalIdentityAccounts implements IdentityAccounts {
  constructor(private readonly staff: Pick<StaffStore, 'setPasswordHash'>) {}

  async createAccount(_email: string, _roles: string[], password?: string): Promise<{ subject: string }> {
    const subject = randomUUID();
    if (password) await this.setPassword(subject, _email, password);
    return { subject };
  }

  async setPassword(subject: string, _email: string, password: string): Promise<void> {
    await this.staff.setPasswordHash(subject, await hash(password, { type: 2 }));
  }

  async setEnabled(): Promise<void> {}

  async setRoles(): Promise<void> {}
}
