// The half-yearly project report (report.c) against the real server:
// the project leader submits one for the last half year (the key figures
// frozen as computed then), every refusal (no answer, a too long answer, a
// second report for the same half, a future half, a date that is not a
// half's first day: 422 with nothing written), amending the answers (the
// history kept, 409 on a concurrent edit), the figures staying as
// submitted after new data, access (coordinator 403, the leader may read)
// and CSRF; /dokumentation shows the project leader the completeness of
// the municipality and the open report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const q = (sql) => sqlite(srv.db, sql).trim();
const count = (table, where = '1') => Number(q(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const dk = (iso) => iso.split('-').reverse().join('.');
// the first day of the half year of an ISO date, and of the one before and after
const halfOf = (iso) => `${iso.slice(0, 4)}-${Number(iso.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
const prevHalf = (from) => (from.slice(5, 7) === '07' ? `${from.slice(0, 4)}-01-01` : `${Number(from.slice(0, 4)) - 1}-07-01`);
const nextHalf = (from) => (from.slice(5, 7) === '01' ? `${from.slice(0, 4)}-07-01` : `${Number(from.slice(0, 4)) + 1}-01-01`);
const addDays = (iso, n) => new Date(Date.parse(iso + 'T12:00:00Z') + n * 86400000).toISOString().slice(0, 10);

const last = prevHalf(halfOf(today()));      // the last finished half: due and late by now
const lastLabel = `${last.slice(5, 7) === '01' ? '1' : '2'}. halvår ${last.slice(0, 4)}`;
const snapshot = () => `${count('project_report')}/${count('project_report_figure')}/${count('project_report_answer')}/${count('change_log', "entity = 'project_report'")}/${q('SELECT COALESCE(SUM(version), 0) FROM project_report')}`;

async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

let cprSeq = 4100;
async function referral(c, referredOn) {
  cprSeq++;
  const csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `050607-${cprSeq}`, name: `Ung ${cprSeq}`, referred_on: dk(referredOn), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303, r.text);
}

// the value shown for a key figure's row
const figure = (html, label) => {
  const m = html.match(new RegExp(`<th scope="row" data-title="Nøgletal">${label}</th><td data-title="Antal">(\\d+)</td>`));
  assert.ok(m, `the row ${label}`);
  return Number(m[1]);
};

const answers = (over = {}) => ({
  a_model: 'Netværksmøderne fungerer godt.', a_cti: '', a_icm: '', a_plan: 'Styregruppen har mødtes.',
  a_challenges: '', a_other: '', ...over,
});

async function submit(c, from, form) {
  const page = await c.get(`/projektindberetning/ny?fra=${from}`);
  const csrf = c.csrfFrom(page.text) || await c.csrf();
  return c.post(`/projektindberetning/ny?fra=${from}`, { csrf, ...form });
}

let rid = 0;

test('the project leader sees the open report on /dokumentation and the completeness of the municipality', async () => {
  const c = await loggedIn('project_leader');
  await referral(c, addDays(last, 10));
  await referral(c, addDays(last, 40));
  const page = await c.get('/dokumentation');
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, new RegExp(`Projektindberetning: ${lastLabel}`));
  assert.match(page.text, new RegExp(`href="/projektindberetning/ny\\?fra=${last}"`));
  assert.match(page.text, /<h2 id="fuldstaendighed">Fuldstændighed for kommunen<\/h2>/);
  assert.match(page.text, /<caption>De tre redskaber pr. kvartal<\/caption>/);
  assert.match(page.text, /Individindberetning og Samarbejdsmodel/);
  assert.match(page.text, /<caption>Tidsregistrering og fidelitetsmåling pr. kvartal<\/caption>/);
  assert.match(page.text, /href="\/fidelitet"/);
  // the list of reports shows the due one first
  const list = await c.get('/projektindberetning');
  assert.equal(list.status, 200);
  assert.equal(tidyErrors(list.text), '');
  assert.match(list.text, /<caption>Skal indsendes<\/caption>/);
  assert.match(list.text, new RegExp(`href="/projektindberetning/ny\\?fra=${last}"`));
  assert.ok(count('audit_log', "action = 'report_list' AND result = 'ok' AND person_id = 0") >= 1);
  // the coordinator has no project report and no completeness table
  const k = await loggedIn('coordinator');
  const theirs = await k.get('/dokumentation');
  assert.equal(theirs.status, 200);
  assert.doesNotMatch(theirs.text, /Fuldstændighed for kommunen|Projektindberetning:/);
});

test('refusals: no answer, a too long answer, a future half, not a half\'s first day; nothing written', async () => {
  const c = await loggedIn('project_leader');
  const before = snapshot();
  let r = await submit(c, last, answers({ a_model: '', a_plan: '' }));
  assert.equal(r.status, 422);
  assert.match(r.text, /Skriv mindst ét af svarene/);
  assert.match(r.text, /id="a_model-error"/);
  assert.equal(tidyErrors(r.text), '');
  assert.equal(snapshot(), before, 'no answer: nothing written');

  r = await submit(c, last, answers({ a_cti: 'x'.repeat(4001), a_other: 'Behold mig' }));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="a_cti-error"/);
  assert.match(r.text, /Teksten er for lang/);
  assert.match(r.text, />Behold mig<\/textarea>/, 'the input is kept');
  assert.equal(tidyErrors(r.text), '');
  assert.equal(snapshot(), before, 'too long: nothing written');

  const future = nextHalf(halfOf(today()));
  r = await c.get(`/projektindberetning/ny?fra=${future}`);
  assert.equal(r.status, 422);
  assert.match(r.text, /Halvåret er ikke begyndt endnu/);
  const csrf = await c.csrf();
  r = await c.post(`/projektindberetning/ny?fra=${future}`, { csrf, ...answers() });
  assert.equal(r.status, 422);
  r = await c.post(`/projektindberetning/ny?fra=${addDays(last, 1)}`, { csrf, ...answers() });
  assert.equal(r.status, 422);
  assert.match(r.text, /første dag i et halvår/);
  assert.equal(snapshot(), before, 'wrong halves: nothing written');
  assert.ok(count('audit_log', "action = 'report_submit' AND result = 'invalid'") >= 4);
});

test('CSRF and roles: a coordinator gets 403, the leader may read but not write', async () => {
  const c = await loggedIn('project_leader');
  const before = snapshot();
  let r = await c.post(`/projektindberetning/ny?fra=${last}`, answers());
  assert.equal(r.status, 403, 'no CSRF token');
  r = await c.post(`/projektindberetning/ny?fra=${last}`, { csrf: '0'.repeat(64), ...answers() });
  assert.equal(r.status, 403, 'a wrong CSRF token');
  const k = await loggedIn('coordinator');
  assert.equal((await k.get('/projektindberetning')).status, 403);
  assert.equal((await k.get(`/projektindberetning/ny?fra=${last}`)).status, 403);
  r = await k.post(`/projektindberetning/ny?fra=${last}`, { csrf: await k.csrf(), ...answers() });
  assert.equal(r.status, 403);
  const l = await loggedIn('leader');
  const list = await l.get('/projektindberetning');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /projektindberetning\/ny/, 'the leader gets no link to fill in');
  assert.equal((await l.get(`/projektindberetning/ny?fra=${last}`)).status, 403);
  assert.equal(snapshot(), before);
});

test('submitting freezes the figures; a second report for the half is refused', async () => {
  const c = await loggedIn('project_leader');
  const preview = await c.get(`/projektindberetning/ny?fra=${last}`);
  assert.equal(preview.status, 200);
  assert.equal(tidyErrors(preview.text), '');
  const referred = figure(preview.text, 'Henviste unge');
  assert.equal(referred, 2);
  let r = await submit(c, last, answers());
  assert.equal(r.status, 303, r.text);
  assert.match(r.location, /^\/projektindberetning\/\d+$/);
  rid = Number(r.location.split('/').pop());
  assert.equal(Number(q(`SELECT value FROM project_report_figure WHERE report_id = ${rid} AND key = 'referred'`)), 2);
  assert.ok(count('project_report_figure', `report_id = ${rid}`) >= 50);
  assert.equal(count('project_report_answer', `report_id = ${rid}`), 2, 'only the answers written');
  assert.equal(count('audit_log', "action = 'report_submit' AND result = 'ok' AND person_id = 0"), 1);

  let page = await c.get(`/projektindberetning/${rid}`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, new RegExp(`Projektindberetning for ${lastLabel}`));
  assert.match(page.text, /Indsendt<\/strong> \d\d\.\d\d\.\d{4} \d\d:\d\d af Test project_leader/);
  assert.match(page.text, /Netværksmøderne fungerer godt\./);
  assert.equal(figure(page.text, 'Henviste unge'), 2);

  // new data for the half: the stored report keeps its figures, a new preview counts it
  await referral(c, addDays(last, 50));
  page = await c.get(`/projektindberetning/${rid}`);
  assert.equal(figure(page.text, 'Henviste unge'), 2, 'frozen as submitted');
  const again = await c.get(`/projektindberetning/ny?fra=${last}`);
  assert.equal(figure(again.text, 'Henviste unge'), 3, 'computed now');
  assert.match(again.text, /Ret den indsendte i stedet/);
  assert.match(again.text, new RegExp(`href="/projektindberetning/${rid}/ret"`));
  assert.doesNotMatch(again.text, /name="a_model"/, 'no second form');

  // a second submission is refused with a link to amend
  const before = snapshot();
  const csrf = await c.csrf();
  r = await c.post(`/projektindberetning/ny?fra=${last}`, { csrf, ...answers({ a_other: 'Igen' }) });
  assert.equal(r.status, 422);
  assert.match(r.text, /Ret den indsendte i stedet/);
  assert.match(r.text, new RegExp(`href="/projektindberetning/${rid}/ret"`));
  assert.equal(tidyErrors(r.text), '');
  assert.equal(snapshot(), before, 'nothing written');

  // the list shows it submitted, the leader may read it, the todo is gone
  const list = await c.get('/projektindberetning');
  assert.equal(tidyErrors(list.text), '');
  assert.match(list.text, new RegExp(`href="/projektindberetning/${rid}"`));
  const l = await loggedIn('leader');
  assert.equal((await l.get(`/projektindberetning/${rid}`)).status, 200);
  assert.equal((await l.get(`/projektindberetning/${rid}/ret`)).status, 403);
  const docs = await c.get('/dokumentation');
  assert.doesNotMatch(docs.text, new RegExp(`Projektindberetning: ${lastLabel}`));
  // an id that does not exist: 404, logged
  assert.equal((await c.get(`/projektindberetning/${rid + 100}`)).status, 404);
  assert.ok(count('audit_log', "action = 'report_view' AND result = 'not_found'") >= 1);
});

test('amending the answers keeps the history; a concurrent edit gets 409', async () => {
  assert.ok(rid, 'submitted in the test before');
  const c = await loggedIn('project_leader');
  const form = await c.get(`/projektindberetning/${rid}/ret`);
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  assert.match(form.text, /name="version" value="1"/);
  assert.match(form.text, />Netværksmøderne fungerer godt\.<\/textarea>/, 'prefilled');
  const csrf = c.csrfFrom(form.text);

  // every answer emptied: 422, nothing written
  let before = snapshot();
  let r = await c.post(`/projektindberetning/${rid}/ret`, { csrf, version: '1', ...answers({ a_model: '', a_plan: '' }) });
  assert.equal(r.status, 422);
  assert.equal(snapshot(), before);

  r = await c.post(`/projektindberetning/${rid}/ret`, { csrf, version: '1', ...answers({ a_model: 'Møderne fungerer bedre nu.', a_cti: 'Ny CTI-medarbejder.' }) });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/projektindberetning/${rid}`);
  assert.equal(Number(q(`SELECT version FROM project_report WHERE id = ${rid}`)), 2);
  assert.equal(count('change_log', `entity = 'project_report' AND entity_id = ${rid}`), 2);
  assert.equal(q(`SELECT old_value FROM change_log WHERE entity = 'project_report' AND field = 'a_model'`), 'Netværksmøderne fungerer godt.');
  assert.equal(count('audit_log', "action = 'report_change' AND result = 'ok'"), 1);
  const page = await c.get(`/projektindberetning/${rid}`);
  assert.match(page.text, /<h2>Historik<\/h2>/);
  assert.match(page.text, /Møderne fungerer bedre nu\./);
  assert.match(page.text, /Erfaringer med CTI/);
  assert.equal(tidyErrors(page.text), '');

  // saved from the old version: 409, theirs stays, ours is kept in the form
  before = snapshot();
  r = await c.post(`/projektindberetning/${rid}/ret`, { csrf, version: '1', ...answers({ a_model: 'Min gamle udgave' }) });
  assert.equal(r.status, 409);
  assert.match(r.text, /rettet af en anden/);
  assert.match(r.text, />Min gamle udgave<\/textarea>/);
  assert.match(r.text, /name="version" value="2"/);
  assert.equal(tidyErrors(r.text), '');
  assert.equal(snapshot(), before, 'nothing written');
  assert.equal(q(`SELECT answer FROM project_report_answer WHERE report_id = ${rid} AND question = 'a_model'`), 'Møderne fungerer bedre nu.');
});

test('an empty half year: the figures are zeros and the shares a dash', async () => {
  const c = await loggedIn('project_leader');
  // a half long before any data
  const r = await c.get('/projektindberetning/ny?fra=2010-01-01');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.equal(figure(r.text, 'Henviste unge'), 0);
  assert.equal(figure(r.text, 'I indsatsen i alt'), 0);
  assert.match(r.text, /mindst ét møde med den unge: –<\/p>/);
  assert.match(r.text, /i egen bolig: –<\/p>/);
  assert.match(r.text, /<td data-title="Andel til tiden">–<\/td>/);
  assert.doesNotMatch(r.text, /NaN|>inf</);
});
