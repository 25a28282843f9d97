import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLog } from '../../local/console-log';
import { checkJava, LocalSetupError, startDynamoDbLocal } from '../../local/dynamodb';
import { startCaseflow } from '../../local/runtime';
import { testConfig, uniqueTableName } from '../support/harness';

/** `npm start` must say plainly what is wrong on a newcomer's machine. */
let blocker: Server;
let takenPort: number;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'caseflow-errors-'));
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  takenPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => blocker.close(r));
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

const start = (smtpPort: number, httpPort: number) =>
  startCaseflow({
    dataDir,
    smtpPort,
    httpPort,
    timeScale: 1,
    config: testConfig(),
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: uniqueTableName('err'),
    log: silentLog,
  });

describe('clear start-up errors', () => {
  it('names the SMTP port that is taken and the variable to change', async () => {
    const error = await start(takenPort, 0).catch((e) => e);
    expect(error).toBeInstanceOf(LocalSetupError);
    expect(error.message).toBe(
      `SMTP port ${takenPort} is already in use; stop the other process or set CASEFLOW_SMTP_PORT to a free port.`
    );
  });

  it('names the HTTP port that is taken, and leaves nothing running', async () => {
    const error = await start(0, takenPort).catch((e) => e);
    expect(error.message).toContain(`HTTP port ${takenPort} is already in use`);
    expect(error.message).toContain('CASEFLOW_HTTP_PORT');
    // The SMTP server it had opened was closed again: the same data dir starts cleanly.
    const running = await start(0, 0);
    await running.stop();
  });

  it('says how to install Java when it is missing', () => {
    expect(() => checkJava('java-that-is-not-installed')).toThrow(
      /needs a Java 17\+ runtime.*apt-get install -y openjdk-17-jre-headless/s
    );
  });

  it('says so too when npm start spawns DynamoDB Local at once (the check runs beside it)', async () => {
    const path = process.env.PATH;
    process.env.PATH = dataDir; // no java on it
    try {
      const error = await startDynamoDbLocal({ dbPath: join(dataDir, 'without-java') }).catch((e) => e);
      expect(error).toBeInstanceOf(LocalSetupError);
      expect(error.message).toMatch(/needs a Java 17\+ runtime.*apt-get install -y openjdk-17-jre-headless/s);
    } finally {
      process.env.PATH = path;
    }
  });
});
