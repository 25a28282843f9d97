import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '../../functions/domain/team';
import { TOTAL_COUNTED } from '../../functions/use-cases/search-cases';
import { startTestCaseflow } from '../support/harness';
import { inPool, seedOpenCase } from '../support/seed-cases';

/**
 * A search a whole desk matches (R-BOX-14): it reads newest first only as far as the page and
 * `TOTAL_COUNTED` matches, says the total is a lower bound then, pages through every match, and
 * counts exactly what an agent of a small team may see.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const L1_CASES = TOTAL_COUNTED + 30;
const BILLING_CASES = 20;

interface Found {
  cases: { reference: string; team: string }[];
  cursor: string | null;
  total: number;
  totalExact: boolean;
}
const search = async (query: string, api = cf.api): Promise<Found> => {
  const res = await api(`/api/cases?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Found;
};

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
  const seeds = Array.from({ length: L1_CASES + BILLING_CASES }, (_, i) => i);
  await inPool(seeds, 8, (i) =>
    seedOpenCase(cf.services, {
      id: `many-${i}`,
      reference: `CF-${300_000 + i}`,
      subject: `Zgłoszenie ${i}`,
      // Every case has "wspólne"; every tenth also "rzadkie".
      text: `Wspólne słowa każdej wiadomości.${i % 10 === 0 ? ' Rzadkie słowo.' : ''}`,
      team: (i < L1_CASES ? 'L1' : 'L2_BILLING') as Team,
      customer: { id: 'acme', name: 'Acme', person: 'anna' },
      // One minute apart, so newest first is a known order.
      createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      nextDueAt: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
    })
  );
}, 180_000);
afterAll(async () => {
  await cf?.cleanup();
});

describe('a search the whole desk matches', () => {
  it('counts up to the bound, says so, and shows the newest first', async () => {
    const found = await search('q=wspolne&limit=20');
    expect(found.total).toBe(TOTAL_COUNTED);
    expect(found.totalExact).toBe(false);
    expect(found.cases.map((c) => c.reference)).toEqual(
      Array.from({ length: 20 }, (_, i) => `CF-${300_000 + L1_CASES + BILLING_CASES - 1 - i}`)
    );
    // A word fewer cases have is counted exactly.
    const rare = await search('q=rzadkie');
    expect(rare.total).toBe((L1_CASES + BILLING_CASES) / 10);
    expect(rare.totalExact).toBe(true);
    // Both words: only the cases with the rarer one.
    expect((await search('q=wspolne%20rzadk')).total).toBe((L1_CASES + BILLING_CASES) / 10);
  });

  it('pages through every match, and the total becomes exact once the rest is within the bound', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let last: Found | undefined;
    do {
      last = await search(`q=wspolne&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...last.cases.map((c) => c.reference));
      cursor = last.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(L1_CASES + BILLING_CASES);
    expect(seen).toHaveLength(L1_CASES + BILLING_CASES);
    expect(last.total).toBe(L1_CASES + BILLING_CASES);
    expect(last.totalExact).toBe(true);
  });

  it("counts exactly the cases of an agent's teams, however many others match", async () => {
    const created = await cf.api('/api/users', {
      method: 'POST',
      body: JSON.stringify({
        email: 'billing@support.example.com',
        displayName: 'Billing agent',
        roles: ['agent'],
        teams: ['L2_BILLING'],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const found = await search('q=wspolne&limit=100', cf.as('billing@support.example.com'));
    expect(found.cases.every((c) => c.team === 'L2_BILLING')).toBe(true);
    expect(found.cases).toHaveLength(BILLING_CASES);
    expect(found.total).toBe(BILLING_CASES);
    expect(found.totalExact).toBe(true);
  });
});
