import type { CaseFolder, Label } from '../../domain/case-filing';

/** An entry as stored: staff may delete a bootstrap entry, which is then kept as deleted. */
export type Stored<T> = T & { deleted?: boolean };

/**
 * The labels and case folders staff keep (R-BOX-5/8), each in one small partition. The
 * bootstrap entries from the config are merged in by the use-cases, not stored until changed.
 */
export interface FilingCatalogue {
  listLabels(): Promise<Stored<Label>[]>;
  getLabel(id: string): Promise<Stored<Label> | undefined>;
  /** Creates the label unless its id is taken; false when it is. */
  createLabel(label: Label): Promise<boolean>;
  saveLabel(label: Stored<Label>): Promise<void>;
  listFolders(): Promise<Stored<CaseFolder>[]>;
  getFolder(id: string): Promise<Stored<CaseFolder> | undefined>;
  createFolder(folder: CaseFolder): Promise<boolean>;
  saveFolder(folder: Stored<CaseFolder>): Promise<void>;
}
