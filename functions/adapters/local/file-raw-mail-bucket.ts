import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { FOLDER_TAG, type HeldFolder, SPAM_RETENTION_DAYS } from '../../domain/held-mail';
import type { RawMailBucket } from '../../ports';

/** Object tags live beside the objects, as S3 keeps them beside the object. */
const TAGS_DIR = '.tags';

/**
 * Raw MIME under the data dir, as the local SMTP stand-in stored it. Tags are JSON files under
 * `.tags/`, and `expireTagged` does what the S3 lifecycle rule does on AWS (spam after 90 days).
 */
export class FileRawMailBucket implements RawMailBucket {
  private readonly root: string;

  /** `now`: the clock that dates tags (the local scaled clock), standing in for the object's creation time. */
  constructor(
    root: string,
    private readonly now: () => Date = () => new Date()
  ) {
    this.root = resolve(root);
  }

  pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`raw mail key outside the bucket: ${key}`);
    return path;
  }

  private tagsPathOf(key: string): string {
    return `${this.pathOf(join(TAGS_DIR, key))}.json`;
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.pathOf(key));
  }

  async tagFolder(key: string, folder: HeldFolder): Promise<void> {
    const path = this.tagsPathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const previous = await this.sidecar(key);
    const sidecar = { tags: { [FOLDER_TAG]: folder }, since: previous?.since ?? this.now().toISOString() };
    await writeFile(`${path}.tmp`, JSON.stringify(sidecar));
    await rename(`${path}.tmp`, path);
  }

  private async sidecar(key: string): Promise<{ tags: Record<string, string>; since: string } | undefined> {
    try {
      return JSON.parse(await readFile(this.tagsPathOf(key), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async tagsOf(key: string): Promise<Record<string, string>> {
    return (await this.sidecar(key))?.tags ?? {};
  }

  /**
   * The lifecycle rule: deletes spam-tagged objects older than 90 days (counted from when they were
   * tagged, at intake, as S3 counts from the object's creation). Returns the deleted keys.
   */
  async expireTagged(now: Date): Promise<string[]> {
    const tagsRoot = this.pathOf(TAGS_DIR);
    const names = await readdir(tagsRoot, { recursive: true }).catch(() => [] as string[]);
    const cutoff = now.getTime() - SPAM_RETENTION_DAYS * 86_400_000;
    const deleted: string[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const key = name.slice(0, -'.json'.length);
      const sidecar = await this.sidecar(key);
      if (sidecar?.tags[FOLDER_TAG] !== 'spam' || Date.parse(sidecar.since) > cutoff) continue;
      await rm(this.pathOf(key), { force: true });
      await rm(this.tagsPathOf(key), { force: true });
      deleted.push(key);
    }
    return deleted;
  }
}
