import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * The local issuer's RS256 signing key, made once and kept (mode 0600) so that tokens stay
 * verifiable across restarts, as Cognito's keys do.
 */
export async function signingKeys(file: string): Promise<{ keys: JWK[] }> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as { keys: JWK[] };
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    alg: 'RS256',
    use: 'sig',
    kid: `local-${Date.now().toString(36)}`,
  };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify({ keys: [jwk] }), { mode: 0o600 });
  await chmod(file, 0o600);
  return { keys: [jwk] };
}
