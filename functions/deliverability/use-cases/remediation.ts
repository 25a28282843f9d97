import * as z from 'zod';
import type { TimelineEntry } from '../../domain/case';
import { type DeliverabilityCase, remediationCaseKey } from '../domain/cases';
import {
  LEVEL_2_OUT_OF_SCOPE,
  type MailboxProvider,
  providerById,
  type RecognisedBounce,
  recogniseBounceCodes,
  WARMUP_PROVIDERS,
} from '../domain/providers';
import {
  blockingItems,
  type Detection,
  followUp,
  isChecklistItem,
  MAX_DETECTIONS,
  newChecklist,
  prepareRequest,
  RemediationError,
  type RemediationTask,
  recordAnswer,
  recordSubmission,
  setChecklistItem,
} from '../domain/remediation';
import type { Account } from '../domain/settings';
import { addDays, dayOf, type SendingCounts, ZERO_COUNTS } from '../domain/warmup';
import { effectiveAccounts, issues, requireAccount } from './accounts';
import { openOrUpdateCase, proposeResolution, tellTam } from './deliverability-case';
import { type DeliverabilityDeps, DeliverabilityInputError } from './deps';

type Deps = Pick<
  DeliverabilityDeps,
  | 'config'
  | 'clock'
  | 'cases'
  | 'caseTransactions'
  | 'desk'
  | 'mailer'
  | 'events'
  | 'ids'
  | 'log'
  | 'publicBaseUrl'
>;

const remediationEntry = (at: string, summary: string, data?: TimelineEntry['data']): TimelineEntry => ({
  at,
  type: 'remediation.updated',
  summary,
  actor: 'caseflow',
  data,
});

/**
 * Complaint rate with a provider over its window (Gmail: 7 days in a row under 0.3%), from the
 * account's warm-up counters; sets the checklist item when there is data, leaves it pending otherwise.
 */
async function evaluateComplaintRate(
  deps: Deps,
  task: RemediationTask,
  account: Account,
  provider: MailboxProvider
) {
  if (provider.complaintRateLimit === null || !(WARMUP_PROVIDERS as readonly string[]).includes(provider.id))
    return task;
  const today = dayOf(deps.clock.now());
  const days = Array.from({ length: provider.complaintRateDays }, (_, i) => addDays(today, -(i + 1)));
  const perDay = await Promise.all(
    days.map(async (day) => {
      const all = await Promise.all(account.ips.map((ip) => deps.desk.getDayCounts(ip, day)));
      const total: SendingCounts = { ...ZERO_COUNTS };
      for (const c of all.map((x) => x[provider.id as keyof typeof x])) {
        if (!c) continue;
        total.delivered += c.delivered;
        total.complained += c.complained;
      }
      return total;
    })
  );
  if (perDay.every((c) => c.delivered === 0)) return task;
  const rates = perDay.map((c) => (c.delivered > 0 ? c.complained / c.delivered : 0));
  const worst = Math.max(...rates);
  const ok = worst < provider.complaintRateLimit;
  const at = deps.clock.now().toISOString();
  return {
    ...task,
    checklist: {
      ...task.checklist,
      'complaint-rate': {
        status: ok ? ('passed' as const) : ('failed' as const),
        note: `worst day of the last ${provider.complaintRateDays}: ${(worst * 100).toFixed(3)}% (limit ${(provider.complaintRateLimit * 100).toFixed(1)}%)`,
        by: 'caseflow',
        at,
      },
    },
  };
}

/**
 * Records recognised bounce codes for an account (R-DLV-4): a task per provider, opened on the
 * first code and updated after; the task rides on a deliverability case and the TAM is told when
 * it opens. Returns the task ids.
 */
export async function recordDetections(
  deps: Deps,
  account: Account,
  codes: RecognisedBounce[],
  origin: { source: Detection['source']; ip?: string; caseId?: string; at?: string }
): Promise<string[]> {
  const at = origin.at ?? deps.clock.now().toISOString();
  const byProvider = new Map<string, RecognisedBounce[]>();
  for (const c of codes) byProvider.set(c.rule.provider, [...(byProvider.get(c.rule.provider) ?? []), c]);
  const ids: string[] = [];
  for (const [providerId, found] of byProvider) {
    const provider = providerById(providerId);
    if (!provider) continue;
    const detections: Detection[] = found.map((f) => ({
      at,
      source: origin.source,
      code: f.rule.code,
      meaning: f.rule.meaning,
      ip: origin.ip,
      caseId: origin.caseId,
    }));
    for (let attempt = 0; attempt < 4; attempt++) {
      const openId = await deps.desk.findOpenRemediationTask(account.id, provider.id);
      if (openId) {
        const task = await deps.desk.getRemediationTask(openId);
        if (!task) break;
        const next: RemediationTask = {
          ...task,
          detections: [...detections, ...task.detections].slice(0, MAX_DETECTIONS),
          detectionCount: task.detectionCount + detections.length,
          updatedAt: at,
        };
        if (!(await deps.desk.putRemediationTask(next, task.version))) continue;
        ids.push(task.id);
        break;
      }
      let task: RemediationTask = {
        id: deps.ids.newId(),
        accountId: account.id,
        provider: provider.id,
        status: 'open',
        openedAt: at,
        updatedAt: at,
        detections,
        detectionCount: detections.length,
        checklist: newChecklist(),
        answers: [],
        followUps: 0,
        version: 1,
      };
      task = await evaluateComplaintRate(deps, task, account, provider);
      const fixFirst = found.filter((f) => f.rule.remediation === 'fix-first');
      const summary = `${provider.name} blocks ${account.name}: ${found.map((f) => `${f.rule.code} (${f.rule.meaning})`).join('; ')}`;
      const c = await openOrUpdateCase(deps, {
        key: remediationCaseKey(account.id, provider.id),
        account,
        subject: `ISP block: ${provider.name} — ${found.map((f) => f.rule.code).join(', ')}`,
        initial: {
          kind: 'remediation',
          key: remediationCaseKey(account.id, provider.id),
          accountId: account.id,
          accountName: account.name,
          tam: {
            name: account.tam.name,
            email: account.tam.email,
            phone: account.tam.phone ?? null,
            hours: account.tam.hours,
          },
          provider: provider.id,
          taskId: task.id,
          resolutionProposedAt: null,
        },
        update: (i) => ({ ...i, taskId: task.id }),
        entries: [
          remediationEntry(at, `remediation task opened: ${summary}`, {
            taskId: task.id,
            provider: provider.id,
          }),
        ],
        reasons: [`opened by bounce-code recognition (${origin.source}): ${summary}`],
      });
      task = { ...task, caseId: c.caseId };
      const created = await deps.desk.createRemediationTask(task);
      if (created.outcome === 'exists') continue;
      ids.push(task.id);
      await deps.desk.appendAccountTimeline(account.id, [
        {
          at,
          type: 'remediation.opened',
          summary: `${summary} (case ${c.reference})`,
          actor: 'caseflow',
          data: { taskId: task.id },
        },
      ]);
      await deps.events.publish({
        type: 'remediation.opened',
        taskId: task.id,
        accountId: account.id,
        provider: provider.id,
        caseId: c.caseId,
        at,
      });
      await tellTam(deps, account, {
        reference: c.reference,
        subject: `ISP block: ${provider.name} for ${account.name}`,
        lines: [
          summary,
          '',
          `Level-1 channel: ${provider.channel.kind}${provider.channel.where ? ` — ${provider.channel.where}` : ''}.`,
          ...provider.channel.expectations.map((e) => `- ${e}`),
          '',
          fixFirst.length
            ? `Fix first: ${fixFirst.map((f) => f.rule.code).join(', ')} name${fixFirst.length === 1 ? 's' : ''} a requirement the sender must meet; a request will not lift it.`
            : 'Before the request is prepared, every prerequisite must be passed or explicitly waived:',
          ...blockingItems(task).map((i) => `- ${i}: pending`),
          '',
          LEVEL_2_OUT_OF_SCOPE,
        ],
      });
      break;
    }
  }
  return ids;
}

/** Recognises bounce codes in a customer's case (their mail quoting an NDR) and opens remediation for their account. */
export async function scanCaseForBounceCodes(deps: Deps, caseId: string): Promise<string[]> {
  const detail = await deps.cases.getCaseDetail(caseId);
  if (!detail || (detail.case as Partial<DeliverabilityCase>).deliverability) return [];
  const text = [
    detail.case.subject,
    ...detail.messages.filter((m) => m.direction === 'INBOUND').map((m) => m.text),
  ].join('\n');
  const codes = recogniseBounceCodes(text);
  if (!codes.length || !detail.case.customerId) return [];
  const accounts = (await effectiveAccounts(deps)).filter((a) => a.customerId === detail.case.customerId);
  const ids: string[] = [];
  for (const account of accounts)
    ids.push(...(await recordDetections(deps, account, codes, { source: 'customer-mail', caseId })));
  if (ids.length) {
    await deps.cases.appendTimeline(caseId, [
      remediationEntry(
        deps.clock.now().toISOString(),
        `bounce codes recognised: ${codes.map((c) => c.rule.code).join(', ')}; remediation task${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`
      ),
    ]);
  }
  return ids;
}

export async function requireTask(deps: Pick<Deps, 'desk'>, id: string): Promise<RemediationTask> {
  const task = await deps.desk.getRemediationTask(id);
  if (!task) throw new DeliverabilityInputError(`no remediation task ${id}`, 404);
  return task;
}

function requireProvider(task: RemediationTask): MailboxProvider {
  const p = providerById(task.provider);
  if (!p) throw new DeliverabilityInputError(`unknown provider ${task.provider}`);
  return p;
}

/** Applies a change to a task with optimistic locking, records it on the case and the account. */
async function change(
  deps: Deps,
  id: string,
  apply: (task: RemediationTask, provider: MailboxProvider, account: Account) => RemediationTask,
  summary: (task: RemediationTask) => string
): Promise<RemediationTask> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await requireTask(deps, id);
    const provider = requireProvider(task);
    const account = await requireAccount(deps, task.accountId);
    let next: RemediationTask;
    try {
      next = apply(task, provider, account);
    } catch (error) {
      if (error instanceof RemediationError)
        throw new DeliverabilityInputError(error.message, error.reason === 'input' ? 400 : 409);
      throw error;
    }
    if (!(await deps.desk.putRemediationTask(next, task.version))) continue;
    const at = next.updatedAt;
    const line = summary(next);
    await deps.desk.appendAccountTimeline(task.accountId, [
      {
        at,
        type: 'remediation.updated',
        summary: `${provider.name}: ${line}`,
        actor: 'caseflow',
        data: { taskId: id, status: next.status },
      },
    ]);
    if (next.caseId)
      await deps.cases.appendTimeline(next.caseId, [
        remediationEntry(at, `${provider.name}: ${line}`, { taskId: id, status: next.status }),
      ]);
    await deps.events.publish({
      type: 'remediation.updated',
      taskId: id,
      accountId: task.accountId,
      provider: task.provider,
      status: next.status,
      at,
    });
    return { ...next, version: task.version + 1 };
  }
  throw new DeliverabilityInputError('the task changed meanwhile: try again', 409);
}

export const ChecklistUpdateSchema = z.object({
  status: z.enum(['passed', 'failed', 'waived', 'pending']),
  note: z.string().max(2000).optional(),
  by: z.string().min(1),
});

export async function updateChecklist(
  deps: Deps,
  id: string,
  item: string,
  body: unknown
): Promise<RemediationTask> {
  if (!isChecklistItem(item)) throw new DeliverabilityInputError(`unknown checklist item "${item}"`, 404);
  const parsed = ChecklistUpdateSchema.safeParse(body);
  if (!parsed.success) throw new DeliverabilityInputError(issues(parsed.error));
  const input = parsed.data;
  return change(
    deps,
    id,
    (task) => setChecklistItem(task, item, input, deps.clock.now().toISOString()),
    () => `checklist ${item}: ${input.status}${input.note ? ` (${input.note})` : ''} by ${input.by}`
  );
}

export async function prepareRemediationRequest(
  deps: Deps,
  id: string,
  by: string
): Promise<RemediationTask> {
  return change(
    deps,
    id,
    (task, provider, account) =>
      prepareRequest(
        task,
        provider,
        {
          accountName: account.name,
          tamName: account.tam.name,
          tamEmail: account.tam.email,
          domains: account.domains,
          ips: account.ips,
        },
        by,
        deps.clock.now().toISOString()
      ),
    () => `request prepared by ${by}`
  );
}

export const SubmissionSchema = z.object({
  by: z.string().min(1),
  reference: z.string().max(200).optional(),
});

export async function recordRemediationSubmission(
  deps: Deps,
  id: string,
  body: unknown
): Promise<RemediationTask> {
  const parsed = SubmissionSchema.safeParse(body);
  if (!parsed.success) throw new DeliverabilityInputError(issues(parsed.error));
  return change(
    deps,
    id,
    (task, provider) => recordSubmission(task, provider, parsed.data, deps.clock.now().toISOString()),
    (t) =>
      `request submitted by ${parsed.data.by}${parsed.data.reference ? ` (ref ${parsed.data.reference})` : ''}; follow-up ${t.followUpAt}`
  );
}

export const AnswerSchema = z.object({
  outcome: z.enum(['resolved', 'rejected', 'not-eligible', 'pending']),
  text: z.string().min(1).max(5000),
  by: z.string().min(1),
});

export async function recordRemediationAnswer(
  deps: Deps,
  id: string,
  body: unknown
): Promise<RemediationTask> {
  const parsed = AnswerSchema.safeParse(body);
  if (!parsed.success) throw new DeliverabilityInputError(issues(parsed.error));
  const task = await change(
    deps,
    id,
    (t, provider) => recordAnswer(t, provider, parsed.data, deps.clock.now().toISOString()),
    () => `provider answered: ${parsed.data.outcome}`
  );
  if (task.status === 'resolved' && task.caseId) {
    const c = (await deps.cases.getCase(task.caseId)) as DeliverabilityCase | undefined;
    if (c?.deliverability && c.status !== 'CLOSED') {
      await proposeResolution(deps, c.id, c.deliverability, [
        remediationEntry(
          task.updatedAt,
          'the provider lifted the block: resolution proposed (close the case once the customer agrees)'
        ),
      ]);
    }
  }
  return task;
}

/** Daily: follow-ups that are due are sent to the TAM and rescheduled (at most `maxFollowUps`). */
export async function remediationFollowUps(deps: Deps): Promise<string[]> {
  const now = deps.clock.now().toISOString();
  const max = deps.config.deliverability.remediation.maxFollowUps;
  const sent: string[] = [];
  for (const task of await deps.desk.listRemediationTasks()) {
    const provider = providerById(task.provider);
    if (!provider) continue;
    const f = followUp(task, provider, now, max);
    if (!f.due) continue;
    if (!(await deps.desk.putRemediationTask(f.task, task.version))) continue;
    sent.push(task.id);
    const account = await requireAccount(deps, task.accountId).catch(() => undefined);
    const line = f.lastOne
      ? `no answer from ${provider.name} after ${f.task.followUps} follow-ups: decide whether to close the task`
      : `follow-up ${f.task.followUps} with ${provider.name} due (next ${f.task.followUpAt})`;
    await deps.desk.appendAccountTimeline(task.accountId, [
      { at: now, type: 'remediation.follow-up', summary: line, actor: 'caseflow', data: { taskId: task.id } },
    ]);
    if (task.caseId)
      await deps.cases.appendTimeline(task.caseId, [remediationEntry(now, line, { taskId: task.id })]);
    if (account) {
      const c = task.caseId ? await deps.cases.getCase(task.caseId) : undefined;
      await tellTam(deps, account, {
        reference: c?.reference,
        subject: `Follow up: ${provider.name} request for ${account.name}`,
        lines: [
          `The level-1 request to ${provider.name} was submitted ${task.submission?.at ?? ''}${task.submission?.reference ? ` (ref ${task.submission.reference})` : ''}.`,
          line,
          `Channel: ${provider.channel.where ?? 'none'}. Record the answer with: caseflow remediation answer ${task.id} …`,
        ],
      });
    }
  }
  return sent;
}
