import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { type AccessTokenClaims, type AccessTokenVerifier, InvalidTokenError } from '../ports';

/**
 * Access tokens of an OpenID issuer shaped like Amazon Cognito's: RS256, `token_use: access`,
 * the app client in `client_id`, roles in `cognito:groups`. The keys are fetched from
 * `<issuer>/.well-known/jwks.json` (Cognito's path, and the local issuer's) and cached.
 */
export class JwtAccessTokenVerifier implements AccessTokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  private readonly clients: Set<string>;

  constructor(
    private readonly issuer: string,
    clientIds: string[]
  ) {
    this.keys = createRemoteJWKSet(new URL(`${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    this.clients = new Set(clientIds);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: this.issuer, algorithms: ['RS256'] }));
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof TypeError)
        throw new InvalidTokenError(describe(error));
      throw error;
    }
    if (payload.token_use !== 'access') throw new InvalidTokenError('not an access token');
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : '';
    if (!this.clients.has(clientId)) throw new InvalidTokenError('token of another app client');
    if (typeof payload.sub !== 'string' || !payload.sub)
      throw new InvalidTokenError('token without a subject');
    const groups = payload['cognito:groups'];
    return {
      subject: payload.sub,
      clientId,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    };
  }
}

function describe(error: Error): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim ${error.claim} is not valid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  return 'token is not valid';
}
