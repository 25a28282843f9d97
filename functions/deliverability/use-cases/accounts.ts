import type * as z from 'zod';
import { parseTarget } from '../domain/net';
import { type Account, AccountSchema } from '../domain/settings';
import type { AccountRecord } from '../ports';
import { type DeliverabilityDeps, DeliverabilityInputError } from './deps';

type Deps = Pick<DeliverabilityDeps, 'config' | 'clock' | 'desk'>;

/**
 * Enterprise accounts (R-DLV-1): the config's accounts, overlaid by accounts created or changed
 * through the API and the CLI (stored in DynamoDB; the stored one wins for the same id).
 */
export async function effectiveAccounts(deps: Deps): Promise<AccountRecord[]> {
  const stored = await deps.desk.listStoredAccounts();
  const byId = new Map<string, AccountRecord>();
  for (const a of deps.config.accounts) byId.set(a.id, { ...a, source: 'config', updatedAt: null });
  for (const a of stored) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export async function getAccount(deps: Deps, id: string): Promise<AccountRecord | undefined> {
  const stored = await deps.desk.getStoredAccount(id);
  if (stored) return stored;
  const configured = deps.config.accounts.find((a) => a.id === id);
  return configured ? { ...configured, source: 'config', updatedAt: null } : undefined;
}

export async function requireAccount(deps: Deps, id: string): Promise<AccountRecord> {
  const a = await getAccount(deps, id);
  if (!a) throw new DeliverabilityInputError(`no account "${id}"`, 404);
  return a;
}

/** Creates or replaces an account from the API/CLI; validated like the config's accounts. */
export async function putAccount(
  deps: Deps,
  id: string,
  input: unknown,
  actor: string
): Promise<AccountRecord> {
  const parsed = AccountSchema.safeParse({ ...(input as object), id });
  if (!parsed.success) throw new DeliverabilityInputError(issues(parsed.error));
  const account = parsed.data;
  if (account.customerId && !deps.config.customers.some((c) => c.id === account.customerId))
    throw new DeliverabilityInputError(`unknown customer "${account.customerId}"`);
  const now = deps.clock.now().toISOString();
  const record: AccountRecord = { ...account, source: 'api', updatedAt: now };
  await deps.desk.putAccount(record);
  await deps.desk.appendAccountTimeline(id, [
    {
      at: now,
      type: 'account.updated',
      summary: `account ${id} saved: ${account.ips.length} IPs, ${account.domains.length} domains, TAM ${account.tam.email}`,
      actor,
    },
  ]);
  return record;
}

export async function deleteAccount(deps: Deps, id: string): Promise<void> {
  const removed = await deps.desk.deleteAccount(id);
  if (removed) return;
  if (deps.config.accounts.some((a) => a.id === id))
    throw new DeliverabilityInputError(`account "${id}" comes from the config file: change it there`, 409);
  throw new DeliverabilityInputError(`no account "${id}"`, 404);
}

/** The accounts a target (IP or domain, any spelling) belongs to. */
export function accountsOfTarget(accounts: Account[], target: string): Account[] {
  const t = parseTarget(target);
  if (!t) return [];
  return accounts.filter((a) => a.ips.includes(t.value) || a.domains.includes(t.value));
}

/** The customer (plan, name) behind an account, if any. */
export function customerOf(deps: Pick<DeliverabilityDeps, 'config'>, account: Account) {
  return account.customerId ? deps.config.customers.find((c) => c.id === account.customerId) : undefined;
}

export function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}
