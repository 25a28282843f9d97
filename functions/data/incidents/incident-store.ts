/**
 * Storm correlation (R-SEV1 storms): Sev-1 reports of one symptom within a window form one
 * incident, led by the first case; the leader's page chain stands for every member.
 */
export interface IncidentStore {
  /**
   * The case leads a new incident for the symptom unless one had a report within the window, in
   * which case it joins it (the window slides with each report). Race-safe.
   */
  joinStorm(
    symptom: string,
    caseId: string,
    at: string,
    windowMs: number
  ): Promise<{ leaderCaseId: string; opened: boolean }>;
  addIncidentMember(leaderCaseId: string, caseId: string): Promise<void>;
  listIncidentMembers(leaderCaseId: string): Promise<string[]>;
}
