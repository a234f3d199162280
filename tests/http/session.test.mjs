// Session timeouts, with a server started with short timeouts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--idle-timeout', '2', '--session-max', '5'] }); });
after(async () => { await srv.stop(); srv.cleanup(); });

test('a session ends after the idle timeout', async () => {
  const c = new Client(srv.url);
  assert.equal((await c.login('coordinator')).status, 303);
  assert.equal((await c.get('/mine-unge')).status, 200);
  await sleep(2500);
  const r = await c.get('/mine-unge');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
});

test('a session ends after the absolute timeout even when in use', async () => {
  const c = new Client(srv.url);
  assert.equal((await c.login('coordinator')).status, 303);
  for (let i = 0; i < 4; i++) {
    await sleep(1000);
    assert.equal((await c.get('/mine-unge')).status, 200, `still logged in after ${i + 1} s`);
  }
  await sleep(1500);
  assert.equal((await c.get('/mine-unge')).status, 303);
});

test('a POST after the session ended says so instead of losing silently', async () => {
  const c = new Client(srv.url);
  await c.login('coordinator');
  const csrf = await c.csrf('/henvisning/ny');
  await sleep(2500);
  const r = await c.post('/henvisning', { csrf, name: 'x' });
  assert.equal(r.status, 401);
  assert.match(r.text, /session er udløbet/);
});
