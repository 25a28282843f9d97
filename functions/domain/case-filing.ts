import * as z from 'zod';
import type { MessageRule } from './message-rules';

/**
 * How staff file cases (R-BOX-5/7/8): labels (name and colour, any number per case) and folders
 * (at most one per case; no folder is the inbox). Both are data kept by staff in the table; the
 * labels and folders the config's message rules name are there from the start (the bootstrap).
 *
 * Ids are the name folded to a slug (`Faktury zaległe` → `faktury-zalegle`), so a rule's label or
 * folder lands on the same entry as one created by hand under that name, with no read at intake.
 * A rename keeps the id, so rules naming the old name keep filing into it.
 */

/** Colours a label may have: each a pair the console draws with AA contrast, never a free hex. */
export const LABEL_COLOURS = ['grey', 'blue', 'green', 'red', 'orange', 'purple', 'teal', 'pink'] as const;
export const LabelColourSchema = z.enum(LABEL_COLOURS);
export type LabelColour = z.infer<typeof LabelColourSchema>;

export interface Label {
  id: string;
  name: string;
  colour: LabelColour;
  /** From the config's rules and never changed by staff. */
  bootstrap?: true;
  updatedAt: string;
  updatedBy: string;
}

export interface CaseFolder {
  id: string;
  name: string;
  /** Built in (the spam folder) or from the config's rules and never changed by staff. */
  bootstrap?: true;
  /** Built in: cannot be renamed or deleted, and cases enter it only by being marked spam. */
  system?: true;
  updatedAt: string;
  updatedBy: string;
}

/** The folder cases marked spam are in; a built-in folder, apart from held mail's spam folder. */
export const SPAM_FOLDER = 'spam';

const NameSchema = z.string().trim().min(1).max(60);
export const LabelInputSchema = z.strictObject({
  name: NameSchema,
  colour: LabelColourSchema.default('grey'),
});
export const LabelChangeSchema = z
  .strictObject({ name: NameSchema.optional(), colour: LabelColourSchema.optional() })
  .refine((x) => x.name !== undefined || x.colour !== undefined, { message: 'give a name or a colour' });
export const FolderInputSchema = z.strictObject({ name: NameSchema });

/** Lower case, Polish and other diacritics folded, anything else a dash: a label's or folder's id. */
export function filingId(name: string): string {
  const slug = name
    .replaceAll('ł', 'l')
    .replaceAll('Ł', 'L')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'x';
}

const BOOTSTRAP_AT = '1970-01-01T00:00:00.000Z';

/** The labels the message rules set, as they are before staff change them. */
export function bootstrapLabels(rules: readonly MessageRule[]): Label[] {
  const byId = new Map<string, Label>();
  for (const rule of rules)
    for (const name of rule.set.labels) {
      const id = filingId(name);
      if (!byId.has(id))
        byId.set(id, {
          id,
          name,
          colour: 'grey',
          bootstrap: true,
          updatedAt: BOOTSTRAP_AT,
          updatedBy: 'config',
        });
    }
  return [...byId.values()];
}

/** The spam folder and the folders the message rules set, as they are before staff change them. */
export function bootstrapFolders(rules: readonly MessageRule[]): CaseFolder[] {
  const byId = new Map<string, CaseFolder>([
    [
      SPAM_FOLDER,
      {
        id: SPAM_FOLDER,
        name: 'Spam',
        bootstrap: true,
        system: true,
        updatedAt: BOOTSTRAP_AT,
        updatedBy: 'caseflow',
      },
    ],
  ]);
  for (const rule of rules) {
    const name = rule.set.folder;
    if (!name) continue;
    const id = filingId(name);
    if (!byId.has(id))
      byId.set(id, { id, name, bootstrap: true, updatedAt: BOOTSTRAP_AT, updatedBy: 'config' });
  }
  return [...byId.values()];
}

/**
 * The catalogue staff see: what is stored wins over the bootstrap entry of the same id; an entry
 * stored as deleted hides its bootstrap one. Sorted by name.
 */
export function effectiveEntries<T extends { id: string; name: string }>(
  bootstrap: readonly T[],
  stored: readonly (T & { deleted?: boolean })[]
): T[] {
  const byId = new Map<string, T>(bootstrap.map((x) => [x.id, x]));
  for (const entry of stored) {
    if (entry.deleted) byId.delete(entry.id);
    else {
      const { deleted: _, ...rest } = entry;
      byId.set(entry.id, rest as unknown as T);
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'pl'));
}

/** What a case carries of its filing: label ids, its folder, and, once marked spam, where it was before. */
export interface CaseFiling {
  labels?: string[];
  folder?: string | null;
  /** `statusBefore` is set when marking spam settled a case that was being worked. */
  spam?: {
    at: string;
    by: string;
    folderBefore: string | null;
    statusBefore?: 'OPEN' | 'WAITING_ON_CUSTOMER';
  } | null;
}
