import type { Customer } from '../config/schema';
import { billingTermsOf, buildStatement } from '../domain/billing';
import type { CaseRecord, CaseStatus } from '../domain/case';
import { type GuaranteedTimeUse, guaranteedTimeUse, type PlanTerms, planTerms } from '../domain/plan-terms';
import { monthOf } from '../domain/sla-policy';
import type { Services } from './deps';
import { type Searcher, searchCases } from './search-cases';

type Deps = Pick<Services, 'config' | 'clock' | 'cases' | 'search' | 'slaClocks' | 'workLog'>;

export const OPEN_STATUSES: CaseStatus[] = ['OPEN', 'WAITING_ON_CUSTOMER'];
export const SETTLED_STATUSES: CaseStatus[] = ['RESOLVED', 'CLOSED'];

/** The first cases of a kind, newest first, and how many there are in all. */
export interface CaseSample {
  cases: CaseRecord[];
  total: number;
}

/** What staff see of a customer beside a case (the console's customer sidebar). */
export interface CustomerSummary {
  customer: Pick<Customer, 'id' | 'name' | 'domains' | 'language'>;
  plan: PlanTerms | null;
  contacts: Customer['contacts'];
  /** The technical account managers of the customer's accounts (R-DLV-1). */
  tams: { name: string; email: string; phone: string | null; hours: string }[];
  /** This month's guaranteed e-mail time against the plan's limit (R-SLA-4). */
  guaranteedTime: GuaranteedTimeUse;
  /** This month's hour package (R-SLA-6): counted phone/remote/on-site minutes drawn from it. */
  hourPackage: { month: string; packageMinutes: number; usedMinutes: number } | null;
  openCases: CaseSample;
  recentCases: CaseSample;
}

/**
 * A customer's summary for a searcher: the config's account, plan and contacts, this month's
 * guaranteed time and package use, and the customer's open and recently settled cases the searcher
 * may see (their teams), newest first, at most `limit` of each, leaving out `except` (the case
 * open beside it). Undefined for a customer the config does not name.
 */
export async function customerSummary(
  deps: Deps,
  customerId: string,
  searcher: Searcher,
  options: { limit: number; except?: CaseRecord }
): Promise<CustomerSummary | undefined> {
  const customer = deps.config.customers.find((c) => c.id === customerId);
  if (!customer) return undefined;
  const plan = deps.config.plans[customer.plan];
  const now = deps.clock.now();
  // Guaranteed time counts in the plan's month (Warsaw); the work log in UTC months (docs/reports.md).
  const usageMonth = monthOf(now);
  const statementMonth = now.toISOString().slice(0, 7);
  const [used, statement, openCases, recentCases] = await Promise.all([
    deps.slaClocks.getGuaranteedMinutes(customer.id, usageMonth),
    plan
      ? deps.workLog
          .listMonth(customer.id, statementMonth)
          .then((entries) =>
            buildStatement(customer.id, statementMonth, billingTermsOf(customer.plan, plan), entries)
          )
      : undefined,
    customerCases(deps, customer.id, OPEN_STATUSES, searcher, options),
    customerCases(deps, customer.id, SETTLED_STATUSES, searcher, options),
  ]);
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      domains: customer.domains,
      language: customer.language,
    },
    plan: plan ? planTerms(customer.plan, plan) : null,
    contacts: customer.contacts,
    tams: deps.config.accounts
      .filter((a) => a.customerId === customer.id)
      .map((a) => ({ name: a.tam.name, email: a.tam.email, phone: a.tam.phone ?? null, hours: a.tam.hours })),
    guaranteedTime: guaranteedTimeUse(usageMonth, used, plan?.monthlyGuaranteedMinutes ?? null),
    hourPackage:
      statement && statement.packageMinutes > 0
        ? {
            month: statementMonth,
            packageMinutes: statement.packageMinutes,
            usedMinutes: statement.packageUsedMinutes,
          }
        : null,
    openCases,
    recentCases,
  };
}

/**
 * The customer's cases in these states, from the search index's customer words (the id is one of
 * them); another customer whose words contain the id's is left out of the page by the exact id.
 */
async function customerCases(
  deps: Deps,
  customerId: string,
  status: CaseStatus[],
  searcher: Searcher,
  options: { limit: number; except?: CaseRecord }
): Promise<CaseSample> {
  const found = await searchCases(deps, { customer: customerId, status }, searcher, {
    limit: options.limit + 1,
  });
  const theirs = found.cases.filter((c) => c.customerId === customerId);
  const except = options.except;
  // The case left out is counted out whether or not it fell on this page.
  const excepted =
    !!except &&
    except.customerId === customerId &&
    status.includes(except.status) &&
    searcher.sees(except.team);
  const others = theirs.filter((c) => c.id !== except?.id);
  return {
    cases: others.slice(0, options.limit),
    total: found.total - (found.cases.length - theirs.length) - (excepted ? 1 : 0),
  };
}
