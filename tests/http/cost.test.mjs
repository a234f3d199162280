// Omkostninger (issue 6 part 2, cost.c) against the real server: the
// leader and the project leader read the cost report, other roles get 403;
// the figures from hand-made registrations and courses (hours per young
// person per year, kroner, the evaluation's figures beside them); no name
// of a young person on the page or in the CSV; the CSV download (BOM,
// figures); a period with no data and a til before fra; the coordinator
// posts form (good input written with change_log and a flash; bad input
// 422 with the message at the field and nothing written; CSRF; only the
// project leader); every view and change in the access log, whose chain
// verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, tidyErrors, hv } from '../lib/server.mjs';

let srv;
const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const today = iso(new Date());
const pad = (n) => String(n).padStart(2, '0');
// the first day of the quarter `back` quarters before the current one
function quarter(back = 0) {
  let y = Number(today.slice(0, 4)), q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) - back;
  while (q < 0) { q += 4; y--; }
  return `${y}-${pad(q * 3 + 1)}-01`;
}
function dayAfter(isoDate, n) {
  const d = new Date(isoDate + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const days = (a, b) => Math.round((Date.parse(b + 'T12:00:00Z') - Date.parse(a + 'T12:00:00Z')) / 86400000);
// the default period: the last four finished quarters
const FROM = quarter(4), TO = dayAfter(quarter(0), -1);
const D = days(FROM, TO) + 1;
const YOUTH = 6;
const MODEL_MIN = 4 * 3000, CTI_MIN = 2 * 1500;
const q1 = (sql) => sqlite(srv.db, sql).trim();
const userId = (u) => q1(`SELECT id FROM users WHERE username = '${u}'`);
const count = (table, where = '1=1') => Number(q1(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const posts = () => Number(q1('SELECT coordinator_posts FROM municipality WHERE id = 1'));

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-cost-'));
  const db = makeDb(dir);
  srv = await startServer({ db, dir });
  // six young people in the model through the whole period, the first five in CTI all of it
  const coord = userId('coordinator'), sup = userId('support');
  const start = dayAfter(FROM, -40);
  for (let i = 0; i < YOUTH; i++) {
    const p = q1(`INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)
      VALUES (1, '01019${pad(i)}234', 'Kost Hemmeligsen${i}', ${coord}, 'now') RETURNING id`);
    const c = q1(`INSERT INTO course(person_id, opened_on, target_group) VALUES (${p}, '${start}', 'homeless') RETURNING id`);
    q1(`INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (${c}, 3, '${start}', 'now')`);
    if (i < 5) {
      const s = q1(`INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (${c}, 'cti', '${start}', 'now') RETURNING id`);
      q1(`INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_at)
          VALUES (${s}, '${dayAfter(FROM, 10)}', 'face', ${60 + 10 * i}, 20, 'home', 'now')`);
    }
  }
  // the coordinator registers 50 h model a quarter; the support worker 25 h CTI in two quarters
  for (let k = 1; k <= 4; k++) {
    const f = quarter(k), t = dayAfter(quarter(k - 1), -1);
    const r = q1(`INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)
      VALUES (1, ${coord}, '${f}', '${t}', 'now') RETURNING id`);
    q1(`INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (${r}, 'model', 'direct', 3000)`);
    if (k <= 2) {
      const s = q1(`INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)
        VALUES (1, ${sup}, '${f}', '${t}', 'now') RETURNING id`);
      q1(`INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (${s}, 'cti', 'direct', 1500)`);
    }
  }
  // the quarter just before the period counts nowhere
  const r = q1(`INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)
    VALUES (1, ${coord}, '${quarter(5)}', '${dayAfter(quarter(4), -1)}', 'now') RETURNING id`);
  q1(`INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (${r}, 'model', 'direct', 99000)`);
});
after(async () => { await srv.stop(); srv.cleanup(); });

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}: ${r.status}`);
  return c;
}

// one CSV line's fields (RFC 4180 quoting)
function csvFields(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
// a cell of the CSV row named by its first cell
function csvCell(csv, rowName, col) {
  const row = csv.split('\r\n').map(csvFields).find((f) => f[0] === rowName);
  assert.ok(row, `row ${rowName} in ${csv}`);
  return row[col];
}

test('the leader and the project leader read the cost report; other roles get 403', async () => {
  for (const u of ['leader', 'project_leader']) {
    const c = await loggedIn(u);
    const page = await c.get('/omkostninger');
    assert.equal(page.status, 200, page.text.slice(0, 300));
    assert.equal(tidyErrors(page.text), '', u);
    assert.match(page.text, /<h1>Omkostninger<\/h1>/);
    assert.match(page.text, /Timer og udgift pr. ung pr. år/);
    assert.doesNotMatch(page.text, /Hemmeligsen/, 'no young person is named');
    assert.match(page.text, /Hent som CSV/);
    // only the project leader has the posts form
    assert.equal(/name="stillinger"/.test(page.text), u === 'project_leader');
  }
  for (const u of ['coordinator', 'support', 'team', 'admin2']) {
    const c = await loggedIn(u);
    assert.equal((await c.get('/omkostninger')).status, 403, u);
  }
  assert.ok(count('audit_log', "action = 'view' AND route = 'cost' AND result = 'ok' AND username = 'leader'") >= 1);
});

test('the figures: hours and kroner per young person per year next to the evaluation, in the CSV with a BOM', async () => {
  const c = await loggedIn('leader');
  const res = await fetch(srv.url + '/omkostninger?format=csv', { headers: { cookie: c.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="omkostninger-\d{4}-\d\d-\d\d\.csv"/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  assert.doesNotMatch(csv, /Hemmeligsen/);
  const years = YOUTH * D / 365, ctiYears = 5 * D / 365;
  const model = MODEL_MIN / 60 / years, cti = CTI_MIN / 60 / ctiYears;
  // Metode, Unge, Unge-år, Timer pr. ung pr. år, Evalueringen timer, Kr. pr. ung pr. år, Evalueringen kr.
  assert.equal(csvCell(csv, 'Samarbejdsmodellen', 1), String(YOUTH));
  assert.ok(Math.abs(Number(csvCell(csv, 'Samarbejdsmodellen', 2)) - years) < 0.051);
  assert.ok(Math.abs(Number(csvCell(csv, 'Samarbejdsmodellen', 3)) - model) < 0.051, csv);
  assert.equal(csvCell(csv, 'Samarbejdsmodellen', 4), '131');
  assert.ok(Math.abs(Number(csvCell(csv, 'Samarbejdsmodellen', 5)) - model * 387) < 1);
  assert.equal(csvCell(csv, 'Samarbejdsmodellen', 6), '50700');
  // the coordinator registered all the model hours
  assert.ok(Math.abs(Number(csvCell(csv, 'Koordinatoren alene', 3)) - model) < 0.051);
  assert.equal(csvCell(csv, 'Koordinatoren alene', 4), '56');
  assert.ok(Math.abs(Number(csvCell(csv, 'CTI', 3)) - cti) < 0.051);
  assert.equal(csvCell(csv, 'CTI', 4), '106');
  // model + ICM a year, with the evaluation's 140.000 beside it; ICM has no data
  assert.equal(csvCell(csv, 'Samarbejdsmodellen + ICM i et år', 1), '');
  assert.equal(csvCell(csv, 'Samarbejdsmodellen + ICM i et år', 2), '140000');
  // the coordinators: 6 young people × 56 h / 1.624 h
  assert.equal(csvCell(csv, 'Unge i samarbejdsmodellen nu', 1), String(YOUTH));
  assert.equal(csvCell(csv, 'Timer pr. fuldtidsstilling om året', 1), '1624');
  assert.equal(csvCell(csv, 'Stillinger, der skal til', 1), (YOUTH * 56 / 1624).toFixed(1));
  // no posts set yet: fewer than needed
  assert.equal(csvCell(csv, 'Forskel (stillinger i kommunen minus dem, der skal til)', 1), '-' + (YOUTH * 56 / 1624).toFixed(1));
  assert.ok(count('audit_log', "action = 'export_csv' AND route = 'cost' AND username = 'leader'") >= 1);
  // the page shows the same figure in Danish
  const page = await c.get('/omkostninger');
  assert.ok(page.text.includes('<td class="hv-num">' + model.toFixed(1).replace('.', ',') + '</td>'), 'the model hours on the page');
  assert.match(page.text, /50\.700/);
});

test('a period without data explains itself; til before fra gets a clear message', async () => {
  const c = await loggedIn('leader');
  const empty = await c.get('/omkostninger?fra=01.01.2010&til=31.12.2010');
  assert.equal(empty.status, 200);
  assert.equal(tidyErrors(empty.text), '');
  assert.match(empty.text, /Der er hverken registreret timer eller unge i samarbejdsmodellen i perioden/);
  const part = await c.get('/omkostninger?fra=2025-02-01&til=2025-03-15');
  assert.equal(part.status, 200);
  assert.match(part.text, /Perioden rummer ikke et helt kvartal/);
  const bad = await c.get('/omkostninger?fra=2025-12-31&til=2025-01-01');
  assert.equal(bad.status, 422);
  assert.equal(tidyErrors(bad.text), '');
  assert.match(bad.text, /id="til-error"[^>]*>.*Til-datoen ligger før fra-datoen/);
  assert.match(bad.text, /aria-invalid="true"/);
  assert.doesNotMatch(bad.text, /Timer og udgift pr. ung pr. år/);
  assert.equal((await c.get('/omkostninger?fra=31.02.2025')).status, 400);
});

async function postsForm(c) {
  const page = await c.get('/omkostninger');
  assert.equal(page.status, 200);
  return { csrf: c.csrfFrom(page.text), once: page.text.match(/name="once" value="([0-9a-f]+)"/)[1] };
}

test('the project leader sets the coordinator posts; bad input is 422 at the field and writes nothing', async () => {
  const c = await loggedIn('project_leader');
  let f = await postsForm(c);
  const ok = await c.post('/omkostninger/stillinger', { ...f, stillinger: '2,5' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/omkostninger#koordinatorer');
  assert.equal(posts(), 25);
  assert.equal(count('change_log', "entity = 'municipality' AND field = 'coordinator_posts' AND old_value = '0' AND new_value = '2,5'"), 1);
  assert.ok(count('audit_log', "action = 'coordinator_posts_change' AND result = 'ok'") === 1);
  const after = await c.get('/omkostninger');
  assert.match(after.text, /Koordinatorstillingerne er gemt/);
  assert.match(after.text, /name="stillinger" type="text" autocomplete="off" value="2,5"/);
  f = await postsForm(c);
  assert.equal((await c.post('/omkostninger/stillinger', { ...f, stillinger: '3.5' })).status, 303);
  assert.equal(posts(), 35);
  const changes = count('change_log');
  for (const [bad, msg] of [['abc', 'som et tal'], ['-1', 'negativt'], ['2,55', 'højst én decimal'], ['1000,5', 'mellem 0 og 1.000'], ['', 'Skriv antallet']]) {
    f = await postsForm(c);
    const res = await c.post('/omkostninger/stillinger', { ...f, stillinger: bad });
    assert.equal(res.status, 422, bad);
    assert.equal(tidyErrors(res.text), '', bad);
    assert.match(res.text, new RegExp('id="stillinger-error"[^>]*>.*' + msg), bad);
    assert.ok(res.text.includes(`value="${bad}"`), `the input ${bad} is kept`);
    assert.equal(posts(), 35, bad);
    assert.equal(count('change_log'), changes, bad);
  }
  assert.equal(count('audit_log', "action = 'coordinator_posts_change' AND result = 'invalid'"), 5);
  // no CSRF token: 403, nothing written
  f = await postsForm(c);
  const nocsrf = await c.post('/omkostninger/stillinger', { once: f.once, stillinger: '9' });
  assert.equal(nocsrf.status, 403);
  assert.equal(posts(), 35);
  // the leader and the administrator may not set them
  for (const u of ['leader', 'admin2']) {
    const o = await loggedIn(u);
    const csrf = await o.csrf();
    assert.equal((await o.post('/omkostninger/stillinger', { csrf, stillinger: '9' })).status, 403, u);
  }
  assert.equal(posts(), 35);
  assert.equal(count('change_log'), changes);
});

test('the access log of the cost report verifies', async () => {
  const r = hv(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.code, 0, r.stderr);
});
