import { describe, expect, it } from 'vitest';
import { signedRequest, signsWithIam } from '../../local/identity/sigv4';

/** The operator's CLI against a deployed stack: SigV4 on the /ops routes, with the caller's credentials. */
describe('the CLI on AWS', () => {
  it('signs requests to an execute-api endpoint, and only those (unless told)', () => {
    expect(signsWithIam('https://abc123.execute-api.eu-central-1.amazonaws.com', {})).toBe(true);
    expect(signsWithIam('http://127.0.0.1:3000', {})).toBe(false);
    expect(signsWithIam('https://support.example.com', { CASEFLOW_API_SIGV4: '1' })).toBe(true);
    expect(
      signsWithIam('https://abc123.execute-api.eu-central-1.amazonaws.com', { CASEFLOW_API_SIGV4: '0' })
    ).toBe(false);
  });

  it('moves the path under /ops and signs it for execute-api in the endpoint region', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const body = JSON.stringify({ enabled: false });
      const { url, headers } = await signedRequest(
        new URL('https://abc123.execute-api.eu-central-1.amazonaws.com/api/users/u1?x=1'),
        { method: 'POST', headers: { 'content-type': 'application/json' }, body }
      );
      expect(url.pathname).toBe('/ops/api/users/u1');
      expect(url.search).toBe('?x=1');
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/
      );
      expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    } finally {
      process.env = saved;
    }
  });
});
