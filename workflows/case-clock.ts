/**
 * The case clock (R-SLA-1…4, R-ESC-2/3/6): one Standard execution per open case and generation.
 *
 * The ONE definition of the state machine, deployed by CDK (`DefinitionBody.fromString` with
 * `definitionSubstitutions`) and executed by the local runner with a local function ARN.
 *
 * `Evaluate` re-reads the case, does whatever is due exactly once (warnings, breaches, tier
 * escalation, notices) and answers with the next absolute instant anything is due; `WaitUntil`
 * waits for that instant with `TimestampPath`, so a late start never moves a deadline. A change
 * on the case that makes something due earlier starts the next generation; an execution whose
 * generation is no longer the case's ends at its next wake-up. Waits are capped at 20 days by
 * `Evaluate` (long waits are split). JSONPath only.
 *
 * A start that already knows the first wake-up (`wakeAt` in the input, written with the case's
 * view, e.g. by the acknowledgement) waits for it first: evaluating at once would only re-read the
 * case and find nothing to do.
 */
import { lambdaRetry, STEP_TIMEOUT_SECONDS } from './asl';

export const caseClockSubstitutions = ['CaseClockStepFunctionArn'] as const;
export type CaseClockSubstitution = (typeof caseClockSubstitutions)[number];

export const caseClockDefinition = {
  Comment:
    'caseflow case clock: wake at each SLA instant (warning, due time, deferred notice) and act on it once',
  StartAt: 'Start',
  States: {
    Start: {
      Type: 'Choice',
      Choices: [{ Variable: '$.wakeAt', IsPresent: true, Next: 'WaitFirst' }],
      Default: 'Evaluate',
    },
    WaitFirst: { Type: 'Wait', TimestampPath: '$.wakeAt', Next: 'Evaluate' },
    Evaluate: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: '${CaseClockStepFunctionArn}',
        Payload: { 'caseId.$': '$.caseId', 'generation.$': '$.generation' },
      },
      ResultSelector: { 'next.$': '$.Payload.next', 'wakeAt.$': '$.Payload.wakeAt' },
      ResultPath: '$.clock',
      TimeoutSeconds: STEP_TIMEOUT_SECONDS,
      Retry: lambdaRetry,
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.clock.next', StringEquals: 'WAIT', Next: 'WaitUntil' }],
      Default: 'Done',
    },
    WaitUntil: { Type: 'Wait', TimestampPath: '$.clock.wakeAt', Next: 'Evaluate' },
    Done: { Type: 'Succeed' },
  },
} as const;

export const caseClockDefinitionJson = (): string => JSON.stringify(caseClockDefinition);
