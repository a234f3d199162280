// The command line: help, errors and exit codes, init, users, backup,
// audit verify and demo, all against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { hv, makeDb, sqlite, PASSWORD, KEPT_WRONG } from '../lib/server.mjs';

const tmp = () => mkdtempSync(join(tmpdir(), 'hjemvej-cli-'));

test('--version and --help for every subcommand', () => {
  assert.match(hv(['--version']).stdout, /^hjemvej \d+\.\d+\.\d+/);
  for (const cmd of [['init'], ['serve'], ['user'], ['demo'], ['audit'], ['backup']]) {
    const r = hv([...cmd, '--help']);
    assert.equal(r.code, 0, cmd.join(' '));
    assert.match(r.stdout, /usage: hjemvej/);
  }
});

test('usage errors are one line on stderr with exit code 2', () => {
  for (const args of [[], ['frobnicate'], ['init'], ['init', '--db'], ['serve', '--nope'],
    ['user', 'add', '--db', 'x.db'], ['user', 'zap'], ['audit', 'verify'], ['demo', '--size', 'many']]) {
    const r = hv(args);
    assert.equal(r.code, 2, `${args.join(' ')} gave ${r.code}: ${r.stderr}`);
    assert.ok(r.stderr.trim().length > 0, args.join(' '));
  }
});

test('serve and user commands explain a missing database', () => {
  const d = tmp();
  const r = hv(['serve', '--db', join(d, 'missing.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no database at .*hjemvej init --db/);
  rmSync(d, { recursive: true });
});

test('init creates an administrator with a generated password, printed once', () => {
  const d = tmp();
  const db = join(d, 'a.db');
  const r = hv(['init', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const pw = r.stdout.match(/Password: (\S+)/)[1];
  assert.ok(pw.length >= 16);
  const again = hv(['init', '--db', db]);
  assert.equal(again.code, 0);
  assert.doesNotMatch(again.stdout, /Password/);
  // a second database gets a different password: nothing is a default
  const other = hv(['init', '--db', join(d, 'b.db')]);
  assert.notEqual(other.stdout.match(/Password: (\S+)/)[1], pw);
  assert.equal(sqlite(db, 'PRAGMA journal_mode').trim(), 'wal');
  assert.equal(sqlite(db, "SELECT password_hash LIKE '$argon2id$%' FROM users").trim(), '1');
  rmSync(d, { recursive: true });
});

test('user add, list and disable', () => {
  const d = tmp();
  const db = makeDb(d);
  let r = hv(['user', 'add', '--db', db, '--username', 'kim', '--name', 'Kim Ærø', '--role', 'support']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Password: \S{20}/);
  r = hv(['user', 'add', '--db', db, '--username', 'kim', '--name', 'X', '--role', 'support']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /taken/);
  r = hv(['user', 'add', '--db', db, '--username', 'Kim Ø', '--name', 'X', '--role', 'support']);
  assert.equal(r.code, 2);
  r = hv(['user', 'add', '--db', db, '--username', 'lo', '--name', 'X', '--role', 'boss']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown role/);
  r = hv(['user', 'add', '--db', db, '--username', 'lo', '--name', 'X', '--role', 'team', '--password-stdin'], 'kort\n');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /at least 8/);
  r = hv(['user', 'list', '--db', db]);
  assert.match(r.stdout, /kim\s+support\s+yes/);
  r = hv(['user', 'disable', '--db', db, '--username', 'kim']);
  assert.equal(r.code, 0);
  assert.match(hv(['user', 'list', '--db', db]).stdout, /kim\s+support\s+no/);
  r = hv(['user', 'disable', '--db', db, '--username', 'nobody']);
  assert.equal(r.code, 1);
  rmSync(d, { recursive: true });
});

test('backup writes a consistent copy and never overwrites', () => {
  const d = tmp();
  const db = makeDb(d);
  const to = join(d, 'copy.db');
  let r = hv(['backup', '--db', db, '--to', to]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sqlite(to, 'PRAGMA integrity_check').trim(), 'ok');
  assert.equal(sqlite(to, 'SELECT COUNT(*) FROM users').trim(), sqlite(db, 'SELECT COUNT(*) FROM users').trim());
  assert.equal(hv(['audit', 'verify', '--db', to]).code, 0);
  // the access log is copied beside it, with every row
  assert.ok(existsSync(to + '-accesslog'));
  assert.equal(sqlite(to, 'SELECT COUNT(*) FROM audit_log').trim(), sqlite(db, 'SELECT COUNT(*) FROM audit_log').trim());
  r = hv(['backup', '--db', db, '--to', to]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /exists/);
  // nor over an access log left where the copy would go
  const to2 = join(d, 'copy2.db');
  writeFileSync(to2 + '-accesslog', 'x');
  r = hv(['backup', '--db', db, '--to', to2]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /copy2\.db-accesslog exists/);
  assert.ok(!existsSync(to2));
  rmSync(d, { recursive: true });
});

test('a database from before the access log had its own file is moved over with every row, once', () => {
  const d = tmp();
  const db = makeDb(d);
  const rows = sqlite(db, 'SELECT id, action, hash FROM audit_log ORDER BY id');
  assert.ok(rows.split('\n').length > 5);
  // the layout of schema 13: the log was the table audit_log in the database itself (and
  // person had no active_until, migration 15, nor the indexes of migrations 16 and 17, nor
  // course its kept_ columns and their triggers, migration 18); two courses with their rows
  const kept = ['combination', 'end_kind', ...[1, 2, 3, 4, 5, 6, 7].map((k) => `step${k}_on`), 'home_found_on',
    'referred_on'];
  const triggers = ['course', 'allocation', 'course_end', 'course_event', 'home_found', 'referral']
    .flatMap((t) => ['insert', 'update', 'delete'].map((w) => `${t}_kept_${w}`))
    .filter((t) => t !== 'course_kept_delete');
  assert.equal(sqlite(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_kept_%'").trim(),
    String(triggers.length));
  execFileSync('sqlite3', [db, `
    ${triggers.map((t) => `DROP TRIGGER ${t};`).join(' ')}
    ${kept.map((k) => `ALTER TABLE course DROP COLUMN kept_${k};`).join(' ')}
    INSERT INTO person(id, municipality_id, cpr, name, created_at) VALUES (901, 1, '0101011234', 'P', 'now');
    INSERT INTO course(id, person_id, opened_on, closed_on, target_group) VALUES
      (911, 901, '2025-01-02', '2025-09-01', 'homeless'), (912, 901, '2025-10-01', NULL, 'at_risk');
    INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at) VALUES
      (911, '2025-01-02', 'uu', 'r', 'homeless', 'now'), (911, '2024-12-30', 'uu', 'r', 'homeless', 'now'),
      (912, '2025-09-20', 'uu', 'r', 'at_risk', 'now');
    INSERT INTO allocation(course_id, needs, combination, rationale, created_at) VALUES
      (911, 'n', 'model_cti', 'r', 'now');
    INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES
      (911, 1, '2025-01-02', 'now'), (911, 2, '2025-01-20', 'now'), (911, 3, '2025-02-01', 'now'),
      (911, 7, '2025-09-01', 'now'), (912, 1, '2025-10-01', 'now');
    INSERT INTO home_found(course_id, kind, on_date, created_at) VALUES
      (911, 'lease', '2025-04-01', 'now'), (911, 'assigned', '2025-03-15', 'now');
    INSERT INTO course_end(course_id, kind, end_reason, created_at) VALUES (911, 'closed', 'x', 'now');`]);
  execFileSync('sqlite3', [db, `
    CREATE TABLE audit_log(id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER, username TEXT NOT NULL,
      role TEXT NOT NULL, action TEXT NOT NULL, person_id INTEGER, route TEXT NOT NULL, result TEXT NOT NULL,
      prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
    CREATE INDEX audit_person ON audit_log(person_id);
    ATTACH '${db}-accesslog' AS old;
    INSERT INTO main.audit_log SELECT * FROM old.audit_log;
    DETACH old;
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;
    DROP TRIGGER course_active_insert; DROP TRIGGER course_active_update; DROP TRIGGER course_active_delete;
    DROP TRIGGER support_active_insert; DROP TRIGGER support_active_update; DROP TRIGGER support_active_delete;
    DROP INDEX person_coordinator_active;
    ALTER TABLE person DROP COLUMN active_until;
    DROP INDEX team_member_user_to; CREATE INDEX team_member_user ON team_member(user_id);
    DROP INDEX users_municipality_role;
    PRAGMA user_version = 13;`]);
  for (const s of ['', '-wal', '-shm']) rmSync(db + '-accesslog' + s, { force: true });
  let r = hv(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /migrated .* from schema 13 to 18/);
  // the kept columns filled from the rows, and kept from then on by the triggers
  assert.equal(sqlite(db, KEPT_WRONG).trim(), '0');
  assert.equal(sqlite(db, 'SELECT id, kept_combination, kept_end_kind, kept_step1_on, kept_step2_on, kept_step3_on,'
    + ' kept_step7_on, kept_home_found_on, kept_referred_on FROM course ORDER BY id').trim(),
  '911|model_cti|closed|2025-01-02|2025-01-20|2025-02-01|2025-09-01|2025-03-15|2024-12-30\n'
    + '912|||2025-10-01|||||2025-09-20');
  assert.equal(sqlite(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_kept_%'").trim(),
    String(triggers.length));
  assert.equal(sqlite(db, 'SELECT id, action, hash FROM audit_log ORDER BY id'), rows);
  assert.equal(execFileSync('sqlite3', [db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'audit%'"],
    { encoding: 'utf8' }).trim(), '0');
  // and the log goes on from there
  r = hv(['user', 'add', '--db', db, '--username', 'ny', '--name', 'Ny', '--role', 'coordinator',
    '--municipality', 'Testkommune', '--password-stdin'], PASSWORD + '\n');
  assert.equal(r.code, 0, r.stderr);
  r = hv(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`intact: ${rows.trim().split('\n').length + 1} rows`));
  rmSync(d, { recursive: true });
});

test('a new database is never given an access log left by another', () => {
  const d = tmp();
  const db = makeDb(d);
  const stray = join(d, 'new.db');
  execFileSync('cp', [db + '-accesslog', stray + '-accesslog']);
  const r = hv(['init', '--db', stray]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the access log .*new\.db-accesslog belongs to another database; move it away first/);
  rmSync(d, { recursive: true });
});

test('a database whose access log file is gone is refused, not given a new log', async () => {
  const d = tmp();
  const db = makeDb(d);
  for (const s of ['', '-wal', '-shm']) rmSync(db + '-accesslog' + s, { force: true });
  for (const args of [['audit', 'verify', '--db', db], ['serve', '--db', db, '--listen', '127.0.0.1:0']]) {
    const r = hv(args);
    assert.equal(r.code, 1, args[0]);
    assert.match(r.stderr, /the access log .*test\.db-accesslog is missing or empty; restore it together with the database/);
    assert.ok(!existsSync(db + '-accesslog'), 'no empty log is left behind');
  }
  rmSync(d, { recursive: true });
});

test('audit verify finds an edited row and exits 3', () => {
  const d = tmp();
  const db = makeDb(d);
  let r = hv(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /intact: \d+ rows/);
  sqlite(db, "DROP TRIGGER audit_no_update; UPDATE audit_log SET username = 'mallory' WHERE id = 2;");
  r = hv(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /broken at row 2/);
  rmSync(d, { recursive: true });
});

test('the application cannot change or delete access log rows', () => {
  const d = tmp();
  const db = makeDb(d);
  assert.throws(() => sqlite(db, "UPDATE audit_log SET action = 'x'"), /append-only/);
  assert.throws(() => sqlite(db, 'DELETE FROM audit_log'), /append-only/);
  rmSync(d, { recursive: true });
});

test('demo makes a marked demo database and never replaces other files', () => {
  const d = tmp();
  const db = join(d, 'demo.db');
  let r = hv(['demo', '--db', db, '--size', '12', '--no-serve']);
  assert.equal(r.code, 0, r.stderr);
  for (const u of ['admin', 'leder', 'projektleder', 'koordinator', 'bostotte', 'fagperson']) {
    assert.match(r.stdout, new RegExp(`^\\s+${u}\\s+\\S{20}`, 'm'), u);
  }
  assert.equal(sqlite(db, 'SELECT COUNT(*) FROM person').trim(), '12');
  assert.equal(sqlite(db, "SELECT value FROM meta WHERE key = 'demo'").trim(), '1');
  // steps 1..7 are spread; CPR numbers have valid dates (checked by the app's parser at view time)
  assert.ok(Number(sqlite(db, 'SELECT COUNT(DISTINCT step) FROM course_event').trim()) >= 4);
  r = hv(['demo', '--db', db, '--size', '3', '--no-serve']);
  assert.equal(r.code, 0);
  assert.equal(sqlite(db, 'SELECT COUNT(*) FROM person').trim(), '3');
  // the old demo's access log went with it: a new chain, from row 1
  assert.equal(sqlite(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo_generate'").trim(), '1');
  assert.equal(sqlite(db, 'SELECT MIN(id) FROM audit_log').trim(), '1');
  assert.equal(hv(['audit', 'verify', '--db', db]).code, 0);
  const real = makeDb(d);
  r = hv(['demo', '--db', real, '--no-serve']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not a demo database/);
  assert.equal(sqlite(real, 'SELECT COUNT(*) FROM person').trim(), '0');
  // same seed, same data
  const a = join(d, 's1.db'), b = join(d, 's2.db');
  hv(['demo', '--db', a, '--size', '5', '--seed', '7', '--no-serve']);
  hv(['demo', '--db', b, '--size', '5', '--seed', '7', '--no-serve']);
  assert.equal(sqlite(a, 'SELECT group_concat(cpr) FROM person'), sqlite(b, 'SELECT group_concat(cpr) FROM person'));
  rmSync(d, { recursive: true });
});
