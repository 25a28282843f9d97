import { appendFile } from 'node:fs/promises';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Powertools Metrics whose Embedded Metric Format lines go to a file (`<data>/metrics.jsonl`)
 * instead of stdout, where Lambda would hand them to CloudWatch.
 */
export class FileMetrics extends Metrics {
  constructor(private readonly file: string) {
    super({ namespace: 'caseflow', serviceName: 'caseflow' });
  }

  override publishStoredMetrics(): this {
    if (this.hasStoredMetrics())
      void appendFile(this.file, `${JSON.stringify(this.serializeMetrics())}\n`).catch(() => {});
    this.clearMetrics();
    return this;
  }
}
