// Contacts (issue 4 §3, contact.c) against the real server: recording a
// contact with its life domains, each refusal (422, the message at the
// field, nothing written), an ended support course, access by a worker not
// on the course and by a team member (404, logged), CSRF, the 409 on a
// concurrent correction with the typed input kept, and the flagged weeks of
// a CTI course with a gap.  The support courses are made directly in the
// database until the support pages exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-contact-'));
  const db = makeDb(dir, [['support2', 'support']]);
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
const written = () => q1(`SELECT (SELECT COUNT(*) FROM contact) || '/' || (SELECT COUNT(*) FROM contact_domain) || '/' ||
  (SELECT COUNT(*) FROM change_log) || '/' || (SELECT COALESCE(SUM(version), 0) FROM contact)`);

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}: ${r.status}`);
  return c;
}

let cprSeq = 3000;
// A young person with an open course and a support course of the method
// that started `daysAgo` days ago, with `worker` as its support worker.
async function supported(method, daysAgo, worker = 'support', name) {
  const owner = await loggedIn('coordinator');
  cprSeq++;
  const csrf = await owner.csrf('/henvisning/ny');
  const r = await owner.post('/henvisning', {
    csrf, cpr: `070809-${cprSeq}`, name: name || `Kontakt Ung ${cprSeq}`, referred_on: dk(isoIn(-daysAgo - 30)),
    referrer_actor: 'gadeplan', reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.split('/').pop());
  const course = q1(`SELECT id FROM course WHERE person_id = ${id}`);
  const sid = Number(q1(`INSERT INTO support_course(course_id, method, start_on, created_at)
    VALUES (${course}, '${method}', '${isoIn(-daysAgo)}', '2026-01-01T00:00:00Z') RETURNING id`));
  q1(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)
    VALUES (${sid}, ${userId(worker)}, 'bostoette', '${isoIn(-daysAgo)}', '2026-01-01T00:00:00Z')`);
  return { id, sid, base: `/unge/${id}/bostoette/${sid}/kontakter` };
}

// Form fields as pairs, so that a list (checkboxes) repeats its name.
const pairs = (form) => Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]));

async function record(c, s, form) {
  const page = await c.get(`${s.base}/ny`);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const csrf = c.csrfFrom(page.text);
  return c.post(s.base, pairs({ csrf, on_date: dk(isoIn(0)), kind: 'face', minutes: '45', travel_minutes: '20',
    place: 'home', note: '', ...form }));
}

test('a support worker records a contact: it appears with its domains, the access log has it', async () => {
  const s = await supported('icm', 20);
  const c = await loggedIn('support');
  const form = await c.get(`${s.base}/ny`);
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  // the date is today by default; the numbers get the numeric keyboard; the kinds are radio buttons
  assert.match(form.text, new RegExp(`id="on_date" name="on_date" type="text" autocomplete="off" value="${dk(isoIn(0))}"`));
  assert.match(form.text, /id="minutes" name="minutes" type="text" inputmode="numeric"/);
  assert.match(form.text, /type="radio" name="kind" value="attempt"/);
  const from = lastAuditId();
  const r = await record(c, s, { domain: ['economy', 'housing'], note: 'Gennemgik budgettet', minutes: '75' });
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  assert.equal(r.location, s.base);
  assert.deepEqual(audit(`id > ${from}`), [`view|${s.id}|ok`, `contact_add|${s.id}|ok`]);
  assert.equal(count('contact', `support_id = ${s.sid} AND kind = 'face' AND minutes = 75 AND travel_minutes = 20`), 1);
  const list = await c.get(s.base);
  assert.equal(list.status, 200);
  assert.equal(tidyErrors(list.text), '');
  assert.match(list.text, /Kontakten er gemt/);
  assert.match(list.text, /Registrér en kontakt mere/);
  assert.match(list.text, /Personligt møde/);
  assert.match(list.text, /Livsområder: Bolig, Økonomi/);
  assert.match(list.text, /Gennemgik budgettet/);
  assert.match(list.text, /1 t 15 min/);
  // the chart, its title, description and the table
  assert.match(list.text, /<svg[^>]*role="img" aria-labelledby="cc-title-\d+ cc-desc-\d+"/);
  assert.match(list.text, /<desc id="cc-desc-\d+">1 kontakter på \d+ uger, heraf 1 hvor den unge blev nået/);
  assert.match(list.text, /<caption>Kontakter pr. uge<\/caption>/);
  assert.deepEqual(audit(`id > ${from} AND action = 'view'`), [`view|${s.id}|ok`, `view|${s.id}|ok`]);
  // the case owner sees it too; a team member with no relation does not
  const owner = await loggedIn('coordinator');
  assert.match((await owner.get(s.base)).text, /Gennemgik budgettet/);
});

test('bad input: 422, a message at the field, the input kept, nothing written', async () => {
  const s = await supported('cti', 40);
  const c = await loggedIn('support');
  const cases = [
    [{ on_date: dk(isoIn(-41)) }, /Datoen ligger før bostøtten begyndte/, 'on_date', 'before the start'],
    [{ on_date: dk(isoIn(1)) }, /Datoen ligger i fremtiden/, 'on_date', 'in the future'],
    [{ on_date: '31.02.2026' }, /Skriv en gyldig dato/, 'on_date', 'no such date'],
    [{ minutes: '-5' }, /Antal minutter kan ikke være negativt/, 'minutes', 'negative duration'],
    [{ travel_minutes: '-1' }, /Antal minutter kan ikke være negativt/, 'travel_minutes', 'negative travel'],
    [{ minutes: '1441' }, /Højst 24 timer/, 'minutes', 'more than a day'],
    [{ travel_minutes: '5000' }, /Højst 24 timer/, 'travel_minutes', 'absurd travel'],
    [{ minutes: 'en time' }, /Skriv antal minutter som et helt tal/, 'minutes', 'not a number'],
    [{ minutes: '' }, /Skriv, hvor mange minutter kontakten varede/, 'minutes', 'no duration'],
    [{ kind: '' }, /Vælg, hvordan kontakten var/, 'kind', 'no kind'],
    [{ place: '' }, /Vælg, hvor kontakten var/, 'place', 'no place'],
  ];
  for (const [form, message, field, what] of cases) {
    const before = written();
    const r = await record(c, s, { note: 'Skal blive stående', domain: 'network', ...form });
    assert.equal(r.status, 422, what);
    assert.match(r.text, message, what);
    assert.match(r.text, new RegExp(`id="${field}-error"`), `${what}: the message is at the field`);
    assert.match(r.text, /Skal blive stående/, `${what}: input kept`);
    assert.match(r.text, /value="network" class="form-checkbox" checked/, `${what}: domains kept`);
    assert.equal(tidyErrors(r.text), '', `${what}: tidy`);
    assert.equal(written(), before, `${what}: nothing written`);
  }
  // an attempt needs no duration
  const ok = await record(c, s, { kind: 'attempt', minutes: '' });
  assert.equal(ok.status, 303);
  assert.equal(count('contact', `support_id = ${s.sid} AND kind = 'attempt' AND minutes = 0`), 1);
});

test('an ended support course takes no new contacts; a date after its end is refused', async () => {
  const s = await supported('icm', 60);
  const c = await loggedIn('support');
  const k = await record(c, s, { on_date: dk(isoIn(-30)) });
  assert.equal(k.status, 303);
  const kid = q1(`SELECT MAX(id) FROM contact WHERE support_id = ${s.sid}`);
  const page = await c.get(`${s.base}/ny`);
  const csrf = c.csrfFrom(page.text);
  q1(`UPDATE support_course SET end_on = '${isoIn(-10)}' WHERE id = ${s.sid}`);
  // the case owner: the support worker's access ended with the support
  const owner = await loggedIn('coordinator');
  const from = lastAuditId();
  const before = written();
  const r = await owner.get(`${s.base}/ny`);
  assert.equal(r.status, 409);
  assert.match(r.text, /Bostøtteforløbet er afsluttet/);
  const ocsrf = owner.csrfFrom((await owner.get(s.base)).text);
  assert.doesNotMatch((await owner.get(s.base)).text, /kontakter\/ny/);
  const p = await owner.post(s.base, { csrf: ocsrf, on_date: dk(isoIn(-12)), kind: 'face', minutes: '30', place: 'home' });
  assert.equal(p.status, 409);
  assert.equal(written(), before);
  assert.deepEqual(audit(`id > ${from} AND result = 'refused'`), [`contact_add|${s.id}|refused`, `contact_add|${s.id}|refused`]);
  // correcting a contact to a date after the end
  const edit = await owner.get(`${s.base}/${kid}`);
  assert.equal(edit.status, 200);
  const e = await owner.post(`${s.base}/${kid}`, { csrf: owner.csrfFrom(edit.text), version: '1', on_date: dk(isoIn(-5)),
    kind: 'face', minutes: '30', place: 'home' });
  assert.equal(e.status, 422);
  assert.match(e.text, /Datoen ligger efter bostøtten sluttede/);
  assert.equal(written(), before);
  // the worker's old token is of no use either
  assert.equal((await c.post(s.base, { csrf, on_date: dk(isoIn(-12)), kind: 'face', minutes: '30', place: 'home' })).status, 404);
});

test('a support worker not on this course, a team member, another course id: 404 and logged', async () => {
  const s = await supported('cti', 30, 'support', 'Anna Anden');
  const other = await supported('icm', 30, 'support2');
  const owner = await loggedIn('coordinator');
  // the team user is on the young person's team with consent: may look, not record
  const tcsrf = await owner.csrf(`/unge/${s.id}/team`);
  assert.equal((await owner.post(`/unge/${s.id}/team`, { csrf: tcsrf, actor: 'uu', name: 'Tea Team', contact: '',
    team_role: 'UU', from_date: dk(isoIn(0)), user_id: userId('team') })).status, 303);
  const body = new URLSearchParams({ csrf: await owner.csrf(`/unge/${s.id}/samtykke`), kind: 'uddannelse', actor: 'uu',
    purpose: 'Uddannelse', given_on: dk(isoIn(0)), how: 'signed', note: '', expires_on: dk(isoIn(100)) });
  const cons = await owner.req('POST', `/unge/${s.id}/samtykke`, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(cons.status, 303, cons.text.slice(0, 500));
  const w = await loggedIn('support');
  assert.equal((await record(w, s, {})).status, 303);
  const kid = q1(`SELECT MAX(id) FROM contact WHERE support_id = ${s.sid}`);

  const team = await loggedIn('team');
  assert.equal((await team.get(s.base)).status, 200, 'the team member may see the contacts');
  const s2 = await loggedIn('support2');
  for (const [c, user] of [[team, 'team'], [s2, 'support2']]) {
    const from = lastAuditId();
    const before = written();
    const csrf = await c.csrf();
    for (const path of [`${s.base}/ny`, `${s.base}/${kid}`]) {
      const r = await c.get(path);
      assert.equal(r.status, 404, `${user} GET ${path}`);
      assert.doesNotMatch(r.text, /Anna Anden/);
    }
    assert.equal((await c.post(s.base, { csrf, on_date: dk(isoIn(0)), kind: 'face', minutes: '30', place: 'home' })).status, 404);
    assert.equal((await c.post(`${s.base}/${kid}`, { csrf, version: '1', on_date: dk(isoIn(0)), kind: 'sms', minutes: '1', place: 'other' })).status, 404);
    assert.equal(written(), before, `${user}: nothing written`);
    const rows = audit(`id > ${from} AND username = '${user}'`);
    assert.equal(rows.length, 4, `${user}: ${rows}`);
    assert.ok(rows.every((x) => x.endsWith('|refused')), `${user}: ${rows}`);
  }
  // support2 may not even look
  assert.equal((await s2.get(s.base)).status, 404);
  // a support course of another young person under this one's id; a contact of another course
  const from = lastAuditId();
  assert.equal((await w.get(`/unge/${s.id}/bostoette/${other.sid}/kontakter`)).status, 404);
  const otherKid = (() => { q1(`INSERT INTO contact(support_id, on_date, kind, minutes, place, created_at) VALUES (${other.sid}, '${isoIn(0)}', 'sms', 1, 'other', 'x')`); return q1('SELECT MAX(id) FROM contact'); })();
  assert.equal((await w.get(`${s.base}/${otherKid}`)).status, 404);
  assert.deepEqual(audit(`id > ${from}`), [`view|${s.id}|not_found`, `view|${s.id}|not_found`]);
});

test('CSRF: a contact without the token is refused and logged, nothing written', async () => {
  const s = await supported('icm', 10);
  const c = await loggedIn('support');
  const before = written();
  const from = lastAuditId();
  const r = await c.post(s.base, { on_date: dk(isoIn(0)), kind: 'face', minutes: '30', place: 'home' });
  assert.equal(r.status, 403);
  const bad = await c.post(s.base, { csrf: 'f'.repeat(64), on_date: dk(isoIn(0)), kind: 'face', minutes: '30', place: 'home' });
  assert.equal(bad.status, 403);
  assert.equal(written(), before);
  assert.deepEqual(audit(`id > ${from}`), ['refused|0|csrf', 'refused|0|csrf']);
  assert.equal(q1(`SELECT DISTINCT route FROM audit_log WHERE id > ${from}`), 'contacts');
  // a request from another site, even with the token
  const csrf = await c.csrf(`${s.base}/ny`);
  const cross = await c.post(s.base, { csrf, on_date: dk(isoIn(0)), kind: 'face', minutes: '30', place: 'home' },
    { headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(cross.status, 403);
  assert.equal(written(), before);
});

test('a correction: history in change_log, 409 on a concurrent edit with the typed input kept', async () => {
  const s = await supported('icm', 30);
  const c = await loggedIn('support');
  assert.equal((await record(c, s, { on_date: dk(isoIn(-3)), domain: 'housing', note: 'Første note' })).status, 303);
  const kid = q1(`SELECT MAX(id) FROM contact WHERE support_id = ${s.sid}`);
  const a = await c.get(`${s.base}/${kid}`);
  assert.equal(a.status, 200);
  assert.equal(tidyErrors(a.text), '');
  assert.match(a.text, /name="version" value="1"/);
  assert.match(a.text, /value="housing" class="form-checkbox" checked/);
  const owner = await loggedIn('coordinator');
  const b = await owner.get(`${s.base}/${kid}`);
  // the owner saves first
  const r1 = await owner.post(`${s.base}/${kid}`, pairs({ csrf: owner.csrfFrom(b.text), version: '1', on_date: dk(isoIn(-3)),
    kind: 'phone', minutes: '20', travel_minutes: '', place: 'other', domain: ['housing', 'economy'], note: 'Rettet af koordinator' }));
  assert.equal(r1.status, 303);
  assert.equal(count('change_log', `entity = 'contact' AND entity_id = ${kid} AND field IN ('kind', 'minutes', 'travel_minutes', 'place', 'domains', 'note')`), 6);
  // then the worker, from version 1
  const before = written();
  const r2 = await c.post(`${s.base}/${kid}`, pairs({ csrf: c.csrfFrom(a.text), version: '1', on_date: dk(isoIn(-3)),
    kind: 'video', minutes: '33', place: 'office', domain: 'substance', note: 'Min egen rettelse' }));
  assert.equal(r2.status, 409);
  assert.equal(written(), before, 'nothing written');
  assert.match(r2.text, /Kontakten er rettet af en anden/);
  assert.match(r2.text, /Min egen rettelse/);
  assert.match(r2.text, /value="33"/);
  assert.match(r2.text, /value="video" class="form-radio" checked/);
  assert.match(r2.text, /value="substance" class="form-checkbox" checked/);
  assert.match(r2.text, /name="version" value="2"/);
  assert.match(r2.text, /Rettet af koordinator/, 'their version is in the history');
  assert.equal(tidyErrors(r2.text), '');
  // saving again from the new version works
  const r3 = await c.post(`${s.base}/${kid}`, pairs({ csrf: c.csrfFrom(r2.text), version: '2', on_date: dk(isoIn(-3)),
    kind: 'video', minutes: '33', place: 'office', domain: 'substance', note: 'Min egen rettelse' }));
  assert.equal(r3.status, 303);
  assert.equal(q1(`SELECT kind || '/' || minutes || '/' || version FROM contact WHERE id = ${kid}`), 'video/33/3');
  assert.equal(q1(`SELECT group_concat(domain) FROM contact_domain WHERE contact_id = ${kid}`), 'substance');
  const list = await c.get(s.base);
  assert.match(list.text, /Rettelsen er gemt/);
});

test('CTI: the weeks without a contact that reached the young person are flagged, in the chart and in words', async () => {
  // started on a Monday 35 days ago: five finished weeks in phase 1
  const today = isoIn(0);
  const wd = (new Date(today + 'T12:00:00Z').getUTCDay() + 6) % 7;
  const start = -(35 + wd);
  const s = await supported('cti', -start);
  const c = await loggedIn('support');
  // week 1: a contact; week 2: only an attempt; week 3: nothing; week 4: a phone call; week 5: nothing
  for (const [day, kind] of [[start + 1, 'face'], [start + 8, 'attempt'], [start + 23, 'phone']]) {
    const r = await record(c, s, { on_date: dk(isoIn(day)), kind, minutes: kind === 'attempt' ? '' : '30' });
    assert.equal(r.status, 303, `${day} ${kind}`);
  }
  const page = await c.get(s.base);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, /3 uger uden kontakt i fase 1/);
  // three weeks hatched in the chart, each with its triangle, and three rows in the table
  assert.equal((page.text.match(/fill="url\(#cc-gap-\d+\)"\/><polygon/g) || []).length, 3);
  assert.equal((page.text.match(/<tr class="hv-contact-gap">/g) || []).length, 3);
  const mondays = [start + 7, start + 14, start + 28].map((d) => dk(isoIn(d)));
  for (const m of mondays) assert.match(page.text, new RegExp(`<li>${m.replace(/\./g, '\\.')}–`), `the week of ${m} is listed`);
  // the current week is not judged yet
  assert.match(page.text, /Perioden er ikke slut/);
});
