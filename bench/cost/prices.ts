/**
 * The price table the cost model uses: AWS list prices for Europe (Frankfurt), eu-central-1, in
 * US dollars, without free tiers, savings plans or volume tiers past the first. Prices change:
 * check each against its source before quoting a figure, and change `reviewed` with them.
 * docs/cost.md explains each use.
 */
export const PRICES = {
  region: 'eu-central-1',
  currency: 'USD',
  reviewed: '2026-12-04',
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** On-demand, Standard table class, per million write request units (after the November 2024 cut). */
    writeRequestUnitPerMillion: 0.7625,
    /** On-demand, Standard table class, per million read request units. */
    readRequestUnitPerMillion: 0.1525,
    /** Per GB-month stored (table, indexes, 100 bytes of overhead per item). */
    storageGbMonth: 0.306,
    /** Point-in-time recovery, per GB-month of table size. */
    pitrGbMonth: 0.2448,
  },
  stepFunctions: {
    source: 'https://aws.amazon.com/step-functions/pricing/',
    /** Standard workflows, per 1,000 state transitions (retries included). */
    standardTransitionPerThousand: 0.025,
  },
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    requestPerMillion: 0.2,
    /** Arm (Graviton), first 7.5 billion GB-seconds a month; billed per 1 ms. */
    armGbSecond: 0.0000133334,
  },
  ses: {
    source: 'https://aws.amazon.com/ses/pricing/',
    inboundMessagePerThousand: 0.1,
    /** Per 1,000 incoming mail chunks of 256 KB (a message of up to 256 KB is one chunk). */
    inboundChunkPerThousand: 0.09,
    outboundMessagePerThousand: 0.1,
    /** Per GB of outgoing data; priced here on the whole message. */
    outboundGb: 0.12,
  },
  s3: {
    source: 'https://aws.amazon.com/s3/pricing/',
    /** S3 Standard: PUT, COPY, POST, LIST (and PutObjectTagging) per 1,000 requests. */
    putPerThousand: 0.0054,
    /** S3 Standard: GET, SELECT and all other requests, per 1,000. */
    getPerThousand: 0.00043,
    storageGbMonth: 0.0245,
  },
  kms: {
    source: 'https://aws.amazon.com/kms/pricing/',
    /** Symmetric and HMAC requests (GenerateMac, VerifyMac), per 10,000. */
    requestPerTenThousand: 0.03,
  },
  eventBridge: {
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    /** Custom events put on a bus, per million; each 64 KB of an entry counts as one event. */
    customEventPerMillion: 1.0,
  },
  apiGateway: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /**
     * HTTP API, first 300 million requests a month, per million (each 512 KB counts as one).
     * Not confirmed for Frankfurt: us-east-1 lists $1.00; $1.20 is taken so as not to understate it.
     */
    httpRequestPerMillion: 1.2,
  },
  cloudFront: {
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    /** HTTPS requests served from Europe, per 10,000. */
    httpsRequestPerTenThousand: 0.012,
    /** Data transfer out to the internet from Europe, first 10 TB, per GB. */
    dataOutGb: 0.085,
  },
  waf: {
    source: 'https://aws.amazon.com/waf/pricing/',
    /** Web ACL requests, per million (the ACL and its rules are fixed monthly charges). */
    requestPerMillion: 0.6,
  },
  cloudWatchLogs: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    /** Standard log ingestion (and vended logs' first tier), per GB. */
    ingestGb: 0.63,
  },
  xray: {
    source: 'https://aws.amazon.com/xray/pricing/',
    tracePerMillion: 5.0,
  },
  sms: {
    source: 'https://aws.amazon.com/end-user-messaging/pricing/',
    /** One SMS part to a Polish number, approximate: carrier prices change often. */
    partToPoland: 0.04,
  },
};

export type Prices = typeof PRICES;
