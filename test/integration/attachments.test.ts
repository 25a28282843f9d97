import { createHash, randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPLY_MESSAGE_BYTES } from '../../functions/domain/attachments';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';

/** Attachments (R-BOX-4): in by SMTP, listed and downloadable through the API; out on staff replies. */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const api = async (method: string, path: string, body?: Record<string, unknown>) => {
  const res = method === 'POST' ? await cf.post(path, body ?? {}) : await cf.api(path, { method });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON as a client would, untyped
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
};

/** Opens a case from Anna (a designated contact) with the given attachments, over real SMTP. */
async function caseWith(
  subject: string,
  attachments: { filename: string; content: Buffer; contentType: string }[]
) {
  const transport = createTransport({ host: '127.0.0.1', port: cf.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: 'Anna Nowak <anna.nowak@acme.example>',
      to: 'support@support.example.com',
      subject,
      text: 'Logs and a screenshot attached.',
      attachments,
    });
  } finally {
    transport.close();
  }
  const c = await eventually(
    async () => {
      const { json } = await api('GET', '/api/cases');
      return json.cases.find((c: { subject: string }) => c.subject === subject);
    },
    5000,
    'the case'
  );
  // The acknowledgement goes out after the case is stored: wait for it, so outbox counts are stable.
  await eventually(
    async () => (await readOutbox(cf.outboxDir)).some((m) => m.subject.includes(`[${c.reference}]`)),
    5000,
    'the acknowledgement'
  );
  return c;
}

describe('inbound attachments', () => {
  it('are stored by SHA-256 and listed on the message with name, type and size; content downloads intact', async () => {
    const pdf = randomBytes(300_000);
    const log = Buffer.from('2026-03-02 12:00 błąd zapisu: ERR_DISK_FULL\n', 'utf8');
    const c = await caseWith('Attachments in', [
      { filename: 'raport-błędów.log', content: log, contentType: 'text/plain' },
      { filename: 'dump.pdf', content: pdf, contentType: 'application/pdf' },
    ]);
    const { json: detail } = await api('GET', `/api/cases/${c.reference}`);
    const inbound = detail.messages.find((m: { direction: string }) => m.direction === 'INBOUND');
    expect(inbound.attachments).toEqual([
      expect.objectContaining({
        filename: 'raport-błędów.log',
        mimeType: 'text/plain',
        sizeBytes: log.length,
        sha256: sha256(log),
        disposition: 'attachment',
      }),
      expect.objectContaining({
        filename: 'dump.pdf',
        mimeType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256: sha256(pdf),
      }),
    ]);
    const res = await cf.api(`/api/cases/${c.reference}/attachments/${sha256(pdf)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="dump.pdf"');
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(pdf));
    expect((await api('GET', `/api/cases/${c.reference}/attachments/${'0'.repeat(64)}`)).status).toBe(404);
  });
});

describe('attachments on staff replies', () => {
  const file = (name: string, bytes: number) => ({
    filename: name,
    contentType: 'application/octet-stream',
    content: randomBytes(bytes).toString('base64'),
  });

  it('go out with the reply (up to 3) and are listed on the reply message', async () => {
    const c = await caseWith('Reply with attachments', []);
    const files = [file('fix-1.patch', 10_000), file('fix-2.patch', 20_000), file('notes.bin', 5)];
    const sent = await api('POST', `/api/cases/${c.reference}/replies`, {
      from: 'agent@support.example.com',
      text: 'The fix is attached.',
      attachments: files,
    });
    expect(sent.status).toBe(201);
    const mail = await eventually(
      async () => (await readOutbox(cf.outboxDir)).find((m) => m.messageId === sent.json.messageId),
      5000,
      'the reply in the outbox'
    );
    const parsed = await PostalMime.parse(mail.raw);
    expect(
      parsed.attachments.map((a) => ({
        name: a.filename,
        sha: sha256(new Uint8Array(a.content as ArrayBuffer)),
      }))
    ).toEqual(files.map((f) => ({ name: f.filename, sha: sha256(Buffer.from(f.content, 'base64')) })));
    const { json: detail } = await api('GET', `/api/cases/${c.reference}`);
    const reply = detail.messages.find((m: { kind: string }) => m.kind === 'reply');
    expect(
      reply.attachments.map((a: { filename: string; sizeBytes: number }) => [a.filename, a.sizeBytes])
    ).toEqual([
      ['fix-1.patch', 10_000],
      ['fix-2.patch', 20_000],
      ['notes.bin', 5],
    ]);
  });

  it('a fourth attachment is refused with a clear 400, and nothing is sent', async () => {
    const c = await caseWith('Four attachments', []);
    const before = (await readOutbox(cf.outboxDir)).length;
    const res = await api('POST', `/api/cases/${c.reference}/replies`, {
      from: 'agent@support.example.com',
      text: 'Four files.',
      attachments: [file('a', 1), file('b', 1), file('c', 1), file('d', 1)],
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/at most 3 attachments.*has 4/);
    expect((await readOutbox(cf.outboxDir)).length).toBe(before);
  });

  it('counts 20 MB on the whole encoded message: 14 MB of file goes out under 20 MB, 15.5 MB is a 413', async () => {
    const c = await caseWith('Big attachments', []);
    const ok = await api('POST', `/api/cases/${c.reference}/replies`, {
      from: 'agent@support.example.com',
      text: 'Big file.',
      attachments: [file('big.bin', 14 * 1024 * 1024)],
    });
    expect(ok.status).toBe(201);
    const mail = await eventually(
      async () => (await readOutbox(cf.outboxDir)).find((m) => m.messageId === ok.json.messageId),
      5000,
      'the big reply'
    );
    expect(Buffer.byteLength(mail.raw)).toBeLessThan(MAX_REPLY_MESSAGE_BYTES);

    const before = (await readOutbox(cf.outboxDir)).length;
    // 15.5 MB of file is under 20 MB raw but about 21 MB once base64-encoded.
    const tooBig = await api('POST', `/api/cases/${c.reference}/replies`, {
      from: 'agent@support.example.com',
      text: 'Too big.',
      attachments: [file('part1.bin', 8 * 1024 * 1024), file('part2.bin', 7.5 * 1024 * 1024)],
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error).toMatch(/at most 20 MB per message/);
    expect((await readOutbox(cf.outboxDir)).length).toBe(before);
  });
});
