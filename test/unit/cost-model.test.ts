import { describe, expect, it } from 'vitest';
import { emptyTally, type Tally } from '../../bench/cost/meter';
import {
  addUsage,
  billedMs,
  chunks,
  emptyUsage,
  GB,
  KB,
  priceUsage,
  SES_INBOUND_CHUNK,
  scaleUsage,
  smsParts,
  topItems,
  total,
  type Usage,
} from '../../bench/cost/model';
import { PRICES } from '../../bench/cost/prices';
import { mixUsage, repeatedRequests } from '../../bench/cost/usage';

/** One of everything, in round numbers: each line's dollars are checked against the table by hand. */
const month: Usage = {
  dynamodb: { readUnits: 2_000_000, writeUnits: 1_000_000 },
  stepFunctions: { transitions: 4_000 },
  lambda: {
    api: { memoryMb: 512, invocations: 1_000, billedMs: 100_000 },
    intake: { memoryMb: 1024, invocations: 10, billedMs: 20_000 },
  },
  ses: { inboundMessages: 1_000, inboundChunks: 1_200, outboundMessages: 2_000, outboundBytes: 2 * GB },
  s3: { put: 1_000, get: 10_000 },
  kms: { requests: 10_000 },
  eventBridge: { events: 1_000_000 },
  apiGateway: { requests: 1_000_000 },
  cloudFront: { requests: 1_000_000, bytesOut: GB },
  waf: { requests: 1_000_000 },
  cloudWatchLogs: { bytes: GB },
  xray: { traces: 1_000_000 },
  sms: { parts: 10 },
};

const tally = (t: Partial<Tally>): Tally => ({ ...emptyTally(), ...t });

describe('cost model: prices', () => {
  it('prices each counted quantity at the eu-central-1 list price of the table', () => {
    const lines = Object.fromEntries(priceUsage(month, PRICES).map((l) => [l.key, l.dollars]));
    expect(lines).toEqual({
      'dynamodb.read': expect.closeTo(0.305, 9),
      'dynamodb.write': expect.closeTo(0.7625, 9),
      'stepFunctions.transitions': expect.closeTo(0.1, 9),
      'lambda.requests': expect.closeTo(0.000202, 9),
      // 100 s at 0.5 GB and 20 s at 1 GB, Arm.
      'lambda.duration.api': expect.closeTo(50 * 0.0000133334, 12),
      'lambda.duration.intake': expect.closeTo(20 * 0.0000133334, 12),
      'ses.inbound': expect.closeTo(0.1, 9),
      'ses.inboundChunks': expect.closeTo(0.108, 9),
      'ses.outbound': expect.closeTo(0.2, 9),
      'ses.outboundData': expect.closeTo(0.24, 9),
      's3.put': expect.closeTo(0.0054, 9),
      's3.get': expect.closeTo(0.0043, 9),
      'kms.requests': expect.closeTo(0.03, 9),
      'eventBridge.events': expect.closeTo(1, 9),
      'apiGateway.requests': expect.closeTo(1.2, 9),
      'cloudFront.requests': expect.closeTo(1.2, 9),
      'cloudFront.dataOut': expect.closeTo(0.085, 9),
      'waf.requests': expect.closeTo(0.6, 9),
      'cloudWatchLogs.ingest': expect.closeTo(0.63, 9),
      'xray.traces': expect.closeTo(5, 9),
      'sms.parts': expect.closeTo(0.4, 9),
    });
    expect(total(priceUsage(month, PRICES))).toBeCloseTo(11.9713, 4);
  });

  it('scales and adds usage line by line, and ranks the most expensive lines first', () => {
    const ten = scaleUsage(month, 10);
    expect(ten.dynamodb.writeUnits).toBe(10_000_000);
    expect(ten.lambda.api).toEqual({ memoryMb: 512, invocations: 10_000, billedMs: 1_000_000 });
    const both = addUsage(month, {
      ...emptyUsage(),
      lambda: { watchdog: { memoryMb: 256, invocations: 1, billedMs: 5 } },
    });
    expect(both.lambda.watchdog?.billedMs).toBe(5);
    expect(both.ses.inboundMessages).toBe(1_000);
    expect(total(priceUsage(ten, PRICES))).toBeCloseTo(10 * total(priceUsage(month, PRICES)), 6);
    expect(topItems(priceUsage(month, PRICES)).map((l) => l.key)).toEqual([
      'xray.traces',
      'apiGateway.requests',
      'cloudFront.requests',
    ]);
  });
});

describe('cost model: billing units', () => {
  it('rounds payloads up to whole chunks (at least one) and Lambda run time up to the millisecond', () => {
    expect(chunks(0, SES_INBOUND_CHUNK)).toBe(1);
    expect(chunks(256 * KB, SES_INBOUND_CHUNK)).toBe(1);
    expect(chunks(256 * KB + 1, SES_INBOUND_CHUNK)).toBe(2);
    expect(billedMs(0.2)).toBe(1);
    expect(billedMs(12.01)).toBe(13);
  });

  it('counts SMS parts: 160 GSM characters in one, 153 a part beyond; 70 and 67 for other text', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('ą'.repeat(70))).toBe(1);
    expect(smsParts('ą'.repeat(135))).toBe(3);
  });
});

describe('cost model: usage of a replay', () => {
  it('adds what only AWS does (the S3 action per mail, chunks) and the last wake-up of waiting clocks', () => {
    const tallies = new Map([
      [
        'intake',
        new Map([['', tally({ invocations: 2, billedMs: 300, writeUnits: 20, s3Get: 2, mails: 1 })]]),
      ],
      [
        'api',
        new Map([
          ['GET /api/cases/:id', tally({ invocations: 4, billedMs: 200, readUnits: 8, responseBytes: 4000 })],
        ]),
      ],
      [
        'case-clock-step',
        new Map([['', tally({ invocations: 2, billedMs: 40, readUnits: 2, writeUnits: 4 })]]),
      ],
      ['watchdog', new Map([['', tally({ invocations: 5, readUnits: 100 })]])],
    ]);
    const u = mixUsage({
      tallies,
      transitions: 10,
      executionsStarted: 2,
      waitingClocks: 3,
      inbound: { messages: 2, bytes: [1000, 300 * KB] },
      outboundBytesPerMail: 5000,
    });
    // The watchdog runs whatever the cases: not per case.
    expect(u.dynamodb.readUnits).toBe(8 + 2 + 3 * 1);
    expect(u.dynamodb.writeUnits).toBe(20 + 4 + 3 * 2);
    expect(u.stepFunctions.transitions).toBe(10 + 3 * 3);
    expect(u.lambda['case-clock-step']).toEqual({ memoryMb: 256, invocations: 5, billedMs: 40 + 3 * 20 });
    expect(u.lambda.intake?.memoryMb).toBe(1024);
    expect(u.lambda.api?.memoryMb).toBe(512);
    expect(u.lambda.watchdog).toBeUndefined();
    expect(u.ses).toEqual({ inboundMessages: 2, inboundChunks: 3, outboundMessages: 1, outboundBytes: 5000 });
    expect(u.s3).toEqual({ put: 2, get: 2 });
    expect(u.apiGateway.requests).toBe(4);
    expect(u.cloudFront).toEqual({ requests: 4, bytesOut: 4000 });
    expect(u.waf.requests).toBe(4);
    expect(u.xray.traces).toBe(4 + 2 + 2);
  });

  it('repeats the average request of a route for modeled polling', () => {
    const route = tally({ invocations: 4, billedMs: 200, readUnits: 8, writeUnits: 4, responseBytes: 400 });
    const u = repeatedRequests(route, 100);
    expect(u.lambda.api).toEqual({ memoryMb: 512, invocations: 100, billedMs: 5000 });
    expect(u.dynamodb).toEqual({ readUnits: 200, writeUnits: 100 });
    expect(u.apiGateway.requests).toBe(100);
    expect(u.cloudFront.bytesOut).toBe(10_000);
  });
});
