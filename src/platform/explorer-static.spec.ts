import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { explorerDirectory, serveExplorer } from './explorer-static';

describe('the explorer’s files at /explorer', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'explorer-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>explorer</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(dir, 'assets', 'app.js.gz'), gzipSync('console.log("app")'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const get = async (from: string, url: string, headers: Record<string, string> = {}) => {
    const app = Fastify();
    serveExplorer(app, from);
    const res = await app.inject({ method: 'GET', url, headers });
    await app.close();
    return { status: res.statusCode, headers: res.headers, text: res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload).toString() : res.body };
  };

  it("answers every view's address with the page, under a Content-Security-Policy allowing only its own scripts", async () => {
    for (const path of ['/explorer', '/explorer/lots', '/explorer/lots/AU-SPOD-1?asOf=12', '/explorer/regulator']) {
      const res = await get(dir, path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<title>explorer</title>');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('sends an asset gzipped when the browser takes gzip, and as it is otherwise; an unknown asset is not the page', async () => {
    const gzipped = await get(dir, '/explorer/assets/app.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^text\/javascript/);
    expect(gzipped.text).toBe('console.log("app")');
    const plain = await get(dir, '/explorer/assets/app.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((await get(dir, '/explorer/assets/missing.js')).status).toBe(404);
  });

  it('says how to build the explorer when it was not built', async () => {
    const res = await get(join(dir, 'nowhere'), '/explorer/lots');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'explorer-not-built' });
  });

  it('finds dist/explorer of the checkout from the sources and from the compiled code alike', () => {
    const root = join(__dirname, '..', '..');
    expect(explorerDirectory(__dirname)).toBe(join(root, 'dist', 'explorer'));
    expect(explorerDirectory(join(root, 'dist', 'src', 'platform'))).toBe(join(root, 'dist', 'explorer'));
  });
});
