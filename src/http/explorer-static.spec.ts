import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { explorerDirectory, explorerRouter } from './explorer-static';

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
  const app = (from: string) => express().use('/explorer', explorerRouter(from));

  it("answers every view's address with the page, under a Content-Security-Policy allowing only its own scripts", async () => {
    for (const path of ['/explorer', '/explorer/lots', '/explorer/lots/AU-SPOD-1?asOf=12', '/explorer/regulator']) {
      const res = await request(app(dir)).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<title>explorer</title>');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('sends an asset gzipped when the browser takes gzip, and as it is otherwise; an unknown asset is not the page', async () => {
    const gzipped = await request(app(dir)).get('/explorer/assets/app.js').set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^text\/javascript/);
    expect(gzipped.text).toBe('console.log("app")');
    const plain = await request(app(dir)).get('/explorer/assets/app.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((await request(app(dir)).get('/explorer/assets/missing.js')).status).toBe(404);
  });

  it('says how to build the explorer when it was not built', async () => {
    const res = await request(app(join(dir, 'nowhere'))).get('/explorer/lots');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'explorer-not-built' });
  });

  it('finds dist/explorer of the checkout from the sources and from the compiled code alike', () => {
    const root = join(__dirname, '..', '..');
    expect(explorerDirectory(__dirname)).toBe(join(root, 'dist', 'explorer'));
    expect(explorerDirectory(join(root, 'dist', 'src', 'http'))).toBe(join(root, 'dist', 'explorer'));
  });
});
