import type { DomainEvent } from '../functions/domain/events';
import { type AggregatorDeps, aggregateEvent } from '../functions/use-cases/reports/aggregate-event';
import { reportedCaseOf } from '../functions/use-cases/reports/case-facts';

export interface LocalReportAggregator {
  /** Resolves once every event delivered so far has been aggregated. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The report aggregator on `npm start`: subscribed to the local event log as the EventBridge rule
 * subscribes its Lambda on AWS (infra/constructs/reports.ts), running the same use-case. Events are
 * taken one at a time: the day items are few and shared, and one writer never conflicts.
 */
export function startLocalReportAggregator(options: {
  services: AggregatorDeps;
  subscribe: (listener: (event: DomainEvent) => void) => () => void;
}): LocalReportAggregator {
  const { services } = options;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const unsubscribe = options.subscribe((event) => {
    if (stopped || !reportedCaseOf(event)) return;
    chain = chain.then(() =>
      aggregateEvent(services, event).then(
        () => undefined,
        // As a failed Lambda invocation: logged; the rebuild recomputes what was missed.
        (error) =>
          services.log.error('report aggregation failed', {
            type: event.type,
            error: (error as Error).message,
          })
      )
    );
  });
  return {
    settled: async () => {
      // Aggregating may publish nothing, but an event can arrive while the chain runs: wait until it is still.
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    stop: async () => {
      stopped = true;
      unsubscribe();
      await chain;
    },
  };
}
