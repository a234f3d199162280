// The national-scale data set (issue 7, part 1): `hjemvej demo --scale
// national` at a small size (2,000 young people), checked in the database
// (every municipality, step, combination and method; proportions; foreign
// keys and integrity; the indexes back; the same seed, the same data) and
// through the pages a coordinator, a support worker and a project leader
// use on it.  The full national scale is run by hand, not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hv, sqlite, startServer, Client, KEPT_WRONG } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'hjemvej-national-'));
const db = join(dir, 'national.db');
let gen;

const one = (sql) => sqlite(db, sql).trim();
const num = (sql) => Number(one(sql));

test.before(() => {
  gen = hv(['demo', '--scale', 'national', '--people', '2000', '--seed', '5', '--db', db, '--no-serve']);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('bad options are a usage error and write nothing', () => {
  for (const args of [['--scale', 'galaxy'], ['--scale', 'national', '--people', '0'],
    ['--scale', 'national', '--people', 'many'], ['--people', '10'],
    ['--scale', 'national', '--size', '10']]) {
    const f = join(dir, 'bad.db');
    const r = hv(['demo', ...args, '--db', f, '--no-serve']);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /hjemvej demo: .*see hjemvej demo --help/);
    assert.equal(existsSync(f), false, args.join(' '));
  }
});

test('the data set: municipalities, people, every step, combination and method', () => {
  assert.equal(gen.code, 0, gen.stderr);
  assert.doesNotMatch(gen.stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
  assert.match(gen.stdout, /^rows: \d+ in [\d.]+ s \(\d+ rows\/s\)$/m);
  assert.equal(num('SELECT COUNT(*) FROM municipality'), 98);
  assert.equal(num('SELECT COUNT(*) FROM person'), 2000);
  assert.equal(num('SELECT COUNT(DISTINCT municipality_id) FROM person'), 98);
  assert.equal(one('SELECT group_concat(step) FROM (SELECT DISTINCT step FROM course_event ORDER BY step)'),
    '1,2,3,4,5,6,7');
  assert.equal(one('SELECT group_concat(combination) FROM (SELECT DISTINCT combination FROM allocation ORDER BY 1)'),
    'model,model_cti,model_icm');
  assert.equal(one('SELECT group_concat(method) FROM (SELECT DISTINCT method FROM support_course ORDER BY 1)'),
    'act,cti,icm');
  assert.equal(one('SELECT group_concat(target_group) FROM (SELECT DISTINCT target_group FROM course ORDER BY 1)'),
    'at_risk,homeless');
  assert.equal(one("SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM course_end ORDER BY 1)"),
    'closed,declined');
  // most courses closed, some open; courses over ten years
  const open = num('SELECT COUNT(*) FROM course WHERE closed_on IS NULL');
  assert.ok(open > 100 && open < 800, `open courses ${open}`);
  const years = num("SELECT COUNT(DISTINCT substr(opened_on, 1, 4)) FROM course");
  assert.ok(years >= 10, `years ${years}`);
  // the value the benchmark parses agrees with the database
  const total = Number(gen.stdout.match(/^rows: (\d+)/m)[1]);
  const persons = Number(gen.stdout.match(/^\s+person\s+(\d+)$/m)[1]);
  assert.equal(persons, 2000);
  assert.ok(total > 400000, `total ${total}`);
  // users for every role in every municipality
  assert.equal(num("SELECT COUNT(*) FROM (SELECT municipality_id FROM users GROUP BY municipality_id"
    + " HAVING COUNT(DISTINCT role) = 6)"), 98);
});

test('volumes in proportion to the people (per 100,000: 2 M contacts, 400,000 meetings ...)', () => {
  const per = (t) => num(`SELECT COUNT(*) FROM ${t}`) / 2000;
  const within = (t, lo, hi) => { const v = per(t); assert.ok(v >= lo && v <= hi, `${t}: ${v} per person`); };
  within('contact', 15, 30);
  within('meeting', 3, 6);
  assert.ok(per('goal') + per('agreement') >= 4.5 && per('goal') + per('agreement') <= 8);
  within('measurement', 6, 20);
  within('measurement_answer', 60, 250);
  within('time_registration', 3, 15);
  within('team_member', 2, 5);
  // every course in the model has its quarterly measurements, by the instruments in the database
  assert.equal(num("SELECT COUNT(*) FROM course c WHERE EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id"
    + " AND e.step = 3) AND NOT EXISTS (SELECT 1 FROM measurement m WHERE m.course_id = c.id)"), 0);
  assert.equal(num('SELECT COUNT(*) FROM measurement_answer a JOIN measurement m ON m.id = a.measurement_id'
    + ' JOIN instrument_item i ON i.id = a.item_id WHERE i.instrument_id <> m.instrument_id'), 0);
  assert.equal(num("SELECT COUNT(*) FROM measurement_answer WHERE num IS NOT NULL AND item_id IN"
    + " (SELECT id FROM instrument_item WHERE kind = 'scale') AND num NOT BETWEEN 1 AND 5"), 0);
  // housing improves after moving in: a measurement after moving in says own_home
  assert.ok(num("SELECT COUNT(*) FROM measurement_answer a JOIN measurement m ON m.id = a.measurement_id"
    + " JOIN instrument_item i ON i.id = a.item_id JOIN home h ON h.course_id = m.course_id"
    + " WHERE i.key = 'housing' AND a.txt = 'own_home' AND m.period_to >= h.moved_in_on") > 50);
  // caseloads near the guide and the caps, never above them
  // (at this size most municipalities need one coordinator; the biggest several)
  const coord = one("SELECT MAX(n) || ' ' || AVG(n) FROM (SELECT p.coordinator_id, COUNT(*) n FROM person p"
    + " JOIN course c ON c.person_id = p.id AND c.closed_on IS NULL WHERE p.municipality_id = 1 GROUP BY 1)")
    .split(' ').map(Number);
  assert.ok(coord[0] <= 20 && coord[1] >= 10, `coordinator caseload ${coord}`);
  assert.ok(num("SELECT MAX(n) FROM (SELECT p.coordinator_id, COUNT(*) n FROM person p"
    + " JOIN course c ON c.person_id = p.id AND c.closed_on IS NULL GROUP BY 1)") <= 20);
  for (const [m, cap] of [['cti', 10], ['icm', 8]]) {
    const max = num(`SELECT MAX(n) FROM (SELECT w.user_id, COUNT(*) n FROM support_worker w JOIN support_course s`
      + ` ON s.id = w.support_id WHERE s.end_on IS NULL AND s.method = '${m}' GROUP BY 1)`);
    assert.ok(max <= cap, `${m} ${max}`);
  }
});

test('the database is whole: foreign keys, integrity, the indexes are back', () => {
  assert.equal(one('PRAGMA foreign_key_check'), '');
  assert.equal(one('PRAGMA integrity_check'), 'ok');
  assert.equal(one('PRAGMA journal_mode'), 'wal');
  const fresh = join(dir, 'fresh.db');
  assert.equal(hv(['init', '--db', fresh, '--municipality', 'X']).code, 0);
  const idx = "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)";
  assert.equal(one(idx), sqlite(fresh, idx).trim());
  assert.ok(one(idx).includes('contact_support'));
});

test('the courses\' kept figures (migration 18) are computed at the load\'s end, and the triggers are back', () => {
  // the load drops the triggers (db_bulk_begin) and computes the columns once (db_bulk_end)
  assert.equal(num(KEPT_WRONG), 0);
  assert.ok(num('SELECT COUNT(*) FROM course WHERE kept_step3_on IS NOT NULL') > 1000);
  assert.equal(num('SELECT COUNT(*) FROM course WHERE kept_referred_on IS NULL'), 0);
  const trig = "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name)";
  const fresh = join(dir, 'fresh-triggers.db');
  assert.equal(hv(['init', '--db', fresh, '--municipality', 'X']).code, 0);
  assert.equal(one(trig), sqlite(fresh, trig).trim());
  assert.ok(one(trig).includes('course_event_kept_insert'));
  // a course inserted after rows that name its id computes them (the sqlite3 tool checks no
  // foreign keys); rolled back
  const next = num('SELECT MAX(id) + 1 FROM course');
  const person = num('SELECT MIN(id) FROM person');
  assert.equal(sqlite(db, `BEGIN;
    INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at)
      VALUES (${next}, '2026-01-02', 'uu', 'r', 'homeless', 'now');
    INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (${next}, 3, '2026-02-01', 'now');
    INSERT INTO course(id, person_id, opened_on, target_group) VALUES (${next}, ${person}, '2026-01-02', 'homeless');
    SELECT kept_referred_on || ' ' || kept_step3_on FROM course WHERE id = ${next};
    ${KEPT_WRONG};
    ROLLBACK;`).trim(), '2026-01-02 2026-02-01\n0');
});

test('the same seed gives the same data', () => {
  const run = (name, seed) => {
    const f = join(dir, name);
    const r = hv(['demo', '--scale', 'national', '--people', '300', '--seed', seed, '--db', f, '--no-serve']);
    assert.equal(r.code, 0, r.stderr);
    return { f, out: r.stdout };
  };
  const a = run('a.db', '5'), b = run('b.db', '5'), c = run('c.db', '6');
  const table = (out) => out.split('\n').filter((l) => /^\s+[a-z_]+\s+\d+$/.test(l)).join('\n');
  assert.ok(table(a.out).includes('measurement_answer'));
  assert.equal(table(b.out), table(a.out));
  for (const sql of ["SELECT group_concat(cpr || name, ',') FROM person",
    'SELECT SUM(minutes * id) FROM contact', "SELECT group_concat(on_date, ',') FROM meeting",
    'SELECT SUM(COALESCE(num, 0) * measurement_id) FROM measurement_answer']) {
    assert.equal(sqlite(b.f, sql), sqlite(a.f, sql), sql);
  }
  const first = "SELECT group_concat(cpr, ',') FROM person";
  assert.notEqual(sqlite(c.f, first), sqlite(a.f, first));
});

test('the pages work on it: the young person, Mine unge, /dokumentation, the caseloads', async () => {
  const pw = gen.stdout.match(/has the password (\S+)/)[1];
  assert.match(gen.stdout, /^\s+m1-koordinator1\s+coordinator$/m);
  const s = await startServer({ db, dir });
  try {
    const c = new Client(s.url);
    let r = await c.login('m1-koordinator1', pw);
    assert.equal(r.status, 303, r.text);
    for (const path of ['/mine-unge', '/dokumentation']) {
      r = await c.get(path);
      assert.equal(r.status, 200, path);
    }
    const mine = one("SELECT p.id FROM person p JOIN users u ON u.id = p.coordinator_id"
      + " WHERE u.username = 'm1-koordinator1' ORDER BY p.id").split('\n');
    assert.ok(mine.length >= 5);
    const open = one("SELECT p.id FROM person p JOIN users u ON u.id = p.coordinator_id JOIN course c ON c.person_id = p.id"
      + " JOIN support_course s ON s.course_id = c.id AND s.end_on IS NULL"
      + " WHERE u.username = 'm1-koordinator1' AND c.closed_on IS NULL ORDER BY p.id LIMIT 1");
    for (const id of [open, ...mine.slice(0, 4)]) {
      for (const sub of ['', '/maalinger', '/netvaerk']) {
        r = await c.get(`/unge/${id}${sub}`);
        assert.equal(r.status, 200, `/unge/${id}${sub}`);
      }
    }
    r = await c.get(`/unge/${open}`);
    assert.match(r.text, /Bostøtte|bostøtte/);
    // a young person of another municipality is not found
    const far = one("SELECT id FROM person WHERE municipality_id = 98 LIMIT 1");
    assert.equal((await c.get(`/unge/${far}`)).status, 404);
    // a support worker's Mine unge and worklist; the project leader's caseloads
    const w = new Client(s.url);
    assert.equal((await w.login('m1-cti1', pw)).status, 303);
    for (const path of ['/mine-unge', '/dokumentation']) assert.equal((await w.get(path)).status, 200, path);
    const pl = new Client(s.url);
    assert.equal((await pl.login('m1-projektleder', pw)).status, 303);
    for (const path of ['/bostoette', '/dokumentation']) assert.equal((await pl.get(path)).status, 200, path);
  } finally {
    await s.stop();
  }
});
