import { join, resolve } from 'node:path';
import { type LaunchedDynamoDbLocal, LocalSetupError, launchDynamoDbLocal } from './dynamodb-process';
import { LocalEnvSchema } from './env';

/**
 * `npm start`. DynamoDB Local's JVM is the slowest part of a start, so it is spawned first, from
 * this small module; the rest of caseflow loads and starts while it comes up.
 */
let launched: Promise<LaunchedDynamoDbLocal> | undefined;

async function main(): Promise<void> {
  // Lambda runs Node 22; locally Node 20 is supported, so the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const parsed = LocalEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new LocalSetupError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const env = parsed.data;
  const started = Date.now();
  launched = launchDynamoDbLocal({ dbPath: join(resolve(env.CASEFLOW_DATA_DIR), 'dynamodb') });
  launched.catch(() => undefined);
  const { startCaseflow } = await import('./runtime');
  const caseflow = await startCaseflow({
    dataDir: env.CASEFLOW_DATA_DIR,
    smtpPort: env.CASEFLOW_SMTP_PORT,
    httpPort: env.CASEFLOW_HTTP_PORT,
    timeScale: env.CASEFLOW_TIME_SCALE,
    clockStart: env.CASEFLOW_CLOCK_START ? new Date(env.CASEFLOW_CLOCK_START) : undefined,
    dnsResolver: env.CASEFLOW_DNS_RESOLVER,
    admin: { email: env.CASEFLOW_ADMIN_EMAIL, password: env.CASEFLOW_ADMIN_PASSWORD },
    dynamodbLaunched: launched,
  });
  const admin = caseflow.firstAdmin;
  const adminLine = !admin
    ? ''
    : admin.generatedPassword
      ? `  admin     ${admin.email}  password ${admin.generatedPassword}  (shown once: sign in to the console, or npx caseflow login)\n`
      : `  admin     ${admin.email} created (password from CASEFLOW_ADMIN_PASSWORD)\n`;
  const scale =
    env.CASEFLOW_TIME_SCALE === 1 && !env.CASEFLOW_CLOCK_START
      ? ''
      : `\n  time      ×${env.CASEFLOW_TIME_SCALE}, now ${caseflow.clock.now().toISOString()} (local simulation: times shown are the scaled clock's)`;
  process.stdout.write(
    `caseflow is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
      `  console   ${caseflow.httpUrl}/  (the agent console: sign in as a staff user)\n` +
      `  SMTP      127.0.0.1:${caseflow.smtpPort}  (mail to ${caseflow.services.config.supportAddresses.map((a) => a.address).join(', ')})\n` +
      `  HTTP      ${caseflow.httpUrl}  (/health, /api/cases with a token)\n` +
      `  sign-in   ${caseflow.issuerUrl}  (npx caseflow login --email … --password …)\n` +
      adminLine +
      `  outbox    ${caseflow.outboxDir}\n` +
      `  DNSBL     ${caseflow.deliverability.resolver ?? 'no resolver (CASEFLOW_DNS_RESOLVER unset): blacklist checks report "unknown"'}\n` +
      `  data      ${caseflow.dataDir}${scale}\n` +
      'Try: npm run demo    Stop: Ctrl-C\n'
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await caseflow.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(async (error) => {
  // A start that failed takes the emulator it spawned down with it (startCaseflow stops the one
  // it waited for; this one may not have got that far).
  await launched?.then(
    (l) => l.emulator.child.kill(),
    () => undefined
  );
  const { ConfigError } = await import('../functions/config/load');
  const known = error instanceof LocalSetupError || error instanceof ConfigError;
  process.stderr.write(`caseflow could not start: ${known ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
