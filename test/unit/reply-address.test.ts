import { describe, expect, it } from 'vitest';
import {
  formatReplyAddress,
  matchSupportAddress,
  parseReplyTag,
  TOKEN_HEX_LENGTH,
  tokenOf,
} from '../../functions/domain/reply-address';
import { testConfig } from '../support/harness';

const config = testConfig();
const token = 'a1b2c3d4e5f60718293a';

describe('signed reply addresses', () => {
  it('formats the reply and note address on the support address, lower case, local part under 64 octets', () => {
    const reply = formatReplyAddress('support@support.example.com', 'CF-1042', token, 'reply');
    const note = formatReplyAddress('support@support.example.com', 'CF-1042', token, 'note');
    expect(reply).toBe(`support+cf-1042.${token}@support.example.com`);
    expect(note).toBe(`support+cf-1042.${token}.note@support.example.com`);
    const longest = formatReplyAddress('billing@x.example', 'CF-123456789', token, 'note');
    expect(longest.slice(0, longest.indexOf('@')).length).toBeLessThanOrEqual(64);
  });

  it('the token is hex of the signature, so a mail system lower-casing the address keeps it valid', () => {
    const t = tokenOf(Buffer.alloc(32, 0xab).toString('base64url'));
    expect(t).toBe('ab'.repeat(TOKEN_HEX_LENGTH / 2));
  });

  it('matches plain and plus-addressed recipients of configured support addresses only', () => {
    const plain = matchSupportAddress(config.supportAddresses, 'Support@Support.example.com');
    expect(plain?.channel.address).toBe('support@support.example.com');
    expect(plain?.tag).toBe('');
    const plus = matchSupportAddress(config.supportAddresses, `sev1+cf-7.${token}@support.example.com`);
    expect(plus?.channel.purpose).toBe('sev1');
    expect(plus?.tag).toBe(`cf-7.${token}`);
    expect(matchSupportAddress(config.supportAddresses, 'support+x@elsewhere.example')).toBeNull();
    expect(matchSupportAddress(config.supportAddresses, 'someone@support.example.com')).toBeNull();
  });

  it('parses reply and note tags; anything else is no tag', () => {
    expect(parseReplyTag(`cf-1042.${token}`)).toEqual({ reference: 'CF-1042', token, kind: 'reply' });
    expect(parseReplyTag(`CF-1042.${token.toUpperCase()}.NOTE`)).toEqual({
      reference: 'CF-1042',
      token,
      kind: 'note',
    });
    for (const tag of [
      '',
      'cf-1042',
      `cf-1042.${token}0`,
      `cf-x.${token}`,
      `cf-1.${token}.admin`,
      'newsletter',
    ])
      expect(parseReplyTag(tag)).toBeNull();
  });
});
