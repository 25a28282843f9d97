import type { Log } from '../functions/ports';

/** Terse local logging to stderr: one line per event, ids only. */
export function consoleLog(): Log {
  const line = (level: string, message: string, extra: Record<string, unknown>[]) => {
    const fields = Object.assign({}, ...extra);
    const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
    process.stderr.write(`[caseflow] ${level} ${message}${rest}\n`);
  };
  return {
    info: (m, ...e) => line('info ', m, e),
    warn: (m, ...e) => line('warn ', m, e),
    error: (m, ...e) => line('error', m, e),
  };
}

export const silentLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };
