import type { Services } from '../../use-cases/deps';
import type { DeliverabilityStore, DnsResolver } from '../ports';

/** What the deliverability use-cases may be handed: the usual services, the desk's store and a DNS resolver. */
export type DeliverabilityDeps = Pick<
  Services,
  'config' | 'clock' | 'cases' | 'caseTransactions' | 'mailer' | 'events' | 'ids' | 'log' | 'publicBaseUrl'
> & {
  desk: DeliverabilityStore;
  dns: DnsResolver;
  /** Real elapsed milliseconds since some origin, for the cycle's time budget (the scaled clock is for dates). */
  elapsedMs?: () => number;
};

/** Thrown for requests a person must correct (unknown account, bad input): the API answers 4xx with the message. */
export class DeliverabilityInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400
  ) {
    super(message);
  }
}
