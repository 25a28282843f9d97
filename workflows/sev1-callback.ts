/**
 * The Sev-1 callback workflow (R-SEV1-1, R-SEV1-2): one Standard execution per Sev-1 case.
 *
 * This object is the ONE definition of the state machine. CDK deploys it with
 * `DefinitionBody.fromString` + `definitionSubstitutions`; the local runner executes the same
 * object with local function ARNs substituted (test/workflows asserts the two are identical).
 *
 * The case in DynamoDB is the truth and the workflow is only the timer: every wake-up goes back
 * to `Decide`, which re-reads the case and says what comes next. Waiting is done by the two
 * callback tasks, whose timeout (computed by `Decide` from the absolute deadlines on the case)
 * is the time until the next thing is due, so a slow start never moves a deadline.
 *
 * JSONPath only: the local runner ignores JSONata and `Assign`.
 */

import { lambdaRetry, STEP_TIMEOUT_SECONDS } from './asl';

/** Names of the `${…}` placeholders in the definition; CDK and the local runner fill them. */
export const sev1CallbackSubstitutions = ['Sev1StepFunctionArn'] as const;
export type Sev1CallbackSubstitution = (typeof sev1CallbackSubstitutions)[number];

/**
 * Where `Decide` puts its answer. It is named `Payload` on purpose: `TimeoutSecondsPath` must
 * resolve both where Step Functions reads it (the state input) and where the local runner reads
 * it (the effective parameters, whose `Payload` repeats the value), so one path serves both.
 */
const DECISION_PATH = '$.Payload';
const TIMEOUT_PATH = '$.Payload.timeoutSeconds';
/** Decide → wait loops so far in this execution, for continue-as-new (see `continueWhenLong`). */
const LOOPS_PATH = '$.Payload.loops';

const invoke = (action: string, next: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: {
    FunctionName: '${Sev1StepFunctionArn}',
    Payload: { action, 'caseId.$': '$.caseId', 'loops.$': LOOPS_PATH },
  },
  TimeoutSeconds: STEP_TIMEOUT_SECONDS,
  Retry: lambdaRetry,
  Next: next,
});
/** A step whose answer (next, timeout, loop count) goes under `Payload`. */
const step = (action: string, next: string) => ({
  ...invoke(action, next),
  ResultSelector: {
    'next.$': '$.Payload.next',
    'timeoutSeconds.$': '$.Payload.timeoutSeconds',
    'loops.$': '$.Payload.loops',
  },
  ResultPath: DECISION_PATH,
});

/** A task that registers its token on the case and waits for a person (or its timeout). */
const awaitPerson = (action: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: '${Sev1StepFunctionArn}',
    Payload: {
      action,
      'caseId.$': '$.caseId',
      'taskToken.$': '$$.Task.Token',
      'timeoutSeconds.$': TIMEOUT_PATH,
    },
  },
  TimeoutSecondsPath: TIMEOUT_PATH,
  ResultPath: null,
  Retry: lambdaRetry.map((r) => ({ ...r, ErrorEquals: r.ErrorEquals.filter((e) => e !== 'States.Timeout') })),
  Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Decide' }],
  Next: 'Decide',
});

export const sev1CallbackDefinition = {
  Comment:
    'caseflow Sev-1 callback: page the on-call chain until acknowledged, then until the customer is called back, then on every late customer update',
  StartAt: 'Start',
  TimeoutSeconds: 60 * 60 * 24 * 30,
  States: {
    Start: { Type: 'Pass', Parameters: { 'caseId.$': '$.caseId', Payload: { loops: 0 } }, Next: 'Decide' },
    Decide: step('decide', 'Route'),
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.Payload.next', StringEquals: 'AWAIT_ACK', Next: 'AwaitAck' },
        { Variable: '$.Payload.next', StringEquals: 'AWAIT_CALLBACK', Next: 'AwaitCallback' },
        { Variable: '$.Payload.next', StringEquals: 'AWAIT_UPDATE', Next: 'AwaitUpdate' },
        { Variable: '$.Payload.next', StringEquals: 'BREACH', Next: 'RecordBreach' },
        { Variable: '$.Payload.next', StringEquals: 'CONTINUE', Next: 'ContinueAsNew' },
      ],
      Default: 'Done',
    },
    AwaitAck: awaitPerson('await-ack'),
    AwaitCallback: awaitPerson('await-callback'),
    AwaitUpdate: awaitPerson('await-update'),
    RecordBreach: step('record-breach', 'Decide'),
    // Starts the next attempt's execution, then this one ends (history stays far below 25,000 events).
    ContinueAsNew: { ...invoke('continue', 'Done'), ResultPath: null },
    Done: { Type: 'Succeed' },
  },
} as const;

/** The definition as deployed: JSON with `${…}` placeholders still in it. */
export const sev1CallbackDefinitionJson = (): string => JSON.stringify(sev1CallbackDefinition);
