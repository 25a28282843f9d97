import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import type { DomainEvent } from '../../functions/domain/events';
import {
  type AggregateItem,
  DIMENSIONS,
  MONTH_SUM_DIMENSIONS,
} from '../../functions/domain/reports/aggregate';
import { daysBetween } from '../../functions/domain/reports/report-day';
import { type AggregatorDeps, aggregateEvent } from '../../functions/use-cases/reports/aggregate-event';
import { rebuildReports } from '../../functions/use-cases/reports/rebuild-reports';
import { silentLog } from '../../local/console-log';
import { freshTable, testConfig } from '../support/harness';
import { ReportCases } from '../support/report-cases';

const AGENTS = ['ala@support.example.com', 'bob@support.example.com', 'cem@support.example.com'];
const START = Date.parse('2026-10-20T06:00:00Z');
/** 2,000 by default; REPORT_EVENTS=200 for a quick look while changing the aggregator. */
const EVENTS = Number(process.env.REPORT_EVENTS ?? 2000);
/** Concurrent lanes of steps (see below). */
const LANES = 8;
const DAYS = daysBetween('2026-10-01', '2026-12-31');

type Step =
  | { kind: 'open'; customer: number; sev1: boolean; ackAfter: number }
  | {
      kind: 'message' | 'read' | 'reply' | 'resolve' | 'callback' | 'redeliver';
      pick: number;
      agent: number;
      waiting: boolean;
      work: number;
    };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      customer: fc.nat(3),
      sev1: fc.boolean(),
      ackAfter: fc.integer({ min: 0, max: 20 }),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom('message', 'read', 'reply', 'resolve', 'callback', 'redeliver'),
      pick: fc.nat(),
      agent: fc.nat(AGENTS.length - 1),
      waiting: fc.boolean(),
      work: fc.constantFrom(0, 0, 15, 30),
    }),
  }
);

/** Every aggregate item of the range, as the report reads them, in a stable order. */
async function snapshot(deps: AggregatorDeps): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const dim of DIMENSIONS) {
    const items: AggregateItem[] = await deps.reports.dayItems(dim, DAYS);
    for (const i of items) out[`${dim}|${i.value}|${i.period}`] = i.counters;
  }
  for (const dim of MONTH_SUM_DIMENSIONS)
    for (const month of ['2026-10', '2026-11', '2026-12'])
      for (const i of await deps.reports.monthItems(dim, month))
        out[`sum|${dim}|${i.value}|${month}`] = i.counters;
  for (const dim of ['all', 'team', 'severity'] as const)
    for (const month of ['2026-11', '2026-12', '2027-01'])
      out[`backlog|${dim}|${month}`] = Object.fromEntries(await deps.reports.backlogBefore(dim, month));
  return out;
}

describe('report aggregates', () => {
  it('equal a full rebuild from the records after 2,000 random events, redeliveries included', {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: EVENTS, maxLength: EVENTS }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: EVENTS, maxLength: EVENTS }),
        async (steps, gaps) => {
          const { client, tableName } = await freshTable();
          const config = testConfig();
          const customers: (string | null)[] = ['acme', 'globex', null, 'acme'];
          // SAAS-SLA: the one preset with resolution targets, so the resolution counters are exercised.
          const plans = ['STANDARD', 'ENTERPRISE', 'SAAS-SLA', 'STANDARD'];
          const stores = dynamoStores(client, tableName);
          const times: number[] = [];
          for (const [i] of steps.entries()) times.push((times[i - 1] ?? START) + (gaps[i] ?? 1) * 60_000);
          const deps: AggregatorDeps = {
            ...dynamoStores(client, tableName),
            config,
            // The rebuild runs after the last step.
            clock: { now: () => new Date(times[times.length - 1] ?? START) },
            log: silentLog,
          };
          const cases = new ReportCases(stores);
          const acted = (caseId: string, actor: string, action: string, at: string): DomainEvent => ({
            type: 'staff.acted',
            auditId: `${action}-${at}`,
            actor,
            action,
            caseId,
            target: caseId,
            source: 'console',
            outcome: 'ok',
            at,
          });
          const delivered: DomainEvent[] = [];
          // Each step happens at its own minute of one timeline; the steps are dealt to LANES lanes
          // (each with its own cases) that run at once, as concurrent aggregator invocations do on
          // AWS: their counts meet on the same day items, and the run takes a fraction of the time.
          await Promise.all(
            Array.from({ length: LANES }, async (_, lane) => {
              const open: string[] = [];
              const sev1 = new Set<string>();
              const calledBack = new Set<string>();
              let laneNow = START;
              const own: AggregatorDeps = { ...deps, clock: { now: () => new Date(laneNow) } };
              const deliverHere = async (event: DomainEvent) => {
                delivered.push(event);
                await aggregateEvent(own, event);
              };
              for (let i = lane; i < steps.length; i += LANES) {
                const s = steps[i] as Step;
                laneNow = times[i] as number;
                const at = new Date(laneNow).toISOString();
                await runStep(s, i, at);
              }

              async function runStep(s: Step, i: number, at: string) {
                if (s.kind === 'open' || (open.length === 0 && s.kind !== 'redeliver')) {
                  const o = s.kind === 'open' ? s : { customer: i % 4, sev1: false, ackAfter: 1 };
                  const id = await cases.open({
                    at,
                    customerId: customers[o.customer] ?? null,
                    plan: plans[o.customer] ?? 'STANDARD',
                    severity: o.sev1 ? 'SEV1' : 'NON_CRITICAL',
                    ackAfterMinutes: o.ackAfter,
                  });
                  open.push(id);
                  if (o.sev1) sev1.add(id);
                  await deliverHere({
                    type: 'case.opened',
                    caseId: id,
                    reference: id,
                    severity: o.sev1 ? 'SEV1' : 'NON_CRITICAL',
                    team: 'L1',
                    plan: null,
                    customerId: null,
                    contactStatus: 'DESIGNATED',
                    quotesBounceCodes: false,
                    at,
                  });
                  return;
                }
                if (s.kind === 'redeliver') {
                  // EventBridge delivers at least once: the same event again must count nothing.
                  const again = delivered[s.pick % Math.max(1, delivered.length)];
                  if (again) await aggregateEvent(own, again);
                  return;
                }
                const caseId = open[s.pick % open.length] as string;
                const agent = AGENTS[s.agent] as string;
                if (s.kind === 'message') await cases.customerMessage(caseId, at);
                else if (s.kind === 'read') {
                  await cases.read(caseId, agent, at);
                  await deliverHere(acted(caseId, agent, 'case.read', at));
                } else if (s.kind === 'reply') {
                  await cases.reply(caseId, agent, at, { waiting: s.waiting, workMinutes: s.work });
                  await deliverHere(acted(caseId, agent, 'case.reply', at));
                } else if (s.kind === 'callback') {
                  if (!sev1.has(caseId) || calledBack.has(caseId)) return;
                  calledBack.add(caseId);
                  await cases.calledBack(caseId, agent, at, 30);
                  await deliverHere({ type: 'callback.completed', caseId, by: agent, at });
                } else {
                  await cases.resolve(caseId, agent, at);
                  open.splice(open.indexOf(caseId), 1);
                  await deliverHere(acted(caseId, agent, 'case.resolve', at));
                }
              }
            })
          );
          const incremental = await snapshot(deps);
          // The aggregates counted something of every kind, or the comparison below proves little.
          const all = Object.entries(incremental)
            .filter(([k]) => k.startsWith('all|all|'))
            .map(([, v]) => v as Record<string, number>);
          for (const counter of [
            'opened',
            'resolved',
            'replies',
            'read',
            'paused',
            't_acknowledgement_met',
            't_firstResponse_met',
            't_resolution_met',
          ])
            expect(
              all.some((c) => (c[counter] ?? 0) > 0),
              counter
            ).toBe(true);

          const result = await rebuildReports(deps, '2026-10-01', '2026-12-31');
          expect(result.cases).toBeGreaterThan(100);
          expect(await snapshot(deps)).toEqual(incremental);
        }
      ),
      // One run is 2,000 events against DynamoDB Local. No shrinking: each shrink step replays a whole
      // run, so a failure would take hours to shrink (which looked like a hang); the seed and the
      // failing steps are printed, and fc.assert's `seed`/`path` replay them.
      { numRuns: 1, endOnFailure: true }
    );
  });
});
