import type { SenderIdentity } from '../../domain/directory';
import type { SlaTerms } from '../../domain/sla';
import { monthOf } from '../../domain/sla-policy';
import { formatMinutes } from '../../domain/time-format';
import type { Services } from '../deps';

/** A customer's guaranteed minutes used in a month (`YYYY-MM`). */
export interface GuaranteedUsage {
  customerId: string;
  month: string;
  minutes: number;
}

/** The month whose guaranteed-time usage counts for a mail received at `receivedAt`. */
export const usageMonth = (receivedAt: string): string => monthOf(new Date(receivedAt));

/**
 * Who may use the plan's guarantees (R-IN-4, R-SLA-4, R-SLA-5): a designated, authenticated
 * contact, within the monthly guaranteed-time limit for matters other than defects. Mail intake is
 * the only channel the guarantee covers, and the only channel there is today.
 */
export async function slaTerms(
  deps: Pick<Services, 'slaClocks'>,
  sender: SenderIdentity,
  critical: boolean,
  authenticated: boolean,
  receivedAt: string,
  /** A customer's usage intake already read (intake-reads.ts): used when it is this one's. */
  known?: GuaranteedUsage
): Promise<SlaTerms> {
  const plan = sender.plan?.name ?? 'none';
  const cls = critical ? 'critical' : 'nonCritical';
  const no = (reason: string): SlaTerms => ({ plan, class: cls, guaranteed: false, reason });
  if (!sender.plan || !sender.customer) return no('the sender is not a customer with a support plan');
  if (sender.status !== 'DESIGNATED')
    return no(
      `${sender.status === 'UNVERIFIED' ? 'the sender is not a designated contact' : 'unknown sender'} of ${sender.customer.name}`
    );
  if (!authenticated)
    return no('the mail could not be proven to come from the designated contact (SES verdicts)');
  const limit = sender.plan.monthlyGuaranteedMinutes;
  if (!critical && limit !== null) {
    const month = usageMonth(receivedAt);
    const customerId = sender.customer.id;
    const used =
      known?.customerId === customerId && known.month === month
        ? known.minutes
        : await deps.slaClocks.getGuaranteedMinutes(customerId, month);
    if (used >= limit) {
      return no(
        `the monthly guaranteed-time limit of ${formatMinutes(limit, 'wall')} is used up for ${month} (${formatMinutes(used, 'wall')} recorded)`
      );
    }
  }
  return { plan, class: cls, guaranteed: true };
}
