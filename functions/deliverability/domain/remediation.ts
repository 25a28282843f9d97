import { LEVEL_2_OUT_OF_SCOPE, type MailboxProvider, type ProviderId } from './providers';

/**
 * ISP block remediation, level 1 (R-DLV-4): a task per account and mailbox provider, opened when a
 * provider's bounce code is recognised; a prerequisites checklist that must be satisfied or
 * explicitly waived before a request is prepared; the prefilled request text; its submission,
 * the provider's answer and follow-ups. Level 2 (personalised mediation) is out of scope.
 */

export const CHECKLIST_ITEMS = [
  { id: 'spf', label: 'SPF passes for the sending domain and IPs' },
  { id: 'dkim', label: 'DKIM signs with the sending domain (≥ 1024-bit key)' },
  { id: 'dmarc', label: 'DMARC is published (p=none at least) and aligned with SPF or DKIM' },
  {
    id: 'one-click-unsubscribe',
    label: 'RFC 8058 one-click unsubscribe (List-Unsubscribe + List-Unsubscribe-Post, HTTPS) on bulk mail',
  },
  { id: 'complaint-rate', label: "complaint rate under the provider's limit" },
] as const;
export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number]['id'];

export type ChecklistStatus = 'pending' | 'passed' | 'failed' | 'waived';

export interface ChecklistEntry {
  status: ChecklistStatus;
  /** Evidence for passed/failed; the reason for a waiver. */
  note?: string;
  by?: string;
  at?: string;
}

export type TaskStatus = 'open' | 'ready' | 'submitted' | 'answered' | 'resolved' | 'rejected' | 'closed';

export interface Detection {
  at: string;
  source: 'ses-bounce' | 'customer-mail' | 'http-ingest' | 'manual';
  code: string;
  meaning: string;
  /** The sending IP when known. */
  ip?: string;
  /** The case whose mail carried the code. */
  caseId?: string;
}

export interface RemediationTask {
  id: string;
  accountId: string;
  provider: ProviderId;
  status: TaskStatus;
  openedAt: string;
  updatedAt: string;
  /** Most recent first, at most MAX_DETECTIONS. */
  detections: Detection[];
  detectionCount: number;
  checklist: Record<ChecklistItemId, ChecklistEntry>;
  request?: { text: string; channel: string; preparedAt: string; preparedBy: string };
  submission?: { at: string; by: string; reference?: string };
  answers: {
    at: string;
    outcome: 'resolved' | 'rejected' | 'not-eligible' | 'pending';
    text: string;
    by: string;
  }[];
  followUpAt?: string;
  followUps: number;
  /** The deliverability case that carries the task. */
  caseId?: string;
  version: number;
}

export const MAX_DETECTIONS = 20;

export function newChecklist(): Record<ChecklistItemId, ChecklistEntry> {
  return Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.id, { status: 'pending' }])) as Record<
    ChecklistItemId,
    ChecklistEntry
  >;
}

export function isChecklistItem(id: string): id is ChecklistItemId {
  return CHECKLIST_ITEMS.some((i) => i.id === id);
}

export class RemediationError extends Error {
  constructor(
    message: string,
    readonly reason: 'checklist' | 'state' | 'input'
  ) {
    super(message);
  }
}

/** Items that still block the request: neither passed nor explicitly waived. */
export function blockingItems(task: RemediationTask): ChecklistItemId[] {
  return CHECKLIST_ITEMS.map((i) => i.id).filter((id) => {
    const s = task.checklist[id].status;
    return s !== 'passed' && s !== 'waived';
  });
}

/** Sets one checklist item; a waiver needs who and why. */
export function setChecklistItem(
  task: RemediationTask,
  item: ChecklistItemId,
  entry: { status: ChecklistStatus; note?: string; by: string },
  at: string
): RemediationTask {
  if (task.status !== 'open' && task.status !== 'ready')
    throw new RemediationError(`the checklist is fixed once the request is ${task.status}`, 'state');
  if (entry.status === 'waived' && !(entry.note && entry.note.trim().length >= 10))
    throw new RemediationError(
      'a waiver needs a reason (at least 10 characters) saying why the item does not apply',
      'input'
    );
  const checklist = {
    ...task.checklist,
    [item]: { status: entry.status, note: entry.note, by: entry.by, at },
  };
  // A changed checklist invalidates a prepared request: prepare again.
  const next: RemediationTask = { ...task, checklist, updatedAt: at, status: 'open' };
  delete next.request;
  return next;
}

export interface AccountFacts {
  accountName: string;
  tamName: string;
  tamEmail: string;
  domains: string[];
  ips: string[];
}

/** The prefilled request in the provider's own fields (level 1: the standard channel). */
export function requestText(task: RemediationTask, provider: MailboxProvider, facts: AccountFacts): string {
  const ips = [
    ...new Set([...task.detections.map((d) => d.ip).filter((x): x is string => !!x), ...facts.ips]),
  ];
  const codes = [...new Set(task.detections.map((d) => `${d.code} (${d.meaning})`))];
  const first = task.detections[task.detections.length - 1]?.at ?? task.openedAt;
  const waived = CHECKLIST_ITEMS.filter((i) => task.checklist[i.id].status === 'waived');
  const values: Record<string, string> = {
    title: `Delivery blocked for ${facts.accountName} (${facts.domains[0] ?? 'sending domain'})`,
    'contact name': facts.tamName,
    'contact e-mail': facts.tamEmail,
    'recipient domain': provider.domains[0] ?? '',
    'sender domain': facts.domains.join(', '),
    'sending domain': facts.domains.join(', '),
    'organisation type': 'E-mail service provider (sending on behalf of a customer)',
    "IPs or CIDRs, separated by ';'": ips.join(';'),
    'sending IPs': ips.join(', '),
    'affected IPs': ips.join(', '),
    'dedicated or shared IPs': 'dedicated',
    'the NDRs (bounce messages)': codes.join('\n'),
    'SMTP errors with timestamps': task.detections.map((d) => `${d.at} ${d.code}`).join('\n'),
    'the SMTP errors': codes.join('\n'),
    'error and diagnostic codes': codes.join('\n'),
    'the BL/ES error code': codes.join('\n'),
    'company name': facts.accountName,
    'description with the start date': `Mail from ${facts.domains.join(', ')} has been rejected since ${first}.`,
    description: `Mail from ${facts.domains.join(', ')} has been rejected since ${first} with: ${codes.join('; ')}.`,
    'description of the issue': `Mail from ${facts.domains.join(', ')} has been rejected since ${first} with: ${codes.join('; ')}.`,
    'requested limit (paid increase)': '(state the daily volume needed)',
  };
  const fieldLines = provider.channel.fields.map((f) => `${f}: ${values[f] ?? '(fill in)'}`);
  const checks = CHECKLIST_ITEMS.map((i) => {
    const e = task.checklist[i.id];
    return `- ${i.label}: ${e.status}${e.note ? ` (${e.note})` : ''}`;
  });
  return [
    `Channel: ${provider.channel.kind}${provider.channel.where ? ` — ${provider.channel.where}` : ''}`,
    '',
    ...fieldLines,
    '',
    'What we have done before asking (best-practice prerequisites):',
    ...checks,
    ...(waived.length
      ? ['', `Waived by us, with the reason above: ${waived.map((w) => w.id).join(', ')}.`]
      : []),
    '',
    'We ask you to review the block for the IPs and domain above. The sender has applied the',
    'recommendations listed; we will monitor bounces and complaints after any change.',
  ].join('\n');
}

/** Prepares the request; refused while an item is neither passed nor waived. */
export function prepareRequest(
  task: RemediationTask,
  provider: MailboxProvider,
  facts: AccountFacts,
  by: string,
  at: string
): RemediationTask {
  if (task.status !== 'open' && task.status !== 'ready')
    throw new RemediationError(`a request cannot be prepared when the task is ${task.status}`, 'state');
  const blocking = blockingItems(task);
  if (blocking.length)
    throw new RemediationError(
      `prerequisites not satisfied or waived: ${blocking.join(', ')}. Mark each passed, or waive it with a reason.`,
      'checklist'
    );
  return {
    ...task,
    status: 'ready',
    updatedAt: at,
    request: {
      text: requestText(task, provider, facts),
      channel: `${provider.channel.kind}${provider.channel.where ? `: ${provider.channel.where}` : ''}`,
      preparedAt: at,
      preparedBy: by,
    },
  };
}

export function addDaysIso(at: string, days: number): string {
  return new Date(Date.parse(at) + days * 86_400_000).toISOString();
}

/** Records the submission (done by a person through the provider's channel) and schedules the follow-up. */
export function recordSubmission(
  task: RemediationTask,
  provider: MailboxProvider,
  input: { by: string; reference?: string },
  at: string
): RemediationTask {
  if (task.status !== 'ready')
    throw new RemediationError('prepare the request before recording its submission', 'state');
  return {
    ...task,
    status: 'submitted',
    updatedAt: at,
    submission: { at, by: input.by, reference: input.reference },
    followUpAt: addDaysIso(at, provider.channel.followUpDays),
  };
}

/** Records the provider's answer; a pending answer keeps the follow-up running. */
export function recordAnswer(
  task: RemediationTask,
  provider: MailboxProvider,
  input: { outcome: 'resolved' | 'rejected' | 'not-eligible' | 'pending'; text: string; by: string },
  at: string
): RemediationTask {
  if (task.status !== 'submitted' && task.status !== 'answered')
    throw new RemediationError('record the submission before the answer', 'state');
  const answers = [...task.answers, { at, ...input }];
  if (input.outcome === 'pending')
    return {
      ...task,
      status: 'answered',
      answers,
      updatedAt: at,
      followUpAt: addDaysIso(at, provider.channel.followUpDays),
    };
  const next: RemediationTask = {
    ...task,
    status: input.outcome === 'resolved' ? 'resolved' : 'rejected',
    answers,
    updatedAt: at,
  };
  delete next.followUpAt;
  return next;
}

/** Whether a follow-up is due, and the task after it is sent. */
export function followUp(
  task: RemediationTask,
  provider: MailboxProvider,
  now: string,
  maxFollowUps: number
): { due: boolean; task: RemediationTask; lastOne: boolean } {
  if (
    !task.followUpAt ||
    task.followUpAt > now ||
    (task.status !== 'submitted' && task.status !== 'answered')
  )
    return { due: false, task, lastOne: false };
  const followUps = task.followUps + 1;
  const lastOne = followUps >= maxFollowUps;
  const next: RemediationTask = { ...task, followUps, updatedAt: now };
  if (lastOne) delete next.followUpAt;
  else next.followUpAt = addDaysIso(now, provider.channel.followUpDays);
  return { due: true, task: next, lastOne };
}

export const LEVEL_2_NOTE = LEVEL_2_OUT_OF_SCOPE;
