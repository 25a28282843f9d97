import type { LocalCaseflow } from '../../local/runtime';
import { eventually } from './harness';
import { sendRaw } from './smtp';

/** Intake is done with a mail once its inbound record exists and its case's acknowledgement is settled. */
export async function intakeFinished(caseflow: LocalCaseflow, sesId: string): Promise<boolean> {
  const stores = caseflow.services;
  const caseId = await stores.intakeGuards.findCaseIdByInbound(sesId);
  if (!caseId)
    return (await stores.intakeGuards.listUnattributedBounces(200)).some((b) => b.sesMessageId === sesId);
  const c = await stores.cases.getCase(caseId);
  return !!c && ((!!c.acknowledgement && !c.acknowledgement.pending) || !!c.acknowledgementWithheld);
}

/** Sends raw MIME over real SMTP and waits until intake has finished with it; the SES message id. */
export async function deliverRaw(
  caseflow: LocalCaseflow,
  envelope: { from: string; to: string[] },
  raw: string
): Promise<string> {
  const response = await sendRaw(caseflow.smtpPort, envelope, raw);
  const sesId = /queued as (\w+)/.exec(response)?.[1];
  if (!sesId) throw new Error(`no SES id in ${response}`);
  await eventually(() => intakeFinished(caseflow, sesId), 10_000, `intake of ${sesId}`);
  return sesId;
}
