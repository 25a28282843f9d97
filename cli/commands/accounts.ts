import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { apiOption, call, print, table } from './deliverability-api';

/** `caseflow accounts list|show|put|delete` (R-DLV-1). */
export function registerAccountCommands(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('enterprise accounts: TAM, sending IPs, domains, streams');
  apiOption(accounts.command('list').description('every account (config and API)')).action(
    async (o: { api: string }) => {
      const { json } = await call(o.api, 'GET', '/accounts');
      const list = (
        json as {
          accounts: {
            id: string;
            name: string;
            source: string;
            tam: { email: string };
            ips: string[];
            domains: string[];
          }[];
        }
      ).accounts;
      print(
        table([
          ['id', 'name', 'TAM', 'IPs', 'domains', 'source'],
          ...list.map((a) => [a.id, a.name, a.tam.email, a.ips.length, a.domains.length, a.source]),
        ])
      );
    }
  );
  apiOption(accounts.command('show <id>').description('an account with its timeline')).action(
    async (id: string, o: { api: string }) =>
      print((await call(o.api, 'GET', `/accounts/${encodeURIComponent(id)}`)).json)
  );
  apiOption(
    accounts
      .command('put <id> <file.json>')
      .description('create or replace an account from JSON (same fields as the config)')
  ).action(async (id: string, file: string, o: { api: string }) =>
    print(
      (
        await call(
          o.api,
          'PUT',
          `/accounts/${encodeURIComponent(id)}`,
          JSON.parse(await readFile(file, 'utf8'))
        )
      ).json
    )
  );
  apiOption(accounts.command('delete <id>').description('delete an account created through the API')).action(
    async (id: string, o: { api: string }) => {
      await call(o.api, 'DELETE', `/accounts/${encodeURIComponent(id)}`);
      print(`deleted ${id}`);
    }
  );
}
