import { Metrics } from '@aws-lambda-powertools/metrics';

/** Metrics published in CloudWatch Embedded Metric Format, built once per function that has any. */
export const metrics = new Metrics({ namespace: 'caseflow', serviceName: 'caseflow' });
