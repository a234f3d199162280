// Time registration (issue 5 §2, timereg.c) against the real server: a
// support worker registers the quarter from a form prefilled from their
// contact; bad hours (422, messages at the fields, input kept, nothing
// written); a second submission for the quarter is refused; amending keeps
// the history and a stale version is 409; another user's registration is
// 404 (logged), the project leader may view it; quarters that may not be
// registered; the hourly cost by the project leader and the administrator
// only; CSRF; the worklist row of a missing quarter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-timereg-'));
  const db = makeDb(dir, [['support2', 'support'], ['support3', 'support']]);
  srv = await startServer({ db, dir });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const today = iso(new Date());
const pad = (n) => String(n).padStart(2, '0');
// the first day of the quarter `back` quarters before the current one
function quarter(back = 0) {
  let y = Number(today.slice(0, 4)), q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) - back;
  while (q < 0) { q += 4; y--; }
  while (q > 3) { q -= 4; y++; }
  return `${y}-${pad(q * 3 + 1)}-01`;
}
function dayAfter(isoDate, n) {
  const d = new Date(isoDate + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const Q = quarter(0);
const q1 = (sql) => sqlite(srv.db, sql).trim();
const userId = (u) => q1(`SELECT id FROM users WHERE username = '${u}'`);
const count = (table, where = '1=1') => Number(q1(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const written = () => q1(`SELECT (SELECT COUNT(*) FROM time_registration) || '/' || (SELECT COUNT(*) FROM time_hours) || '/' ||
  (SELECT COUNT(*) FROM change_log) || '/' || (SELECT COALESCE(SUM(version), 0) FROM time_registration)`);
const lastAuditId = () => Number(q1('SELECT COALESCE(MAX(id), 0) FROM audit_log'));
// the access-log rows since id, without the views of pages
const auditSince = (id) => q1(`SELECT username || '|' || action || '|' || COALESCE(person_id, '') || '|' || result
  FROM audit_log WHERE id > ${id} ORDER BY id`).split('\n').filter((a) => a && !a.endsWith('|view|0|ok'));

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}: ${r.status}`);
  return c;
}

// A form with the csrf and once tokens of the page at path.
async function formOf(c, path) {
  const page = await c.get(path);
  assert.equal(page.status, 200, page.text.slice(0, 400));
  assert.equal(tidyErrors(page.text), '', path);
  const once = page.text.match(/name="once" value="([0-9a-f]+)"/)[1];
  return { page, csrf: c.csrfFrom(page.text), once };
}

let supportReg; // the support worker's registration of the quarter

test('a support worker registers the quarter from a form prefilled from their contact', async () => {
  // a young person in CTI with the support worker, and one contact today: 90 minutes, 30 minutes' travel
  const sup = userId('support');
  const person = q1(`INSERT INTO person(municipality_id, cpr, name, created_at) VALUES (1, '0101991234', 'Tid Ung', 'now') RETURNING id`);
  const course = q1(`INSERT INTO course(person_id, opened_on, target_group) VALUES (${person}, '${Q}', 'homeless') RETURNING id`);
  const sid = q1(`INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (${course}, 'cti', '${Q}', 'now') RETURNING id`);
  q1(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at) VALUES (${sid}, ${sup}, 'bostoette', '${Q}', 'now')`);
  q1(`INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_by, created_at)
      VALUES (${sid}, '${today}', 'face', 90, 30, 'home', ${sup}, 'now')`);
  const c = await loggedIn('support');
  const list = await c.get('/tid');
  assert.equal(list.status, 200);
  assert.equal(tidyErrors(list.text), '');
  assert.match(list.text, new RegExp(`href="/tid/ny\\?fra=${Q}"`));

  const { page, csrf, once } = await formOf(c, `/tid/ny?fra=${Q}`);
  // the suggestion: 1,5 hours direct contact and 0,5 hours transport under CTI, with where they come from
  assert.match(page.text, /id="cti_direct" name="cti_direct" type="text" inputmode="decimal" autocomplete="off" value="1,5"/);
  assert.match(page.text, /id="cti_transport" name="cti_transport" type="text" inputmode="decimal" autocomplete="off" value="0,5"/);
  assert.match(page.text, /id="cti_direct-hint">Forslag fra 1 kontakt: 1,5 timer</);
  assert.match(page.text, /id="icm_direct" name="icm_direct" type="text" inputmode="decimal" autocomplete="off" value=""/);
  // every cell has its label; a fieldset per method
  assert.equal((page.text.match(/<label class="form-label" for="(model|cti|icm|act)_/g) || []).length, 16);
  assert.equal((page.text.match(/<fieldset class="hv-time-method">/g) || []).length, 4);

  const before = lastAuditId();
  const r = await c.post(`/tid/ny?fra=${Q}`, { csrf, once, cti_direct: '2', cti_transport: '0,5', model_coordination: '3.5', note: 'Kursus en dag.' });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.match(r.location, /^\/tid\/\d+$/);
  supportReg = Number(r.location.split('/').pop());
  assert.equal(q1(`SELECT method || '/' || category || '=' || minutes FROM time_hours WHERE registration_id = ${supportReg} ORDER BY method, category`),
    'cti/direct=120\ncti/transport=30\nmodel/coordination=210');
  assert.equal(q1(`SELECT period_from || '|' || user_id || '|' || note FROM time_registration WHERE id = ${supportReg}`), `${Q}|${sup}|Kursus en dag.`);
  assert.deepEqual(auditSince(before), ['support|timereg_add|0|ok']);

  const view = await c.get(r.location);
  assert.equal(view.status, 200);
  assert.equal(tidyErrors(view.text), '');
  assert.match(view.text, /Registreringen er indsendt/);
  assert.match(view.text, /af Test support\./);
  assert.match(view.text, /<td data-title="I alt"><strong>6<\/strong><\/td><\/tr>\n<\/tbody>/); // 2 + 0,5 + 3,5
  assert.match(view.text, /Kursus en dag\./);
  // the own list shows it with its total
  const own = await c.get('/tid');
  assert.match(own.text, new RegExp(`<a href="/tid/${supportReg}">`));
  assert.doesNotMatch(own.text, new RegExp(`Registrér timer for det nuværende kvartal`));
});

test('bad hours: 422 with a message at each field, the input kept, nothing written', async () => {
  const c = await loggedIn('coordinator');
  const cases = [
    [{ model_direct: '-1' }, 'model_direct', 'Antal timer kan ikke være negativt.'],
    [{ model_direct: 'abc' }, 'model_direct', 'Skriv antal timer som et tal, fx 7,5.'],
    [{ cti_meetings: '1,25' }, 'cti_meetings', 'Skriv højst én decimal, fx 7,5.'],
    [{ icm_coordination: '2209' }, 'icm_coordination', 'Flere timer, end der er i kvartalet. Tjek tallet.'],
    [{ act_transport: '99999999999999999999' }, 'act_transport', 'Flere timer, end der er i kvartalet. Tjek tallet.'],
    [{ model_direct: '1200', model_meetings: '1200' }, 'hours', 'Timerne i alt er flere, end der er i kvartalet. Tjek tallene.'],
    [{}, 'hours', 'Skriv dine timer, eller sæt flueben ved »Ingen timer i kvartalet«.'],
    [{ model_direct: '0', none: '1', model_meetings: '2' }, 'none', 'Du har skrevet timer. Fjern fluebenet eller timerne.'],
  ];
  const w = written();
  for (const [form, field, msg] of cases) {
    const { csrf, once } = await formOf(c, `/tid/ny?fra=${Q}`);
    const r = await c.post(`/tid/ny?fra=${Q}`, { csrf, once, note: 'Min note', ...form });
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.equal(tidyErrors(r.text), '');
    assert.ok(r.text.includes(`id="${field}-error"><span class="sr-only">Fejl: </span>${msg}</span>`), `${JSON.stringify(form)}: ${msg}`);
    assert.ok(r.text.includes(`<a href="#${field}">`), 'the summary links to the field');
    for (const [k, v] of Object.entries(form))
      if (k !== 'none') assert.ok(r.text.includes(`name="${k}" type="text" inputmode="decimal" autocomplete="off" value="${v}"`), `${k} kept`);
    assert.match(r.text, />Min note<\/textarea>/);
    assert.equal(written(), w, 'nothing written');
  }
  // a tick alone is a registration without hours
  const { csrf, once } = await formOf(c, `/tid/ny?fra=${Q}`);
  const r = await c.post(`/tid/ny?fra=${Q}`, { csrf, once, none: '1' });
  assert.equal(r.status, 303);
  const id = r.location.split('/').pop();
  assert.equal(count('time_hours', `registration_id = ${id}`), 0);
  assert.match((await c.get(r.location)).text, /Ingen timer i kvartalet\./);
});

test('a second submission for the quarter is refused: amend the submitted one instead', async () => {
  const c = await loggedIn('support');
  const page = await c.get(`/tid/ny?fra=${Q}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`<a href="/tid/${supportReg}/ret">Ret den indsendte i stedet</a>`));
  assert.doesNotMatch(page.text, /name="cti_direct"/, 'no form for a quarter already registered');
  const csrf = c.csrfFrom(page.text);
  const w = written();
  const before = lastAuditId();
  const r = await c.post(`/tid/ny?fra=${Q}`, { csrf, cti_direct: '5' });
  assert.equal(r.status, 422);
  assert.equal(tidyErrors(r.text), '');
  assert.ok(r.text.includes(`<a href="/tid/${supportReg}/ret">Ret den indsendte i stedet</a>`));
  assert.equal(written(), w);
  assert.deepEqual(auditSince(before), ['support|timereg_add|0|refused']);
});

test('amending keeps the history; a save from an old version is 409 with the input kept', async () => {
  const c = await loggedIn('support');
  const { page, csrf, once } = await formOf(c, `/tid/${supportReg}/ret`);
  assert.match(page.text, /name="version" value="1"/);
  assert.match(page.text, /name="cti_direct" type="text" inputmode="decimal" autocomplete="off" value="2"/);
  assert.match(page.text, /name="model_coordination" type="text" inputmode="decimal" autocomplete="off" value="3,5"/);
  const before = lastAuditId();
  const r = await c.post(`/tid/${supportReg}/ret`, { csrf, once, version: '1', cti_direct: '2,5', cti_transport: '0,5', model_coordination: '3,5', note: 'Kursus en dag.' });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(r.location, `/tid/${supportReg}`);
  assert.equal(q1(`SELECT minutes FROM time_hours WHERE registration_id = ${supportReg} AND method = 'cti' AND category = 'direct'`), '150');
  // only the changed cell is in the history
  assert.equal(q1(`SELECT field || ':' || old_value || '>' || new_value FROM change_log WHERE entity = 'time_registration'
    AND entity_id = ${supportReg} AND field <> 'created'`), 'cti.direct:120>150');
  assert.deepEqual(auditSince(before), ['support|timereg_change|0|ok']);
  const view = await c.get(r.location);
  assert.match(view.text, /<h2>Historik<\/h2>/);
  assert.match(view.text, /<td>CTI: direkte kontakt<\/td><td class="hv-pre">2 timer<\/td><td class="hv-pre">2,5 timer<\/td>/);

  // the same form sent again from version 1: someone saved in between
  const w = written();
  const stale = await formOf(c, `/tid/${supportReg}/ret`);
  const r2 = await c.post(`/tid/${supportReg}/ret`, { csrf: stale.csrf, once: stale.once, version: '1', cti_direct: '9', cti_transport: '0,5', model_coordination: '3,5' });
  assert.equal(r2.status, 409);
  assert.equal(tidyErrors(r2.text), '');
  assert.match(r2.text, /rettet et andet sted/);
  assert.match(r2.text, /name="cti_direct" type="text" inputmode="decimal" autocomplete="off" value="9"/, 'the typed value is kept');
  assert.match(r2.text, /name="version" value="2"/, 'the next save is made from the stored version');
  assert.equal(written(), w);
  // bad input on an amendment: 422, nothing written
  const r3 = await c.post(`/tid/${supportReg}/ret`, { csrf: stale.csrf, version: '2', cti_direct: '-3' });
  assert.equal(r3.status, 422);
  assert.equal(written(), w);
});

test("another user's registration is 404 and logged; the project leader may view, not amend", async () => {
  const other = await loggedIn('coordinator2');
  let before = lastAuditId();
  for (const path of [`/tid/${supportReg}`, `/tid/${supportReg}/ret`]) {
    const r = await other.get(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.text, /Test support/);
  }
  const csrf = await other.csrf('/tid');
  const w = written();
  const post = await other.post(`/tid/${supportReg}/ret`, { csrf, version: '2', cti_direct: '1' });
  assert.equal(post.status, 404);
  assert.equal(written(), w);
  assert.deepEqual(auditSince(before),
    ['coordinator2|view|0|refused', 'coordinator2|view|0|refused', 'coordinator2|timereg_change|0|refused']);
  assert.equal((await other.get('/tid/999999')).status, 404);

  const pl = await loggedIn('project_leader');
  const view = await pl.get(`/tid/${supportReg}`);
  assert.equal(view.status, 200);
  assert.match(view.text, /af Test support\./);
  assert.match(view.text, /ved en timepris på 387 kr\./);
  assert.doesNotMatch(view.text, /Ret registreringen/);
  assert.equal((await pl.get(`/tid/${supportReg}/ret`)).status, 404);
  // the team role has no time registration
  const team = await loggedIn('team');
  assert.equal((await team.get('/tid')).status, 403);
  assert.equal((await team.get(`/tid/${supportReg}`)).status, 403);
});

test('only the quarters that may be registered: first day, not in the future, not before the user', async () => {
  const c = await loggedIn('support2');
  for (const fra of [dayAfter(Q, 1), quarter(-1), quarter(1), 'abc', '']) {
    const r = await c.get(`/tid/ny?fra=${fra}`);
    assert.equal(r.status, 400, fra);
    assert.equal(tidyErrors(r.text), '');
  }
  assert.match((await c.get(`/tid/ny?fra=${quarter(1)}`)).text, /før du blev oprettet/);
  assert.match((await c.get(`/tid/ny?fra=${quarter(-1)}`)).text, /ikke begyndt endnu/);
  const csrf = await c.csrf('/tid');
  const w = written();
  const r = await c.post(`/tid/ny?fra=${quarter(-1)}`, { csrf, model_direct: '1' });
  assert.equal(r.status, 400);
  assert.equal(written(), w);
});

test('a missing quarter is on the worklist, late after the grace days', async () => {
  // support3 registered the quarter two back (history), not the last one
  const u = userId('support3');
  q1(`INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)
      VALUES (1, ${u}, '${quarter(2)}', '${dayAfter(quarter(1), -1)}', '2026-01-01T00:00:00Z')`);
  const c = await loggedIn('support3');
  const doc = await c.get('/dokumentation');
  assert.equal(doc.status, 200);
  assert.ok(doc.text.includes(`<a href="/tid/ny?fra=${quarter(1)}">Tidsregistrering</a>`));
  assert.ok(!doc.text.includes(`fra=${quarter(2)}`), 'the registered quarter is not listed');
  const late = dayAfter(quarter(0), 14) < today;
  assert.match(doc.text, late ? /For sent/ : /Skal udfyldes nu/);
  // and it may be registered, though before the user was created
  assert.equal((await c.get(`/tid/ny?fra=${quarter(1)}`)).status, 200);
});

test('the hourly cost: the project leader and the administrator set it, a coordinator may not', async () => {
  const co = await loggedIn('coordinator');
  assert.equal((await co.get('/tid/timepris')).status, 403);
  const csrf0 = await co.csrf('/tid');
  assert.equal((await co.post('/tid/timepris', { csrf: csrf0, hourly_cost: '1' })).status, 403);
  assert.equal(q1('SELECT hourly_cost FROM municipality WHERE id = 1'), '387');

  const pl = await loggedIn('project_leader');
  const { page } = await formOf(pl, '/tid/timepris');
  assert.match(page.text, /id="hourly_cost" name="hourly_cost" type="text" autocomplete="off" value="387"/);
  assert.match(page.text, /oversigten over tidsregistreringen/);
  const w = written();
  for (const bad of ['0', '10001', 'abc', '12,5', '-5', '']) {
    const { csrf, once } = await formOf(pl, '/tid/timepris');
    const r = await pl.post('/tid/timepris', { csrf, once, hourly_cost: bad });
    assert.equal(r.status, 422, bad);
    assert.equal(tidyErrors(r.text), '');
    assert.match(r.text, /id="hourly_cost-error"/);
    assert.ok(r.text.includes(`value="${bad}"`), 'kept');
  }
  assert.equal(written(), w);
  assert.equal(q1('SELECT hourly_cost FROM municipality WHERE id = 1'), '387');
  const before = lastAuditId();
  const { csrf, once } = await formOf(pl, '/tid/timepris');
  const r = await pl.post('/tid/timepris', { csrf, once, hourly_cost: '400' });
  assert.equal(r.status, 303);
  assert.equal(q1('SELECT hourly_cost FROM municipality WHERE id = 1'), '400');
  assert.deepEqual(auditSince(before), ['project_leader|hourly_cost_change|0|ok']);
  assert.equal(q1(`SELECT old_value || '>' || new_value FROM change_log WHERE entity = 'municipality' AND field = 'hourly_cost'`), '387>400');

  // the overview counts the support worker's hours at the new cost: 6,5 hours × 400 = 2.600 kr.
  const ov = await pl.get('/tid/oversigt');
  assert.equal(ov.status, 200);
  assert.equal(tidyErrors(ov.text), '');
  assert.match(ov.text, /en timepris på 400 kr\./);
  assert.ok(ov.text.includes(`<a href="/tid/${supportReg}">Registreret<span class="sr-only"> Test support</span></a>`));
  assert.match(ov.text, /<td data-title="Timer i alt">6,5<\/td><td data-title="Udgift">2\.600 kr\.<\/td>/);
  assert.equal((await co.get('/tid/oversigt')).status, 403);

  const admin = await loggedIn('admin2');
  const a = await formOf(admin, '/tid/timepris');
  const r2 = await admin.post('/tid/timepris', { csrf: a.csrf, once: a.once, hourly_cost: '392' });
  assert.equal(r2.status, 303);
  assert.equal(q1('SELECT hourly_cost FROM municipality WHERE id = 1'), '392');
});

test('CSRF: a post without the token or with a wrong one writes nothing', async () => {
  const c = await loggedIn('support2');
  const w = written();
  for (const csrf of [undefined, 'f'.repeat(64)]) {
    const form = { cti_direct: '1' };
    if (csrf) form.csrf = csrf;
    const r = await c.post(`/tid/ny?fra=${Q}`, form);
    assert.equal(r.status, 403);
    const r2 = await c.post(`/tid/${supportReg}/ret`, { ...form, version: '2' });
    assert.equal(r2.status, 403);
    const r3 = await c.post('/tid/timepris', { ...form, hourly_cost: '1' });
    assert.equal(r3.status, 403);
  }
  assert.equal(written(), w);
});
