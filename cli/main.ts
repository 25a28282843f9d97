import { Command } from 'commander';
import { registerCommands } from './commands';

/**
 * `caseflow`: the command line. Each area registers its own subcommands in cli/commands/; the
 * commands call the same domain and use-case code as the service, never a copy of it. Node runs
 * it from the bundle scripts/build-bundles.mjs makes (dist/cli/main.mjs), through bin/caseflow.mjs.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command()
  .name('caseflow')
  .description('caseflow support-case system: command line')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

await registerCommands(program, process.argv[2]);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`caseflow: ${error.message}\n`);
  process.exitCode = 1;
});
