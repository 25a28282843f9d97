/**
 * Mail settings an admin keeps at run time (R-BOX-5/7): the message rules and the support
 * addresses. Each is one ordered list, stored whole with a version, so two admins editing at once
 * cannot silently overwrite each other. While the table has no list, the config file's is in force
 * (the config is the bootstrap); the first save makes the table's list the one in force.
 */
export interface StoredList<T> {
  items: T[];
  /** Raised by every save; a save names the version it edited. */
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** What the table holds: each list absent until an admin first saves it. */
export interface MailSettings<Rule, Address> {
  messageRules?: StoredList<Rule>;
  supportAddresses?: StoredList<Address>;
}

/** The list in force: the stored one, else the config's (version 0, never saved). */
export function listInForce<T>(
  stored: StoredList<T> | undefined,
  bootstrap: T[]
): StoredList<T> & { source: 'table' | 'config' } {
  return stored
    ? { ...stored, source: 'table' }
    : { items: bootstrap, version: 0, updatedAt: '', updatedBy: 'config', source: 'config' };
}
