import { isActive } from '../domain/case';
import type { Services } from './deps';
import { type AgentReply, ReplyError, replyToCustomer } from './reply-to-customer';

type Deps = Parameters<typeof replyToCustomer>[0] & Pick<Services, 'cases' | 'incidents'>;

export interface IncidentReplyResult {
  sent: { caseId: string; reference: string; messageId: string }[];
  skipped: { caseId: string; reference: string; reason: string }[];
}

/**
 * One update for a whole storm incident (R-SEV1-4, issue 5 part 6): the leader's reply goes to every
 * customer of the incident, each on their own thread and each counting as that case's update.
 * A case that is no longer open, or that fails, is skipped and said so; the others still get it.
 */
export async function replyToIncident(
  deps: Deps,
  leaderCaseId: string,
  reply: Omit<AgentReply, 'caseId'>
): Promise<IncidentReplyResult> {
  const leader = await deps.cases.getCase(leaderCaseId);
  if (!leader) throw new ReplyError(`no case ${leaderCaseId}`);
  if (leader.incident?.leaderCaseId !== leader.id)
    throw new ReplyError(`case ${leader.reference} does not lead an incident`);
  const members = await deps.incidents.listIncidentMembers(leader.id);
  const result: IncidentReplyResult = { sent: [], skipped: [] };
  for (const caseId of [leader.id, ...members.filter((id) => id !== leader.id)]) {
    const c = caseId === leader.id ? leader : await deps.cases.getCase(caseId);
    if (!c) continue;
    if (!isActive(c.status)) {
      result.skipped.push({ caseId, reference: c.reference, reason: `case is ${c.status.toLowerCase()}` });
      continue;
    }
    try {
      const { messageId } = await replyToCustomer(deps, { ...reply, caseId });
      result.sent.push({ caseId, reference: c.reference, messageId });
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      result.skipped.push({ caseId, reference: c.reference, reason: error.message });
    }
  }
  return result;
}
