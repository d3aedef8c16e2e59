// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm start`'s server (scripts/serve.mjs run as a program): it prints the playground's URL
// once it listens, sends a request for / to the playground, serves the playground's page,
// and says plainly when its port is taken.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from './support/paths.mjs';

const SCRIPT = join(repoRoot, 'scripts', 'serve.mjs');
const children = new Set();

// Starts the server as `npm start` does (after its build), with `env` added. Resolves to
// the child and everything it printed once stdout has a line matching `until`, or rejects
// with that output if the child exits first. There is no timer: a server that neither
// prints nor exits leaves the test hanging, where node --test reports it.
function start(env, until) {
  const child = spawn(process.execPath, [SCRIPT], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => until.test(stdout) && resolve({ child, stdout, stderr }));
    child.once('exit', (code, signal) => {
      const output = { child, stdout, stderr, code, signal };
      if (until.test(stdout)) resolve(output);
      else reject(Object.assign(new Error(`serve.mjs exited (${code ?? signal}) before printing ${until}:\n${stdout}${stderr}`), output));
    });
  });
}

after(() => {
  for (const child of children) child.kill();
});

const BANNER = /^wasmconv playground: (http:\/\/\S+)$/m;

test('npm start prints the playground URL, and / redirects to it', async () => {
  // PORT=0: the system picks a free port, so the test never collides with a running server.
  const { child, stdout } = await start({ PORT: '0' }, BANNER);
  try {
    const url = new URL(stdout.match(BANNER)[1]);
    assert.equal(url.hostname, '127.0.0.1');
    assert.ok(Number(url.port) > 0, `a real port in ${url}`);
    assert.equal(url.pathname, '/web/');

    // The redirect itself, not followed: a 302 to the playground, keeping the query string.
    const root = await fetch(new URL('/?view=image', url), { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/web/?view=image');
    await root.arrayBuffer();

    // Followed, / ends on the playground's page.
    const page = await fetch(new URL('/', url));
    assert.equal(page.status, 200);
    assert.equal(page.url, url.href);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    const html = await page.text();
    assert.match(html, /<title>wasmconv playground: /);
    assert.match(html, /<h1>wasmconv playground<\/h1>/);

    // Only / itself is redirected: other missing paths are still 404.
    const missing = await fetch(new URL('/no-such-file.html', url), { redirect: 'manual' });
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  } finally {
    child.kill();
    await once(child, 'exit');
  }
});

test('serve() without `home` (as the browser tests use it) does not redirect /', async () => {
  const { server, url } = await serve({ root: join(repoRoot, 'web'), port: 0 });
  try {
    // web/ has an index.html: / is that file, served directly.
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<h1>wasmconv playground<\/h1>/);
  } finally {
    server.close();
  }
});

test('npm start on a port already in use says so and exits', async () => {
  const { server, url } = await serve({ root: repoRoot, port: 0 });
  try {
    const port = new URL(url).port;
    const exit = await start({ PORT: port }, BANNER).then(
      () => assert.fail('a second server started on a taken port'),
      (e) => e,
    );
    assert.equal(exit.code, 1);
    assert.equal(exit.stdout, '');
    assert.match(exit.stderr, new RegExp(`^serve: cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} is in use; set PORT to another one \\(PORT=0 picks a free port\\)$`, 'm'));
  } finally {
    server.close();
  }
});

test('npm start refuses a PORT that is not a port number', async () => {
  const exit = await start({ PORT: 'eighty' }, BANNER).then(
    () => assert.fail('started with PORT=eighty'),
    (e) => e,
  );
  assert.equal(exit.code, 2);
  assert.match(exit.stderr, /^serve: PORT must be a port number from 0 to 65535 \(0 picks a free one\), got eighty$/m);
});
