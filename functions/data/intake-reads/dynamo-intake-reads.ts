import type { IntakeFailure } from '../../domain/held-mail';
import { MAIL_SETTING_KEYS, mailSettingsFrom } from '../mail-settings/dynamo-mail-settings-store';
import { type SingleTable, strip } from '../single-table';
import { keys, type TableKey } from '../table-keys';
import type { IntakeFirstLook, IntakeReads } from './intake-reads';

export class DynamoIntakeReads implements IntakeReads {
  constructor(private readonly table: SingleTable) {}

  async firstLook(
    inboundId: string,
    usage?: { customerId: string; month: string }
  ): Promise<IntakeFirstLook> {
    // The admins' mail settings ride along: rules and addresses changed at run time cost no request.
    const wanted: TableKey[] = [keys.inbound(inboundId), keys.intakeFailure(inboundId), ...MAIL_SETTING_KEYS];
    if (usage) wanted.push(keys.guaranteedUsage(usage.customerId, usage.month));
    // Consistent, as the guard's own read is: a redelivery right after the first must see its case.
    const items = await this.table.getMany(wanted, true);
    const at = (key: TableKey) => items.find((i) => i.pk === key.pk && i.sk === key.sk);
    const inbound = at(wanted[0] as TableKey);
    const failure = at(wanted[1] as TableKey);
    return {
      caseId: typeof inbound?.caseId === 'string' ? inbound.caseId : undefined,
      failure: failure ? strip<IntakeFailure>(failure) : undefined,
      guaranteedMinutes: usage
        ? { ...usage, minutes: Number(at(wanted[wanted.length - 1] as TableKey)?.minutes ?? 0) }
        : undefined,
      mailSettings: mailSettingsFrom(items),
    };
  }
}
