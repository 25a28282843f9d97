import { escalationSteps } from '../config/oncall';
import type { CaseRecord, Page, Sev1State } from '../domain/case';
import { caseSubject } from '../domain/case';
import { describeTarget, resolveTarget } from '../domain/escalation-policy';
import { pageLinkMessage, pageUrl } from '../domain/page-link';
import { type PageKind, pageWords } from '../domain/page-words';
import { decideSev1, type EscalationLevel, type LateUpdatePage } from '../domain/sev1';
import { formatInstant } from '../domain/time-format';
import { pagerAddress, type Services } from './deps';
import { currentRoster } from './oncall-roster';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'rosterOverrides'
  | 'mailer'
  | 'sms'
  | 'events'
  | 'signer'
  | 'ids'
  | 'publicBaseUrl'
  | 'log'
>;

/**
 * The workflow's `AwaitAck` task: store the task token on the case (it never leaves the
 * database), then page every level that is due and not yet paged (R-SEV1-2). A page is reserved
 * with a conditional write before its mail goes out, so a level is paged once however often the
 * task runs; a reservation whose mail never went out (crash) is sent on the next run.
 */
export async function pageOnCall(
  deps: Deps & Pick<Services, 'workflows'>,
  caseId: string,
  taskToken: string
): Promise<void> {
  const now = deps.clock.now();
  await deps.paging.setWaitToken(caseId, 'ack', taskToken, now.toISOString());
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1) return;
  // A storm incident's member is paged through its leader's chain only.
  if (c.incident && c.incident.leaderCaseId !== c.id) return;
  const steps = escalationSteps(deps.config);
  const decision = decideSev1(c, steps, now);
  for (const [index, step] of steps.entries()) {
    const paged = c.sev1.pages[String(index)];
    if (paged && !paged.sentAt) {
      const page = await deps.paging.getPage(paged.pageId);
      if (page && !page.sentAt) {
        if (page.recipient) await sendPage(deps, c, step, page, steps.length, page.recipient);
        else await deps.paging.markPageSent(page, now.toISOString());
      }
    }
  }
  // Acknowledged (or closed) between `Decide` and this step: that acknowledgement read no token
  // of this wait, so the wait wakes itself rather than sleeping until the next level is due.
  if (decision.next !== 'AWAIT_ACK') {
    await deps.workflows.resume(taskToken, { woken: 'already-done' });
    return;
  }
  const roster = await currentRoster(deps, now);
  const queue = [...decision.dueLevels];
  for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
    const step = steps[index];
    if (!step) continue;
    const resolved = resolveTarget(step.target, roster, now);
    const page: Page = {
      pageId: deps.ids.newId(),
      caseId,
      level: index,
      levelName: step.name,
      recipient: 'email' in resolved ? resolved.email : '',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.config.pageLinks.ttlMinutes * 60_000).toISOString(),
    };
    if (!(await deps.paging.reservePage(page))) continue;
    if ('nobody' in resolved) {
      // Nobody to page at this level: record it and page the next level at once (issue 5, part 1).
      await deps.paging.markPageSent(page, now.toISOString());
      const next = index + 1 < steps.length ? index + 1 : undefined;
      await deps.cases.appendTimeline(caseId, [
        {
          at: now.toISOString(),
          type: 'page.skipped',
          summary: `nobody on call for ${step.name} (${resolved.why}); ${next === undefined ? 'no further level' : `paging ${steps[next]?.name} at once`}`,
          actor: 'caseflow',
          data: { level: index, target: describeTarget(step.target) },
        },
      ]);
      deps.log.warn('nobody on call', { caseId, level: index });
      if (next !== undefined && !queue.includes(next)) queue.push(next);
      continue;
    }
    if (!(await sendPage(deps, c, step, page, steps.length, `${resolved.who} via ${resolved.via}`))) {
      // No channel reached this level: the next level is paged at once, as when nobody is on call.
      const next = index + 1;
      if (next < steps.length && !queue.includes(next)) queue.push(next);
    }
  }
}

/** The page slots of an overdue callback's re-pages: the acknowledger, then the next level. */
export const OVERDUE_SLOTS = ['overdue-ack', 'overdue-next'] as const;

/**
 * The callback deadline passed after an acknowledgement without "customer reached" (R-SEV1-2):
 * page the acknowledger again and the next level after theirs (the first one with someone on call
 * other than the acknowledger). Each re-page is reserved under its own slot, so it goes out once.
 */
export async function repageOverdueCallback(deps: Deps, c: CaseRecord): Promise<string[]> {
  const sev1 = c.sev1;
  if (!sev1?.acknowledgedAt || !sev1.acknowledgedBy || sev1.calledBackAt) return [];
  const now = deps.clock.now();
  const owner = ownerLevel(deps, sev1, sev1.acknowledgedBy);
  const next = await nextLevelAfter(deps, owner.level, sev1.acknowledgedBy, now);
  const targets: RepageTarget[] = [
    {
      slot: OVERDUE_SLOTS[0],
      level: owner.level,
      name: `${owner.name} (callback overdue)`,
      email: sev1.acknowledgedBy,
      who: 'you acknowledged this page',
    },
    ...(next ? [{ ...next, slot: OVERDUE_SLOTS[1], name: `${next.name} (callback overdue)` }] : []),
  ];
  const note = [
    `CALLBACK OVERDUE: ${sev1.acknowledgedBy} acknowledged at ${formatInstant(sev1.acknowledgedAt)}, but nobody has confirmed reaching the customer by ${formatInstant(sev1.callbackDueAt)}.`,
    'Call the customer now, and confirm on the page when you have reached them.',
    '',
  ];
  return repage(deps, c, targets, note, 'callback-overdue');
}

/**
 * A customer update is late (R-SEV1-4): the case's owner (who called the customer back) is paged
 * when it falls due, the next level after them a little later (management when no level is left).
 */
export async function pageLateUpdate(
  deps: Deps,
  c: CaseRecord,
  due: readonly LateUpdatePage[]
): Promise<string[]> {
  const sev1 = c.sev1;
  const owner = sev1?.calledBackBy ?? sev1?.acknowledgedBy;
  if (!sev1?.nextUpdateDueAt || !owner || !due.length) return [];
  const now = deps.clock.now();
  const level = ownerLevel(deps, sev1, owner);
  const next = await nextLevelAfter(deps, level.level, owner, now);
  const targets: RepageTarget[] = due.flatMap((p): RepageTarget[] => {
    if (p.to === 'owner')
      return [
        {
          slot: p.slot,
          level: level.level,
          name: `${level.name} (update ${p.update} late)`,
          email: owner,
          who: 'you own the customer updates',
        },
      ];
    if (next) return [{ ...next, slot: p.slot, name: `${next.name} (update ${p.update} late)` }];
    return deps.config.oncall.management.slice(0, 1).map((email) => ({
      slot: p.slot,
      level: escalationSteps(deps.config).length - 1,
      name: `management (update ${p.update} late)`,
      email,
      who: 'management',
    }));
  });
  const update = due[0]?.update ?? 1;
  const note = [
    `CUSTOMER UPDATE LATE: update ${update} to ${c.customerName ?? 'the customer'} was due at ${formatInstant(sev1.nextUpdateDueAt)} (owner ${owner}).`,
    'Send the customer an update now: what the problem is, what is being done, and when they will hear next.',
    '',
  ];
  const sent = await repage(deps, c, targets, note, 'update-late');
  if (sent.length) {
    const at = now.toISOString();
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'update.late',
        summary: `customer update ${update} was due at ${sev1.nextUpdateDueAt}: paged ${sent.join(', ')}`,
        actor: 'caseflow',
        data: { update, dueAt: sev1.nextUpdateDueAt },
      },
    ]);
  }
  return sent;
}

interface RepageTarget {
  slot: string;
  level: number;
  name: string;
  email: string;
  who: string;
}

/** The level a person was paged at (the last level when they were never paged through the chain). */
function ownerLevel(deps: Deps, sev1: Sev1State, person: string): { level: number; name: string } {
  const steps = escalationSteps(deps.config);
  const paged = Object.entries(sev1.pages)
    .filter(([key, p]) => /^\d+$/.test(key) && p.recipient === person)
    .map(([key]) => Number(key));
  const level = Math.min(...paged, steps.length - 1);
  return { level, name: steps[level]?.name ?? 'owner' };
}

/** The first level after `level` with someone on call other than `person`. */
async function nextLevelAfter(
  deps: Deps,
  level: number,
  person: string,
  now: Date
): Promise<Omit<RepageTarget, 'slot'> | undefined> {
  const steps = escalationSteps(deps.config);
  const roster = await currentRoster(deps, now);
  for (let i = level + 1; i < steps.length; i++) {
    const step = steps[i];
    if (!step) continue;
    const resolved = resolveTarget(step.target, roster, now);
    if ('email' in resolved && resolved.email !== person)
      return { level: i, name: step.name, email: resolved.email, who: `${resolved.who} via ${resolved.via}` };
  }
  return undefined;
}

/** Reclaims a slot's reservation whose page never went out (the sender died): older than this. */
const UNSENT_PAGE_STALE_MS = 60_000;

/**
 * Pages each target once under its slot. A slot reserved earlier whose page never went out (a
 * crash between reserving and sending) is sent now, so a crash never loses a re-page.
 */
async function repage(
  deps: Deps,
  c: CaseRecord,
  targets: RepageTarget[],
  note: string[],
  kind: PageKind
): Promise<string[]> {
  const now = deps.clock.now();
  const levels = escalationSteps(deps.config).length;
  const sent: string[] = [];
  for (const t of targets) {
    const fresh: Page = {
      pageId: deps.ids.newId(),
      caseId: c.id,
      level: t.level,
      levelName: t.name,
      recipient: t.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.config.pageLinks.ttlMinutes * 60_000).toISOString(),
      slot: t.slot,
    };
    const page = (await deps.paging.reservePage(fresh))
      ? fresh
      : await unsentReservation(deps, c.id, t.slot, now);
    if (!page) continue;
    if (await sendPage(deps, c, { name: t.name, afterMinutes: 0 }, page, levels, t.who, note, kind))
      sent.push(t.email);
  }
  return sent;
}

async function unsentReservation(
  deps: Deps,
  caseId: string,
  slot: string,
  now: Date
): Promise<Page | undefined> {
  const reserved = (await deps.cases.getCase(caseId))?.sev1?.pages[slot];
  if (!reserved || reserved.sentAt) return undefined;
  if (now.getTime() - Date.parse(reserved.createdAt) < UNSENT_PAGE_STALE_MS) return undefined;
  const page = await deps.paging.getPage(reserved.pageId);
  return page && !page.sentAt ? page : undefined;
}

async function sendPage(
  deps: Deps,
  c: CaseRecord,
  level: EscalationLevel,
  page: Page,
  levels: number,
  who: string,
  note: string[] = [],
  kind: PageKind = 'page'
): Promise<boolean> {
  const params = { pageId: page.pageId, exp: Math.floor(Date.parse(page.expiresAt) / 1000) };
  const link = pageUrl(deps.publicBaseUrl, params, await deps.signer.sign(pageLinkMessage(params)));
  const dueAt = c.sev1?.callbackDueAt ?? c.receivedAt;
  const words = pageWords(kind, c, formatInstant);
  const text = [
    ...note,
    words.situation,
    '',
    `Case:     ${c.reference} — ${c.subject}`,
    `Contact:  ${c.requester.name ?? c.requester.email} <${c.requester.email}>`,
    `Phone:    ${c.requester.phone ?? 'not on file'}`,
    `Received: ${formatInstant(c.receivedAt)}`,
    `You are:  ${level.name} (level ${page.level + 1} of ${levels})`,
    '',
    'Acknowledge (opens a page with a button; nothing happens until you press it):',
    link,
    '',
    ...words.after,
  ].join('\n');
  // Every channel the person has is tried, each on its own: a failing one never stops the others
  // (issue 5, part 2). Email always; SMS when the person has a number; with one channel only, a
  // failed email is tried once more.
  const person = Object.values(deps.config.oncall.people).find((p) => p.email === page.recipient);
  const sendMail = () =>
    deps.mailer.send({
      from: pagerAddress(deps.config),
      to: [page.recipient],
      subject: `${words.tag} ${caseSubject(c.reference, c.subject)}`,
      text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Priority': '1' },
    });
  const delivered: string[] = [];
  const failed: string[] = [];
  const failedChannels: string[] = [];
  let messageId: string | undefined;
  const attempt = async (channel: string, send: () => Promise<unknown>) => {
    try {
      await send();
      delivered.push(channel);
    } catch (error) {
      failed.push(`${channel}: ${(error as Error).message}`);
      failedChannels.push(channel);
      deps.log.warn('page channel failed', { caseId: c.id, pageId: page.pageId, channel });
    }
  };
  await attempt('email', async () => {
    messageId = (await sendMail()).messageId;
  });
  if (person?.sms) {
    const sms = person.sms;
    await attempt('sms', () =>
      deps.sms.send(
        sms,
        kind === 'update-late'
          ? `${words.tag.slice(1, -1)} ${c.reference} ${c.customerName ?? ''}: update the customer now. ${link}`
          : `${words.tag.slice(1, -1)} ${c.reference} ${c.customerName ?? ''}: call ${c.requester.phone ?? c.requester.email} by ${formatInstant(dueAt)}. Ack: ${link}`
      )
    );
  } else if (!delivered.length) {
    await attempt('email (second try)', async () => {
      messageId = (await sendMail()).messageId;
    });
  }
  const sentAt = deps.clock.now().toISOString();
  if (messageId) await deps.paging.indexPageMessage(messageId, page.pageId);
  await deps.paging.markPageSent(page, sentAt);
  if (failed.length) {
    await deps.cases.appendTimeline(c.id, [
      {
        at: sentAt,
        type: 'page.channel-failed',
        summary: `paging ${page.recipient}: ${failed.join('; ')}${delivered.length ? '' : '; no channel reached them, escalation goes on'}`,
        actor: 'caseflow',
        // Which channels failed, apart from their error text: the page screen lists them.
        data: { pageId: page.pageId, level: page.level, failedChannels: failedChannels.join(',') },
      },
    ]);
  }
  if (!delivered.length) return false;
  await deps.cases.appendTimeline(c.id, [
    {
      at: sentAt,
      type: 'page.sent',
      summary: `paged ${level.name} ${page.recipient} (${who}) by ${delivered.join(' and ')}`,
      actor: 'caseflow',
      data: {
        pageId: page.pageId,
        level: page.level,
        messageId: messageId ?? null,
        channels: delivered.join(','),
      },
    },
  ]);
  await deps.events.publish({
    type: 'page.sent',
    caseId: c.id,
    pageId: page.pageId,
    level: page.level,
    levelName: level.name,
    at: sentAt,
  });
  deps.log.info('page sent', { caseId: c.id, pageId: page.pageId, level: page.level });
  return true;
}
