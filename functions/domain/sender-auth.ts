/** SES receipt verdicts: PASS | FAIL | GRAY | PROCESSING_FAILED | DISABLED. */
export interface SenderVerdicts {
  spf: string;
  dkim: string;
  dmarc: string;
  /** Absent means not scanned. */
  spam?: string;
  virus?: string;
}

/**
 * Whether the From address is proven: only an aligned DMARC pass (SES's DMARC verdict PASS: SPF or
 * DKIM passed *for the From domain*) proves it. SPF or DKIM passing for some other domain proves
 * nothing about From, and a domain without a DMARC policy (GRAY) cannot be told from a forgery of
 * it. Unproven mail never threads into a case, pages anyone, acts as staff or gets an answer.
 */
export function senderAuthenticated(verdicts: SenderVerdicts): { ok: boolean; reason: string } {
  if (verdicts.dmarc === 'PASS')
    return {
      ok: true,
      reason: `sender authenticated: DMARC passed for the From domain (SPF ${verdicts.spf}, DKIM ${verdicts.dkim})`,
    };
  if (verdicts.dmarc === 'FAIL') return { ok: false, reason: 'DMARC failed for the From domain' };
  return {
    ok: false,
    reason: `DMARC did not pass for the From domain (${verdicts.dmarc}; SPF ${verdicts.spf}, DKIM ${verdicts.dkim}): the sender is not proven`,
  };
}
