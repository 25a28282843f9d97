/**
 * Mailbox providers: which recipient domains are whose, what each asks of bulk senders, its
 * level-1 remediation channel and the fields that channel asks for (research/deliverability.md §3),
 * and the bounce codes we recognise. Pure data and matching.
 */

export const PROVIDER_IDS = [
  'gmail',
  'microsoft',
  'yahoo',
  'apple',
  'comcast',
  'wp',
  'onet',
  'interia',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
/** Warm-up counts by provider; everything else is `other`. */
export const WARMUP_PROVIDERS = ['gmail', 'microsoft', 'yahoo', 'wp', 'onet', 'interia'] as const;
export type WarmupProvider = (typeof WARMUP_PROVIDERS)[number] | 'other';

export interface RemediationChannel {
  kind: 'form' | 'email' | 'program' | 'none';
  /** Where: the form's URL or the postmaster address. */
  where: string | null;
  /** Fields the channel asks for, in its order (for the prefilled request). */
  fields: string[];
  /** What to expect: answer time, eligibility rules, what they never do. */
  expectations: string[];
  /** Days after submission before we follow up. */
  followUpDays: number;
}

export interface MailboxProvider {
  id: ProviderId;
  name: string;
  /** Recipient domains hosted by the provider (consumer mailboxes; hosted business domains cannot be known). */
  domains: string[];
  /** Complaint (spam) rate the provider holds senders to, as a fraction; null where none is published. */
  complaintRateLimit: number | null;
  /** Days in a row the complaint rate must stay under the limit before remediation is possible. */
  complaintRateDays: number;
  channel: RemediationChannel;
  feedback: string;
  source: string;
}

export const LEVEL_2_OUT_OF_SCOPE =
  'Level 2 (personalised mediation with mailbox providers) is out of scope of this service (R-DLV-4): we file the ' +
  'standard, form-based request (level 1) once best-practice recommendations are applied. Inbox placement is never guaranteed.';

export const MAILBOX_PROVIDERS: readonly MailboxProvider[] = [
  {
    id: 'gmail',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    complaintRateLimit: 0.003,
    complaintRateDays: 7,
    channel: {
      kind: 'form',
      where: 'https://support.google.com/mail/ (Gmail sender contact form)',
      fields: [
        'sending domain',
        'sending IPs',
        'SMTP errors with timestamps',
        'description of the issue',
        'contact e-mail',
      ],
      expectations: [
        'mitigation only if every bulk-sender requirement is met',
        'a spam rate above 0.3% makes the sender ineligible until it stays below 0.3% for 7 consecutive days',
        'Google accepts no allow-list requests from e-mail providers',
      ],
      followUpDays: 3,
    },
    feedback: 'Postmaster Tools; header-based feedback loop',
    source: 'Google 81126, 14229414; research/deliverability.md §3.1–3.2',
  },
  {
    id: 'microsoft',
    name: 'Outlook.com (Microsoft)',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'hotmail.co.uk',
      'outlook.pl',
      'live.co.uk',
    ],
    complaintRateLimit: null,
    complaintRateDays: 7,
    channel: {
      kind: 'form',
      where: 'https://go.microsoft.com/fwlink/?LinkID=614866',
      fields: [
        'title',
        'contact name',
        'contact e-mail',
        'recipient domain',
        'sender domain',
        'organisation type',
        "IPs or CIDRs, separated by ';'",
        'dedicated or shared IPs',
        'the NDRs (bounce messages)',
      ],
      expectations: [
        'an automatic reply first, then an answer in about 24–48 h, often a templated "not eligible"',
        'no allow list; Validity certification is the accredited route',
        'enrol the IPs in SNDS and JMRP',
      ],
      followUpDays: 2,
    },
    feedback: 'SNDS (per-IP data, IP status) and JMRP (junk reports)',
    source: 'Outlook.com Postmaster; secondary sources for the form fields; research/deliverability.md §3.2',
  },
  {
    id: 'yahoo',
    name: 'Yahoo / AOL',
    domains: ['yahoo.com', 'yahoo.co.uk', 'yahoo.pl', 'ymail.com', 'rocketmail.com', 'aol.com', 'aim.com'],
    complaintRateLimit: 0.003,
    complaintRateDays: 7,
    channel: {
      kind: 'form',
      where: 'https://senders.yahooinc.com/ (Sender Support Request)',
      fields: [
        'sending domain',
        'sending IPs',
        'error and diagnostic codes',
        'description',
        'contact e-mail',
      ],
      expectations: ['no whitelisting', 'file a Sender Support Request for new IPs or large launches'],
      followUpDays: 3,
    },
    feedback: 'Sender Hub; complaint feedback loop keyed on the DKIM d= domain (ARF)',
    source: 'Yahoo sender requirements and FAQ; research/deliverability.md §3.1–3.2',
  },
  {
    id: 'apple',
    name: 'Apple iCloud',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    complaintRateLimit: null,
    complaintRateDays: 7,
    channel: {
      kind: 'email',
      where: 'icloudadmin@apple.com',
      fields: [
        'company name',
        'sending domain',
        'affected IPs',
        'the SMTP errors',
        'description with the start date',
      ],
      expectations: ['no feedback loop'],
      followUpDays: 3,
    },
    feedback: 'none',
    source: 'Apple HT102322; research/deliverability.md §3.2',
  },
  {
    id: 'comcast',
    name: 'Comcast',
    domains: ['comcast.net'],
    complaintRateLimit: null,
    complaintRateDays: 7,
    channel: {
      kind: 'form',
      where: 'https://postmaster.comcast.net/',
      fields: ['sending IPs', 'the BL/ES error code', 'description', 'contact e-mail'],
      expectations: ['handled in about 24 h [unverified]'],
      followUpDays: 2,
    },
    feedback: 'none documented',
    source: 'postmaster.comcast.net/mail-error-codes; research/deliverability.md §3.2',
  },
  {
    id: 'wp',
    name: 'WP.pl / o2',
    domains: ['wp.pl', 'o2.pl', 'tlen.pl', 'go2.pl', 'prokonto.pl'],
    complaintRateLimit: null,
    complaintRateDays: 7,
    channel: {
      kind: 'email',
      where: 'kontakt@pomoc.wp.pl',
      fields: ['sending domain', 'sending IPs', 'the SMTP errors', 'description'],
      expectations: [
        'no postmaster form was found; this is the general user-support address',
        'they reject on complaints, blacklist listings, bad DNS/rDNS, SPF failure or "mail-bombing": fix those first',
      ],
      followUpDays: 5,
    },
    feedback: 'none',
    source: 'poczta.wp.pl/info-antyspam-policy.html, pomoc.o2.pl; research/deliverability.md §3.2',
  },
  {
    id: 'onet',
    name: 'Onet',
    domains: [
      'onet.pl',
      'onet.eu',
      'op.pl',
      'vp.pl',
      'spoko.pl',
      'poczta.onet.pl',
      'buziaczek.pl',
      'autograf.pl',
    ],
    complaintRateLimit: null,
    complaintRateDays: 7,
    channel: {
      kind: 'program',
      where: 'https://pomoc.poczta.onet.pl/ (Zweryfikowany Nadawca; contact form)',
      fields: ['sending domain', 'sending IPs', 'description', 'requested limit (paid increase)'],
      expectations: [
        'register the domain in "Zweryfikowany Nadawca" (Verified Sender)',
        'form fields unverified',
      ],
      followUpDays: 5,
    },
    feedback: 'none',
    source: 'pomoc.poczta.onet.pl; research/deliverability.md §3.2',
  },
  {
    id: 'interia',
    name: 'Interia',
    domains: ['interia.pl', 'interia.eu', 'poczta.fm', 'vip.interia.pl', 'interia.com'],
    complaintRateLimit: null,
    complaintRateDays: 7,
    channel: {
      kind: 'none',
      where: null,
      fields: [],
      expectations: [
        'no postmaster form was found; only a bounce-code page: fix the cause the code names and retry',
      ],
      followUpDays: 5,
    },
    feedback: 'none',
    source: 'pomoc.poczta.interia.pl; research/deliverability.md §3.2',
  },
];

export function providerById(id: string): MailboxProvider | undefined {
  return MAILBOX_PROVIDERS.find((p) => p.id === id);
}

/** The provider hosting a recipient domain (`gmail.com` → gmail), or undefined. */
export function providerOfDomain(domain: string): MailboxProvider | undefined {
  const d = domain.trim().toLowerCase().replace(/^.*@/, '').replace(/\.$/, '');
  return MAILBOX_PROVIDERS.find((p) => p.domains.some((x) => d === x || d.endsWith(`.${x}`)));
}

/** The warm-up bucket of a recipient domain. */
export function warmupProviderOf(domain: string): WarmupProvider {
  const p = providerOfDomain(domain);
  return p && (WARMUP_PROVIDERS as readonly string[]).includes(p.id) ? (p.id as WarmupProvider) : 'other';
}

export type BounceCategory =
  | 'authentication'
  | 'reputation'
  | 'blocklist'
  | 'rate-limit'
  | 'content'
  | 'dynamic-ip'
  | 'infrastructure';

export interface BounceCodeRule {
  provider: ProviderId;
  /** The code as people quote it. */
  code: string;
  pattern: RegExp;
  meaning: string;
  category: BounceCategory;
  /** Whether the level-1 channel applies (authentication failures are fixed by the sender, not requested away). */
  remediation: 'request' | 'fix-first';
}

/**
 * Codes recognised in SES bounce diagnostics and in customers' mail (research §3.3 and the issue).
 * Patterns are anchored on the provider's own wording so that an enhanced status code alone
 * (5.7.1 is everywhere) does not pick a provider.
 */
export const BOUNCE_CODES: readonly BounceCodeRule[] = [
  {
    provider: 'gmail',
    code: '421-4.7.28',
    pattern: /\b421[- ]4\.7\.28\b/,
    meaning: 'Gmail rate-limits: unusual rate of unsolicited mail from the IP or domain',
    category: 'reputation',
    remediation: 'request',
  },
  ...(['29', '30', '31', '32'] as const).map(
    (n): BounceCodeRule => ({
      provider: 'gmail',
      code: `421-4.7.${n}`,
      pattern: new RegExp(`\\b421[- ]4\\.7\\.${n}\\b`),
      meaning: `Gmail rate-limits: ${{ '29': 'TLS', '30': 'DKIM', '31': 'DMARC', '32': 'alignment' }[n]} requirement not met`,
      category: 'authentication',
      remediation: 'fix-first',
    })
  ),
  {
    provider: 'gmail',
    code: '550-5.7.25',
    pattern: /\b550[- ]5\.7\.25\b/,
    meaning: 'Gmail blocks: the sending IP has no PTR record',
    category: 'authentication',
    remediation: 'fix-first',
  },
  {
    provider: 'gmail',
    code: '550-5.7.26',
    pattern: /\b550[- ]5\.7\.26\b/,
    meaning: 'Gmail blocks: unauthenticated sender (SPF/DKIM/DMARC)',
    category: 'authentication',
    remediation: 'fix-first',
  },
  {
    provider: 'gmail',
    code: '550-5.7.27',
    pattern: /\b550[- ]5\.7\.27\b/,
    meaning: 'Gmail blocks: SPF fails',
    category: 'authentication',
    remediation: 'fix-first',
  },
  {
    provider: 'gmail',
    code: '550-5.7.29',
    pattern: /\b550[- ]5\.7\.29\b/,
    meaning: 'Gmail blocks: no TLS',
    category: 'authentication',
    remediation: 'fix-first',
  },
  {
    provider: 'gmail',
    code: '550-5.7.30',
    pattern: /\b550[- ]5\.7\.30\b/,
    meaning: 'Gmail blocks: DKIM fails',
    category: 'authentication',
    remediation: 'fix-first',
  },
  {
    provider: 'microsoft',
    code: '550 5.7.515',
    pattern: /\b550[- ]5\.7\.515\b/,
    meaning:
      'Outlook.com: authentication requirements for high-volume senders not met (SPF, DKIM, DMARC aligned)',
    category: 'authentication',
    remediation: 'fix-first',
  },
  {
    provider: 'microsoft',
    code: 'S3140',
    pattern: /\bS3140\b/,
    meaning: 'Outlook.com internal block list (visible through SNDS IP Status)',
    category: 'blocklist',
    remediation: 'request',
  },
  {
    provider: 'microsoft',
    code: 'S3150',
    pattern: /\bS3150\b/,
    meaning: 'Outlook.com internal block list (visible through SNDS IP Status)',
    category: 'blocklist',
    remediation: 'request',
  },
  ...(['001', '002', '003'] as const).map(
    (n): BounceCodeRule => ({
      provider: 'microsoft',
      code: `RP-${n}`,
      pattern: new RegExp(`\\bRP-${n}\\b`),
      meaning: 'Outlook.com: rate or connection limit tied to reputation',
      category: 'rate-limit',
      remediation: 'request',
    })
  ),
  {
    provider: 'microsoft',
    code: 'SC-001',
    pattern: /\bSC-001\b/,
    meaning: 'Outlook.com: blocked for content or reputation',
    category: 'reputation',
    remediation: 'request',
  },
  {
    provider: 'microsoft',
    code: 'SC-002',
    pattern: /\bSC-002\b/,
    meaning: 'Outlook.com: namespace mining',
    category: 'reputation',
    remediation: 'request',
  },
  {
    provider: 'microsoft',
    code: 'SC-003',
    pattern: /\bSC-003\b/,
    meaning: 'Outlook.com: open proxy',
    category: 'infrastructure',
    remediation: 'fix-first',
  },
  {
    provider: 'microsoft',
    code: 'SC-004',
    pattern: /\bSC-004\b/,
    meaning: 'Outlook.com: complaints (enrol in JMRP)',
    category: 'reputation',
    remediation: 'request',
  },
  ...(['001', '002'] as const).map(
    (n): BounceCodeRule => ({
      provider: 'microsoft',
      code: `DY-${n}`,
      pattern: new RegExp(`\\bDY-${n}\\b`),
      meaning: 'Outlook.com: dynamic IP or compromised host',
      category: 'dynamic-ip',
      remediation: 'fix-first',
    })
  ),
  {
    provider: 'microsoft',
    code: 'OU-001',
    pattern: /\bOU-001\b/,
    meaning: 'Outlook.com: the IP is listed by Spamhaus',
    category: 'blocklist',
    remediation: 'fix-first',
  },
  {
    provider: 'microsoft',
    code: 'OU-002',
    pattern: /\bOU-002\b/,
    meaning: 'Outlook.com: content or reputation',
    category: 'reputation',
    remediation: 'request',
  },
  {
    provider: 'comcast',
    code: 'BL000000',
    pattern: /\bBL000000\b/,
    meaning: 'Comcast: spam patterns',
    category: 'reputation',
    remediation: 'request',
  },
  {
    provider: 'comcast',
    code: 'BL000001',
    pattern: /\bBL000001\b/,
    meaning: 'Comcast: listed on Spamhaus ZEN',
    category: 'blocklist',
    remediation: 'fix-first',
  },
  {
    provider: 'comcast',
    code: 'BL000010',
    pattern: /\bBL000010\b/,
    meaning: 'Comcast: Cloudmark reputation',
    category: 'reputation',
    remediation: 'request',
  },
  {
    provider: 'comcast',
    code: 'BL000100',
    pattern: /\bBL000100\b/,
    meaning: 'Comcast: SenderScore reputation',
    category: 'reputation',
    remediation: 'request',
  },
  {
    provider: 'comcast',
    code: 'ES0000xx',
    pattern: /\bES0000\d\d\b/,
    meaning: 'Comcast: dynamic IP',
    category: 'dynamic-ip',
    remediation: 'fix-first',
  },
  {
    provider: 'interia',
    code: '550 5.7.0 [SPF]',
    pattern: /\b550[- ]5\.7\.0 \[SPF\]/i,
    meaning: 'Interia: SPF check failed',
    category: 'authentication',
    remediation: 'fix-first',
  },
];

export interface RecognisedBounce {
  rule: BounceCodeRule;
  /** The matched text. */
  match: string;
}

/** Every known code in a text (an SES diagnostic, a pasted NDR), once each. */
export function recogniseBounceCodes(text: string): RecognisedBounce[] {
  const found: RecognisedBounce[] = [];
  for (const rule of BOUNCE_CODES) {
    const m = rule.pattern.exec(text);
    if (m && !found.some((f) => f.rule.code === rule.code)) found.push({ rule, match: m[0] });
  }
  return found;
}
