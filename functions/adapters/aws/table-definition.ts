/**
 * The single DynamoDB table: keys, indexes, their projections and TTL, declared once. The CDK
 * construct (infra/constructs/case-store.ts) and the local runtime (CreateTable against DynamoDB
 * Local) both build the table from this object. Access patterns: docs/data-model.md; why no index
 * has a constant partition key and why the projections are lean: docs/scale.md.
 *
 * Every index projects keys only (plus what a filter needs): an update of a case that does not move
 * it in an index writes nothing to that index, and readers fetch the items they show with one
 * BatchGetItem per hundred keys.
 */
export type IndexProjection = { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

export const caseTableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    /**
     * Listings newest first, one partition per day: all cases (gsi1pk = "CASES#<yyyy-mm-dd>",
     * gsi1sk = "<createdAt>#<caseId>"), held mail per folder ("FOLDER#<folder>#<yyyy-mm-dd>"), and
     * open intake failures over hash shards ("INTAKE#FAILED#<shard>"). `ttl` rides along so the
     * held-mail listing can leave out expired spam in the query.
     */
    {
      indexName: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projection: { type: 'INCLUDE', attributes: ['ttl'] },
    },
    /** Open Sev-1 cases whose callback timer must be alive, over hash shards: gsi2pk = "SEV1#OPEN#<shard>", gsi2sk = "<caseId>". */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: { type: 'KEYS_ONLY' } },
    /**
     * The earliest-deadline-first queue (R-SLA-3): gsi3pk = "QUEUE#<team>" (shard 0) or
     * "QUEUE#<team>#<shard>", gsi3sk = "<nextDueAt>#<caseId>" (cases without a running target sort
     * last as "~<createdAt>#<caseId>"). Only active cases are in it.
     */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: { type: 'KEYS_ONLY' } },
  ] satisfies readonly IndexDefinition[],
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

/** An index's projection as the DynamoDB API spells it (CreateTable, DescribeTable). */
export function apiProjection(projection: IndexProjection): {
  ProjectionType: 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
} {
  return projection.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] }
    : { ProjectionType: 'KEYS_ONLY' };
}
