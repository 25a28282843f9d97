import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import PostalMime from 'postal-mime';
import { inject } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { Config } from '../../functions/config/schema';
import { silentLog } from '../../local/console-log';
import { ensureCaseTable, localDynamoClient } from '../../local/dynamodb';
import { type LocalCaseflow, startCaseflow } from '../../local/runtime';
import { type StaffFetch, staffClients, TEST_ADMIN } from './staff';

/** A test instance's API: as its admin, or as any staff member (signed in through the local issuer). */
export interface StaffApi {
  api: StaffFetch;
  as(email: string): StaffFetch;
  /** A change whose body names its author (`by`/`from`): sent signed in as them, without it. */
  post(path: string, body: Record<string, unknown>): Promise<Response>;
}

export const testConfig = (): Config => parseConfig(demoConfig, 'test');

export function uniqueTableName(prefix = 'test'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** A fresh table in the shared DynamoDB Local, created from the same definition CDK uses. */
export async function freshTable(): Promise<{
  client: ReturnType<typeof localDynamoClient>;
  tableName: string;
}> {
  const client = localDynamoClient(inject('dynamodbEndpoint'));
  const tableName = uniqueTableName();
  await ensureCaseTable(client, tableName);
  return { client, tableName };
}

/** The whole local runtime in this process, on free ports, in a temp dir, against the shared DynamoDB. */
export async function startTestCaseflow(
  options: {
    timeScale?: number;
    config?: Config;
    clockStart?: Date;
    dynamodbClient?: DynamoDBClient;
    reportsDynamodbClient?: DynamoDBClient;
  } = {}
): Promise<LocalCaseflow & StaffApi & { cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'caseflow-test-'));
  const caseflow = await startCaseflow({
    dataDir,
    smtpPort: 0,
    httpPort: 0,
    timeScale: options.timeScale ?? 1,
    clockStart: options.clockStart,
    config: options.config ?? testConfig(),
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    dynamodbClient: options.dynamodbClient,
    reportsDynamodbClient: options.reportsDynamodbClient,
    tableName: uniqueTableName('rt'),
    log: silentLog,
    admin: TEST_ADMIN,
  });
  return {
    ...caseflow,
    ...staffClients(caseflow.httpUrl),
    cleanup: async () => {
      await caseflow.stop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
  what = 'condition'
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface OutboxMail {
  file: string;
  raw: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string | undefined;
  headers: Record<string, string>;
}

/** Every mail in an outbox, parsed, oldest first. */
export async function readOutbox(outboxDir: string): Promise<OutboxMail[]> {
  const files = (await readdir(outboxDir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(join(outboxDir, file), 'utf8');
      const email = await PostalMime.parse(raw);
      return {
        file,
        raw,
        to: (email.to ?? []).map((a) => a.address ?? ''),
        subject: email.subject ?? '',
        text: (email.text ?? '').replace(/\r\n/g, '\n'),
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.references,
        headers: Object.fromEntries(email.headers.map((h) => [h.key, h.value])),
      };
    })
  );
}

/** The page link in a page mail. */
export function pageLinkOf(mail: OutboxMail): URL {
  const match = /(https?:\/\/\S+\/pages\/\S+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no page link in mail to ${mail.to.join(', ')}`);
  return new URL(match[1]);
}
