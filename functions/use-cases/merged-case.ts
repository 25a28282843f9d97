import type { CaseRecord } from '../domain/case';
import type { Services } from './deps';

/** How many hops of merged cases a reply follows to the case that lives on. */
const MAX_MERGE_HOPS = 5;

/** The case a mail naming `c` belongs on: `c`, or the case it was merged into (and so on). */
export async function liveCaseOf(
  deps: Pick<Services, 'cases'>,
  c: CaseRecord | undefined
): Promise<CaseRecord | undefined> {
  let current = c;
  for (let hop = 0; current?.mergedInto && hop < MAX_MERGE_HOPS; hop++)
    current = (await deps.cases.getCase(current.mergedInto.caseId)) ?? current;
  return current;
}
