import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
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

/** Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0). */
function takesGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * Serves the explorer at /explorer, as routes of the HTTP server beside Nest's (so no API key is
 * needed for these files; the page asks for one): its built assets (gzipped when the browser
 * takes it), and the page itself for every other path under it, so each view's address
 * (`/explorer/lots/{lotId}`) opens directly.
 */
export function serveExplorer(fastify: FastifyInstance, dir: string = explorerDirectory()): void {
  fastify.get('/explorer/assets/:file', (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const file = String(request.params.file);
    const path = join(dir, 'assets', file);
    // A missing asset is a 404, never the page: a script tag must not be handed HTML.
    if (!/^[\w.-]+$/.test(file) || !existsSync(path)) return reply.code(404).type('text/plain; charset=utf-8').send('no such asset of the explorer');
    const gzip = `${path}.gz`;
    reply.header('Content-Type', TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream');
    reply.header('Cache-Control', 'no-cache');
    reply.header('Vary', 'Accept-Encoding');
    if (takesGzip(request) && existsSync(gzip)) {
      reply.header('Content-Encoding', 'gzip');
      return reply.send(createReadStream(gzip));
    }
    return reply.send(createReadStream(path));
  });
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const index = join(dir, 'index.html');
    if (!existsSync(index)) {
      const answer = problem('explorer-not-built', `the explorer has not been built into ${dir}; run npm run build`);
      answer.instance = request.url;
      return reply.code(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer));
    }
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('Cache-Control', 'no-cache');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    return reply.type('text/html; charset=utf-8').send(createReadStream(index));
  };
  fastify.get('/explorer', page);
  fastify.get('/explorer/*', page);
}
