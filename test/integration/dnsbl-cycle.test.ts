import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UdpDnsResolver } from '../../functions/deliverability/adapters/udp-resolver';
import type { DeliverabilityCase } from '../../functions/deliverability/domain/cases';
import { dnsblCaseKey } from '../../functions/deliverability/domain/cases';
import { runBlacklistCycle, targetView } from '../../functions/deliverability/use-cases/blacklist-cycle';
import {
  FakeDnsblCatalogue,
  type LoopbackDnsServer,
  startLoopbackDnsServer,
} from '../../local/dns/loopback-dns-server';
import { deliverabilityConfig, deskDeps } from '../support/deliverability';
import { readOutbox } from '../support/harness';

/**
 * R-DLV-3: whole cycles against the loopback DNS server and DynamoDB Local. Self-test exclusions
 * are reported; listings open one case per account and target; unknown never clears a listing;
 * a delisting proposes resolution; informational listings open nothing; no resolver → unknown.
 */
let server: LoopbackDnsServer;
const catalogue = new FakeDnsblCatalogue();

beforeAll(async () => {
  server = await startLoopbackDnsServer({ handler: catalogue.handler });
});
afterAll(() => server.close());

const resolver = () => new UdpDnsResolver({ server: server.address, timeoutMs: 2000, attempts: 1 });

describe('a blacklist cycle', () => {
  it('opens one case per listing, keeps it through unknown answers, and proposes resolution on delisting', async () => {
    const deps = await deskDeps(deliverabilityConfig(), { dns: resolver() });
    const ip = '203.0.113.7';
    catalogue.list(ip, 'spamhaus-zen', {
      a: ['127.0.0.2'],
      txt: ['https://check.spamhaus.org/sbl/query/SBL999'],
    });
    catalogue.setZone('uribl', { all: { a: ['127.0.0.1'] } });
    try {
      // Cycle 1: listed on ZEN; URIBL refuses us and is set aside.
      const first = await runBlacklistCycle(deps);
      expect(first.excluded.map((e) => e.zoneId)).toEqual(['uribl']);
      expect(first.excluded[0]?.reasons.join(' ')).toMatch(/refused by URIBL/);
      expect(first.newListings).toEqual([
        { target: ip, zoneId: 'spamhaus-zen', accountIds: ['globex-mail'] },
      ]);
      expect(first.skippedTargets).toEqual([
        { target: '10.1.2.3', reason: expect.stringMatching(/private/) },
      ]);
      const caseId = await deps.cases.findCaseIdByKey(dnsblCaseKey('globex-mail', ip));
      expect(caseId).toBeDefined();
      const c = (await deps.cases.getCase(caseId as string)) as DeliverabilityCase;
      expect(c).toMatchObject({ status: 'OPEN', customerId: 'globex', plan: 'ENTERPRISE', team: 'L1' });
      expect(c.deliverability.listings?.['spamhaus-zen']).toMatchObject({
        zoneName: 'Spamhaus ZEN',
        delistUrl: 'https://check.spamhaus.org/',
        codes: [{ value: '127.0.0.2', meaning: expect.stringMatching(/^SBL/) }],
        txt: ['https://check.spamhaus.org/sbl/query/SBL999'],
      });
      let mails = await readOutbox(deps.outboxDir);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.to).toEqual(['tam.globex@support.example.com']);
      expect(mails[0]?.subject).toBe(`[${c.reference}] Blacklist: ${ip} listed on Spamhaus ZEN`);
      expect(mails[0]?.text).toContain('Delisting: https://check.spamhaus.org/');
      expect(mails[0]?.text).toContain('SBL999');
      // The domain is asked of URIBL's zone by nobody: unknown, not clean.
      const domain = targetView((await deps.desk.getTargetStatus('mail.globex.example'))!);
      expect(domain.outcome).toBe('unknown');
      expect(domain.zones.find((z) => z.zoneId === 'uribl')).toMatchObject({
        outcome: 'unknown',
        reason: expect.stringMatching(/self-test failed/),
      });

      // Cycle 2: still listed. Nothing new: no second case, no second mail.
      deps.clock.advance(15 * 60_000);
      const second = await runBlacklistCycle(deps);
      expect(second.newListings).toEqual([]);
      expect(await readOutbox(deps.outboxDir)).toHaveLength(1);

      // Cycle 3: ZEN answers SERVFAIL for the IP. Unknown: the listing stands, nothing closes.
      catalogue.list(ip, 'spamhaus-zen', 'servfail');
      deps.clock.advance(15 * 60_000);
      const third = await runBlacklistCycle(deps);
      expect(third.delistings).toEqual([]);
      const during = targetView((await deps.desk.getTargetStatus(ip))!);
      expect(during.outcome).toBe('listed');
      expect(during.zones.find((z) => z.zoneId === 'spamhaus-zen')).toMatchObject({
        outcome: 'unknown',
        lastDefiniteOutcome: 'listed',
        reason: 'resolver answered SERVFAIL',
      });
      expect((await deps.cases.getCase(caseId as string))?.status).toBe('OPEN');

      // Cycle 4: delisted. Recorded, resolution proposed, TAM told.
      catalogue.clear(ip, 'spamhaus-zen');
      deps.clock.advance(15 * 60_000);
      const fourth = await runBlacklistCycle(deps);
      expect(fourth.delistings).toEqual([
        { target: ip, zoneId: 'spamhaus-zen', accountIds: ['globex-mail'] },
      ]);
      const resolved = (await deps.cases.getCaseDetail(caseId as string))!;
      expect(resolved.case.status).toBe('RESOLVED');
      expect(resolved.timeline.map((t) => t.type)).toEqual([
        'case.opened',
        'dnsbl.listed',
        'dnsbl.delisted',
        'dnsbl.resolution-proposed',
      ]);
      mails = await readOutbox(deps.outboxDir);
      expect(mails).toHaveLength(2);
      expect(mails[1]?.subject).toContain('Delisted: 203.0.113.7 no longer on Spamhaus ZEN');
      expect(mails[1]?.text).toContain('proposed for resolution');

      // Cycle 5: clean again: nothing happens. Cycle 6: listed again on Barracuda: the same case reopens.
      deps.clock.advance(15 * 60_000);
      await runBlacklistCycle(deps);
      expect(await readOutbox(deps.outboxDir)).toHaveLength(2);
      catalogue.list(ip, 'barracuda');
      deps.clock.advance(15 * 60_000);
      await runBlacklistCycle(deps);
      expect(await deps.cases.findCaseIdByKey(dnsblCaseKey('globex-mail', ip))).toBe(caseId);
      expect((await deps.cases.getCase(caseId as string))?.status).toBe('OPEN');
      const events = (await readFile(deps.eventsFile, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)['detail-type']);
      expect(events.filter((e) => e === 'dnsbl.listed')).toHaveLength(2);
      expect(events.filter((e) => e === 'dnsbl.delisted')).toHaveLength(1);
      expect(events.filter((e) => e === 'dnsbl.cycle.completed')).toHaveLength(6);
    } finally {
      catalogue.clear(ip, 'spamhaus-zen');
      catalogue.clear(ip, 'barracuda');
      catalogue.setZone('uribl', 'healthy');
    }
  });

  it('records informational listings (PBL) on the account timeline without a case or a mail', async () => {
    const deps = await deskDeps(deliverabilityConfig(), { dns: resolver() });
    catalogue.list('198.51.100.20', 'spamhaus-zen', { a: ['127.0.0.11'] });
    try {
      const report = await runBlacklistCycle(deps);
      expect(report.newListings).toEqual([
        { target: '198.51.100.20', zoneId: 'spamhaus-zen', accountIds: ['acme-mail'] },
      ]);
      expect(await deps.cases.findCaseIdByKey(dnsblCaseKey('acme-mail', '198.51.100.20'))).toBeUndefined();
      expect(await readOutbox(deps.outboxDir)).toHaveLength(0);
      const timeline = await deps.desk.accountTimeline('acme-mail', 10);
      expect(timeline.map((t) => t.type)).toEqual(['dnsbl.informational']);
    } finally {
      catalogue.clear('198.51.100.20', 'spamhaus-zen');
    }
  });

  it('with no resolver configured, queries nothing and reports every zone unknown', async () => {
    const deps = await deskDeps(deliverabilityConfig());
    const before = server.queries.length;
    const report = await runBlacklistCycle(deps);
    expect(server.queries.length).toBe(before);
    expect(report.resolver).toBeNull();
    expect(report.queries).toBe(0);
    expect(report.outcomes.listed + report.outcomes.clean).toBe(0);
    expect(report.outcomes.unknown).toBeGreaterThan(0);
    expect(report.excluded[0]?.reasons.join(' ')).toMatch(/no DNS resolver configured/);
    const view = targetView((await deps.desk.getTargetStatus('203.0.113.7'))!);
    expect(view.outcome).toBe('unknown');
  });

  it('is bounded in time: queries past the budget are unknown, not clean', async () => {
    const slow = await startLoopbackDnsServer({
      handler: (name, type) => {
        const answer = catalogue.handler(name, type);
        // Test points answer at once; every target query takes 250 ms.
        return /^(2|1)\.0\.0\.127\.|^(test|dbltest|invalid)\.|^2\.0\.0\.0\.0\.0\.f\.7|^1\.0\.0\.0\.0\.0\.f\.7/.test(
          name
        )
          ? answer
          : { delayMs: 250, answer };
      },
    });
    try {
      const config = deliverabilityConfig({
        blacklist: { concurrency: 2, cycleBudgetSeconds: 5, queryTimeoutMs: 1000 },
      });
      let fake = 0;
      const deps = await deskDeps(config, {
        dns: new UdpDnsResolver({ server: slow.address, timeoutMs: 1000, attempts: 1 }),
      });
      // A virtual stopwatch: each call advances 1 s, so the 5 s budget runs out after a few queries.
      deps.elapsedMs = () => (fake += 1000);
      const report = await runBlacklistCycle(deps);
      expect(report.budgetExhausted).toBe(true);
      const view = targetView((await deps.desk.getTargetStatus('203.0.113.10'))!);
      expect(view.zones.some((z) => z.outcome === 'unknown' && /budget/.test(z.reason ?? ''))).toBe(true);
      expect(view.zones.every((z) => z.outcome !== 'clean' || !/budget/.test(z.reason ?? ''))).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe('cycle time against the loopback server', () => {
  it('checks 60 targets × every active zone within a few seconds at concurrency 8', async () => {
    const targets = Array.from({ length: 50 }, (_, i) => `203.0.113.${i + 100}`);
    const domains = Array.from({ length: 10 }, (_, i) => `m${i}.bulk.example`);
    const config = deliverabilityConfig();
    config.accounts = [
      {
        ...config.accounts[0]!,
        id: 'bulk',
        ips: targets,
        domains,
        streams: [],
      },
    ];
    const deps = await deskDeps(config, { dns: resolver() });
    catalogue.list('203.0.113.120', 'barracuda');
    try {
      const started = performance.now();
      const report = await runBlacklistCycle(deps);
      const ms = performance.now() - started;
      const ipZones = catalogue.zones.filter((z) => z.kind === 'ip').length;
      const domainZones = catalogue.zones.filter((z) => z.kind === 'domain').length;
      expect(report.queries).toBe(50 * ipZones + 10 * domainZones + report.zones.length * 2 + 2);
      expect(report.outcomes).toEqual({
        listed: 1,
        clean: report.queries - report.zones.length * 2 - 2 - 1,
        unknown: 0,
      });
      console.log(
        `blacklist cycle: ${report.targets} targets × ${catalogue.zones.length} zones = ${report.queries} queries (incl. self-tests) in ${ms.toFixed(0)} ms (cycle ${report.durationMs} ms, DynamoDB Local writes included)`
      );
      expect(ms).toBeLessThan(15_000);
    } finally {
      catalogue.clear('203.0.113.120', 'barracuda');
    }
  });
});
