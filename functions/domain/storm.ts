import { normalizeText } from './triage';

/**
 * The symptom a Sev-1 report names, for storm correlation (issue 5, part 6): the configured outage
 * keywords found in its subject and text, normalised and sorted, so "API is down" and "the API
 * is down!!" match; a report naming none is the plain "sev1" symptom. Pure.
 */
export function symptomOf(subject: string, text: string, outageKeywords: readonly string[]): string {
  const haystack = normalizeText(`${subject} ${text}`);
  const found = [
    ...new Set(outageKeywords.map((k) => normalizeText(k).trim()).filter((k) => k && haystack.includes(k))),
  ].sort();
  return found.length ? found.join('|') : 'sev1';
}
