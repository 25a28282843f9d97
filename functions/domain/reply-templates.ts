import * as z from 'zod';

/**
 * Reply templates (R-BOX-1): shared by the team (supervisors and admins keep them) or personal to
 * one agent. Placeholders in double braces are filled for the case and the agent who inserts one.
 */
export interface ReplyTemplate {
  id: string;
  name: string;
  text: string;
  /** `shared`, or the id of the agent whose template it is. */
  owner: 'shared' | string;
  updatedAt: string;
  updatedBy: string;
}

export const ReplyTemplateInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  text: z.string().min(1).max(20_000),
  shared: z.boolean().default(false),
});
export const ReplyTemplateChangeSchema = ReplyTemplateInputSchema.omit({ shared: true }).partial();

/** What a template may name, and where each value comes from. */
export interface TemplateContext {
  customerName: string | null;
  requesterName: string | null;
  reference: string;
  subject: string;
  agentName: string;
}

export const PLACEHOLDERS: Record<string, (ctx: TemplateContext) => string> = {
  'customer.name': (ctx) => ctx.customerName ?? ctx.requesterName ?? '',
  'requester.name': (ctx) => ctx.requesterName ?? ctx.customerName ?? '',
  'case.reference': (ctx) => ctx.reference,
  'case.subject': (ctx) => ctx.subject,
  'agent.name': (ctx) => ctx.agentName,
};

/** The template's text for this case and agent; a placeholder it does not know stays as written. */
export function fillTemplate(text: string, ctx: TemplateContext): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = PLACEHOLDERS[name];
    return value ? value(ctx) : whole;
  });
}

/** Placeholders a template names that no case can fill: said when it is saved. */
export const unknownPlaceholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)]
    .map((m) => m[1] as string)
    .filter((name) => !PLACEHOLDERS[name]);
