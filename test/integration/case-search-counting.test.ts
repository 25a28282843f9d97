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
// Over 600 in all: a common word's partition takes more than one read (FIRST_PAGE).
const BILLING_CASES = 90;

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
      customer:
        i < L1_CASES
          ? { id: 'acme', name: 'Acme', person: 'anna' }
          : { id: 'globex', name: 'Globex', person: 'ops' },
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

  it('intersects a rare word with a common one or a customer at any depth', async () => {
    const all = L1_CASES + BILLING_CASES;
    const only = async (query: string, expected: number[]) => {
      const found = await search(`${query}&limit=100`);
      expect(
        found.cases.map((c) => c.reference),
        query
      ).toEqual(expected.map((i) => `CF-${300_000 + i}`));
      expect(found.total, query).toBe(expected.length);
      expect(found.totalExact, query).toBe(true);
    };
    // The case's number is a word of its subject only (two letters and more): the newest, and two
    // past the first read of a common word's partition.
    await only(`q=wspolne%20${all - 1}`, [all - 1]);
    await only('q=wspolne%2015', [15]);
    await only('q=10%20zgloszenie%20wspolne', [10]);
    await only('q=wspolne%20niemaktos', []);
    const rare = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => to - 1 - k).filter((i) => i % 10 === 0);
    await only('q=rzadkie&customer=globex', rare(L1_CASES, all));
    await only('q=rzadkie&customer=acme', rare(0, L1_CASES).slice(0, 100));
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
