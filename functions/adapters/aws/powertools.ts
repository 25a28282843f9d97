import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The Powertools logger, built once per function (as in the Powertools example app's
 * commons/powertools): every use-case logs through it. Metrics are in ./metrics.ts, imported
 * only by the functions that publish any.
 */
export const logger = new Logger({ serviceName: 'caseflow' });
