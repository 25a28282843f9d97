import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SESEvent } from 'aws-lambda';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import {
  ALL_PASS,
  newSesMessageId,
  readHeaders,
  sesLambdaEvent,
  sesReceiptHeaders,
  verdictsFromHeaders,
} from './ses-stand-in';

/** SES's inbound limit, headers included. */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

export interface SmtpIntakeOptions {
  host: string;
  port: number;
  /** Mail is accepted for these addresses only (the receipt rules' recipients). */
  supportAddresses: string[];
  /** Raw MIME is stored here under the SES message id, before anything parses it. */
  inboundDir: string;
  functionArn: string;
  /** The receipt timestamp's clock (the local scaled clock). */
  now: () => Date;
  /** Keeps the event durably before the SMTP reply (the local intake spool). */
  accept: (event: SESEvent) => Promise<void>;
  /** The intake "Lambda", invoked asynchronously after the mail was accepted and stored. */
  deliver: (event: SESEvent) => Promise<void>;
  /** Resolves when a new message may be taken (flow control); called at each MAIL FROM. */
  admit?: () => Promise<void>;
}

export interface SmtpIntake {
  port: number;
  close(): Promise<void>;
}

function domainOf(address: string): string {
  const match = /<?[^<>@\s]+@([^<>\s]+?)>?\s*$/.exec(address);
  return (match?.[1] ?? 'unknown').toLowerCase();
}

/** `support+cf-1.x@d` → `support@d`: a receipt rule for an address matches it with any label. */
function withoutLabel(address: string): string {
  return address.toLowerCase().replace(/^([^+@]*)\+[^@]*@/, '$1@');
}

/**
 * The local stand-in for SES receiving: an SMTP server on loopback. Like SES with an S3 action
 * followed by a Lambda action, it accepts mail for the support addresses only (and, as SES's
 * recipient conditions do, their plus-addressed forms `local+label@domain`), stores the raw
 * MIME (with SES's verdict headers prepended) and the event SES would build, answers 250, then
 * invokes intake with that event.
 */
export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  await mkdir(options.inboundDir, { recursive: true });
  const accepted = new Set(options.supportAddresses.map((a) => a.toLowerCase()));

  const serverOptions: SMTPServerOptions = {
    name: 'caseflow.local',
    banner: 'caseflow local SES stand-in',
    authOptional: true,
    // The package's built-in certificate has expired; loopback-only traffic needs no TLS.
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onMailFrom(_address, _session, callback) {
      // Flow control, as an MTA's (Postfix's in_flow_delay): while intake is behind, a sender
      // waits a moment before its next message is taken, instead of the backlog growing.
      if (!options.admit) return callback();
      options.admit().then(
        () => callback(),
        () => callback()
      );
    },
    onRcptTo(address, _session, callback) {
      if (accepted.has(withoutLabel(address.address))) return callback();
      const error = Object.assign(
        new Error(`Mailbox unavailable: ${address.address} is not a support address`),
        {
          responseCode: 550,
        }
      );
      return callback(error);
    },
    onData(stream, session, callback) {
      const started = Date.now();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('Message exceeds the 40 MB limit'), { responseCode: 552 }));
        }
        try {
          const original = Buffer.concat(chunks);
          const receivedAt = options.now();
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const originalHeaders = readHeaders(original).headers;
          const fromHeader =
            originalHeaders.find((h) => h.name.toLowerCase() === 'from')?.value ?? envelopeFrom;
          const given = verdictsFromHeaders(originalHeaders);
          const verdicts = given ?? ALL_PASS;
          const stored = given
            ? original
            : Buffer.concat([
                Buffer.from(sesReceiptHeaders(verdicts, envelopeFrom, domainOf(fromHeader), receivedAt)),
                original,
              ]);
          const messageId = newSesMessageId();
          const tmp = join(options.inboundDir, `.${messageId}.tmp`);
          await writeFile(tmp, stored);
          await rename(tmp, join(options.inboundDir, messageId));
          const event = sesLambdaEvent({
            messageId,
            receivedAt,
            envelopeFrom,
            recipients,
            headers: readHeaders(stored).headers,
            verdicts,
            functionArn: options.functionArn,
            processingTimeMillis: Date.now() - started,
          });
          // Kept before the reply: from `250` on, a crash or a database outage cannot lose it.
          await options.accept(event);
          callback(null, `Ok: queued as ${messageId}`);
          // Event invocation: the sender is not kept waiting for intake.
          setImmediate(() => void options.deliver(event));
        } catch (error) {
          callback(
            Object.assign(new Error(`Could not store the message: ${(error as Error).message}`), {
              responseCode: 451,
            })
          );
        }
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
