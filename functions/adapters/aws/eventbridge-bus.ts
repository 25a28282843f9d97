import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type DomainEvent, DomainEventSchema, EVENT_SOURCE } from '../../domain/events';
import type { EventBus } from '../../ports';

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    const detail = DomainEventSchema.parse(event);
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: detail.type,
            Detail: JSON.stringify(detail),
          },
        ],
      })
    );
    if (out.FailedEntryCount) {
      throw new Error(
        `EventBridge refused ${detail.type}: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`
      );
    }
  }
}
