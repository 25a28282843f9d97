import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../functions/adapters/local/outbox-mailer';
import { OutboxSms } from '../../functions/adapters/local/outbox-sms';

/** The local clock of a scaled run: an instant far from real time, so a real-time stamp shows. */
const scaledNow = new Date('2031-06-02T08:16:00.000Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseflow-outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the outbox keeps one clock', () => {
  it('a mail’s Date header and file name come from the clock its text was written by', async () => {
    const mailer = new OutboxMailer(dir, 'support.example.com', () => scaledNow);
    await mailer.send({
      from: { address: 'support@support.example.com' },
      to: ['anna@acme.example'],
      subject: 'hello',
      text: 'received 10:16 CEST',
    });
    const [file] = await readdir(dir);
    expect(file).toMatch(/^2031-06-02T08-16-00-000Z-/);
    const parsed = await PostalMime.parse(await readFile(join(dir, file ?? '')));
    expect(new Date(parsed.date ?? '').toISOString()).toBe(scaledNow.toISOString());
  });

  it('a text message’s file name and `at` come from the same clock', async () => {
    await new OutboxSms(dir, () => scaledNow).send('+48600100200', 'page');
    const [file] = await readdir(dir);
    expect(file).toMatch(/^2031-06-02T08-16-00-000Z-.*\.sms\.json$/);
    expect(JSON.parse(await readFile(join(dir, file ?? ''), 'utf8')).at).toBe(scaledNow.toISOString());
  });
});
