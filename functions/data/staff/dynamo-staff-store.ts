import type { StaffUser } from '../../domain/staff';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { StaffStore } from './staff-store';

/** Users in one small partition (`STAFF`), an email lookup item beside each, and the local password hash. */
export class DynamoStaffStore implements StaffStore {
  constructor(private readonly table: SingleTable) {}

  createUser(user: StaffUser): Promise<boolean> {
    return this.table.transact([
      this.table.item.putIfAbsent({ ...keys.staffUser(user.id), entity: 'staff-user', ...user }),
      this.table.item.putIfAbsent({ ...keys.staffEmail(user.email), entity: 'staff-email', userId: user.id }),
    ]);
  }

  getUser(id: string): Promise<StaffUser | undefined> {
    return this.table.getRecord<StaffUser>(keys.staffUser(id));
  }

  async findUserByEmail(email: string): Promise<StaffUser | undefined> {
    const lookup = await this.table.get(keys.staffEmail(email.toLowerCase()));
    return lookup ? this.getUser(String(lookup.userId)) : undefined;
  }

  async listUsers(): Promise<StaffUser[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.staffPartition, ':prefix': keys.staffUserPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => strip<StaffUser>(item)).sort((a, b) => a.email.localeCompare(b.email));
  }

  async saveUser(user: StaffUser): Promise<void> {
    await this.table.put({ ...keys.staffUser(user.id), entity: 'staff-user', ...user });
  }

  async getPasswordHash(userId: string): Promise<string | undefined> {
    return (await this.table.get(keys.staffCredential(userId)))?.passwordHash as string | undefined;
  }

  async setPasswordHash(userId: string, hash: string): Promise<void> {
    await this.table.put({ ...keys.staffCredential(userId), entity: 'staff-credential', passwordHash: hash });
  }
}
