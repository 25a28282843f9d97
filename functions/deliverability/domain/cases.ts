import type { CaseRecord } from '../../domain/case';
import type { DecodedCode } from './dnsbl';
import type { ProviderId } from './providers';

/**
 * Deliverability cases: cases opened by monitoring rather than by a customer's mail. They carry a
 * `deliverability` section (what was found, for which account) and are keyed, so a finding seen
 * every cycle updates one case instead of opening a new one.
 */
export interface DnsblListing {
  zone: string;
  zoneName: string;
  codes: DecodedCode[];
  delistUrl: string;
  txt?: string[];
  listedAt: string;
  delistedAt: string | null;
}

export interface DeliverabilityCaseInfo {
  kind: 'dnsbl' | 'remediation';
  key: string;
  accountId: string;
  accountName: string;
  tam: { name: string; email: string; phone: string | null; hours: string };
  /** dnsbl: the IP or domain. */
  target?: string;
  listings?: Record<string, DnsblListing>;
  /** remediation: the provider and the task. */
  provider?: ProviderId;
  taskId?: string;
  /** When resolution was proposed (every listing gone, or the provider lifted the block). */
  resolutionProposedAt?: string | null;
}

export type DeliverabilityCase = CaseRecord & { deliverability: DeliverabilityCaseInfo };

export const dnsblCaseKey = (accountId: string, target: string) => `DNSBL#${accountId}#${target}`;
export const remediationCaseKey = (accountId: string, provider: string) =>
  `REMEDIATION#${accountId}#${provider}`;

/** A new deliverability case: non-critical, for L1 with the account's TAM as the person to tell. */
export function newDeliverabilityCase(input: {
  id: string;
  reference: string;
  subject: string;
  now: string;
  channelAddress: string;
  customer: { id: string; name: string; plan: string } | null;
  info: DeliverabilityCaseInfo;
  reasons: string[];
}): DeliverabilityCase {
  const { info } = input;
  return {
    id: input.id,
    reference: input.reference,
    subject: input.subject,
    status: 'OPEN',
    severity: 'NON_CRITICAL',
    team: 'L1',
    triage: {
      severity: 'NON_CRITICAL',
      team: 'L1',
      pagesOnCall: false,
      reportedCritical: false,
      senderAuthenticated: true,
      reasons: input.reasons,
    },
    plan: input.customer?.plan ?? null,
    customerId: input.customer?.id ?? null,
    customerName: input.customer?.name ?? info.accountName,
    contactStatus: input.customer ? 'DESIGNATED' : 'UNKNOWN_CUSTOMER',
    requester: { email: info.tam.email, name: info.tam.name, phone: info.tam.phone },
    channel: { address: input.channelAddress, purpose: 'monitoring' },
    receivedAt: input.now,
    createdAt: input.now,
    originMessageId: null,
    originReferences: [],
    deadlines: {},
    deliverability: info,
  } as DeliverabilityCase;
}

/** Listings of a case still standing (not delisted). */
export function standingListings(info: DeliverabilityCaseInfo): [string, DnsblListing][] {
  return Object.entries(info.listings ?? {}).filter(([, l]) => l.delistedAt === null);
}
