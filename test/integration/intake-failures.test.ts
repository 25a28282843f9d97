import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeFromSes } from '../../functions/handlers/intake';
import { ALL_PASS, sesLambdaEvent } from '../../local/ses-stand-in';
import { readOutbox, startTestCaseflow } from '../support/harness';
import { cliAdmin } from '../support/staff';

/** Never lose mail: a mail intake cannot handle is kept with its error, listed and replayable. */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const run = promisify(execFile);
const caseflow = (...args: string[]) =>
  run(process.execPath, ['bin/caseflow.mjs', ...args, '--api', cf.httpUrl], {
    env: { ...process.env, CASEFLOW_CONFIG: '', ...cliAdmin(cf) },
  });

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

const rawMail = (subject: string) =>
  Buffer.from(
    `From: Anna Nowak <anna.nowak@acme.example>\r\nTo: support@support.example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W+/g, '-')}@acme.example>\r\n\r\nThe export page shows an error.\r\n`
  );

/** The SES event for a mail whose raw object is not (yet) where intake reads it. */
const eventFor = (sesMessageId: string) =>
  sesLambdaEvent({
    messageId: sesMessageId,
    receivedAt: cf.clock.now(),
    envelopeFrom: 'anna.nowak@acme.example',
    recipients: ['support@support.example.com'],
    headers: [],
    verdicts: ALL_PASS,
    functionArn: 'arn:aws:lambda:local:000000000000:function:caseflow-intake',
    processingTimeMillis: 1,
  });

const api = async (method: string, path: string) => {
  const res = await cf.api(path, { method });
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON as a client would, untyped
  return { status: res.status, json: (await res.json()) as any };
};

describe('mail too big for a database item', () => {
  it('a megabyte of pasted logs still makes a case: the message keeps the start, the raw MIME keeps it all', async () => {
    const id = 'big0000000000000000000000000000000000001';
    const logs = '2026-03-01 12:00:00 ERROR disk full on /var\r\n'.repeat(24_000);
    const raw = Buffer.from(
      `From: anna.nowak@acme.example\r\nTo: support@support.example.com\r\nSubject: ${'Eksport '.repeat(300)}\r\nMessage-ID: <big@acme.example>\r\n\r\n${logs}`
    );
    await writeFile(join(cf.dataDir, 'mail', 'inbound', id), raw);
    const [result] = (await intakeFromSes(cf.services, '')(eventFor(id))) as { reference: string }[];
    const detail = await api('GET', `/api/cases/${result!.reference}`);
    const message = detail.json.messages.find((m: { direction: string }) => m.direction === 'INBOUND');
    expect(message.text.length).toBeLessThan(61_000);
    expect(message.text).toMatch(/more characters are in the raw message\]$/);
    expect(message.rawKey).toBe(id);
    expect(detail.json.subject.length).toBeLessThanOrEqual(998);
  });
});

describe('intake failures are kept, listed and replayable', () => {
  it('records every failed attempt with its error; a replay opens the case once and resolves it', async () => {
    const id = 'fail000000000000000000000000000000000001';
    const intake = intakeFromSes(cf.services, '');
    await expect(intake(eventFor(id))).rejects.toThrow(/ENOENT/);
    await expect(intake(eventFor(id))).rejects.toThrow(/ENOENT/);

    const { json: listed } = await api('GET', '/api/intake/failures');
    const failure = listed.failures.find((f: { id: string }) => f.id === id);
    expect(failure).toMatchObject({
      status: 'failed',
      attempts: 2,
      recipients: ['support@support.example.com'],
      rawKey: id,
      outcome: null,
    });
    expect(failure.error).toMatch(/ENOENT/);

    // The fault is fixed (the raw object is readable now): replay.
    await writeFile(join(cf.dataDir, 'mail', 'inbound', id), rawMail('Export page error replayed'));
    const replayed = await api('POST', `/api/intake/failures/${id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.json).toMatchObject({ id, outcome: 'case', created: true });
    const detail = await api('GET', `/api/cases/${replayed.json.reference}`);
    expect(detail.json.subject).toBe('Export page error replayed');

    const after = await api('GET', `/api/intake/failures/${id}`);
    expect(after.json).toMatchObject({
      status: 'resolved',
      outcome: { caseId: replayed.json.caseId, reference: replayed.json.reference },
    });
    expect(
      (await api('GET', '/api/intake/failures')).json.failures.map((f: { id: string }) => f.id)
    ).not.toContain(id);

    // Replaying again is harmless: the same case, no second acknowledgement.
    const again = await api('POST', `/api/intake/failures/${id}/replay`);
    expect(again.json).toMatchObject({ outcome: 'case', caseId: replayed.json.caseId, created: false });
    const acks = (await readOutbox(cf.outboxDir)).filter((m) => m.subject.includes(replayed.json.reference));
    expect(acks).toHaveLength(1);
  });

  it('a replay that fails again keeps the mail listed with the new attempt', async () => {
    const id = 'fail000000000000000000000000000000000002';
    await expect(intakeFromSes(cf.services, '')(eventFor(id))).rejects.toThrow();
    const res = await api('POST', `/api/intake/failures/${id}/replay`);
    expect(res.status).toBe(409);
    expect(res.json.failure).toMatchObject({ id, status: 'failed', attempts: 2 });
    expect((await api('POST', '/api/intake/failures/nope/replay')).status).toBe(404);
  });

  it('caseflow mail failures lists them and caseflow mail replay <id> replays one', async () => {
    const id = 'fail000000000000000000000000000000000003';
    await expect(intakeFromSes(cf.services, '')(eventFor(id))).rejects.toThrow();
    const { stdout: list } = await caseflow('mail', 'failures');
    expect(list).toContain(id);
    expect(list).toMatch(/ENOENT/);

    await expect(caseflow('mail', 'replay', id)).rejects.toMatchObject({
      stderr: expect.stringMatching(/replay failed: .*ENOENT/),
    });
    await writeFile(join(cf.dataDir, 'mail', 'inbound', id), rawMail('Replayed from the command line'));
    const { stdout } = await caseflow('mail', 'replay', id);
    expect(stdout).toMatch(new RegExp(`^${id}: case CF-\\d+ opened`));
    const { stdout: again } = await caseflow('mail', 'replay', id);
    expect(again).toMatch(/already existed/);
    expect((await caseflow('mail', 'failures')).stdout).not.toContain(id);
  });
});
