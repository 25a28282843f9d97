import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SESEvent } from 'aws-lambda';
import { createTransport } from 'nodemailer';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { Config } from '../../functions/config/schema';
import type { OutboundMail } from '../../functions/ports';
import type { OpenCaseResult } from '../../functions/use-cases/inbound-mail';
import type { StaffFetch } from '../../test/support/staff';
import type { CostMeter } from './meter';

/**
 * The documented mix `npm run cost` replays (docs/cost.md). A "case" is one item of the mix: a new
 * thread from a customer, or one automated or held mail.
 */
export const MIX = [
  {
    kind: 'ordinary',
    share: 0.8,
    what: 'a question by mail from a designated contact → acknowledgement → an agent opens it and replies → the customer replies by mail → the agent opens it and resolves it',
  },
  {
    kind: 'automated',
    share: 0.15,
    what: 'automated or held mail, in turn: an out-of-office reply, a newsletter, a delivery failure report, mail with a spam verdict; no acknowledgement',
  },
  {
    kind: 'sev1',
    share: 0.05,
    what: 'a Sev-1 from a designated contact to the hotline → acknowledgement and page → the on-call engineer opens the page link, acknowledges, confirms the callback → an agent opens it and sends an update → the agent opens it and resolves it',
  },
] as const;
export type Kind = (typeof MIX)[number]['kind'];

/** The kinds of `cases` items in the mix's proportions, interleaved (Sev-1 cases spread over the run). */
export function mixOf(cases: number): Kind[] {
  const counts = new Map<Kind, number>();
  let left = cases;
  for (const { kind, share } of [...MIX].reverse()) {
    const n = kind === 'ordinary' ? left : Math.round(cases * share);
    counts.set(kind, n);
    left -= n;
  }
  // Each kind at evenly spaced positions, in order of position (a Bresenham-like merge).
  return [...counts]
    .flatMap(([kind, n]) => Array.from({ length: n }, (_, i) => ({ kind, at: (i + 0.5) / n })))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.kind);
}

const CUSTOMER_DOMAINS = { acme: 'acme.example', globex: 'globex.example' } as const;

/** The demo config with a designated contact per case, so no sender meets the per-sender acknowledgement limit. */
export function costConfig(cases: number): Config {
  return parseConfig(
    {
      ...demoConfig,
      customers: demoConfig.customers.map((c) => ({
        ...c,
        contacts: [
          ...c.contacts,
          ...Array.from({ length: cases }, (_, i) => ({
            email: contactOf(c.id as keyof typeof CUSTOMER_DOMAINS, i),
            name: `Contact ${i}`,
          })),
        ],
      })),
    },
    'cost model'
  );
}

const contactOf = (customer: keyof typeof CUSTOMER_DOMAINS, i: number) =>
  `contact-${i}@${CUSTOMER_DOMAINS[customer]}`;

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/mail/', import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const ORDINARY = [
  ['globex', fixture('07-outlook-globex-not-urgent-en.eml')],
  ['acme', fixture('11-gmail-acme-complete-report-en.eml')],
  ['globex', fixture('08-gmail-globex-no-outage-question-en.eml')],
  ['globex', fixture('25-gmail-globex-vps-firewall-en.eml')],
] as const;
const SEV1 = fixture('67-apple-globex-sev1-api-503-en.eml');
const AUTOMATED = [
  fixture('auto-ooo-outlook.eml'),
  fixture('37-bulk-newsletter-en.eml'),
  fixture('dsn-postfix-rfc3464.eml'),
  fixture('34-spam-verdict-globex-outage-en.eml'),
];

/** A fixture with a header replaced (or added on top) — only in the header block. */
function withHeader(raw: string, name: string, value: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const [head, body] = [raw.slice(0, split), raw.slice(split)];
  const line = new RegExp(`^${name}:.*(?:\\r?\\n[ \\t].*)*$`, 'im');
  return (line.test(head) ? head.replace(line, `${name}: ${value}`) : `${name}: ${value}\n${head}`) + body;
}

const newMessageId = (domain: string) => `<cost-${randomBytes(8).toString('hex')}@${domain}>`;

export interface Replay {
  /** Inbound mails and their bytes, as SES receives them. */
  inbound: { messages: number; bytes: number[] };
  /** Problems met (a missing page, a refused request): the run still prices what it counted. */
  problems: string[];
}

/**
 * Drives the mix through a running local caseflow: SMTP in (as SES receives), the API as the
 * console and the on-call engineer call it. Each step waits for the intake that handles its mail.
 */
export class MixDriver {
  readonly replay: Replay = { inbound: { messages: 0, bytes: [] }, problems: [] };
  private readonly intakeDone = new Map<string, (result: unknown) => void>();
  private readonly pages: OutboundMail[] = [];
  private readonly smtp;

  constructor(
    private readonly cf: { smtpPort: number; httpUrl: string },
    meter: CostMeter,
    private readonly agent: StaffFetch
  ) {
    this.smtp = createTransport({
      host: '127.0.0.1',
      port: cf.smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 4,
    });
    meter.onDone((fn, args, result) => {
      if (fn !== 'intake') return;
      const id = (args[0] as SESEvent).Records[0]?.ses.mail.commonHeaders.messageId?.trim();
      if (id) this.intakeDone.get(id)?.([result].flat()[0]);
    });
    meter.onMail((mail) => {
      if (mail.subject.includes('[SEV1 PAGE]')) this.pages.push(mail);
    });
  }

  /** Pages sent (each would also be an SMS where the on-call chain has phone numbers). */
  get pageCount(): number {
    return this.pages.length;
  }

  close(): void {
    this.smtp.close();
  }

  async run(kind: Kind, i: number): Promise<void> {
    try {
      if (kind === 'ordinary') await this.ordinary(i);
      else if (kind === 'sev1') await this.sev1(i);
      else await this.automated(i);
    } catch (error) {
      this.replay.problems.push(`${kind} #${i}: ${(error as Error).message}`);
    }
  }

  private async ordinary(i: number): Promise<void> {
    const [customer, template] = ORDINARY[i % ORDINARY.length] as (typeof ORDINARY)[number];
    const from = contactOf(customer, i);
    const opened = await this.mail(withHeader(template, 'From', `"Contact ${i}" <${from}>`), from);
    const first = await this.open(opened.reference);
    const reply = await this.post(`/api/cases/${opened.reference}/replies`, {
      text: 'Thank you for the details. Please restart the export once from Settings → Data; it should run within a minute. If it does not, send us the time you tried.',
    });
    const { messageId } = (await reply.json()) as { messageId: string };
    const customerReply = [
      `From: "Contact ${i}" <${from}>`,
      'To: support@support.example.com',
      `Subject: Re: [${opened.reference}] ${first.subject}`,
      `Message-ID: ${newMessageId(CUSTOMER_DOMAINS[customer])}`,
      `In-Reply-To: ${messageId}`,
      `References: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'It worked on the second try, thank you. Is there a way to schedule the export every night?',
      '',
      '> Thank you for the details. Please restart the export once from Settings.',
      '',
    ].join('\r\n');
    await this.mail(customerReply, from);
    await this.open(opened.reference);
    await this.post(`/api/cases/${opened.reference}/resolve`, {});
  }

  private async sev1(i: number): Promise<void> {
    const from = contactOf('globex', i);
    const raw = withHeader(
      withHeader(SEV1, 'From', `"Contact ${i}" <${from}>`),
      'To',
      'sev1@support.example.com'
    );
    const opened = await this.mail(raw, from, 'sev1@support.example.com');
    const page = await this.until(`the page for ${opened.reference}`, () =>
      this.pages.find((p) => `${p.subject}\n${p.text}`.includes(opened.reference))
    );
    const link = new URL(/(https?:\/\/\S+\/pages\/\S+)/.exec(page.text)?.[1] ?? '');
    // The engineer opens the link (GET shows), acknowledges (POST), then confirms the callback.
    await this.fetchOk(link, {});
    await this.fetchOk(link, { method: 'POST', body: new URLSearchParams() });
    const callback = new URL(link);
    callback.pathname = `${link.pathname}/callback`;
    await this.fetchOk(callback, { method: 'POST', body: new URLSearchParams() });
    await this.open(opened.reference);
    await this.post(`/api/cases/${opened.reference}/replies`, {
      text: 'Update: the API gateway has been restarted and errors are falling; next update within the hour.',
    });
    await this.open(opened.reference);
    await this.post(`/api/cases/${opened.reference}/resolve`, {});
  }

  private async automated(i: number): Promise<void> {
    const template = AUTOMATED[i % AUTOMATED.length] as string;
    const to =
      /^To:.*?([\w.+-]+@support\.example\.com)/im.exec(template)?.[1] ?? 'support@support.example.com';
    const from = /^From:.*?([\w.+-]+@[\w.-]+)/im.exec(template)?.[1] ?? 'mailer-daemon@example.org';
    await this.mail(template, from, to);
  }

  /** Sends a mail by SMTP with a fresh Message-ID and waits until intake has handled it. */
  private async mail(
    template: string,
    from: string,
    to = 'support@support.example.com'
  ): Promise<OpenCaseResult> {
    const messageId =
      /^Message-ID:\s*(<cost-[^>]+>)/im.exec(template)?.[1] ??
      newMessageId(from.split('@')[1] ?? 'example.org');
    const raw = withHeader(template, 'Message-ID', messageId);
    const done = new Promise<unknown>((resolve) => this.intakeDone.set(messageId, resolve));
    await this.smtp.sendMail({ envelope: { from, to }, raw });
    this.replay.inbound.messages++;
    this.replay.inbound.bytes.push(Buffer.byteLength(raw));
    let timer: NodeJS.Timeout | undefined;
    try {
      return (await Promise.race([
        done,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('intake took over 60 s')), 60_000);
        }),
      ])) as OpenCaseResult;
    } finally {
      clearTimeout(timer);
      this.intakeDone.delete(messageId);
    }
  }

  /** What the console asks when an agent opens a case: the team's queue, the case, presence. */
  private async open(reference: string): Promise<{ id: string; subject: string }> {
    const res = await this.fetchOk(new URL(`/api/cases/${reference}`, this.cf.httpUrl), {}, this.agent);
    const detail = (await res.json()) as { id: string; subject: string; team: string };
    await this.fetchOk(new URL(`/api/queue?team=${detail.team}`, this.cf.httpUrl), {}, this.agent);
    await this.post(`/api/cases/${detail.id}/presence`, { replying: false });
    return detail;
  }

  private post(path: string, body: unknown): Promise<Response> {
    return this.fetchOk(
      new URL(path, this.cf.httpUrl),
      { method: 'POST', body: JSON.stringify(body) },
      this.agent
    );
  }

  private async fetchOk(
    url: URL,
    init: RequestInit,
    via: (path: string, init?: RequestInit) => Promise<Response> = (u, i) => fetch(u, i)
  ): Promise<Response> {
    const res = await via(url.toString(), init);
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url.pathname} answered ${res.status}`);
    return res;
  }

  private async until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
