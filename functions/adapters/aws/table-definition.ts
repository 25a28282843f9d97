/**
 * The single DynamoDB table: keys, indexes and TTL, declared once. The CDK construct
 * (infra/constructs/case-store.ts) and the local runtime (CreateTable against DynamoDB Local)
 * both build the table from this object. Access patterns: docs/data-model.md.
 */
export const caseTableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    /** All cases, newest first: gsi1pk = "CASES", gsi1sk = "<createdAt>#<caseId>". */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Open cases that need a live timer: gsi2pk = "TIMED#OPEN", gsi2sk = "<kind>#<caseId>". */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * The earliest-deadline-first queue (R-SLA-3): gsi3pk = "QUEUE#<team>", gsi3sk =
     * "<nextDueAt>#<caseId>" (cases without a running target sort last as "~<createdAt>#<caseId>").
     * Only active cases are in it.
     */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type CaseTableIndex = (typeof caseTableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute is a string; the list CreateTable needs. */
export function keyAttributeNames(): string[] {
  const names = new Set<string>([caseTableDefinition.partitionKey, caseTableDefinition.sortKey]);
  for (const gsi of caseTableDefinition.globalSecondaryIndexes) {
    names.add(gsi.partitionKey);
    names.add(gsi.sortKey);
  }
  return [...names];
}
