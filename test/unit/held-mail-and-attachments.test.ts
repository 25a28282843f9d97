import { describe, expect, it } from 'vitest';
import { composeMime } from '../../functions/adapters/compose-mime';
import {
  encodedMessageBytes,
  MAX_REPLY_MESSAGE_BYTES,
  replyAttachmentProblem,
} from '../../functions/domain/attachments';
import { describeError, heldExpiry, heldFolderFor } from '../../functions/domain/held-mail';

describe('held mail', () => {
  it('a virus verdict quarantines, a spam verdict files as spam, anything else is normal mail', () => {
    expect(heldFolderFor({ spam: 'FAIL', virus: 'FAIL' })).toBe('quarantine');
    expect(heldFolderFor({ spam: 'PASS', virus: 'FAIL' })).toBe('quarantine');
    expect(heldFolderFor({ spam: 'FAIL', virus: 'PASS' })).toBe('spam');
    for (const v of ['PASS', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'])
      expect(heldFolderFor({ spam: v, virus: v })).toBeNull();
  });

  it('spam expires 90 days after receipt; quarantined mail does not expire by itself', () => {
    expect(heldExpiry('spam', '2026-03-01T10:00:00.000Z')).toBe('2026-05-30T10:00:00.000Z');
    expect(heldExpiry('quarantine', '2026-03-01T10:00:00.000Z')).toBeNull();
  });

  it('describes an error in one bounded line', () => {
    expect(describeError(new TypeError('bad\n  input'))).toBe('TypeError: bad input');
    expect(describeError('x'.repeat(5000))).toHaveLength(1000);
  });
});

describe('reply attachment limits (R-BOX-4)', () => {
  it('refuses a fourth attachment', () => {
    const one = { sizeBytes: 1, filename: 'a' };
    expect(replyAttachmentProblem(10, [one, one, one])).toBeNull();
    expect(replyAttachmentProblem(10, [one, one, one, one])).toMatchObject({ kind: 'count' });
  });

  it('counts the encoded size: 15 MB of file is over 20 MB once in base64', () => {
    expect(replyAttachmentProblem(100, [{ sizeBytes: 14 * 1048576, filename: 'a' }])).toBeNull();
    expect(replyAttachmentProblem(100, [{ sizeBytes: 15 * 1048576, filename: 'a' }])).toMatchObject({
      kind: 'size',
    });
  });

  it('never counts less than the composed message really is', async () => {
    for (const sizes of [[0], [1, 2, 3], [100_000], [1_000_000, 57, 3_333_333]]) {
      const text = 'Dzień dobry, w załączniku poprawka.\n'.repeat(20);
      const attachments = sizes.map((n, i) => ({
        filename: `załącznik-${i}.bin`,
        contentType: 'application/octet-stream',
        content: new Uint8Array(n).fill(200),
      }));
      const { raw } = await composeMime(
        {
          from: { address: 'support@support.example.com' },
          to: ['a@b.example'],
          subject: 'Re: x',
          text,
          attachments,
        },
        'support.example.com'
      );
      const counted = encodedMessageBytes(
        Buffer.byteLength(text) + 5,
        attachments.map((a) => ({ sizeBytes: a.content.byteLength, filename: a.filename }))
      );
      expect(counted).toBeGreaterThanOrEqual(raw.length);
      expect(counted).toBeLessThan(raw.length * 1.1 + 8192);
    }
    expect(MAX_REPLY_MESSAGE_BYTES).toBe(20 * 1024 * 1024);
  });
});
