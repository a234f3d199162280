// The leadership dashboard (/overblik, overview.c) and the pseudonymised
// export for evaluators (/eksport, pseudonym.c) against the real server:
// who may see them, an empty municipality explains itself, the CSV of the
// dashboard and of the export carry no name or CPR number of a young
// person, the export's pseudonyms are stable between two exports and its
// dates are months, the export without a format goes back to /eksport, a
// period out of order is refused, and every view and export is in the
// access log (whose chain still verifies).  The dashboard's kept figures
// (dashcache.c): a change is on the next view, one municipality (or
// language) never gets another's, every view is logged also from the kept
// figures, and their CSV says what the page says.
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

// ---- the kept figures (dashcache.c) --------------------------------------
// The figures of a view are kept in the server and used again until a
// request of the municipality commits a change.  Whether a view computed
// its figures or took kept ones is read from the request log: a computed
// dashboard runs dozens of SQL statements (q=), a kept one only the
// session's.

// The q= of the request log's lines for /overblik so far.
const overviewLines = () => [...srv.stderr.matchAll(/GET \/overblik (\d+) [\d.]+ms q=(\d+)/g)].map((m) => Number(m[2]));
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
// A request's line is written just after its answer: wait until no line has come for 50 ms.
async function settled() {
  for (let n = overviewLines().length, quiet = 0; quiet < 5; quiet++) {
    await sleep(10);
    if (overviewLines().length !== n) { n = overviewLines().length; quiet = 0; }
  }
}
// Runs fn (one request of /overblik) and answers the statements it ran.
async function statementsOf(fn) {
  await settled();
  const before = overviewLines().length;
  const res = await fn();
  for (let i = 0; i < 200 && overviewLines().length === before; i++) await sleep(10);
  await settled();
  const lines = overviewLines();
  assert.equal(lines.length, before + 1, 'one request log line');
  return { res, q: lines[lines.length - 1] };
}
const KEPT = 6; // at most this many statements: the figures were kept
const COMPUTED = 20; // at least this many: the figures were computed

// A minimal CSV reader (RFC 4180: quoted fields, "" in quotes) without the BOM.
function csvRows(text) {
  const rows = [];
  let row = [], f = '', i = 0, quoted = false;
  text = text.replace(/^\uFEFF/, '');
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      f += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(f); f = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i += 2; continue; }
    f += c; i++;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}
// The CSV's tables: { title: [[headings], [cells]...] } (a title line, then rows until an empty line).
function csvTables(text) {
  const rows = csvRows(text), out = {};
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].length === 1 && rows[i][0] !== '' && (i === 0 || (rows[i - 1].length === 1 && rows[i - 1][0] === ''))) {
      const title = rows[i][0], body = [];
      for (i++; i < rows.length && !(rows[i].length === 1 && rows[i][0] === ''); i++) body.push(rows[i]);
      out[title] = body;
    }
  }
  return out;
}
const unhtml = (s) => s.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
// The page's tables: { caption: [[headings], [cells]...] }.
function htmlTables(html) {
  const out = {};
  for (const m of html.matchAll(/<table[^>]*>\s*<caption>([\s\S]*?)<\/caption>([\s\S]*?)<\/table>/g)) {
    const rows = [...m[2].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unhtml(c[1])));
    out[unhtml(m[1])] = rows;
  }
  return out;
}
// A CSV cell as the page shows it: 1.234 for 1234, 12,5 for 12.5, "40 % (2 af 5)" for a share (only its
// percentage is compared), åååå-mm as mm.åååå.
function shownAs(csv, page) {
  if (/^-?\d+$/.test(csv)) return page === Number(csv).toLocaleString('da-DK', { useGrouping: true }).replace(/\u00a0/g, '.');
  if (/^-?\d+\.\d{4}$/.test(csv)) return page.startsWith(`${Math.round(Number(csv) * 100)} %`);
  if (/^-?\d+\.\d{1,3}$/.test(csv)) return page === csv.replace('.', ',');
  if (/^\d{4}-\d{2}$/.test(csv)) return page === `${csv.slice(5)}.${csv.slice(0, 4)}`;
  return page === csv;
}
const month = () => iso().slice(0, 7);
const monthShown = () => `${month().slice(5)}.${month().slice(0, 4)}`;
const rowOf = (table, head) => table.find((row) => row[0] === head);

test('a change to a case is on the next view: the kept figures are dropped', async () => {
  const coord = await loggedIn('coordinator');
  for (let i = 0; i < 7; i++) await referred(coord, `Cachebjørn Henvistsen${i}`);
  const leader = await loggedIn('leader');
  const figures = async () => htmlTables((await leader.get('/overblik')).text);
  await leader.get('/overblik');
  let { res, q: n } = await statementsOf(() => leader.get('/overblik'));
  assert.ok(n <= KEPT, `the second view takes the kept figures (q=${n})`);
  let t = htmlTables(res.text);
  const referrals = Number(rowOf(t['Nye henvisninger pr. måned'], monthShown())[1]);
  const open = Number(rowOf(t['Unge med åbent forløb efter trin og kombination'], 'I alt')[5]);
  const notAllocated = Number(rowOf(t['Unge med åbent forløb efter trin og kombination'], 'I alt')[1]);
  assert.ok(referrals >= 7 && open >= 7 && notAllocated >= 7, `${referrals} ${open} ${notAllocated}`);

  // a new referral (another user of the municipality) is on the next view
  const id = await referred(coord, 'Cachebjørn Nysen');
  ({ res, q: n } = await statementsOf(() => leader.get('/overblik')));
  assert.ok(n >= COMPUTED, `computed again after the change (q=${n})`);
  t = htmlTables(res.text);
  assert.equal(rowOf(t['Nye henvisninger pr. måned'], monthShown())[1], String(referrals + 1));
  assert.equal(rowOf(t['Unge med åbent forløb efter trin og kombination'], 'I alt')[5], String(open + 1));
  assert.ok((await statementsOf(() => leader.get('/overblik'))).q <= KEPT, 'and kept again');

  // a course step (the allocation, step 2) moves a young person out of "Ikke visiteret"
  const csrf = coord.csrfFrom((await coord.get(`/unge/${id}`)).text);
  const r = await coord.post(`/unge/${id}/visitation`, { csrf, needs: 'Bolig.', combination: 'model_cti', rationale: 'Vurderet.', on_date: dk(iso()) });
  assert.equal(r.status, 303, r.text);
  t = await figures();
  assert.equal(rowOf(t['Unge med åbent forløb efter trin og kombination'], 'I alt')[1], String(notAllocated));
  assert.equal(rowOf(t['Unge med åbent forløb efter trin og kombination'], 'I alt')[5], String(open + 1));

  // a refused change (a form with an error, nothing committed but the form's token) changes no figure
  const before = (await figures())['Nye henvisninger pr. måned'];
  const bad = await coord.post('/henvisning', { csrf: await coord.csrf('/henvisning/ny'), cpr: '', name: '' });
  assert.equal(bad.status, 422);
  assert.deepEqual((await figures())['Nye henvisninger pr. måned'], before);
});

// Computing the figures takes hundreds of milliseconds at national scale;
// on a worker thread that held up every other connection of the thread
// (the young person's page's p99 0.13-0.37 s while dashboards were
// computed).  So a view that must compute them is drawn on a report thread
// (the request log's line ends in "report"), and one from the kept figures
// at once on its own thread.  A GET (the pseudonymised export, a report)
// keeps the figures; each such export dropped them before.
test('the dashboard computes on a report thread, and a GET such as the export keeps its figures', async () => {
  const leader = await loggedIn('leader');
  const pl = await loggedIn('project_leader');
  const coord = await loggedIn('coordinator');
  const lines = () => [...srv.stderr.matchAll(/GET \/overblik (\d+) [\d.]+ms q=(\d+) p=\d+( report)?\n/g)];
  const drawn = async () => {
    const { res, q: n } = await statementsOf(() => leader.get('/overblik'));
    assert.equal(res.status, 200);
    const all = lines();
    return { q: n, report: Boolean(all[all.length - 1][3]), text: res.text };
  };
  await referred(coord, 'Rapporttråd Henvistsen'); // a change: the kept figures are dropped
  let v = await drawn();
  assert.ok(v.q >= COMPUTED && v.report, `computed, on a report thread (q=${v.q}, report ${v.report})`);
  assert.match(v.text, /<h1>Overblik<\/h1>/);
  v = await drawn();
  assert.ok(v.q <= KEPT && !v.report, `kept, on its own thread (q=${v.q}, report ${v.report})`);
  const shown = htmlTables(v.text);
  for (const path of ['/eksport/pseudonym?format=csv', '/resultater', '/omkostninger']) {
    assert.equal((await download(pl, path)).status, 200, path);
    v = await drawn();
    assert.ok(v.q <= KEPT && !v.report, `kept after ${path} (q=${v.q})`);
    assert.deepEqual(htmlTables(v.text), shown);
  }
  // a message waiting in the session (as after a form) is shown once, also
  // when the view is drawn again on a report thread
  await referred(coord, 'Rapporttråd Beskedsen');
  q("UPDATE sessions SET flash = 'Besked til lederen' WHERE user_id = (SELECT id FROM users WHERE username = 'leader')");
  v = await drawn();
  assert.ok(v.report, 'computed on a report thread');
  assert.match(v.text, /Besked til lederen/);
  assert.doesNotMatch((await drawn()).text, /Besked til lederen/);
  // eight views at once after a change: every one whole, computed once
  await referred(coord, 'Rapporttråd Igensen');
  const before = lines().length;
  const all = await Promise.all(Array.from({ length: 8 }, () => leader.get('/overblik')));
  for (const r of all) assert.match(r.text, /<h1>Overblik<\/h1>/);
  await settled();
  const after = lines().slice(before);
  assert.equal(after.length, 8);
  assert.equal(after.filter((m) => Number(m[2]) >= COMPUTED).length, 1, 'the figures computed once');
});

test('two municipalities: a leader never sees the kept figures of another, nor another language', async () => {
  for (const [u, role, muni] of [['leader_b', 'leader', 'Andenkommune'], ['coordinator_b', 'coordinator', 'Andenkommune'],
    ['leader_en', 'leader', 'Testkommune']]) {
    const r = hv(['user', 'add', '--db', srv.db, '--username', u, '--name', 'Test ' + u, '--role', role,
      '--municipality', muni, '--password-stdin'], 'korrekt hest batteri hæfteklamme\n');
    assert.equal(r.code, 0, r.stderr);
  }
  q("UPDATE users SET lang = 'en' WHERE username = 'leader_en'");
  const a = await loggedIn('leader'), b = await loggedIn('leader_b'), en = await loggedIn('leader_en');
  await a.get('/overblik');
  let { res, q: n } = await statementsOf(() => a.get('/overblik'));
  assert.ok(n <= KEPT, 'A\'s figures are kept');
  const aTables = htmlTables(res.text);
  const aReferrals = rowOf(aTables['Nye henvisninger pr. måned'], monthShown())[1];
  assert.ok(Number(aReferrals) >= 5, aReferrals);

  // B's leader: B's figures (none yet), computed, not A's kept ones
  ({ res, q: n } = await statementsOf(() => b.get('/overblik')));
  assert.ok(n >= COMPUTED, `B's figures are computed (q=${n})`);
  assert.match(res.text, /Der er endnu ingen data i kommunen/);
  assert.equal(htmlTables(res.text)['Nye henvisninger pr. måned'], undefined, 'no referrals table in B');
  let csv = csvTables((await download(b, '/overblik?format=csv')).text);
  assert.deepEqual(rowOf(csv['Nye henvisninger pr. måned'], month()), [month(), '0']);

  // B gets five referrals; B sees five, A still its own (kept: B's change does not drop A's figures)
  const cb = await loggedIn('coordinator_b');
  for (let i = 0; i < 5; i++) await referred(cb, `Andenbjørn Kommunesen${i}`);
  ({ res, q: n } = await statementsOf(() => b.get('/overblik')));
  assert.ok(n >= COMPUTED, `B computed after B's change (q=${n})`);
  assert.equal(rowOf(htmlTables(res.text)['Nye henvisninger pr. måned'], monthShown())[1], '5');
  ({ res, q: n } = await statementsOf(() => a.get('/overblik')));
  assert.ok(n <= KEPT, `A's figures are still kept (q=${n})`);
  assert.deepEqual(htmlTables(res.text), aTables);
  assert.doesNotMatch(res.text, /Andenbjørn/);
  csv = csvTables((await download(a, '/overblik?format=csv')).text);
  assert.equal(rowOf(csv['Nye henvisninger pr. måned'], month())[1], aReferrals);
  csv = csvTables((await download(b, '/overblik?format=csv')).text);
  assert.equal(rowOf(csv['Nye henvisninger pr. måned'], month())[1], '5');

  // the same municipality in English: English figures, not the kept Danish ones
  ({ res, q: n } = await statementsOf(() => en.get('/overblik')));
  assert.ok(n >= COMPUTED, `English figures are computed (q=${n})`);
  const enTables = htmlTables(res.text);
  assert.equal(enTables['Nye henvisninger pr. måned'], undefined);
  assert.equal(rowOf(enTables['New referrals per month'], monthShown())[1], aReferrals);
  ({ res } = await statementsOf(() => a.get('/overblik')));
  assert.ok(htmlTables(res.text)['Nye henvisninger pr. måned'], 'A is still in Danish');
});

test('every view and export is in the access log when it has arrived, also from the kept figures', async () => {
  const leader = await loggedIn('leader');
  const rows = (action) => Number(q(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND route = 'overview'`
    + " AND user_id = (SELECT id FROM users WHERE username = 'leader')"));
  let views = rows('view_overview'), kept = 0;
  for (let i = 0; i < 4; i++) {
    const { res, q: n } = await statementsOf(() => leader.get('/overblik'));
    assert.equal(res.status, 200);
    kept += n <= KEPT;
    assert.equal(rows('view_overview'), ++views, `view ${i} is in the log`);
  }
  assert.ok(kept >= 3, `${kept} of 4 views from the kept figures`);
  for (const [fmt, action] of [['csv', 'export_csv'], ['xlsx', 'export_xlsx']]) {
    const n = rows(action);
    const { res, q: s } = await statementsOf(() => download(leader, `/overblik?format=${fmt}`));
    assert.equal(res.status, 200);
    assert.ok(s <= KEPT, `the ${fmt} export from the kept figures (q=${s})`);
    assert.equal(rows(action), n + 1, `the ${fmt} export is in the log`);
    assert.equal(rows('view_overview'), views, 'an export is not a view');
  }
  // eight at once: eight rows, each there when its page came
  const all = await Promise.all(Array.from({ length: 8 }, async () => {
    const r = await leader.get('/overblik');
    return { status: r.status, logged: rows('view_overview') };
  }));
  for (const r of all) {
    assert.equal(r.status, 200);
    assert.ok(r.logged > views, 'the row is in the log when the page has arrived');
  }
  assert.equal(rows('view_overview'), views + 8);
  // the result and the other reports' views likewise (their rows are no longer a transaction of their own)
  const pl = await loggedIn('project_leader');
  for (const [path, action, route] of [['/resultater', 'outcome_view', 'outcome'], ['/omkostninger', 'view', 'cost']]) {
    const count = () => Number(q(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND route = '${route}'`));
    const n = count();
    assert.equal((await pl.get(path)).status, 200, path);
    assert.equal(count(), n + 1, path);
  }
  assert.equal(hv(['audit', 'verify', '--db', srv.db]).code, 0);
});

test('the CSV export from the kept figures says what the page says', async () => {
  const leader = await loggedIn('leader');
  await leader.get('/overblik');
  const { res: page, q: n } = await statementsOf(() => leader.get('/overblik'));
  assert.ok(n <= KEPT, `the page from the kept figures (q=${n})`);
  const { res: file, q: s } = await statementsOf(() => download(leader, '/overblik?format=csv'));
  assert.ok(s <= KEPT, `the CSV from the kept figures (q=${s})`);
  const shown = htmlTables(page.text), csv = csvTables(file.text);
  let compared = 0;
  for (const [title, rows] of Object.entries(shown)) {
    assert.ok(csv[title], `${title} in the CSV`);
    assert.deepEqual(csv[title][0], rows[0], `${title}: headings`);
    assert.equal(csv[title].length, rows.length, `${title}: rows`);
    for (let i = 1; i < rows.length; i++)
      for (let k = 0; k < rows[i].length; k++)
        assert.ok(shownAs(csv[title][i][k], rows[i][k]), `${title} row ${i} column ${k}: CSV ${csv[title][i][k]}, page ${rows[i][k]}`);
    compared++;
  }
  assert.ok(compared >= 6, `${compared} tables compared`);
  assert.ok(shownAs('1234', '1.234') && shownAs('0.4000', '40 % (2 af 5)') && !shownAs('7', '8') && !shownAs('2026-11', '12.2026'));
});

test('on an earlier date, the export buttons export the figures shown for that date', async () => {
  const leader = await loggedIn('leader');
  const d = new Date();
  d.setMonth(d.getMonth() - 5);
  const past = iso(d);
  const page = await leader.get(`/overblik?til=${past}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`href="/overblik\\?til=${past}&amp;format=csv"`));
  assert.match(page.text, new RegExp(`href="/overblik\\?til=${past}&amp;format=xlsx"`));
  const today = await leader.get('/overblik');
  assert.match(today.text, /href="\/overblik\?format=csv"/);
  const file = await download(leader, `/overblik?til=${past}&format=csv`);
  const shown = htmlTables(page.text), csv = csvTables(file.text);
  let compared = 0;
  for (const [title, rows] of Object.entries(shown)) {
    assert.ok(csv[title], `${title} in the CSV`);
    assert.deepEqual(csv[title][0], rows[0], `${title}: headings`);
    for (let i = 1; i < rows.length; i++)
      for (let k = 0; k < rows[i].length; k++)
        assert.ok(shownAs(csv[title][i][k], rows[i][k]), `${title} row ${i} column ${k}: CSV ${csv[title][i][k]}, page ${rows[i][k]}`);
    compared++;
  }
  assert.ok(compared >= 2, `${compared} tables compared`);
  // and they are not today's figures
  assert.notEqual((await download(leader, '/overblik?format=csv')).text, file.text);
});
