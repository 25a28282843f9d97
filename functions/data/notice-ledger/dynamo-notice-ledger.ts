import type { SingleTable } from '../single-table';
import { keys } from '../table-keys';
import type { NoticeClaim, NoticeLedger } from './notice-ledger';

export class DynamoNoticeLedger implements NoticeLedger {
  constructor(private readonly table: SingleTable) {}

  async claim(caseId: string, event: string, by: string, at: string): Promise<NoticeClaim> {
    const key = keys.notice(caseId, event);
    if (await this.table.putIfAbsent({ ...key, by, at })) return { claimed: true };
    const existing = await this.table.get(key);
    return { claimed: false, by: String(existing?.by ?? 'another step'), at: String(existing?.at ?? at) };
  }

  async release(caseId: string, event: string): Promise<void> {
    await this.table.delete(keys.notice(caseId, event));
  }
}
