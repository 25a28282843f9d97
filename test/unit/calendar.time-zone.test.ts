import moment from 'moment-timezone';
import { describe, expect, it } from 'vitest';
import { offsetAt, utcToWall, wallToUtc } from '../../functions/domain/calendar/time-zone';

// The calendar reads offsets from the runtime's ICU; moment-timezone ships its own copy of the tz
// database, so it is an independent check of every local midnight and opening time we derive.
const zones = [
  'Europe/Warsaw',
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kolkata', // +05:30, no DST
  'Pacific/Chatham', // +12:45 / +13:45
  'UTC',
];

describe('time-zone arithmetic against moment-timezone, every day 2024–2030', () => {
  it.each(zones)('%s', (zone) => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000) {
      const day = new Date(t);
      for (const [h, m] of [
        [0, 0],
        [7, 0],
        [17, 30],
      ] as const) {
        const expected = moment
          .tz([day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m], zone)
          .valueOf();
        expect(wallToUtc(zone, t + (h * 60 + m) * 60_000), `${zone} ${day.toISOString()} ${h}:${m}`).toBe(
          expected
        );
      }
      const noon = t + 12 * 3_600_000;
      expect(offsetAt(zone, noon)).toBe(moment.tz(noon, zone).utcOffset() * 60_000);
    }
  });

  it('resolves the DST edges in Warsaw like Temporal’s "compatible"', () => {
    // Spring gap: 02:30 does not exist on 29 Mar 2026 → 03:30 CEST.
    expect(new Date(wallToUtc('Europe/Warsaw', Date.UTC(2026, 2, 29, 2, 30))).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z'
    );
    // Autumn overlap: 02:30 happens twice on 25 Oct 2026 → the first (CEST).
    expect(new Date(wallToUtc('Europe/Warsaw', Date.UTC(2026, 9, 25, 2, 30))).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z'
    );
    expect(utcToWall('Europe/Warsaw', Date.parse('2026-10-25T01:30:00Z'))).toBe(Date.UTC(2026, 9, 25, 2, 30));
  });
});
