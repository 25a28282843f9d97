import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SESEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { IntakeSpool } from '../../local/intake-spool';

/** Flow control at the local SMTP door: a sender waits while intake is behind, never forever. */
const event = (id: string) =>
  ({ Records: [{ ses: { mail: { messageId: id, destination: [], source: '' } } }] }) as unknown as SESEvent;

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function spoolWithHeldIntake() {
  const dir = await mkdtemp(join(tmpdir(), 'caseflow-spool-'));
  dirs.push(dir);
  const release = new Map<string, () => void>();
  const spool = new IntakeSpool(
    dir,
    (e) =>
      new Promise((resolve) => {
        release.set(e.Records[0]?.ses.mail.messageId ?? '', () => resolve('done'));
      }),
    () => new Date()
  );
  await spool.init();
  return { spool, release };
}

describe('intake spool flow control', () => {
  it('admits at once below the backlog, and the next sender once a mail is through', async () => {
    const { spool, release } = await spoolWithHeldIntake();
    for (const id of ['a', 'b']) {
      await spool.accept(event(id));
      void spool.deliver(event(id));
    }
    const started = Date.now();
    await spool.admit(3, 5_000);
    expect(Date.now() - started).toBeLessThan(100);

    let admitted = false;
    const waiting = spool.admit(2, 5_000).then(() => {
      admitted = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(admitted).toBe(false);
    release.get('a')?.();
    await waiting;
    expect(admitted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('never holds a sender longer than the limit, however far behind intake is', async () => {
    const { spool } = await spoolWithHeldIntake();
    await spool.accept(event('stuck'));
    void spool.deliver(event('stuck'));
    const started = Date.now();
    await spool.admit(1, 300);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1_500);
  });
});

describe('intake spool re-drive', () => {
  it('a delivery failing while a re-drive passed it by goes again at once, not at the next watchdog round', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caseflow-spool-'));
    dirs.push(dir);
    let databaseUp = false;
    const attempts: string[] = [];
    let failInFlight: (() => void) | undefined;
    const spool = new IntakeSpool(
      dir,
      (e) => {
        attempts.push(e.Records[0]?.ses.mail.messageId ?? '');
        if (databaseUp) return Promise.resolve('done');
        // Held until the test lets it fail: the database is still away while it runs.
        return new Promise((resolve) => {
          failInFlight = () => resolve('not-recorded');
        });
      },
      () => new Date()
    );
    await spool.init();
    await spool.accept(event('m1'));
    const delivery = spool.deliver(event('m1'));
    await new Promise((r) => setTimeout(r, 20));
    databaseUp = true;
    // The database is back: its re-drive passes the mail by, because its delivery is still under way…
    expect(await spool.redrive()).toEqual({ redriven: 0, remaining: 1 });
    // …and that delivery ends in the failure it met while the database was away.
    failInFlight?.();
    await delivery;
    expect(attempts).toEqual(['m1', 'm1']);
    expect(await spool.list()).toEqual([]);
  });

  it('without a re-drive asked meanwhile, a failed mail stays listed with its error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caseflow-spool-'));
    dirs.push(dir);
    const spool = new IntakeSpool(
      dir,
      () => Promise.resolve('not-recorded'),
      () => new Date()
    );
    await spool.init();
    await spool.accept(event('m2'));
    await spool.deliver(event('m2'));
    expect(await spool.list()).toEqual([
      expect.objectContaining({
        id: 'm2',
        failedAttempts: 1,
        lastError: expect.stringMatching(/could not be recorded/),
      }),
    ]);
  });
});
