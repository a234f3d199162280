// The access log under load (issue 7, audit.c): the rows of views are
// written by the log writer in group commits while the request waits, so a
// page is answered only once its row is in the log; when the row cannot be
// written the page is not shown (500) and nothing of the young person's
// data leaves the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, hv } from '../lib/server.mjs';

let srv, person;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-accesslog-'));
  const db = makeDb(dir);
  srv = await startServer({ db, dir });
  const coord = sqlite(db, "SELECT id FROM users WHERE username = 'coordinator'").trim();
  person = sqlite(db, `INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)
    VALUES (1, '0101991234', 'Logget Ung', ${coord}, 'now') RETURNING id`).trim();
  sqlite(db, `INSERT INTO course(person_id, target_group, opened_on) VALUES (${person}, 'homeless', '2026-01-05')`);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const views = () => Number(sqlite(srv.db, `SELECT COUNT(*) FROM audit_log WHERE action = 'view'
  AND person_id = ${person} AND result = 'ok'`).trim());

async function coordinator() {
  const c = new Client(srv.url);
  assert.equal((await c.login('coordinator')).status, 303);
  return c;
}

test('forty views at once: each page is answered with its row already in the log, the chain intact', async () => {
  const c = await coordinator();
  const before = views();
  const pages = await Promise.all(Array.from({ length: 40 }, () => c.get(`/unge/${person}`)));
  // read the log the moment the last page is in: nothing may still be on its way
  const after = views();
  for (const p of pages) {
    assert.equal(p.status, 200);
    assert.match(p.text, /Logget Ung/);
  }
  assert.equal(after - before, 40);
  const v = hv(['audit', 'verify', '--db', srv.db]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('the log is checkpointed by the server\'s checkpoint thread, not in the commit of a view', async () => {
  // The server's connections make no checkpoints (the commit that filled
  // the write-ahead log did, with two disk syncs, while every view parked
  // behind it waited); a thread copies the log into its file every 100 ms.
  // Sixty views are far below the 1,000 pages at which a connection would
  // checkpoint by itself, so the file grows only through that thread.
  const c = await coordinator();
  const size = () => statSync(srv.db + '-accesslog').size;
  const s0 = size();
  for (let i = 0; i < 60; i++) assert.equal((await c.get(`/unge/${person}`)).status, 200);
  let grown = false;
  for (let i = 0; i < 40 && !grown; i++) {
    await new Promise((ok) => setTimeout(ok, 50));
    grown = size() > s0;
  }
  assert.ok(grown, `the access log file stayed at ${s0} bytes`);
});

test('views write only the access log file, never the case data file', async () => {
  const c = await coordinator();
  assert.equal((await c.get(`/unge/${person}`)).status, 200); // the session is current: no write of its own
  const wal = () => { const st = statSync(srv.db + '-wal'); return [st.size, st.mtimeMs]; };
  const logRows = () => Number(sqlite(srv.db, 'SELECT COUNT(*) FROM log.audit_log').trim());
  const [w0, r0] = [wal(), logRows()];
  for (let i = 0; i < 10; i++) assert.equal((await c.get(`/unge/${person}`)).status, 200);
  // every commit to the case data's file would make the server's other
  // connections drop their page caches (docs/performance.md)
  assert.deepEqual(wal(), w0);
  assert.equal(logRows(), r0 + 10);
});

test('a view whose log row cannot be written is not shown: 500, no data, nothing logged; then it works again', async () => {
  const c = await coordinator();
  assert.equal((await c.get(`/unge/${person}`)).status, 200); // the session is current: no write of its own
  const before = views();
  // another process holds the access log's write lock for longer than the
  // server waits for it (5 s)
  const holder = spawn('sqlite3', [srv.db + '-accesslog'], { stdio: ['pipe', 'pipe', 'pipe'] });
  holder.stdin.write('BEGIN IMMEDIATE;\nSELECT \'locked\';\n');
  await new Promise((ok) => holder.stdout.once('data', ok));
  const t0 = Date.now();
  const r = await c.get(`/unge/${person}`);
  assert.equal(r.status, 500);
  assert.doesNotMatch(r.text, /Logget Ung|0101991234|010199/);
  assert.match(r.text, /Der opstod en fejl/);
  assert.ok(Date.now() - t0 >= 4000, 'the server waited for the lock before giving up');
  holder.stdin.end('ROLLBACK;\n');
  await new Promise((ok) => holder.on('exit', ok));
  assert.equal(views(), before);
  const again = await c.get(`/unge/${person}`);
  assert.equal(again.status, 200);
  assert.match(again.text, /Logget Ung/);
  assert.equal(views(), before + 1);
});
