import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DomainEvent, DomainEventSchema } from '../../domain/events';
import type { EventBus } from '../../ports';

/** The local `caseflow` bus: events are validated, appended to a JSON-lines file and handed to listeners. */
export class LocalEventLog implements EventBus {
  private readonly listeners = new Set<(event: DomainEvent) => void>();

  constructor(private readonly file: string) {}

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(event: DomainEvent): Promise<void> {
    const detail = DomainEventSchema.parse(event);
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(
      this.file,
      `${JSON.stringify({ source: 'caseflow', 'detail-type': detail.type, detail })}\n`
    );
    for (const listener of this.listeners) listener(detail);
  }
}
