import type { Config } from '../config/schema';
import { type AutomatedVerdict, classifyAutomatedMail } from '../domain/automated-mail';
import type { CaseRecord, TimelineEntry, TriageDecision } from '../domain/case';
import { filingId } from '../domain/case-filing';
import type { SenderIdentity } from '../domain/directory';
import { applyMessageRules, type RuleOutcome } from '../domain/message-rules';
import type { ParsedMail } from '../domain/parsed-mail';
import { assessSenderTrust, type SenderTrust } from '../domain/sender-trust';
import type { SlaTerms } from '../domain/sla';
import type { InboundMail } from './inbound-mail';

/**
 * What intake learns about a mail before it opens a case: whether a machine sent it (RFC 3834),
 * whether its sender can be trusted (R-IN-4) and what the message rules say (R-BOX-7). The
 * decisions themselves are pure domain code; this puts them together and onto the case.
 */
export interface Screening {
  automated: AutomatedVerdict | null;
  trust: SenderTrust;
  rules: RuleOutcome;
}

export function screenInboundMail(
  config: Config,
  mail: InboundMail,
  parsed: ParsedMail,
  fromAddress: string,
  sender: SenderIdentity
): Screening {
  return {
    automated: classifyAutomatedMail({
      headers: parsed.headers,
      from: parsed.from?.address ?? '',
      envelopeFrom: mail.source,
      ownAddresses: config.supportAddresses.map((a) => a.address),
    }),
    trust: assessSenderTrust(config, sender, fromAddress, mail.verdicts),
    rules: applyMessageRules(config.messageRules, {
      recipients: mail.recipients,
      from: fromAddress,
      subject: parsed.subject,
    }),
  };
}

/**
 * The triage decision with the screening applied: automated or untrusted mail never pages (and so
 * is not Sev-1), and a rule's team replaces triage's, with the reasons added.
 */
export function applyScreening(decision: TriageDecision, screening: Screening): TriageDecision {
  const reasons = [...decision.reasons];
  let { severity, pagesOnCall, team } = decision;
  const blockers = [
    ...(screening.automated ? [`sent automatically (${screening.automated.reason})`] : []),
    ...screening.trust.reasons,
  ];
  if (screening.trust.flags.length) reasons.push(...screening.trust.reasons);
  if (screening.automated) reasons.push(`automated mail: ${screening.automated.reason}; never pages`);
  const blocked = screening.automated !== null || screening.trust.flags.length > 0;
  if (severity === 'SEV1' && blocked) {
    reasons.push(
      `would have been critical${pagesOnCall ? ' and paged' : ''}, but ${blockers.join('; ')}: non-critical, nobody paged`
    );
    pagesOnCall = false;
    severity = 'NON_CRITICAL';
  }
  const ruleTeam = screening.rules.team;
  if (ruleTeam && ruleTeam !== team) {
    reasons.push(`team ${ruleTeam} by message rule "${screening.rules.teamRule}" (triage said ${team})`);
    team = ruleTeam;
  } else if (ruleTeam) {
    reasons.push(`team ${ruleTeam} also set by message rule "${screening.rules.teamRule}"`);
  }
  return { ...decision, severity, pagesOnCall, team, reasons };
}

/** Whom the account's doubts go to: the account's TAM, else the case's team (null: nobody). */
export function trustNoticeRecipient(
  config: Config,
  trust: SenderTrust,
  team: CaseRecord['team']
): string | null {
  if (!trust.notifyCustomerId) return null;
  const account = config.accounts.find((a) => a.customerId === trust.notifyCustomerId);
  return account?.tam.email ?? config.teams[team]?.email ?? null;
}

/** The case fields and timeline entries the screening adds to a new case. */
export function screeningOnCase(
  config: Config,
  screening: Screening,
  team: CaseRecord['team'],
  at: string
): { fields: Partial<CaseRecord>; timeline: TimelineEntry[] } {
  const fields: Partial<CaseRecord> = {};
  const timeline: TimelineEntry[] = [];
  const { automated, trust, rules } = screening;
  if (automated) {
    fields.automated = automated;
    fields.acknowledgementWithheld = { at, kind: 'automated', reason: automated.reason };
    timeline.push({
      at,
      type: 'ack.withheld',
      summary: `no acknowledgement: the mail was sent automatically (${automated.reason})`,
      actor: 'caseflow',
      data: { kind: automated.kind },
    });
  }
  if (trust.flags.length) {
    fields.senderTrust = {
      flags: trust.flags,
      reasons: trust.reasons,
      lookalike: trust.lookalike,
      notify: trustNoticeRecipient(config, trust, team),
    };
    timeline.push({
      at,
      type: 'sender.flagged',
      summary: `sender flagged (${trust.flags.join(', ')}): ${trust.reasons.join('; ')}`,
      actor: 'caseflow',
      data: { flags: trust.flags.join(','), lookalikeOf: trust.lookalike?.customerId ?? null },
    });
  }
  if (rules.matched.length) {
    fields.messageRules = rules;
    // The case carries what the rules set as its own folder and labels (staff may change them).
    if (rules.folder) fields.folder = filingId(rules.folder);
    if (rules.labels.length) fields.labels = [...new Set(rules.labels.map(filingId))];
    timeline.push({
      at,
      type: 'rule.applied',
      summary: `message rules: ${rules.matched.map((m) => `"${m.name}" (${m.why})`).join('; ')}${rules.folder ? ` → folder ${rules.folder}` : ''}${rules.team ? ` → team ${rules.team}` : ''}${rules.labels.length ? ` → labels ${rules.labels.join(', ')}` : ''}`,
      actor: 'caseflow',
      data: { folder: rules.folder, team: rules.team, labels: rules.labels.join(',') },
    });
  }
  return { fields, timeline };
}

/** Automated mail expects no answer, so it carries no guarantee (its clocks would only raise false alarms). */
export function termsAfterScreening(terms: SlaTerms, screening: Screening): SlaTerms {
  if (!screening.automated || !terms.guaranteed) return terms;
  return {
    ...terms,
    guaranteed: false,
    reason: `the mail was sent automatically (${screening.automated.reason})`,
  };
}
