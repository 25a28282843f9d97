import type { Context, MiddlewareHandler } from 'hono';
import {
  type ActionSource,
  type Actor,
  actorName,
  hasPermission,
  maySeeTeam,
  type Permission,
  rolesOf,
} from '../domain/staff';
import type { Team } from '../domain/team';
import { DirectoryUnavailableError, NotAuthenticatedError } from '../use-cases/authenticate-staff';
import type { Services } from '../use-cases/deps';
import { recordAction } from '../use-cases/record-action';

/** API Gateway's request context, as hono/aws-lambda passes it; absent on the local server. */
interface GatewayBindings {
  requestContext?: { authorizer?: { iam?: { userArn?: string; callerId?: string } } };
}

/** What every /api handler can read: who is acting and from where. */
export type StaffEnv = {
  Bindings: GatewayBindings;
  Variables: { actor: Actor; source: ActionSource };
};

/** Who a bearer token proves; `forget` drops what it remembers of a user (changed or disabled). */
export type Authenticate = ((token: string) => Promise<Actor>) & { forget?(subject: string): void };

/** Content types a state change may have: a cross-site form can send neither without CORS. */
const CHANGE_TYPES = ['application/json', 'text/csv'];

/**
 * Every /api request is made by a proven actor: a staff member with a valid access token, or a
 * machine caller API Gateway authenticated with IAM (its verified ARN in the request context;
 * the local server has no such context, so locally every caller needs a token). State changes
 * are JSON (or a CSV import) with a bearer token or IAM.
 */
export function staffAccess(authenticate: Authenticate): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const iam = c.env?.requestContext?.authorizer?.iam;
    let actor: Actor | undefined;
    if (iam?.userArn) {
      // IAM callers act as operators (docs/access.md: grant execute-api:Invoke on /ops only to them).
      actor = { kind: 'service', name: iam.userArn.split('/').pop() ?? iam.userArn, roles: ['admin'] };
    } else {
      const header = c.req.header('authorization') ?? '';
      const token = /^Bearer ([\w.~+/-]+=*)$/i.exec(header)?.[1];
      if (!token) return unauthenticated(c, 'sign in: this route needs a bearer token');
      try {
        actor = await authenticate(token);
      } catch (error) {
        if (error instanceof NotAuthenticatedError) return unauthenticated(c, error.message);
        if (error instanceof DirectoryUnavailableError)
          return c.json(
            { error: 'staff users cannot be read now (the database is unavailable); try again' },
            503
          );
        throw error;
      }
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!CHANGE_TYPES.includes(type))
        return c.json({ error: 'a change is sent as JSON (content-type: application/json)' }, 415);
    }
    const client = c.req.header('x-caseflow-client');
    c.set('actor', actor);
    c.set('source', client === 'console' || client === 'cli' ? client : 'api');
    await next();
  };
}

function unauthenticated(c: Context, reason: string) {
  c.header('WWW-Authenticate', 'Bearer realm="caseflow"');
  return c.json({ error: `not authenticated: ${reason}` }, 401);
}

type AuditDeps = Pick<Services, 'audit' | 'events' | 'clock' | 'ids'>;

/** Refuses (403, audited) an actor whose roles lack the permission. */
export function requires(deps: AuditDeps, permission: Permission): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!hasPermission(actor, permission))
      return refuse(deps, c, `${c.req.method} ${c.req.path}`, permission);
    await next();
  };
}

/** `requires` for changes only (every method but GET and HEAD); reads pass through. */
export function requiresToChange(deps: AuditDeps, permission: Permission): MiddlewareHandler<StaffEnv> {
  const check = requires(deps, permission);
  return async (c, next) => (['GET', 'HEAD'].includes(c.req.method) ? next() : check(c, next));
}

/** 403 with the reason, and the refusal in the audit log. */
export async function refuse(
  deps: AuditDeps,
  c: Context<StaffEnv>,
  action: string,
  needed: string,
  caseId?: string
) {
  const actor = c.get('actor');
  await recordAction(deps, {
    actor: actorName(actor),
    action,
    caseId,
    source: c.get('source'),
    outcome: 'refused',
    detail: needed,
  });
  return c.json(
    { error: `forbidden: your roles (${rolesOf(actor).join(', ')}) do not allow ${needed}` },
    403
  );
}

/** Whether the actor may see this team's cases; agents see their own teams only. */
export function seesTeam(c: Context<StaffEnv>, team: Team): boolean {
  return maySeeTeam(c.get('actor'), team);
}

/** Records a staff action done through the API. */
export function audit(
  deps: AuditDeps,
  c: Context<StaffEnv>,
  action: string,
  target?: { target?: string; caseId?: string; detail?: string }
) {
  return recordAction(deps, { actor: actorName(c.get('actor')), action, source: c.get('source'), ...target });
}
