// The leadership dashboard (/overblik, overview.c) and the pseudonymised
// export for evaluators (/eksport, pseudonym.c) against the real server:
// who may see them, an empty municipality explains itself, the CSV of the
// dashboard and of the export carry no name or CPR number of a young
// person, the export's pseudonyms are stable between two exports and its
// dates are months, the export without a format goes back to /eksport, a
// period out of order is refused, and every view and export is in the
// access log (whose chain still verifies).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors, hv } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (d = new Date()) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const dk = (s) => s.split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();

async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

const people = [];
let cprSeq = 5200;
async function referred(c, name, combination) {
  cprSeq++;
  const cpr = `030405-${cprSeq}`;
  let csrf = await c.csrf('/henvisning/ny');
  let r = await c.post('/henvisning', {
    csrf, cpr, name, referred_on: dk(iso()), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.split('/').pop());
  if (combination) {
    csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text);
    r = await c.post(`/unge/${id}/visitation`, { csrf, needs: 'Bolig.', combination, rationale: 'Vurderet.', on_date: dk(iso()) });
    assert.equal(r.status, 303, r.text);
  }
  people.push({ id, name, cpr, digits: cpr.replace('-', '') });
  return id;
}

function noPerson(text, what) {
  for (const p of people) {
    assert.ok(!text.includes(p.name), `${what}: the name ${p.name} is shown`);
    assert.ok(!text.includes(p.cpr) && !text.includes(p.digits), `${what}: a CPR number is shown`);
  }
}

// A download as bytes (fetch's text() drops the BOM): { status, bom, text, headers }.
async function download(c, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: c.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bom: bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])),
    text: bytes.subarray(3).toString('utf8') };
}

// The rows of a one-table CSV section: [[cells], ...] (no quoted commas in ours).
function section(csv, title) {
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
  const at = lines.findIndex((l) => l === title || l === `"${title}"`);
  assert.ok(at >= 0, `section ${title} in the CSV`);
  const rows = [];
  for (let i = at + 1; i < lines.length && lines[i] !== ''; i++) rows.push(lines[i].split(','));
  return rows;
}

test('roles: leader and project leader see the dashboard, only the project leader the export', async () => {
  const leader = await loggedIn('leader');
  let r = await leader.get('/overblik');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /<h1>Overblik<\/h1>/);
  assert.match(r.text, /Der er endnu ingen data i kommunen/);
  assert.doesNotMatch(r.text, /NaN|\binf\b/);
  for (const path of ['/eksport', '/eksport/pseudonym?format=csv'])
    assert.equal((await leader.get(path)).status, 403, path);
  const coord = await loggedIn('coordinator');
  assert.equal((await coord.get('/overblik')).status, 403);
  assert.equal((await coord.get('/eksport')).status, 403);
  const pl = await loggedIn('project_leader');
  assert.equal((await pl.get('/overblik')).status, 200);
  r = await pl.get('/eksport');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /<caption>Dataordbog<\/caption>/);
  assert.match(r.text, /pseudonym/);
  assert.match(r.text, /henvist_maaned/);
  r = await pl.get('/eksport/pseudonym');
  assert.equal(r.status, 303);
  assert.match(r.location, /\/eksport$/);
  r = await pl.get(`/eksport/pseudonym?fra=${iso()}&til=2000-01-01&format=csv`);
  assert.equal(r.status, 422);
  assert.match(r.text, /Fra-datoen skal ligge før til-datoen/);
  assert.equal(q("SELECT COUNT(*) FROM municipality WHERE export_key IS NOT NULL"), '0', 'no key made by a refused export');
});

test('the dashboard and the pseudonymised export show no young person, small groups suppressed', async () => {
  const coord = await loggedIn('coordinator');
  for (let i = 0; i < 6; i++) await referred(coord, `Dashbjørn Ungsen${i}`, i < 2 ? 'model_icm' : '');
  const leader = await loggedIn('leader');
  let r = await leader.get('/overblik');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  noPerson(r.text, 'dashboard');
  assert.match(r.text, /under 5/);
  assert.doesNotMatch(r.text, /Der er endnu ingen data/);

  r = await download(leader, '/overblik?format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.ok(r.bom, 'CSV with a BOM');
  noPerson(r.text, 'dashboard CSV');
  const month = iso().slice(0, 7);
  const ref = section(r.text, 'Nye henvisninger pr. måned');
  assert.deepEqual(ref.find((row) => row[0] === month), [month, '6']);
  const steps = section(r.text, 'Unge med åbent forløb efter trin og kombination');
  const total = steps.find((row) => row[0] === 'I alt');
  // 4 not allocated and 2 with ICM: both under 5; 6 in all
  assert.deepEqual(total, ['I alt', 'under 5', '0', '0', 'under 5', '6']);
  assert.ok(Number(q("SELECT COUNT(*) FROM audit_log WHERE action = 'view_overview'")) >= 2);
  assert.ok(Number(q("SELECT COUNT(*) FROM audit_log WHERE action = 'export_csv' AND route = 'overview'")) >= 1);

  const pl = await loggedIn('project_leader');
  const a = await download(pl, `/eksport/pseudonym?fra=${iso()}&til=${iso()}&format=csv`);
  const b = await download(pl, '/eksport/pseudonym?format=csv');
  for (const e of [a, b]) {
    assert.equal(e.status, 200);
    assert.ok(e.bom, 'CSV with a BOM');
    assert.match(e.headers.get('content-disposition'), /pseudonymiseret-/);
    noPerson(e.text, 'pseudonymised export');
    const data = e.text.split('"Dataordbog"')[0].split('Dataordbog')[0];
    assert.doesNotMatch(data, /\d{4}-\d{2}-\d{2}/, 'no full dates in the data sheets');
    assert.match(data, new RegExp(`,${month},`), 'months');
  }
  const pseud = (text) => section(text, 'Forløb').slice(1).map((row) => row[0]);
  const pa = pseud(a.text), pb = pseud(b.text);
  assert.equal(pa.length, 6);
  for (const p of pa) assert.match(p, /^[0-9a-f]{16}$/);
  assert.equal(new Set(pa).size, 6, 'one pseudonym per young person');
  assert.deepEqual([...pa].sort(), [...pb].sort(), 'the same pseudonyms in two exports');
  // no internal id: the person ids are not among the columns
  const head = section(a.text, 'Forløb')[0];
  assert.ok(!head.includes('id') && !head.includes('navn') && !head.includes('cpr'));
  assert.equal(q("SELECT COUNT(*) FROM municipality WHERE length(export_key) = 32"), '1');
  assert.equal(Number(q("SELECT COUNT(*) FROM audit_log WHERE action = 'export_pseudonym' AND result = 'ok'")), 2);
  assert.equal(hv(['audit', 'verify', '--db', srv.db]).code, 0);
});
