import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import type { CaseRecord, MessageRecord, Page } from '../../functions/domain/case';
import { newSev1State } from '../../functions/domain/sev1';
import type { Stores } from '../../functions/use-cases/deps';
import { freshTable } from '../support/harness';

let stores: Stores;
let n = 0;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  stores = dynamoStores(client, tableName);
});

function newCase(sev1 = false): { c: CaseRecord; message: MessageRecord } {
  n++;
  const id = `case-${n}-${Math.random().toString(36).slice(2)}`;
  const at = new Date(Date.UTC(2026, 10, 20, 10, 0, n)).toISOString();
  const c = {
    id,
    reference: `CF-${900000 + n}-${Math.random().toString(36).slice(2, 6)}`,
    subject: 'Subject',
    status: 'OPEN',
    severity: sev1 ? 'SEV1' : 'NON_CRITICAL',
    team: 'L1',
    requester: { email: 'a@x.example', name: null, phone: null },
    createdAt: at,
    receivedAt: at,
    deadlines: {},
    ...(sev1 ? { sev1: newSev1State(at, 15) } : {}),
  } as unknown as CaseRecord;
  const message = {
    id: `m-${id}`,
    caseId: id,
    direction: 'INBOUND',
    messageId: `<${id}@x>`,
    from: 'a@x.example',
    to: [],
    subject: 's',
    text: 't',
    at,
    kind: 'customer',
  } as MessageRecord;
  return { c, message };
}

describe('the stores on DynamoDB Local', () => {
  it('hands out increasing case numbers from 1001', async () => {
    const a = await stores.cases.nextCaseNumber();
    const b = await stores.cases.nextCaseNumber();
    expect(a).toBeGreaterThanOrEqual(1001);
    expect(b).toBe(a + 1);
  });

  it('creates a case once per inbound id, with its message and timeline in order', async () => {
    const { c, message } = newCase();
    const timeline = [
      { at: c.createdAt, type: 'case.opened' as const, summary: 'first', actor: 'caseflow' },
      { at: c.createdAt, type: 'triage.decided' as const, summary: 'second', actor: 'caseflow' },
    ];
    expect(
      await stores.caseTransactions.createCase({
        case: c,
        message,
        timeline,
        inboundId: `ses-${c.id}`,
        ackClaimedAt: c.createdAt,
        queue: null,
      })
    ).toBe('created');
    const again = newCase();
    again.message.messageId = 'other';
    expect(
      await stores.caseTransactions.createCase({
        case: again.c,
        message: again.message,
        timeline: [],
        inboundId: `ses-${c.id}`,
        ackClaimedAt: c.createdAt,
        queue: null,
      })
    ).toBe('duplicate');
    expect(await stores.cases.getCase(again.c.id)).toBeUndefined();
    expect(await stores.intakeGuards.findCaseIdByInbound(`ses-${c.id}`)).toBe(c.id);
    expect(await stores.intakeGuards.findCaseIdByMessageId('A@x.example', message.messageId!)).toBe(c.id);
    expect(await stores.cases.findCaseIdByReference(c.reference)).toBe(c.id);
    const detail = await stores.cases.getCaseDetail(c.id);
    expect(detail?.messages).toHaveLength(1);
    expect(detail?.timeline.map((t) => t.summary)).toEqual(['first', 'second']);
    expect(detail?.case).not.toHaveProperty('pk');
  });

  it('refuses a second case for the same sender Message-ID under another inbound id', async () => {
    const first = newCase();
    await stores.caseTransactions.createCase({
      case: first.c,
      message: first.message,
      timeline: [],
      inboundId: `ses-a-${first.c.id}`,
      ackClaimedAt: first.c.createdAt,
      queue: null,
    });
    const second = newCase();
    second.message.messageId = first.message.messageId;
    expect(
      await stores.caseTransactions.createCase({
        case: second.c,
        message: second.message,
        timeline: [],
        inboundId: `ses-b-${first.c.id}`,
        ackClaimedAt: first.c.createdAt,
        queue: null,
      })
    ).toBe('duplicate');
  });

  it('an acknowledgement is recorded once per case, pending until the mailer took it', async () => {
    const { c, message } = newCase();
    const created = '2026-11-20T10:00:00.000Z';
    await stores.caseTransactions.createCase({
      case: c,
      message,
      timeline: [],
      inboundId: `ses-${c.id}`,
      ackClaimedAt: created,
      queue: null,
    });
    const sent = {
      ...message,
      id: `ack-${c.id}`,
      direction: 'OUTBOUND' as const,
      kind: 'acknowledgement' as const,
      at: '2026-11-20T10:03:01Z',
    };
    const record = () =>
      stores.caseTransactions.recordAcknowledgement(
        c.id,
        { sentAt: '2026-11-20T10:03:01Z', messageId: '<ack@x>', pending: true },
        sent,
        { at: '2026-11-20T10:03:01Z', type: 'ack.sent', summary: 'ack', actor: 'caseflow' }
      );
    expect(await record()).toBe('recorded');
    expect(await record()).toBe('taken');
    const detail = await stores.cases.getCaseDetail(c.id);
    expect(detail?.case.acknowledgement).toMatchObject({ messageId: '<ack@x>', pending: true });
    expect(detail?.messages.map((m) => m.kind)).toEqual(['customer', 'acknowledgement']);
    expect(detail?.timeline.map((t) => t.type)).toEqual(['ack.sent']);
    await stores.intakeGuards.markAcknowledgementSent(c.id);
    expect((await stores.cases.getCase(c.id))?.acknowledgement).toEqual({
      sentAt: '2026-11-20T10:03:01Z',
      messageId: '<ack@x>',
    });
  });

  it('pages a level once, first acknowledgement wins, callback leaves the watchdog index', async () => {
    const { c, message } = newCase(true);
    await stores.caseTransactions.createCase({
      case: c,
      message,
      timeline: [],
      inboundId: `ses-${c.id}`,
      ackClaimedAt: c.createdAt,
      queue: null,
    });
    const page: Page = {
      pageId: `page-${c.id}`,
      caseId: c.id,
      level: 0,
      levelName: 'primary',
      recipient: 'p@x',
      createdAt: c.createdAt,
      expiresAt: '2026-11-21T10:00:00.000Z',
    };
    expect(await stores.paging.reservePage(page)).toBe(true);
    expect(await stores.paging.reservePage({ ...page, pageId: `other-${c.id}` })).toBe(false);
    await stores.paging.markPageSent(page, '2026-11-20T10:00:02.000Z');
    expect((await stores.paging.getPage(page.pageId))?.sentAt).toBe('2026-11-20T10:00:02.000Z');
    expect((await stores.cases.getCase(c.id))?.sev1?.pages['0']?.sentAt).toBe('2026-11-20T10:00:02.000Z');

    expect((await stores.paging.listOpenSev1Cases()).map((x) => x.id)).toContain(c.id);
    expect(await stores.paging.recordCallback(c.id, 'p@x', '2026-11-20T10:01:00Z')).toBe(false); // not acknowledged yet
    expect(await stores.paging.recordPageAcknowledged(c.id, 'p@x', '2026-11-20T10:01:00Z')).toBe(true);
    expect(await stores.paging.recordPageAcknowledged(c.id, 'q@x', '2026-11-20T10:01:01Z')).toBe(false);
    expect((await stores.cases.getCase(c.id))?.sev1?.acknowledgedBy).toBe('p@x');
    expect(await stores.paging.recordBreach(c.id, '2026-11-20T10:15:00Z')).toBe(true);
    expect(await stores.paging.recordBreach(c.id, '2026-11-20T10:15:01Z')).toBe(false);
    expect(await stores.paging.recordCallback(c.id, 'p@x', '2026-11-20T10:16:00Z')).toBe(true);
    expect((await stores.paging.listOpenSev1Cases()).map((x) => x.id)).not.toContain(c.id);
  });

  it('settles an active case once: of two resolutions at once, one acts and the other writes nothing', async () => {
    const { c, message } = newCase();
    const withClock = { ...c, sla: { facts: [], ledger: {} } } as unknown as CaseRecord;
    await stores.caseTransactions.createCase({
      case: withClock,
      message,
      timeline: [],
      inboundId: `ses-${c.id}`,
      ackClaimedAt: c.createdAt,
      queue: null,
    });
    const results = await Promise.all([
      stores.caseTransactions.settleCase(c.id, { at: '2026-11-20T11:00:00Z', kind: 'resolved' }, 'RESOLVED'),
      stores.caseTransactions.settleCase(c.id, { at: '2026-11-20T11:00:01Z', kind: 'resolved' }, 'CLOSED'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const after = await stores.cases.getCase(c.id);
    expect(after?.status).toBe(results[0] ? 'RESOLVED' : 'CLOSED');
    expect(after?.sla?.facts).toHaveLength(1);
    expect(
      await stores.caseTransactions.settleCase(
        c.id,
        { at: '2026-11-20T12:00:00Z', kind: 'resolved' },
        'CLOSED'
      )
    ).toBe(false);
  });

  it('keeps wait tokens off the case and out of the case detail', async () => {
    const { c, message } = newCase(true);
    await stores.caseTransactions.createCase({
      case: c,
      message,
      timeline: [],
      inboundId: `ses-${c.id}`,
      ackClaimedAt: c.createdAt,
      queue: null,
    });
    await stores.paging.setWaitToken(c.id, 'ack', 'secret-token', '2026-11-20T10:00:00Z');
    expect(await stores.paging.getWaitToken(c.id, 'ack')).toBe('secret-token');
    expect(JSON.stringify(await stores.cases.getCaseDetail(c.id))).not.toContain('secret-token');
  });
});
