import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { RawMailBucket } from '../../ports';

/** Raw MIME under the data dir, as the local SMTP stand-in stored it. */
export class FileRawMailBucket implements RawMailBucket {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`raw mail key outside the bucket: ${key}`);
    return path;
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.pathOf(key));
  }
}
