import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** The bus's name is part of the contract: consumers subscribe to `caseflow`. */
export const EVENT_BUS_NAME = 'caseflow';

/**
 * The `caseflow` event bus that carries every domain event (case.opened, sla.breached,
 * page.acknowledged, …), with an archive of a year so events can be replayed into a new
 * consumer or after a fault.
 */
export class CaseflowEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: EVENT_BUS_NAME,
      description: 'caseflow domain events',
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every caseflow domain event, for replay',
      // Everything put on this bus comes from this account.
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(365),
    });
  }
}
