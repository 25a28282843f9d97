import type { SupportAddress } from '../../config/schema';
import type { MailSettings, StoredList } from '../../domain/mail-settings';
import type { MessageRule } from '../../domain/message-rules';

export type StoredMailSettings = MailSettings<MessageRule, SupportAddress>;
export type MailSettingName = 'message-rules' | 'support-addresses';

/** The admins' mail settings (message rules, support addresses): one item per list. */
export interface MailSettingsStore {
  /** Both lists in one request (absent: never saved, the config's is in force). */
  read(): Promise<StoredMailSettings>;
  /**
   * Saves a list when the stored one is still at `expectedVersion` (0: never saved); false when
   * someone saved meanwhile (nothing written).
   */
  saveMessageRules(list: StoredList<MessageRule>, expectedVersion: number): Promise<boolean>;
  saveSupportAddresses(list: StoredList<SupportAddress>, expectedVersion: number): Promise<boolean>;
}
