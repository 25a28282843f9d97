import type { StoredList } from '../../domain/mail-settings';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { MailSettingName, MailSettingsStore, StoredMailSettings } from './mail-settings-store';

export const MAIL_SETTING_KEYS = [keys.mailSetting('message-rules'), keys.mailSetting('support-addresses')];

/** The settings among items read in one batch (intake reads them with its first look). */
export function mailSettingsFrom(items: Record<string, unknown>[]): StoredMailSettings {
  const at = (name: MailSettingName) => {
    const key = keys.mailSetting(name);
    const item = items.find((i) => i.pk === key.pk && i.sk === key.sk);
    return item ? strip<StoredList<never> & { entity: string }>(item) : undefined;
  };
  const list = <T>(found: ReturnType<typeof at>): StoredList<T> | undefined =>
    found
      ? { items: found.items, version: found.version, updatedAt: found.updatedAt, updatedBy: found.updatedBy }
      : undefined;
  return { messageRules: list(at('message-rules')), supportAddresses: list(at('support-addresses')) };
}

export class DynamoMailSettingsStore implements MailSettingsStore {
  constructor(private readonly table: SingleTable) {}

  async read(): Promise<StoredMailSettings> {
    return mailSettingsFrom(await this.table.getMany(MAIL_SETTING_KEYS, true));
  }

  saveMessageRules(list: StoredList<unknown>, expectedVersion: number): Promise<boolean> {
    return this.save('message-rules', list, expectedVersion);
  }

  saveSupportAddresses(list: StoredList<unknown>, expectedVersion: number): Promise<boolean> {
    return this.save('support-addresses', list, expectedVersion);
  }

  private save(name: MailSettingName, list: StoredList<unknown>, expectedVersion: number): Promise<boolean> {
    const item = { ...keys.mailSetting(name), entity: 'mail-setting', ...list };
    return expectedVersion === 0
      ? this.table.putIfAbsent(item)
      : this.table.putIf(item, {
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        });
  }
}
