// Session timeouts, with servers started with short timeouts.  The
// assertions look at the time that really passed, so a slow, busy machine
// cannot make them fail: "still logged in" is only asserted well inside the
// limit, "logged out" only after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client } from '../lib/server.mjs';

const IDLE = 3, MAX = 6;
let idle, absolute;
before(async () => {
  idle = await startServer({ args: ['--idle-timeout', String(IDLE), '--session-max', '3600'] });
  absolute = await startServer({ args: ['--idle-timeout', '3600', '--session-max', String(MAX)] });
});
after(async () => {
  for (const s of [idle, absolute]) { await s.stop(); s.cleanup(); }
});

async function login(srv) {
  const c = new Client(srv.url);
  const t0 = Date.now();
  assert.equal((await c.login('coordinator')).status, 303);
  return { c, t0 };
}
const since = (t0) => (Date.now() - t0) / 1000;

test('a session ends after the idle timeout', async () => {
  const { c } = await login(idle);
  const before = Date.now();
  const r0 = await c.get('/mine-unge');
  if (since(before) < IDLE - 1) assert.equal(r0.status, 200);
  await sleep((IDLE + 1) * 1000);
  const r = await c.get('/mine-unge');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
});

test('a session ends after the absolute timeout even when in use', async () => {
  const { c, t0 } = await login(absolute);
  let checked = 0;
  while (since(t0) < MAX - 2) {
    const asked = Date.now();
    const r = await c.get('/mine-unge');
    if ((asked - t0) / 1000 < MAX - 2) {
      assert.equal(r.status, 200, `still logged in after ${since(t0).toFixed(1)} s`);
      checked++;
    }
    await sleep(700);
  }
  assert.ok(checked >= 1, 'the session was used before the limit');
  await sleep(Math.max(0, (MAX + 1 - since(t0)) * 1000));
  assert.equal((await c.get('/mine-unge')).status, 303);
});

test('a POST after the session ended says so instead of losing silently', async () => {
  const { c } = await login(idle);
  const csrf = await c.csrf('/henvisning/ny');
  await sleep((IDLE + 1) * 1000);
  const r = await c.post('/henvisning', { csrf, name: 'x' });
  assert.equal(r.status, 401);
  assert.match(r.text, /session er udløbet/);
});
