import { useEffect, useState } from 'react';

/** Whether this user turned single-key shortcuts off (WCAG 2.1.4), kept per user in this browser. */
export function useShortcutsSetting(userId: string): [boolean, (on: boolean) => void] {
  const key = `caseflow.shortcuts.${userId}`;
  const [on, setOn] = useState(() => localStorage.getItem(key) !== 'off');
  return [
    on,
    (next) => {
      localStorage.setItem(key, next ? 'on' : 'off');
      setOn(next);
    },
  ];
}

/**
 * Single-key shortcuts (`j`, `k`, `r`, …): ignored while typing in a field, with a modifier held,
 * or when the user turned them off.
 */
export function useShortcuts(enabled: boolean, keys: Record<string, () => void>): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      const action = keys[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, keys]);
}
