// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A small static file server for the playground and the browser tests: serves the
// repository root on 127.0.0.1 (override with HOST and PORT; PORT=0 picks a free port),
// with the MIME types module scripts and streaming WebAssembly compilation require, and
// never outside its root. Run as `npm start`, it prints the playground's URL once it
// listens and sends a request for / there, and serves with the cross-origin isolation
// headers, so that the playground runs wasmconv's threaded build.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The headers that make a page cross-origin isolated, which browsers require before they give
 * it SharedArrayBuffer, and so wasmconv's threaded builds. npm start sends them; every
 * resource the playground loads is same-origin, so require-corp blocks nothing.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Starts a server for `root`. `allowedLinks` lists directories outside the root that
 * symlinks inside it may point into (the browser tests link a package this way);
 * `headers` are added to every file response (the CSP test uses this); `home`, when
 * given, is where a request for / is redirected (npm start sends it to the playground,
 * since the repository root has no index.html).
 * Resolves to { server, url } once listening; port 0 picks a free port.
 */
export function serve({ root, port = 8080, host = '127.0.0.1', allowedLinks = [], headers = {}, home = null } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (home && url.pathname === '/') {
        res.writeHead(302, { Location: home + url.search });
        res.end();
        return;
      }
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(join(base, path));
      const real = await realpath(file);
      const inside = [await realpath(base), ...allowedLinks.map((p) => resolve(p))].some(
        (dir) => real === dir || real.startsWith(dir + sep),
      );
      if (!file.startsWith(base + sep) && file !== base) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if (!inside) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      const info = await stat(real);
      if (info.isDirectory()) {
        res.writeHead(302, { Location: url.pathname.replace(/\/?$/, '/') });
        res.end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      createReadStream(real).pipe(res);
    } catch (error) {
      const status = error && (error.code === 'ENOENT' || error.code === 'ENOTDIR') ? 404 : 500;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(status === 404 ? 'not found\n' : 'server error\n');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolvePromise({ server, url: `http://${host}:${address.port}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be a port number from 0 to 65535 (0 picks a free one), got ${process.env.PORT}`);
    process.exit(2);
  }
  let listening;
  try {
    listening = await serve({ root, port, host, home: '/web/', headers: ISOLATION_HEADERS });
  } catch (error) {
    const why = error.code === 'EADDRINUSE' ? `port ${port} is in use; set PORT to another one (PORT=0 picks a free port)` : error.message;
    console.error(`serve: cannot listen on ${host}:${port}: ${why}`);
    process.exit(1);
  }
  // A server on every interface (0.0.0.0 or ::) is reached as localhost from this machine.
  const { port: actual } = listening.server.address();
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  console.log(`wasmconv playground: http://${shown}:${actual}/web/`);
  console.log('(serving the repository root; Ctrl+C stops the server)');
}
