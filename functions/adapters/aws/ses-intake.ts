import { type IntakeResult, receiveMail } from '../../use-cases/receive-mail';
import { inboundMailFromSes, SesEventSchema } from './ses-receipt-event';

/**
 * Intake of an SES receipt event: validate it, map each record, run the use-case. The intake
 * function runs it for SES; the API runs it again for events from the on-failure queue.
 */
export const intakeFromSes =
  (services: Parameters<typeof receiveMail>[0], rawKeyPrefix: string) =>
  async (event: unknown): Promise<IntakeResult[]> => {
    const { Records } = SesEventSchema.parse(event);
    const results: IntakeResult[] = [];
    for (const record of Records)
      results.push(await receiveMail(services, inboundMailFromSes(record, rawKeyPrefix)));
    return results;
  };
