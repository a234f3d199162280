// The team, consent and object-level access (issue 3 §3-§4): who may see a
// young person, what a team member sees with and without consent, adding
// and ending members, recording and withdrawing consent, the actor catalog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDb, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-team-'));
  const db = makeDb(dir, [['team2', 'team']]);
  srv = await startServer({ db, dir });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const today = () => iso(new Date());
const daysFromNow = (n) => iso(new Date(Date.now() + n * 86400000));
const dk = (d) => d.split('-').reverse().join('.');
const q1 = (sql) => sqlite(srv.db, sql).trim();
const userId = (u) => q1(`SELECT id FROM users WHERE username = '${u}'`);
const count = (table, where = '1=1') => Number(q1(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const audit = (where) => q1(`SELECT action || '|' || COALESCE(person_id, '') || '|' || result FROM audit_log WHERE ${where} ORDER BY id`).split('\n').filter(Boolean);
const lastAuditId = () => Number(q1('SELECT COALESCE(MAX(id), 0) FROM audit_log'));

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}: ${r.status}`);
  return c;
}

let cprSeq = 2000;
async function newPerson(c, name) {
  cprSeq++;
  const csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `040506-${cprSeq}`, name, referred_on: dk(today()), referrer_actor: 'uu',
    referrer_name: '', reason: 'Hemmelig begrundelse ' + name, target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303);
  return r.location.split('/').pop();
}

async function addMember(c, id, form) {
  const csrf = await c.csrf(`/unge/${id}/team`);
  return c.post(`/unge/${id}/team`, { csrf, actor: 'uu', name: 'Vera Vejleder', contact: 'tlf. 70 00 00 00',
    team_role: 'Kontaktperson', from_date: dk(today()), ...form });
}

async function addConsent(c, id, form) {
  const csrf = await c.csrf(`/unge/${id}/samtykke`);
  const body = new URLSearchParams({ csrf, purpose: 'Samarbejde om uddannelse', given_on: dk(today()), how: 'signed',
    note: 'Underskrevet, scanning ligger i sagen', expires_on: dk(daysFromNow(200)) });
  for (const [k, v] of Object.entries(form)) {
    body.delete(k);
    for (const x of [].concat(v)) body.append(k, x);
  }
  return c.req('POST', `/unge/${id}/samtykke`, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

function memberId(id, name) {
  return q1(`SELECT t.id FROM team_member t JOIN course c ON c.id = t.course_id WHERE c.person_id = ${id} AND t.name = '${name}'`);
}

test('each role: a young person the user must not see answers 404 and is logged', async () => {
  const owner = await loggedIn('coordinator');
  const id = await newPerson(owner, 'Skjult Ung');
  const other = await newPerson(owner, 'Anden Ung');
  // team is on the other young person's team, not on this one's
  const add = await addMember(owner, other, { user_id: userId('team') });
  assert.equal(add.status, 303);
  for (const user of ['coordinator2', 'team', 'support']) {
    const c = await loggedIn(user);
    const from = lastAuditId();
    for (const path of [`/unge/${id}`, `/unge/${id}/team`, `/unge/${id}/samtykke`]) {
      const r = await c.get(path);
      assert.equal(r.status, 404, `${user} ${path}`);
      assert.doesNotMatch(r.text, /Skjult Ung/);
      assert.equal(tidyErrors(r.text), '');
    }
    const csrf = await c.csrf();
    assert.equal((await c.post(`/unge/${id}/cpr`, { csrf })).status, 404, `${user} cpr`);
    const rows = audit(`id > ${from} AND person_id = ${id} AND username = '${user}'`);
    assert.equal(rows.filter((x) => x.endsWith('|refused')).length, 4, `${user}: ${rows}`);
    assert.doesNotMatch((await c.get('/mine-unge')).text, /Skjult Ung/);
  }
  // leader and administrator have no person pages at all (role rule, logged)
  for (const user of ['leader', 'admin2']) {
    const c = await loggedIn(user);
    const from = lastAuditId();
    assert.equal((await c.get(`/unge/${id}`)).status, 403, user);
    assert.equal(audit(`id > ${from} AND username = '${user}' AND result = 'role'`).length, 1);
  }
  // a person in no municipality of the user's: 404, logged as not_found
  const c = await loggedIn('coordinator2');
  const from = lastAuditId();
  assert.equal((await c.get('/unge/987654')).status, 404);
  assert.deepEqual(audit(`id > ${from} AND username = 'coordinator2'`), ['view|0|not_found']);
  // the project leader sees everyone in the municipality
  const pl = await loggedIn('project_leader');
  assert.equal((await pl.get(`/unge/${id}`)).status, 200);
  assert.equal((await pl.get(`/unge/${id}/team`)).status, 200);
});

test('a team member sees the page with consent, only the reduced page without, after withdrawal or expiry', async () => {
  const owner = await loggedIn('coordinator');
  const id = await newPerson(owner, 'Bjørk Samtykkesen');
  assert.equal((await addMember(owner, id, { user_id: userId('team'), name: 'Frede Fag' })).status, 303);
  const team = await loggedIn('team');
  const seeReduced = async (what) => {
    const r = await team.get(`/unge/${id}`);
    assert.equal(r.status, 200, what);
    assert.match(r.text, /Bjørk Samtykkesen/, what);
    assert.match(r.text, /Den unge er i dit team/, what);
    assert.doesNotMatch(r.text, /Hemmelig begrundelse/, what);
    assert.doesNotMatch(r.text, /040506/, what);
    assert.doesNotMatch(r.text, /CPR/, what);
    assert.equal(tidyErrors(r.text), '', what);
    const csrf = await team.csrf();
    assert.equal((await team.post(`/unge/${id}/cpr`, { csrf })).status, 403, what);
  };
  await seeReduced('no consent');
  assert.ok(audit(`person_id = ${id} AND action = 'view_reduced'`).length >= 1);
  const list = await team.get('/mine-unge');
  assert.match(list.text, /Bjørk Samtykkesen/);
  assert.match(list.text, /Kun navn: intet gyldigt samtykke/);

  // a consent for another actor does not help
  assert.equal((await addConsent(owner, id, { kind: ['helbred'], actor: ['jobcenter'] })).status, 303);
  await seeReduced('consent for another actor');
  // a consent covering the member's actor
  assert.equal((await addConsent(owner, id, { kind: ['uddannelse', 'bolig'], actor: ['uu'] })).status, 303);
  let r = await team.get(`/unge/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Hemmelig begrundelse/);
  assert.match(r.text, /040506-XXXX/);
  assert.equal(tidyErrors(r.text), '');
  assert.match((await team.get('/mine-unge')).text, /Samtykke dækker/);

  // withdrawal takes effect at once
  const cid = q1(`SELECT k.id FROM consent k JOIN consent_actor a ON a.consent_id = k.id JOIN course c ON c.id = k.course_id WHERE c.person_id = ${id} AND a.actor = 'uu'`);
  const wpage = await owner.get(`/unge/${id}/samtykke/${cid}/tilbagekald`);
  assert.equal(wpage.status, 200);
  assert.equal(tidyErrors(wpage.text), '');
  r = await owner.post(`/unge/${id}/samtykke/${cid}/tilbagekald`, { csrf: owner.csrfFrom(wpage.text), withdrawn_on: dk(today()), withdrawal_note: 'Ringede og trak det tilbage' });
  assert.equal(r.status, 303);
  await seeReduced('withdrawn');
  assert.match((await owner.get(`/unge/${id}/samtykke`)).text, /Trukket tilbage/);

  // an expired consent naming the member does not count either
  const mid = memberId(id, 'Frede Fag');
  r = await addConsent(owner, id, { kind: ['andet'], member: [mid], given_on: dk(daysFromNow(-30)), expires_on: dk(daysFromNow(-1)) });
  assert.equal(r.status, 303);
  await seeReduced('expired');
  // one naming the member by name that is valid does
  r = await addConsent(owner, id, { kind: ['andet'], member: [mid], expires_on: dk(daysFromNow(10)) });
  assert.equal(r.status, 303);
  assert.match((await team.get(`/unge/${id}`)).text, /Hemmelig begrundelse/);
  // the coordinator's list flags the consent that expires within 30 days
  const mine = await owner.get('/mine-unge');
  assert.match(mine.text, new RegExp(`Bjørk Samtykkesen</a>.*?Udløber inden for 30 dage`, 's'));
  // a team member of one young person gets 404 for another, logged
  const stranger = await newPerson(owner, 'Fremmed Ung');
  const from = lastAuditId();
  assert.equal((await team.get(`/unge/${stranger}`)).status, 404);
  assert.deepEqual(audit(`id > ${from} AND username = 'team'`), [`view|${stranger}|refused`]);
});

test('adding members: bad input answers 422 with messages and writes nothing', async () => {
  const owner = await loggedIn('coordinator');
  const id = await newPerson(owner, 'Carl Fejlsen');
  const before = count('team_member');
  const cases = [
    [{ name: '' }, 'name', /Feltet skal udfyldes/],
    [{ actor: 'findes_ikke' }, 'actor', /Vælg en af mulighederne/],
    [{ actor: '<script>' }, 'actor', /Ugyldig værdi/],
    [{ from_date: dk(daysFromNow(-1)) }, 'from_date', /ikke ligge før henvisningen/],
    [{ from_date: '31.02.2026' }, 'from_date', /gyldig dato/],
    [{ user_id: userId('leader') }, 'user_id', /Vælg en af mulighederne/],
    [{ user_id: '999999' }, 'user_id', /Vælg en af mulighederne/],
  ];
  for (const [form, field, msg] of cases) {
    const r = await addMember(owner, id, { name: 'Kept Input', ...form });
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.match(r.text, msg, JSON.stringify(form));
    assert.match(r.text, new RegExp(`id="${field}-error"`), JSON.stringify(form));
    if (form.name === undefined) assert.match(r.text, /value="Kept Input"/);
    assert.equal(tidyErrors(r.text), '');
  }
  assert.equal(count('team_member'), before);
  // the same user twice
  assert.equal((await addMember(owner, id, { user_id: userId('team2') })).status, 303);
  const twice = await addMember(owner, id, { user_id: userId('team2') });
  assert.equal(twice.status, 422);
  assert.match(twice.text, /allerede med i teamet/);
  assert.equal(count('team_member'), before + 1);
  // without the CSRF token: refused
  const r = await owner.post(`/unge/${id}/team`, { actor: 'uu', name: 'X', from_date: dk(today()) });
  assert.equal(r.status, 403);
  assert.equal(count('team_member'), before + 1);
  // another coordinator cannot add to this team
  const other = await loggedIn('coordinator2');
  const csrf = await other.csrf();
  assert.equal((await other.post(`/unge/${id}/team`, { csrf, actor: 'uu', name: 'X', from_date: dk(today()) })).status, 404);
  assert.equal(count('team_member'), before + 1);
});

test('ending a membership: dates checked, and access ends at once', async () => {
  const owner = await loggedIn('coordinator');
  const id = await newPerson(owner, 'Dagmar Afslutsen');
  assert.equal((await addMember(owner, id, { user_id: userId('team2'), name: 'Tove To' })).status, 303);
  assert.equal((await addConsent(owner, id, { kind: ['bolig'], actor: ['uu'] })).status, 303);
  const t2 = await loggedIn('team2');
  assert.match((await t2.get(`/unge/${id}`)).text, /Hemmelig begrundelse/);
  const mid = memberId(id, 'Tove To');
  const page = await owner.get(`/unge/${id}/team/${mid}/afslut`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  const csrf = owner.csrfFrom(page.text);
  for (const [to, msg] of [[dk(daysFromNow(-1)), /ikke ligge før medlemskabets start/], [dk(daysFromNow(2)), /ikke ligge i fremtiden/], ['', /skal udfyldes/]]) {
    const r = await owner.post(`/unge/${id}/team/${mid}/afslut`, { csrf, to_date: to });
    assert.equal(r.status, 422, to);
    assert.match(r.text, msg);
    assert.equal(tidyErrors(r.text), '');
  }
  assert.equal(q1(`SELECT COALESCE(to_date, 'open') FROM team_member WHERE id = ${mid}`), 'open');
  const r = await owner.post(`/unge/${id}/team/${mid}/afslut`, { csrf, to_date: dk(today()) });
  assert.equal(r.status, 303);
  assert.equal(q1(`SELECT to_date FROM team_member WHERE id = ${mid}`), today());
  assert.equal((await t2.get(`/unge/${id}`)).status, 404);
  assert.doesNotMatch((await t2.get('/mine-unge')).text, /Dagmar Afslutsen/);
  assert.ok(audit(`person_id = ${id} AND username = 'team2' AND result = 'refused'`).length >= 1);
  // a member of another young person's course is not found here
  const other = await newPerson(owner, 'Elias Andensen');
  assert.equal((await owner.get(`/unge/${other}/team/${mid}/afslut`)).status, 404);
  // ending twice is refused
  const again = await owner.post(`/unge/${id}/team/${mid}/afslut`, { csrf, to_date: dk(today()) });
  assert.equal(again.status, 422);
  assert.match(again.text, /allerede afsluttet/);
});

test('consent: bad input answers 422 with messages and writes nothing', async () => {
  const owner = await loggedIn('coordinator');
  const id = await newPerson(owner, 'Frida Formsen');
  const before = count('consent');
  const cases = [
    [{ kind: [], actor: ['uu'] }, /id="kind-error"/],
    [{ kind: ['bolig'], actor: [] }, /Vælg mindst én aktør eller ét teammedlem/],
    [{ kind: ['bolig'], actor: ['findes_ikke'] }, /id="actor-error"/],
    [{ kind: ['bolig'], actor: ['uu'], expires_on: dk(daysFromNow(-3)) }, /Udløbsdatoen skal ligge efter/],
    [{ kind: ['bolig'], actor: ['uu'], given_on: dk(daysFromNow(3)) }, /ikke ligge i fremtiden/],
    [{ kind: ['bolig'], actor: ['uu'], purpose: '' }, /id="purpose-error"/],
    [{ kind: ['bolig'], actor: ['uu'], how: 'maybe' }, /id="how-error"/],
  ];
  for (const [form, msg] of cases) {
    const r = await addConsent(owner, id, form);
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.match(r.text, msg, JSON.stringify(form));
    assert.equal(tidyErrors(r.text), '');
  }
  assert.equal(count('consent'), before);
  assert.equal(count('consent_kind', `consent_id NOT IN (SELECT id FROM consent)`), 0);
  // the page shows the status
  const p = await owner.get(`/unge/${id}`);
  assert.match(p.text, /id="consent-status">Intet samtykke/);
  assert.match((await owner.get('/mine-unge')).text, new RegExp('Frida Formsen</a>.*?Intet samtykke', 's'));
  assert.equal((await addConsent(owner, id, { kind: ['bolig', 'oekonomi'], actor: ['uu', 'ydelse'] })).status, 303);
  assert.match((await owner.get(`/unge/${id}`)).text, /id="consent-status">Gyldigt/);
  const cp = await owner.get(`/unge/${id}/samtykke`);
  assert.match(cp.text, /Økonomi og ydelser/);
  assert.match(cp.text, /Underskrevet, scanning ligger i sagen/);
  assert.equal(tidyErrors(cp.text), '');
});

test('the actor catalog: rename, add and deactivate; keys stay and old records keep their label', async () => {
  const owner = await loggedIn('coordinator');
  const id = await newPerson(owner, 'Gustav Aktørsen');
  assert.equal((await addMember(owner, id, { actor: 'gadeplan', name: 'Gitte Gade' })).status, 303);
  const pl = await loggedIn('project_leader');
  const list = await pl.get('/aktoerer');
  assert.equal(list.status, 200);
  assert.equal(tidyErrors(list.text), '');
  assert.match(list.text, /Gadeplansmedarbejder/);
  const aid = q1(`SELECT a.id FROM actor a JOIN users u ON u.municipality_id = a.municipality_id WHERE u.username = 'project_leader' AND a.key = 'gadeplan'`);
  const edit = await pl.get(`/aktoerer/${aid}`);
  assert.equal(edit.status, 200);
  assert.equal(tidyErrors(edit.text), '');
  const csrf = pl.csrfFrom(edit.text);
  // bad input
  let r = await pl.post(`/aktoerer/${aid}`, { csrf, label: '', active: '1' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="label-error"/);
  r = await pl.post(`/aktoerer/${aid}`, { csrf, label: 'Misbrugsbehandling', active: '1' });
  assert.equal(r.status, 422);
  assert.match(r.text, /allerede en aktør med det navn/);
  // rename and deactivate
  r = await pl.post(`/aktoerer/${aid}`, { csrf, label: 'Opsøgende team', active: '0' });
  assert.equal(r.status, 303);
  assert.equal(q1(`SELECT key FROM actor WHERE id = ${aid}`), 'gadeplan');
  const team = await owner.get(`/unge/${id}/team`);
  assert.match(team.text, /<td>Opsøgende team<\/td>/, 'the old member shows the new label');
  assert.doesNotMatch(team.text, /<option value="gadeplan"/, 'a deactivated actor cannot be chosen');
  assert.equal((await addMember(owner, id, { actor: 'gadeplan' })).status, 422);
  // add an actor: it can be chosen at once
  r = await pl.post('/aktoerer', { csrf, label: 'Frivilligcentret' });
  assert.equal(r.status, 303);
  const key = q1(`SELECT key FROM actor WHERE label = 'Frivilligcentret'`);
  assert.match(key, /^x[0-9a-f]{10}$/);
  assert.match((await owner.get(`/unge/${id}/team`)).text, new RegExp(`<option value="${key}">Frivilligcentret</option>`));
  assert.equal((await addMember(owner, id, { actor: key, name: 'Frida Frivillig' })).status, 303);
  r = await pl.post('/aktoerer', { csrf, label: 'Frivilligcentret' });
  assert.equal(r.status, 422);
  assert.match(r.text, /allerede en aktør med det navn/);
  // the administrator may edit the catalog; a coordinator may not
  const admin = await loggedIn('admin2');
  assert.equal((await admin.get('/aktoerer')).status, 200);
  assert.equal((await owner.get('/aktoerer')).status, 403);
  assert.equal((await owner.get(`/aktoerer/${aid}`)).status, 403);
  // another municipality's actor id is not found
  assert.equal((await pl.get('/aktoerer/999999')).status, 404);
});
