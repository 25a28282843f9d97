import type { SupportAddress } from '../config/schema';
import type { TriageCategory, TriageDecision } from './case';
import type { SenderIdentity } from './directory';
import {
  detectLanguage,
  findPhrases,
  normalizeText,
  ownWords,
  type PhraseMatch,
  phrasePattern,
} from './mail-text';
import { type SenderVerdicts, senderAuthenticated } from './sender-auth';
import type { Team } from './team';
import {
  ALL_WORDS,
  CALL_WORDS,
  CALM_PHRASES,
  CATEGORY_PHRASES,
  FAILURE_WORDS,
  FEATURE_WORDS,
  MALFUNCTION_PHRASES,
  OUTAGE_PHRASES,
  PARTIAL_PHRASES,
  SERVICE_WORDS,
  URGENCY_PHRASES,
} from './triage-lexicon';

export { normalizeText } from './mail-text';

export interface TriageInput {
  channel: SupportAddress;
  sender: SenderIdentity;
  verdicts: SenderVerdicts;
  subject: string;
  text: string;
  /** The deployment's own outage phrases (config `outageKeywords`), on top of the built-in ones. */
  outageKeywords: readonly string[];
  /** Why the mail is machine-written (`automatedMailReason`), if it is: it never reads as critical. */
  automated?: string | null;
}

/** The first keyword found un-negated in subject or body, if any (R-TRI-1, R-TRI-2). */
export function findOutageReport(subject: string, text: string, keywords: readonly string[]): string | null {
  const found = findPhrases(normalizeText(`${subject}\n${text}`), keywords).find((m) => !m.negated);
  return found?.phrase ?? null;
}

const matchesAny = (clause: string, phrases: readonly string[]) =>
  findPhrases(clause, phrases).some((m) => !m.negated);
/** Names, negated or not: what fails is named even in "żadna usługa nie działa". */
const mentions = (clause: string, phrases: readonly string[]) => findPhrases(clause, phrases).length > 0;

/**
 * A malfunction names a whole service just before it ("API nie działa", "the site is not working")
 * or, in Polish word order, just after it ("nie działa nam API", "od rana nie działa wysyłka").
 */
function namesWholeService(match: PhraseMatch): boolean {
  const found = phrasePattern(match.phrase).exec(match.clause);
  if (!found) return false;
  const words = (s: string) => s.split(' ').filter(Boolean);
  const before = words(match.clause.slice(0, found.index)).slice(-4).join(' ');
  const after = words(match.clause.slice(found.index + found[0].length))
    .slice(0, 3)
    .join(' ');
  return (
    (mentions(before, SERVICE_WORDS) || mentions(after, SERVICE_WORDS)) &&
    !mentions(match.clause, FEATURE_WORDS)
  );
}

/** "All our API calls fail with 503", "żadna wiadomość nie wychodzi": every call fails (R-TRI-1). */
function allCallsFail(folded: string): PhraseMatch[] {
  return findPhrases(folded, ALL_WORDS)
    .filter(
      (m) =>
        // Polish negative concord: "nie możemy wysłać żadnych maili" is not a denial.
        (!m.negated || m.phrase.startsWith('zadn')) &&
        mentions(m.clause, CALL_WORDS) &&
        (mentions(m.clause, FAILURE_WORDS) || /(?<!\d)5\d\d(?!\d)/.test(m.clause))
    )
    .map((m) => ({ ...m, phrase: 'every call fails' }));
}

export interface OutageReading {
  /** The mail reports persistent unavailability. */
  outage: boolean;
  /** The writer says it is not critical (a denied outage, "not urgent", "no rush"). */
  calm: boolean;
  reasons: string[];
}

const quote = (m: PhraseMatch) => `"${m.clause}"`;

/**
 * Whether subject and the writer's own words report persistent unavailability (R-TRI-1/2/3): an
 * outage phrase, or a malfunction of a whole service, neither negated ("to nie jest awaria", "no
 * outage", "isn't down") nor partial ("some requests", "czasami"). Urgency alone is not an outage.
 */
export function readOutage(subject: string, text: string, keywords: readonly string[]): OutageReading {
  const folded = normalizeText(`${subject}\n${ownWords(text)}`);
  const reasons: string[] = [];
  // A configured keyword that is a generic malfunction ("not working") needs a whole service too.
  const generic = new Set(MALFUNCTION_PHRASES.map((p) => normalizeText(p)));
  const ownKeywords = keywords.filter((k) => !generic.has(normalizeText(k).trim()));
  const outages = findPhrases(folded, [...OUTAGE_PHRASES, ...ownKeywords]);
  const malfunctions = findPhrases(folded, MALFUNCTION_PHRASES);
  const denied = [...outages, ...malfunctions].filter((m) => m.negated);
  const candidates = [
    ...outages.filter((m) => !m.negated),
    ...malfunctions.filter((m) => !m.negated && namesWholeService(m)),
    ...allCallsFail(folded),
  ];
  const partial = candidates.filter((m) => matchesAny(m.clause, PARTIAL_PHRASES));
  const persistent = candidates.filter((m) => !partial.includes(m));
  const unurgent = findPhrases(folded, URGENCY_PHRASES).filter((m) => m.negated);
  const calmWords = findPhrases(folded, CALM_PHRASES);
  const defects = malfunctions.filter((m) => !m.negated && !candidates.includes(m));

  const first = persistent[0];
  if (first)
    reasons.push(`reports a persistent outage ("${first.phrase.replace(/\*/g, '')}" in ${quote(first)})`);
  const firstPartial = partial[0];
  if (!first && firstPartial)
    reasons.push(`the failure is partial, passing or past (${quote(firstPartial)}): not an outage`);
  const firstDefect = defects[0];
  if (!first && firstDefect)
    reasons.push(`a part of the service fails (${quote(firstDefect)}): a defect, not an outage`);
  const firstDenied = denied[0];
  if (firstDenied) reasons.push(`the writer says it is not an outage (${quote(firstDenied)})`);
  const firstCalm = unurgent[0] ?? calmWords[0];
  if (firstCalm) reasons.push(`the writer says it is not urgent (${quote(firstCalm)})`);
  const calm = !!firstCalm || (!!firstDenied && !first);
  if (first && calm) reasons.push("the writer's own word that it can wait outweighs the outage words");
  return { outage: !!first && !calm, calm, reasons };
}

export type CategoryReading = { category: TriageCategory; team: Team; reason: string };

const CATEGORY_TEAM: Record<TriageCategory, Team> = {
  management: 'MANAGEMENT',
  billing: 'L2_BILLING',
  datacenter: 'L2_DATACENTER',
  sysadmin: 'L3_SYSADMIN',
  general: 'L1',
};

/**
 * The routing category of the content (R-TRI-4). When several match, management approval wins
 * (a credit for an outage is also a billing matter), then billing, on-site work, then L3 work.
 */
export function categorize(subject: string, text: string): CategoryReading {
  const folded = normalizeText(`${subject}\n${ownWords(text)}`);
  for (const category of ['management', 'billing', 'datacenter', 'sysadmin'] as const) {
    const found = findPhrases(folded, CATEGORY_PHRASES[category]).find((m) => !m.negated);
    if (found)
      return {
        category,
        team: CATEGORY_TEAM[category],
        reason: `category ${category} ("${found.phrase.replace(/\*/g, '')}" in "${found.clause}")`,
      };
  }
  return {
    category: 'general',
    team: 'L1',
    reason: 'category general: no billing, approval, on-site or L3 matter',
  };
}

/** An address routes by content only when it is the general first-line one; any other is dedicated. */
export function routesByContent(channel: SupportAddress): boolean {
  return channel.purpose === 'general' && channel.team === 'L1';
}

/**
 * Severity, category and team of a mail (R-TRI-1…5, R-IN-4), every step with its reason.
 *
 * Severity: the mail reads as critical when sent to the Sev-1 hotline or when it reports a
 * persistent outage, unless the writer says it is not one ("not urgent", "to nie jest awaria").
 * Sev-1 (and the callback chain) only when an authenticated designated contact of a plan with
 * Sev-1 coverage wrote it; DMARC failure, SPF+DKIM failure, spam and virus never page.
 *
 * Team: a dedicated address (billing@, sev1@, any address with its own team) keeps its team; the
 * general address routes by content category; a critical report stays with the address's 24/7
 * first line, whatever its category (specialist teams do not work nights; they get it by escalation).
 */
export function triage(input: TriageInput): TriageDecision {
  const reasons: string[] = [];
  const { channel, sender } = input;
  const viaHotline = channel.purpose === 'sev1';
  const reading = readOutage(input.subject, input.text, input.outageKeywords);
  const { language, reason: languageReason } = detectLanguage(input.subject, input.text);
  const category = categorize(input.subject, input.text);
  if (viaHotline) reasons.push(`sent to the Sev-1 hotline ${channel.address}`);
  reasons.push(...reading.reasons);
  // Asking for a credit for an outage is about a past one, not a report of a new one.
  const aboutPastOutage = reading.outage && category.category === 'management';
  if (aboutPastOutage) reasons.push('asks for management approval about an outage: not a new outage report');
  if (input.automated)
    reasons.push(`automated mail (${input.automated}): it reports nothing itself, never critical`);
  const critical =
    !input.automated && ((reading.outage && !aboutPastOutage) || (viaHotline && !reading.calm));
  if (viaHotline && reading.calm && !reading.outage)
    reasons.push('the hotline was used for a matter the writer calls non-critical');
  const scanned = input.verdicts.virus !== 'FAIL' && input.verdicts.spam !== 'FAIL';
  const authenticated = scanned && senderAuthenticated(input.verdicts).ok;

  let team: Team = channel.team;
  let teamReason = `team ${channel.team} from the dedicated address ${channel.address}`;
  if (routesByContent(channel) && critical) {
    teamReason = `team ${channel.team}: a critical report stays with the 24/7 first line of ${channel.address}`;
  } else if (routesByContent(channel)) {
    team = category.team;
    teamReason = `team ${team} by content on the general address ${channel.address}`;
  } else if (category.team !== channel.team && category.category !== 'general') {
    teamReason += ` (the content reads as ${category.category}; the address decides)`;
  }

  const decide = (
    severity: TriageDecision['severity'],
    pagesOnCall: boolean,
    why: string
  ): TriageDecision => ({
    severity,
    team,
    category: category.category,
    language,
    pagesOnCall,
    reportedCritical: critical,
    senderAuthenticated: authenticated,
    reasons: [...reasons, why, category.reason, teamReason, `language ${languageReason}`],
  });

  if (!critical) return decide('NON_CRITICAL', false, 'no sign of a persistent outage: non-critical');
  if (sender.status !== 'DESIGNATED') {
    return decide(
      'NON_CRITICAL',
      false,
      `sender is not a designated contact (${sender.status}): no Sev-1 guarantees`
    );
  }
  if (input.verdicts.virus === 'FAIL' || input.verdicts.spam === 'FAIL') {
    return decide(
      'NON_CRITICAL',
      false,
      `SES marked the mail as ${input.verdicts.virus === 'FAIL' ? 'carrying a virus' : 'spam'}: it never pages`
    );
  }
  const auth = senderAuthenticated(input.verdicts);
  if (!auth.ok) return decide('NON_CRITICAL', false, `${auth.reason}: not treated as the designated contact`);
  if (!sender.plan?.sev1Callback) {
    return decide(
      'NON_CRITICAL',
      false,
      `plan ${sender.plan?.name ?? '(none)'} has no 24/7 Sev-1 callback coverage`
    );
  }
  return decide(
    'SEV1',
    true,
    `designated contact on plan ${sender.plan.name} with a ${sender.plan.sev1Callback.callbackMinutes}-minute Sev-1 callback; ${auth.reason}`
  );
}

/** "Re: [CF-7] Awaria?" repeats the case's subject: that was judged when the case opened. */
export function repeatsSubject(subject: string, caseSubject: string): boolean {
  const bare = (s: string) =>
    s
      .replace(/\[[^\]]*\]/g, ' ')
      .replace(/^(\s*(re|odp|aw|fw|fwd|pd|wg)\s*:\s*)+/i, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  return bare(subject) === bare(caseSubject);
}

/**
 * A customer's reply on a case, judged by what it says: the thread's address does not count again
 * (a reply on a hotline case is not a new hotline call) and a subject that only repeats the case's
 * is left out; the reply's own words decide (quoted text is cut by `ownWords`).
 */
export function triageReply(input: TriageInput, caseSubject: string): TriageDecision {
  return triage({
    ...input,
    channel: { ...input.channel, purpose: 'general' },
    subject: repeatsSubject(input.subject, caseSubject) ? '' : input.subject,
  });
}
