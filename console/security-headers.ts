/**
 * The console's security headers, declared once: the local server sends them with every console
 * file, and CloudFront's response headers policy sends the same on AWS (infra/constructs/public-edge.ts).
 */

/**
 * Content-Security-Policy: the console's own scripts only, API calls to its own origin and the
 * sign-in service, customer mail only in sandboxed frames, nothing framing the console.
 */
export function consoleCsp(signInOrigins: string[] = [], liveOrigins: string[] = []): string {
  const signIn = signInOrigins.join(' ');
  // The live channel: AppSync Events' realtime endpoint on AWS (the local one is 'self').
  const live = liveOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The design system sets element styles from script.
    "style-src 'self' 'unsafe-inline'",
    // Remote images in customer mail load only when the agent asks (the mail frame's own CSP).
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${signIn} ${live}`.replace(/\s+/g, ' ').trim(),
    // Customer HTML mail is shown in a sandboxed srcdoc frame (about:srcdoc inherits this policy).
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${signIn}`.trim(),
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The other headers, as the local server sends them (CloudFront has a typed setting for each). */
export const CONSOLE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** What the console reads at start-up from `/config.json`: where staff sign in. */
export interface ConsoleConfig {
  /** The OpenID issuer (the local issuer, or the Cognito user pool's issuer URL). */
  authority: string;
  /** The console's app client id. */
  clientId: string;
  /** The live channel (docs/live-updates.md); without it the console polls. */
  live?: {
    /** `wss://<AppSync realtime domain>/event/realtime`, locally `ws://127.0.0.1:<port>/event/realtime`. */
    realtimeUrl: string;
    /** The `host` the connection's authorization names: the Event API's HTTP domain (locally the server's). */
    host: string;
  };
}
