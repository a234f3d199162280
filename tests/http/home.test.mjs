// The home of a homeless young person (home.c, step 5) against the real
// server: recording a home before and after moving in (home_found and the
// step 5 event follow from the dates), every refusal (422, the message at
// the field, the input kept, nothing written), losing the home and the
// housing situation it leaves, a concurrent edit (409), access (the case
// owner and the support worker may change; another support worker, a
// team member, another coordinator may not) and CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (daysAgo) => {
  const d = new Date(Date.now() - daysAgo * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
};
const dk = (daysAgo) => iso(daysAgo).split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();
const count = (table, where) => Number(q(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const userId = (u) => Number(q(`SELECT id FROM users WHERE username = '${u}'`));
const courseOf = (id) => Number(q(`SELECT id FROM course WHERE person_id = ${id} ORDER BY closed_on IS NULL DESC, id DESC LIMIT 1`));
const pairs = (form) => Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]));

let cprSeq = 3000;
async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

async function newPerson(c, over = {}, daysAgo = 60) {
  cprSeq++;
  const csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `050607-${cprSeq}`, name: `Ung ${cprSeq}`, referred_on: dk(daysAgo), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa', ...over,
  });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.split('/').pop());
}

// POST a form of the young person's case; the token from the young person's page.
const supportId = () => sqlite(srv.db, "SELECT id FROM users WHERE username = 'support'").trim();

async function act(c, id, path, form) {
  const csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text) || await c.csrf();
  return c.post(`/unge/${id}/${path}`, pairs({ csrf, ...form }));
}

// A homeless young person with the course started (step 3) and, for ICM,
// the housing support started (step 4): ready to move in.
async function ready(c, combination = 'model_icm') {
  const id = await newPerson(c);
  let r = await act(c, id, 'visitation', { needs: 'Bolig.', combination, rationale: 'Vurderet.', on_date: dk(55) });
  assert.equal(r.status, 303);
  r = await act(c, id, 'trin/3', { on_date: dk(50) });
  assert.equal(r.status, 303);
  if (combination === 'model_icm') {
    r = await act(c, id, 'bostoette/ny', { method: 'icm', start_on: dk(48), worker: supportId() });
    assert.equal(r.status, 303);
  }
  return id;
}

const home = (over = {}) => ({
  address: 'Ungdomsvej 3, 2. tv., 8000 Aarhus C', kind: 'social_youth', rent: '3950', found_how: 'youth_quota',
  lease_on: dk(40), moved_in_on: '', support: ['furniture', 'deposit'], support_note: 'Boligindskudslån bevilget.', ...over,
});

const snapshot = () => q(`SELECT (SELECT COUNT(*) FROM home) || '/' || (SELECT COUNT(*) FROM home_support) || '/' ||
  (SELECT COUNT(*) FROM course_event) || '/' || (SELECT COUNT(*) FROM home_found) || '/' || (SELECT COUNT(*) FROM change_log) || '/' ||
  (SELECT COALESCE(SUM(version), 0) FROM home)`);

async function refused(c, id, path, form, message, what, field) {
  const before = snapshot();
  const r = await act(c, id, path, form);
  assert.equal(r.status, 422, `${what}: status`);
  assert.match(r.text, message, `${what}: message`);
  if (field) assert.match(r.text, new RegExp(`id="${field}-error"`), `${what}: the message is at ${field}`);
  else assert.match(r.text, /class="form-error-message"/, `${what}: the message is at a field`);
  assert.equal(tidyErrors(r.text), '', `${what}: tidy`);
  assert.equal(snapshot(), before, `${what}: nothing written`);
  return r;
}

async function ok(c, id, path, form, what) {
  const r = await act(c, id, path, form);
  assert.equal(r.status, 303, `${what}: ${r.status} ${r.text.match(/form-error-message[^<]*<span[^>]*>[^<]*<\/span>([^<]*)/)?.[1] || ''}`);
  assert.equal(r.location, `/unge/${id}`);
  return r;
}

const homeId = (id) => Number(q(`SELECT MAX(id) FROM home WHERE course_id = ${courseOf(id)}`));

test('a home recorded before moving in lets CTI start; moving in records step 5 once', async () => {
  const c = await loggedIn('coordinator');
  const id = await ready(c, 'model_cti');
  const course = courseOf(id);
  // CTI cannot start without a home; the form says it can be recorded
  const form = await c.get(`/unge/${id}/bolig/ny`);
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  assert.match(form.text, /bostøtte efter CTI kan starte/);

  // moving in before the support started (CTI: step 4) is refused
  await refused(c, id, 'bolig/ny', home({ moved_in_on: dk(30) }), /Bostøtten skal være startet \(trin 4\)/, 'moving in before step 4', 'moved_in_on');

  await ok(c, id, 'bolig/ny', home(), 'a home with a lease, not moved in yet');
  assert.equal(q(`SELECT kind || ' ' || on_date FROM home_found WHERE course_id = ${course}`), `lease ${iso(40)}`, 'home found from the lease');
  assert.equal(count('course_event', `course_id = ${course} AND step = 5`), 0, 'no step 5 before moving in');
  assert.equal(q(`SELECT group_concat(item, ',') FROM (SELECT item FROM home_support WHERE home_id = ${homeId(id)} ORDER BY item)`), 'deposit,furniture');
  assert.equal(Number(q(`SELECT rent FROM home WHERE id = ${homeId(id)}`)), 3950);
  assert.equal(count('audit_log', `person_id = ${id} AND action = 'home_add' AND result = 'ok'`), 1);
  let page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Bolig, den unge skal flytte ind i/);
  assert.match(page.text, /ikke flyttet ind endnu/);
  assert.match(page.text, /Boligsituation nu:<\/strong> Midlertidigt hos familie\/venner/);
  assert.match(page.text, /Møbler og indbo, Depositum eller boligindskudslån/);
  assert.equal(tidyErrors(page.text), '');

  // now CTI can start
  const started = await act(c, id, 'bostoette/ny', { method: 'cti', start_on: dk(38), worker: supportId() });
  assert.equal(started.status, 303, 'CTI after the lease');

  // the edit page shows what is stored, prefilled, with the version
  const hid = homeId(id);
  const edit = await c.get(`/unge/${id}/bolig/${hid}`);
  assert.equal(edit.status, 200);
  assert.equal(tidyErrors(edit.text), '');
  assert.match(edit.text, /name="version" value="1"/);
  assert.match(edit.text, /id="support-furniture" type="checkbox" name="support" value="furniture" class="form-checkbox" checked/);
  assert.match(edit.text, /id="support-moving" type="checkbox" name="support" value="moving" class="form-checkbox">/);
  assert.match(edit.text, new RegExp(`name="lease_on" type="text" autocomplete="off" value="${dk(40).replace(/\./g, '\\.')}"`));

  // moving in before the lease is refused; then moving in
  await refused(c, id, `bolig/${hid}`, home({ version: '1', moved_in_on: dk(41) }),
    /Den unge kan ikke flytte ind før den dato, lejekontrakten er underskrevet/, 'moving in before the lease', 'moved_in_on');
  await ok(c, id, `bolig/${hid}`, home({ version: '1', moved_in_on: dk(30), support: ['furniture', 'deposit', 'moving'] }), 'moved in');
  assert.equal(q(`SELECT on_date FROM course_event WHERE course_id = ${course} AND step = 5`), iso(30), 'step 5 on the moving-in date');
  assert.equal(count('home_found', `course_id = ${course}`), 1, 'home found only once');
  assert.equal(q(`SELECT new_value FROM change_log WHERE entity = 'home' AND entity_id = ${hid} AND field = 'moved_in_on'`), iso(30));
  assert.equal(q(`SELECT new_value FROM change_log WHERE entity = 'home' AND entity_id = ${hid} AND field = 'support'`), 'moving,furniture,deposit');
  page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Nuværende bolig/);
  assert.match(page.text, /Boligsituation nu:<\/strong> I egen bolig/);
  assert.match(page.text, new RegExp(`href="/unge/${id}/bolig/${hid}/mistet"`));

  // the moving-in date cannot be removed, and editing it later does not add a second step 5
  await refused(c, id, `bolig/${hid}`, home({ version: '2', moved_in_on: '' }), /kan ikke fjernes/, 'removing the moving-in date', 'moved_in_on');
  await ok(c, id, `bolig/${hid}`, home({ version: '2', moved_in_on: dk(29), rent: '' }), 'the date corrected, rent unknown');
  assert.equal(count('course_event', `course_id = ${course} AND step = 5`), 1);
  assert.equal(q(`SELECT rent IS NULL FROM home WHERE id = ${hid}`), '1');
  const hist = await c.get(`/unge/${id}/bolig/${hid}`);
  assert.match(hist.text, /Historik/);
  assert.match(hist.text, new RegExp(`<td class="hv-pre">${dk(30).replace(/\./g, '\\.')}</td><td class="hv-pre">${dk(29).replace(/\./g, '\\.')}</td>`));
  assert.equal(tidyErrors(hist.text), '');
});

test('every bad input of the home form: 422, the message at the field, the input kept, nothing written', async () => {
  const c = await loggedIn('coordinator');
  const id = await ready(c);
  let r = await refused(c, id, 'bolig/ny', home({ address: '   ' }), /Feltet skal udfyldes/, 'an empty address', 'address');
  assert.match(r.text, /Boligindskudslån bevilget/, 'the note is kept');
  assert.match(r.text, /value="deposit" class="form-checkbox" checked/, 'the ticks are kept');
  r = await refused(c, id, 'bolig/ny', home({ rent: '-100' }), /Huslejen kan ikke være negativ/, 'a negative rent', 'rent');
  assert.match(r.text, /name="rent" type="text" autocomplete="off" value="-100"/, 'the rent as typed');
  await refused(c, id, 'bolig/ny', home({ rent: '4.500 kr' }), /Skriv huslejen som et helt antal kroner/, 'rent not a number', 'rent');
  await refused(c, id, 'bolig/ny', home({ moved_in_on: dk(45) }), /kan ikke flytte ind før den dato, lejekontrakten/, 'moving in before the lease', 'moved_in_on');
  await refused(c, id, 'bolig/ny', home({ lease_on: dk(-2) }), /Datoen må ikke ligge i fremtiden/, 'a lease in the future', 'lease_on');
  await refused(c, id, 'bolig/ny', home({ moved_in_on: dk(-1) }), /Datoen må ikke ligge i fremtiden/, 'moving in in the future', 'moved_in_on');
  await refused(c, id, 'bolig/ny', home({ lease_on: dk(70) }), /før henvisningsdatoen/, 'a lease before the referral', 'lease_on');
  await refused(c, id, 'bolig/ny', home({ moved_in_on: dk(49), lease_on: '' }), /Datoen må ikke ligge før datoen for et tidligere trin/, 'moving in before step 4', 'moved_in_on');
  await refused(c, id, 'bolig/ny', home({ kind: 'castle', found_how: '' }), /Vælg en af mulighederne/, 'no kind, no way found', 'kind');
  assert.equal(count('audit_log', `person_id = ${id} AND action = 'home_add' AND result = 'invalid'`), 9);

  // a second current home
  await ok(c, id, 'bolig/ny', home({ moved_in_on: dk(20) }), 'the first home');
  await refused(c, id, 'bolig/ny', home({ address: 'Andenvej 1' }), /allerede en nuværende bolig/, 'a second current home', 'address');
  const blocked = await c.get(`/unge/${id}/bolig/ny`);
  assert.match(blocked.text, /allerede en nuværende bolig/);
  assert.doesNotMatch(blocked.text, /name="address"/);

  // a young person at risk: no home, and nothing shown on the page
  const atRisk = await newPerson(c, { target_group: 'at_risk', housing_situation: '', risk: 'netvaerk' });
  await refused(c, atRisk, 'bolig/ny', home(), /kun for unge, der er i hjemløshed/, 'a young person at risk', 'address');
  const page = await c.get(`/unge/${atRisk}`);
  assert.doesNotMatch(page.text, /id="h-home"/);
  assert.doesNotMatch(page.text, /bolig\/ny/);

  // a closed course
  const closed = await ready(c);
  q(`UPDATE course SET closed_on = '${iso(1)}' WHERE id = ${courseOf(closed)}`);
  await refused(c, closed, 'bolig/ny', home(), /Forløbet er afsluttet/, 'a closed course', 'address');
});

test('losing the home: checked dates, the housing situation it leaves, and a new home after it', async () => {
  const c = await loggedIn('coordinator');
  const id = await ready(c);
  const course = courseOf(id);
  await ok(c, id, 'bolig/ny', home({ moved_in_on: '' }), 'a home not moved into');
  let hid = homeId(id);
  // losing a home before moving in
  const early = await c.get(`/unge/${id}/bolig/${hid}/mistet`);
  assert.match(early.text, /ikke flyttet ind endnu/);
  assert.doesNotMatch(early.text, /name="lost_on"/);
  await refused(c, id, `bolig/${hid}/mistet`, { version: '1', lost_on: dk(5), lost_reason: 'left', housing_after: 'sofa' },
    /ikke flyttet ind endnu/, 'losing a home not moved into', 'lost_on');
  await ok(c, id, `bolig/${hid}`, home({ version: '1', moved_in_on: dk(30) }), 'moved in');

  const form = await c.get(`/unge/${id}/bolig/${hid}/mistet`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Bostøtten fortsætter/);
  assert.match(form.text, /Housing First/);
  assert.equal(tidyErrors(form.text), '');
  const lost = (over) => ({ version: '2', lost_on: dk(10), lost_reason: 'eviction', lost_note: 'Huslejerestance.', housing_after: 'herberg', ...over });
  await refused(c, id, `bolig/${hid}/mistet`, lost({ lost_on: dk(31) }), /før den dato, den unge flyttede ind/, 'lost before moving in', 'lost_on');
  await refused(c, id, `bolig/${hid}/mistet`, lost({ lost_on: dk(-1) }), /Datoen må ikke ligge i fremtiden/, 'lost in the future', 'lost_on');
  const r = await refused(c, id, `bolig/${hid}/mistet`, lost({ housing_after: '' }), /Feltet skal udfyldes|Vælg/, 'no housing situation', 'housing_after');
  assert.match(r.text, /Huslejerestance\./, 'the note is kept');
  await refused(c, id, `bolig/${hid}/mistet`, lost({ lost_reason: '' }), /Feltet skal udfyldes|Vælg/, 'no reason', 'lost_reason');

  await ok(c, id, `bolig/${hid}/mistet`, lost(), 'the home lost');
  assert.equal(q(`SELECT lost_on || ' ' || lost_reason || ' ' || housing_after FROM home WHERE id = ${hid}`), `${iso(10)} eviction herberg`);
  let page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Boligsituation nu:<\/strong> Herberg\/forsorgshjem/);
  assert.match(page.text, /Tidligere boliger/);
  assert.match(page.text, new RegExp(`<dt>Mistet</dt><dd>${dk(10).replace(/\./g, '\\.')}, Udsættelse<br><span class="hv-pre">Huslejerestance\\.</span></dd>`));
  assert.match(page.text, /Bostøtten fortsætter, og en ny bolig kan registreres/);
  assert.match(page.text, new RegExp(`href="/unge/${id}/bolig/ny"`));
  assert.equal(tidyErrors(page.text), '');
  // a lost home cannot be lost again
  await refused(c, id, `bolig/${hid}/mistet`, lost({ version: '3' }), /allerede registreret, at boligen er mistet/, 'lost twice', 'lost_on');

  // a new home: not moved in before the last one was lost; step 5 stays the first
  await refused(c, id, 'bolig/ny', home({ address: 'Nyvej 2', lease_on: dk(12), moved_in_on: dk(11) }),
    /før den dato, den forrige bolig blev mistet/, 'moving in before the last home was lost', 'moved_in_on');
  await ok(c, id, 'bolig/ny', home({ address: 'Nyvej 2', kind: 'private', found_how: 'private', lease_on: dk(4), moved_in_on: dk(2) }), 'a new home');
  assert.equal(q(`SELECT group_concat(on_date) FROM course_event WHERE course_id = ${course} AND step = 5`), iso(30));
  page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Boligsituation nu:<\/strong> I egen bolig/);
  assert.match(page.text, /Nyvej 2/);
  const first = hid;
  hid = homeId(id);
  assert.match(page.text, new RegExp(`href="/unge/${id}/bolig/${hid}"`));
  // the earlier home can still be corrected: its own dates, not the later homes', bound it
  await ok(c, id, `bolig/${hid}/mistet`, lost({ version: '1', lost_on: dk(1), lost_reason: 'left', housing_after: 'sofa' }), 'the new home lost too');
  await refused(c, id, `bolig/${first}`, home({ version: '3', moved_in_on: dk(9) }),
    /kan ikke ligge efter den dato, boligen blev mistet/, 'moving in after the home was lost', 'moved_in_on');
  await ok(c, id, `bolig/${first}`, home({ version: '3', moved_in_on: dk(28) }), 'the earlier home corrected');
  assert.equal(q(`SELECT group_concat(on_date) FROM course_event WHERE course_id = ${course} AND step = 5`), iso(30), 'step 5 kept');
});

test('a concurrent edit answers 409, keeps what was typed and saves nothing', async () => {
  const c = await loggedIn('coordinator');
  const id = await ready(c);
  await ok(c, id, 'bolig/ny', home(), 'a home');
  const hid = homeId(id);
  await ok(c, id, `bolig/${hid}`, home({ version: '1', rent: '4100' }), 'the first save');
  const before = snapshot();
  const r = await act(c, id, `bolig/${hid}`, home({ version: '1', rent: '4200', address: 'Min udgave 7' }));
  assert.equal(r.status, 409);
  assert.match(r.text, /ændret af en anden/);
  assert.match(r.text, /value="Min udgave 7"/, 'what was typed is kept');
  assert.match(r.text, /name="version" value="2"/, 'the next save is made from the new version');
  assert.match(r.text, /4100 kr\. om måneden/, 'the saved version is shown');
  assert.equal(tidyErrors(r.text), '');
  assert.equal(snapshot(), before, 'nothing written');
  assert.equal(count('audit_log', `person_id = ${id} AND action = 'home_change' AND result = 'conflict'`), 1);
  await ok(c, id, `bolig/${hid}`, home({ version: '2', rent: '4200', address: 'Min udgave 7' }), 'saved again');
});

test('access: the support worker may change, another support worker, a team member and another coordinator may not; CSRF', async () => {
  const c = await loggedIn('coordinator');
  const mine = await ready(c);
  const other = await ready(c);
  // the support user works on `other` only: on `mine` their assignment ended
  const at = new Date().toISOString().slice(0, 19) + 'Z';
  q(`UPDATE support_worker SET to_on = '${iso(45)}' WHERE support_id IN (SELECT id FROM support_course WHERE course_id = ${courseOf(mine)})`);
  // the team user is on `mine`'s team (no consent)
  q(`INSERT INTO team_member(course_id, actor, name, user_id, from_date, created_at)
     VALUES (${courseOf(mine)}, 'uu', 'Test team', ${userId('team')}, '${iso(50)}', '${at}')`);

  const s = await loggedIn('support');
  const before = snapshot();
  let r = await s.get(`/unge/${mine}/bolig/ny`);
  assert.equal(r.status, 404, 'another young person\'s support worker');
  const csrf = await s.csrf();
  r = await s.post(`/unge/${mine}/bolig/ny`, pairs({ csrf, ...home() }));
  assert.equal(r.status, 404);
  assert.ok(count('audit_log', `person_id = ${mine} AND username = 'support' AND result = 'refused'`) >= 2, 'logged');
  assert.equal(snapshot(), before);

  // the support worker records the home of the young person they support
  await ok(s, other, 'bolig/ny', home({ moved_in_on: dk(20) }), 'the support worker');
  assert.equal(q(`SELECT created_by FROM home WHERE id = ${homeId(other)}`), String(userId('support')));
  const page = await s.get(`/unge/${other}`);
  assert.match(page.text, new RegExp(`href="/unge/${other}/bolig/${homeId(other)}/mistet"`));

  // a team member cannot change
  const t = await loggedIn('team');
  r = await t.get(`/unge/${mine}/bolig/ny`);
  assert.ok(r.status === 403 || r.status === 404, `team member: ${r.status}`);
  r = await t.post(`/unge/${mine}/bolig/ny`, pairs({ csrf: await t.csrf(), ...home() }));
  assert.ok(r.status === 403 || r.status === 404, `team member: ${r.status}`);
  assert.equal(count('audit_log', `person_id = ${mine} AND username = 'team' AND result = 'refused_consent'`), 2);
  // with a consent covering them the team member sees the young person, the home section without links, and still may not change
  await ok(c, mine, 'bolig/ny', home({ moved_in_on: dk(20) }), 'the coordinator records the home');
  q(`INSERT INTO consent(course_id, purpose, given_on, how, expires_on, created_at) VALUES (${courseOf(mine)}, 'Samarbejde', '${iso(50)}', 'signed', '${iso(-300)}', '${at}')`);
  q(`INSERT INTO consent_member(consent_id, member_id) VALUES ((SELECT MAX(id) FROM consent), (SELECT MAX(id) FROM team_member))`);
  const seen = await t.get(`/unge/${mine}`);
  assert.equal(seen.status, 200);
  assert.match(seen.text, /Ungdomsvej 3/);
  assert.doesNotMatch(seen.text, new RegExp(`href="/unge/${mine}/bolig/`), 'no links to change');
  const hidMine = homeId(mine);
  const n0 = snapshot();
  r = await t.get(`/unge/${mine}/bolig/${hidMine}`);
  assert.equal(r.status, 404, 'a team member with consent');
  r = await t.post(`/unge/${mine}/bolig/${hidMine}/mistet`, pairs({ csrf: t.csrfFrom(seen.text), version: '1', lost_on: dk(1), lost_reason: 'left', housing_after: 'sofa' }));
  assert.equal(r.status, 404, 'a team member with consent cannot lose the home');
  assert.equal(count('audit_log', `person_id = ${mine} AND username = 'team' AND action = 'home_lost' AND result = 'refused'`), 1);
  assert.equal(snapshot(), n0);

  // another coordinator
  const c2 = await loggedIn('coordinator2');
  r = await c2.get(`/unge/${other}/bolig/${homeId(other)}`);
  assert.equal(r.status, 404);
  r = await c2.get(`/unge/${other}/bolig/${homeId(other)}/mistet`);
  assert.equal(r.status, 404);

  // a home of another young person through this young person's path
  r = await c.get(`/unge/${mine}/bolig/${homeId(other)}`);
  assert.equal(r.status, 404);
  assert.equal(count('audit_log', `person_id = ${mine} AND action = 'home_form' AND result = 'not_found'`), 1);

  // CSRF: without the token nothing is written
  const n = snapshot();
  r = await c.post(`/unge/${mine}/bolig/ny`, pairs(home()));
  assert.equal(r.status, 403);
  r = await c.post(`/unge/${mine}/bolig/ny`, pairs({ csrf: 'f'.repeat(64), ...home() }));
  assert.equal(r.status, 403);
  assert.equal(snapshot(), n);
});
