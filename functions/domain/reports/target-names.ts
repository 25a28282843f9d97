import type { ReportTargetKind } from './facts';

/** The target kinds' names as people read them: the console's reports and the monthly summary mail. */
export const TARGET_KIND_NAMES: Readonly<Record<'en' | 'pl', Readonly<Record<ReportTargetKind, string>>>> = {
  en: {
    acknowledgement: 'Acknowledgement',
    firstResponse: 'First response',
    update: 'Update cadence',
    resolution: 'Resolution',
    sev1Callback: 'Sev-1 callback',
  },
  pl: {
    acknowledgement: 'Potwierdzenie',
    firstResponse: 'Pierwsza odpowiedź',
    update: 'Częstotliwość aktualizacji',
    resolution: 'Rozwiązanie',
    sev1Callback: 'Oddzwonienie Sev-1',
  },
};
