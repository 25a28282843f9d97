import type { AuditRecord } from '../../domain/staff';
import type { Page } from '../page';

export interface AuditQuery {
  actor?: string;
  caseId?: string;
  limit: number;
  cursor?: string;
  /** Where "the last days" end. */
  now: Date;
}

/** The append-only audit log: records are written once and never changed through any port. */
export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  /** Newest first: by actor, by case, or (neither) everything of the last days. */
  list(query: AuditQuery): Promise<Page<AuditRecord>>;
  /** How many records `list` pages through for the same question. */
  count(query: Omit<AuditQuery, 'limit' | 'cursor'>): Promise<number>;
}
