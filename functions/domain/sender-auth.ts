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
