import type { Config } from '../config/schema';
import type { NoticeLedger } from '../notice-ports';
import type {
  AttachmentStore,
  CaseStore,
  Clock,
  EventBus,
  HeldMailStore,
  IdGenerator,
  LinkSigner,
  Log,
  MailCodec,
  Mailer,
  RawMailBucket,
  SmsSender,
  Workflows,
} from '../ports';

/** Everything a use-case may be handed; each use-case takes only the slice it needs. */
export interface Services {
  config: Config;
  clock: Clock;
  store: CaseStore;
  mailer: Mailer;
  /** Second paging channel (issue 5): SMS. */
  sms: SmsSender;
  codec: MailCodec;
  bucket: RawMailBucket;
  /** Inbound and outbound attachment content (R-BOX-4). */
  attachments: AttachmentStore;
  /** Spam, quarantine and intake failures (R-BOX-10, never lose mail). */
  held: HeldMailStore;
  /** One notice per event: who already told management or the customer about a moment. */
  notices: NoticeLedger;
  workflows: Workflows;
  events: EventBus;
  signer: LinkSigner;
  ids: IdGenerator;
  log: Log;
  /** Base URL of the HTTP API, for links in pages. */
  publicBaseUrl: string;
}

/** The support address pages and notifications are sent from: the Sev-1 hotline, else the first address. */
export function pagerAddress(config: Config): { address: string; name: string } {
  const hotline = config.supportAddresses.find((a) => a.purpose === 'sev1') ?? config.supportAddresses[0];
  if (!hotline) throw new Error('config has no support address');
  return { address: hotline.address, name: 'caseflow pager' };
}

/**
 * Headers of an automatic reply to a received mail, e.g. the acknowledgement (RFC 3834
 * "auto-replied"), so other robots do not answer them.
 */
export const AUTO_HEADERS = { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } as const;
/** Headers of automatic mail that answers no particular message: notices (RFC 3834 "auto-generated"). */
export const AUTO_GENERATED_HEADERS = { ...AUTO_HEADERS, 'Auto-Submitted': 'auto-generated' } as const;
