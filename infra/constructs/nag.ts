import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** Shortest reason a suppression may carry: a reason must say why, not just "needed". */
export const MIN_REASON_LENGTH = 20;

/**
 * Acknowledges (suppresses) one cdk-nag finding on a construct and everything below it.
 *
 * cdk-nag 3 reads CDK's own `Validations.of(scope).acknowledge()` records (its v2
 * `NagSuppressions` API is gone). A finding that names a wildcard is acknowledged one by one,
 * `AwsSolutions-IAM5[Resource::…]`, never the whole rule.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`cdk-nag acknowledgement ${id} on ${scope.node.path} needs a real reason`);
  }
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The id cdk-nag gives an IAM5 finding for a wildcard resource, e.g.
 * `AwsSolutions-IAM5[Resource::<CaseStoreTableB2A0D2A4.Arn>/index/*]`: the resource is resolved
 * and flattened exactly as cdk-nag does it, so no logical id is written out by hand.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** X-Ray accepts no resource-level permissions; tracing needs `Resource: *` (used by every function). */
export const XRAY_REASON =
  'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; tracing needs Resource *';
