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
  /** Hashes already under way, by password (argon2 is slow on purpose). */
  private readonly ahead = new Map<string, Promise<string>>();

  constructor(private readonly staff: Pick<StaffStore, 'setPasswordHash'>) {}

  /** Starts hashing a password setPassword is about to be given (the first admin's, at start). */
  hashAhead(password: string): void {
    const made = hash(password, { type: 2 });
    made.catch(() => undefined);
    this.ahead.set(password, made);
  }

  async createAccount(_email: string, _roles: string[], password?: string): Promise<{ subject: string }> {
    const subject = randomUUID();
    if (password) await this.setPassword(subject, _email, password);
    return { subject };
  }

  async setPassword(subject: string, _email: string, password: string): Promise<void> {
    const ahead = this.ahead.get(password);
    this.ahead.delete(password);
    await this.staff.setPasswordHash(subject, await (ahead ?? hash(password, { type: 2 })));
  }

  async setEnabled(): Promise<void> {}

  async setRoles(): Promise<void> {}
}
