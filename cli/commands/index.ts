import type { Command } from 'commander';

/** One line per area; each module adds its subcommands (`caseflow <area> …`). */
export function registerCommands(_program: Command): void {}
