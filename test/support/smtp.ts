import { createTransport } from 'nodemailer';

/** Sends mail over a real SMTP conversation to the local stand-in. */
export async function sendMail(
  port: number,
  mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId?: string;
    headers?: Record<string, string>;
  }
): Promise<string> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail(mail);
    return info.response;
  } finally {
    transport.close();
  }
}

/** Sends raw MIME as is (for charsets and headers a composer would normalise). */
export async function sendRaw(
  port: number,
  envelope: { from: string; to: string[] },
  raw: string
): Promise<string> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return info.response;
  } finally {
    transport.close();
  }
}
