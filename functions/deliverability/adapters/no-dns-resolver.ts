import type { DnsAnswer } from '../domain/dnsbl';
import type { DnsResolver } from '../ports';

/** No resolver configured: every lookup is "unconfigured" and nothing leaves the process. */
export class NoDnsResolver implements DnsResolver {
  readonly description = null;
  async lookupA(): Promise<DnsAnswer> {
    return { status: 'unconfigured' };
  }
  async lookupTxt(): Promise<string[] | undefined> {
    return undefined;
  }
}
