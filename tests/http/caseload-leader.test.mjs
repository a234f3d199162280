// The project leader's "Alle unge" (person.c page_caseload): every young
// person of the municipality with an open course, with or without a
// coordinator, once each, sorted by name (byte order) and then id, with the
// coordinator's name or "Ingen koordinator", and the first referral's date;
// not a young person whose
// courses are all closed, nor one of another municipality.  The list finds
// them per coordinator of the municipality and then those with none, by
// person.active_until.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const MUNI = "(SELECT id FROM municipality WHERE name = 'Testkommune')";
const user = (u) => `(SELECT id FROM users WHERE username = '${u}')`;
let cpr = 2202990000;
// a young person with courses: each [opened_on, closed_on or null, referral dates...]
function young(name, coordinator, courses, muni = MUNI) {
  cpr++;
  let sql = `INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)
    VALUES (${muni}, '${cpr}', '${name}', ${coordinator ? user(coordinator) : 'NULL'}, 'now');
    CREATE TEMP TABLE IF NOT EXISTS cur(id INTEGER); DELETE FROM cur; INSERT INTO cur VALUES (last_insert_rowid());\n`;
  for (const [opened, closed, ...referred] of courses) {
    sql += `INSERT INTO course(person_id, opened_on, closed_on, target_group)
      SELECT id, '${opened}', ${closed ? `'${closed}'` : 'NULL'}, 'homeless' FROM cur;\n`;
    for (const on of referred)
      sql += `INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at)
        SELECT MAX(c.id), '${on}', 'other', 'r', 'homeless', 'now' FROM course c JOIN cur ON c.person_id = cur.id;\n`;
  }
  return Number(sqlite(srv.db, sql + 'SELECT id FROM cur;').trim());
}

test('"Alle unge": the open courses of the municipality, sorted by name and id, with their coordinators', async () => {
  sqlite(srv.db, "INSERT INTO municipality(name) VALUES ('Andenkommune');");
  const other = "(SELECT id FROM municipality WHERE name = 'Andenkommune')";
  const oe = young('Øjvind Ung', 'coordinator', [['2026-01-05', null, '2026-01-04']]);
  const anna1 = young('Anna Ung', null, [['2026-02-01', null]]);
  young('Bo Ung', 'coordinator2', [['2025-01-01', '2025-06-01']]);
  const carl = young('Carl Ung', 'coordinator2', [['2024-01-01', '2024-03-01', '2023-12-01'],
    ['2026-03-01', null, '2026-02-20']]);
  // two referrals, the later one first: the list shows the first
  const anna2 = young('Anna Ung', 'coordinator', [['2026-04-01', null, '2026-03-30', '2026-03-10', '2026-03-20']]);
  const ada = young('ada Ung', null, [['2026-04-02', null]]);
  young('Anden Ung', null, [['2026-01-01', null]], other);
  young('Anden Ung To', 'coordinator', [['2026-01-01', null]], other);

  const c = new Client(srv.url);
  assert.equal((await c.login('project_leader')).status, 303);
  const r = await c.get('/mine-unge');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Alle unge<\/h1>/);
  const rows = [...r.text.matchAll(/<tr><td><a href="\/unge\/(\d+)">([^<]*)<\/a>([\s\S]*?)<\/tr>/g)]
    .map((m) => [Number(m[1]), m[2], (m[3].match(/data-title="Koordinator">([^<]*)<\/td>/) || [])[1],
      (m[3].match(/data-title="Henvist">([^<]*) </) || [])[1]]);
  assert.deepEqual(rows, [
    [anna1, 'Anna Ung', 'Ingen koordinator', '-'],
    [anna2, 'Anna Ung', 'Test coordinator', '10.03.2026'],
    [carl, 'Carl Ung', 'Test coordinator2', '20.02.2026'],
    [ada, 'ada Ung', 'Ingen koordinator', '-'],
    [oe, 'Øjvind Ung', 'Test coordinator', '04.01.2026'],
  ]);
});
