import type { Team } from '../domain/team';
import { DayBucketListing } from './index-reads';
import type { SingleTable } from './single-table';
import { DEFAULT_QUEUE_SHARDS, indexKeys, listings, OPEN_SEV1_SHARDS, shardOf } from './table-keys';

/** Layout settings from the configuration (`scale` in docs/config.md). */
export interface IndexLayoutOptions {
  /** Partitions per team queue (gsi3); 1 keeps the one key per team; default `DEFAULT_QUEUE_SHARDS`. */
  queueShards?: number;
}

const range = (n: number) => [...Array(n).keys()];

/**
 * Where a case sits in the indexes, shared by every store that writes or reads those keys: the
 * day-bucketed list of all cases (gsi1), the open Sev-1 shards (gsi2), the team queue shards (gsi3).
 */
export class CaseIndexLayout {
  readonly allCases: DayBucketListing;
  readonly queueShards: number;

  constructor(table: SingleTable, options: IndexLayoutOptions = {}) {
    this.allCases = new DayBucketListing(table, listings.allCases, indexKeys.casesOn);
    this.queueShards = Math.max(1, Math.floor(options.queueShards ?? DEFAULT_QUEUE_SHARDS));
  }

  queueKey(team: Team, caseId: string): string {
    return indexKeys.queue(team, shardOf(caseId, this.queueShards));
  }

  queuePartitions(team: Team): string[] {
    return range(this.queueShards).map((shard) => indexKeys.queue(team, shard));
  }

  openSev1Key(caseId: string): string {
    return indexKeys.openSev1(shardOf(caseId, OPEN_SEV1_SHARDS));
  }

  openSev1Partitions(): string[] {
    return range(OPEN_SEV1_SHARDS).map((shard) => indexKeys.openSev1(shard));
  }
}
