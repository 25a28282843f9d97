import type { Command } from 'commander';
import { apiOption, callApi, callApiAll, print, table } from './deliverability-api';

/**
 * `caseflow mail …`: mail intake could not handle, and held mail. Talks to the running caseflow's
 * HTTP API (`--api`, CASEFLOW_API_URL), which runs the same use-case as intake.
 */
async function request(
  api: string,
  method: 'GET' | 'POST',
  path: string,
  readable: number[] = []
): Promise<unknown> {
  return (await callApi(api, method, `/api${path}`, undefined, undefined, readable)).json;
}

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('intake failures, replay, spam and quarantine folders');

  apiOption(
    mail
      .command('replay')
      .description(
        'run intake again for a mail that failed (idempotent: a mail that made its case changes nothing)'
      )
      .argument('<id>', 'the SES message id of the failed mail')
  ).action(async (id: string, options: { api: string }) => {
    const result = (await request(
      options.api,
      'POST',
      `/intake/failures/${encodeURIComponent(id)}/replay`
    )) as {
      outcome: string;
      reference?: string;
      folder?: string;
      created?: boolean;
    };
    print(
      result.outcome === 'held'
        ? `${id}: held in ${result.folder}`
        : result.outcome === 'redriven'
          ? `${id}: intake ran again from the stored mail`
          : `${id}: case ${result.reference}${result.created ? ' opened' : ' (already existed)'}`
    );
  });

  apiOption(
    mail
      .command('redrive')
      .description('run intake again for every accepted mail not yet a case, held mail or recorded failure')
  ).action(async (options: { api: string }) => {
    // On AWS one call works through the on-failure queue for up to 20 s: go on while it gains.
    let total = 0;
    let before = Number.POSITIVE_INFINITY;
    for (;;) {
      const { redriven, remaining } = (await request(options.api, 'POST', '/intake/redrive')) as {
        redriven: number;
        remaining: number;
      };
      total += redriven;
      if (!redriven || !remaining || remaining >= before) {
        print(`${total} re-driven, ${remaining} still waiting`);
        return;
      }
      before = remaining;
    }
  });

  apiOption(
    mail
      .command('failures')
      .description('mail intake could not handle, oldest first')
      .option('--json', 'print JSON')
  ).action(async (options: { api: string; json?: boolean }) => {
    // While the database is away the API answers 503 with what the host still holds. Every page
    // is read: the list is oldest first, and what failed last is on the last page.
    type Failure = { id: string; firstFailedAt: string; attempts: number; error: string };
    type Undelivered = { id: string; acceptedAt: string; failedAttempts: number; lastError: string | null };
    let failures: Failure[] | null = [];
    let undelivered: Undelivered[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await request(options.api, 'GET', `/intake/failures${query}`, [503])) as {
        failures: Failure[] | null;
        undelivered?: Undelivered[];
        cursor?: string | null;
      };
      undelivered = page.undelivered ?? undelivered;
      if (page.failures === null) failures = null;
      else failures?.push(...page.failures);
      cursor = failures === null ? null : (page.cursor ?? null);
    } while (cursor);
    if (options.json) return print({ failures, undelivered });
    if (failures === null) print('the database is unavailable: recorded failures cannot be read now');
    if (!failures?.length && !undelivered.length) return print('no failed mail');
    print(
      table([
        ['id', 'since', 'attempts', 'error'],
        ...(failures ?? []).map((f) => [f.id, f.firstFailedAt, f.attempts, f.error.slice(0, 80)]),
        ...undelivered.map((u) => [
          u.id,
          u.acceptedAt,
          u.failedAttempts,
          (u.lastError ?? 'not yet recorded: waiting for intake').slice(0, 80),
        ]),
      ])
    );
  });

  apiOption(
    mail
      .command('folder')
      .description('held mail in a folder, newest first (metadata only)')
      .argument('<folder>', 'spam or quarantine')
      .option('--json', 'print JSON')
  ).action(async (folder: string, options: { api: string; json?: boolean }) => {
    const held = await callApiAll<{ id: string; receivedAt: string; from: string; subject: string }>(
      options.api,
      `/api/folders/${encodeURIComponent(folder)}`,
      'mail'
    );
    if (options.json) return print(held);
    if (!held.length) return print(`no mail in ${folder}`);
    print(
      table([
        ['id', 'received', 'from', 'subject'],
        ...held.map((h) => [h.id, h.receivedAt, h.from, h.subject.slice(0, 60)]),
      ])
    );
  });
}
