import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools, built once per function (as in the Powertools example app's commons/powertools):
 * the logger every use-case logs through, the tracer the AWS SDK clients are captured with, and
 * the metrics published in CloudWatch Embedded Metric Format. Outside Lambda the tracer stays off.
 */
export const logger = new Logger({ serviceName: 'caseflow' });
export const tracer = new Tracer({ serviceName: 'caseflow' });
export const metrics = new Metrics({ namespace: 'caseflow', serviceName: 'caseflow' });

/** An AWS SDK client whose calls show as X-Ray subsegments. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
