import { describe, expect, it } from 'vitest';
import { parsePageReply } from '../../functions/domain/page-reply';

describe('staff mail reply to a page', () => {
  it.each([
    ['ack', {}],
    ['ACK', {}],
    ['Ack.', {}],
    ['ack 20', { etaMinutes: 20 }],
    ['ack 20 min', { etaMinutes: 20 }],
    ['  ack 5 minutes\n\n> quoted page', { etaMinutes: 5 }],
    ['\n> On Sun someone wrote:\nack 15', { etaMinutes: 15 }],
  ])('%j is an acknowledgement', (text, expected) => {
    expect(parsePageReply(text)).toEqual(expected);
  });

  it.each(['', 'acknowledged, calling now', 'ok', 'back in 20', 'please ack', 'ack twenty', '> ack'])(
    '%j is not a command',
    (text) => {
      expect(parsePageReply(text)).toBeUndefined();
    }
  );
});
