import { caseSubject } from '../domain/case';
import { parsePageReply } from '../domain/page-reply';
import type { ParsedMail } from '../domain/parsed-mail';
import { type SenderVerdicts, senderAuthenticated } from '../domain/sender-auth';
import { acknowledgeVerifiedPage, MAX_ETA_MINUTES } from './acknowledge-page';
import { pagerAddress, type Services } from './deps';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'incidents'
  | 'signer'
  | 'workflows'
  | 'events'
  | 'mailer'
  | 'ids'
  | 'log'
>;

/**
 * A mail that answers one of our page mails (its In-Reply-To / References name a page's
 * Message-ID). It acknowledges the page only when all of these hold; otherwise it acts on nothing
 * and the refusal is written on the case timeline:
 * - the sender is the engineer that page went to (a customer cannot reply as them), and
 * - SES proves the sender (DMARC not failed, SPF or DKIM passed, no spam or virus verdict), and
 * - the first line is "ack" or "ack N".
 * Returns undefined when the mail is no reply to a page (the intake goes on as usual).
 */
export async function handlePageReply(
  deps: Deps,
  parsed: ParsedMail,
  fromAddress: string,
  verdicts: SenderVerdicts
): Promise<{ caseId: string; reference: string } | undefined> {
  const refs = [parsed.inReplyTo, ...parsed.references].filter((r): r is string => !!r);
  const pageId = refs.length ? await deps.paging.findPageIdByMessages(refs) : undefined;
  if (!pageId) return undefined;
  const page = await deps.paging.getPage(pageId);
  const c = page ? await deps.cases.getCase(page.caseId) : undefined;
  if (!page || !c) return undefined;
  const at = deps.clock.now().toISOString();
  const auth = senderAuthenticated(verdicts);
  const scanned = verdicts.spam === 'FAIL' || verdicts.virus === 'FAIL' ? 'spam or virus verdict' : undefined;
  const command = parsePageReply(parsed.text);
  const refusal =
    fromAddress !== page.recipient
      ? `sender ${fromAddress} is not the paged engineer`
      : !auth.ok
        ? auth.reason
        : (scanned ?? (command ? undefined : 'the first line is not "ack" or "ack <minutes>"'));
  if (refusal) {
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'page.reply-refused',
        summary: `mail reply to a page not acted on: ${refusal}`,
        actor: 'caseflow',
        data: { pageId },
      },
    ]);
    deps.log.warn('page reply refused', { caseId: c.id, pageId });
    return { caseId: c.id, reference: c.reference };
  }
  const eta = command?.etaMinutes;
  const result = await acknowledgeVerifiedPage(deps, page, c, {
    etaMinutes: eta !== undefined && eta <= MAX_ETA_MINUTES ? eta : undefined,
    acceptLate: true,
    via: 'mail',
  });
  if (result.outcome === 'already-acknowledged' && result.by === page.recipient) {
    return { caseId: c.id, reference: c.reference }; // a second delivery of the same reply
  }
  const answer =
    result.outcome === 'acknowledged'
      ? `Acknowledged: escalation stopped. Call the customer and confirm "customer reached" on the page link.`
      : result.outcome === 'already-acknowledged'
        ? `Not needed: ${result.by} acknowledged this page already. Use the page link to take it over.`
        : 'This case is no longer open.';
  await deps.mailer.send({
    from: pagerAddress(deps.config),
    to: [page.recipient],
    subject: `Re: [SEV1 PAGE] ${caseSubject(c.reference, c.subject)}`,
    text: answer,
    inReplyTo: parsed.messageId ?? undefined,
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  return { caseId: c.id, reference: c.reference };
}
