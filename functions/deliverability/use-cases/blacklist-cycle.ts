import pLimit from 'p-limit';
import type { TimelineEntry } from '../../domain/case';
import { type DeliverabilityCase, dnsblCaseKey, standingListings } from '../domain/cases';
import {
  classifyAnswer,
  type DnsAnswer,
  judgeSelfTest,
  nextZoneStatus,
  overallOutcome,
  selfTestNames,
  type Verdict,
  type ZoneStatus,
} from '../domain/dnsbl';
import { dnsblQueryName, isPublicIp, parseTarget, type Target } from '../domain/net';
import type { Account } from '../domain/settings';
import { activeZones, ZONE_CATALOGUE_VERSION, type ZoneDefinition } from '../domain/zones';
import type { CycleReport, TargetStatus, ZoneSelfTest } from '../ports';
import { effectiveAccounts } from './accounts';
import { openOrUpdateCase, proposeResolution, tellTam } from './deliverability-case';
import type { DeliverabilityDeps } from './deps';

interface ZoneHealth {
  zone: ZoneDefinition;
  test: ZoneSelfTest;
}

interface Finding {
  target: Target;
  accountIds: string[];
  zone: ZoneDefinition;
  verdict: Verdict;
  txt?: string[];
  /** Set once compared with the stored state. */
  status: ZoneStatus;
  transition: 'listed' | 'delisted' | 'none';
}

const realClock = () => {
  const start = performance.now();
  return () => performance.now() - start;
};

/**
 * One blacklist monitoring cycle (R-DLV-3).
 *
 * Primary course:
 * 1. Collect the targets: every sending IP (IPv4, IPv6) and domain of every account; private and
 *    reserved addresses are skipped and reported.
 * 2. Self-test every active zone of the versioned catalogue with its RFC 5782 test points; a zone
 *    that fails is set aside for this cycle and reported (its answers would not be trusted).
 * 3. Ask each usable zone about each target it covers, at most `concurrency` queries at once and
 *    within `cycleBudgetSeconds`; classify every answer as listed / clean / unknown.
 * 4. Compare with the stored state: a new listing with an action code opens (or updates) the
 *    account's deliverability case for the target and tells the TAM; a delisting is recorded and,
 *    once nothing is listed any more, the case is proposed for resolution. An unknown answer
 *    changes nothing: it never clears a listing and is never shown as clean.
 * 5. Store each target's state and the cycle report; publish the events.
 */
export async function runBlacklistCycle(deps: DeliverabilityDeps): Promise<CycleReport> {
  const settings = deps.config.deliverability.blacklist;
  const elapsed = deps.elapsedMs ?? realClock();
  const t0 = elapsed();
  const startedAt = deps.clock.now().toISOString();
  const slot = pLimit(settings.concurrency);
  const budgetMs = settings.cycleBudgetSeconds * 1000;
  const overBudget = () => elapsed() - t0 > budgetMs;
  let queries = 0;
  let budgetExhausted = false;
  const ask = (name: string): Promise<DnsAnswer> =>
    slot(async () => {
      // No resolver: nothing is asked, every verdict is "unknown: no DNS resolver configured".
      if (deps.dns.description === null) return { status: 'unconfigured' } as DnsAnswer;
      if (overBudget()) {
        budgetExhausted = true;
        return { status: 'timeout' } as DnsAnswer;
      }
      queries++;
      return deps.dns.lookupA(name);
    });

  // 1. targets
  const accounts = await effectiveAccounts(deps);
  const targets = new Map<string, { target: Target; accountIds: string[] }>();
  const skippedTargets: CycleReport['skippedTargets'] = [];
  for (const account of accounts) {
    for (const text of [...account.ips, ...account.domains]) {
      const target = parseTarget(text);
      if (!target) continue;
      if (
        target.kind !== 'domain' &&
        !isPublicIp(target.value, { allowDocumentation: settings.checkDocumentationRanges })
      ) {
        if (!skippedTargets.some((s) => s.target === target.value))
          skippedTargets.push({
            target: target.value,
            reason: 'private, loopback or reserved address: not checked on public lists',
          });
        continue;
      }
      const entry = targets.get(target.value) ?? { target, accountIds: [] };
      if (!entry.accountIds.includes(account.id)) entry.accountIds.push(account.id);
      targets.set(target.value, entry);
    }
  }

  // 2. self-test
  const zones = activeZones({
    enabled: settings.zones.enabled,
    disabled: settings.zones.disabled,
    extra: settings.zones.extra,
    spamhausDqsKey: settings.spamhausDqsKey,
  });
  const health: ZoneHealth[] = await Promise.all(
    zones.map(async (zone) => {
      const names = selfTestNames(zone, (point) => {
        const t = parseTarget(point);
        return t ? dnsblQueryName(t, zone.zone) : `${point}.${zone.zone}`;
      });
      const probes = await Promise.all(names.map(async (n) => ({ ...n, answer: await ask(n.name) })));
      const main = judgeSelfTest(
        zone,
        probes.filter((p) => p.family !== 'ipv6')
      );
      const v6 = probes.some((p) => p.family === 'ipv6')
        ? judgeSelfTest(
            zone,
            probes.filter((p) => p.family === 'ipv6')
          )
        : null;
      return {
        zone,
        test: {
          zoneId: zone.id,
          zone: zone.zone,
          name: zone.name,
          passed: main.passed,
          ipv6Passed: v6 ? v6.passed : null,
          reasons: [...main.reasons, ...(v6 && !v6.passed ? v6.reasons.map((r) => `IPv6: ${r}`) : [])],
        },
      };
    })
  );
  const excluded = health
    .filter((h) => !h.test.passed || h.test.ipv6Passed === false)
    .map((h) => ({
      zoneId: h.zone.id,
      reasons: h.test.passed ? ['IPv6 queries set aside', ...h.test.reasons] : h.test.reasons,
    }));
  if (excluded.length && deps.dns.description !== null)
    deps.log.warn('blacklist zones failed their self-test and are set aside', {
      zones: excluded.map((e) => e.zoneId).join(','),
    });

  // 3. queries
  const findings: Finding[] = [];
  const now = () => deps.clock.now().toISOString();
  await Promise.all(
    [...targets.values()].flatMap(({ target, accountIds }) =>
      health
        .filter(({ zone }) => (zone.kind === 'domain') === (target.kind === 'domain'))
        .filter(({ zone }) => target.kind !== 'ipv6' || zone.ipv6)
        .map(async ({ zone, test }) => {
          let verdict: Verdict;
          let txt: string[] | undefined;
          const usable = test.passed && (target.kind !== 'ipv6' || test.ipv6Passed !== false);
          if (!usable) {
            verdict = {
              outcome: 'unknown',
              reason: `zone set aside: self-test failed (${test.reasons.join('; ')})`,
            };
          } else {
            const name = dnsblQueryName(target, zone.zone);
            const answer = await ask(name);
            verdict =
              answer.status === 'timeout' && overBudget()
                ? {
                    outcome: 'unknown',
                    reason: `cycle time budget of ${settings.cycleBudgetSeconds} s exhausted`,
                  }
                : classifyAnswer(zone, answer);
            if (verdict.outcome === 'listed') txt = await slot(() => deps.dns.lookupTxt(name));
          }
          findings.push({
            target,
            accountIds,
            zone,
            verdict,
            txt,
            status: undefined as unknown as ZoneStatus,
            transition: 'none',
          });
        })
    )
  );

  // 4. compare with the stored state, per target
  const at = now();
  const byTarget = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byTarget.get(f.target.value) ?? [];
    list.push(f);
    byTarget.set(f.target.value, list);
  }
  const outcomes = { listed: 0, clean: 0, unknown: 0 };
  const newListings: CycleReport['newListings'] = [];
  const delistings: CycleReport['delistings'] = [];
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  for (const [value, list] of byTarget) {
    const previous = await deps.desk.getTargetStatus(value);
    const zonesState: Record<string, ZoneStatus> = {};
    for (const f of list) {
      const next = nextZoneStatus(previous?.zones[f.zone.id], f.zone, f.verdict, at, f.txt);
      f.status = next.status;
      f.transition = next.transition;
      zonesState[f.zone.id] = next.status;
      outcomes[f.verdict.outcome]++;
    }
    const status: TargetStatus = {
      target: value,
      kind: list[0]?.target.kind ?? 'domain',
      accountIds: list[0]?.accountIds ?? [],
      zones: zonesState,
      lastCycleAt: at,
      catalogueVersion: ZONE_CATALOGUE_VERSION,
    };
    // The findings are acted on before the state is stored: if acting fails, the next cycle sees
    // the same transition again and finishes it (cases are keyed, so nothing opens twice).
    for (const accountId of status.accountIds) {
      const account = accountById.get(accountId);
      if (!account) continue;
      await actOnTarget(deps, account, value, list);
    }
    await deps.desk.putTargetStatus(status);
    for (const f of list) {
      if (f.transition === 'listed')
        newListings.push({ target: value, zoneId: f.zone.id, accountIds: f.accountIds });
      if (f.transition === 'delisted')
        delistings.push({ target: value, zoneId: f.zone.id, accountIds: f.accountIds });
      if (f.transition !== 'none') {
        await deps.events.publish({
          type: f.transition === 'listed' ? 'dnsbl.listed' : 'dnsbl.delisted',
          target: value,
          zone: f.zone.zone,
          zoneId: f.zone.id,
          accountIds: f.accountIds,
          codes: f.status.codes?.map((c) => c.value) ?? [],
          impact: f.status.impact ?? null,
          at,
        });
      }
    }
  }

  // 5. the report
  const report: CycleReport = {
    startedAt,
    finishedAt: now(),
    durationMs: Math.round(elapsed() - t0),
    catalogueVersion: ZONE_CATALOGUE_VERSION,
    resolver: deps.dns.description,
    zones: health.map((h) => h.test),
    excluded,
    targets: targets.size,
    queries,
    outcomes,
    budgetExhausted,
    newListings,
    delistings,
    skippedTargets,
  };
  await deps.desk.putCycleReport(report);
  await deps.events.publish({
    type: 'dnsbl.cycle.completed',
    targets: report.targets,
    queries: report.queries,
    listed: outcomes.listed,
    clean: outcomes.clean,
    unknown: outcomes.unknown,
    excludedZones: excluded.map((e) => e.zoneId),
    durationMs: report.durationMs,
    at: report.finishedAt,
  });
  deps.log.info('blacklist cycle done', {
    targets: report.targets,
    queries,
    ...outcomes,
    excluded: excluded.length,
    durationMs: report.durationMs,
  });
  return report;
}

/** Opens, updates or proposes to resolve the account's case for one target after a cycle. */
async function actOnTarget(
  deps: DeliverabilityDeps,
  account: Account,
  target: string,
  findings: Finding[]
): Promise<void> {
  const listed = findings.filter((f) => f.transition === 'listed');
  const delisted = findings.filter((f) => f.transition === 'delisted');
  if (!listed.length && !delisted.length) return;
  const at = deps.clock.now().toISOString();
  const key = dnsblCaseKey(account.id, target);
  const tam = {
    name: account.tam.name,
    email: account.tam.email,
    phone: account.tam.phone ?? null,
    hours: account.tam.hours,
  };

  // Informational listings (PBL, UCEPROTECT L2/L3 on ESP IPs) go on the account timeline only.
  const info = listed.filter((f) => f.status.impact === 'informational');
  if (info.length) {
    await deps.desk.appendAccountTimeline(
      account.id,
      info.map((f) => ({
        at,
        type: 'dnsbl.informational' as const,
        summary: `${target} listed on ${f.zone.name} (informational: ${f.status.codes?.map((c) => c.meaning).join('; ')})`,
        actor: 'caseflow',
        data: { target, zone: f.zone.zone },
      }))
    );
  }

  const action = listed.filter((f) => f.status.impact === 'action');
  for (const f of action) {
    const codes = f.status.codes ?? [];
    const listing = {
      zone: f.zone.zone,
      zoneName: f.zone.name,
      codes,
      delistUrl: f.zone.delistUrl,
      txt: f.status.txt,
      listedAt: at,
      delistedAt: null,
    };
    const entry: TimelineEntry = {
      at,
      type: 'dnsbl.listed',
      summary: `${target} listed on ${f.zone.name} (${f.zone.zone}): ${codes.map((c) => `${c.value} ${c.meaning}`).join('; ')}; delisting: ${f.zone.delistUrl}`,
      actor: 'caseflow',
      data: { target, zone: f.zone.zone, zoneId: f.zone.id, delistUrl: f.zone.delistUrl },
    };
    const outcome = await openOrUpdateCase(deps, {
      key,
      account,
      subject: `Blacklist: ${target} listed on ${f.zone.name}`,
      initial: {
        kind: 'dnsbl',
        key,
        accountId: account.id,
        accountName: account.name,
        tam,
        target,
        listings: { [f.zone.id]: listing },
        resolutionProposedAt: null,
      },
      update: (i) => ({ ...i, listings: { ...(i.listings ?? {}), [f.zone.id]: listing } }),
      entries: [entry],
      reasons: [`opened by blacklist monitoring: ${target} listed on ${f.zone.name}`],
    });
    await deps.desk.appendAccountTimeline(account.id, [
      {
        at,
        type: 'dnsbl.listed',
        summary: `${entry.summary} (case ${outcome.reference})`,
        actor: 'caseflow',
        data: { target, zone: f.zone.zone },
      },
    ]);
    await tellTam(deps, account, {
      reference: outcome.reference,
      subject: `Blacklist: ${target} listed on ${f.zone.name}`,
      lines: [
        `${target} (account ${account.name}) is listed on ${f.zone.name} (${f.zone.zone}).`,
        ...codes.map((c) => `Code ${c.value}: ${c.meaning}`),
        ...(f.status.txt?.length ? [`The list says: ${f.status.txt.join(' ')}`] : []),
        `Delisting: ${f.zone.delistUrl}`,
        '',
        outcome.outcome === 'created'
          ? 'A deliverability case was opened.'
          : `The open deliverability case was ${outcome.outcome === 'reopened' ? 'reopened' : 'updated'}.`,
        'Find and fix the cause first, then request delisting through the link above. caseflow keeps',
        'checking on its schedule and records the delisting on the case when the list drops the entry.',
      ],
    });
  }

  if (delisted.length) {
    const caseId = await deps.cases.findCaseIdByKey(key);
    const c = caseId
      ? ((await deps.cases.getCase(caseId)) as Partial<DeliverabilityCase> | undefined)
      : undefined;
    const entries: TimelineEntry[] = delisted.map((f) => ({
      at,
      type: 'dnsbl.delisted',
      summary: `${target} no longer listed on ${f.zone.name} (${f.zone.zone})`,
      actor: 'caseflow',
      data: { target, zone: f.zone.zone, zoneId: f.zone.id },
    }));
    await deps.desk.appendAccountTimeline(
      account.id,
      entries.map((e) => ({
        at,
        type: 'dnsbl.delisted' as const,
        summary: e.summary,
        actor: 'caseflow',
        data: e.data,
      }))
    );
    if (!c?.id || !c.reference || !c.deliverability || c.status === 'CLOSED') return;
    const listings = { ...(c.deliverability.listings ?? {}) };
    for (const f of delisted) {
      const l = listings[f.zone.id];
      if (l && l.delistedAt === null) listings[f.zone.id] = { ...l, delistedAt: at };
    }
    const info = { ...c.deliverability, listings };
    const remaining = standingListings(info);
    if (remaining.length === 0 && c.status !== 'RESOLVED') {
      await proposeResolution(deps, c.id, info, [
        ...entries,
        {
          at,
          type: 'dnsbl.resolution-proposed',
          summary: `${target} is on no list any more: resolution proposed (close the case once the customer agrees)`,
          actor: 'caseflow',
        },
      ]);
    } else {
      await deps.cases.updateCaseFields(c.id, { deliverability: info }, entries);
    }
    await tellTam(deps, account, {
      reference: c.reference,
      subject: `Delisted: ${target} no longer on ${delisted.map((f) => f.zone.name).join(', ')}`,
      lines: [
        ...delisted.map(
          (f) => `${target} is no longer listed on ${f.zone.name} (${f.zone.zone}), checked ${at}.`
        ),
        '',
        remaining.length === 0
          ? `No listing remains for ${target}: the case is proposed for resolution (status RESOLVED). Close it once the customer agrees.`
          : `Still listed on: ${remaining.map(([, l]) => l.zoneName).join(', ')}.`,
      ],
    });
  }
}

/** The public view of a target: every zone's outcome; unknown stays unknown (never "clean"). */
export function targetView(status: TargetStatus) {
  const zones = Object.values(status.zones);
  return {
    target: status.target,
    kind: status.kind,
    accountIds: status.accountIds,
    outcome: overallOutcome(zones),
    lastCycleAt: status.lastCycleAt,
    catalogueVersion: status.catalogueVersion,
    zones: zones.map((z) => ({
      zoneId: z.zoneId,
      zone: z.zone,
      name: z.zoneName,
      outcome: z.outcome,
      ...(z.outcome === 'unknown' && z.standing
        ? { lastDefiniteOutcome: z.standing, lastDefiniteAt: z.lastDefiniteAt }
        : {}),
      codes: z.codes,
      reason: z.reason,
      txt: z.txt,
      since: z.since,
      delistUrl: z.delistUrl,
    })),
  };
}
