import type { AggregateItem, Dimension } from '../../domain/reports/aggregate';
import type { ReportFact } from '../../domain/reports/facts';

/**
 * The reports' aggregates (docs/reports.md): day items per dimension, the backlog's month net
 * changes, and the ids of the facts already counted.
 */
export interface ReportAggregateStore {
  /** Adds a fact to its items, once: false when its id was counted before (a redelivered event). */
  count(fact: ReportFact): Promise<boolean>;
  /** Counts each fact once, together where they fit one transaction: how many were new. */
  countAll(facts: readonly ReportFact[]): Promise<number>;
  /** The facts not counted yet, in one batch read: most events reveal few new facts of a case. */
  uncounted(facts: readonly ReportFact[]): Promise<ReportFact[]>;
  /**
   * Records that `actor` opened the case at `at`, when a message arrived after their last such
   * open (`newestInboundAt`): true then, false when the open shows them nothing new.
   */
  openedWithNews(caseId: string, actor: string, newestInboundAt: string, at: string): Promise<boolean>;
  /** The day items of one dimension on the given days (one query per day). */
  dayItems(dim: Dimension, days: readonly string[]): Promise<AggregateItem[]>;
  /** A month's sums (MONTH_SUM_DIMENSIONS), those whose value starts with `valuePrefix` if given: one query. */
  monthItems(dim: Dimension, month: string, valuePrefix?: string): Promise<AggregateItem[]>;
  /** The backlog's net change per value of a dimension over every month before `month`. */
  backlogBefore(dim: Dimension, month: string): Promise<Map<string, number>>;
  /**
   * Replaces the items of the given days and months with `items` and marks `factIds` counted: the
   * rebuild's write.
   */
  replace(
    range: { days: readonly string[]; months: readonly string[] },
    items: readonly AggregateItem[],
    factIds: readonly string[]
  ): Promise<void>;
}
