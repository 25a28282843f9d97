import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * The command areas, each with the top-level commands it adds (`caseflow <command> …`). An area's
 * module is imported only when one of its commands runs, so `caseflow sla due` does not load the
 * HTTP client, MIME parser and the rest that other areas need.
 */
export const AREAS: { commands: string[]; load: () => Promise<Register> }[] = [
  { commands: ['config'], load: async () => (await import('./config')).registerConfigCommands },
  { commands: ['sla'], load: async () => (await import('./sla')).registerSlaCommands },
  { commands: ['oncall'], load: async () => (await import('./oncall')).registerOncallCommands },
  { commands: ['pages'], load: async () => (await import('./pages')).registerPageCommands },
  { commands: ['accounts'], load: async () => (await import('./accounts')).registerAccountCommands },
  { commands: ['warmup'], load: async () => (await import('./warmup')).registerWarmupCommands },
  { commands: ['blacklist'], load: async () => (await import('./blacklist')).registerBlacklistCommands },
  {
    commands: ['remediation'],
    load: async () => (await import('./remediation')).registerRemediationCommands,
  },
  { commands: ['mail'], load: async () => (await import('./mail')).registerMailCommands },
  {
    // `report` is shared: SLA and agent statistics here, availability and billing in report-time.
    commands: ['report', 'reports'],
    load: async () => {
      const [reports, time] = await Promise.all([import('./reports'), import('./report-time')]);
      return (program) => {
        reports.registerReportCommands(program);
        time.registerReportTimeCommands(program);
      };
    },
  },
  { commands: ['admin'], load: async () => (await import('./admin')).registerAdminCommands },
  {
    commands: ['login', 'token', 'logout', 'whoami', 'users', 'audit'],
    load: async () => (await import('./staff')).registerStaffCommands,
  },
];

/**
 * Registers the area of `command` (the first argument), or every area when it names none of
 * theirs: help, or a typo that commander suggests a command for.
 */
export async function registerCommands(program: Command, command?: string): Promise<void> {
  const area = AREAS.find((a) => command !== undefined && a.commands.includes(command));
  const registers = await Promise.all((area ? [area] : AREAS).map((a) => a.load()));
  for (const register of registers) register(program);
}
