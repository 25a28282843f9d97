import type { Customer } from '../../config/schema';
import {
  type CustomerAvailability,
  DEFAULT_AVAILABILITY_PERCENT,
  OUTAGE_SERVICES,
  type OutageInterval,
  serviceAvailability,
} from '../../domain/availability';
import { billingTermsOf, buildStatement, type StatementRow } from '../../domain/billing';
import type { Services } from '../deps';

type Deps = Pick<Services, 'config' | 'outages' | 'workLog'>;

/** The customers a report covers: one, or all of them (unknown id: none). */
export function customersOf(deps: Pick<Services, 'config'>, customerId?: string): Customer[] {
  return customerId ? deps.config.customers.filter((c) => c.id === customerId) : deps.config.customers;
}

/**
 * Monthly availability per customer and service (R-SLA-7, R-REP-4): one read of the month's
 * partition; each customer's own intervals and those monitoring reported for everyone.
 */
export async function availabilityReport(
  deps: Deps,
  month: string,
  customerId?: string
): Promise<CustomerAvailability[]> {
  const all = await deps.outages.listMonth(month);
  return customersOf(deps, customerId).map((customer) => {
    const target = deps.config.plans[customer.plan]?.availabilityPercent ?? DEFAULT_AVAILABILITY_PERCENT;
    const theirs = all.filter((i: OutageInterval) => i.customerId === null || i.customerId === customer.id);
    return {
      customerId: customer.id,
      customerName: customer.name,
      plan: customer.plan,
      services: OUTAGE_SERVICES.map((service) => serviceAvailability(month, service, target, theirs)),
    };
  });
}

/** Monthly statements of billable time (R-SLA-6): one partition read per customer. */
export async function billingReport(deps: Deps, month: string, customerId?: string): Promise<StatementRow[]> {
  return Promise.all(
    customersOf(deps, customerId).map(async (customer) => {
      const plan = deps.config.plans[customer.plan];
      if (!plan) throw new Error(`customer ${customer.id} names unknown plan ${customer.plan}`);
      const entries = await deps.workLog.listMonth(customer.id, month);
      return {
        ...buildStatement(customer.id, month, billingTermsOf(customer.plan, plan), entries),
        customerName: customer.name,
      };
    })
  );
}
