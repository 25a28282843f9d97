import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import PostalMime from 'postal-mime';
import { print, table } from './deliverability-api';

/**
 * `caseflow pages`: the Sev-1 pages a local caseflow sent, read from its outbox, with each page
 * link decoded (the `.eml` files are quoted-printable: a link copied out of one breaks).
 */

export interface SentPage {
  file: string;
  sentAt: string;
  to: string;
  reference: string;
  link: string;
}

const PAGE_SUBJECT = /^\[SEV1 PAGE\] \[(CF-\d+)\]/;
/** The link stands on a line of its own in the page text. */
const PAGE_LINK = /^https?:\/\/\S+\/pages\/\S+$/m;

/** Pages in the outbox, oldest first (file names start with the send time). */
export async function sentPages(outboxDir: string): Promise<SentPage[]> {
  let files: string[];
  try {
    files = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const pages: SentPage[] = [];
  for (const file of files) {
    const mail = await PostalMime.parse(await readFile(join(outboxDir, file)));
    const reference = PAGE_SUBJECT.exec(mail.subject ?? '')?.[1];
    const link = PAGE_LINK.exec(mail.text ?? '')?.[0];
    if (!reference || !link) continue;
    pages.push({
      file,
      sentAt: mail.date ? new Date(mail.date).toISOString() : '',
      to: (mail.to ?? []).map((a) => a.address).join(', '),
      reference,
      link,
    });
  }
  return pages;
}

export function registerPageCommands(program: Command): void {
  program
    .command('pages')
    .description('Sev-1 pages sent by the local caseflow (its outbox), oldest first, with their links')
    .option('--latest', 'print only the link of the newest page')
    .option('--case <reference>', 'only pages for this case, e.g. CF-1002')
    .option(
      '--data-dir <dir>',
      'the local data dir (default: CASEFLOW_DATA_DIR, else .caseflow)',
      process.env.CASEFLOW_DATA_DIR || '.caseflow'
    )
    .option('--json', 'print JSON')
    .action(async (o: { latest?: boolean; case?: string; dataDir: string; json?: boolean }) => {
      const outbox = join(o.dataDir, 'outbox');
      const pages = (await sentPages(outbox)).filter((p) => !o.case || p.reference === o.case.toUpperCase());
      if (!pages.length) throw new Error(`no Sev-1 page in ${outbox} yet`);
      if (o.latest) {
        const newest = pages[pages.length - 1] as SentPage;
        return print(o.json ? newest : newest.link);
      }
      if (o.json) return print(pages);
      print(
        table([['sent', 'case', 'to', 'link'], ...pages.map((p) => [p.sentAt, p.reference, p.to, p.link])])
      );
    });
}
