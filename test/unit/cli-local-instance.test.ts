import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultApiUrl } from '../../cli/commands/deliverability-api';
import { OutboxMailer } from '../../functions/adapters/local/outbox-mailer';
import { DEFAULT_WARMUP_STAGES } from '../../functions/deliverability/domain/warmup';

const run = promisify(execFile);
const caseflow = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ['bin/caseflow.mjs', ...args], {
    env: { ...process.env, CASEFLOW_API_URL: '', CASEFLOW_HTTP_PORT: '', CASEFLOW_DATA_DIR: '', ...env },
  });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseflow-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('one way to point every command at an instance', () => {
  it('the API URL: --api, else CASEFLOW_API_URL, else 127.0.0.1 on CASEFLOW_HTTP_PORT (as npm start)', () => {
    expect(defaultApiUrl({})).toBe('http://127.0.0.1:3000');
    expect(defaultApiUrl({ CASEFLOW_HTTP_PORT: '3107' })).toBe('http://127.0.0.1:3107');
    expect(defaultApiUrl({ CASEFLOW_HTTP_PORT: '3107', CASEFLOW_API_URL: 'https://x.example' })).toBe(
      'https://x.example'
    );
  });

  it('a command asks the instance on CASEFLOW_HTTP_PORT', async () => {
    const asked: string[] = [];
    const server: Server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ overrides: [] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const { stdout } = await caseflow({ CASEFLOW_HTTP_PORT: String(port) }, 'oncall', 'overrides');
      expect(JSON.parse(stdout)).toEqual({ overrides: [] });
      expect(asked).toEqual(['GET /api/oncall/overrides?limit=200']);
    } finally {
      server.close();
    }
  });
});

describe('lists read to the end', () => {
  it('caseflow mail failures and mail folder follow the cursor through every page', async () => {
    const asked: string[] = [];
    const server: Server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      const second = req.url?.includes('cursor=next');
      const field = req.url?.startsWith('/api/folders') ? 'mail' : 'failures';
      const item = (id: string) =>
        field === 'mail'
          ? { id, receivedAt: '2026-11-02T10:00:00Z', from: 'x@spam.example', subject: 'Win' }
          : { id, firstFailedAt: '2026-11-02T10:00:00Z', attempts: 1, error: 'broken' };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          [field]: [item(second ? `${field}-on-page-2` : `${field}-on-page-1`)],
          undelivered: [],
          cursor: second ? null : 'next',
        })
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const env = { CASEFLOW_HTTP_PORT: String(port) };
      const failures = (await caseflow(env, 'mail', 'failures')).stdout;
      expect(failures).toContain('failures-on-page-1');
      expect(failures).toContain('failures-on-page-2');
      const folder = (await caseflow(env, 'mail', 'folder', 'spam')).stdout;
      expect(folder).toContain('mail-on-page-2');
      expect(asked).toEqual([
        'GET /api/intake/failures?limit=200',
        'GET /api/intake/failures?limit=200&cursor=next',
        'GET /api/folders/spam?limit=200',
        'GET /api/folders/spam?limit=200&cursor=next',
      ]);
    } finally {
      server.close();
    }
  });
});

describe('caseflow pages', () => {
  const outbox = () => join(dir, 'outbox');
  const link = (id: string) => `http://127.0.0.1:3000/pages/${id}?exp=1800000000&sig=${'Ab3-_'.repeat(9)}`;

  beforeAll(async () => {
    let minute = 0;
    const mailer = new OutboxMailer(
      outbox(),
      'support.example.com',
      () => new Date(Date.UTC(2031, 0, 1, 9, minute++))
    );
    const page = (reference: string, to: string, id: string) =>
      mailer.send({
        from: { address: 'pager@support.example.com' },
        to: [to],
        subject: `[SEV1 PAGE] [${reference}] Production API down — all requests fail`,
        // Long lines: the composer encodes them quoted-printable, as in every real page.
        text: `Sev-1 for Globex S.A. (plan ENTERPRISE): the customer must be called back by 09:15 — ${'x'.repeat(80)}\n\nAcknowledge (opens a page with a button; nothing happens until you press it):\n${link(id)}\n`,
      });
    await page('CF-1002', 'oncall-primary@support.example.com', 'first');
    await mailer.send({
      from: { address: 'support@support.example.com' },
      to: ['ops@globex.example'],
      subject: '[CF-1002] acknowledgement',
      text: 'not a page',
    });
    await page('CF-1002', 'oncall-secondary@support.example.com', 'second');
    await page('CF-1005', 'oncall-primary@support.example.com', 'third');
  });

  it('the raw .eml is quoted-printable: its link cannot be copied as it stands', async () => {
    const files = (await readdir(outbox())).sort();
    const raw = await readFile(join(outbox(), files[0] ?? ''), 'utf8');
    expect(raw).toContain('quoted-printable');
    expect(raw).not.toContain(link('first'));
  });

  it('--latest prints the newest page link, decoded', async () => {
    const { stdout } = await caseflow({ CASEFLOW_DATA_DIR: dir }, 'pages', '--latest');
    expect(stdout).toBe(`${link('third')}\n`);
    const forCase = await caseflow({}, 'pages', '--latest', '--case', 'cf-1002', '--data-dir', dir);
    expect(forCase.stdout).toBe(`${link('second')}\n`);
  });

  it('lists every page, oldest first, with whom it paged', async () => {
    const { stdout } = await caseflow({}, 'pages', '--json', '--data-dir', dir);
    expect(
      JSON.parse(stdout).map((p: { reference: string; to: string; link: string }) => [
        p.reference,
        p.to,
        p.link,
      ])
    ).toEqual([
      ['CF-1002', 'oncall-primary@support.example.com', link('first')],
      ['CF-1002', 'oncall-secondary@support.example.com', link('second')],
      ['CF-1005', 'oncall-primary@support.example.com', link('third')],
    ]);
  });

  it('says where it looked when there is no page', async () => {
    const error = await caseflow({}, 'pages', '--data-dir', join(dir, 'none')).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(`no Sev-1 page in ${join(dir, 'none', 'outbox')} yet`);
  });
});

describe('caseflow warmup plan --help', () => {
  it('counts the default stages as the table and docs/deliverability.md do', async () => {
    const { stdout } = await caseflow({}, 'warmup', 'plan', '--help');
    const stages = DEFAULT_WARMUP_STAGES.length;
    expect(stdout.replace(/\s+/g, ' ')).toContain(`automated warm-up, ${stages} stages, then done`);
    const doc = await readFile('docs/deliverability.md', 'utf8');
    expect(doc.replace(/\s+/g, ' ')).toContain(`in ${stages} stages, then done`);
  });
});
