import { formatInstant } from '../domain/acknowledgement';
import type { CaseRecord, Page } from '../domain/case';
import { caseSubject } from '../domain/case';
import { pageLinkMessage, pageUrl } from '../domain/page-link';
import { decideSev1, type EscalationLevel } from '../domain/sev1';
import { pagerAddress, type Services } from './deps';

type Deps = Pick<
  Services,
  'config' | 'clock' | 'store' | 'mailer' | 'events' | 'signer' | 'ids' | 'publicBaseUrl' | 'log'
>;

/**
 * The workflow's `AwaitAck` task: store the task token on the case (it never leaves the
 * database), then page every level that is due and not yet paged (R-SEV1-2). A page is reserved
 * with a conditional write before its mail goes out, so a level is paged once however often the
 * task runs; a reservation whose mail never went out (crash) is sent on the next run.
 */
export async function pageOnCall(deps: Deps, caseId: string, taskToken: string): Promise<void> {
  const now = deps.clock.now();
  await deps.store.setWaitToken(caseId, 'ack', taskToken, now.toISOString());
  const c = await deps.store.getCase(caseId);
  if (!c?.sev1) return;
  const levels = deps.config.oncall.escalation;
  const decision = decideSev1(c, levels, now);
  for (const [index, level] of levels.entries()) {
    const paged = c.sev1.pages[String(index)];
    if (paged && !paged.sentAt) {
      const page = await deps.store.getPage(paged.pageId);
      if (page && !page.sentAt) await sendPage(deps, c, level, page);
    }
  }
  if (decision.next !== 'AWAIT_ACK') return;
  for (const index of decision.dueLevels) {
    const level = levels[index];
    if (!level) continue;
    const page: Page = {
      pageId: deps.ids.newId(),
      caseId,
      level: index,
      levelName: level.name,
      recipient: level.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.config.pageLinks.ttlMinutes * 60_000).toISOString(),
    };
    if (await deps.store.reservePage(page)) await sendPage(deps, c, level, page);
  }
}

async function sendPage(deps: Deps, c: CaseRecord, level: EscalationLevel, page: Page): Promise<void> {
  const params = { pageId: page.pageId, exp: Math.floor(Date.parse(page.expiresAt) / 1000) };
  const link = pageUrl(deps.publicBaseUrl, params, await deps.signer.sign(pageLinkMessage(params)));
  const dueAt = c.sev1?.callbackDueAt ?? c.receivedAt;
  const text = [
    `Sev-1 for ${c.customerName ?? 'a customer'} (plan ${c.plan ?? 'none'}): the customer must be called back by ${formatInstant(dueAt)}.`,
    '',
    `Case:     ${c.reference} — ${c.subject}`,
    `Contact:  ${c.requester.name ?? c.requester.email} <${c.requester.email}>`,
    `Phone:    ${c.requester.phone ?? 'not on file'}`,
    `Received: ${formatInstant(c.receivedAt)}`,
    `You are:  ${level.name} (level ${page.level + 1} of ${deps.config.oncall.escalation.length})`,
    '',
    'Acknowledge (opens a page with a button; nothing happens until you press it):',
    link,
    '',
    'After you have reached the customer, confirm the callback on the same page.',
  ].join('\n');
  const { messageId } = await deps.mailer.send({
    from: pagerAddress(deps.config),
    to: [page.recipient],
    subject: `[SEV1 PAGE] ${caseSubject(c.reference, c.subject)}`,
    text,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Priority': '1' },
  });
  const sentAt = deps.clock.now().toISOString();
  await deps.store.markPageSent(page, sentAt);
  await deps.store.appendTimeline(c.id, [
    {
      at: sentAt,
      type: 'page.sent',
      summary: `paged ${level.name} ${page.recipient}`,
      actor: 'caseflow',
      data: { pageId: page.pageId, level: page.level, messageId },
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
}
