// HTTP behaviour of the real server: login, sessions, throttling, CSRF,
// headers, roles, object-level access, the referral slice, the access log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, hv, PASSWORD, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const dk = (iso) => iso.split('-').reverse().join('.');
const audit = (where) => sqlite(srv.db, `SELECT action || '|' || person_id || '|' || result FROM audit_log WHERE ${where} ORDER BY id`).trim().split('\n').filter(Boolean);

let cprSeq = 1000;
function referral(over = {}) {
  cprSeq++;
  return {
    cpr: `010203-${cprSeq}`, name: 'Asta Testesen', referred_on: dk(today()),
    referrer_actor: 'uu', referrer_name: 'Vejleder Vera', reason: 'Bor på herberg.\nHar brug for hjælp.',
    target_group: 'homeless', housing_situation: 'herberg', ...over,
  };
}

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}: ${r.status}`);
  return c;
}

async function register(c, form) {
  const csrf = await c.csrf('/henvisning/ny');
  return c.post('/henvisning', { csrf, ...form });
}

function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy') || '';
  assert.match(csp, /default-src 'self'/, what);
  assert.match(csp, /script-src 'self' 'nonce-[0-9a-f]{32}'/, what);
  assert.match(csp, /object-src 'none'/, what);
  assert.match(csp, /base-uri 'none'/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', what);
}

test('login sets a __Host- session cookie and lands on the role home', async () => {
  const c = new Client(srv.url);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  const csrf = c.csrfFrom(page.text);
  const res = await c.post('/login', { csrf, username: 'coordinator', password: PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/');
  const set = res.headers.get('set-cookie');
  assert.match(set, /__Host-hjemvej=[0-9a-f]{64}; Path=\/; HttpOnly; Secure; SameSite=Lax/);
  const home = await c.get('/');
  assert.equal(home.location, '/mine-unge');
  const mine = await c.get('/mine-unge');
  assert.equal(mine.status, 200);
  assert.equal(mine.headers.get('cache-control'), 'no-store');
  assert.match(mine.text, /<h1>Mine unge<\/h1>/);
  // the session id is stored only hashed
  const token = c.cookies.get('__Host-hjemvej');
  assert.equal(sqlite(srv.db, `SELECT COUNT(*) FROM sessions WHERE hex(id_hash) = upper('${token}')`).trim(), '0');
});

test('a new session id at every login; logout ends the session at once', async () => {
  const c = await loggedIn('coordinator');
  const first = c.cookies.get('__Host-hjemvej');
  const c2 = await loggedIn('coordinator');
  assert.notEqual(c2.cookies.get('__Host-hjemvej'), first);
  const csrf = await c.csrf();
  const out = await c.post('/logout', { csrf });
  assert.equal(out.status, 303);
  assert.equal(out.location, '/login');
  const stale = new Client(srv.url);
  stale.cookies.set('__Host-hjemvej', first);
  const res = await stale.get('/mine-unge');
  assert.equal(res.status, 303);
  assert.match(res.location, /^\/login\?next=%2Fmine-unge/);
});

test('wrong password, unknown user and disabled user get the same answer', async () => {
  const c = new Client(srv.url);
  for (const [u, p] of [['coordinator', 'forkert-kode'], ['nobody', PASSWORD]]) {
    const csrf = c.csrfFrom((await c.get('/login')).text);
    const r = await c.post('/login', { csrf, username: u, password: p });
    assert.equal(r.status, 401);
    assert.match(r.text, /Forkert brugernavn eller adgangskode/);
  }
});

test('five failed logins within 15 minutes answer 429, and it is logged', async () => {
  const c = new Client(srv.url);
  hv(['user', 'add', '--db', srv.db, '--username', 'victim', '--name', 'V', '--role', 'team', '--password-stdin'], PASSWORD + '\n');
  for (let i = 0; i < 5; i++) {
    const csrf = c.csrfFrom((await c.get('/login')).text);
    const r = await c.post('/login', { csrf, username: 'victim', password: 'wrong-' + i });
    assert.equal(r.status, 401);
  }
  const csrf = c.csrfFrom((await c.get('/login')).text);
  const r = await c.post('/login', { csrf, username: 'Victim', password: PASSWORD });
  assert.equal(r.status, 429, 'even the right password is refused while throttled');
  assert.match(r.text, /For mange mislykkede forsøg/);
  assert.equal(r.headers.get('retry-after'), '900');
  assert.ok(audit("username = 'victim' AND action = 'login_throttled'").length >= 1);
  // other users are not affected
  assert.equal((await new Client(srv.url).login('team')).status, 303);
});

test('state changes without a valid CSRF token are refused and logged', async () => {
  const c = await loggedIn('coordinator');
  const before = sqlite(srv.db, 'SELECT COUNT(*) FROM person').trim();
  let r = await c.post('/henvisning', referral());
  assert.equal(r.status, 403);
  r = await c.post('/henvisning', { csrf: 'a'.repeat(64), ...referral() });
  assert.equal(r.status, 403);
  // a valid token from another origin
  const csrf = await c.csrf('/henvisning/ny');
  r = await c.post('/henvisning', { csrf, ...referral() }, { headers: { origin: 'http://evil.example' } });
  assert.equal(r.status, 403);
  // a browser that says the post came from another site
  r = await c.post('/henvisning', { csrf, ...referral() }, { headers: { 'sec-fetch-site': 'cross-site', origin: 'null' } });
  assert.equal(r.status, 403);
  assert.equal(sqlite(srv.db, 'SELECT COUNT(*) FROM person').trim(), before, 'nothing was written');
  assert.ok(audit("action = 'refused' AND result = 'csrf'").length >= 4);
  // a same-origin form post under Referrer-Policy: no-referrer says
  // "Origin: null" (as Chromium does): the token decides
  r = await c.post('/henvisning', { csrf, ...referral() }, { headers: { 'sec-fetch-site': 'same-origin', origin: 'null' } });
  assert.equal(r.status, 303);
  assert.equal(Number(sqlite(srv.db, 'SELECT COUNT(*) FROM person').trim()), Number(before) + 1);
  // the login form is protected too
  const anon = new Client(srv.url);
  r = await anon.post('/login', { username: 'coordinator', password: PASSWORD });
  assert.equal(r.status, 403);
});

test('GET never changes state: logout by GET is not allowed', async () => {
  const c = await loggedIn('coordinator');
  const r = await c.get('/logout');
  assert.equal(r.status, 405);
  assert.equal((await c.get('/mine-unge')).status, 200);
});

test('security headers on 200, 303, 404, 403 and asset responses', async () => {
  const c = await loggedIn('coordinator');
  assertSecurityHeaders(await c.get('/mine-unge'), '200');
  assertSecurityHeaders(await c.get('/'), '303');
  const nf = await c.get('/findes-ikke');
  assert.equal(nf.status, 404);
  assert.match(nf.text, /Siden findes ikke/);
  assert.equal(tidyErrors(nf.text), '');
  assertSecurityHeaders(nf, '404');
  assertSecurityHeaders(await c.get('/admin/brugere'), '403');
  assertSecurityHeaders(await c.get('/assets/app.css'), 'asset');
  // each response has its own nonce
  const a = (await c.get('/mine-unge')).headers.get('content-security-policy');
  const b = (await c.get('/mine-unge')).headers.get('content-security-policy');
  assert.notEqual(a, b);
});

test('roles: deny by default, refusals are logged', async () => {
  const cases = [['support', '/henvisning/ny'], ['team', '/henvisning/ny'], ['leader', '/mine-unge'],
    ['admin2', '/mine-unge'], ['coordinator', '/admin/brugere'], ['coordinator', '/overblik']];
  for (const [user, path] of cases) {
    const c = await loggedIn(user);
    const r = await c.get(path);
    assert.equal(r.status, 403, `${user} ${path}`);
    assert.match(r.text, /Ingen adgang/);
  }
  assert.ok(audit("action = 'refused' AND result = 'role'").length >= cases.length);
  const anon = await new Client(srv.url).get('/unge/1');
  assert.equal(anon.status, 303);
});

test('the referral slice: register, see on Mine unge, open, reveal CPR; all logged', async () => {
  const c = await loggedIn('coordinator');
  const form = referral({ name: 'Bjørk Ærøsen' });
  const r = await register(c, form);
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  const id = Number(r.location.match(/^\/unge\/(\d+)$/)[1]);
  const page = await c.get(r.location);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, /<h1>Bjørk Ærøsen<\/h1>/);
  assert.match(page.text, /Henvisningen er registreret/);
  assert.match(page.text, /010203-XXXX/);
  assert.doesNotMatch(page.text, new RegExp(form.cpr.replace('-', '-?')));
  assert.match(page.text, /Nuværende trin: <strong><span class="hv-step">1<\/span> Henvist/);
  assert.match(page.text, /UU-vejledningen/);
  assert.match(page.text, /Herberg\/forsorgshjem/);
  // times are stored in UTC and shown in Copenhagen time as dd.mm.åååå tt:mm
  const cph = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const part = (t) => cph.find((p) => p.type === t).value;
  assert.match(page.text, new RegExp(`Registreret</dt><dd>${part('day')}\\.${part('month')}\\.${part('year')} ${part('hour')}:\\d\\d, Test coordinator`));
  // the flash message is shown once
  assert.doesNotMatch((await c.get(r.location)).text, /Henvisningen er registreret/);
  const list = await c.get('/mine-unge');
  assert.match(list.text, new RegExp(`<a href="/unge/${id}">Bjørk Ærøsen</a>`));
  const csrf = c.csrfFrom(page.text);
  const rev = await c.post(`/unge/${id}/cpr`, { csrf });
  assert.equal(rev.status, 200);
  assert.match(rev.text, new RegExp(form.cpr));
  const rows = audit(`person_id = ${id}`);
  assert.deepEqual(rows.slice(0, 1), [`create|${id}|ok`]);
  assert.ok(rows.includes(`view|${id}|ok`));
  assert.ok(rows.includes(`reveal_cpr|${id}|ok`));
  // no CPR number in the request log (stderr) or in any URL
  assert.doesNotMatch(srv.stderr, new RegExp(form.cpr.slice(7)));
  assert.equal(hv(['audit', 'verify', '--db', srv.db]).code, 0);
});

test('bad referral input: 422, a message at each field, input kept, nothing written', async () => {
  const c = await loggedIn('coordinator');
  const count = () => sqlite(srv.db, 'SELECT (SELECT COUNT(*) FROM person) || (SELECT COUNT(*) FROM referral)').trim();
  const before = count();
  const tomorrow = new Date(Date.now() + 2 * 86400e3).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  const cases = [
    [{ cpr: '320199-1234' }, 'cpr', /gyldigt CPR-nummer/],
    [{ cpr: '12345' }, 'cpr', /gyldigt CPR-nummer/],
    [{ referred_on: dk(tomorrow) }, 'referred_on', /fremtiden/],
    [{ referred_on: '31.02.2024' }, 'referred_on', /gyldig dato/],
    [{ name: 'x'.repeat(201) }, 'name', /for lang/],
    [{ name: 'RAW-INVALID-UTF8' }, 'name', /ugyldige tegn/],
    [{ name: '' }, 'name', /skal udfyldes/],
    [{ reason: '' }, 'reason', /skal udfyldes/],
    [{ referrer_actor: 'hacker' }, 'referrer_actor', /Vælg en af/],
    [{ target_group: 'homeless', housing_situation: '' }, 'housing_situation', /boligsituation/],
    [{ target_group: 'at_risk', housing_situation: '' }, 'risk', /mindst én risikofaktor/],
    [{ cpr: '010203-4234', referred_on: '01.01.2003' }, 'referred_on', /før den unges fødselsdato/],
  ];
  for (const [over, field, msg] of cases) {
    const form = referral({ name: 'Behold Mig', ...over });
    const csrf = await c.csrf('/henvisning/ny');
    // invalid UTF-8 can only be sent as raw bytes: %FF is never valid
    const body = new URLSearchParams({ csrf, ...form }).toString().replace('RAW-INVALID-UTF8', 'Bad+%FF+byte');
    const res = await c.req('POST', '/henvisning', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 422, JSON.stringify(over));
    assert.match(res.text, msg, JSON.stringify(over));
    assert.match(res.text, new RegExp(`id="${field}-error"`), `message at ${field}`);
    assert.match(res.text, new RegExp(`href="#${field}"`), `summary links to ${field}`);
    // the summary names the field by its label, so "Feltet skal udfyldes" says which
    const labels = { cpr: 'CPR-nummer', referred_on: 'Henvisningsdato', name: 'Navn', reason: 'Begrundelse for henvisningen',
      referrer_actor: 'Henvist af', housing_situation: 'Boligsituation', risk: 'Risikofaktorer' };
    assert.match(res.text, new RegExp(`href="#${field}">${labels[field]}: `), `summary names ${field}`);
    if (over.name === undefined) assert.match(res.text, /value="Behold Mig"/, 'name kept');
    if (over.reason === undefined) assert.match(res.text, /Bor på herberg\.\nHar brug for hjælp\.<\/textarea>/, 'reason kept');
    assert.equal(tidyErrors(res.text), '', JSON.stringify(over));
  }
  assert.equal(count(), before, 'nothing was written');
});

test('a second referral for an open course goes to the same young person', async () => {
  const c = await loggedIn('coordinator');
  const form = referral({ name: 'Dorte Dublet' });
  const first = await register(c, form);
  const again = await register(c, { ...form, referrer_actor: 'jobcenter', reason: 'Ny henvendelse.' });
  assert.equal(again.status, 303);
  assert.equal(again.location, first.location);
  const page = await c.get(again.location);
  assert.match(page.text, /allerede et åbent forløb/);
  assert.match(page.text, /Beskæftigelsesforvaltningen/);
  const id = first.location.split('/').pop();
  assert.equal(sqlite(srv.db, `SELECT COUNT(*) FROM person WHERE cpr = '${form.cpr.replace('-', '')}'`).trim(), '1');
  assert.equal(sqlite(srv.db, `SELECT COUNT(*) FROM referral f JOIN course c ON c.id = f.course_id WHERE c.person_id = ${id}`).trim(), '2');
});

test('object-level access: another coordinator gets 404, and it is logged', async () => {
  const owner = await loggedIn('coordinator');
  const r = await register(owner, referral({ name: 'Privat Person' }));
  const id = r.location.split('/').pop();
  const other = await loggedIn('coordinator2');
  const res = await other.get(`/unge/${id}`);
  assert.equal(res.status, 404);
  assert.doesNotMatch(res.text, /Privat Person/);
  assert.doesNotMatch((await other.get('/mine-unge')).text, /Privat Person/);
  assert.ok(audit(`person_id = ${id} AND result = 'refused'`).length >= 1);
  // the project leader sees everyone in the municipality
  const pl = await loggedIn('project_leader');
  assert.equal((await pl.get(`/unge/${id}`)).status, 200);
  assert.match((await pl.get('/mine-unge')).text, /Privat Person/);
  // ids that do not exist or are not ids
  for (const p of ['/unge/999999', '/unge/abc', '/unge/0', '/unge/-1', '/unge/1.5']) {
    assert.equal((await owner.get(p)).status, 404, p);
  }
});

test('parameters that are not declared never reach a handler', async () => {
  const c = await loggedIn('coordinator');
  const csrf = await c.csrf('/henvisning/ny');
  const res = await c.post('/henvisning', { csrf, ...referral({ name: 'Extra Felt' }), coordinator_id: '999', municipality_id: '42' });
  assert.equal(res.status, 303);
  const id = res.location.split('/').pop();
  assert.equal(sqlite(srv.db, `SELECT municipality_id || '/' || coordinator_id FROM person WHERE id = ${id}`).trim(),
    sqlite(srv.db, "SELECT municipality_id || '/' || id FROM users WHERE username = 'coordinator'").trim());
});

test('request limits: 413 for a body over 1 MiB, 415 for another format', async () => {
  const c = await loggedIn('coordinator');
  const csrf = await c.csrf('/henvisning/ny');
  let r = await c.post('/henvisning', { csrf, reason: 'x'.repeat(1100000) });
  assert.equal(r.status, 413);
  r = await c.req('POST', '/henvisning', { body: JSON.stringify({ csrf }), headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 415);
});

test('assets: content-hash ETag, a year of caching, 304 when unchanged', async () => {
  const c = new Client(srv.url);
  const login = await c.get('/login');
  const href = login.text.match(/href="(\/assets\/css\/dkfds\.min\.css\?v=[0-9a-f]+)"/)[1];
  const css = await c.get(href);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const etag = css.headers.get('etag');
  assert.ok(href.endsWith(etag.replace(/"/g, '')));
  const again = await c.get(href, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const font = await c.get('/assets/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2');
  assert.equal(font.status, 200);
  assert.equal((await c.get('/assets/nope.css')).status, 404);
});

test('a database failure answers 500 without internals, and nothing half-written', async () => {
  const c = await loggedIn('coordinator');
  const r = await register(c, referral({ name: 'Fejl Test', target_group: 'at_risk', housing_situation: '', risk: 'misbrug' }));
  assert.equal(r.status, 303);
  sqlite(srv.db, 'ALTER TABLE referral_risk RENAME TO referral_risk_gone');
  try {
    const persons = sqlite(srv.db, 'SELECT COUNT(*) FROM person').trim();
    const res = await register(c, referral({ name: 'Halv Skrevet', target_group: 'at_risk', housing_situation: '', risk: 'misbrug' }));
    assert.equal(res.status, 500);
    assertSecurityHeaders(res, '500');
    assert.match(res.text, /Der opstod en fejl\. Intet er gemt/);
    assert.doesNotMatch(res.text, /referral_risk|SQL|sqlite/i);
    assert.equal(sqlite(srv.db, 'SELECT COUNT(*) FROM person').trim(), persons, 'rolled back');
    assert.equal(tidyErrors(res.text), '');
  } finally {
    sqlite(srv.db, 'ALTER TABLE referral_risk_gone RENAME TO referral_risk');
  }
  assert.equal((await c.get('/mine-unge')).status, 200, 'the server goes on serving');
});

test('disabling a user in the web ends their sessions at once', async () => {
  hv(['user', 'add', '--db', srv.db, '--username', 'leaving', '--name', 'Snart Væk', '--role', 'coordinator', '--password-stdin'], PASSWORD + '\n');
  const victim = await loggedIn('leaving');
  assert.equal((await victim.get('/mine-unge')).status, 200);
  const admin = await loggedIn('admin2');
  const users = await admin.get('/admin/brugere');
  assert.equal(tidyErrors(users.text), '');
  const uid = sqlite(srv.db, "SELECT id FROM users WHERE username = 'leaving'").trim();
  const r = await admin.post(`/admin/brugere/${uid}/deaktiver`, { csrf: admin.csrfFrom(users.text) });
  assert.equal(r.status, 303);
  const after = await victim.get('/mine-unge');
  assert.equal(after.status, 303);
  assert.match(after.location, /^\/login/);
  assert.equal((await victim.login('leaving')).status, 401);
  assert.ok(audit("action = 'user_disable'").length >= 1);
});

test('an administrator creates a user whose password is shown once', async () => {
  const admin = await loggedIn('admin2');
  const csrf = await admin.csrf('/admin/brugere');
  let r = await admin.post('/admin/brugere', { csrf, username: 'ny.bruger', name: 'Ny Bruger', role: 'support' });
  assert.equal(r.status, 200);
  const pw = r.text.match(/<code id="new-password">([^<]+)<\/code>/)[1];
  assert.equal((await new Client(srv.url).login('ny.bruger', pw)).status, 303);
  r = await admin.post('/admin/brugere', { csrf, username: 'ny.bruger', name: 'Igen', role: 'support' });
  assert.equal(r.status, 422);
  assert.match(r.text, /optaget/);
  r = await admin.post('/admin/brugere', { csrf, username: 'Store Bogstaver', name: 'X', role: 'boss' });
  assert.equal(r.status, 422);
});

test('the leader overview shows aggregates only, small numbers suppressed', async () => {
  const c = await loggedIn('leader');
  const r = await c.get('/overblik');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.doesNotMatch(r.text, /Bjørk|Asta|Dorte/);
  assert.match(r.text, /<td class="hv-num">(under 5|0)<\/td>/);
});

test('language: a user can switch to English', async () => {
  const c = await loggedIn('support');
  const csrf = await c.csrf('/indstillinger');
  let r = await c.post('/indstillinger', { csrf, lang: 'en' });
  assert.equal(r.status, 303);
  r = await c.get('/mine-unge');
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /My young people/);
  r = await c.post('/indstillinger', { csrf, lang: 'xx' });
  assert.equal(r.status, 400);
});

test('a form sent twice writes once and leads to the same page', async () => {
  const c = await loggedIn('coordinator');
  const form = (await c.get('/henvisning/ny')).text;
  const csrf = c.csrfFrom(form);
  const once = form.match(/name="once" value="([0-9a-f]{64})"/)[1];
  const before = Number(sqlite(srv.db, 'SELECT COUNT(*) FROM referral').trim());
  // first a mistake: the form comes back and the token stays usable
  const bad = await c.post('/henvisning', { csrf, once, ...referral({ cpr: '999999-9999' }) });
  assert.equal(bad.status, 422);
  const data = { csrf, once, ...referral({ name: 'Dobbelt Klik' }) };
  const first = await c.post('/henvisning', data);
  assert.equal(first.status, 303);
  const second = await c.post('/henvisning', data);
  assert.equal(second.status, 303);
  assert.equal(second.location, first.location, 'the second post goes where the first went');
  assert.equal(Number(sqlite(srv.db, 'SELECT COUNT(*) FROM referral').trim()), before + 1, 'written once');
  const page = await c.get(second.location);
  assert.match(page.text, /Formularen var allerede sendt/);
  // another user cannot use the token to learn where it led
  const other = await loggedIn('project_leader');
  const csrf2 = await other.csrf('/henvisning/ny');
  const third = await other.post('/henvisning', { ...data, csrf: csrf2, cpr: '010203-7777' });
  assert.equal(third.status, 303);
  assert.notEqual(third.location, first.location);
});
