import type { Prices } from './prices';

/** What the deployed system would be billed for, as counted (or modeled) for some number of cases. */
export interface Usage {
  dynamodb: { readUnits: number; writeUnits: number };
  stepFunctions: { transitions: number };
  /** Per function: billed duration is the sum of each invocation's run time rounded up to 1 ms. */
  lambda: Record<string, { memoryMb: number; invocations: number; billedMs: number }>;
  ses: { inboundMessages: number; inboundChunks: number; outboundMessages: number; outboundBytes: number };
  s3: { put: number; get: number };
  kms: { requests: number };
  /** Custom events in 64 KB chunks. */
  eventBridge: { events: number };
  /** HTTP API requests in 512 KB increments. */
  apiGateway: { requests: number };
  cloudFront: { requests: number; bytesOut: number };
  waf: { requests: number };
  cloudWatchLogs: { bytes: number };
  xray: { traces: number };
  sms: { parts: number };
}

export interface LineItem {
  /** Stable id, e.g. `dynamodb.write` or `lambda.duration.api`. */
  key: string;
  service: string;
  item: string;
  quantity: number;
  unit: string;
  dollars: number;
}

export const KB = 1024;
export const GB = 1024 ** 3;
/** SES counts incoming mail in chunks of 256 KB. */
export const SES_INBOUND_CHUNK = 256 * KB;
/** EventBridge counts each 64 KB of an entry as one event. */
export const EVENT_CHUNK = 64 * KB;
/** HTTP APIs meter requests in 512 KB increments. */
export const API_REQUEST_CHUNK = 512 * KB;

/** How many billing units a payload of `bytes` takes when each `size` (or part of it) is one unit. */
export const chunks = (bytes: number, size: number): number => Math.max(1, Math.ceil(bytes / size));

/** Lambda bills each invocation's duration rounded up to the millisecond. */
export const billedMs = (ms: number): number => Math.max(1, Math.ceil(ms));

/** SMS parts: 160 GSM characters (153 when split), or 70 UCS-2 characters (67 when split). */
export function smsParts(text: string): number {
  const gsm = /^[\n\r !"#$%&'()*+,\-./0-9:;<=>?@A-Z_a-z£¥èéùìòÇØøÅåÄÖÑÜ§¿äöñüà]*$/.test(text);
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const length = [...text].length;
  return length <= single ? 1 : Math.ceil(length / part);
}

export function emptyUsage(): Usage {
  return {
    dynamodb: { readUnits: 0, writeUnits: 0 },
    stepFunctions: { transitions: 0 },
    lambda: {},
    ses: { inboundMessages: 0, inboundChunks: 0, outboundMessages: 0, outboundBytes: 0 },
    s3: { put: 0, get: 0 },
    kms: { requests: 0 },
    eventBridge: { events: 0 },
    apiGateway: { requests: 0 },
    cloudFront: { requests: 0, bytesOut: 0 },
    waf: { requests: 0 },
    cloudWatchLogs: { bytes: 0 },
    xray: { traces: 0 },
    sms: { parts: 0 },
  };
}

/** Every count of `u` times `factor` (memory sizes stay). */
export function scaleUsage(u: Usage, factor: number): Usage {
  return combine(u, emptyUsage(), (a) => a * factor);
}

export function addUsage(a: Usage, b: Usage): Usage {
  return combine(a, b, (x, y) => x + y);
}

function combine(a: Usage, b: Usage, f: (x: number, y: number) => number): Usage {
  const out = emptyUsage() as unknown as Record<string, Record<string, unknown>>;
  const ra = a as unknown as Record<string, Record<string, number>>;
  const rb = b as unknown as Record<string, Record<string, number>>;
  for (const service of Object.keys(out)) {
    if (service === 'lambda') continue;
    for (const field of Object.keys(out[service] as object))
      (out[service] as Record<string, number>)[field] = f(
        ra[service]?.[field] ?? 0,
        rb[service]?.[field] ?? 0
      );
  }
  const lambda: Usage['lambda'] = {};
  for (const fn of new Set([...Object.keys(a.lambda), ...Object.keys(b.lambda)])) {
    const [x, y] = [a.lambda[fn], b.lambda[fn]];
    lambda[fn] = {
      memoryMb: x?.memoryMb ?? y?.memoryMb ?? 0,
      invocations: f(x?.invocations ?? 0, y?.invocations ?? 0),
      billedMs: f(x?.billedMs ?? 0, y?.billedMs ?? 0),
    };
  }
  out.lambda = lambda;
  return out as unknown as Usage;
}

/** The bill for `u`, one line per billed quantity. */
export function priceUsage(u: Usage, p: Prices): LineItem[] {
  const line = (
    key: string,
    service: string,
    item: string,
    quantity: number,
    unit: string,
    dollars: number
  ): LineItem => ({ key, service, item, quantity, unit, dollars });
  const lambdaRequests = Object.values(u.lambda).reduce((n, f) => n + f.invocations, 0);
  return [
    line(
      'dynamodb.read',
      'DynamoDB',
      'read request units',
      u.dynamodb.readUnits,
      'RRU',
      (u.dynamodb.readUnits / 1e6) * p.dynamodb.readRequestUnitPerMillion
    ),
    line(
      'dynamodb.write',
      'DynamoDB',
      'write request units',
      u.dynamodb.writeUnits,
      'WRU',
      (u.dynamodb.writeUnits / 1e6) * p.dynamodb.writeRequestUnitPerMillion
    ),
    line(
      'stepFunctions.transitions',
      'Step Functions',
      'Standard state transitions',
      u.stepFunctions.transitions,
      'transitions',
      (u.stepFunctions.transitions / 1000) * p.stepFunctions.standardTransitionPerThousand
    ),
    line(
      'lambda.requests',
      'Lambda',
      'invocations',
      lambdaRequests,
      'requests',
      (lambdaRequests / 1e6) * p.lambda.requestPerMillion
    ),
    ...Object.entries(u.lambda)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fn, f]) => {
        const gbSeconds = (f.billedMs / 1000) * (f.memoryMb / 1024);
        return line(
          `lambda.duration.${fn}`,
          'Lambda',
          `${fn} run time (${f.memoryMb} MB, Arm)`,
          gbSeconds,
          'GB-s',
          gbSeconds * p.lambda.armGbSecond
        );
      }),
    line(
      'ses.inbound',
      'SES',
      'inbound messages',
      u.ses.inboundMessages,
      'messages',
      (u.ses.inboundMessages / 1000) * p.ses.inboundMessagePerThousand
    ),
    line(
      'ses.inboundChunks',
      'SES',
      'inbound 256 KB chunks',
      u.ses.inboundChunks,
      'chunks',
      (u.ses.inboundChunks / 1000) * p.ses.inboundChunkPerThousand
    ),
    line(
      'ses.outbound',
      'SES',
      'outbound messages',
      u.ses.outboundMessages,
      'messages',
      (u.ses.outboundMessages / 1000) * p.ses.outboundMessagePerThousand
    ),
    line(
      'ses.outboundData',
      'SES',
      'outbound data',
      u.ses.outboundBytes / GB,
      'GB',
      (u.ses.outboundBytes / GB) * p.ses.outboundGb
    ),
    line('s3.put', 'S3', 'PUT-class requests', u.s3.put, 'requests', (u.s3.put / 1000) * p.s3.putPerThousand),
    line('s3.get', 'S3', 'GET-class requests', u.s3.get, 'requests', (u.s3.get / 1000) * p.s3.getPerThousand),
    line(
      'kms.requests',
      'KMS',
      'GenerateMac / VerifyMac requests',
      u.kms.requests,
      'requests',
      (u.kms.requests / 10_000) * p.kms.requestPerTenThousand
    ),
    line(
      'eventBridge.events',
      'EventBridge',
      'custom events (64 KB chunks)',
      u.eventBridge.events,
      'events',
      (u.eventBridge.events / 1e6) * p.eventBridge.customEventPerMillion
    ),
    line(
      'apiGateway.requests',
      'API Gateway',
      'HTTP API requests',
      u.apiGateway.requests,
      'requests',
      (u.apiGateway.requests / 1e6) * p.apiGateway.httpRequestPerMillion
    ),
    line(
      'cloudFront.requests',
      'CloudFront',
      'HTTPS requests',
      u.cloudFront.requests,
      'requests',
      (u.cloudFront.requests / 10_000) * p.cloudFront.httpsRequestPerTenThousand
    ),
    line(
      'cloudFront.dataOut',
      'CloudFront',
      'data out (responses)',
      u.cloudFront.bytesOut / GB,
      'GB',
      (u.cloudFront.bytesOut / GB) * p.cloudFront.dataOutGb
    ),
    line(
      'waf.requests',
      'WAF',
      'web ACL requests',
      u.waf.requests,
      'requests',
      (u.waf.requests / 1e6) * p.waf.requestPerMillion
    ),
    line(
      'cloudWatchLogs.ingest',
      'CloudWatch Logs',
      'ingestion (estimated)',
      u.cloudWatchLogs.bytes / GB,
      'GB',
      (u.cloudWatchLogs.bytes / GB) * p.cloudWatchLogs.ingestGb
    ),
    line(
      'xray.traces',
      'X-Ray',
      'traces recorded (estimated)',
      u.xray.traces,
      'traces',
      (u.xray.traces / 1e6) * p.xray.tracePerMillion
    ),
    line(
      'sms.parts',
      'SNS / End User Messaging',
      'SMS parts to Poland',
      u.sms.parts,
      'parts',
      u.sms.parts * p.sms.partToPoland
    ),
  ];
}

export const total = (items: LineItem[]): number => items.reduce((n, i) => n + i.dollars, 0);

/** The `n` most expensive lines, most expensive first. */
export const topItems = (items: LineItem[], n = 3): LineItem[] =>
  [...items].sort((a, b) => b.dollars - a.dollars).slice(0, n);
