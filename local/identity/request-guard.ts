import type { IncomingMessage, ServerResponse } from 'node:http';
import { ISSUER_PATH } from './local-clients';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The local server answers only to its own address: a `Host` that is not 127.0.0.1 or localhost
 * on its port is refused (a DNS-rebinding page cannot reach the API), and so is a change to the
 * API or the issuer whose `Origin` is another site. Requests under /oidc go to the local issuer, the rest to the app.
 */
export function localRequestGuard(port: number, app: Listener, issuer: Listener): Listener {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  return (req, res) => {
    const refuse = (status: number, error: string) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    if (!hosts.has(String(req.headers.host ?? '').toLowerCase()))
      return refuse(421, 'this server answers only to its own address (127.0.0.1 or localhost)');
    // Page links are their own authorization, and their pages send no referrer (so `Origin: null`).
    const origin = req.url?.startsWith('/pages/') ? undefined : req.headers.origin;
    if (origin && !['GET', 'HEAD'].includes(req.method ?? '') && !origins.has(origin.toLowerCase()))
      return refuse(403, 'cross-site request refused');
    if (req.url === ISSUER_PATH || req.url?.startsWith(`${ISSUER_PATH}/`)) return issuer(req, res);
    return app(req, res);
  };
}
