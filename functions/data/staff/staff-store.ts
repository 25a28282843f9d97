import type { StaffUser } from '../../domain/staff';

/** Staff users (R-BOX-6): created and changed by admins, read on every authenticated request. */
export interface StaffStore {
  /** Creates the user; false when a user with that id or email exists (nothing was written). */
  createUser(user: StaffUser): Promise<boolean>;
  getUser(id: string): Promise<StaffUser | undefined>;
  findUserByEmail(email: string): Promise<StaffUser | undefined>;
  /** Every user, by email. Staff are counted in hundreds, not millions. */
  listUsers(): Promise<StaffUser[]>;
  /** Replaces the user's record; the email and id never change. */
  saveUser(user: StaffUser): Promise<void>;
  /** The argon2id hash the local issuer checks sign-ins against (Cognito keeps its own on AWS). */
  getPasswordHash(userId: string): Promise<string | undefined>;
  setPasswordHash(userId: string, hash: string): Promise<void>;
}
