/** Pieces every state machine definition shares (JSONPath ASL, as plain objects). */

/** Retry for transient Lambda faults; the use-cases behind every task are idempotent. */
export const lambdaRetry = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'States.Timeout',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
];

/**
 * How long a plain Lambda step may run; the function itself times out long before. Generous
 * because the local runner scales task timeouts with CASEFLOW_TIME_SCALE too.
 */
export const STEP_TIMEOUT_SECONDS = 900;

/** Fills `${…}` placeholders, as Step Functions does with `DefinitionSubstitutions`. */
export function substituteDefinition(json: string, values: Record<string, string>): string {
  return json.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for definition placeholder ${whole}`);
    return value;
  });
}
