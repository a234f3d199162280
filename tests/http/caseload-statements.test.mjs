// "Mine unge" at national scale (issue 7): the coordinator's list, the
// support worker's and the team member's read each kind of figure for the
// whole list in one statement, so the number of SQL statements of a request
// (q= in the server's request log on stderr) does not grow with the young
// people on the list.  Each young person here has every figure the lists
// and their worklist notice show: the course's steps and allocation, a
// meeting held and one planned, a late agreement, an expiring consent, a
// measurement made, an ended support course whose final measurement the
// coordinator does, an open CTI course with a contact and a checklist item
// ticked, a team membership covered by the consent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite } from '../lib/server.mjs';

let srv;

const MUNI = "(SELECT id FROM municipality WHERE name = 'Testkommune')";
const COORD = "(SELECT id FROM users WHERE username = 'coordinator')";
const SUPPORT = "(SELECT id FROM users WHERE username = 'support')";
const TEAM = "(SELECT id FROM users WHERE username = 'team')";
const day = (n) => `date('now', '${n} days')`;

// Young people from..to-1 of the coordinator, each with every figure; the
// support worker gives them CTI, the team member is on their teams.
function seed(from, to) {
  let sql = 'BEGIN;\nCREATE TEMP TABLE IF NOT EXISTS cur(id INTEGER);\n';
  for (let i = from; i < to; i++) {
    const cpr = String(1203950000 + i);
    sql += `INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)
      VALUES (${MUNI}, '${cpr}', 'Skala Ung ${String(i).padStart(2, '0')}', ${COORD}, 'now');
    INSERT INTO course(person_id, opened_on, target_group) VALUES (last_insert_rowid(), ${day(-200)}, 'homeless');
    DELETE FROM cur; INSERT INTO cur VALUES (last_insert_rowid());
    INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at)
      SELECT id, ${day(-200)}, 'other', 'r', 'homeless', 'now' FROM cur;
    INSERT INTO course_event(course_id, step, on_date, recorded_at) SELECT id, 1, ${day(-200)}, 'now' FROM cur;
    INSERT INTO course_event(course_id, step, on_date, recorded_at) SELECT id, 2, ${day(-190)}, 'now' FROM cur;
    INSERT INTO course_event(course_id, step, on_date, recorded_at) SELECT id, 3, ${day(-150)}, 'now' FROM cur;
    INSERT INTO allocation(course_id, needs, combination, rationale, created_at)
      SELECT id, 'n', 'model_cti', 'r', 'now' FROM cur;
    INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held, young_present, created_at, updated_at)
      SELECT id, ${day(-100)}, '10:00', '11:00', 'Her', 'held-${i}', 1, 1, 'now', 'now' FROM cur;
    INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, created_at, updated_at)
      SELECT id, ${day(10)}, '10:00', '11:00', 'Her', 'planned-${i}', 'now', 'now' FROM cur;
    INSERT INTO goal(course_id, domain, text, status, set_on, status_on, created_at)
      SELECT id, 'housing', 'Et mål', 'active', ${day(-100)}, ${day(-100)}, 'now' FROM cur;
    INSERT INTO agreement(goal_id, what, responsible, deadline, status, agreed_on, created_at)
      VALUES (last_insert_rowid(), 'En aftale', 'coordinator', ${day(-5)}, 'agreed', ${day(-100)}, 'now');
    INSERT INTO consent(course_id, purpose, given_on, how, expires_on, created_at)
      SELECT id, 'p', ${day(-300)}, 'signed', ${day(10)}, 'now' FROM cur;
    INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from, period_to, due_on,
      filled_on, author_id, created_at)
      SELECT (SELECT id FROM instrument WHERE key = 'individ_model' ORDER BY version DESC LIMIT 1), 'individ_model',
        id, 0, ${day(-150)}, ${day(-150)}, ${day(-150)}, ${day(-148)}, ${COORD}, 'now' FROM cur;
    INSERT INTO support_course(course_id, method, start_on, end_on, created_at)
      SELECT id, 'cti', ${day(-140)}, ${day(-10)}, 'now' FROM cur;
    INSERT INTO support_course(course_id, method, start_on, created_at) SELECT id, 'cti', ${day(-100)}, 'now' FROM cur;
    INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)
      VALUES (last_insert_rowid(), ${SUPPORT}, 'bostoette', ${day(-100)}, 'now');
    INSERT INTO contact(support_id, on_date, kind, minutes, place, created_at)
      SELECT MAX(s.id), ${day(-3)}, 'face', 60, 'home', 'now' FROM support_course s JOIN cur ON s.course_id = cur.id;
    INSERT INTO support_check(support_id, item, done_on, done_at)
      SELECT MAX(s.id), 'p1_moving', ${day(-90)}, 'now' FROM support_course s JOIN cur ON s.course_id = cur.id;
    INSERT INTO team_member(course_id, actor, name, user_id, from_date, created_at)
      SELECT id, 'jobcenter', 'Test team', ${TEAM}, ${day(-100)}, 'now' FROM cur;
    INSERT INTO consent_actor(consent_id, actor)
      SELECT k.id, 'jobcenter' FROM consent k JOIN cur ON k.course_id = cur.id;
    `;
  }
  return sql + 'COMMIT;\n';
}

// GET /mine-unge as the client; the page and the q= of its request log line.
async function caseload(c) {
  const lines = () => srv.stderr.split('\n').filter((l) => / GET \/mine-unge 200 /.test(l));
  const seen = lines().length;
  const page = await c.get('/mine-unge');
  assert.equal(page.status, 200);
  for (let i = 0; i < 100 && lines().length === seen; i++) await new Promise((ok) => setTimeout(ok, 20));
  const line = lines()[seen];
  assert.ok(line, 'the request log has the request');
  return { html: page.text, q: Number(line.match(/ q=(\d+)/)[1]) };
}

const names = (html) => (html.match(/>Skala Ung \d\d</g) || []).length;

let clients;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-caseload-'));
  srv = await startServer({ db: makeDb(dir), dir });
  sqlite(srv.db, seed(0, 2));
  clients = {};
  for (const user of ['coordinator', 'support', 'team']) {
    clients[user] = new Client(srv.url);
    assert.equal((await clients[user].login(user)).status, 303);
  }
});
after(async () => { await srv.stop(); srv.cleanup(); });

// The coordinator's list, the support worker's and the team member's, each
// with 2 and then with 12 young people.
test('the statements of /mine-unge do not grow with the young people on the list', async () => {
  const small = {};
  for (const user of Object.keys(clients)) small[user] = await caseload(clients[user]);
  assert.equal(names(small.coordinator.html), 2);
  // every figure of a row is on the page, so each kind is read
  for (const shown of ['Planlagt', '1 overskredne', 'Udløber inden for 30 dage', 'Samarbejdsmodellen + CTI',
    'Opgaver med dokumentation'])
    assert.ok(small.coordinator.html.includes(shown), `the coordinator's list shows ${shown}`);
  assert.equal(names(small.support.html), 2);
  for (const shown of ['dage siden', 'Planlagt', 'Der er punkter på tjeklisten', 'Opgaver med dokumentation'])
    assert.ok(small.support.html.includes(shown), `the support worker's list shows ${shown}`);
  assert.equal(names(small.team.html), 2);
  assert.ok(small.team.html.includes('Samtykke dækker'), "the team member's list shows the access");

  sqlite(srv.db, seed(2, 12));
  const grew = [];
  for (const user of Object.keys(clients)) {
    const large = await caseload(clients[user]);
    assert.equal(names(large.html), 12, user);
    // one statement per kind of figure, not per row; and a few dozen at most
    if (large.q > small[user].q + 2 || large.q > 40)
      grew.push(`${user}: 2 young people ${small[user].q} statements, 12: ${large.q}`);
  }
  assert.deepEqual(grew, []);
});
