import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FileRawMailBucket } from '../../functions/adapters/local/file-raw-mail-bucket';
import { receiveMail } from '../../functions/use-cases/receive-mail';
import { localDynamoClient } from '../../local/dynamodb';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendRaw } from '../support/smtp';
import { cliAdmin } from '../support/staff';

/** Spam and virus verdicts (R-BOX-10), through real SMTP to the local runtime and back out of the API. */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

/** A designated contact's outage report to the Sev-1 hotline: it would page, were it not for SES's verdict. */
function sev1Report(verdicts: { spam: string; virus: string }, subject: string, body: string): string {
  return [
    `X-SES-Spam-Verdict: ${verdicts.spam}`,
    `X-SES-Virus-Verdict: ${verdicts.virus}`,
    'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=ops@globex.example; dkim=pass header.i=@globex.example; dmarc=pass header.from=globex.example;',
    'From: Globex Operations <ops@globex.example>',
    'To: sev1@support.example.com',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W+/g, '-')}@globex.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

const queuedId = (response: string) => /queued as (\w+)/.exec(response)?.[1] ?? '';
const get = async (path: string) => {
  const res = await cf.api(path);
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON as a client would, untyped
  return { status: res.status, text: await res.clone().text(), json: (await res.json()) as any };
};

describe('spam and virus verdicts hold the mail out of the case flow', () => {
  it('spam goes to the spam folder: listed with its verdicts, no case, no acknowledgement, no page', async () => {
    const raw = sev1Report(
      { spam: 'FAIL', virus: 'PASS' },
      'Production down URGENT spam',
      'Everything is down!'
    );
    const id = queuedId(
      await sendRaw(cf.smtpPort, { from: 'ops@globex.example', to: ['sev1@support.example.com'] }, raw)
    );
    const listed = await eventually(
      async () => {
        const { json } = await get('/api/folders/spam');
        return json.mail.find((m: { id: string }) => m.id === id);
      },
      5000,
      'the spam folder to list the mail'
    );
    expect(listed).toMatchObject({
      folder: 'spam',
      from: 'ops@globex.example',
      subject: 'Production down URGENT spam',
      recipients: ['sev1@support.example.com'],
      verdicts: { spam: 'FAIL', virus: 'PASS', dmarc: 'PASS' },
    });
    expect(Date.parse(listed.expiresAt) - Date.parse(listed.receivedAt)).toBe(90 * 86_400_000);
    expect((await get(`/api/folders/spam/${id}`)).json.id).toBe(id);

    // The raw MIME is tagged for the lifecycle rule; the table item carries its TTL.
    expect(await (cf.services.bucket as FileRawMailBucket).tagsOf(id)).toEqual({ 'caseflow-folder': 'spam' });
    const doc = DynamoDBDocumentClient.from(localDynamoClient(inject('dynamodbEndpoint')));
    const item = await doc.send(
      new GetCommand({
        TableName: Reflect.get(Reflect.get(cf.services.held, 'table'), 'name') as string,
        Key: { pk: `HELD#${id}`, sk: 'HELD' },
      })
    );
    expect(item.Item?.ttl).toBe(Math.floor(Date.parse(listed.expiresAt) / 1000));

    await new Promise((r) => setTimeout(r, 300));
    const { json: cases } = await get('/api/cases');
    expect(cases.cases.filter((c: { subject: string }) => c.subject.includes('spam'))).toHaveLength(0);
    const outbox = await readOutbox(cf.outboxDir);
    expect(outbox.filter((m) => m.to.includes('ops@globex.example'))).toHaveLength(0);
    expect(outbox.filter((m) => m.subject.startsWith('[SEV1 PAGE]'))).toHaveLength(0);
  });

  it('spam leaves the folder and its raw MIME is deleted 90 days after receipt', async () => {
    const raw = sev1Report({ spam: 'FAIL', virus: 'PASS' }, 'Cheap watches', 'Buy now');
    const id = queuedId(
      await sendRaw(cf.smtpPort, { from: 'ops@globex.example', to: ['sev1@support.example.com'] }, raw)
    );
    const held = await eventually(() => cf.services.held.getHeld(id), 5000, 'the held mail');
    const bucket = cf.services.bucket as FileRawMailBucket;
    const day89 = new Date(Date.parse(held.receivedAt) + 89 * 86_400_000);
    const day91 = new Date(Date.parse(held.receivedAt) + 91 * 86_400_000);
    expect((await cf.services.held.listHeld('spam', day89, 200)).map((h) => h.id)).toContain(id);
    expect(await bucket.expireTagged(day89)).not.toContain(id);
    expect((await cf.services.held.listHeld('spam', day91, 200)).map((h) => h.id)).not.toContain(id);
    expect(await bucket.expireTagged(day91)).toContain(id);
    expect(existsSync(bucket.pathOf(id))).toBe(false);
  });

  it('a virus is quarantined: metadata only, never its text, no acknowledgement, no page', async () => {
    const secret = 'EICAR-LIKE-PAYLOAD-TEXT-do-not-show';
    const raw = sev1Report({ spam: 'PASS', virus: 'FAIL' }, 'Invoice attached outage', secret);
    const id = queuedId(
      await sendRaw(cf.smtpPort, { from: 'ops@globex.example', to: ['sev1@support.example.com'] }, raw)
    );
    const listing = await eventually(
      async () => {
        const res = await get('/api/folders/quarantine');
        return res.json.mail.some((m: { id: string }) => m.id === id) && res;
      },
      5000,
      'the quarantine folder to list the mail'
    );
    expect(listing.text).not.toContain(secret);
    const one = await get(`/api/folders/quarantine/${id}`);
    expect(one.json).toMatchObject({ folder: 'quarantine', verdicts: { virus: 'FAIL' }, expiresAt: null });
    expect(one.text).not.toContain(secret);
    expect(await (cf.services.bucket as FileRawMailBucket).tagsOf(id)).toEqual({
      'caseflow-folder': 'quarantine',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await get('/api/folders/spam')).json.mail.map((m: { id: string }) => m.id)).not.toContain(id);
    const outbox = await readOutbox(cf.outboxDir);
    expect(outbox.filter((m) => m.to.includes('ops@globex.example'))).toHaveLength(0);
    expect(outbox.filter((m) => m.subject.startsWith('[SEV1 PAGE]'))).toHaveLength(0);
    expect(outbox.some((m) => m.raw.includes(secret))).toBe(false);
  });

  it('a second delivery of a held mail holds nothing new', async () => {
    const raw = sev1Report({ spam: 'FAIL', virus: 'PASS' }, 'Twice spam', 'Twice');
    const id = queuedId(
      await sendRaw(cf.smtpPort, { from: 'ops@globex.example', to: ['sev1@support.example.com'] }, raw)
    );
    const held = await eventually(() => cf.services.held.getHeld(id), 5000, 'the held mail');
    const again = await receiveMail(cf.services, {
      sesMessageId: id,
      rawKey: id,
      recipients: held.recipients,
      source: held.envelopeFrom,
      receivedAt: held.receivedAt,
      verdicts: held.verdicts,
    });
    expect(again).toEqual({ held: 'spam', heldId: id, created: false });
    const listed = (await get('/api/folders/spam')).json.mail.filter((m: { id: string }) => m.id === id);
    expect(listed).toHaveLength(1);
  });

  it('caseflow mail folder spam lists held mail from the command line', async () => {
    const raw = sev1Report({ spam: 'FAIL', virus: 'PASS' }, 'Listed by the CLI', 'x');
    const id = queuedId(
      await sendRaw(cf.smtpPort, { from: 'ops@globex.example', to: ['sev1@support.example.com'] }, raw)
    );
    await eventually(() => cf.services.held.getHeld(id), 5000, 'the held mail');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/caseflow.mjs', 'mail', 'folder', 'spam', '--api', cf.httpUrl],
      { env: { ...process.env, CASEFLOW_CONFIG: '', ...cliAdmin(cf) } }
    );
    expect(stdout).toMatch(new RegExp(`${id}\\s+\\S+\\s+ops@globex\\.example\\s+Listed by the CLI`));
  });

  it('an unknown folder is a 404 with the folders there are', async () => {
    const res = await get('/api/folders/inbox');
    expect(res.status).toBe(404);
    expect(res.json.error).toMatch(/spam, quarantine/);
  });
});
