import { describe, expect, it } from 'vitest';
import { symptomOf } from '../../functions/domain/storm';

const keywords = ['outage', 'is down', 'nie działa', 'awaria'];

describe('storm symptom', () => {
  it('is the outage keywords found, normalised and sorted, whatever the wording around them', () => {
    expect(symptomOf('API is down', 'since 10:00', keywords)).toBe('is down');
    expect(symptomOf('Re: the API IS DOWN!!', '', keywords)).toBe('is down');
    expect(symptomOf('Awaria', 'Panel nie dziala', keywords)).toBe('awaria|nie dziala');
    expect(symptomOf('Outage', 'the API is down', keywords)).toBe('is down|outage');
  });

  it('a report naming no keyword (the hotline alone) is the plain "sev1" symptom', () => {
    expect(symptomOf('Help', 'call me', keywords)).toBe('sev1');
  });
});
