import type { Command } from 'commander';
import { registerSlaCommands } from './sla';

/** One line per area; each module adds its subcommands (`caseflow <area> …`). */
export function registerCommands(program: Command): void {
  registerSlaCommands(program);
}
