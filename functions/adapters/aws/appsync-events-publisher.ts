import { SignatureV4 } from '@smithy/signature-v4';
import type { LiveMessage } from '../../domain/live-channels';
import type { LiveChannels } from '../../ports';
import { defaultProvider } from './lambda-credentials';
import { Sha256 } from './node-sha256';

/**
 * Publishes to AppSync Events over its HTTP endpoint (`POST https://<http domain>/event`), signed
 * with the function's role (SigV4, service `appsync`): the namespaces take publishing from IAM only.
 */
export class AppSyncEventsPublisher implements LiveChannels {
  private readonly signer: SignatureV4;

  constructor(
    private readonly httpDomain: string,
    region: string,
    private readonly fetchImpl: typeof fetch = fetch
  ) {
    this.signer = new SignatureV4({
      service: 'appsync',
      region,
      credentials: defaultProvider(),
      sha256: Sha256,
    });
  }

  async publish(channel: string, message: LiveMessage): Promise<void> {
    const body = JSON.stringify({ channel, events: [JSON.stringify(message)] });
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: this.httpDomain,
      path: '/event',
      headers: { host: this.httpDomain, 'content-type': 'application/json' },
      body,
    });
    const response = await this.fetchImpl(`https://${this.httpDomain}/event`, {
      method: 'POST',
      headers: signed.headers as Record<string, string>,
      body,
    });
    const answer = (await response.json().catch(() => ({}))) as { failed?: unknown[] };
    if (!response.ok || answer.failed?.length)
      throw new Error(
        `AppSync Events refused the publish to ${channel}: ${response.status} ${JSON.stringify(answer)}`
      );
  }
}
