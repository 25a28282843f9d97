import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLog } from '../../local/console-log';
import {
  FakeDnsblCatalogue,
  type LoopbackDnsServer,
  startLoopbackDnsServer,
} from '../../local/dns/loopback-dns-server';
import { type LocalCaseflow, startCaseflow } from '../../local/runtime';
import { deliverabilityConfig } from '../support/deliverability';
import { eventually, readOutbox, uniqueTableName } from '../support/harness';
import { staffClients, TEST_ADMIN } from '../support/staff';

/**
 * R-DLV-3 acceptance, as `npm start` runs it: the whole local runtime in this process at
 * CASEFLOW_TIME_SCALE 3000 (the 15-minute blacklist schedule runs every 0.3 s), its resolver
 * pointed at a DNS server on loopback whose answers the test flips. A listing opens one case,
 * the TAM is told once, later cycles change nothing; a delisting closes the loop.
 */
const SCALE = 3000;
const IP = '203.0.113.7';
const SUBJECT = `Blacklist: ${IP} listed on Spamhaus ZEN`;
let dns: LoopbackDnsServer;
let caseflow: LocalCaseflow;
let staff: ReturnType<typeof staffClients>;
let dataDir: string;
const catalogue = new FakeDnsblCatalogue();

beforeAll(async () => {
  catalogue.list(IP, 'spamhaus-zen', {
    a: ['127.0.0.2'],
    txt: ['Listed in SBL: https://check.spamhaus.org/sbl/query/SBL1234'],
  });
  dns = await startLoopbackDnsServer({ handler: catalogue.handler });
  dataDir = await mkdtemp(join(tmpdir(), 'caseflow-dnsbl-e2e-'));
  caseflow = await startCaseflow({
    dataDir,
    smtpPort: 0,
    httpPort: 0,
    timeScale: SCALE,
    config: deliverabilityConfig(),
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: uniqueTableName('dnsbl-e2e'),
    log: silentLog,
    dnsResolver: dns.address,
    admin: TEST_ADMIN,
  });
  staff = staffClients(caseflow.httpUrl);
});

afterAll(async () => {
  await caseflow?.stop();
  await dns?.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

const api = async <T>(path: string): Promise<T> => (await (await staff.api(path)).json()) as T;
type CaseSummary = { id: string; reference: string; subject: string; status: string };
type CaseDetail = CaseSummary & {
  customerId: string;
  deliverability: {
    target: string;
    listings: Record<string, { delistedAt: string | null; delistUrl: string }>;
  };
  timeline: { type: string; summary: string }[];
};
const blacklistCases = async () =>
  (await api<{ cases: CaseSummary[] }>('/api/cases')).cases.filter((c) => c.subject === SUBJECT);
const tamMails = async () =>
  (await readOutbox(caseflow.outboxDir)).filter((m) => m.to.includes('tam.globex@support.example.com'));
/** Waits until `n` more cycles have completed (the report's start time moves on). */
async function cycles(n: number): Promise<void> {
  let seen = 0;
  let last = (await api<{ lastCycle: { startedAt: string } | null }>('/api/deliverability/blacklist'))
    .lastCycle?.startedAt;
  await eventually(
    async () => {
      const now = (await api<{ lastCycle: { startedAt: string } | null }>('/api/deliverability/blacklist'))
        .lastCycle?.startedAt;
      if (now && now !== last) {
        seen++;
        last = now;
      }
      return seen >= n;
    },
    10_000,
    `${n} blacklist cycles`
  );
}

describe('npm start with a resolver on loopback', () => {
  it('a listing opens one deliverability case and tells the TAM once', async () => {
    const [c] = await eventually(
      async () => {
        const found = await blacklistCases();
        return found.length ? found : undefined;
      },
      10_000,
      'the blacklist case'
    );
    const detail = await api<CaseDetail>(`/api/cases/${c!.reference}`);
    expect(detail).toMatchObject({ status: 'OPEN', customerId: 'globex' });
    expect(detail.deliverability.target).toBe(IP);
    expect(detail.deliverability.listings['spamhaus-zen']).toMatchObject({
      delistedAt: null,
      delistUrl: 'https://check.spamhaus.org/',
    });
    expect(detail.timeline.map((t) => t.type)).toEqual(['case.opened', 'dnsbl.listed']);
    const mails = await eventually(
      async () => ((await tamMails()).length ? tamMails() : undefined),
      5000,
      'TAM mail'
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`[${c!.reference}] ${SUBJECT}`);
    expect(mails[0]?.text).toContain('SBL1234');
    expect(mails[0]?.headers['auto-submitted']).toBe('auto-generated');

    const status = await api<{ targets: { target: string; outcome: string }[] }>(
      '/api/deliverability/blacklist'
    );
    expect(status.targets.find((t) => t.target === IP)?.outcome).toBe('listed');
  });

  it('later cycles re-open nothing and send nothing', async () => {
    await cycles(3);
    expect(await blacklistCases()).toHaveLength(1);
    expect(await tamMails()).toHaveLength(1);
  });

  it('a delisting is recorded on the case, resolution is proposed, and the TAM is told', async () => {
    catalogue.clear(IP, 'spamhaus-zen');
    const [c] = await blacklistCases();
    const detail = await eventually(
      async () => {
        const d = await api<CaseDetail>(`/api/cases/${c!.id}`);
        return d.status === 'RESOLVED' ? d : undefined;
      },
      10_000,
      'the case proposed for resolution'
    );
    expect(detail.deliverability.listings['spamhaus-zen']?.delistedAt).toEqual(expect.any(String));
    expect(detail.timeline.map((t) => t.type)).toEqual([
      'case.opened',
      'dnsbl.listed',
      'dnsbl.delisted',
      'dnsbl.resolution-proposed',
    ]);
    const mails = await eventually(
      async () => ((await tamMails()).length === 2 ? tamMails() : undefined),
      5000,
      'delisting mail'
    );
    expect(mails[1]?.subject).toBe(`[${c!.reference}] Delisted: ${IP} no longer on Spamhaus ZEN`);

    await cycles(3);
    expect(await blacklistCases()).toHaveLength(1);
    expect((await api<CaseDetail>(`/api/cases/${c!.id}`)).status).toBe('RESOLVED');
    expect(await tamMails()).toHaveLength(2);
    // Only loopback was ever asked.
    expect(dns.host).toBe('127.0.0.1');
  });
});
