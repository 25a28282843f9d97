import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import type { SlaClass, SlaFact } from '../../functions/domain/sla';
import type { Stores } from '../../functions/use-cases/deps';
import { caseRecord } from './case-record';

/**
 * Cases written straight to the table as intake and the case API would leave them, for report
 * tests: a month of cases in seconds, without mail. Each step writes what the real step writes
 * that reports read (the case's SLA facts, its messages, timeline and the audit's staff opens).
 */
export class ReportCases {
  private n = 0;
  constructor(private readonly stores: Pick<Stores, 'cases' | 'caseTransactions' | 'audit'>) {}

  async open(input: {
    at: string;
    customerId: string | null;
    plan: string;
    severity?: 'SEV1' | 'NON_CRITICAL';
    team?: string;
    class?: SlaClass;
    guaranteed?: boolean;
    /** Minutes after receipt the acknowledgement went out. */
    ackAfterMinutes?: number;
  }): Promise<string> {
    const id = `rc-${++this.n}-${Date.parse(input.at).toString(36)}`;
    const ackAt = new Date(Date.parse(input.at) + (input.ackAfterMinutes ?? 1) * 60_000).toISOString();
    const severity = input.severity ?? 'NON_CRITICAL';
    const facts: SlaFact[] = [
      { at: input.at, kind: 'received' },
      { at: ackAt, kind: 'acknowledged' },
    ];
    const record: CaseRecord = caseRecord({
      id,
      reference: `CF-${5000 + this.n}`,
      severity,
      team: (input.team ?? 'L1') as CaseRecord['team'],
      plan: input.plan,
      customerId: input.customerId,
      receivedAt: input.at,
      createdAt: input.at,
      sla: {
        terms: {
          plan: input.plan,
          class: input.class ?? (severity === 'SEV1' ? 'critical' : 'nonCritical'),
          guaranteed: input.guaranteed ?? true,
        },
        facts,
        ledger: {},
        notices: [],
        targets: [],
        planFingerprint: '',
        clockGeneration: 0,
        clockWakeAt: null,
      },
    });
    const message: MessageRecord = {
      id: `${id}-m0`,
      caseId: id,
      direction: 'INBOUND',
      kind: 'customer',
      messageId: `<${id}@customer.example>`,
      from: 'customer@customer.example',
      to: ['support@support.example.com'],
      subject: 'Help',
      text: 'Help',
      at: input.at,
    };
    const outcome = await this.stores.caseTransactions.createCase({
      case: record,
      message,
      timeline: [{ at: input.at, type: 'case.opened', summary: 'opened', actor: 'caseflow' }],
      inboundId: `ses-${id}`,
      ackClaimedAt: input.at,
      queue: null,
    });
    if (outcome !== 'created') throw new Error(`case not created: ${JSON.stringify(outcome)}`);
    return id;
  }

  private async withFacts(
    caseId: string,
    add: SlaFact[],
    entries: TimelineEntry[],
    fields: Partial<CaseRecord> = {}
  ): Promise<void> {
    const c = await this.stores.cases.getCase(caseId);
    if (!c?.sla) throw new Error(`no case ${caseId}`);
    await this.stores.cases.updateCaseFields(
      caseId,
      { ...fields, sla: { ...c.sla, facts: [...c.sla.facts, ...add] } },
      entries
    );
  }

  async customerMessage(caseId: string, at: string): Promise<void> {
    await this.stores.cases.addMessage({
      id: `${caseId}-in-${Date.parse(at).toString(36)}`,
      caseId,
      direction: 'INBOUND',
      kind: 'customer',
      messageId: null,
      from: 'customer@customer.example',
      to: ['support@support.example.com'],
      subject: 'Re: Help',
      text: 'More',
      at,
    });
    await this.withFacts(caseId, [{ at, kind: 'customer-message' }], [], { status: 'OPEN' });
  }

  async read(caseId: string, agent: string, at: string): Promise<string> {
    const id = `read-${caseId}-${agent}-${Date.parse(at).toString(36)}`;
    await this.stores.audit.append({
      id,
      at,
      actor: agent,
      action: 'case.read',
      target: caseId,
      caseId,
      source: 'console',
      outcome: 'ok',
    });
    return id;
  }

  async reply(
    caseId: string,
    agent: string,
    at: string,
    options: { waiting?: boolean; workMinutes?: number } = {}
  ): Promise<void> {
    const messageId = `<${caseId}-r-${Date.parse(at).toString(36)}@support.example.com>`;
    await this.stores.cases.addMessage({
      id: `${caseId}-out-${Date.parse(at).toString(36)}`,
      caseId,
      direction: 'OUTBOUND',
      kind: 'reply',
      messageId,
      from: agent,
      to: ['customer@customer.example'],
      subject: 'Re: Help',
      text: 'Answer',
      at,
    });
    await this.withFacts(
      caseId,
      [{ at, kind: 'agent-reply', waitingOnCustomer: options.waiting ?? false }],
      [
        {
          at,
          type: 'reply.sent',
          summary: `${agent} replied`,
          actor: agent,
          data: {
            messageId,
            waitingOnCustomer: options.waiting ?? false,
            workMinutes: options.workMinutes ?? null,
          },
        },
      ],
      { status: options.waiting ? 'WAITING_ON_CUSTOMER' : 'OPEN' }
    );
  }

  async resolve(caseId: string, agent: string, at: string): Promise<void> {
    await this.withFacts(
      caseId,
      [{ at, kind: 'resolved' }],
      [{ at, type: 'case.resolved', summary: `resolved by ${agent}`, actor: agent }],
      { status: 'RESOLVED' }
    );
  }

  /** A Sev-1's callback: received, callback due and done (R-SEV1-2). */
  async calledBack(caseId: string, agent: string, at: string, callbackMinutes: number): Promise<void> {
    const c = await this.stores.cases.getCase(caseId);
    if (!c) throw new Error(`no case ${caseId}`);
    await this.stores.cases.updateCaseFields(
      caseId,
      {
        sev1: {
          receivedAt: c.receivedAt,
          callbackDueAt: new Date(Date.parse(c.receivedAt) + callbackMinutes * 60_000).toISOString(),
          attempt: 1,
          pages: {},
          calledBackAt: at,
          calledBackBy: agent,
        },
      },
      [{ at, type: 'callback.completed', summary: `${agent} called back`, actor: agent }]
    );
  }
}
