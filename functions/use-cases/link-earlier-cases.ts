import type { CaseRecord, TimelineEntry } from '../domain/case';
import { namedReferences } from '../domain/triage';
import type { Services } from './deps';

/**
 * Timeline links from a new case to the earlier cases its mail names ("RCA for CF-1001, please"),
 * when they exist and belong to the same customer (never another customer's case).
 */
export async function earlierCaseLinks(
  deps: Pick<Services, 'cases'>,
  mail: { subject: string; text: string },
  belongs: (c: CaseRecord) => boolean,
  at: string
): Promise<TimelineEntry[]> {
  const links: TimelineEntry[] = [];
  for (const reference of namedReferences(mail.subject, mail.text)) {
    const id = await deps.cases.findCaseIdByReference(reference);
    const earlier = id ? await deps.cases.getCase(id) : undefined;
    if (!earlier || !belongs(earlier)) continue;
    links.push({
      at,
      type: 'case.linked',
      summary: `refers to earlier case ${earlier.reference} ("${earlier.subject}", ${earlier.severity}, ${earlier.status})`,
      actor: 'caseflow',
      data: { caseId: earlier.id, reference: earlier.reference },
    });
  }
  return links;
}
