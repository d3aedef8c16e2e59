// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A plain static host, as a blog's or GitHub Pages' would be, for the static-site test:
// it serves one folder under a path prefix (a project site such as /blog/wasmconv/), with
// the usual MIME types and nothing else special: no COOP/COEP, no CORS, no CSP, no
// rewrites. A folder's URL serves its index.html (without the trailing slash: a redirect
// to it); anything else, or anything outside the folder, is a 404. It knows nothing about
// the repository (unlike scripts/serve.mjs).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

/**
 * Serves `root` at http://127.0.0.1:<free port><prefix> (prefix starts and ends with '/').
 * Resolves to { url: the folder's URL, origin, close() }.
 */
export async function staticHost(root, { prefix = '/' } = {}) {
  const base = await realpath(resolve(root));
  const notFound = (res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  };
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://host');
      if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
      if (!pathname.startsWith(prefix)) return notFound(res);
      const path = resolve(join(base, decodeURIComponent(pathname.slice(prefix.length))));
      if (path !== base && !path.startsWith(base + sep)) return notFound(res);
      let file = path;
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${pathname}/` });
          return res.end();
        }
        file = join(path, 'index.html');
        info = await stat(file);
      }
      const real = await realpath(file);
      if (!real.startsWith(base + sep) || !info.isFile()) return notFound(res);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(real).pipe(res);
    } catch {
      notFound(res);
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}${prefix}`,
    close: () => new Promise((done) => {
      server.close(done);
      server.closeAllConnections();
    }),
  };
}
