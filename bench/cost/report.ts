import type { LineItem } from './model';

/** What would shrink each line, should it be among the biggest (docs/cost.md discusses them). */
export const ADVICE: Record<string, string> = {
  'dynamodb.read':
    'read less per request: the case detail reads the case, its messages and its timeline on every poll; answer "unchanged" from a version attribute (one small read) or cache it for the few seconds between polls',
  'dynamodb.write':
    'write less per step: presence heartbeats rewrite an item every 1.5 s per open case (write only when the viewers change, keep the rest in memory or a TTL item refreshed less often); each index key that changes is one more write',
  'stepFunctions.transitions':
    'fewer states per wake-up: let the step answer what to do next instead of Choice/Pass states around it, and wake a clock only at instants something can happen',
  'lambda.requests': 'fewer invocations: console polls and workflow steps are most of them',
  'api-duration':
    'less work per API request (token verification and the staff lookup happen on every poll: cache the verified staff member per token for its lifetime) and fewer polls; memory could go down only after timing it on AWS',
  'lambda-duration': 'less work per invocation; memory could go down only after timing it on AWS',
  'ses.inbound':
    'SES bills every accepted mail: only mail refused during the SMTP conversation (receipt IP filters, recipients limited to support addresses) is free; customer mail itself is the floor of this mix',
  'ses.inboundChunks':
    'every accepted mail is at least one 256 KB chunk, so this follows the mail count; only large attachments add chunks',
  'ses.outbound':
    'a price per mail sent: the acknowledgement (required) and each reply, page and notice; fewer notices per case is the only lever',
  'ses.outboundData': 'smaller mails: no quoted history, no repeated attachments',
  's3.put': 'one PUT per accepted mail (the receipt rule stores it) and one per attachment',
  's3.get': 'intake reads each raw mail once',
  'kms.requests': 'each page link costs a GenerateMac, each open or press of it a VerifyMac',
  'eventBridge.events': 'fewer domain events per case, or several facts in one event',
  'apiGateway.requests':
    'poll less: the console asks for the open case every 2 s and sends presence every 1.5 s (console/src/screens/CaseScreen.tsx, console/src/lib/presence.ts); longer intervals, no polling in a hidden tab, or pushing changes (AppSync Events, API Gateway WebSocket) remove most requests — and with each one a CloudFront, WAF, Lambda and X-Ray charge',
  'cloudFront.requests':
    'the same requests as API Gateway: poll less (every avoided poll saves it at CloudFront, WAF, API Gateway, Lambda and X-Ray)',
  'cloudFront.dataOut':
    'each poll of a case sends the whole case again: answer 304 Not Modified for an unchanged case (ETag from its version) and compress JSON (the /api/* behaviour disables caching and with it compression)',
  'waf.requests': 'the same requests as API Gateway: poll less',
  'cloudWatchLogs.ingest':
    'log less: the state machines log every state at level ALL (ERROR would keep failures only), and every poll writes an access log line and Lambda platform lines',
  'xray.traces':
    "Lambda's active tracing records the first request each second and 5 % after, per function, and takes no sampling rule: at a desk's rate nearly every console poll is a trace; PassThrough (or no) tracing on the api function, keeping it on the mail and workflow functions, removes most of them",
  'sms.parts': 'SMS only for pages (not for notices), short texts in GSM characters (one part)',
};

export function adviceFor(key: string): string {
  if (key === 'lambda.duration.api') return ADVICE['api-duration'] as string;
  if (key.startsWith('lambda.duration.')) return ADVICE['lambda-duration'] as string;
  return ADVICE[key] ?? '';
}

export const usd = (n: number): string =>
  n === 0 ? '$0' : n < 0.0001 ? `$${n.toExponential(1)}` : `$${n.toFixed(n < 0.01 ? 5 : 4)}`;

export const count = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', {
    maximumFractionDigits: n !== 0 && Math.abs(n) < 10 ? Math.max(digits, 3) : digits,
  });

/** The breakdown: each billed line per 1,000 cases, from the replay and from modeled polling. */
export function breakdownTable(replay: LineItem[], polling: Map<string, LineItem>): string {
  const rows = replay.map((r) => {
    const p = polling.get(r.key);
    return {
      what: `${r.service} ${r.item}`,
      quantity: `${count(r.quantity + (p?.quantity ?? 0), 1)} ${r.unit}`,
      replay: r.dollars,
      polling: p?.dollars ?? 0,
      total: r.dollars + (p?.dollars ?? 0),
    };
  });
  const width = Math.max(...rows.map((r) => r.what.length));
  const qWidth = Math.max(...rows.map((r) => r.quantity.length));
  const head = `  ${'per 1,000 cases'.padEnd(width)}  ${'quantity'.padStart(qWidth)}  ${'replay'.padStart(10)}  ${'polling'.padStart(10)}  ${'total'.padStart(10)}`;
  const lines = rows
    .filter((r) => r.total > 0)
    .map(
      (r) =>
        `  ${r.what.padEnd(width)}  ${r.quantity.padStart(qWidth)}  ${usd(r.replay).padStart(10)}  ${usd(r.polling).padStart(10)}  ${usd(r.total).padStart(10)}`
    );
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  const foot = `  ${'total'.padEnd(width)}  ${''.padStart(qWidth)}  ${usd(sum((r) => r.replay)).padStart(10)}  ${usd(sum((r) => r.polling)).padStart(10)}  ${usd(sum((r) => r.total)).padStart(10)}`;
  return [head, ...lines, foot].join('\n');
}
