import type { Customer } from '../../config/schema';
import { summaryMail, summaryMonthDue } from '../../domain/monthly-summary';
import type { SlaRow } from '../../domain/reports/sla-report';
import { AUTO_GENERATED_HEADERS, type Services } from '../deps';
import { slaReport } from '../reports/read-reports';
import { availabilityReport } from './reports';

type Deps = Pick<
  Services,
  'config' | 'clock' | 'outages' | 'workLog' | 'notices' | 'mailer' | 'monthlyCaseCounts' | 'reports' | 'log'
>;

export interface SummaryRun {
  /** The month summarised, or null when none is due today. */
  month: string | null;
  sent: { customerId: string; to: string[] }[];
  /** Already told this month (an earlier run), or nobody to tell. */
  skipped: { customerId: string; reason: string }[];
}

/** The ledger's key of a customer's summaries: `NOTICE#SUMMARY#<customerId>`, one per month. */
const ledgerKey = (customerId: string) => `SUMMARY#${customerId}`;
const ledgerEvent = (month: string) => `monthly-summary@${month}`;

/**
 * Each customer's row of the month's SLA report. A customer none of whose targets stopped in the
 * month has no row there: its own report gives the zeros and the plan's limit.
 */
async function slaRowsOf(deps: Deps, month: string, customerIds: string[]) {
  const all = await slaReport(deps, month);
  const rows = new Map<string, SlaRow | undefined>(all.customers.map((r) => [r.id, r]));
  for (const id of customerIds)
    if (!rows.has(id)) rows.set(id, (await slaReport(deps, month, id)).customers[0]);
  return rows;
}

/** The TAM of the customer's account, else (or when asked for) its designated contacts. */
export function summaryRecipients(config: Services['config'], customer: Customer): string[] {
  const designated = customer.contacts.filter((c) => c.designated).map((c) => c.email);
  if (customer.monthlySummaryTo === 'designated-contacts') return designated;
  const tams = config.accounts.filter((a) => a.customerId === customer.id).map((a) => a.tam.email);
  return tams.length ? [...new Set(tams)] : designated;
}

/**
 * On the first working day of a month (and the catch-up days after it), each customer's TAM or
 * designated contacts get the previous month's summary in the customer's language, once per
 * customer and month (the notice ledger). Runs daily on AWS and on the local runtime's timer.
 */
export async function sendMonthlySummaries(
  deps: Deps,
  options: { month?: string } = {}
): Promise<SummaryRun> {
  const month = options.month ?? summaryMonthDue(deps.clock.now());
  if (!month) return { month: null, sent: [], skipped: [] };
  const run: SummaryRun = { month, sent: [], skipped: [] };
  // Claims first: a run after everyone was told (the catch-up days) reads no report at all.
  const claimed: { customer: Customer; to: string[] }[] = [];
  for (const customer of deps.config.customers) {
    const to = summaryRecipients(deps.config, customer);
    if (!to.length) {
      run.skipped.push({ customerId: customer.id, reason: 'nobody to tell' });
      continue;
    }
    const at = deps.clock.now().toISOString();
    const claim = await deps.notices.claim(ledgerKey(customer.id), ledgerEvent(month), 'monthly-summary', at);
    if (claim.claimed) claimed.push({ customer, to });
    else run.skipped.push({ customerId: customer.id, reason: `already sent at ${claim.at}` });
  }
  // What is not sent goes back to the ledger, so the next run (tomorrow, or a retry) sends it.
  const giveBack = (unsent: typeof claimed) =>
    Promise.all(
      unsent.map(({ customer }) => deps.notices.release(ledgerKey(customer.id), ledgerEvent(month)))
    );
  if (claimed.length) {
    let facts: [
      Awaited<ReturnType<typeof availabilityReport>>,
      Awaited<ReturnType<Deps['monthlyCaseCounts']['countsFor']>>,
      Map<string, SlaRow | undefined>,
    ];
    try {
      facts = await Promise.all([
        availabilityReport(deps, month),
        deps.monthlyCaseCounts.countsFor(month),
        slaRowsOf(
          deps,
          month,
          claimed.map((c) => c.customer.id)
        ),
      ]);
    } catch (error) {
      await giveBack(claimed);
      throw error;
    }
    const [availability, counts, slaRows] = facts;
    const from = deps.config.supportAddresses[0]?.address ?? `caseflow@${deps.config.domain}`;
    for (const [i, { customer, to }] of claimed.entries()) {
      const mail = summaryMail(customer.language, {
        customerName: customer.name,
        month,
        services: availability.find((a) => a.customerId === customer.id)?.services ?? [],
        cases: counts.get(customer.id) ?? { opened: 0, resolved: 0 },
        sla: slaRows.get(customer.id) ?? { targets: [] },
      });
      try {
        await deps.mailer.send({
          from: { address: from, name: deps.config.supportAddresses[0]?.displayName ?? 'caseflow' },
          to,
          subject: mail.subject,
          text: mail.text,
          headers: { ...AUTO_GENERATED_HEADERS },
        });
      } catch (error) {
        await giveBack(claimed.slice(i));
        throw error;
      }
      run.sent.push({ customerId: customer.id, to });
    }
  }
  deps.log.info('monthly summaries', { month, sent: run.sent.length, skipped: run.skipped.length });
  return run;
}
