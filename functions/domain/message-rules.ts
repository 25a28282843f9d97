import * as z from 'zod';
import type { Team } from './team';

/**
 * Message rules (R-BOX-7): ordered rules from the config file that file incoming mail by
 * recipient address, sender address or domain, or subject, and set its folder, team and labels.
 *
 * Every matching rule applies, in order: labels add up; folder and team are set by the first
 * matching rule that sets them (an earlier rule is the more important one); `stop: true` ends
 * the evaluation after its rule. The full semantics are documented in docs/config.md.
 */

/** A plain string is an exact (case-insensitive) match for addresses and a "contains" for subjects. */
const TextMatchSchema = z.union([
  z.string().min(1),
  z.object({ equals: z.string().min(1) }).strict(),
  z.object({ contains: z.string().min(1) }).strict(),
  z
    .object({
      regex: z.string().min(1).refine(compiles, { message: 'not a valid regular expression' }),
      /** Regular-expression flags; matching is case-insensitive unless flags are given. */
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
    })
    .strict(),
]);
export type TextMatch = z.infer<typeof TextMatchSchema>;

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export const MessageRuleSchema = z
  .object({
    /** Shown on the case and its timeline when the rule matches. */
    name: z.string().min(1),
    /** Every condition given must hold (at least one). */
    match: z
      .object({
        /** One of the envelope recipients (the support address written to). */
        recipient: TextMatchSchema.optional(),
        /** The From address. */
        sender: TextMatchSchema.optional(),
        /** The From address's domain or a subdomain of it. */
        senderDomain: z
          .string()
          .min(1)
          .transform((d) => d.toLowerCase())
          .optional(),
        subject: TextMatchSchema.optional(),
      })
      .strict()
      .refine((m) => Object.values(m).some((v) => v !== undefined), {
        message: 'a rule needs at least one condition',
      }),
    set: z
      .object({
        folder: z.string().min(1).optional(),
        /** A team configured under `teams` (checked with the rest of the config). */
        team: z.string().min(1).optional(),
        labels: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .refine((s) => s.folder !== undefined || s.team !== undefined || s.labels.length > 0, {
        message: 'a rule must set a folder, a team or labels',
      }),
    /** No later rule is looked at once this one matched. */
    stop: z.boolean().default(false),
  })
  .strict();
export type MessageRule = z.infer<typeof MessageRuleSchema>;
export type MessageRuleInput = z.input<typeof MessageRuleSchema>;

export interface RuleSubject {
  recipients: readonly string[];
  from: string;
  subject: string;
}

export interface RuleOutcome {
  folder: string | null;
  team: Team | null;
  /** The rule that set the team. */
  teamRule: string | null;
  labels: string[];
  /** The rules that matched, in order, each with what matched. */
  matched: { name: string; why: string }[];
}

/** Subjects are long at worst; a configured regex never sees more than this. */
const MAX_SUBJECT = 998;

function textMatches(match: TextMatch, value: string, plain: 'equals' | 'contains'): boolean {
  const text = value.toLowerCase();
  if (typeof match === 'string')
    return plain === 'equals' ? text === match.toLowerCase() : text.includes(match.toLowerCase());
  if ('equals' in match) return text === match.equals.toLowerCase();
  if ('contains' in match) return text.includes(match.contains.toLowerCase());
  return new RegExp(match.regex, match.flags ?? 'i').test(value.slice(0, MAX_SUBJECT));
}

function describe(match: TextMatch, plain: 'equals' | 'contains'): string {
  if (typeof match === 'string') return plain === 'equals' ? `is "${match}"` : `contains "${match}"`;
  if ('equals' in match) return `is "${match.equals}"`;
  if ('contains' in match) return `contains "${match.contains}"`;
  return `~ /${match.regex}/${match.flags ?? 'i'}`;
}

/** Why the rule matches this mail, or null when it does not. */
function ruleMatch(rule: MessageRule, mail: RuleSubject): string | null {
  const why: string[] = [];
  const { recipient, sender, senderDomain, subject } = rule.match;
  if (recipient) {
    const hit = mail.recipients.find((r) => textMatches(recipient, r, 'equals'));
    if (!hit) return null;
    why.push(`recipient ${describe(recipient, 'equals')}`);
  }
  if (sender) {
    if (!textMatches(sender, mail.from, 'equals')) return null;
    why.push(`sender ${describe(sender, 'equals')}`);
  }
  if (senderDomain) {
    const domain = mail.from.slice(mail.from.lastIndexOf('@') + 1).toLowerCase();
    if (domain !== senderDomain && !domain.endsWith(`.${senderDomain}`)) return null;
    why.push(`sender domain ${senderDomain}`);
  }
  if (subject) {
    if (!textMatches(subject, mail.subject, 'contains')) return null;
    why.push(`subject ${describe(subject, 'contains')}`);
  }
  return why.join(', ');
}

/** Applies the ordered rules to one mail. */
export function applyMessageRules(rules: readonly MessageRule[], mail: RuleSubject): RuleOutcome {
  const outcome: RuleOutcome = { folder: null, team: null, teamRule: null, labels: [], matched: [] };
  for (const rule of rules) {
    const why = ruleMatch(rule, mail);
    if (why === null) continue;
    outcome.matched.push({ name: rule.name, why });
    outcome.folder ??= rule.set.folder ?? null;
    if (outcome.team === null && rule.set.team) {
      outcome.team = rule.set.team as Team;
      outcome.teamRule = rule.name;
    }
    for (const label of rule.set.labels) if (!outcome.labels.includes(label)) outcome.labels.push(label);
    if (rule.stop) break;
  }
  return outcome;
}
