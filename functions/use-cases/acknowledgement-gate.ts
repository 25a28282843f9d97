import type { AcknowledgementAllowance } from '../data/intake-guards/intake-guard-store';
import type { CaseRecord, TimelineEntry } from '../domain/case';
import { caseSubject } from '../domain/case';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';

type Deps = Pick<Services, 'config' | 'clock' | 'cases' | 'intakeGuards' | 'slaClocks' | 'mailer' | 'log'>;

const WHY = { unauthenticated: 'sender not proven', repeated: 'repeated text', 'rate-limited': 'rate limit' };

/** A sender's address as the rate limits count it: lower-case, without a `+tag`. */
export function rateLimitedAddress(email: string): string {
  return email.toLowerCase().replace(/^([^+@]*)\+[^@]*@/, '$1@');
}

/** Why a case's acknowledgement did not go out. */
export interface WithheldAcknowledgement {
  kind: 'unauthenticated' | 'repeated' | 'rate-limited';
  reason: string;
}

/** A limit the acknowledgement counts against, and what is recorded when it is reached. */
export interface GatedAllowance {
  allowance: AcknowledgementAllowance;
  whenReached: WithheldAcknowledgement;
}

/**
 * What stands between a case and its acknowledgement (pure; the counting is the caller's):
 * - never to a sender SES did not prove (aligned DMARC): a forged From would turn it into
 *   backscatter, with the attacker's subject quoted to a stranger;
 * - at most `sameTextPerSender` for copies of one mail (subject and text) from one sender within
 *   the window (a loop repeats itself, a person rarely does);
 * - at most `perSender` per sender address (`designatedPerSender` for a designated contact) and
 *   `globalPerHour` to everyone, counted atomically per fixed window, in this order.
 */
export function acknowledgementGate(
  config: Services['config'],
  c: CaseRecord,
  now: Date
): { withheld: WithheldAcknowledgement } | { allowances: GatedAllowance[] } {
  if (!c.triage.senderAuthenticated)
    return {
      withheld: {
        kind: 'unauthenticated',
        reason:
          'the sender is not proven (no aligned DMARC pass): nothing is sent back to a From that may be forged',
      },
    };
  const limits = config.ackRateLimit;
  const windowMs = limits.windowMinutes * 60_000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const hourStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  const sender = rateLimitedAddress(c.requester.email);
  const designated = c.contactStatus === 'DESIGNATED' && !c.senderTrust;
  const perSender = designated ? limits.designatedPerSender : limits.perSender;
  return {
    allowances: [
      ...(c.bodyDigest
        ? [
            {
              allowance: {
                key: `${sender}#text#${c.bodyDigest}`,
                windowStart,
                windowMs,
                limit: limits.sameTextPerSender,
              },
              whenReached: {
                kind: 'repeated' as const,
                reason: `${limits.sameTextPerSender} copies of this mail (same subject and text) already came from this sender within ${limits.windowMinutes} minutes (a loop repeats itself)`,
              },
            },
          ]
        : []),
      {
        allowance: { key: sender, windowStart, windowMs, limit: perSender },
        whenReached: {
          kind: 'rate-limited',
          reason: `${perSender} acknowledgements already went to this sender within ${limits.windowMinutes} minutes`,
        },
      },
      {
        allowance: { key: '*', windowStart: hourStart, windowMs: 3_600_000, limit: limits.globalPerHour },
        whenReached: {
          kind: 'rate-limited',
          reason: `${limits.globalPerHour} acknowledgements already went out this hour (all senders together)`,
        },
      },
    ],
  };
}

/** The timeline entry of an acknowledgement that did not go out. */
export function withheldEntry(withheld: WithheldAcknowledgement, at: string): TimelineEntry {
  return {
    at,
    type: 'ack.withheld',
    summary: `no acknowledgement: ${withheld.reason} (${WHY[withheld.kind]})`,
    actor: 'caseflow',
  };
}

/**
 * Whether the acknowledgement of a stored case may go out (acknowledgementGate, each allowance
 * counted in turn); if not, records on the case that none went out and why, and that none is owed
 * (its SLA target goes; the caller refreshes the clock). A new case settles this in the
 * transaction that saves it (intake/acknowledge.ts); this serves cases stored without it.
 */
export async function acknowledgementAllowed(deps: Deps, c: CaseRecord): Promise<boolean> {
  const now = deps.clock.now();
  const gate = acknowledgementGate(deps.config, c, now);
  let withheld = 'withheld' in gate ? gate.withheld : undefined;
  for (const { allowance, whenReached } of 'allowances' in gate ? gate.allowances : []) {
    if (await deps.intakeGuards.takeAcknowledgementAllowance(allowance)) continue;
    withheld = whenReached;
    break;
  }
  if (!withheld) return true;
  const at = now.toISOString();
  deps.log.warn('acknowledgement withheld', { caseId: c.id, kind: withheld.kind });
  await deps.cases.updateCaseFields(c.id, { acknowledgementWithheld: { at, ...withheld } }, [
    withheldEntry(withheld, at),
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
