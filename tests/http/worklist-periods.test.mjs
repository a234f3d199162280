// The project leader's worklist (/dokumentation, and the notice on "Alle
// unge") lists the fidelity measurements from the quarter of the
// municipality's first course or four quarters back, whichever is later,
// and the project reports from the half year of the first course, at most
// four halves back, none without a course (fidelity.c open_quarters,
// report.c report_todos).  Both find the first course with
// first_course_period (instrument.c), which stops its walk at the first
// course older than the periods they look at: here with no course, with
// first courses in the last quarters (the young person walked first is
// not the one with the first course), and with one five years old.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const MUNI = "(SELECT id FROM municipality WHERE name = 'Testkommune')";
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const [ty, tm] = today.split('-').map(Number);
// the first day of the period of `months` that starts k periods before today's
const periodBack = (months, k) => {
  const idx = ty * 12 + Math.floor((tm - 1) / months) * months - k * months;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
};
const addDays = (iso, n) => new Date(Date.parse(iso + 'T12:00:00Z') + n * 86400000).toISOString().slice(0, 10);

let cpr = 1507990000;
function course(openedOn) {
  cpr++;
  sqlite(srv.db, `INSERT INTO person(municipality_id, cpr, name, created_at)
    VALUES (${MUNI}, '${cpr}', 'Periode Ung ${cpr}', 'now');
    INSERT INTO course(person_id, opened_on, target_group) VALUES (last_insert_rowid(), '${openedOn}', 'homeless');`);
}

const fid = (html, from) => html.includes(`href="/fidelitet/ny?fra=${from}"`);
const rep = (html, from) => html.includes(`href="/projektindberetning/ny?fra=${from}"`);

test('the fidelity quarters and report halves start from the first course, or as far back as they go', async () => {
  const c = new Client(srv.url);
  assert.equal((await c.login('project_leader')).status, 303);
  const page = async () => {
    const r = await c.get('/dokumentation');
    assert.equal(r.status, 200);
    // the table of tasks only (the completeness overview below it links the last half too)
    const m = r.text.match(/<caption[^>]*>Dine opgaver<\/caption>[\s\S]*?<\/table>/);
    return m ? m[0] : '';
  };

  // no course: four quarters back, no project report
  let html = await page();
  assert.ok(fid(html, periodBack(3, 4)) && fid(html, periodBack(3, 1)), 'four quarters back without a course');
  assert.ok(!fid(html, periodBack(3, 5)));
  assert.ok(!html.includes('/projektindberetning/ny?fra='), 'no project report without a course');

  // the first course two quarters back; the young person walked first has a later one
  course(addDays(periodBack(3, 1), 5));
  course(addDays(periodBack(3, 2), 20));
  html = await page();
  assert.ok(fid(html, periodBack(3, 2)) && fid(html, periodBack(3, 1)), 'from the quarter of the first course');
  assert.ok(!fid(html, periodBack(3, 3)), 'not before the quarter of the first course');
  assert.ok(rep(html, periodBack(6, 1)), 'the half year of the first course');
  assert.ok(!rep(html, periodBack(6, 2)), 'not before the half year of the first course');

  // a course five years old: as far back as each list goes
  course(addDays(periodBack(6, 10), 3));
  html = await page();
  assert.ok(fid(html, periodBack(3, 4)) && fid(html, periodBack(3, 3)), 'four quarters back');
  assert.ok(!fid(html, periodBack(3, 5)));
  assert.ok(rep(html, periodBack(6, 1)) && rep(html, periodBack(6, 2)) && rep(html, periodBack(6, 3)),
    'the halves before');
  assert.ok(!rep(html, periodBack(6, 5)));
});
