/**
 * The notice ledger: one notice per event. Two workflows that notice the same
 * moment (the Sev-1 callback and the case clock both see the 15-minute mark pass) claim the event
 * here; the first tells the audience about everything missed at that moment, the other records
 * that it was already told. Same single DynamoDB table (key layout in docs/data-model.md).
 */
export type NoticeClaim = { claimed: true } | { claimed: false; by: string; at: string };

export interface NoticeLedger {
  /** Claims telling about `event` on a case (e.g. `management:missed@2026-11-24T04:30`); once per event. */
  claim(caseId: string, event: string, by: string, at: string): Promise<NoticeClaim>;
  /** Gives a claim back when telling failed, so the next run tells it. */
  release(caseId: string, event: string): Promise<void>;
}
