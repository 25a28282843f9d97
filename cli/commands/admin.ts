import { type Command, InvalidArgumentError } from 'commander';

/**
 * `caseflow admin …`: one-off operations against the table itself (with the caller's AWS
 * credentials, or a DynamoDB Local endpoint), not through the API.
 */
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`not a positive whole number: ${value}`);
  return n;
};

export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('one-off operations on the case table');

  admin
    .command('backfill-index-keys')
    .description(
      'move items from the constant index keys of older versions to day buckets and shards (docs/scale.md); ' +
        'idempotent, and an interrupted run goes on where it stopped'
    )
    .requiredOption('--table <name>', 'the case table (the stack output CaseTableName)')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. DynamoDB Local)')
    .option('--region <region>', 'AWS region (default: the SDK default chain)')
    .option('--queue-shards <n>', "the deployment's scale.queueShards", positive, 1)
    .option('--page-size <n>', 'items per scan page', positive, 500)
    .option('--restart', 'scan from the beginning again (e.g. after lowering scale.queueShards)')
    .action(
      async (options: {
        table: string;
        endpoint?: string;
        region?: string;
        queueShards: number;
        pageSize: number;
        restart?: boolean;
      }) => {
        // The AWS SDK is loaded by this command only: the others start without it.
        const [{ DynamoDBClient }, { backfillIndexKeys }, { SingleTable }] = await Promise.all([
          import('@aws-sdk/client-dynamodb'),
          import('../../functions/data/migrations/backfill-index-keys'),
          import('../../functions/data/single-table'),
        ]);
        const client = new DynamoDBClient({
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.region ? { region: options.region } : {}),
        });
        try {
          const report = await backfillIndexKeys(new SingleTable(client, options.table), {
            queueShards: options.queueShards,
            pageSize: options.pageSize,
            restart: options.restart,
            onPage: (r) =>
              process.stderr.write(`page ${r.pages}: ${r.scanned} scanned, ${r.moved} moved so far\n`),
          });
          process.stdout.write(
            `${report.done ? 'done' : 'stopped'}: ${report.scanned} items scanned, ${report.moved} moved, ` +
              `${report.changedMeanwhile} changed meanwhile (already current)\n`
          );
        } finally {
          client.destroy();
        }
      }
    );

  admin
    .command('backfill-search-index')
    .description(
      'file the words of cases opened before case search for search (R-BOX-14); idempotent, and an ' +
        'interrupted run goes on where it stopped'
    )
    .requiredOption('--table <name>', 'the case table (the stack output CaseTableName)')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. DynamoDB Local)')
    .option('--region <region>', 'AWS region (default: the SDK default chain)')
    .option('--page-size <n>', 'items per scan page', positive, 200)
    .option('--restart', 'scan from the beginning again')
    .action(
      async (options: {
        table: string;
        endpoint?: string;
        region?: string;
        pageSize: number;
        restart?: boolean;
      }) => {
        const [{ DynamoDBClient }, { backfillSearchIndex }, { SingleTable }] = await Promise.all([
          import('@aws-sdk/client-dynamodb'),
          import('../../functions/data/migrations/backfill-search-index'),
          import('../../functions/data/single-table'),
        ]);
        const client = new DynamoDBClient({
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.region ? { region: options.region } : {}),
        });
        try {
          const report = await backfillSearchIndex(new SingleTable(client, options.table), {
            pageSize: options.pageSize,
            restart: options.restart,
            onPage: (r) => process.stderr.write(`page ${r.pages}: ${r.cases} cases indexed so far\n`),
          });
          process.stdout.write(`${report.done ? 'done' : 'stopped'}: ${report.cases} cases indexed\n`);
        } finally {
          client.destroy();
        }
      }
    );
}
