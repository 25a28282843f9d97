import type { Plan } from './schema';

/**
 * Plan presets encoding the source documents' policies (REQUIREMENTS.md, "Support plans").
 * The SLA issue turns hours into business calendars; here they are what acknowledgements quote.
 */
export const planPresets = {
  COMMUNITY: {
    serviceHours: 'Mon–Fri 10:00–13:00 (Europe/Warsaw), working days',
    reactionHours: null,
    criticalOnDaysOff: false,
    sev1Callback: null,
  },
  EMAIL: {
    serviceHours: 'Mon–Fri 09:00–15:00 (Europe/Warsaw), working days',
    reactionHours: 12,
    criticalOnDaysOff: false,
    sev1Callback: null,
  },
  START: {
    serviceHours: 'Mon–Fri 08:00–16:00 (Europe/Warsaw), working days',
    reactionHours: 8,
    criticalOnDaysOff: false,
    sev1Callback: null,
  },
  STANDARD: {
    serviceHours: 'Mon–Fri 07:00–17:00 (Europe/Warsaw), working days',
    reactionHours: 4,
    criticalOnDaysOff: true,
    sev1Callback: null,
  },
  PREMIUM: {
    serviceHours: '24/7 by agreement',
    reactionHours: 1,
    criticalOnDaysOff: true,
    sev1Callback: null,
  },
  /** 000_464494ab234be3c7.txt: Sev-1 24/7/365 with a 15-minute callback; non-critical in business hours. */
  ENTERPRISE: {
    serviceHours: 'Mon–Fri 09:00–17:00 (Europe/Warsaw) for non-critical issues; Sev-1 24/7/365',
    reactionHours: 4,
    criticalOnDaysOff: true,
    sev1Callback: { callbackMinutes: 15 },
  },
} satisfies Record<string, Plan>;
