import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { caseTableDefinition } from '../functions/adapters/aws/table-definition';
import { indexKeys, shardOf } from '../functions/data/table-keys';
import type { Team } from '../functions/domain/team';

/**
 * Records every successful write a DynamoDB client makes: the capacity DynamoDB reports for the
 * table and each index (ReturnConsumedCapacity INDEXES), and the partition key each write lands
 * on, in the table and in each index. Index placement follows the requests themselves (a shadow of
 * every item's index keys): with keys-only projections an index is written when an item enters,
 * leaves or moves in it. The same writes are also placed as the layout before day buckets and
 * shards would have placed them (constant keys, projection ALL: every write of an indexed item
 * rewrites its index entries), for the before/after figure.
 */
/** Values as the document client passes them (plain strings) or marshalled ({ S }). */
type Attr = string | { S?: string } | undefined;
type Keys = Partial<Record<string, string>>;
const INDEXES = caseTableDefinition.globalSecondaryIndexes.map((g) => ({
  name: g.indexName as string,
  pk: g.partitionKey as string,
  sk: g.sortKey as string,
}));
const INDEX_ATTRIBUTES = INDEXES.flatMap((i) => [i.pk, i.sk]);

export class Tally {
  readonly byKey = new Map<string, number>();
  total = 0;
  add(key: string, n = 1): void {
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + n);
    this.total += n;
  }
  top(): { key: string; writes: number; share: number } {
    let best = { key: '-', writes: 0 };
    for (const [key, writes] of this.byKey) if (writes > best.writes) best = { key, writes };
    return { ...best, share: this.total ? best.writes / this.total : 0 };
  }
}

export class WriteRecorder {
  /** Capacity units as DynamoDB reported them: 'table' and each index name. */
  units = new Map<string, number>();
  readonly tableKeys = new Tally();
  readonly indexKeys = new Map(INDEXES.map((i) => [i.name, new Tally()]));
  readonly allIndexKeys = new Tally();
  /** The same writes under the constant keys and ALL projections of the earlier layout. */
  readonly legacyIndexKeys = new Map(INDEXES.map((i) => [i.name, new Tally()]));
  readonly allLegacyIndexKeys = new Tally();
  private readonly shadow = new Map<string, Keys>();

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const input = args.input as Record<string, unknown>;
        const writes = WRITES.has(command);
        if (writes) input.ReturnConsumedCapacity = 'INDEXES';
        const out = await next(args);
        if (writes) this.record(command, input, out.output as unknown as Record<string, unknown>);
        return out;
      },
      { step: 'initialize', name: 'benchWriteRecorder', priority: 'low' }
    );
  }

  /** Units since the last call, per 'table' and index. */
  takeUnits(): Map<string, number> {
    const taken = this.units;
    this.units = new Map();
    return taken;
  }

  private record(command: string, input: Record<string, unknown>, output: Record<string, unknown>): void {
    const consumed = output.ConsumedCapacity;
    for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
      Table?: { CapacityUnits?: number };
      GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
    }[]) {
      this.addUnits('table', c.Table?.CapacityUnits ?? 0);
      for (const [name, v] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
        this.addUnits(name, v.CapacityUnits ?? 0);
    }
    if (command === 'TransactWriteItemsCommand') {
      for (const part of input.TransactItems as Record<string, Record<string, unknown>>[]) {
        if (part.Put) this.write(part.Put, 'put');
        if (part.Update) this.write(part.Update, 'update');
        if (part.Delete) this.write(part.Delete, 'delete');
      }
    } else if (command === 'PutItemCommand') this.write(input, 'put');
    else if (command === 'UpdateItemCommand') this.write(input, 'update');
    else if (command === 'DeleteItemCommand') this.write(input, 'delete');
  }

  private addUnits(name: string, units: number): void {
    this.units.set(name, (this.units.get(name) ?? 0) + units);
  }

  private write(request: Record<string, unknown>, kind: 'put' | 'update' | 'delete'): void {
    const item = (request.Item ?? request.Key) as Record<string, Attr>;
    const pk = s(item.pk) ?? '?';
    const id = `${pk}\n${s(item.sk)}`;
    this.tableKeys.add(pk);
    const before = this.shadow.get(id) ?? {};
    const after = kind === 'delete' ? {} : kind === 'put' ? pick(item) : applyUpdate(before, request);
    this.shadow.set(id, after);
    for (const index of INDEXES) {
      const was = before[index.pk] ? `${before[index.pk]}\n${before[index.sk]}` : undefined;
      const is = after[index.pk] ? `${after[index.pk]}\n${after[index.sk]}` : undefined;
      // Keys only: a write lands in the index when the item enters, leaves or moves in it.
      if (was !== is) {
        if (was) this.indexWrite(index.name, before[index.pk] as string, pk);
        if (is) this.indexWrite(index.name, after[index.pk] as string, pk);
      }
      // Before: projection ALL under a constant key; any write of an indexed item rewrites its entry.
      // (A move within the one partition is a delete and a put there: two writes.)
      const legacy = legacyKey(before[index.pk]) ?? legacyKey(after[index.pk]);
      if (legacy) {
        const writes = was && is && was !== is ? 2 : 1;
        this.legacyIndexKeys.get(index.name)?.add(legacy, writes);
        this.allLegacyIndexKeys.add(`${index.name} ${legacy}`, writes);
      }
    }
  }

  /** Case ids behind each queue write under the unsharded key, for placing them over shards. */
  private readonly queueWrites: { team: string; caseId: string }[] = [];

  private indexWrite(index: string, key: string, tablePk: string): void {
    this.indexKeys.get(index)?.add(key);
    this.allIndexKeys.add(`${index} ${key}`);
    if (index === 'gsi3')
      this.queueWrites.push({ team: key.split('#')[1] as string, caseId: tablePk.slice(5) });
  }

  /** The queue writes as `shards` queue shards would place them. */
  queueWritesWithShards(shards: number): Tally {
    const tally = new Tally();
    for (const w of this.queueWrites) tally.add(indexKeys.queue(w.team as Team, shardOf(w.caseId, shards)));
    return tally;
  }
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
]);
const s = (a: Attr) => (typeof a === 'string' ? a : a?.S);
const pick = (item: Record<string, Attr>): Keys =>
  Object.fromEntries(INDEX_ATTRIBUTES.filter((n) => s(item[n])).map((n) => [n, s(item[n])]));

/** The index keys after an update: SET `x = :v` / `x = if_not_exists(x, :v)`, REMOVE `x`. */
function applyUpdate(before: Keys, request: Record<string, unknown>): Keys {
  const after = { ...before };
  const expression = String(request.UpdateExpression ?? '');
  const values = (request.ExpressionAttributeValues ?? {}) as Record<string, Attr>;
  const names = (request.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const name = (n: string) => names[n] ?? n;
  const set = /SET (.*?)(?: REMOVE | ADD |$)/.exec(expression)?.[1] ?? '';
  for (const clause of set.split(',')) {
    const m = /^\s*(#?\w+)\s*=\s*(?:if_not_exists\(\s*#?\w+\s*,\s*(:\w+)\s*\)|(:\w+))\s*$/.exec(clause);
    if (!m) continue;
    const attribute = name(m[1] as string);
    if (!INDEX_ATTRIBUTES.includes(attribute)) continue;
    const value = s(values[(m[2] ?? m[3]) as string]);
    if (m[2] && after[attribute]) continue;
    after[attribute] = value;
  }
  const remove = /REMOVE (.*?)(?: SET | ADD |$)/.exec(expression)?.[1] ?? '';
  for (const attribute of remove.split(',').map((r) => name(r.trim()))) delete after[attribute];
  return after;
}

/** Where the earlier layout kept an entry: its constant partition (`CASES`, `SEV1#OPEN`, …). */
function legacyKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (key.startsWith('CASES#')) return 'CASES';
  if (key.startsWith('SEV1#OPEN#')) return 'SEV1#OPEN';
  if (key.startsWith('QUEUE#')) return key.split('#').slice(0, 2).join('#');
  if (key.startsWith('FOLDER#')) return key.split('#').slice(0, 2).join('#');
  if (key.startsWith('INTAKE#FAILED')) return 'INTAKE#FAILED';
  return key;
}

/** An item's size as DynamoDB counts it (names + values, UTF-8; numbers ~ digits/2 + 1; 3 bytes per map or list plus 1 per element). */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (value instanceof Set) return [...value].reduce((n, v) => n + valueSize(v), 0);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((n, v) => n + 1 + valueSize(v), 0);
  return (
    3 + Object.entries(value as object).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueSize(v), 0)
  );
}
