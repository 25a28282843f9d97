import { createTransport } from 'nodemailer';
import { scriptToken } from './identity/session';

/**
 * `npm run demo`: sends a few sample mails to a running `npm start` (the same CASEFLOW_SMTP_PORT
 * and CASEFLOW_HTTP_PORT), then tells you where to look. Each mail shows one path through intake.
 */
const port = Number(process.env.CASEFLOW_SMTP_PORT || 2525);
const http = `http://127.0.0.1:${process.env.CASEFLOW_HTTP_PORT || 3000}`;
/** How to start the instance this demo looks for: with the knobs this demo was given. */
const startCommand = [
  process.env.CASEFLOW_SMTP_PORT ? `CASEFLOW_SMTP_PORT=${port}` : '',
  process.env.CASEFLOW_HTTP_PORT ? `CASEFLOW_HTTP_PORT=${process.env.CASEFLOW_HTTP_PORT}` : '',
  'npm start',
]
  .filter(Boolean)
  .join(' ');
const stamp = Date.now().toString(36);

/** A Polish mail as older clients send it: ISO-8859-2, quoted-printable, encoded-word subject. */
const latin2Mail = [
  'From: Anna Nowak <anna.nowak@acme.example>',
  'To: support@support.example.com',
  'Subject: =?ISO-8859-2?Q?B=B3=B1d_przy_logowaniu_do_panelu?=',
  `Message-ID: <demo-latin2-${stamp}@acme.example>`,
  `Date: ${new Date().toUTCString()}`,
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=ISO-8859-2',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Dzie=F1 dobry,',
  '',
  'od rana nie mo=BFemy si=EA zalogowa=E6 do panelu klienta. Prosz=EA o pomoc.',
  '',
  'Anna Nowak',
  '',
].join('\r\n');

const samples = [
  {
    label: 'Acme (STANDARD) → support@, ISO-8859-2 Polish subject',
    envelope: { from: 'anna.nowak@acme.example', to: ['support@support.example.com'] },
    raw: latin2Mail,
  },
  {
    label: 'Globex (ENTERPRISE) → sev1@: Sev-1, pages on-call',
    message: {
      from: 'Globex Operations <ops@globex.example>',
      to: 'sev1@support.example.com',
      subject: 'Production API down — all requests fail',
      text: 'Since 10:02 every API call returns 503 and SMTP injection times out. This is a full outage for us.',
      messageId: `<demo-sev1-${stamp}@globex.example>`,
    },
  },
  {
    label: 'Acme (STANDARD) → sev1@: critical, but the plan has no 24/7 callback (pages nobody)',
    message: {
      from: 'Anna Nowak <anna.nowak@acme.example>',
      to: 'sev1@support.example.com',
      subject: 'Awaria: API nie działa',
      text: 'Dzień dobry, nasze API nie odpowiada od 15 minut.',
      messageId: `<demo-acme-sev1-${stamp}@acme.example>`,
    },
  },
  {
    label: 'someone unknown → billing@',
    message: {
      from: 'jan@unknown.example',
      to: 'billing@support.example.com',
      subject: 'Question about my invoice',
      text: 'Hello, I was charged twice this month.',
      messageId: `<demo-billing-${stamp}@unknown.example>`,
    },
  },
];

async function main(): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.verify();
  } catch {
    process.stderr.write(
      `Nothing answers SMTP on 127.0.0.1:${port}. Start caseflow first: ${startCommand}\n` +
        '(npm run demo reads CASEFLOW_SMTP_PORT and CASEFLOW_HTTP_PORT, as npm start does)\n'
    );
    process.exit(1);
  }
  const before = new Set((await listCases()).map((c) => c.id));
  for (const sample of samples) {
    const info =
      'raw' in sample
        ? await transport.sendMail({ envelope: sample.envelope, raw: sample.raw })
        : await transport.sendMail(sample.message);
    process.stdout.write(`sent: ${sample.label}\n      ${info.response}\n`);
  }
  transport.close();

  // Intake runs after SMTP has accepted the mail (as SES does): wait for the cases and the page.
  const opened = await until(async () => {
    const fresh = (await listCases()).filter((c) => !before.has(c.id));
    return fresh.length >= samples.length
      ? fresh.sort((a, b) => a.reference.localeCompare(b.reference, 'en', { numeric: true }))
      : undefined;
  });
  process.stdout.write('\nCases:\n');
  for (const c of opened ?? []) {
    process.stdout.write(
      `  ${c.reference}  ${c.severity.padEnd(12)} ${String(c.team).padEnd(11)} ${c.subject}\n`
    );
  }
  if (!opened) process.stdout.write('  (not all opened yet: see the npm start terminal)\n');
  const sev1 = opened?.find((c) => c.severity === 'SEV1');
  const paged =
    sev1 &&
    (await until(async () => {
      const res = await fetch(`${http}/api/cases/${sev1.reference}`, await signedIn());
      const detail = (await res.json()) as { timeline: { type: string; summary: string }[] };
      return detail.timeline.find((t) => t.type === 'page.sent');
    }));
  process.stdout.write(
    `\n${paged ? `Sev-1 ${sev1?.reference}: ${paged.summary}\n` : ''}` +
      `API:    ${http}/api/cases\nOutbox: the outbox folder printed by npm start (acknowledgements and pages as .eml)\n` +
      'Page:   npx caseflow pages --latest   (the newest Sev-1 page link, to open in a browser)\n'
  );
}

interface CaseSummary {
  id: string;
  reference: string;
  severity: string;
  team: string | null;
  subject: string;
}

let token: Promise<string> | undefined;
/** The demo reads the API as the admin of this machine's instance (docs/access.md). */
async function signedIn(): Promise<RequestInit> {
  token ??= scriptToken(http, process.env.CASEFLOW_DATA_DIR || '.caseflow');
  return { headers: { authorization: `Bearer ${await token}` } };
}

async function listCases(): Promise<CaseSummary[]> {
  let init: RequestInit;
  try {
    init = await signedIn();
  } catch (error) {
    process.stderr.write(`Cannot sign in to ${http}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  try {
    const res = await fetch(`${http}/api/cases?limit=200`, init);
    return ((await res.json()) as { cases: CaseSummary[] }).cases;
  } catch {
    process.stderr.write(`Nothing answers HTTP on ${http}. Start caseflow first: ${startCommand}\n`);
    process.exit(1);
  }
}

/** Asks until there is an answer, for at most 20 s. */
async function until<T>(ask: () => Promise<T | undefined>): Promise<T | undefined> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const answer = await ask().catch(() => undefined);
    if (answer !== undefined) return answer;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

void main();
