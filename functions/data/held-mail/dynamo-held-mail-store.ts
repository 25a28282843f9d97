import type { HeldFolder, HeldMail, IntakeFailure } from '../../domain/held-mail';
import { countShards, DayBucketListing, mergeShards, tableKeyOf } from '../index-reads';
import { decodeCursor, type Page } from '../page';
import { type SingleTable, strip } from '../single-table';
import { dayOf, INTAKE_FAILURE_SHARDS, indexKeys, keys, listings, shardOf } from '../table-keys';
import type { HeldMailStore } from './held-mail-store';

/**
 * Held mail and intake failures on the case table:
 * - held mail, listed per folder on gsi1 (one partition per day, newest first); spam carries
 *   `ttl` = receipt + 90 days;
 * - intake failure, on gsi1 while open (over hash shards, oldest first).
 */
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoHeldMailStore implements HeldMailStore {
  private readonly folders: Record<HeldFolder, DayBucketListing>;

  constructor(private readonly table: SingleTable) {
    const listing = (folder: HeldFolder) =>
      new DayBucketListing(table, listings.heldFolder(folder), (day) => indexKeys.heldFolderOn(folder, day));
    this.folders = { spam: listing('spam'), quarantine: listing('quarantine') };
  }

  async hold(mail: HeldMail): Promise<'held' | 'duplicate'> {
    await this.folders[mail.folder].register(mail.receivedAt);
    const held = await this.table.putIfAbsent({
      ...keys.heldMail(mail.id),
      entity: 'held-mail',
      gsi1pk: indexKeys.heldFolderOn(mail.folder, dayOf(mail.receivedAt)),
      gsi1sk: indexKeys.heldSort(mail.receivedAt, mail.id),
      ...(mail.expiresAt ? { ttl: epochSeconds(mail.expiresAt) } : {}),
      ...mail,
    });
    return held ? 'held' : 'duplicate';
  }

  getHeld(id: string): Promise<HeldMail | undefined> {
    return this.table.getRecord<HeldMail>(keys.heldMail(id));
  }

  async listHeld(folder: HeldFolder, now: Date, limit: number): Promise<HeldMail[]> {
    return (await this.pageHeld(folder, now, limit)).items;
  }

  async pageHeld(folder: HeldFolder, now: Date, limit: number, cursor?: string): Promise<Page<HeldMail>> {
    const page = await this.folders[folder].page(limit, cursor, unexpired(now));
    const items = await this.table.getMany(page.items.map(tableKeyOf));
    return { items: items.map((i) => strip<HeldMail>(i)), cursor: page.cursor };
  }

  countHeld(folder: HeldFolder, now: Date): Promise<number> {
    return this.folders[folder].count(unexpired(now));
  }

  async recordIntakeFailure({
    mail,
    error,
    at,
  }: Pick<IntakeFailure, 'mail' | 'error'> & { at: string }): Promise<void> {
    await this.table.update({
      Key: keys.intakeFailure(mail.sesMessageId),
      UpdateExpression:
        'SET entity = :entity, id = :id, mail = :mail, #error = :error, lastFailedAt = :at, ' +
        'firstFailedAt = if_not_exists(firstFailedAt, :at), attempts = if_not_exists(attempts, :zero) + :one, ' +
        '#status = :failed, gsi1pk = :open, gsi1sk = if_not_exists(gsi1sk, :sk) REMOVE resolvedAt, outcome',
      ExpressionAttributeNames: { '#error': 'error', '#status': 'status' },
      ExpressionAttributeValues: {
        ':entity': 'intake-failure',
        ':id': mail.sesMessageId,
        ':mail': mail,
        ':error': error,
        ':at': at,
        ':zero': 0,
        ':one': 1,
        ':failed': 'failed',
        ':open': indexKeys.openIntakeFailures(shardOf(mail.sesMessageId, INTAKE_FAILURE_SHARDS)),
        ':sk': indexKeys.intakeFailureSort(at, mail.sesMessageId),
      },
    });
  }

  resolveIntakeFailure(
    id: string,
    at: string,
    outcome: NonNullable<IntakeFailure['outcome']>
  ): Promise<boolean> {
    return this.table.conditional({
      Key: keys.intakeFailure(id),
      UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, outcome = :outcome REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#status = :failed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':resolved': 'resolved',
        ':failed': 'failed',
        ':at': at,
        ':outcome': outcome,
      },
    });
  }

  getIntakeFailure(id: string): Promise<IntakeFailure | undefined> {
    return this.table.getRecord<IntakeFailure>(keys.intakeFailure(id));
  }

  async listIntakeFailures(limit: number): Promise<IntakeFailure[]> {
    return (await this.pageIntakeFailures(limit)).items;
  }

  async pageIntakeFailures(limit: number, cursor?: string): Promise<Page<IntakeFailure>> {
    const page = await mergeShards(this.table, {
      index: 'gsi1',
      partitions: failurePartitions(),
      limit,
      after: cursor ? decodeCursor(cursor, ['after'] as const).after : undefined,
    });
    const items = await this.table.getMany(page.items.map(tableKeyOf));
    return { items: items.map((i) => strip<IntakeFailure>(i)), cursor: page.cursor };
  }

  countIntakeFailures(): Promise<number> {
    return countShards(this.table, { index: 'gsi1', partitions: failurePartitions() });
  }
}

const failurePartitions = () =>
  [...Array(INTAKE_FAILURE_SHARDS).keys()].map((shard) => indexKeys.openIntakeFailures(shard));

// TTL deletes within days, not at the instant: expired items are left out here (gsi1 projects `ttl`).
const unexpired = (now: Date) => ({
  FilterExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
  ExpressionAttributeNames: { '#ttl': 'ttl' },
  ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
});
