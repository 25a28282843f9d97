import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readConfigFile } from '../../functions/config/load';
import { sampleConfigText } from '../../functions/config/sample-config';

/**
 * `caseflow config init [file]`: writes a commented sample config that validates.
 * `caseflow config check <file>`: validates a config as `npm start` and `cdk synth` do, and lists
 * every problem by its path.
 */
export function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description('the config file: a sample to start from, and a check');

  config
    .command('init')
    .description('write a sample config (explained in its $comment fields) to start from')
    .argument('[file]', 'where to write it', 'caseflow.config.json')
    .option('--force', 'overwrite an existing file')
    .action((file: string, o: { force?: boolean }) => {
      if (existsSync(file) && !o.force) throw new Error(`${file} exists; --force overwrites it`);
      writeFileSync(file, sampleConfigText());
      process.stdout.write(
        `wrote ${file}\n` +
          `check it:  npx caseflow config check ${file}\n` +
          `run it:    CASEFLOW_CONFIG=${file} npm start\n` +
          `deploy it: npx cdk deploy -c configFile=${file}\n`
      );
    });

  config
    .command('check')
    .description('validate a config file; every problem is named by its path')
    .argument('<file>', 'the config file')
    .action((file: string) => {
      const parsed = readConfigFile(file);
      const plans = new Set(parsed.customers.map((c) => c.plan));
      process.stdout.write(
        `${file} is valid: ${parsed.supportAddresses.length} support addresses, ${parsed.customers.length} customers (plans ${[...plans].join(', ') || 'none'}), ${Object.keys(parsed.teams).length} teams, ${parsed.oncall.rotations.length} rotations\n`
      );
    });
}
