import type { CaseRecord } from '../domain/case';
import { caseSubject } from '../domain/case';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';

type Deps = Pick<Services, 'config' | 'clock' | 'cases' | 'intakeGuards' | 'slaClocks' | 'mailer' | 'log'>;

const WHY = { unauthenticated: 'sender not proven', repeated: 'repeated text', 'rate-limited': 'rate limit' };

/** A sender's address as the rate limits count it: lower-case, without a `+tag`. */
export function rateLimitedAddress(email: string): string {
  return email.toLowerCase().replace(/^([^+@]*)\+[^@]*@/, '$1@');
}

/**
 * Whether the case's acknowledgement may go out; if not, records on the case that none went out
 * and why, and that none is owed (its SLA target goes; the caller refreshes the clock):
 * - never to a sender SES did not prove (aligned DMARC): a forged From would turn it into
 *   backscatter, with the attacker's subject quoted to a stranger;
 * - at most `sameTextPerSender` for copies of one mail (subject and text) from one sender within
 *   the window (a loop repeats itself, a person rarely does);
 * - at most `perSender` per sender address (`designatedPerSender` for a designated contact) and
 *   `globalPerHour` to everyone, counted atomically per fixed window.
 */
export async function acknowledgementAllowed(deps: Deps, c: CaseRecord): Promise<boolean> {
  const limits = deps.config.ackRateLimit;
  const windowMs = limits.windowMinutes * 60_000;
  const now = deps.clock.now();
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const hourStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  const sender = rateLimitedAddress(c.requester.email);
  const designated = c.contactStatus === 'DESIGNATED' && !c.senderTrust;
  const take = (key: string, start: string, ms: number, limit: number) =>
    deps.intakeGuards.takeAcknowledgementAllowance(key, start, ms, limit);
  let withheld: { kind: 'unauthenticated' | 'repeated' | 'rate-limited'; reason: string } | undefined;
  if (!c.triage.senderAuthenticated)
    withheld = {
      kind: 'unauthenticated',
      reason:
        'the sender is not proven (no aligned DMARC pass): nothing is sent back to a From that may be forged',
    };
  else if (
    c.bodyDigest &&
    !(await take(`${sender}#text#${c.bodyDigest}`, windowStart, windowMs, limits.sameTextPerSender))
  )
    withheld = {
      kind: 'repeated',
      reason: `${limits.sameTextPerSender} copies of this mail (same subject and text) already came from this sender within ${limits.windowMinutes} minutes (a loop repeats itself)`,
    };
  else if (
    !(await take(sender, windowStart, windowMs, designated ? limits.designatedPerSender : limits.perSender))
  )
    withheld = {
      kind: 'rate-limited',
      reason: `${designated ? limits.designatedPerSender : limits.perSender} acknowledgements already went to this sender within ${limits.windowMinutes} minutes`,
    };
  else if (!(await take('*', hourStart, 3_600_000, limits.globalPerHour)))
    withheld = {
      kind: 'rate-limited',
      reason: `${limits.globalPerHour} acknowledgements already went out this hour (all senders together)`,
    };
  if (!withheld) return true;
  const at = now.toISOString();
  deps.log.warn('acknowledgement withheld', { caseId: c.id, kind: withheld.kind });
  await deps.cases.updateCaseFields(c.id, { acknowledgementWithheld: { at, ...withheld } }, [
    {
      at,
      type: 'ack.withheld',
      summary: `no acknowledgement: ${withheld.reason} (${WHY[withheld.kind]})`,
      actor: 'caseflow',
    },
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
