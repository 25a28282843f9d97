import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { NextTarget } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { span, type Urgency, urgency } from '../lib/time';

const LOOK: Record<Urgency, StatusIndicatorProps.Type> = {
  ok: 'success',
  warning: 'warning',
  critical: 'error',
  breached: 'error',
  paused: 'stopped',
};

/**
 * The live countdown to the target people owe next. The due instant was computed by the server in
 * the plan's business time, so the wall-clock countdown to it is exact; the colour follows the
 * plan's warning instants (75 %, 90 %).
 */
export function SlaCountdown({
  target,
  now,
  compact = false,
}: {
  target: NextTarget | null;
  now: Date;
  /** In a list row: the countdown alone; the target's name is in its tooltip. */
  compact?: boolean;
}) {
  const t = useStrings();
  if (!target) return <span>—</span>;
  const level = urgency(target, now);
  const left = Date.parse(target.dueAt) - now.getTime();
  const text =
    level === 'paused'
      ? t.paused
      : level === 'breached'
        ? `${t.breached} · ${t.overdue} ${span(left)}`
        : `${t.dueIn} ${span(left)}`;
  return (
    <span data-urgency={level} title={`${target.label}: ${target.dueAt}`}>
      <StatusIndicator type={LOOK[level]}>
        {compact ? text : `${target.label}: ${text}`}
      </StatusIndicator>
    </span>
  );
}
