import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../ports';

/** 128 random bits, base64url: unguessable ids for cases and pages. */
export class RandomIds implements IdGenerator {
  newId(): string {
    return randomBytes(16).toString('base64url');
  }
}
