// The quarterly instruments (issue 5 §1, measure.c) against the real
// server: each instrument filled in by the one responsible for it, the
// answers prefilled from the data, bad input (422, the message at the
// field, the input kept, nothing written), a measurement not open yet, the
// wrong user (403 for someone who may see the young person, 404 for
// someone who may not; both logged), a second submission for the same
// period refused, amending with its history and the 409 of a concurrent
// edit, and CSRF.  The course's start in the model (step 3) and the support
// course are made directly in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-measure-'));
  const db = makeDb(dir);
  srv = await startServer({ db, dir });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const isoIn = (n) => iso(new Date(Date.now() + n * 86400000));
const dk = (d) => d.split('-').reverse().join('.');
const q1 = (sql) => sqlite(srv.db, sql).trim();
const userId = (u) => q1(`SELECT id FROM users WHERE username = '${u}'`);
const count = (table, where = '1=1') => Number(q1(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const audit = (where) => q1(`SELECT action || '|' || COALESCE(person_id, '') || '|' || result FROM audit_log WHERE ${where} ORDER BY id`).split('\n').filter(Boolean);
const lastAuditId = () => Number(q1('SELECT COALESCE(MAX(id), 0) FROM audit_log'));
const written = () => q1(`SELECT (SELECT COUNT(*) FROM measurement) || '/' || (SELECT COUNT(*) FROM measurement_answer)
  || '/' || (SELECT COUNT(*) FROM change_log) || '/' || (SELECT COALESCE(SUM(version), 0) FROM measurement)`);
const pairs = (form) => Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]));

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}: ${r.status}`);
  return c;
}

let cprSeq = 4000;
// A young person of `coordinator` who started in the model `daysAgo` days
// ago (step 3), with an ICM support course with `support` as its worker.
async function young(daysAgo = 100) {
  const owner = await loggedIn('coordinator');
  cprSeq++;
  const csrf = await owner.csrf('/henvisning/ny');
  const r = await owner.post('/henvisning', {
    csrf, cpr: `070809-${cprSeq}`, name: `Måling Ung ${cprSeq}`, referred_on: dk(isoIn(-daysAgo - 20)),
    referrer_actor: 'gadeplan', reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.split('/').pop());
  const course = Number(q1(`SELECT id FROM course WHERE person_id = ${id}`));
  q1(`INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (${course}, 3, '${isoIn(-daysAgo)}', '2026-01-01T00:00:00Z')`);
  const sid = Number(q1(`INSERT INTO support_course(course_id, method, start_on, created_at)
    VALUES (${course}, 'icm', '${isoIn(-daysAgo)}', '2026-01-01T00:00:00Z') RETURNING id`));
  q1(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)
    VALUES (${sid}, ${userId('support')}, 'bostoette', '${isoIn(-daysAgo)}', '2026-01-01T00:00:00Z')`);
  return { id, course, sid, owner };
}

// The period of measurement nr 1 (start + 3 months): its first and last day.
function period1(s) {
  return q1(`SELECT MIN(on_date) FROM course_event WHERE course_id = ${s.course} AND step = 3`);
}

const ratings = (from, n, v) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${from + i}`, v]));
const modelAnswers = (over = {}) => ({
  a1: 'sofa', a2: 'education', a3: 'started', a4: 'su', ...ratings(5, 6, '3'), a11: '2', a12: '1', a13: '0',
  a14: 'Godt kvartal.', ...over,
});
const url = (s, key, nr, sid) => `/unge/${s.id}/maalinger/ny?instrument=${key}&nr=${nr}${sid ? `&sid=${sid}` : ''}`;

async function submit(c, path, form) {
  const page = await c.get(path);
  assert.equal(page.status, 200, page.text.slice(0, 500));
  return c.post(path, pairs({ csrf: c.csrfFrom(page.text), ...form }));
}

test('the coordinator fills in Individindberetning og Samarbejdsmodel: prefilled, stored with its version, signed, logged', async () => {
  const s = await young();
  const c = s.owner;
  const list = await c.get(`/unge/${s.id}/maalinger`);
  assert.equal(list.status, 200);
  assert.equal(tidyErrors(list.text), '');
  assert.match(list.text, /Skal udfyldes nu/);
  assert.match(list.text, new RegExp(`href="/unge/${s.id}/maalinger/ny\\?instrument=individ_model&amp;nr=1"`));
  // a network meeting held in the period with the young person, one outside it
  const start = period1(s);
  q1(`INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held, young_present, created_at, updated_at)
    VALUES (${s.course}, '${isoIn(-20)}', '10:00', '11:00', 'Rådhuset', 'm-in-${s.id}', 1, 1, 'x', 'x'),
           (${s.course}, '${isoIn(-1)}', '10:00', '11:00', 'Rådhuset', 'm-out-${s.id}', 1, 1, 'x', 'x')`);
  const form = await c.get(url(s, 'individ_model', 1));
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  // the housing situation from the referral, meetings from the period, marked as prefilled
  assert.match(form.text, /value="sofa" class="form-radio" checked/);
  assert.match(form.text, /id="a11" name="a11" type="text" inputmode="numeric" autocomplete="off" value="1"/);
  assert.match(form.text, /Udfyldt fra møderne i perioden\./);
  assert.match(form.text, /<legend class="form-label">Hverdagsmestring \(skal udfyldes\)<\/legend>/);
  const from = lastAuditId();
  const r = await c.post(url(s, 'individ_model', 1), pairs({ csrf: c.csrfFrom(form.text), ...modelAnswers() }));
  assert.equal(r.status, 303, r.text.slice(0, 3000));
  const mid = Number(r.location.split('/').pop());
  assert.equal(r.location, `/unge/${s.id}/maalinger/${mid}`);
  const row = q1(`SELECT instrument_key || '|' || period_no || '|' || filled_on || '|' || author_id || '|' || period_from
    || '|' || (instrument_id = (SELECT MAX(id) FROM instrument WHERE key = 'individ_model')) FROM measurement WHERE id = ${mid}`);
  assert.equal(row, `individ_model|1|${isoIn(0)}|${userId('coordinator')}|${start}|1`);
  assert.equal(count('measurement_answer', `measurement_id = ${mid}`), 14);
  assert.equal(q1(`SELECT a.num || '/' || a.txt FROM measurement_answer a JOIN instrument_item i ON i.id = a.item_id
    WHERE a.measurement_id = ${mid} AND i.key = 'hverdag'`), '3/3');
  assert.deepEqual(audit(`id > ${from}`), [`measurement_add|${s.id}|ok`]);
  const view = await c.get(r.location);
  assert.equal(view.status, 200);
  assert.equal(tidyErrors(view.text), '');
  assert.match(view.text, /Målingen er indsendt\./);
  assert.match(view.text, new RegExp(`Udfyldt den ${dk(isoIn(0))} af Test coordinator`));
  assert.match(view.text, /<dt>Hverdagsmestring<\/dt><dd class="hv-pre">3 – Nogle vanskeligheder<\/dd>/);
  assert.match(view.text, /Midlertidigt hos familie\/venner uden kontrakt \(sofasurfer\)/);
  // the young person's page and the list show it
  const person = await c.get(`/unge/${s.id}`);
  assert.match(person.text, new RegExp(`senest udfyldt <a href="/unge/${s.id}/maalinger/${mid}">`));
  assert.match((await c.get(`/unge/${s.id}/maalinger`)).text, new RegExp(`/unge/${s.id}/maalinger/${mid}"`));
});

test('bad input: 422 with a message at each field, every answer kept, nothing written', async () => {
  const s = await young();
  const c = s.owner;
  const before = written();
  const r = await submit(c, url(s, 'individ_model', 1), modelAnswers({ a5: '7', a6: '', a11: 'mange', a13: '101',
    a2: ['education', 'employment'] }));
  assert.equal(r.status, 422);
  assert.equal(tidyErrors(r.text), '');
  assert.equal(written(), before);
  assert.match(r.text, /id="a5-error"[^]*?Vælg et af svarene på listen\./);
  assert.match(r.text, /id="a6-error"[^]*?Vælg et svar\./);
  assert.match(r.text, /id="a11-error"[^]*?Skriv et helt tal, fx 3\./);
  assert.match(r.text, /id="a13-error"[^]*?Tallet er for stort\./);
  assert.match(r.text, /id="a2-error"/);
  // kept: the valid answers and the text
  assert.match(r.text, /name="a7" value="3" class="form-radio" checked/);
  assert.match(r.text, /Godt kvartal\.<\/textarea>/);
  assert.match(r.text, /name="a11" type="text" inputmode="numeric" autocomplete="off" value="mange"/);
  assert.match(r.text, /Formularen er ikke gemt/);
});

test('a support worker fills in Individindberetning og bostøtte: contacts and hours of the period, hours above the period refused', async () => {
  const s = await young();
  // two contacts in the period (one an attempt), one after it
  const start = period1(s);
  q1(`INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_at) VALUES
    (${s.sid}, '${isoIn(-30)}', 'face', 60, 30, 'home', 'x'),
    (${s.sid}, '${isoIn(-25)}', 'attempt', 0, 15, 'home', 'x'),
    (${s.sid}, '${isoIn(-5)}', 'face', 45, 0, 'home', 'x')`);
  const kid = q1(`SELECT id FROM contact WHERE support_id = ${s.sid} AND on_date = '${isoIn(-30)}'`);
  q1(`INSERT INTO contact_domain(contact_id, domain) VALUES (${kid}, 'economy')`);
  const c = await loggedIn('support');
  const path = url(s, 'individ_support', 1, s.sid);
  const form = await c.get(path);
  assert.equal(form.status, 200, form.text.slice(0, 500));
  assert.equal(tidyErrors(form.text), '');
  assert.match(form.text, /value="icm" class="form-radio" checked/);
  assert.match(form.text, /value="none" class="form-radio" checked/); // ICM is not CTI
  assert.match(form.text, /id="a3" name="a3" type="text" inputmode="numeric" autocomplete="off" value="1"/);
  assert.match(form.text, /id="a4" name="a4" type="text" inputmode="decimal" autocomplete="off" value="1,8"/);
  assert.match(form.text, /value="economy" class="form-checkbox" checked/);
  const answers = { a1: 'icm', a2: 'none', a3: '1', a4: '1,8', a5: ['economy', 'housing'], ...ratings(6, 6, '4'), a12: '' };
  const before = written();
  const bad = await c.post(path, pairs({ csrf: c.csrfFrom(form.text), ...answers, a4: '5000' }));
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="a4-error"[^]*?Der er ikke så mange timer i perioden/);
  assert.equal(written(), before);
  const bad2 = await c.post(path, pairs({ csrf: c.csrfFrom(bad.text), ...answers, a4: '1,75' }));
  assert.equal(bad2.status, 422);
  assert.match(bad2.text, /id="a4-error"[^]*?højst én decimal/);
  assert.match(bad2.text, /value="1,75"/); // kept as typed
  assert.equal(written(), before);
  const r = await c.post(path, pairs({ csrf: c.csrfFrom(bad2.text), ...answers }));
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  const mid = Number(r.location.split('/').pop());
  assert.equal(q1(`SELECT author_id || '|' || support_id FROM measurement WHERE id = ${mid}`), `${userId('support')}|${s.sid}`);
  assert.equal(q1(`SELECT a.num FROM measurement_answer a JOIN instrument_item i ON i.id = a.item_id
    WHERE a.measurement_id = ${mid} AND i.key = 'hours'`), '108');
  assert.equal(q1(`SELECT a.txt FROM measurement_answer a JOIN instrument_item i ON i.id = a.item_id
    WHERE a.measurement_id = ${mid} AND i.key = 'domains'`), 'housing economy');
  const view = await c.get(r.location);
  assert.match(view.text, /1,8 timer/);
});

test('the Dialogredskab: large answer cards, the blank form to print', async () => {
  const s = await young();
  const c = s.owner;
  const path = url(s, 'dialog', 1);
  const form = await c.get(path);
  assert.equal(form.status, 200);
  assert.match(form.text, /class="hv-dialog hv-bigchoice"/);
  assert.match(form.text, /<legend class="form-label hv-question">Din hverdag<\/legend>/);
  const r = await c.post(path, pairs({ csrf: c.csrfFrom(form.text), ...ratings(1, 12, '4'), a13: 'En lejlighed' }));
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  const blank = await c.get(`/unge/${s.id}/maalinger/udskrift?instrument=dialog`);
  assert.equal(blank.status, 200);
  assert.equal(tidyErrors(blank.text), '');
  assert.match(blank.text, /<h3>Jeg har overblik over min egen sag<\/h3>/);
  assert.match(blank.text, /class="hv-box" aria-hidden="true"><\/span> 5 – Helt/);
});

test('the wrong user: 403 for one who may see the young person, 404 for one who may not, logged; a period not open', async () => {
  const s = await young();
  const before = written();
  // the support worker sees the young person but does not fill in the coordinator's instrument
  const sup = await loggedIn('support');
  let from = lastAuditId();
  const f = await sup.get(url(s, 'individ_model', 1));
  assert.equal(f.status, 403);
  assert.match(f.text, /Kun den unges myndighedskoordinator kan udfylde/);
  const csrf = await sup.csrf();
  assert.equal((await sup.post(url(s, 'individ_model', 1), pairs({ csrf, ...modelAnswers() }))).status, 403);
  assert.deepEqual(audit(`id > ${from}`), [`measurement_add|${s.id}|refused`, `measurement_add|${s.id}|refused`]);
  // the coordinator does not fill in the support worker's instrument
  assert.equal((await s.owner.get(url(s, 'individ_support', 1, s.sid))).status, 403);
  // another coordinator may not see the young person at all
  const other = await loggedIn('coordinator2');
  from = lastAuditId();
  assert.equal((await other.get(url(s, 'individ_model', 1))).status, 404);
  assert.equal((await other.get(`/unge/${s.id}/maalinger`)).status, 404);
  const ocsrf = await other.csrf();
  assert.equal((await other.post(url(s, 'individ_model', 1), pairs({ csrf: ocsrf, ...modelAnswers() }))).status, 404);
  assert.deepEqual(audit(`id > ${from}`), [`measurement_view|${s.id}|refused`, `measurement_view|${s.id}|refused`,
    `measurement_add|${s.id}|refused`]);
  // not open yet (start + 6 months) and not in the schedule
  const later = await s.owner.get(url(s, 'individ_model', 2));
  assert.equal(later.status, 422);
  assert.match(later.text, /kan ikke udfyldes endnu/);
  assert.equal((await s.owner.get(url(s, 'individ_model', 99))).status, 404);
  assert.equal((await s.owner.get(`/unge/${s.id}/maalinger/ny?instrument=andet&nr=1`)).status, 400);
  assert.equal(written(), before);
});

test('a second submission for the same period is refused; amending keeps the history; a concurrent edit is 409', async () => {
  const s = await young();
  const c = s.owner;
  const first = await submit(c, url(s, 'individ_model', 0), modelAnswers());
  assert.equal(first.status, 303, first.text.slice(0, 2000));
  const mid = Number(first.location.split('/').pop());
  const before = written();
  const csrf = await c.csrf();
  const again = await c.post(url(s, 'individ_model', 0), pairs({ csrf, ...modelAnswers() }));
  assert.equal(again.status, 422);
  assert.match(again.text, /Ret den indsendte i stedet/);
  assert.match(again.text, new RegExp(`href="/unge/${s.id}/maalinger/${mid}/ret"`));
  assert.equal(written(), before);
  // amend: one rating and the note
  const edit = await c.get(`/unge/${s.id}/maalinger/${mid}/ret`);
  assert.equal(edit.status, 200);
  assert.equal(tidyErrors(edit.text), '');
  assert.match(edit.text, /name="version" value="1"/);
  assert.match(edit.text, /name="a5" value="3" class="form-radio" checked/);
  const ecsrf = c.csrfFrom(edit.text);
  const r = await c.post(`/unge/${s.id}/maalinger/${mid}/ret`, pairs({ csrf: ecsrf, version: '1',
    ...modelAnswers({ a5: '4', a14: 'Rettet.' }) }));
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  assert.equal(q1(`SELECT field || ':' || old_value || '>' || new_value FROM change_log WHERE entity = 'measurement'
    AND entity_id = ${mid} ORDER BY id`), 'hverdag:3>4\nnote:Godt kvartal.>Rettet.');
  const view = await c.get(`/unge/${s.id}/maalinger/${mid}`);
  assert.match(view.text, /Historik/);
  assert.match(view.text, /3 – Nogle vanskeligheder<\/td><td class="hv-pre">4 – Små vanskeligheder/);
  // the same form again, sent from version 1: someone saved in between
  const mid2 = written();
  const stale = await c.post(`/unge/${s.id}/maalinger/${mid}/ret`, pairs({ csrf: ecsrf, version: '1',
    ...modelAnswers({ a5: '5', a14: 'Mit eget' }) }));
  assert.equal(stale.status, 409);
  assert.match(stale.text, /En anden har rettet målingen/);
  assert.match(stale.text, /Mit eget<\/textarea>/);
  assert.match(stale.text, /name="version" value="2"/);
  assert.equal(written(), mid2);
  // another user may not amend it
  const sup = await loggedIn('support');
  assert.equal((await sup.get(`/unge/${s.id}/maalinger/${mid}/ret`)).status, 403);
});

test('CSRF: a form without its token writes nothing', async () => {
  const s = await young();
  const before = written();
  const r = await s.owner.post(url(s, 'dialog', 1), pairs(ratings(1, 12, '4')));
  assert.equal(r.status, 403);
  assert.equal(written(), before);
});

test('the worklist: the coordinator sees the model and the dialogue tool, the support worker theirs; late ones flagged; gone when filled in', async () => {
  const s = await young();
  const link = (key, nr, sid) => url(s, key, nr, sid).replace(/&/g, '&amp;');
  const mine = await s.owner.get('/dokumentation');
  assert.equal(mine.status, 200);
  assert.equal(tidyErrors(mine.text), '');
  // the start (due 100 days ago) is late, measurement 1 is due now; 2 is not open yet
  assert.match(mine.text, new RegExp(`<a href="${link('individ_model', 0).replace(/[?]/g, '\\?')}">Individindberetning og Samarbejdsmodel</a>[^]*?<strong class="text-error">For sent</strong>`));
  assert.ok(mine.text.includes(`href="${link('dialog', 1)}"`));
  assert.ok(!mine.text.includes(`href="${link('individ_model', 2)}"`));
  assert.ok(!mine.text.includes(`href="${link('individ_support', 1, s.sid)}"`));
  const sup = await loggedIn('support');
  const theirs = await sup.get('/dokumentation');
  assert.ok(theirs.text.includes(`href="${link('individ_support', 1, s.sid)}"`));
  assert.ok(!theirs.text.includes(`href="${link('individ_model', 1)}"`));
  assert.equal((await submit(s.owner, url(s, 'individ_model', 0), modelAnswers())).status, 303);
  assert.ok(!(await s.owner.get('/dokumentation')).text.includes(`href="${link('individ_model', 0)}"`));
});

test('after the support has ended, the worker is gone and the coordinator does the final support measurement from the worklist', async () => {
  const s = await young(40);
  const end = isoIn(-3);
  // the support ended three days ago: the worker's assignment ended with it
  q1(`UPDATE support_course SET end_on = '${end}', end_reason = 'not_needed' WHERE id = ${s.sid}`);
  q1(`UPDATE support_worker SET to_on = '${end}' WHERE support_id = ${s.sid}`);
  // measurement 0 at the start and the final one at the end
  const worker = await loggedIn('support');
  assert.equal((await worker.get(url(s, 'individ_support', 1, s.sid))).status, 404);
  const list = await s.owner.get(`/unge/${s.id}/maalinger`);
  assert.match(list.text, new RegExp(`href="/unge/${s.id}/maalinger/ny\\?instrument=individ_support&amp;nr=1&amp;sid=${s.sid}"`));
  const todo = await s.owner.get('/dokumentation');
  assert.equal(todo.status, 200);
  assert.ok(todo.text.includes(`href="/unge/${s.id}/maalinger/ny?instrument=individ_support&amp;nr=1&amp;sid=${s.sid}"`),
    'the final support measurement is on the coordinator\'s worklist');
  const answers = { a1: 'icm', a2: 'none', a3: '0', a4: '0', ...ratings(6, 6, '4'), a12: '' };
  const r = await submit(s.owner, url(s, 'individ_support', 1, s.sid), answers);
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  const mid = Number(r.location.split('/').pop());
  assert.equal(q1(`SELECT author_id || '|' || final || '|' || due_on FROM measurement WHERE id = ${mid}`),
    `${userId('coordinator')}|1|${end}`);
  // another coordinator still may not
  const other = await loggedIn('coordinator2');
  assert.equal((await other.get(url(s, 'individ_support', 0, s.sid))).status, 404);
});
