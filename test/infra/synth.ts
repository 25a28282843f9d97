import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll } from 'vitest';
import { buildCaseflowApp, type CaseflowApp } from '../../infra/caseflow-stack';
import { repoRoot } from '../../infra/constructs/caseflow-function';

/**
 * Shared by the infra tests: synthesizes the caseflow app the way `cdk synth` does (cdk.json
 * context, cdk-nag registered), except that esbuild never runs: with `aws:cdk:bundling-stacks`
 * = [] no stack is selected for bundling, so each NodejsFunction stages a placeholder asset
 * instead of building (its entry file must still exist). A synth takes a few seconds.
 */
const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
export const noBundling = { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] };

const tempDirs: string[] = [];
export const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
/** Call at the top level of a test file: removes that file's cloud assemblies afterwards. */
export function cleanUpTempDirs(): void {
  afterAll(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

export function build(context: Record<string, unknown> = {}): CaseflowApp & { template: Template } {
  const built = buildCaseflowApp({
    context: { ...noBundling, ...context },
    outdir: tempDir('caseflow-cdk-'),
  });
  // Synthesizes the app, which runs the registered cdk-nag checks: an unacknowledged finding
  // throws here with the whole report.
  return { ...built, template: Template.fromStack(built.stack) };
}

export const logicalId = (construct: IConstruct): string =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as never);

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
export const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** Every Allow statement of the inline policies attached to a role (by the role's logical id). */
export function statementsOf(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement
  );
}
export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((s) => asArray(s.Action)).sort();

/** Acknowledgements (cdk-nag suppressions) recorded anywhere under a scope: [path, id, reason]. */
export function acknowledgements(scope: IConstruct): [string, string, string][] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, unknown>).map(
            ([id, reason]) => [c.node.path, id, String(reason)] as [string, string, string]
          )
        )
    );
}
