import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SESEvent } from 'aws-lambda';
import type { UndeliveredIntake, UndeliveredMail } from '../functions/ports';

/** Re-drives of a mail whose failure the table holds before it is left to a person's replay. */
const REDRIVES_BEFORE_GIVING_UP = 3;

/** One accepted mail whose intake is not yet recorded done (as stored in `<id>.json`). */
interface SpoolEntry {
  id: string;
  acceptedAt: string;
  /** Deliveries (each with Lambda's attempts) that ended in an error. */
  failedAttempts: number;
  lastError?: string;
  lastFailedAt?: string;
  event: SESEvent;
}

/**
 * Local intake's durable queue (what SES's retries and Lambda's async queue are on AWS). The SMTP
 * stand-in writes an entry here before it answers `250`; the entry goes only when intake made a
 * case or held mail, or its failure is recorded in the table (visible, replayable). Anything
 * left — a crash, the database down — is re-driven at start-up, when the database comes back and
 * on the watchdog's schedule. Intake is idempotent on the SES message id, so a re-drive of a mail
 * that was half done finishes it and never duplicates it.
 */
export class IntakeSpool implements UndeliveredIntake {
  private readonly inFlight = new Set<string>();
  private redrivesAsked = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly dir: string,
    /** Runs intake once for the event; resolves `recorded` when intake (or its failure) is in the table. */
    private readonly drive: (event: SESEvent) => Promise<'done' | 'failure-recorded' | 'not-recorded'>,
    private readonly now: () => Date
  ) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Called before the SMTP reply: after this resolves, the mail cannot be lost. */
  async accept(event: SESEvent): Promise<void> {
    const id = messageIdOf(event);
    await this.write({ id, acceptedAt: this.now().toISOString(), failedAttempts: 0, event });
  }

  /** Delivers an accepted mail now (in the background of the SMTP reply). */
  async deliver(event: SESEvent): Promise<void> {
    const id = messageIdOf(event);
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      for (;;) {
        const redrivesBefore = this.redrivesAsked;
        const outcome = await this.drive(event).catch(() => 'not-recorded' as const);
        const entry = outcome === 'done' ? undefined : await this.read(id);
        const failedAttempts = (entry?.failedAttempts ?? 0) + 1;
        // A failure is tried again on the next re-drive (most are the database away for a moment);
        // after a few, one the table holds is left to people (listed, replayable) and leaves the spool.
        if (entry && (outcome === 'not-recorded' || failedAttempts < REDRIVES_BEFORE_GIVING_UP))
          await this.write({
            ...entry,
            failedAttempts,
            lastError:
              outcome === 'not-recorded'
                ? 'intake failed and the failure could not be recorded in the database'
                : 'intake failed; recorded as an intake failure, tried again on the next re-drive',
            lastFailedAt: this.now().toISOString(),
          });
        else {
          await unlink(this.path(id)).catch(() => undefined);
          return;
        }
        // A re-drive asked for while this delivery was failing (the database back meanwhile) passed
        // it by as in flight; it is its turn now, or it would wait for the next watchdog round.
        if (this.redrivesAsked === redrivesBefore) return;
      }
    } finally {
      this.inFlight.delete(id);
      for (const wake of this.waiting.splice(0)) wake();
    }
  }

  /**
   * Flow control: resolves once fewer than `backlog` accepted mails are on their way to intake,
   * or after `maxWaitMs` whatever the backlog (mail is never refused for it).
   */
  async admit(backlog: number, maxWaitMs: number): Promise<void> {
    const giveUpAt = Date.now() + maxWaitMs;
    while (this.inFlight.size >= backlog && Date.now() < giveUpAt) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, giveUpAt - Date.now()));
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Delivers every entry not already on its way; returns how many went through and how many remain. */
  async redrive(): Promise<{ redriven: number; remaining: number }> {
    this.redrivesAsked++;
    const entries = await this.entries();
    const waiting = entries.filter((e) => !this.inFlight.has(e.id));
    for (const entry of waiting) await this.deliver(entry.event);
    const left = await this.entries();
    const stillWaiting = waiting.filter((e) => left.some((l) => l.id === e.id)).length;
    return { redriven: waiting.length - stillWaiting, remaining: left.length };
  }

  async list(): Promise<UndeliveredMail[]> {
    return (await this.entries()).map((e) => ({
      id: e.id,
      acceptedAt: e.acceptedAt,
      failedAttempts: e.failedAttempts,
      lastError: e.lastError ?? null,
      lastFailedAt: e.lastFailedAt ?? null,
      recipients: e.event.Records[0]?.ses.mail.destination ?? [],
      envelopeFrom: e.event.Records[0]?.ses.mail.source ?? '',
    }));
  }

  async redriveOne(id: string): Promise<boolean> {
    const entry = await this.read(id);
    if (!entry) return false;
    await this.deliver(entry.event);
    return true;
  }

  private async entries(): Promise<SpoolEntry[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries: SpoolEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const entry = await this.read(name.slice(0, -'.json'.length));
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.acceptedAt.localeCompare(b.acceptedAt));
  }

  private async read(id: string): Promise<SpoolEntry | undefined> {
    try {
      return JSON.parse(await readFile(this.path(id), 'utf8')) as SpoolEntry;
    } catch {
      return undefined;
    }
  }

  private async write(entry: SpoolEntry): Promise<void> {
    const tmp = join(this.dir, `.${entry.id}.tmp`);
    await writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
    await rename(tmp, this.path(entry.id));
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

function messageIdOf(event: SESEvent): string {
  const id = event.Records[0]?.ses.mail.messageId;
  if (!id || !/^[\w.-]+$/.test(id)) throw new Error('an SES event without a usable message id');
  return id;
}
