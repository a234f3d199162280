// Redskab 3, goals and binding agreements: adding, validating, history,
// concurrent edits, follow-up, the worklist and access.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (offsetDays = 0) => {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
};
const dk = (s) => s.split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();

async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

let seq = 5000;
// A young person of the coordinator, referred 30 days ago; returns its id.
async function youngPerson(c, name = 'Mål Testesen') {
  const csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `020304-${seq++}`, name, referred_on: dk(iso(-30)), referrer_actor: 'uu',
    reason: 'Test', target_group: 'at_risk', risk: 'misbrug',
  });
  assert.equal(r.status, 303);
  return Number(r.location.split('/').pop());
}
const courseOf = (pid) => q(`SELECT id FROM course WHERE person_id = ${pid}`);

function formOf(html, action) {
  const i = html.indexOf(`action="${action}"`);
  assert.ok(i > 0, `form ${action} on the page`);
  const form = html.slice(i, html.indexOf('</form>', i));
  const val = (n) => (form.match(new RegExp(`name="${n}" value="([^"]*)"`)) || [])[1];
  return { csrf: val('csrf'), once: val('once'), version: val('version') };
}

async function addGoal(c, pid, text = 'Jeg vil have min egen lejlighed') {
  const page = await c.get(`/unge/${pid}/maal`);
  const { csrf } = formOf(page.text, `/unge/${pid}/maal`);
  const r = await c.post(`/unge/${pid}/maal`, { csrf, text, domain: 'housing', set_on: dk(iso()) });
  assert.equal(r.status, 303);
  return Number(r.location.split('/').pop());
}

async function addAgreement(c, pid, gid, form) {
  const page = await c.get(`/unge/${pid}/maal/${gid}`);
  const { csrf } = formOf(page.text, `/unge/${pid}/maal/${gid}/aftaler`);
  return c.post(`/unge/${pid}/maal/${gid}/aftaler`, { csrf, ...form });
}

test('a goal in the young person\'s words, with agreements, shown on the form and the page', async () => {
  const c = await loggedIn('coordinator');
  const pid = await youngPerson(c);
  const gid = await addGoal(c, pid);
  assert.equal(q(`SELECT domain || '|' || status || '|' || text FROM goal WHERE id = ${gid}`),
    'housing|active|Jeg vil have min egen lejlighed');
  const r = await addAgreement(c, pid, gid, { what: 'Skrive op til en ungdomsbolig', responsible: 'young_person', deadline: dk(iso(14)) });
  assert.equal(r.status, 303);
  const r2 = await addAgreement(c, pid, gid, { what: 'Tage med til boligforeningen', responsible: 'chosen_adult', responsible_name: 'Moster Inge', deadline: dk(iso(21)) });
  assert.equal(r2.status, 303);
  const form = await c.get(`/unge/${pid}/maal`);
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  assert.match(form.text, /Jeg vil have min egen lejlighed/);
  assert.match(form.text, /Skrive op til en ungdomsbolig/);
  assert.match(form.text, /Moster Inge/);
  assert.match(form.text, new RegExp(dk(iso(14)).replace(/\./g, '\\.')));
  const person = await c.get(`/unge/${pid}`);
  assert.match(person.text, /Aktive mål: 1\. Åbne aftaler: 2\./);
  const print = await c.get(`/unge/${pid}/maal/udskrift`);
  assert.equal(print.status, 200);
  assert.equal(tidyErrors(print.text), '');
  assert.match(print.text, /Mine mål og vores aftaler/);
  assert.match(print.text, /Tage med til boligforeningen/);
  assert.doesNotMatch(print.text, /name="text"/, 'no forms on the printable version');
  assert.ok(Number(q(`SELECT COUNT(*) FROM audit_log WHERE person_id = ${pid} AND action IN ('goal_add','agreement_add')`)) === 3);
});

test('bad goals and agreements: 422, a message at the field, input kept, nothing written', async () => {
  const c = await loggedIn('coordinator');
  const pid = await youngPerson(c);
  const page = await c.get(`/unge/${pid}/maal`);
  const { csrf } = formOf(page.text, `/unge/${pid}/maal`);
  for (const [form, field, msg] of [
    [{ text: '', domain: 'housing', set_on: dk(iso()) }, 'text', /Feltet skal udfyldes/],
    [{ text: 'Et mål', domain: 'nonsense', set_on: dk(iso()) }, 'domain', /.+/],
    [{ text: 'Et mål', domain: 'housing', set_on: dk(iso(-60)) }, 'set_on', /før den unges forløb begyndte/],
    [{ text: 'Et mål', domain: 'housing', set_on: dk(iso(5)) }, 'set_on', /.+/],
  ]) {
    const r = await c.post(`/unge/${pid}/maal`, { csrf, ...form });
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.match(r.text, new RegExp(`id="${field}-error"[^>]*>(.*?)</span>`));
    assert.match(r.text.match(new RegExp(`id="${field}-error"[^>]*>(.*?)</span>\\n`))[0], msg);
    if (form.text) assert.match(r.text, /Et mål/, 'the text typed is kept');
  }
  assert.equal(q(`SELECT COUNT(*) FROM goal WHERE course_id = ${courseOf(pid)}`), '0');

  const gid = await addGoal(c, pid);
  // a team member of another young person's course cannot be responsible
  const other = await youngPerson(c, 'Anden Ung');
  const foreign = q(`INSERT INTO team_member(course_id, actor, name, from_date, created_at) VALUES (${courseOf(other)}, 'uu', 'Fremmed Fagperson', '${iso(-10)}', 'x') RETURNING id`);
  const gone = q(`INSERT INTO team_member(course_id, actor, name, from_date, to_date, created_at) VALUES (${courseOf(pid)}, 'uu', 'Tidligere Fagperson', '${iso(-20)}', '${iso(-2)}', 'x') RETURNING id`);
  for (const [form, field, msg] of [
    [{ what: 'Noget', responsible: `team-${foreign}`, deadline: dk(iso(7)) }, 'responsible', /med i den unges team i dag/],
    [{ what: 'Noget', responsible: `team-${gone}`, deadline: dk(iso(7)) }, 'responsible', /med i den unges team i dag/],
    [{ what: 'Noget', responsible: 'nobody', deadline: dk(iso(7)) }, 'responsible', /team i dag/],
    [{ what: 'Noget', responsible: 'chosen_adult', responsible_name: '', deadline: dk(iso(7)) }, 'responsible_name', /navnet på den unges valgte voksne/],
    [{ what: 'Noget', responsible: 'young_person', deadline: dk(iso(-1)) }, 'deadline', /før i dag/],
    [{ what: '', responsible: 'young_person', deadline: dk(iso(7)) }, 'what', /Feltet skal udfyldes/],
    [{ what: 'Noget', responsible: 'young_person', deadline: '31.02.2027' }, 'deadline', /.+/],
  ]) {
    const r = await addAgreement(c, pid, gid, form);
    assert.equal(r.status, 422, JSON.stringify(form));
    const m = r.text.match(new RegExp(`id="${field}-error"[^>]*>(.*?)</span>\\n`));
    assert.ok(m, `message at ${field} for ${JSON.stringify(form)}`);
    assert.match(m[0], msg);
    assert.equal(tidyErrors(r.text), '');
  }
  assert.equal(q(`SELECT COUNT(*) FROM agreement WHERE goal_id = ${gid}`), '0', 'nothing written');
  // a current team member can be responsible
  const member = q(`INSERT INTO team_member(course_id, actor, name, from_date, created_at) VALUES (${courseOf(pid)}, 'misbrug', 'Rådgiver Rasmus', '${iso(-10)}', 'x') RETURNING id`);
  const ok = await addAgreement(c, pid, gid, { what: 'Tale om hash', responsible: `team-${member}`, deadline: dk(iso(7)) });
  assert.equal(ok.status, 303);
  assert.equal(q(`SELECT team_member_id FROM agreement WHERE goal_id = ${gid}`), member);
});

test('two people saving the same goal: the second is told, nothing is overwritten, history kept', async () => {
  const a = await loggedIn('coordinator');
  const b = await loggedIn('project_leader');
  const pid = await youngPerson(a);
  const gid = await addGoal(a, pid, 'Første ordlyd');
  const fa = formOf((await a.get(`/unge/${pid}/maal/${gid}`)).text, `/unge/${pid}/maal/${gid}`);
  const fb = formOf((await b.get(`/unge/${pid}/maal/${gid}`)).text, `/unge/${pid}/maal/${gid}`);
  assert.equal(fa.version, '1');
  let r = await a.post(`/unge/${pid}/maal/${gid}`, { ...fa, text: 'Koordinatorens ordlyd', domain: 'housing', status: 'active' });
  assert.equal(r.status, 303);
  r = await b.post(`/unge/${pid}/maal/${gid}`, { ...fb, text: 'Projektlederens ordlyd', domain: 'economy', status: 'active' });
  assert.equal(r.status, 409);
  assert.match(r.text, /ændret af en anden/);
  assert.match(r.text, /Projektlederens ordlyd/, 'what the second user typed is kept in the form');
  assert.equal(q(`SELECT text FROM goal WHERE id = ${gid}`), 'Koordinatorens ordlyd', 'not overwritten');
  assert.equal(tidyErrors(r.text), '');
  // saving again from the version now shown goes through
  const again = formOf(r.text, `/unge/${pid}/maal/${gid}`);
  assert.equal(again.version, '2');
  r = await b.post(`/unge/${pid}/maal/${gid}`, { ...again, text: 'Projektlederens ordlyd', domain: 'economy', status: 'reached' });
  assert.equal(r.status, 303);
  assert.equal(q(`SELECT text || '|' || domain || '|' || status FROM goal WHERE id = ${gid}`), 'Projektlederens ordlyd|economy|reached');
  const hist = q(`SELECT field || ':' || old_value || '>' || new_value FROM change_log WHERE entity = 'goal' AND entity_id = ${gid} ORDER BY id`).split('\n');
  assert.deepEqual(hist, ['created:>Første ordlyd', 'text:Første ordlyd>Koordinatorens ordlyd',
    'text:Koordinatorens ordlyd>Projektlederens ordlyd', 'domain:housing>economy', 'status:active>reached']);
  const page = await a.get(`/unge/${pid}/maal/${gid}`);
  assert.match(page.text, /Historik/);
  assert.match(page.text, /Test project_leader/);
});

test('follow-up of an agreement: status and note, history; the worklist shows what is due', async () => {
  const c = await loggedIn('coordinator');
  const pid = await youngPerson(c, 'Opfølgning Olsen');
  const gid = await addGoal(c, pid);
  assert.equal((await addAgreement(c, pid, gid, { what: 'Ringe til jobcentret', responsible: 'coordinator', deadline: dk(iso(3)) })).status, 303);
  const aid = q(`SELECT id FROM agreement WHERE goal_id = ${gid}`);
  // an overdue one (made earlier, deadline passed)
  q(`INSERT INTO agreement(goal_id, what, responsible, deadline, status, agreed_on, created_at) VALUES (${gid}, 'Søge boligstøtte', 'coordinator', '${iso(-2)}', 'agreed', '${iso(-20)}', 'x')`);
  const work = await c.get('/mine-aftaler');
  assert.equal(work.status, 200);
  assert.equal(tidyErrors(work.text), '');
  const rows = work.text.split('<tr>').slice(2);
  assert.match(rows[0], /Søge boligstøtte/, 'the earliest deadline first');
  assert.match(rows[0], /overskredet/);
  assert.match(rows[1], /Ringe til jobcentret/);
  assert.doesNotMatch(rows[1], /overskredet/);
  assert.match(work.text, /Opfølgning Olsen/);
  // "Mine unge" counts the overdue agreements
  const mine = await c.get('/mine-unge');
  const row = mine.text.split('<tr>').find((tr) => tr.includes('Opfølgning Olsen'));
  assert.match(row, /1 overskredne/);

  const page = await c.get(`/unge/${pid}/aftaler/${aid}`);
  const f = formOf(page.text, `/unge/${pid}/aftaler/${aid}/opfoelgning`);
  let r = await c.post(`/unge/${pid}/aftaler/${aid}/opfoelgning`, { ...f, fstatus: 'in_progress', note: '' });
  assert.equal(r.status, 422);
  r = await c.post(`/unge/${pid}/aftaler/${aid}/opfoelgning`, { ...f, fstatus: 'done', note: 'Har ringet, møde aftalt' });
  assert.equal(r.status, 303);
  assert.equal(q(`SELECT status FROM agreement WHERE id = ${aid}`), 'done');
  assert.equal(q(`SELECT note FROM agreement_followup WHERE agreement_id = ${aid}`), 'Har ringet, møde aftalt');
  const shown = await c.get(`/unge/${pid}/aftaler/${aid}`);
  assert.match(shown.text, /Har ringet, møde aftalt/);
  assert.doesNotMatch((await c.get('/mine-aftaler')).text, /Ringe til jobcentret/, 'done agreements leave the worklist');
  // a follow-up made from an old version is refused
  r = await c.post(`/unge/${pid}/aftaler/${aid}/opfoelgning`, { ...f, once: undefined, fstatus: 'not_done', note: 'Gammel side' });
  assert.equal(r.status, 409);
  assert.equal(q(`SELECT status FROM agreement WHERE id = ${aid}`), 'done');
  // an agreement deadline cannot be moved before the day it was made
  const e = formOf(shown.text, `/unge/${pid}/aftaler/${aid}`);
  r = await c.post(`/unge/${pid}/aftaler/${aid}`, { ...e, what: 'Ringe til jobcentret', responsible: 'coordinator', deadline: dk(iso(-40)) });
  assert.equal(r.status, 422);
  assert.match(r.text, /før den dag, aftalen blev indgået/);
});

test('goals of a young person the user may not see are refused and logged; ids of another course are 404', async () => {
  const c = await loggedIn('coordinator');
  const pid = await youngPerson(c, 'Fremmed Frida');
  const gid = await addGoal(c, pid);
  const other = await loggedIn('coordinator2');
  for (const path of [`/unge/${pid}/maal`, `/unge/${pid}/maal/${gid}`, `/unge/${pid}/maal/udskrift`]) {
    const r = await other.get(path);
    assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
    assert.doesNotMatch(r.text, /Jeg vil have min egen lejlighed/);
  }
  assert.ok(Number(q(`SELECT COUNT(*) FROM audit_log WHERE person_id = ${pid} AND username = 'coordinator2' AND result <> 'ok'`)) >= 3);
  // the goal id belongs to another young person: 404
  const own = await youngPerson(other, 'Egen Ung');
  const r = await other.get(`/unge/${own}/maal/${gid}`);
  assert.equal(r.status, 404);
  // the leader sees no goals at all
  const leader = await loggedIn('leader');
  assert.equal((await leader.get(`/unge/${pid}/maal`)).status, 403);
});

test('a team member follows up their agreement; without consent the worklist shows only that it exists', async () => {
  const c = await loggedIn('coordinator');
  const pid = await youngPerson(c, 'Team Tilde');
  const course = courseOf(pid);
  const teamUser = q(`SELECT id FROM users WHERE username = 'team'`);
  const member = q(`INSERT INTO team_member(course_id, actor, name, user_id, from_date, created_at) VALUES (${course}, 'uu', 'Test team', ${teamUser}, '${iso(-10)}', 'x') RETURNING id`);
  const gid = await addGoal(c, pid, 'Jeg vil i skole');
  assert.equal((await addAgreement(c, pid, gid, { what: 'Finde en skole sammen med UU', responsible: `team-${member}`, deadline: dk(iso(10)) })).status, 303);
  const aid = q(`SELECT id FROM agreement WHERE goal_id = ${gid}`);
  // a meeting ahead that the member is invited to
  const mid = q(`INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, created_at, updated_at) VALUES (${course}, '${iso(5)}', '10:00', '11:00', 'Jobcentret', 'uid-worklist-test', 'x', 'x') RETURNING id`);
  q(`INSERT INTO meeting_participant(meeting_id, team_member_id, name) VALUES (${mid}, ${member}, 'Test team')`);

  const t = await loggedIn('team');
  // no consent yet: the agreement exists, its text is not shown, and its page is refused
  let work = await t.get('/mine-aftaler');
  assert.equal(work.status, 200);
  assert.equal(tidyErrors(work.text), '');
  assert.match(work.text, /Team Tilde/);
  assert.doesNotMatch(work.text, /Finde en skole/);
  assert.match(work.text, /ikke et gyldigt samtykke/);
  assert.match(work.text, /Kommende netværksmøder/);
  assert.match(work.text, /Jobcentret/);
  assert.equal((await t.get(`/unge/${pid}/aftaler/${aid}`)).status, 403);
  // a consent covering the member's actor: the text shows and the member can follow up
  const consent = q(`INSERT INTO consent(course_id, purpose, given_on, how, expires_on, created_at) VALUES (${course}, 'Samarbejde om uddannelse', '${iso(-1)}', 'signed', '${iso(200)}', 'x') RETURNING id`);
  q(`INSERT INTO consent_actor(consent_id, actor) VALUES (${consent}, 'uu')`);
  work = await t.get('/mine-aftaler');
  assert.match(work.text, /Finde en skole sammen med UU/);
  const page = await t.get(`/unge/${pid}/aftaler/${aid}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Redigér aftalen/, 'a team member follows up, does not edit');
  const f = formOf(page.text, `/unge/${pid}/aftaler/${aid}/opfoelgning`);
  const r = await t.post(`/unge/${pid}/aftaler/${aid}/opfoelgning`, { ...f, fstatus: 'in_progress', note: 'Besøgt to skoler' });
  assert.equal(r.status, 303);
  assert.equal(q(`SELECT u.username FROM agreement_followup f JOIN users u ON u.id = f.created_by WHERE f.agreement_id = ${aid}`), 'team');
  // but editing the agreement or the goal is for the coordinator only
  const e = await t.post(`/unge/${pid}/aftaler/${aid}`, { ...f, what: 'Ændret', responsible: 'young_person', deadline: dk(iso(3)) });
  assert.equal(e.status, 403);
  assert.equal((await t.get(`/unge/${pid}/maal/${gid}`)).status, 403);
  // the coordinator sees the member's follow-up
  assert.match((await c.get(`/unge/${pid}/aftaler/${aid}`)).text, /Besøgt to skoler/);
  // another team member's agreement cannot be followed up by this member
  const other = q(`INSERT INTO agreement(goal_id, what, responsible, deadline, status, agreed_on, created_at) VALUES (${gid}, 'Den unges egen', 'young_person', '${iso(9)}', 'agreed', '${iso()}', 'x') RETURNING id`);
  const op = await t.get(`/unge/${pid}/aftaler/${other}`);
  assert.doesNotMatch(op.text, /Gem opfølgning/);
  const refused = await t.post(`/unge/${pid}/aftaler/${other}/opfoelgning`, { csrf: f.csrf, version: '1', fstatus: 'done', note: 'Ikke min' });
  assert.equal(refused.status, 403);
  assert.equal(q(`SELECT status FROM agreement WHERE id = ${other}`), 'agreed');
});
