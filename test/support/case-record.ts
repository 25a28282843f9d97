import type { CaseRecord } from '../../functions/domain/case';

/** A plain non-critical case of a designated Acme contact, for domain tests; patch what the test is about. */
export function caseRecord(patch: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'c',
    reference: 'CF-1001',
    subject: 'Problem',
    status: 'OPEN',
    severity: 'NON_CRITICAL',
    team: 'L1',
    triage: {
      severity: 'NON_CRITICAL',
      team: 'L1',
      pagesOnCall: false,
      reportedCritical: false,
      senderAuthenticated: true,
      reasons: [],
    },
    plan: 'STANDARD',
    customerId: 'acme',
    customerName: 'Acme',
    contactStatus: 'DESIGNATED',
    requester: { email: 'a@acme.example', name: 'Anna', phone: '+48 600 100 200' },
    channel: { address: 'support@support.example.com', purpose: 'general' },
    receivedAt: '2026-11-20T10:00:00.000Z',
    createdAt: '2026-11-20T10:00:01.000Z',
    originMessageId: '<m@acme.example>',
    originReferences: [],
    deadlines: {},
    ...patch,
  };
}
