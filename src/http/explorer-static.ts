import express, { type Request, type Response, type Router } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROBLEM_CONTENT_TYPE, problem } from '../problems';

/**
 * The page allows only what the explorer is: its own script and stylesheet, calls to this
 * service, inline styles (the graph and chart libraries set them) and pictures drawn in page.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };

/** `dist/explorer/` of the checkout or image this code runs from (as TypeScript or compiled into dist/). */
export function explorerDirectory(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'explorer');
    dir = parent;
  }
  return join(dir, 'dist', 'explorer');
}

/**
 * Serves the explorer at /explorer: its built assets (gzipped when the browser takes it), and the
 * page itself for every other path under it, so each view's address (`/explorer/lots/{lotId}`)
 * opens directly. No API key is needed for these files; the page asks for one.
 */
export function explorerRouter(dir: string = explorerDirectory()): Router {
  const router = express.Router();
  router.get('/assets/:file', (req: Request, res: Response) => {
    const file = String(req.params.file);
    const path = join(dir, 'assets', file);
    // A missing asset is a 404, never the page: a script tag must not be handed HTML.
    if (!/^[\w.-]+$/.test(file) || !existsSync(path)) return void res.status(404).type('text/plain').send('no such asset of the explorer');
    const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
    const gzip = `${path}.gz`;
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.acceptsEncodings('gzip') && existsSync(gzip)) {
      res.setHeader('Content-Encoding', 'gzip');
      return res.sendFile(gzip);
    }
    return res.sendFile(path);
  });
  router.get(/.*/, (req: Request, res: Response) => {
    const page = join(dir, 'index.html');
    if (!existsSync(page)) {
      const answer = problem('explorer-not-built', `the explorer has not been built into ${dir}; run npm run build`);
      answer.instance = req.originalUrl;
      res.status(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer));
      return;
    }
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html').sendFile(page);
  });
  return router;
}
