// Housing support (support.c) against the real server: starting a support
// course (CTI only with a home, one open at a time, the caps of 10 CTI and
// 8 ICM young people per worker, the project leader's override with a
// written reason), the support worker's access (their young person only),
// the CTI checklist, ending the support with the next support and the gap,
// the caseload pages, and CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-support-'));
  srv = await startServer({ dir, db: makeDb(dir, [['bo', 'support'], ['ida', 'support'], ['psyk', 'team']]) });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (daysAgo) => new Date(Date.now() - daysAgo * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const dk = (daysAgo) => iso(daysAgo).split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();
const uid = (u) => Number(q(`SELECT id FROM users WHERE username = '${u}'`));
const written = () => q(`SELECT (SELECT COUNT(*) FROM support_course) || '/' || (SELECT COUNT(*) FROM support_worker) || '/' ||
  (SELECT COUNT(*) FROM course_event) || '/' || (SELECT COUNT(*) FROM support_check)`);

let cprSeq = 3000;
async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}
const pairs = (form) => Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]));
async function post(c, path, form, from) {
  const csrf = c.csrfFrom((await c.get(from || path)).text) || await c.csrf();
  return c.post(path, pairs({ csrf, ...form }));
}
function saved(r, what) {
  assert.equal(r.status, 303, `${what}: ${r.status} ${r.text.match(/form-error-message"[^>]*><span[^>]*>[^<]*<\/span>([^<]*)/)?.[1] || ''}`);
  return r;
}
async function refused(c, path, form, message, what, from) {
  const before = written();
  const r = await post(c, path, form, from);
  assert.equal(r.status, 422, `${what}: status`);
  assert.match(r.text, message, `${what}: message`);
  assert.match(r.text, /class="form-error-message"/, `${what}: at a field`);
  assert.equal(tidyErrors(r.text), '', `${what}: tidy`);
  assert.equal(written(), before, `${what}: nothing written`);
  return r;
}

// A homeless young person referred 60 days ago, allocated (model_cti or
// model_icm) and started in the collaboration model; with a home found
// 30 days ago when home is true.
async function young(c, combination, home) {
  cprSeq++;
  let csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `020304-${cprSeq}`, name: `Ung ${cprSeq}`, referred_on: dk(60), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'natvarme',
  });
  assert.equal(r.status, 303);
  const id = Number(r.location.split('/').pop());
  saved(await post(c, `/unge/${id}/visitation`, { needs: 'Bolig.', combination, rationale: 'Samtale.', on_date: dk(55) }), 'allocation');
  saved(await post(c, `/unge/${id}/trin/3`, { on_date: dk(50) }), 'step 3');
  if (home) saved(await post(c, `/unge/${id}/bolig-fundet`, { kind: 'lease', on_date: dk(30) }), 'home found');
  return id;
}
const start = (id, over) => ({ method: 'cti', start_on: dk(20), worker: String(uid('support')), ...over });

test('CTI waits for a home; one open support course at a time; step 4 recorded', async () => {
  const c = await loggedIn('coordinator');
  const id = await young(c, 'model_cti', false);
  const person = await c.get(`/unge/${id}`);
  assert.doesNotMatch(person.text, /bostoette\/ny/, 'no start link before a home is found');
  await refused(c, `/unge/${id}/bostoette/ny`, start(id), /Bostøtte efter CTI kan først starte, når der er fundet en bolig/,
    'CTI without a home');
  assert.equal(Number(q(`SELECT COUNT(*) FROM audit_log WHERE person_id = ${id} AND action = 'support_start' AND result = 'invalid'`)), 1);
  saved(await post(c, `/unge/${id}/bolig-fundet`, { kind: 'lease', on_date: dk(30) }), 'home found');
  assert.match((await c.get(`/unge/${id}`)).text, new RegExp(`href="/unge/${id}/bostoette/ny"`));
  await refused(c, `/unge/${id}/bostoette/ny`, start(id, { start_on: dk(31) }), /tidligst starte den dag, boligen blev fundet/, 'before the home');
  await refused(c, `/unge/${id}/bostoette/ny`, start(id, { start_on: dk(-2) }), /Datoen må ikke ligge i fremtiden/, 'in the future');
  const r = await refused(c, `/unge/${id}/bostoette/ny`, start(id, { method: 'icm' }), /Den unge er visiteret til CTI. Vælg CTI/, 'ICM for a CTI allocation');
  assert.match(r.text, new RegExp(`value="${dk(20)}"`), 'input kept');
  const ok = saved(await post(c, `/unge/${id}/bostoette/ny`, start(id)), 'start CTI');
  const sid = Number(q(`SELECT id FROM support_course WHERE course_id = (SELECT id FROM course WHERE person_id = ${id})`));
  assert.equal(ok.location, `/unge/${id}/bostoette/${sid}`);
  assert.equal(q(`SELECT on_date FROM course_event WHERE step = 4 AND course_id = (SELECT id FROM course WHERE person_id = ${id})`), iso(20));
  assert.equal(q(`SELECT user_id || ':' || discipline || ':' || from_on FROM support_worker WHERE support_id = ${sid}`), `${uid('support')}:bostoette:${iso(20)}`);
  await refused(c, `/unge/${id}/bostoette/ny`, start(id), /allerede et åbent bostøtteforløb/, 'a second open support course');

  const page = await c.get(`/unge/${id}/bostoette/${sid}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Fase 1 Overgang til egen bolig/);
  assert.match(page.text, /aria-current="step"><strong>Fase 1 Overgang til egen bolig/);
  assert.match(page.text, /Fase 3 Overdragelse/);
  assert.equal(tidyErrors(page.text), '');
  assert.match((await c.get(`/unge/${id}`)).text, /Se bostøtteforløbet/);
});

test('caps: the 11th CTI young person is refused; only a project leader overrides, with a reason', async () => {
  const bo = uid('bo');
  // ten open CTI courses for bo, written directly
  const muni = q(`SELECT municipality_id FROM users WHERE id = ${bo}`);
  for (let i = 0; i < 10; i++) {
    const p = q(`INSERT INTO person(municipality_id, cpr, name, created_at) VALUES (${muni}, '01019${String(i).padStart(5, '0')}', 'Fyld ${i}', '2026-01-01T00:00:00Z') RETURNING id`);
    const c = q(`INSERT INTO course(person_id, opened_on, target_group) VALUES (${p}, '${iso(100)}', 'homeless') RETURNING id`);
    const s = q(`INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (${c}, 'cti', '${iso(90)}', 'x') RETURNING id`);
    q(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at) VALUES (${s}, ${bo}, 'bostoette', '${iso(90)}', 'x')`);
  }
  const c = await loggedIn('coordinator');
  const id = await young(c, 'model_cti', true);
  const form = await c.get(`/unge/${id}/bostoette/ny`);
  assert.match(form.text, /Test bo \(CTI 10 af 10, ICM 0 af 8, ACT 0\)/, 'the caseload is shown where the worker is chosen');
  assert.equal(tidyErrors(form.text), '');
  await refused(c, `/unge/${id}/bostoette/ny`, start(id, { worker: String(bo) }), /Medarbejderen har nået loftet/, 'a coordinator at the cap');
  await refused(c, `/unge/${id}/bostoette/ny`, start(id, { worker: String(bo), override_reason: 'Hun kender den unge.' }),
    /Medarbejderen har nået loftet/, 'a coordinator cannot override');

  const pl = await loggedIn('project_leader');
  await refused(pl, `/unge/${id}/bostoette/ny`, start(id, { worker: String(bo) }), /Skriv en begrundelse for at overskride det/,
    'a project leader without a reason');
  assert.equal(Number(q(`SELECT COUNT(*) FROM audit_log WHERE action = 'support_cap_override'`)), 0);
  saved(await post(pl, `/unge/${id}/bostoette/ny`, start(id, { worker: String(bo), override_reason: 'Bo kender den unge fra gadeplan.' })),
    'a project leader overrides with a reason');
  assert.equal(q(`SELECT w.override_reason || '|' || u.username FROM support_worker w JOIN users u ON u.id = w.override_by
    WHERE w.user_id = ${bo} AND w.override_reason <> ''`), 'Bo kender den unge fra gadeplan.|project_leader');
  assert.equal(Number(q(`SELECT COUNT(*) FROM audit_log WHERE action = 'support_cap_override' AND person_id = ${id} AND username = 'project_leader'`)), 1);
  const load = await pl.get(`/bostoette/medarbejdere/${bo}`);
  assert.equal(load.status, 200);
  assert.match(load.text, /Bo kender den unge fra gadeplan\. <span class="hv-muted">\(godkendt af Test project_leader\)/);
  assert.match(load.text, /<p>Test bo \(CTI 11 af 10, ICM 0 af 8, ACT 0\)<\/p>/, 'the caseload per method');
  assert.equal(tidyErrors(load.text), '');
  const all = await pl.get('/bostoette');
  assert.match(all.text, new RegExp(`/bostoette/medarbejdere/${bo}">Test bo</a></td><td><strong class="hv-warn">11 af 10</strong>`));
  assert.equal(tidyErrors(all.text), '');
  // ICM: 8 at most; ACT has no cap and a team
  const icm = await young(c, 'model_icm', false);
  await refused(c, `/unge/${icm}/bostoette/ny`, { method: 'act', start_on: dk(20), worker: String(uid('ida')) },
    /mindst én fagperson ud over bostøttemedarbejderen/, 'ACT without a team');
  await refused(c, `/unge/${icm}/bostoette/ny`, { method: 'act', start_on: dk(20), worker: String(uid('ida')), tn0: 'Dr. Holm' },
    /Vælg fagpersonens faglighed/, 'a professional without a discipline');
  saved(await post(c, `/unge/${icm}/bostoette/ny`, { method: 'act', start_on: dk(20), worker: String(uid('ida')),
    tn0: 'Dr. Holm', td0: 'psykiater', tu1: String(uid('psyk')), td1: 'misbrug' }), 'ACT with a team');
  const sid = q(`SELECT MAX(id) FROM support_course WHERE method = 'act'`);
  assert.equal(q(`SELECT group_concat(discipline, ',') FROM (SELECT discipline FROM support_worker WHERE support_id = ${sid} ORDER BY id)`),
    'bostoette,psykiater,misbrug');
  const act = await c.get(`/unge/${icm}/bostoette/${sid}`);
  assert.match(act.text, /Dr\. Holm, Psykiater/);
  assert.match(act.text, /Test psyk, Misbrugskonsulent/);
  // a coordinator may not see the caseload pages
  assert.equal((await c.get(`/bostoette/medarbejdere/${bo}`)).status, 404);
  assert.equal((await c.get('/bostoette')).status, 403);
});

test('a support worker sees their young person, not another; checklist; end with the next support and the gap', async () => {
  const c = await loggedIn('coordinator');
  const mine = await young(c, 'model_cti', true);
  const other = await young(c, 'model_cti', true);
  saved(await post(c, `/unge/${mine}/bostoette/ny`, start(mine)), 'start');
  const sid = Number(q(`SELECT MAX(id) FROM support_course`));
  const s = await loggedIn('support');
  const list = await s.get('/mine-unge');
  assert.match(list.text, new RegExp(`href="/unge/${mine}">Ung ${cprSeq - 1}</a>`));
  assert.match(list.text, /Fase 1 Overgang til egen bolig/);
  assert.match(list.text, /data-title="Seneste kontakt"><span class="hv-muted">Ingen endnu/);
  assert.equal(tidyErrors(list.text), '');
  // the latest contact on the list is the latest that was not only an attempt
  q(`INSERT INTO contact(support_id, on_date, kind, minutes, place, created_at) VALUES
    (${sid}, '${iso(9)}', 'phone', 10, 'other', 'now'), (${sid}, '${iso(5)}', 'face', 30, 'home', 'now'),
    (${sid}, '${iso(1)}', 'attempt', 0, 'street', 'now')`);
  assert.match((await s.get('/mine-unge')).text,
    new RegExp(`data-title="Seneste kontakt">${dk(5)} <span class="hv-muted">\\(5 dage siden\\)`));
  assert.equal((await s.get(`/unge/${mine}`)).status, 200);
  assert.equal((await s.get(`/unge/${mine}/bostoette/${sid}`)).status, 200);
  const no = await s.get(`/unge/${other}`);
  assert.equal(no.status, 404);
  assert.equal(Number(q(`SELECT COUNT(*) FROM audit_log WHERE person_id = ${other} AND username = 'support' AND result = 'refused'`)), 1);
  assert.equal((await s.get(`/unge/${other}/bostoette/${sid}`)).status, 404, 'a support course of another young person');
  assert.equal((await s.get(`/unge/${mine}/bostoette/ny`)).status, 403, 'a support worker does not start support');
  assert.equal((await s.get(`/bostoette/medarbejdere/${uid('bo')}`)).status, 404, "another worker's caseload");
  assert.equal((await s.get(`/bostoette/medarbejdere/${uid('support')}`)).status, 200, 'their own caseload');

  // the checklist
  const path = `/unge/${mine}/bostoette/${sid}`;
  await refused(s, `${path}/tjekliste`, { done_on: dk(10) }, /Markér mindst ét punkt/, 'no item', path);
  await refused(s, `${path}/tjekliste`, { item: 'p1_moving', done_on: dk(25) }, /før bostøttens start/, 'before the start', path);
  saved(await post(s, `${path}/tjekliste`, { item: ['p1_moving', 'p1_economy'], done_on: dk(10), note: 'Nøgler udleveret.' }, path), 'checklist');
  assert.equal(q(`SELECT group_concat(item, ',') FROM (SELECT item FROM support_check WHERE support_id = ${sid} ORDER BY item)`), 'p1_economy,p1_moving');
  assert.match((await s.get(path)).text, /Indflytning i boligen <span class="hv-muted">\(den [0-9.]+: Nøgler udleveret\.\)/);
  // a tick by mistake is taken back, the history keeps it; a worker not on this course may not
  const bo = await loggedIn('bo');
  const denied = await post(bo, `${path}/tjekliste/fortryd`, { undo: 'p1_economy' }, '/mine-unge');
  assert.equal(denied.status, 404, 'another support worker');
  saved(await post(s, `${path}/tjekliste/fortryd`, { undo: 'p1_economy' }, path), 'undo');
  assert.equal(q(`SELECT group_concat(item, ',') FROM support_check WHERE support_id = ${sid}`), 'p1_moving');
  assert.equal(q(`SELECT old_value FROM change_log WHERE entity = 'support_check' AND entity_id = ${sid} AND field = 'p1_economy'`),
    `${iso(10)} Nøgler udleveret.`);
  assert.match((await s.get(path)).text, /Markeringen er fjernet fra tjeklisten/);

  // CSRF: a POST without the token is refused and writes nothing
  const before = written();
  const bad = await s.post(`${path}/afslut`, { end_on: dk(5), end_reason: 'cti_done', next_support: 'sel85', next_support_on: dk(-9) });
  assert.equal(bad.status, 403);
  assert.equal(written(), before);

  // the end
  await refused(s, `${path}/afslut`, { end_on: dk(5), end_reason: 'cti_done', next_support: 'sel85' },
    /Skriv datoen, hvor den videre støtte starter/, 'no date for the next support');
  await refused(s, `${path}/afslut`, { end_on: dk(25), end_reason: 'cti_done', next_support: 'none' },
    /Slutdatoen må ikke ligge før bostøttens start/, 'an end before the start');
  const end = saved(await post(s, `${path}/afslut`, { end_on: dk(5), end_reason: 'cti_done', next_support: 'sel85', next_support_on: dk(-9) }), 'end');
  assert.equal(end.location, '/mine-unge', 'the support worker goes back to their list');
  assert.equal(q(`SELECT end_on || '|' || end_reason || '|' || next_support || '|' || next_support_on FROM support_course WHERE id = ${sid}`),
    `${iso(5)}|cti_done|sel85|${iso(-9)}`);
  assert.equal(q(`SELECT on_date FROM course_event WHERE step = 6 AND course_id = (SELECT id FROM course WHERE person_id = ${mine})`), iso(5));
  assert.equal((await s.get(`/unge/${mine}`)).status, 404, 'no access once the support has ended');
  const page = await c.get(path);
  assert.match(page.text, /Pause i støtten<\/dt><dd><strong class="hv-warn">14 dage uden støtte/);
  assert.match(page.text, /Bostøtte efter servicelovens §85/);
  assert.equal(tidyErrors(page.text), '');
  const person = await c.get(`/unge/${mine}`);
  assert.match(person.text, /Tidligere bostøtteforløb/);
});

test('changing the worker ends the assignment and keeps the caps', async () => {
  const c = await loggedIn('coordinator');
  const id = await young(c, 'model_cti', true);
  saved(await post(c, `/unge/${id}/bostoette/ny`, start(id, { worker: String(uid('ida')) })), 'start');
  const sid = Number(q(`SELECT MAX(id) FROM support_course`));
  const path = `/unge/${id}/bostoette/${sid}/medarbejder`;
  await refused(c, path, { worker: String(uid('bo')), from_on: dk(2) }, /Medarbejderen har nået loftet/, 'bo is above the cap');
  await refused(c, path, { worker: String(uid('ida')), from_on: dk(2) }, /giver allerede bostøtten/, 'the same worker');
  saved(await post(c, path, { worker: String(uid('support')), from_on: dk(2) }), 'change');
  assert.equal(q(`SELECT group_concat(user_id || ':' || COALESCE(to_on, '-'), ',') FROM (SELECT * FROM support_worker WHERE support_id = ${sid} ORDER BY id)`),
    `${uid('ida')}:${iso(3)},${uid('support')}:-`);
  const ida = await loggedIn('ida');
  assert.equal((await ida.get(`/unge/${id}`)).status, 404, 'the old worker no longer sees the young person');
});

test('the ACT team: a professional leaves, another joins; only allowed methods are offered', async () => {
  const c = await loggedIn('coordinator');
  const id = await young(c, 'model_icm', false);
  const form = await c.get(`/unge/${id}/bostoette/ny`);
  assert.match(form.text, /value="icm"/);
  assert.match(form.text, /value="act"/);
  assert.doesNotMatch(form.text, /name="method" value="cti"/, 'CTI is not offered after an ICM allocation');
  saved(await post(c, `/unge/${id}/bostoette/ny`, { method: 'act', start_on: dk(20), worker: String(uid('support')),
    tn0: 'Dr. Berg', td0: 'psykiater' }), 'ACT');
  const sid = Number(q(`SELECT MAX(id) FROM support_course`));
  const berg = q(`SELECT id FROM support_worker WHERE support_id = ${sid} AND name = 'Dr. Berg'`);
  const path = `/unge/${id}/bostoette/${sid}/medarbejder`;
  await refused(c, path, { from_on: dk(2) }, /Vælg en ny medarbejder, en fagperson der forlader teamet, eller tilføj en fagperson/, 'no change');
  await refused(c, path, { from_on: dk(2), end_member: '999999' }, /Vælg blandt teamets nuværende fagpersoner/, 'a stranger leaves');
  saved(await post(c, path, { from_on: dk(2), end_member: berg, tn0: 'Sygeplejerske Sø', td0: 'sygeplejerske' }), 'the team changes');
  assert.equal(q(`SELECT group_concat(name || ':' || discipline || ':' || COALESCE(to_on, '-'), ',') FROM
    (SELECT * FROM support_worker WHERE support_id = ${sid} AND discipline <> 'bostoette' ORDER BY id)`),
    `Dr. Berg:psykiater:${iso(3)},Sygeplejerske Sø:sygeplejerske:-`);
  const page = await c.get(`/unge/${id}/bostoette/${sid}`);
  assert.match(page.text, /Sygeplejerske Sø, Sygeplejerske, fra/);
  assert.equal(tidyErrors(page.text), '');
  // ICM ends when intensive support is no longer needed; declined needs no date
  saved(await post(c, `/unge/${id}/bostoette/${sid}/afslut`, { end_on: dk(1), end_reason: 'not_needed', next_support: 'declined' }), 'end');
  assert.equal(q(`SELECT end_reason || '|' || next_support || '|' || COALESCE(next_support_on, '-') FROM support_course WHERE id = ${sid}`),
    'not_needed|declined|-');
  assert.equal(Number(q(`SELECT COUNT(*) FROM support_worker WHERE support_id = ${sid} AND to_on IS NULL`)), 0, 'every worker ended');
  // after the end a new support course may start
  assert.match((await c.get(`/unge/${id}`)).text, new RegExp(`href="/unge/${id}/bostoette/ny"`));
});
