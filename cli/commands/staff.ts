import type { Command } from 'commander';
import {
  defaultDataDir,
  firstAdminCredentials,
  login,
  logout,
  scriptToken,
} from '../../local/identity/session';
import { apiOption, callApi, callApiAll, print, table } from './deliverability-api';

interface UserView {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  teams: string[];
  enabled: boolean;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * `caseflow login|logout|whoami`, `caseflow users …` (admins) and `caseflow audit` (supervisors,
 * admins): staff identity from the command line, through the running caseflow's API.
 */
export function registerStaffCommands(program: Command): void {
  apiOption(
    program
      .command('login')
      .description(
        'sign in to the running caseflow and remember the session (without --email: the first admin a fresh local instance made)'
      )
      .option('--email <email>', 'your staff email')
      .option('--password <password>', 'your password (or CASEFLOW_PASSWORD)')
      .option('--json', 'print all tokens as JSON')
      .option('--data-dir <dir>', 'where sessions are kept (default: CASEFLOW_DATA_DIR, else .caseflow)')
  ).action(
    async (o: { email?: string; password?: string; json?: boolean; api: string; dataDir?: string }) => {
      const dataDir = o.dataDir ?? defaultDataDir();
      const first = o.email ? undefined : await firstAdminCredentials(dataDir);
      const email = o.email ?? first?.email;
      const password = o.password ?? process.env.CASEFLOW_PASSWORD ?? first?.password;
      if (!email || !password)
        throw new Error('say who signs in: --email <you> --password <…> (or CASEFLOW_PASSWORD)');
      const session = await login(o.api, email, password, dataDir);
      print(o.json ? session : session.accessToken);
    }
  );

  apiOption(
    program
      .command('token')
      .description(
        'print a valid access token for scripts (curl -H "authorization: Bearer $(npx caseflow token)")'
      )
  ).action(async (o: { api: string }) => print(await scriptToken(o.api)));

  apiOption(program.command('logout').description('forget the session for this caseflow')).action(
    async (o: { api: string }) => {
      await logout(o.api);
      print('signed out');
    }
  );

  apiOption(
    program.command('whoami').description('who the remembered session is, with roles and teams')
  ).action(async (o: { api: string }) => print((await callApi(o.api, 'GET', '/api/me')).json));

  const users = program
    .command('users')
    .description('staff users (admins): create, change, disable, set a password');
  apiOption(users.command('list').description('every user').option('--json', 'as JSON')).action(
    async (o: { api: string; json?: boolean }) => {
      const found = await callApiAll<UserView>(o.api, '/api/users', 'users');
      if (o.json) return print(found);
      print(
        table([
          ['EMAIL', 'NAME', 'ROLES', 'TEAMS', 'ENABLED', 'ID'],
          ...found.map((u) => [
            u.email,
            u.displayName,
            u.roles.join(','),
            u.teams.join(','),
            String(u.enabled),
            u.id,
          ]),
        ])
      );
    }
  );
  apiOption(
    users
      .command('create')
      .description('create a user (only admins)')
      .requiredOption('--email <email>', 'their email: the sign-in name')
      .requiredOption('--name <name>', 'display name (shown to customers under replies)')
      .requiredOption('--roles <roles>', 'agent, supervisor, admin (comma-separated)')
      .option('--teams <teams>', 'teams whose cases they see, e.g. L1,L2_BILLING', '')
      .option('--folders <folders>', 'held-mail folders they see: spam,quarantine', '')
      .option('--language <pl|en>', 'their language', 'en')
      .option('--signature <text>', 'under their replies')
      .option('--password <password>', 'initial password (locally; on AWS Cognito mails a temporary one)')
  ).action(
    async (o: {
      api: string;
      email: string;
      name: string;
      roles: string;
      teams: string;
      folders: string;
      language: string;
      signature?: string;
      password?: string;
    }) => {
      const { json } = await callApi(o.api, 'POST', '/api/users', {
        email: o.email,
        displayName: o.name,
        roles: list(o.roles),
        teams: list(o.teams),
        folders: list(o.folders),
        language: o.language,
        ...(o.signature ? { signature: o.signature } : {}),
        ...(o.password ? { password: o.password } : {}),
      });
      print(json);
    }
  );
  const userId = async (api: string, key: string) => {
    if (!key.includes('@')) return key;
    const found = await callApiAll<UserView>(api, '/api/users', 'users');
    const user = found.find((u) => u.email === key.toLowerCase());
    if (!user) throw new Error(`no user ${key}`);
    return user.id;
  };
  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const)
    apiOption(users.command(name).description(`${name} a user`).argument('<user>', 'email or id')).action(
      async (key: string, o: { api: string }) =>
        print((await callApi(o.api, 'POST', `/api/users/${await userId(o.api, key)}`, { enabled })).json)
    );
  apiOption(
    users
      .command('set')
      .description("change a user's roles, teams, folders, name, language or signature")
      .argument('<user>', 'email or id')
      .option('--roles <roles>')
      .option('--teams <teams>')
      .option('--folders <folders>')
      .option('--name <name>')
      .option('--language <pl|en>')
      .option('--signature <text>')
  ).action(
    async (
      key: string,
      o: {
        api: string;
        roles?: string;
        teams?: string;
        folders?: string;
        name?: string;
        language?: string;
        signature?: string;
      }
    ) => {
      const change = {
        ...(o.roles !== undefined ? { roles: list(o.roles) } : {}),
        ...(o.teams !== undefined ? { teams: list(o.teams) } : {}),
        ...(o.folders !== undefined ? { folders: list(o.folders) } : {}),
        ...(o.name !== undefined ? { displayName: o.name } : {}),
        ...(o.language !== undefined ? { language: o.language } : {}),
        ...(o.signature !== undefined ? { signature: o.signature } : {}),
      };
      print((await callApi(o.api, 'POST', `/api/users/${await userId(o.api, key)}`, change)).json);
    }
  );
  apiOption(
    users
      .command('password')
      .description("set a user's password (at least 12 characters: upper, lower, digit, symbol)")
      .argument('<user>', 'email or id')
      .requiredOption('--password <password>')
  ).action(async (key: string, o: { api: string; password: string }) =>
    print(
      (
        await callApi(o.api, 'POST', `/api/users/${await userId(o.api, key)}/password`, {
          password: o.password,
        })
      ).json
    )
  );

  apiOption(
    program
      .command('audit')
      .description('the audit log, newest first (supervisors and admins)')
      .option('--actor <email>', "one actor's actions")
      .option('--case <id>', "one case's actions")
      .option('--limit <n>', 'how many', '50')
      .option('--json', 'as JSON')
  ).action(async (o: { api: string; actor?: string; case?: string; limit: string; json?: boolean }) => {
    const query = new URLSearchParams({ limit: o.limit });
    if (o.actor) query.set('actor', o.actor);
    if (o.case) query.set('case', o.case);
    const { records } = (await callApi(o.api, 'GET', `/api/audit?${query}`)).json as {
      records: {
        at: string;
        actor: string;
        action: string;
        target?: string;
        source: string;
        outcome: string;
      }[];
    };
    if (o.json) return print(records);
    print(
      table([
        ['AT', 'ACTOR', 'ACTION', 'TARGET', 'SOURCE', 'OUTCOME'],
        ...records.map((r) => [r.at, r.actor, r.action, r.target ?? '', r.source, r.outcome]),
      ])
    );
  });
}
