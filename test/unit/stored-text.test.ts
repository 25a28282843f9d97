import { describe, expect, it } from 'vitest';
import {
  MAX_STORED_TEXT_CHARS,
  MAX_SUBJECT_CHARS,
  storedSubject,
  storedText,
} from '../../functions/domain/stored-text';

describe('stored text', () => {
  it('keeps text up to the limit as it is', () => {
    const text = 'a'.repeat(MAX_STORED_TEXT_CHARS);
    expect(storedText(text)).toBe(text);
  });

  it('cuts longer text and says how much is left in the raw message', () => {
    const stored = storedText('x'.repeat(MAX_STORED_TEXT_CHARS + 500));
    expect(stored.startsWith('x'.repeat(MAX_STORED_TEXT_CHARS))).toBe(true);
    expect(stored).toMatch(/\[500 more characters are in the raw message\]$/);
  });

  it('never ends on half of a surrogate pair', () => {
    const stored = storedText(`${'a'.repeat(MAX_STORED_TEXT_CHARS - 1)}😀${'b'.repeat(10)}`);
    expect(stored).not.toMatch(/[\uD800-\uDBFF]\n/);
    const subject = storedSubject(`${'a'.repeat(MAX_SUBJECT_CHARS - 2)}😀😀`);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_CHARS);
    expect(subject).not.toMatch(/[\uD800-\uDBFF]…$/);
  });
});
