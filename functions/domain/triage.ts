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
  HOST_WORDS,
  MALFUNCTION_PHRASES,
  ONGOING_PHRASES,
  OUTAGE_PHRASES,
  PARTIAL_PHRASES,
  PROVIDER_SERVICE_WORDS,
  RETROSPECTIVE_PHRASES,
  SERVER_TROUBLE_PHRASES,
  SERVICE_WORDS,
  URGENCY_PHRASES,
} from './triage-lexicon';
import { planConsequences, severityOf, teamFor } from './triage-rule';

export { normalizeText } from './mail-text';
export { routesByContent } from './triage-rule';

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
  /** The writer asks about an outage that is over (RCA, post-mortem): nothing new to page for. */
  retrospective: boolean;
  reasons: string[];
}

const quote = (m: PhraseMatch) => `"${m.clause}"`;

/** "Fwd: API down" / "PD: Awaria": a forward's subject is the forwarded mail's words, not the sender's. */
const FORWARD_SUBJECT = /^\s*(fwd?|fw|pd|wg|tr|przeka[zż]|przekazane dalej)\s*:/i;

/** The subject as the sender's own words: empty when it is a forwarded mail's. */
export function ownSubject(subject: string): string {
  return FORWARD_SUBJECT.test(subject) ? '' : subject;
}

/**
 * A clause about one of the customer's own machines (a VPS, a dedicated server) that is down, not
 * booting or full, without naming API calls or SMTP: a server problem for L3 (R-TRI-4, R-ESC-4),
 * not the unavailability R-TRI-1 measures.
 */
export function serverProblem(folded: string): PhraseMatch | undefined {
  return findPhrases(folded, SERVER_TROUBLE_PHRASES).find(
    (m) => !m.negated && mentions(m.clause, HOST_WORDS) && !mentions(m.clause, PROVIDER_SERVICE_WORDS)
  );
}

const isServerProblem = (m: PhraseMatch) => serverProblem(m.clause) !== undefined;

/**
 * Whether subject and the writer's own current words report persistent unavailability (R-TRI-1/2/3):
 * an outage phrase, or a malfunction of a whole service, neither negated ("to nie jest awaria", "no
 * outage", "isn't down") nor partial, past or resolved ("some requests", "czasami", "was down", "is
 * over"), nor about one of the customer's own servers. Quoted and forwarded text is not the writer's
 * (`ownWords`, `ownSubject`); a mail asking for the root cause of an outage reports no new one unless
 * it says the outage is happening now. Urgency alone is not an outage.
 */
export function readOutage(subject: string, text: string, keywords: readonly string[]): OutageReading {
  const folded = normalizeText(`${ownSubject(subject)}\n${ownWords(text)}`);
  const reasons: string[] = [];
  // A configured keyword that is a generic malfunction ("not working") needs a whole service too.
  const generic = new Set(MALFUNCTION_PHRASES.map((p) => normalizeText(p)));
  const ownKeywords = keywords.filter((k) => !generic.has(normalizeText(k).trim()));
  const outages = findPhrases(folded, [...OUTAGE_PHRASES, ...ownKeywords]);
  const malfunctions = findPhrases(folded, MALFUNCTION_PHRASES);
  const denied = [...outages, ...malfunctions].filter((m) => m.negated);
  const named = [
    ...outages.filter((m) => !m.negated),
    ...malfunctions.filter((m) => !m.negated && namesWholeService(m)),
    ...allCallsFail(folded),
  ];
  const servers = named.filter(isServerProblem);
  const candidates = named.filter((m) => !servers.includes(m));
  const partial = candidates.filter((m) => matchesAny(m.clause, PARTIAL_PHRASES));
  const current = candidates.filter((m) => !partial.includes(m));
  const askedAbout = findPhrases(folded, RETROSPECTIVE_PHRASES).find((m) => !m.negated);
  const ongoing = current.filter((m) => matchesAny(m.clause, ONGOING_PHRASES));
  const retrospective = !!askedAbout && ongoing.length === 0;
  const persistent = retrospective ? [] : current;
  const unurgent = findPhrases(folded, URGENCY_PHRASES).filter((m) => m.negated);
  const calmWords = findPhrases(folded, CALM_PHRASES);
  const defects = malfunctions.filter((m) => !m.negated && !named.includes(m));

  const first = persistent[0];
  if (first)
    reasons.push(`reports a persistent outage ("${first.phrase.replace(/\*/g, '')}" in ${quote(first)})`);
  const firstPartial = partial[0];
  if (!first && firstPartial)
    reasons.push(`the failure is partial, passing or past (${quote(firstPartial)}): not an outage`);
  if (askedAbout && retrospective)
    reasons.push(
      `asks about an outage that is over ("${askedAbout.phrase.replace(/\*/g, '')}" in ${quote(askedAbout)}) and says nothing is down now: not a new outage report`
    );
  const firstServer = servers[0];
  if (!first && firstServer)
    reasons.push(
      `one of the customer's servers is down (${quote(firstServer)}), API and SMTP not named: a server problem, not R-TRI-1 unavailability`
    );
  const firstDefect = defects[0];
  if (!first && firstDefect)
    reasons.push(`a part of the service fails (${quote(firstDefect)}): a defect, not an outage`);
  const firstDenied = denied[0];
  if (firstDenied) reasons.push(`the writer says it is not an outage (${quote(firstDenied)})`);
  const firstCalm = unurgent[0] ?? calmWords[0];
  if (firstCalm) reasons.push(`the writer says it is not urgent (${quote(firstCalm)})`);
  const calm = !!firstCalm || (!!firstDenied && !first);
  if (first && calm) reasons.push("the writer's own word that it can wait outweighs the outage words");
  return { outage: !!first && !calm, calm, retrospective, reasons };
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
  const folded = normalizeText(`${ownSubject(subject)}\n${ownWords(text)}`);
  for (const category of ['management', 'billing', 'datacenter', 'sysadmin'] as const) {
    const found = findPhrases(folded, CATEGORY_PHRASES[category]).find((m) => !m.negated);
    if (found)
      return {
        category,
        team: CATEGORY_TEAM[category],
        reason: `category ${category} ("${found.phrase.replace(/\*/g, '')}" in "${found.clause}")`,
      };
  }
  // A server that is down, not booting or full (R-ESC-4 "VPS or dedicated server problems").
  const server = serverProblem(folded);
  if (server)
    return {
      category: 'sysadmin',
      team: CATEGORY_TEAM.sysadmin,
      reason: `category sysadmin (a server problem: "${server.clause}")`,
    };
  return {
    category: 'general',
    team: 'L1',
    reason: 'category general: no billing, approval, on-site or L3 matter',
  };
}

/**
 * Severity, category and team of a mail (R-TRI-1…5, R-IN-4), every step with its reason, by the
 * rule of triage-rule.ts:
 *
 * Severity is the defect: the mail reads as critical when the sender's own current words report a
 * persistent outage, or it was sent to the Sev-1 hotline, unless the writer says it is not one
 * ("not urgent", "to nie jest awaria") or asks about one that is over; it is SEV1 when an
 * authenticated designated contact wrote it. DMARC failure, SPF+DKIM failure, spam and virus are
 * never SEV1. The plan decides what follows: paging only with the 24/7 callback, and which terms.
 * The team: critical cases belong to the 24/7 first line; the address's team, or on the general
 * address the content's, applies to non-critical mail.
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
    !input.automated &&
    ((reading.outage && !aboutPastOutage) || (viaHotline && !reading.calm && !reading.retrospective));
  if (viaHotline && !critical && !input.automated)
    reasons.push('the hotline was used for a matter the writer calls non-critical or past');
  const scanned = input.verdicts.virus !== 'FAIL' && input.verdicts.spam !== 'FAIL';
  const auth = senderAuthenticated(input.verdicts);
  const proven = !scanned
    ? {
        ok: false,
        reason: `SES marked the mail as ${input.verdicts.virus === 'FAIL' ? 'carrying a virus' : 'spam'}`,
      }
    : auth;

  const severity = severityOf({ reportedCritical: critical, contactStatus: sender.status, proven });
  const consequences = planConsequences(sender.plan, severity.severity);
  const team = teamFor(channel, severity.severity, critical, category);
  return {
    severity: severity.severity,
    team: team.team,
    category: category.category,
    language,
    pagesOnCall: consequences.pagesOnCall,
    reportedCritical: critical,
    senderAuthenticated: scanned && auth.ok,
    reasons: [
      ...reasons,
      severity.reason,
      ...(severity.severity === 'SEV1' ? [consequences.reason] : []),
      category.reason,
      team.reason,
      `language ${languageReason}`,
    ],
  };
}

/**
 * The case references ("CF-1001") the writer names in subject and own words: an RCA request or a
 * follow-up about an earlier case or incident, linked on the new case's timeline when found.
 */
export function namedReferences(subject: string, text: string): string[] {
  const found = `${subject}\n${ownWords(text)}`.match(/\bCF-\d{1,9}\b/g) ?? [];
  return [...new Set(found)].slice(0, 5);
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
