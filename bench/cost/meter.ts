import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DomainEvent } from '../../functions/domain/events';
import type { Log, OutboundMail } from '../../functions/ports';
import type { Services } from '../../functions/use-cases/deps';
import type { LocalFunctionName, LocalMeter } from '../../local/runtime';
import { billedMs, chunks, EVENT_CHUNK, smsParts } from './model';

/**
 * Counts what each deployed function would be billed for, from outside the code it measures: the
 * local runtime hands every function entry point and the adapters to `fn` and `services`, and the
 * DynamoDB client gets a middleware. Everything an invocation does is attributed to it through
 * AsyncLocalStorage; work outside any function (the driver, local schedules) goes to OUTSIDE.
 */
export type FunctionName = LocalFunctionName | 'sending-events';
export const OUTSIDE = '(outside)';

export interface Tally {
  invocations: number;
  /** Run time rounded up to 1 ms per invocation, as Lambda bills it. */
  billedMs: number;
  readUnits: number;
  writeUnits: number;
  /** Write units per 'table' and index, for saying where writes go. */
  writeUnitsBy: Record<string, number>;
  dynamoRequests: number;
  /** Writes refused by their condition: billed on AWS, reported by no emulator. */
  refusedWrites: number;
  s3Put: number;
  s3Get: number;
  kmsRequests: number;
  mails: number;
  smsParts: number;
  /** Custom events in 64 KB chunks. */
  events: number;
  responseBytes: number;
  /** Application log lines as JSON (the Powertools envelope is added by the model). */
  logBytes: number;
  logLines: number;
}

/** A tally with nothing counted yet. */
export const emptyTally = (): Tally => ({
  invocations: 0,
  billedMs: 0,
  readUnits: 0,
  writeUnits: 0,
  writeUnitsBy: {},
  dynamoRequests: 0,
  refusedWrites: 0,
  s3Put: 0,
  s3Get: 0,
  kmsRequests: 0,
  mails: 0,
  smsParts: 0,
  events: 0,
  responseBytes: 0,
  logBytes: 0,
  logLines: 0,
});

export function addTally(a: Tally, b: Tally): Tally {
  const out = emptyTally();
  for (const key of Object.keys(out) as (keyof Tally)[]) {
    if (key === 'writeUnitsBy') continue;
    (out[key] as number) = (a[key] as number) + (b[key] as number);
  }
  for (const t of [a, b])
    for (const [k, v] of Object.entries(t.writeUnitsBy)) out.writeUnitsBy[k] = (out.writeUnitsBy[k] ?? 0) + v;
  return out;
}

interface Invocation {
  tally: Tally;
  start: number;
  /** When it last did something (for a handler nobody awaits: its run time ends there). */
  last: number;
}

const READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

type Consumed = {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
};

export class CostMeter implements LocalMeter {
  private readonly als = new AsyncLocalStorage<Invocation>();
  /** Function → label (API route, Sev-1 step action, …) → tally. */
  private tallies = new Map<string, Map<string, Tally>>();
  private detached: Invocation[] = [];
  private readonly doneListeners = new Set<(fn: string, args: unknown[], result: unknown) => void>();
  private readonly mailListeners = new Set<(mail: OutboundMail) => void>();
  inFlight = 0;
  /** Invocations begun so far: the driver waits until it stops moving. */
  begun = 0;

  /** Forgets everything counted so far (start-up and sign-in are not part of a case). */
  reset(): void {
    this.tallies = new Map();
    this.detached = [];
  }

  /** Function → label → tally, with handlers nobody awaits given their run time. */
  snapshot(): Map<string, Map<string, Tally>> {
    for (const inv of this.detached) inv.tally.billedMs += billedMs(Math.max(0, inv.last - inv.start));
    this.detached = [];
    return this.tallies;
  }

  onDone(listener: (fn: string, args: unknown[], result: unknown) => void): () => void {
    this.doneListeners.add(listener);
    return () => this.doneListeners.delete(listener);
  }

  onMail(listener: (mail: OutboundMail) => void): () => void {
    this.mailListeners.add(listener);
    return () => this.mailListeners.delete(listener);
  }

  fn<F extends (...args: never[]) => Promise<unknown>>(name: LocalFunctionName, f: F): F {
    const wrapped = async (...args: never[]) => {
      const inv = this.begin(name, labelOf(name, args));
      this.inFlight++;
      try {
        const result = await this.als.run(inv, () => f(...args));
        const ms = performance.now() - inv.start;
        if (result instanceof Response)
          inv.tally.responseBytes += (await result.clone().arrayBuffer()).byteLength;
        inv.tally.billedMs += billedMs(ms);
        for (const listener of this.doneListeners) listener(name, args, result);
        return result;
      } catch (error) {
        inv.tally.billedMs += billedMs(performance.now() - inv.start);
        throw error;
      } finally {
        this.inFlight--;
      }
    };
    return wrapped as unknown as F;
  }

  services(s: Services): Services {
    return {
      ...s,
      bucket: this.counting(s.bucket, { get: (t) => t.s3Get++, tagFolder: (t) => t.s3Put++ }),
      attachments: this.counting(s.attachments, { put: (t) => t.s3Put++, get: (t) => t.s3Get++ }),
      signer: this.counting(s.signer, { sign: (t) => t.kmsRequests++, verify: (t) => t.kmsRequests++ }),
      mailer: this.counting(s.mailer, {
        send: (t, [mail]) => {
          t.mails++;
          for (const listener of this.mailListeners) listener(mail as OutboundMail);
        },
      }),
      sms: this.counting(s.sms, { send: (t, [, text]) => (t.smsParts += smsParts(String(text))) }),
      // The local event log hands `case.opened` to the deliverability desk, as the EventBridge
      // rule hands it to the sending-events function on AWS: that listener is an invocation.
      events: this.subscribing(
        this.counting(s.events, {
          publish: (t, [event]) => {
            const { type } = event as DomainEvent;
            const entry = JSON.stringify({
              Source: 'caseflow',
              DetailType: type,
              Detail: JSON.stringify(event),
            });
            t.events += chunks(Buffer.byteLength(entry), EVENT_CHUNK);
          },
        })
      ),
    };
  }

  /** Application logs as they would be written (INFO and above go to CloudWatch on AWS). */
  log(): Log {
    const write = (message: string, extra: Record<string, unknown>[]) => {
      const t = this.current();
      t.logLines++;
      t.logBytes += Buffer.byteLength(JSON.stringify({ message, ...Object.assign({}, ...extra) }));
    };
    return {
      info: (m, ...e) => write(m, e),
      warn: (m, ...e) => write(m, e),
      error: (m, ...e) => write(m, e),
    };
  }

  /** Asks for consumed capacity on every request and adds it to the invocation it belongs to. */
  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const input = args.input as Record<string, unknown>;
        const read = READS.has(command);
        const write = WRITES.has(command);
        if (read || write) input.ReturnConsumedCapacity = 'INDEXES';
        const inv = this.als.getStore();
        const t = inv?.tally ?? this.current();
        t.dynamoRequests++;
        try {
          const out = await next(args);
          const consumed = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
          for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
            const units = c.CapacityUnits ?? 0;
            if (read) t.readUnits += units;
            if (write) {
              t.writeUnits += units;
              t.writeUnitsBy.table = (t.writeUnitsBy.table ?? 0) + (c.Table?.CapacityUnits ?? 0);
              for (const [index, v] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
                t.writeUnitsBy[index] = (t.writeUnitsBy[index] ?? 0) + (v.CapacityUnits ?? 0);
            }
          }
          return out;
        } catch (error) {
          const name = (error as Error).name;
          // A refused condition still costs the write (1 unit for an item up to 1 KB; a
          // cancelled transaction is taken at 2 units for each of its items).
          if (name === 'ConditionalCheckFailedException') {
            t.refusedWrites++;
            t.writeUnits += 1;
          } else if (name === 'TransactionCanceledException') {
            const items = (input.TransactItems as unknown[] | undefined)?.length ?? 1;
            t.refusedWrites++;
            t.writeUnits += 2 * items;
          }
          throw error;
        } finally {
          if (inv) inv.last = performance.now();
        }
      },
      { step: 'initialize', name: 'costMeter', priority: 'low' }
    );
  }

  private current(): Tally {
    return this.als.getStore()?.tally ?? this.tallyOf(OUTSIDE, '');
  }

  private tallyOf(fn: string, label: string): Tally {
    const byLabel = this.tallies.get(fn) ?? new Map<string, Tally>();
    this.tallies.set(fn, byLabel);
    const tally = byLabel.get(label) ?? emptyTally();
    byLabel.set(label, tally);
    return tally;
  }

  private begin(fn: FunctionName, label: string): Invocation {
    const tally = this.tallyOf(fn, label);
    tally.invocations++;
    this.begun++;
    const now = performance.now();
    return { tally, start: now, last: now };
  }

  /** The port with each named method counted (in the calling invocation) before it runs. */
  private counting<T extends object>(
    target: T,
    counts: Partial<Record<string, (tally: Tally, args: unknown[]) => void>>
  ): T {
    return new Proxy(target, {
      get: (t, property, receiver) => {
        const value = Reflect.get(t, property, receiver);
        const count = counts[String(property)];
        if (typeof value !== 'function') return value;
        if (!count) return value.bind(t);
        return async (...args: unknown[]) => {
          const inv = this.als.getStore();
          count(inv?.tally ?? this.current(), args);
          try {
            return await value.apply(t, args);
          } finally {
            if (inv) inv.last = performance.now();
          }
        };
      },
    });
  }

  private subscribing<T extends Services['events']>(events: T): T {
    type Subscribe = (listener: (event: DomainEvent) => void) => () => void;
    const subscribe = (events as T & { subscribe?: Subscribe }).subscribe?.bind(events);
    if (!subscribe) return events;
    return new Proxy(events, {
      get: (t, property, receiver) => {
        if (property !== 'subscribe') return Reflect.get(t, property, receiver);
        return (listener: (event: DomainEvent) => void) =>
          subscribe((event) => {
            if (event.type !== 'case.opened') return listener(event);
            const inv = this.begin('sending-events', '');
            this.detached.push(inv);
            this.als.run(inv, () => listener(event));
          });
      },
    });
  }
}

/** What an invocation did, for the breakdown: the route of an API request, the action of a Sev-1 step. */
function labelOf(fn: LocalFunctionName, args: unknown[]): string {
  const [first] = args;
  const request = first as { method?: unknown; url?: unknown } | undefined;
  if (fn === 'api' && typeof request?.url === 'string' && typeof request.method === 'string') {
    const path = new URL(request.url, 'http://local').pathname
      .split('/')
      .map((part, i, parts) =>
        i >= 3 && parts[i - 1] && ['cases', 'pages', 'users', 'folders'].includes(parts[i - 1] as string)
          ? ':id'
          : i === 2 && parts[1] === 'pages'
            ? ':id'
            : part
      )
      .join('/');
    return `${request.method} ${path}`;
  }
  if (fn === 'sev1-step') return String((first as { action?: string } | undefined)?.action ?? '');
  return '';
}
