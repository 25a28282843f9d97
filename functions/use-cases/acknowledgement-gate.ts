import type { CaseRecord } from '../domain/case';
import { caseSubject } from '../domain/case';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';

type Deps = Pick<Services, 'config' | 'clock' | 'cases' | 'intakeGuards' | 'slaClocks' | 'mailer' | 'log'>;

/**
 * The per-sender acknowledgement rate limit: counts this acknowledgement against the sender's
 * window, or, beyond the limit, records on the case that none went out and why, and that none
 * is owed (its SLA target goes). Designated,
 * authenticated contacts are not counted: their acknowledgement is a plan promise (R-IN-2), and a
 * loop through their mailbox is already broken by threading (an auto-reply joins its case).
 */
export async function acknowledgementAllowed(deps: Deps, c: CaseRecord): Promise<boolean> {
  if (c.contactStatus === 'DESIGNATED' && !c.senderTrust) return true;
  const { perSender, windowMinutes } = deps.config.ackRateLimit;
  const windowMs = windowMinutes * 60_000;
  const now = deps.clock.now();
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  if (
    await deps.intakeGuards.takeAcknowledgementAllowance(c.requester.email, windowStart, windowMs, perSender)
  )
    return true;
  const at = now.toISOString();
  const reason = `${perSender} acknowledgements already went to this sender within ${windowMinutes} minutes`;
  deps.log.warn('acknowledgement withheld by the per-sender rate limit', { caseId: c.id });
  await deps.cases.updateCaseFields(c.id, { acknowledgementWithheld: { at, kind: 'rate-limited', reason } }, [
    { at, type: 'ack.withheld', summary: `no acknowledgement: ${reason} (rate limit)`, actor: 'caseflow' },
  ]);
  // No acknowledgement is owed now, so its SLA target goes (the caller refreshes the clock).
  if (c.sla) await deps.slaClocks.appendSlaFacts(c.id, [{ at, kind: 'acknowledgement-withheld' }]);
  return false;
}

/**
 * Tells the account's TAM (or the case's team) about a mail from an unverified contact, a lookalike
 * domain or a sender SES could not authenticate (R-IN-4). Once per case.
 */
export async function notifySenderTrust(deps: Deps, c: CaseRecord): Promise<void> {
  const trust = c.senderTrust;
  if (!trust?.notify || trust.notifiedAt) return;
  const who = trust.lookalike
    ? `${c.requester.email} (imitating ${trust.lookalike.customerName})`
    : `${c.requester.email} for ${c.customerName ?? 'an unknown customer'}`;
  const subject = caseSubject(c.reference, `Sender check needed: ${who}`);
  const text = [
    `Case ${c.reference} "${c.subject}" came from ${who}.`,
    '',
    `Flags: ${trust.flags.join(', ')}`,
    ...trust.reasons.map((r) => `- ${r}`),
    '',
    'The case has no plan guarantees and paged nobody. If the sender is genuine, add them as a designated contact.',
  ].join('\n');
  const channel = deps.config.supportAddresses.find((a) => a.address === c.channel.address);
  await deps.mailer.send({
    from: { address: c.channel.address, name: channel?.displayName ?? 'caseflow' },
    to: [trust.notify],
    subject,
    text,
    headers: { ...AUTO_GENERATED_HEADERS },
  });
  const at = deps.clock.now().toISOString();
  await deps.cases.updateCaseFields(c.id, { senderTrust: { ...trust, notifiedAt: at } }, [
    { at, type: 'notice.sent', summary: `sender check sent to ${trust.notify}`, actor: 'caseflow' },
  ]);
}
