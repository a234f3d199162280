// Resultater (outcome.c) against the real server: a cohort of 20 courses
// that ended in 2025 (15 in their own home, 4 homeless, 1 living with
// family; 10 with a better everyday rating, 5 got into education) seeded
// by SQL; the leader and the project leader see the figures, the
// coordinator and the support worker are refused, no login is sent to the
// login page; the CSV download (BOM, the figures), the XLSX download, the
// access log (every view and export, and the chain still verifies), a til
// before fra (422, a message at the field), a bad date (400) and a period
// with no data (a sentence, no error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors, hv } from '../lib/server.mjs';
import { seedOutcome } from '../lib/outcome-seed.mjs';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let srv;
const q = (sql) => sqlite(srv.db, sql).trim();
before(async () => {
  srv = await startServer();
  seedOutcome(srv.db);
});
after(async () => { await srv.stop(); srv.cleanup(); });

async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

const PERIOD = '/resultater?fra=01.01.2025&til=31.12.2025';

test('the leader sees the figures of the period, next to the evaluation, and no young person', async () => {
  const c = await loggedIn('leader');
  const r = await c.get(PERIOD);
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /<h1>Resultater<\/h1>/);
  assert.match(r.text, /Perioden: 01\.01\.2025–31\.12\.2025/);
  // housing at the end: 15 of 20 in housing, 4 homeless, next to 73 % and 20 %
  assert.match(r.text, /<th scope="row">I bolig<\/th><td class="hv-num">75 % \(15 af 20\)<\/td><td>73 %<\/td>/);
  assert.match(r.text, /<th scope="row">Hjemløs<\/th><td class="hv-num">20 % \(4 af 20\)<\/td><td>20 %<\/td>/);
  assert.match(r.text, /<th scope="row">Hele kommunen<\/th><td class="hv-num">20<\/td><td class="hv-num">75 % \(15 af 20\)<\/td><td class="hv-num">20 % \(4 af 20\)<\/td><td class="hv-num">5 % \(1 af 20\)<\/td><td class="hv-num">0 % \(0 af 20\)<\/td><td class="hv-num">0<\/td>/);
  // improvement: 10 of 20 in everyday coping (coordinator), no dialog data
  assert.match(r.text, /<th scope="row">Hverdagsmestring<\/th><td class="hv-num">50 % \(10 af 20\)<\/td><td class="hv-num">0<\/td><td><\/td><td class="hv-num">20<\/td><td>34 %<\/td>/);
  // education: 5 of 20 got into it
  assert.match(r.text, /<th scope="row">Hele kommunen<\/th><td class="hv-num">20<\/td><td class="hv-num">25 % \(5 af 20\)<\/td><td class="hv-num">5<\/td><td class="hv-num">0<\/td><td class="hv-num">0<\/td><td>29 %<\/td>/);
  // split by combination and target group
  assert.match(r.text, /<th scope="row">Samarbejdsmodellen \+ CTI<\/th><td class="hv-num">10<\/td><td class="hv-num">100 % \(10 af 10\)<\/td>/);
  assert.match(r.text, /<th scope="row">Unge i hjemløshed<\/th>/);
  // aggregates only
  assert.doesNotMatch(r.text, /Skjult Ungnavn|15019000/);
  assert.doesNotMatch(r.text, /\/unge\/\d/);
  assert.match(r.text, /href="\/resultater\?fra=2025-01-01&amp;til=2025-12-31&amp;format=csv"/);
});

test('the project leader may see it; the coordinator and the support worker are refused; no login goes to the login page', async () => {
  const p = await loggedIn('project_leader');
  assert.equal((await p.get(PERIOD)).status, 200);
  for (const u of ['coordinator', 'support']) {
    const c = await loggedIn(u);
    const r = await c.get(PERIOD);
    assert.equal(r.status, 403, u);
    assert.doesNotMatch(r.text, /I bolig/);
  }
  const anon = new Client(srv.url);
  const r = await anon.get('/resultater');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login\?next=%2Fresultater/);
});

test('the default period is the last four finished quarters', async () => {
  const c = await loggedIn('leader');
  const r = await c.get('/resultater');
  assert.equal(r.status, 200);
  const now = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  const y = Number(now.slice(0, 4)), m = Number(now.slice(5, 7));
  const qStart = Math.floor((m - 1) / 3) * 3 + 1;
  const from = `01.${String(qStart).padStart(2, '0')}.${y - 1}`;
  assert.match(r.text, new RegExp(`id="fra" name="fra" type="text" value="${from.replace(/\./g, '\\.')}"`));
  assert.match(r.text, new RegExp(`Perioden: ${from.replace(/\./g, '\\.')}–`));
});

test('the CSV download has the BOM and the figures; the view and the export are in the access log', async () => {
  const c = await loggedIn('leader');
  const before = Number(q("SELECT COUNT(*) FROM audit_log WHERE username = 'leader' AND action = 'outcome_view'"));
  await c.get(PERIOD);
  const r = await c.get('/resultater?fra=2025-01-01&til=2025-12-31&format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="resultater-\d{4}-\d{2}-\d{2}\.csv"/);
  const res = await fetch(srv.url + '/resultater?fra=2025-01-01&til=2025-12-31&format=csv', { headers: { cookie: c.cookieHeader() } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  assert.match(r.text, /\r\nI bolig,0\.7500,73 %\r\n/);
  assert.match(r.text, /\r\nHjemløs,0\.2000,20 %\r\n/);
  assert.match(r.text, /\r\nHverdagsmestring,0\.5000,0,,20,34 %\r\n/);
  assert.match(r.text, /\r\nHele kommunen,20,0\.2500,5,0,0,29 %\r\n/);
  assert.doesNotMatch(r.text, /Skjult Ungnavn|15019000/);
  assert.equal(Number(q("SELECT COUNT(*) FROM audit_log WHERE username = 'leader' AND action = 'outcome_view'"
    + " AND person_id = 0 AND route = 'outcome' AND result = 'ok'")), before + 1);
  assert.ok(Number(q("SELECT COUNT(*) FROM audit_log WHERE username = 'leader' AND action = 'export_csv' AND route = 'outcome'")) >= 2);
  assert.equal(hv(['audit', 'verify', '--db', srv.db]).code, 0);
});

test('the XLSX download opens in an independent reader with numbers, shares and text of the right types', async () => {
  const c = await loggedIn('leader');
  const r = await c.get('/resultater?fra=2025-01-01&til=2025-12-31&format=xlsx');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(r.headers.get('content-disposition'), /filename="resultater-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const res = await fetch(srv.url + '/resultater?fra=2025-01-01&til=2025-12-31&format=xlsx', { headers: { cookie: c.cookieHeader() } });
  const file = join(srv.dir, 'resultater.xlsx');
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  // openpyxl (Debian python3-openpyxl) reads it: every cell with its type and number format
  const dump = spawnSync('python3', ['tests/unit/xlsx_check.py', '--dump', file], { encoding: 'utf8' });
  assert.equal(dump.status, 0, dump.stderr);
  const { sheets, cells } = JSON.parse(dump.stdout);
  assert.ok(sheets.length >= 3, `one sheet per table: ${sheets}`);
  const right = (cell) => {
    const m = cell.cell.match(/^([A-Z])(\d+)$/);
    return cells.find((x) => x.sheet === cell.sheet && x.cell === String.fromCharCode(m[1].charCodeAt(0) + 1) + m[2]);
  };
  const housed = cells.find((x) => x.value === 'I bolig');
  assert.ok(housed, 'the housing table has a row "I bolig"');
  const share = right(housed);
  assert.equal(share.python, 'float');
  assert.equal(share.value, 0.75, '15 of 20 in housing, stored as a number');
  assert.equal(share.format, '0%');
  const homeless = right(cells.find((x) => x.sheet === housed.sheet && x.value === 'Hjemløs'));
  assert.equal(homeless.value, 0.2);
  const whole = cells.find((x) => x.value === 'Hele kommunen' && right(x)?.python === 'int');
  assert.ok(whole, 'a count is stored as a whole number');
  assert.equal(right(whole).format, '#,##0');
  assert.ok(cells.some((x) => x.bold && x.python === 'str'), 'the headings are bold');
  assert.ok(!cells.some((x) => typeof x.value === 'string' && /Skjult Ungnavn|15019000/.test(x.value)), 'no name, no CPR');
  // the same check through the checker's expectations, and a wrong one fails
  const expect = (value) => JSON.stringify([{ sheet: share.sheet, cell: share.cell, type: 'float', value, format: '0%' }]);
  assert.equal(spawnSync('python3', ['tests/unit/xlsx_check.py', file, '-'], { input: expect(0.75), encoding: 'utf8' }).status, 0);
  assert.equal(spawnSync('python3', ['tests/unit/xlsx_check.py', file, '-'], { input: expect(0.73), encoding: 'utf8' }).status, 1);
  assert.ok(Number(q("SELECT COUNT(*) FROM audit_log WHERE username = 'leader' AND action = 'export_xlsx' AND route = 'outcome'")) >= 2);
});

test('til before fra is refused with a message at the field; a bad date is a bad request', async () => {
  const c = await loggedIn('leader');
  const r = await c.get('/resultater?fra=01.07.2025&til=30.06.2025');
  assert.equal(r.status, 422);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /id="til-error"><span class="sr-only">Fejl: <\/span>Til-datoen skal være samme dag som fra-datoen eller senere\.<\/span>/);
  assert.match(r.text, /aria-invalid="true"/);
  assert.match(r.text, /value="30\.06\.2025"/);
  assert.doesNotMatch(r.text, /I bolig/);
  // no export of a refused period either
  const x = await c.get('/resultater?fra=2025-07-01&til=2025-06-30&format=csv');
  assert.equal(x.status, 422);
  assert.match(x.headers.get('content-type'), /text\/html/);
  assert.equal((await c.get('/resultater?fra=31.02.2025')).status, 400);
});

test('a period with no data explains it, no error', async () => {
  const c = await loggedIn('leader');
  const r = await c.get('/resultater?fra=01.01.2010&til=31.12.2010');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /Ingen forløb blev afsluttet i perioden/);
  assert.match(r.text, /Ingen unge var i samarbejdsmodellen i perioden/);
  assert.doesNotMatch(r.text, /NaN|Infinity/);
  const csv = await c.get('/resultater?fra=2010-01-01&til=2010-12-31&format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.text, /\r\nI bolig,,73 %\r\n/);
});

// Reports are drawn on a report thread of their own (http.c, R_REPORT in
// routes.c): many at once, with other pages in between, all arrive whole,
// each with its row in the access log, and the other pages are not held up.
test('reports asked for at once are all answered, with pages in between and every row logged', async () => {
  const leader = await loggedIn('leader');
  const pl = await loggedIn('project_leader');
  const before = Number(q("SELECT COUNT(*) FROM audit_log WHERE action IN ('outcome_view', 'view', 'export_csv')"));
  const reports = [];
  for (let i = 0; i < 4; i++) {
    reports.push(leader.get(PERIOD), leader.get('/omkostninger?fra=01.01.2025&til=31.12.2025'),
      pl.get('/eksport/pseudonym?fra=01.01.2025&til=31.12.2025&format=csv'));
  }
  const pages = Array.from({ length: 8 }, () => leader.get('/indstillinger'));
  const done = await Promise.all([...reports, ...pages]);
  for (const r of done) assert.equal(r.status, 200);
  for (let i = 0; i < 4; i++) {
    assert.match(done[3 * i].text, /<h1>Resultater<\/h1>/);
    assert.match(done[3 * i + 1].text, /<h1>Omkostninger<\/h1>/);
    assert.match(done[3 * i + 2].text, /^Forløb\r\npseudonym,forloeb_nr,/); // the CSV
  }
  const after = Number(q("SELECT COUNT(*) FROM audit_log WHERE action IN ('outcome_view', 'view', 'export_csv')"));
  assert.ok(after - before >= 12, `${after - before} rows for 12 reports`);
  assert.equal(hv(['audit', 'verify', '--db', srv.db]).code, 0);
});
