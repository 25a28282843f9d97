import { caseSubject, formatReference, type TimelineEntry } from '../../domain/case';
import { AUTO_HEADERS } from '../../use-cases/deps';
import { type DeliverabilityCase, type DeliverabilityCaseInfo, newDeliverabilityCase } from '../domain/cases';
import type { Account } from '../domain/settings';
import { customerOf } from './accounts';
import type { DeliverabilityDeps } from './deps';

type Deps = Pick<
  DeliverabilityDeps,
  'config' | 'clock' | 'cases' | 'caseTransactions' | 'mailer' | 'ids' | 'log' | 'publicBaseUrl'
>;

export interface CaseChange {
  key: string;
  account: Account;
  /** Subject of a new case. */
  subject: string;
  /** The info of a new case. */
  initial: DeliverabilityCaseInfo;
  /** How an existing case's info changes. */
  update: (info: DeliverabilityCaseInfo) => DeliverabilityCaseInfo;
  entries: TimelineEntry[];
  /** Reasons shown as the case's triage. */
  reasons: string[];
}

export interface CaseOutcome {
  caseId: string;
  reference: string;
  outcome: 'created' | 'updated' | 'reopened';
  info: DeliverabilityCaseInfo;
}

/** The address deliverability mail is sent from: the first general support address. */
export function deskSender(deps: Pick<DeliverabilityDeps, 'config'>): { address: string; name: string } {
  const a =
    deps.config.supportAddresses.find((x) => x.purpose === 'general') ?? deps.config.supportAddresses[0];
  if (!a) throw new Error('config has no support address');
  return { address: a.address, name: `${a.displayName} deliverability` };
}

/**
 * Opens the deliverability case for a key, or updates the one it already opened (a resolved
 * case is reopened; a closed one is replaced by a new case under the same key).
 */
export async function openOrUpdateCase(deps: Deps, change: CaseChange): Promise<CaseOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existingId = await deps.cases.findCaseIdByKey(change.key);
    const existing = existingId
      ? ((await deps.cases.getCase(existingId)) as DeliverabilityCase | undefined)
      : undefined;
    if (existing && existing.status !== 'CLOSED' && existing.deliverability) {
      const info = change.update(existing.deliverability);
      const reopen = existing.status !== 'OPEN' && existing.status !== 'WAITING_ON_CUSTOMER';
      const fields: Record<string, unknown> = { deliverability: info };
      if (reopen) {
        fields.status = 'OPEN';
        info.resolutionProposedAt = null;
      }
      await deps.cases.updateCaseFields(existing.id, fields, change.entries);
      return {
        caseId: existing.id,
        reference: existing.reference,
        outcome: reopen ? 'reopened' : 'updated',
        info,
      };
    }
    const now = deps.clock.now().toISOString();
    const customer = customerOf(deps, change.account);
    const c = newDeliverabilityCase({
      id: deps.ids.newId(),
      reference: formatReference(await deps.cases.nextCaseNumber()),
      subject: change.subject,
      now,
      channelAddress: deskSender(deps).address,
      customer: customer ? { id: customer.id, name: customer.name, plan: customer.plan } : null,
      info: change.initial,
      reasons: change.reasons,
    });
    const opened: TimelineEntry = {
      // The finding came first: the case opens at its instant, so the timeline reads in order.
      at: change.entries[0]?.at && change.entries[0].at < now ? change.entries[0].at : now,
      type: 'case.opened',
      summary: `deliverability case ${c.reference} opened for ${change.account.name} (TAM ${change.account.tam.email})`,
      actor: 'caseflow',
    };
    const outcome = await deps.caseTransactions.createKeyedCase({
      case: c,
      timeline: [opened, ...change.entries],
      key: change.key,
      replacing: existing?.id,
    });
    if (outcome === 'created')
      return { caseId: c.id, reference: c.reference, outcome: 'created', info: c.deliverability };
    // Someone else opened it meanwhile: update theirs.
  }
  throw new Error(`could not open or update the deliverability case ${change.key}`);
}

/** Proposes resolution: the case becomes RESOLVED (the TAM or the customer closes it once agreed). */
export async function proposeResolution(
  deps: Deps,
  caseId: string,
  info: DeliverabilityCaseInfo,
  entries: TimelineEntry[]
): Promise<void> {
  const at = entries[entries.length - 1]?.at ?? null;
  // Status and entries in one transaction: a reader never sees RESOLVED without the reason.
  await deps.cases.updateCaseFields(
    caseId,
    { status: 'RESOLVED', deliverability: { ...info, resolutionProposedAt: at } },
    entries
  );
}

/** Tells the account's TAM (R-DLV-1), quoting the case reference in the subject. */
export async function tellTam(
  deps: Pick<Deps, 'config' | 'mailer' | 'publicBaseUrl'>,
  account: Account,
  input: { reference?: string; subject: string; lines: string[] }
): Promise<void> {
  const caseLine = input.reference
    ? [`Case: ${input.reference} — ${deps.publicBaseUrl}/api/cases/${input.reference}`]
    : [];
  await deps.mailer.send({
    from: deskSender(deps),
    to: [account.tam.email],
    subject: input.reference ? caseSubject(input.reference, input.subject) : input.subject,
    text: [
      `Hello ${account.tam.name},`,
      '',
      ...input.lines,
      '',
      ...caseLine,
      '',
      '— caseflow deliverability desk',
      '',
    ].join('\n'),
    headers: { ...AUTO_HEADERS, 'Auto-Submitted': 'auto-generated' },
  });
}
