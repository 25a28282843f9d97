import { FUNCTION_MEMORY_MB } from '../../infra/function-memory';
import { addTally, emptyTally, type Tally } from './meter';
import { chunks, emptyUsage, SES_INBOUND_CHUNK, type Usage } from './model';

/** The functions a case makes work for; the watchdog and the desk's schedules run whatever the cases. */
export const PER_CASE_FUNCTIONS = [
  'intake',
  'api',
  'sev1-step',
  'case-clock-step',
  'sending-events',
] as const;

export const memoryOf = (fn: string): number =>
  fn === 'intake'
    ? FUNCTION_MEMORY_MB.intake
    : fn === 'api'
      ? FUNCTION_MEMORY_MB.api
      : FUNCTION_MEMORY_MB.default;

/**
 * Log bytes nothing local writes, estimated (docs/cost.md): Lambda's START/END/REPORT lines per
 * invocation, the Powertools fields around each application log line, an API access log line
 * (requestId, time, route, status, length, latency), and the Step Functions history events
 * logged at level ALL without payloads (~3–5 events of ~250 bytes per state).
 */
export const LOG_ESTIMATES = {
  lambdaPlatformBytes: 450,
  powertoolsEnvelopeBytes: 300,
  apiAccessLogBytes: 200,
  stateMachineBytesPerTransition: 1000,
};

/** Case-clock steps when a waiting clock finally wakes and ends: Evaluate, Route, Done. */
export const CLOCK_END_TRANSITIONS = 3;

export type Tallies = Map<string, Map<string, Tally>>;

export interface Measured {
  tallies: Tallies;
  /** State transitions during the replay, all machines. */
  transitions: number;
  executionsStarted: number;
  /** Case clocks still waiting when the replay ended: each wakes once more, finds nothing due and ends. */
  waitingClocks: number;
  inbound: { messages: number; bytes: number[] };
  /** Average size of an outbound mail (the outbox's .eml files). */
  outboundBytesPerMail: number;
}

/** Everything one function did, all labels together. */
export const tallyOf = (tallies: Tallies, fn: string, label?: string): Tally =>
  [...(tallies.get(fn) ?? new Map<string, Tally>())]
    .filter(([l]) => label === undefined || l === label)
    .reduce((sum, [, t]) => addTally(sum, t), emptyTally());

/** A tally divided by its invocations: one average invocation. */
export function average(t: Tally): Tally {
  const n = t.invocations || 1;
  const out = emptyTally();
  for (const key of Object.keys(out) as (keyof Tally)[])
    if (key !== 'writeUnitsBy') (out[key] as number) = (t[key] as number) / n;
  for (const [k, v] of Object.entries(t.writeUnitsBy)) out.writeUnitsBy[k] = v / n;
  out.invocations = t.invocations ? 1 : 0;
  return out;
}

/** Adds what function `fn` did (per its tally) to `u`. */
function addFunction(u: Usage, fn: string, t: Tally): void {
  if (!t.invocations && !t.dynamoRequests) return;
  const f = u.lambda[fn] ?? { memoryMb: memoryOf(fn), invocations: 0, billedMs: 0 };
  f.invocations += t.invocations;
  f.billedMs += t.billedMs;
  u.lambda[fn] = f;
  u.dynamodb.readUnits += t.readUnits;
  u.dynamodb.writeUnits += t.writeUnits;
  u.s3.put += t.s3Put;
  u.s3.get += t.s3Get;
  u.kms.requests += t.kmsRequests;
  u.ses.outboundMessages += t.mails;
  u.sms.parts += t.smsParts;
  u.eventBridge.events += t.events;
  u.cloudWatchLogs.bytes +=
    t.invocations * LOG_ESTIMATES.lambdaPlatformBytes +
    t.logLines * LOG_ESTIMATES.powertoolsEnvelopeBytes +
    t.logBytes;
  if (fn === 'api') {
    // Every request comes through CloudFront and its web ACL to the HTTP API (infra/constructs/public-edge.ts).
    u.apiGateway.requests += t.invocations;
    u.cloudFront.requests += t.invocations;
    u.cloudFront.bytesOut += t.responseBytes;
    u.waf.requests += t.invocations;
    u.cloudWatchLogs.bytes += t.invocations * LOG_ESTIMATES.apiAccessLogBytes;
  }
  // At the low rates of a support desk the default sampling rule (1 a second, then 5 %) records
  // nearly every request: an upper bound. Step Functions tasks join their execution's trace.
  if (fn === 'api' || fn === 'intake' || fn === 'sending-events') u.xray.traces += t.invocations;
}

/** What the replayed cases used, as measured, plus the last wake-up of clocks still waiting. */
export function mixUsage(m: Measured): Usage {
  const u = emptyUsage();
  for (const fn of PER_CASE_FUNCTIONS) addFunction(u, fn, tallyOf(m.tallies, fn));
  const clockStep = average(tallyOf(m.tallies, 'case-clock-step'));
  for (let i = 0; i < m.waitingClocks; i++)
    addFunction(u, 'case-clock-step', { ...clockStep, invocations: 1 });
  const transitions = m.transitions + m.waitingClocks * CLOCK_END_TRANSITIONS;
  u.stepFunctions.transitions = transitions;
  u.cloudWatchLogs.bytes += transitions * LOG_ESTIMATES.stateMachineBytesPerTransition;
  u.xray.traces += m.executionsStarted;
  u.ses.inboundMessages = m.inbound.messages;
  u.ses.inboundChunks = m.inbound.bytes.reduce((n, b) => n + chunks(b, SES_INBOUND_CHUNK), 0);
  u.ses.outboundBytes = u.ses.outboundMessages * m.outboundBytesPerMail;
  // The SES receipt rule's S3 action stores every accepted mail: one PUT each.
  u.s3.put += m.inbound.messages;
  return u;
}

/** `count` more requests like the average one of an API route (modeled console polling). */
export function repeatedRequests(route: Tally, count: number): Usage {
  const u = emptyUsage();
  const one = average(route);
  const scaled = emptyTally();
  for (const key of Object.keys(scaled) as (keyof Tally)[])
    if (key !== 'writeUnitsBy') (scaled[key] as number) = (one[key] as number) * count;
  addFunction(u, 'api', scaled);
  return u;
}
