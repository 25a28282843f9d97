/**
 * A staff mail reply to a page (issue 5, part 5): "ack" or "ack 20" (I'll call within 20 minutes)
 * on the first line that is not a quote. Anything else is not a command. Pure.
 */
export function parsePageReply(text: string): { etaMinutes?: number } | undefined {
  const first = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('>'));
  if (!first) return undefined;
  const m = /^ack(?:\s+(\d{1,3})(?:\s*(?:m|min|mins|minutes?))?)?[\s.!]*$/i.exec(first);
  if (!m) return undefined;
  if (m[1] === undefined) return {};
  const eta = Number(m[1]);
  return eta >= 1 ? { etaMinutes: eta } : {};
}
