import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { apiOption, call, print, table } from './deliverability-api';

/** `caseflow remediation …`: ISP block remediation, level 1 (R-DLV-4). Level 2 is out of scope. */
export function registerRemediationCommands(program: Command): void {
  const r = program
    .command('remediation')
    .description('ISP block remediation, level 1 (level 2 personalised mediation is out of scope)');
  apiOption(r.command('list').description('remediation tasks')).action(async (o: { api: string }) => {
    const { json } = await call(o.api, 'GET', '/remediation');
    const j = json as {
      level2: string;
      tasks: {
        id: string;
        accountId: string;
        provider: string;
        status: string;
        detectionCount: number;
        followUpAt?: string;
      }[];
    };
    print(
      table([
        ['id', 'account', 'provider', 'status', 'detections', 'follow-up'],
        ...j.tasks.map((t) => [
          t.id,
          t.accountId,
          t.provider,
          t.status,
          t.detectionCount,
          t.followUpAt ?? '',
        ]),
      ])
    );
    print(j.level2);
  });
  apiOption(r.command('show <id>').description('a task: detections, checklist, request, answers')).action(
    async (id: string, o: { api: string }) => print((await call(o.api, 'GET', `/remediation/${id}`)).json)
  );
  apiOption(
    r.command('open <account> <ndr-file>').description('open a task from a pasted bounce / NDR')
  ).action(async (account: string, file: string, o: { api: string }) =>
    print(
      (await call(o.api, 'POST', '/remediation', { accountId: account, text: await readFile(file, 'utf8') }))
        .json
    )
  );
  apiOption(
    r
      .command('check <id> <item> <status>')
      .description(
        'set a prerequisite: spf|dkim|dmarc|one-click-unsubscribe|complaint-rate to passed|failed|waived|pending'
      )
      .option('--note <text>', 'evidence, or the reason for a waiver (required for waived)')
  ).action(async (id: string, item: string, status: string, o: { api: string; note?: string }) =>
    print((await call(o.api, 'POST', `/remediation/${id}/checklist/${item}`, { status, note: o.note })).json)
  );
  apiOption(
    r
      .command('prepare <id>')
      .description('generate the prefilled request (all prerequisites passed or waived)')
  ).action(async (id: string, o: { api: string }) => {
    const { json } = await call(o.api, 'POST', `/remediation/${id}/prepare`, {});
    print((json as { request: { text: string } }).request.text);
  });
  apiOption(
    r
      .command('submit <id>')
      .description('record that the request was submitted')
      .option('--reference <ref>', "the provider's ticket number")
  ).action(async (id: string, o: { api: string; reference?: string }) =>
    print((await call(o.api, 'POST', `/remediation/${id}/submission`, { reference: o.reference })).json)
  );
  apiOption(
    r
      .command('answer <id> <outcome>')
      .description("record the provider's answer: resolved|rejected|not-eligible|pending")
      .requiredOption('--text <text>', 'what they said')
  ).action(async (id: string, outcome: string, o: { api: string; text: string }) =>
    print((await call(o.api, 'POST', `/remediation/${id}/answer`, { outcome, text: o.text })).json)
  );
}
