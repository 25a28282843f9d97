import type { Command } from 'commander';
import { registerAccountCommands } from './accounts';
import { registerAdminCommands } from './admin';
import { registerBlacklistCommands } from './blacklist';
import { registerConfigCommands } from './config';
import { registerMailCommands } from './mail';
import { registerOncallCommands } from './oncall';
import { registerPageCommands } from './pages';
import { registerRemediationCommands } from './remediation';
import { registerSlaCommands } from './sla';
import { registerStaffCommands } from './staff';
import { registerWarmupCommands } from './warmup';

/** One line per area; each module adds its subcommands (`caseflow <area> …`). */
export function registerCommands(program: Command): void {
  registerConfigCommands(program);
  registerSlaCommands(program);
  registerOncallCommands(program);
  registerPageCommands(program);
  registerAccountCommands(program);
  registerWarmupCommands(program);
  registerBlacklistCommands(program);
  registerRemediationCommands(program);
  registerMailCommands(program);
  registerAdminCommands(program);
  registerStaffCommands(program);
}
