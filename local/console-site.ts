import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { CONSOLE_HEADERS, type ConsoleConfig, consoleCsp } from '../console/security-headers';

/** Where `npm ci` / `npm start` build the console (scripts/build-console.mjs). */
export const CONSOLE_DIST = fileURLToPath(new URL('../console/dist', import.meta.url));

/** Paths the API answers; every other path is the console's. */
export const isApiPath = (url: string | undefined): boolean =>
  /^\/(api|pages|health)(\/|\?|$)/.test(url ?? '');

/**
 * The agent console on the local server, as CloudFront serves it on AWS: the built files with
 * the same security headers, any path that is not a file answered with the app's `index.html`
 * (its routes), and `/config.json` naming the local issuer.
 */
export function consoleSite(config: ConsoleConfig, dist = CONSOLE_DIST): Hono {
  const app = new Hono();
  const root = relative(process.cwd(), dist) || '.';
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', consoleCsp());
    for (const [name, value] of Object.entries(CONSOLE_HEADERS)) c.header(name, value);
  });
  // The issuer lives at 127.0.0.1 (its redirects name it): a console opened as localhost moves there.
  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!host.startsWith('localhost:')) return next();
    const url = new URL(c.req.url);
    return c.redirect(`http://127.0.0.1:${host.slice('localhost:'.length)}${url.pathname}${url.search}`, 302);
  });
  app.get('/config.json', (c) => c.json(config, 200, { 'Cache-Control': 'no-store' }));
  app.get(
    '/assets/*',
    serveStatic({
      root,
      // Built file names carry their content hash.
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    })
  );
  app.get('*', async (c, next) => {
    // A path with a dot is a file that is not there; any other path is one of the app's routes.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return next();
    if (!existsSync(join(dist, 'index.html')))
      return c.text('The console is not built: run npm install (or npm start), which builds it.', 503);
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ root, rewriteRequestPath: () => '/index.html' })(c, next);
  });
  app.notFound((c) => c.text('not found', 404));
  return app;
}
