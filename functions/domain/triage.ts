import type { SupportAddress } from '../config/schema';
import type { TriageDecision } from './case';
import type { SenderIdentity } from './directory';

/** SES receipt verdicts: PASS | FAIL | GRAY | PROCESSING_FAILED | DISABLED. */
export interface SenderVerdicts {
  spf: string;
  dkim: string;
  dmarc: string;
  /** Absent means not scanned. */
  spam?: string;
  virus?: string;
}

export interface TriageInput {
  channel: SupportAddress;
  sender: SenderIdentity;
  verdicts: SenderVerdicts;
  subject: string;
  text: string;
  outageKeywords: readonly string[];
}

/** Lower case, Polish diacritics folded, whitespace collapsed: "Awaria – nie działa" → "awaria – nie dziala". */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');
}

/**
 * Whether the mail may act as the contact it names: a DMARC failure, or neither SPF nor DKIM
 * passing, means the From address is not proven and the mail must never page anyone.
 */
export function senderAuthenticated(verdicts: SenderVerdicts): { ok: boolean; reason: string } {
  if (verdicts.dmarc === 'FAIL') return { ok: false, reason: 'DMARC failed for the From domain' };
  if (verdicts.spf !== 'PASS' && verdicts.dkim !== 'PASS') {
    return { ok: false, reason: `neither SPF (${verdicts.spf}) nor DKIM (${verdicts.dkim}) passed` };
  }
  return {
    ok: true,
    reason: `sender authenticated (SPF ${verdicts.spf}, DKIM ${verdicts.dkim}, DMARC ${verdicts.dmarc})`,
  };
}

/** The first outage keyword found in subject or body, if any (R-TRI-1, R-TRI-2). */
export function findOutageReport(subject: string, text: string, keywords: readonly string[]): string | null {
  const haystack = normalizeText(`${subject}\n${text}`);
  for (const keyword of keywords) {
    if (haystack.includes(normalizeText(keyword))) return keyword;
  }
  return null;
}

/**
 * Severity and team of a new case. Sev-1 (and the callback chain) only when an authenticated
 * designated contact of a plan with Sev-1 coverage writes to the Sev-1 hotline or reports a
 * persistent outage; everything else is non-critical (R-TRI-2, R-TRI-3, R-IN-4).
 */
export function triage(input: TriageInput): TriageDecision {
  const reasons: string[] = [];
  const { channel, sender } = input;
  const viaHotline = channel.purpose === 'sev1';
  const outage = findOutageReport(input.subject, input.text, input.outageKeywords);
  if (viaHotline) reasons.push(`sent to the Sev-1 hotline ${channel.address}`);
  if (outage) reasons.push(`reports a persistent outage ("${outage}")`);
  const critical = viaHotline || outage !== null;
  const scanned = input.verdicts.virus !== 'FAIL' && input.verdicts.spam !== 'FAIL';
  const authenticated = scanned && senderAuthenticated(input.verdicts).ok;

  const decide = (
    severity: TriageDecision['severity'],
    pagesOnCall: boolean,
    why: string
  ): TriageDecision => ({
    severity,
    team: channel.team,
    pagesOnCall,
    reportedCritical: critical,
    senderAuthenticated: authenticated,
    reasons: [...reasons, why, `team ${channel.team} from the address ${channel.address}`],
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
