import * as z from 'zod';
import { type Team, TeamSchema } from './team';

/**
 * Staff identity (R-BOX-6, R-BOX-12): who may act, and what each role may do. Users are data
 * (the table), created by admins; the identity provider (Cognito on AWS, the local issuer on
 * `npm start`) proves who holds a token, and this module decides what they may do with it.
 */
export const RoleSchema = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES = RoleSchema.options;

/** Held-mail folders a user may be allowed to see (R-BOX-6 "visible folders"). */
export const FolderSchema = z.enum(['spam', 'quarantine']);
export type Folder = z.infer<typeof FolderSchema>;

export const LanguageSchema = z.enum(['pl', 'en']);

export interface StaffUser {
  /** The identity provider's subject (`sub`): Cognito's user id on AWS, the local issuer's locally. */
  id: string;
  email: string;
  displayName: string;
  language: 'pl' | 'en';
  roles: Role[];
  teams: Team[];
  folders: Folder[];
  /**
   * The case folders (R-BOX-5/6, ids of the folder catalogue) an agent sees in the rail and may
   * list and file into; absent or null: every folder. Supervisors and admins see every folder.
   */
  caseFolders?: string[] | null;
  /** Under this user's replies to customers (R-BOX-6). */
  signature?: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

/** What an admin may set on a user, each field as it is checked (no defaults: a change sets only what it names). */
const USER_FIELDS = {
  displayName: z.string().trim().min(1).max(200),
  language: LanguageSchema,
  roles: z.array(RoleSchema).min(1),
  teams: z.array(TeamSchema),
  folders: z.array(FolderSchema),
  /** Case folder ids; null: every folder. */
  caseFolders: z.array(z.string().min(1).max(80)).max(200).nullable(),
  signature: z.string().min(1).max(2000),
};

/** A new user; everything but the email may change later. */
export const StaffUserInputSchema = z.strictObject({
  email: z.email().transform((a) => a.toLowerCase()),
  displayName: USER_FIELDS.displayName,
  language: USER_FIELDS.language.default('en'),
  roles: USER_FIELDS.roles,
  teams: USER_FIELDS.teams.default([]),
  folders: USER_FIELDS.folders.default([]),
  caseFolders: USER_FIELDS.caseFolders.optional(),
  signature: USER_FIELDS.signature.optional(),
});
export type StaffUserInput = z.infer<typeof StaffUserInputSchema>;
// Built from the fields, not by `.partial()` of the input: a default there would reset a field the
// change does not name (teams, folders, language) on every change.
export const StaffUserChangeSchema = z.strictObject({
  displayName: USER_FIELDS.displayName.optional(),
  language: USER_FIELDS.language.optional(),
  roles: USER_FIELDS.roles.optional(),
  teams: USER_FIELDS.teams.optional(),
  folders: USER_FIELDS.folders.optional(),
  caseFolders: USER_FIELDS.caseFolders.optional(),
  signature: USER_FIELDS.signature.optional(),
  enabled: z.boolean().optional(),
});
export type StaffUserChange = z.infer<typeof StaffUserChangeSchema>;

/** Where an action came from, for the audit log. */
export type ActionSource = 'console' | 'api' | 'cli' | 'mail' | 'page-link' | 'system';

/**
 * Who is acting: a signed-in staff user, or a machine caller that AWS IAM authenticated (the
 * operator's CLI, automation), which acts with the rights of the roles it is given.
 */
export type Actor = { kind: 'staff'; user: StaffUser } | { kind: 'service'; name: string; roles: Role[] };

/** The name the audit log and case timelines record for an actor. */
export function actorName(actor: Actor): string {
  return actor.kind === 'staff' ? actor.user.email : `service:${actor.name}`;
}

export function rolesOf(actor: Actor): Role[] {
  return actor.kind === 'staff' ? actor.user.roles : actor.roles;
}

/**
 * Permissions, each granted to roles in one table (docs/access.md repeats it). Case permissions
 * are further limited by team for agents (maySeeTeam).
 */
export const PERMISSIONS = {
  'cases:read': ['agent', 'supervisor', 'admin'],
  'cases:act': ['agent', 'supervisor', 'admin'],
  'oncall:read': ['agent', 'supervisor', 'admin'],
  'oncall:change': ['supervisor', 'admin'],
  'held-mail:read': ['agent', 'supervisor', 'admin'],
  'intake:operate': ['supervisor', 'admin'],
  'audit:read': ['supervisor', 'admin'],
  'deliverability:read': ['supervisor', 'admin'],
  'deliverability:change': ['admin'],
  'users:manage': ['admin'],
  /** Message rules and support addresses (R-BOX-5/7). */
  'mail-settings:manage': ['admin'],
  /** Shared reply templates (R-BOX-1); everyone keeps personal ones. */
  'templates:share': ['supervisor', 'admin'],
  /** SLA compliance, agent statistics, availability and billing (R-REP-1…4): for supervisors. */
  'reports:read': ['supervisor', 'admin'],
  /** Unavailable intervals from monitoring (R-SLA-7): docs/reports.md. */
  'outages:report': ['supervisor', 'admin'],
  /** Labels (R-BOX-8): the floor's vocabulary, kept by those who run the floor. */
  'labels:manage': ['supervisor', 'admin'],
  /** Case folders (R-BOX-5/7): which folders exist shapes what users may be given to see. */
  'folders:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(actor: Actor, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return rolesOf(actor).some((role) => allowed.includes(role));
}

/** Supervisors and admins see every team; an agent sees the teams they belong to. */
export function maySeeTeam(actor: Actor, team: Team): boolean {
  const roles = rolesOf(actor);
  if (roles.includes('supervisor') || roles.includes('admin')) return true;
  return actor.kind === 'staff' && actor.user.teams.includes(team);
}

/** Supervisors and admins see every held-mail folder; an agent those they were given. */
export function maySeeFolder(actor: Actor, folder: string): boolean {
  const roles = rolesOf(actor);
  if (roles.includes('supervisor') || roles.includes('admin')) return true;
  return actor.kind === 'staff' && (actor.user.folders as string[]).includes(folder);
}

/** Supervisors and admins see every case folder; an agent those they were given (none given: all). */
export function maySeeCaseFolder(actor: Actor, folder: string): boolean {
  const roles = rolesOf(actor);
  if (roles.includes('supervisor') || roles.includes('admin') || actor.kind !== 'staff') return true;
  const visible = actor.user.caseFolders;
  return !visible || visible.includes(folder);
}

/** A new user from an admin's input. */
export function newStaffUser(id: string, input: StaffUserInput, by: string, now: Date): StaffUser {
  const at = now.toISOString();
  return { id, ...input, enabled: true, createdAt: at, updatedAt: at, createdBy: by };
}

/** An append-only audit record: who did what to what, when, and from where. */
export interface AuditRecord {
  id: string;
  at: string;
  actor: string;
  action: string;
  /** A case id, user id, override id, …; absent for sign-ins. */
  target?: string;
  caseId?: string;
  source: ActionSource;
  outcome: 'ok' | 'refused';
  detail?: string;
}
