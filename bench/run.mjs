// make bench: the benchmark suite of issue 7, in one sitting so that the
// ratios are comparable.  It makes the national data set (hjemvej demo
// --scale national) unless it is there already, measures the server's
// start-up, the pages under wrk (against nginx serving the same bytes),
// the reports end to end (against the same aggregate in the sqlite3
// command-line tool), the young person's page while a report runs, and the
// server's memory; it writes docs/benchmarks.md and docs/benchmarks.json.
//
// Environment: BENCH_PEOPLE (default 100000: the national scale; fewer for
// a quick try), BENCH_SECONDS (wrk duration, default 10), BENCH_REGEN=1
// (make the data set again), BENCH_OUT (default docs), BENCH_REWRITE=1 (only write
// benchmarks.md again from benchmarks.json).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, totalmem, release } from 'node:os';

const ROOT = resolve('.');
const BIN = resolve(process.env.HJEMVEJ_BIN || 'build/hjemvej');
const DIR = resolve('build/bench');
const PEOPLE = Number(process.env.BENCH_PEOPLE || 100000);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const OUT = resolve(process.env.BENCH_OUT || 'docs');
// wrk's own default of 2 s counted every answer of a slow page (the
// dashboard) as a socket timeout, so that its run showed 0 requests.
const WRK_TIMEOUT = 10;
const DB = join(DIR, `national-${PEOPLE}.db`);
const LOGINS = join(DIR, `national-${PEOPLE}.logins`);
mkdirSync(DIR, { recursive: true });
mkdirSync(OUT, { recursive: true });

const results = { date: new Date().toISOString(), people: PEOPLE, seconds: SECONDS, machine: {}, generation: {},
  startup: {}, period: {}, pages: [], reports: [], during_report: {}, memory: {}, load: [], targets: [] };
const log = (...a) => console.log('bench:', ...a);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (a) => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : 0; };
const sh = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' });
// The machine is shared: the 1-minute load average at each step goes into the results.
const loadavg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
let phase = 'start';
function step(name) { phase = name; results.load.push([name, loadavg()]); log(`${name} (load ${loadavg().toFixed(2)})`); }

// ---- the machine
function machine() {
  const lscpu = sh('lscpu', []).stdout || '';
  const model = (lscpu.match(/Model name:\s*(.*)/) || [])[1] || cpus()[0]?.model || '?';
  results.machine = {
    cpu: model.trim(), cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), kernel: release(),
    sqlite: (sh('sqlite3', ['--version']).stdout || '').split(' ')[0],
    nginx: (sh('nginx', ['-v']).stderr || '').trim().replace('nginx version: ', ''),
    wrk: ((sh('wrk', ['--version']).stdout || '') + (sh('wrk', ['--version']).stderr || '')).split('\n')[0].trim(),
  };
}

// ---- the data set
function generate() {
  if (existsSync(DB) && !process.env.BENCH_REGEN) {
    log(`using ${DB} (BENCH_REGEN=1 makes it again)`);
    const prev = join(DIR, `national-${PEOPLE}.generation.json`);
    if (existsSync(prev)) results.generation = JSON.parse(readFileSync(prev, 'utf8'));
    else if (existsSync(LOGINS)) results.generation = { ...generationFigures(readFileSync(LOGINS, 'utf8')), wall_seconds: null,
      db_mb: Math.round(statSync(DB).size / 2 ** 20), from: 'the generator output saved in ' + LOGINS.replace(ROOT + '/', '') };
    return;
  }
  for (const s of ['', '-wal', '-shm', '-accesslog', '-accesslog-wal', '-accesslog-shm']) rmSync(DB + s, { force: true });
  log(`making the national data set (${PEOPLE} young people) ...`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(BIN, ['demo', '--scale', 'national', '--people', String(PEOPLE), '--seed', '1', '--db', DB,
    '--no-serve'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = ms(t0) / 1000;
  if (r.status !== 0) throw new Error('generation failed: ' + r.stderr);
  writeFileSync(LOGINS, r.stdout);
  results.generation = { ...generationFigures(r.stdout), wall_seconds: wall, db_mb: Math.round(statSync(DB).size / 2 ** 20),
    from: 'this run' };
  writeFileSync(join(DIR, `national-${PEOPLE}.generation.json`), JSON.stringify(results.generation));
}

// The figures the generator prints at the end (src/natgen.c):
//   loaded in 115.3 s, 30 indexes built in 9.3 s
//   cpu: 78.5 s of this process (360844 rows per cpu second)
//   rows: 28339255 in 124.6 s (227490 rows/s)
function generationFigures(text) {
  const num = (re, i = 1) => { const m = text.match(re); return m ? Number(m[i]) : null; };
  const rows = /rows:\s*(\d+)\s+in\s+([\d.]+)\s*s\s*\((\d+)\s*rows\/s\)/;
  return { rows: num(rows, 1), seconds: num(rows, 2), rows_per_second: num(rows, 3),
    load_seconds: num(/loaded in ([\d.]+) s/), indexes: num(/(\d+) indexes built/), index_seconds: num(/indexes built in ([\d.]+) s/),
    cpu_seconds: num(/cpu:\s*([\d.]+) s/), rows_per_cpu_second: num(/\((\d+) rows per cpu second\)/),
    people: num(/with (\d+) young people/), municipalities: num(/in (\d+) municipalities/), seed: num(/\(seed (\d+)\)/) };
}

// The logins printed by the generator, in either format: the old demo's
// "  username  password  role", or the national generator's "  username  role"
// lines under a line that names the one shared password ("... has the
// password X").
function logins() {
  const text = existsSync(LOGINS) ? readFileSync(LOGINS, 'utf8') : '';
  const by = {};
  let shared = null;
  for (const line of text.split('\n')) {
    const p = line.match(/\bthe password (\S+)\s*$/);
    if (p) shared = p[1];
    const roles = '(coordinator|project_leader|support|leader|team|admin)';
    const m3 = line.match(new RegExp(`^\\s+(\\S+)\\s+(\\S+)\\s+${roles}\\s*$`));
    const m2 = line.match(new RegExp(`^\\s+(\\S+)\\s+${roles}\\s*$`));
    if (m3 && !by[m3[3]]) by[m3[3]] = { username: m3[1], password: m3[2] };
    else if (m2 && shared && !by[m2[2]]) by[m2[2]] = { username: m2[1], password: shared };
  }
  return by;
}

// ---- the server
function serve() {
  return new Promise((ok, fail) => {
    const t0 = process.hrtime.bigint();
    const proc = spawn(BIN, ['serve', '--db', DB, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The server logs every request.  Its pipes are read all the time (this
    // process never blocks in a spawnSync while the server is under load: a full pipe
    // would stop the server's threads in write()) and only the start and
    // the last lines of stderr are kept.
    let out = '', err = '', up = false;
    proc.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
    proc.stdout.on('data', (d) => {
      if (up) return;
      out += d;
      const m = out.match(/serving on (http:\/\/[^\s]+?)\/?\n/);
      if (m) { up = true; ok({ proc, url: m[1], startup_ms: ms(t0) }); }
    });
    proc.on('exit', (c) => fail(new Error(`server exited ${c}: ${err}`)));
  });
}
async function stop(proc) {
  if (proc.exitCode !== null) return;
  const done = new Promise((ok) => proc.on('exit', ok));
  proc.kill('SIGTERM');
  await done;
}

async function startup() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const s = await serve();
    const res = await fetch(s.url + '/login');
    if (res.status !== 200) throw new Error('login page ' + res.status);
    times.push(s.startup_ms);
    s.proc.removeAllListeners('exit');
    await stop(s.proc);
  }
  // the reference: the same binary started without a database (exec and
  // the dynamic loading of its libraries only)
  const bare = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    sh(BIN, ['--version']);
    bare.push(ms(t0));
  }
  results.startup = { median_ms: median(times), runs_ms: times, exec_only_median_ms: median(bare) };
}

// A session: the cookie and the CSRF token.
async function session(url, user) {
  let cookie = '';
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const kv = c.split(';')[0];
      const [k] = kv.split('=');
      cookie = [...cookie.split('; ').filter((x) => x && !x.startsWith(k + '=')), kv].join('; ');
    }
  };
  let res = await fetch(url + '/login', { redirect: 'manual' });
  keep(res);
  const csrf = (await res.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];
  res = await fetch(url + '/login', { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type':
    'application/x-www-form-urlencoded', origin: url }, body: new URLSearchParams({ csrf, username: user.username,
    password: user.password }).toString() });
  keep(res);
  if (res.status !== 303) throw new Error(`login as ${user.username}: ${res.status}`);
  res = await fetch(url + '/indstillinger', { headers: { cookie } });
  const token = (await res.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];
  return { cookie, csrf: token };
}

// ---- wrk
function luaString(s) { return JSON.stringify(s); }
// once: each request's body ends with a form token of its own, as the
// browser's form sends (form_begin: a change is made once however often
// the form is sent); the tokens are this run's prefix, wrk's thread and a
// counter, so no two requests of the run or of earlier runs share one.
function wrkScript(name, { paths, method = 'GET', headers = {}, body = null, once = false }) {
  const file = join(DIR, name + '.lua');
  const hs = Object.entries(headers).map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`).join(', ');
  const run = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
  writeFileSync(file, `local paths = {${paths.map(luaString).join(', ')}}
local headers = {${hs}}
local body = ${body === null ? 'nil' : luaString(body)}
math.randomseed(7)
${once ? `local threads = 1
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local n = 0
local function with_once(b) n = n + 1; return b .. string.format("&once=${run}%016x%032x", tid, n) end` :
  'local function with_once(b) return b end'}
request = function()
  return wrk.format(${luaString(method)}, paths[math.random(#paths)], headers, body and with_once(body))
end
`);
  return file;
}
function parseWrk(out) {
  const unit = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 }[u] ?? 1);
  const lat = (p) => { const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s|m)`)); return m ? unit(m[1], m[2]) : null; };
  const rps = Number((out.match(/Requests\/sec:\s+([\d.]+)/) || [])[1] || 0);
  const non2xx = Number((out.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [])[1] || 0);
  const sock = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const timeouts = sock ? Number(sock[4]) : 0;
  const errors = non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  const requests = Number((out.match(/(\d+) requests in/) || [])[1] || 0);
  // wrk counts a request that took longer than --timeout as a socket
  // timeout, not as a request: with no request answered in time there is
  // no latency distribution (p99 null), which must not pass a target.
  const none = requests === 0;
  return { rps, p50_ms: none ? null : lat(50), p90_ms: none ? null : lat(90), p99_ms: none ? null : lat(99), errors, timeouts,
    non2xx, requests };
}
// Asynchronous (never spawnSync while the server is under load: see serve()).
function wrk(url, script, { connections = 64, seconds = SECONDS } = {}) {
  return new Promise((ok, fail) => {
    const p = spawn('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, `--timeout`, `${WRK_TIMEOUT}s`, '--latency',
      '-s', script, url]);
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (c) => (c === 0 ? ok(parseWrk(out)) : fail(new Error('wrk: ' + err))));
  });
}
function wrkAsync(url, script, opts = {}) {
  const { connections = 16, seconds = SECONDS } = opts;
  return new Promise((ok) => {
    const p = spawn('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, `--timeout`, `${WRK_TIMEOUT}s`, '--latency',
      '-s', script, url]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', () => ok(parseWrk(out)));
  });
}

// The server's CPU seconds so far (/proc/PID/stat utime + stime).
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { return 0; }
}
// When wrk stops, the server still works through the requests it had
// already read (it does not notice that the client has gone): with a slow
// page and 64 connections that is many seconds of work, which would land
// in the next measurement.  Wait until the server has been idle for 0.5 s
// (at most 5 minutes) and say how long that took.
async function drain(pid) {
  const t0 = Date.now();
  let last = cpuSeconds(pid), idle = 0;
  while (idle < 5 && Date.now() - t0 < 300000) {
    await new Promise((ok) => setTimeout(ok, 100));
    const now = cpuSeconds(pid);
    idle = now - last < 0.005 ? idle + 1 : 0;
    last = now;
  }
  return Math.max(0, (Date.now() - t0) / 1000 - 0.5);
}
async function wrkDrained(s, script, opts) {
  const r = await wrk(s.url, script, opts);
  r.drain_seconds = await drain(s.proc.pid);
  return r;
}

// ---- nginx serving the same bytes
async function nginx(bytes) {
  const root = join(DIR, 'static');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'page.html'), bytes);
  const port = 18000 + Math.floor(Math.random() * 1000);
  const conf = join(DIR, 'nginx.conf');
  writeFileSync(conf, `worker_processes ${cpus().length};
pid ${DIR}/nginx.pid;
error_log ${DIR}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=100 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path ${DIR}/nginx-body;
  proxy_temp_path ${DIR}/nginx-proxy;
  fastcgi_temp_path ${DIR}/nginx-fastcgi;
  uwsgi_temp_path ${DIR}/nginx-uwsgi;
  scgi_temp_path ${DIR}/nginx-scgi;
  types { text/html html; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`);
  const p = spawn('nginx', ['-c', conf, '-p', DIR, '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/page.html`)).status === 200) break; } catch { /* not yet */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const script = wrkScript('nginx', { paths: ['/page.html'] });
  const r = await wrk(`http://127.0.0.1:${port}`, script);
  p.kill('SIGQUIT');
  await new Promise((ok) => p.on('exit', ok));
  return r;
}

// ---- memory: the server's resident memory, sampled
function memSampler(pid) {
  let maxAnon = 0, atPhase = null; // and the step it was reached in
  const byStep = {}; // the peak of each step
  const t = setInterval(() => {
    try {
      const s = readFileSync(`/proc/${pid}/status`, 'utf8');
      const anon = Number((s.match(/RssAnon:\s+(\d+)/) || [])[1] || 0);
      if (anon > maxAnon) { maxAnon = anon; atPhase = phase; }
      if (anon > (byStep[phase] || 0)) byStep[phase] = anon;
    } catch { /* gone */ }
  }, 50);
  return {
    stop() {
      clearInterval(t);
      let hwm = 0;
      try { hwm = Number((readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/) || [])[1] || 0); } catch { /* gone */ }
      return { peak_rss_mb: hwm / 1024, peak_anon_mb: maxAnon / 1024, peak_anon_during: atPhase,
        peak_anon_mb_by_step: Object.fromEntries(Object.entries(byStep).map(([k, v]) => [k, v / 1024])) };
    },
  };
}

// ---- reports end to end, and the same aggregate in sqlite3
async function timeGet(url, path, cookie, runs = 5) {
  const times = [];
  let status = 0, bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url + path, { headers: { cookie } });
    const body = await res.arrayBuffer();
    times.push(ms(t0));
    status = res.status;
    bytes = body.byteLength;
  }
  return { median_ms: median(times), max_ms: Math.max(...times), status, bytes };
}
// What a durable commit costs on this disk: the sqlite3 tool committing one
// small row per transaction in a WAL database with synchronous=FULL (as the
// server commits a change), one process, for 3 s.  A form that saves a
// change answers only after its commit, so this is the ceiling for changes
// per second whatever the server does.
function commitReference() {
  const file = join(DIR, 'commit-reference.db');
  for (const x of ['', '-wal', '-shm']) rmSync(file + x, { force: true });
  const n = 1500;
  const script = ['PRAGMA journal_mode=WAL;', 'PRAGMA synchronous=FULL;', 'CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);',
    '.timer on', ...Array.from({ length: n }, (_, i) => `INSERT INTO t(v) VALUES ('contact ${i}');`)].join('\n') + '\n';
  const r = spawnSync('sqlite3', [file], { input: script, encoding: 'utf8', maxBuffer: 1 << 26 });
  const all = [...(r.stdout || '').matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  for (const x of ['', '-wal', '-shm']) rmSync(file + x, { force: true });
  const ms = all.reduce((a, b) => a + b, 0);
  return { transactions: all.length, ms, per_second: all.length && ms ? all.length / (ms / 1000) : null };
}

// ---- the period of the reports, and the reference SQL with its parameters
const iso = (d) => d.toISOString().slice(0, 10);
const day = (s) => new Date(s + 'T00:00:00Z');
const addDays = (s, n) => { const d = day(s); d.setUTCDate(d.getUTCDate() + n); return iso(d); };
const addMonths = (s, n) => { const d = day(s); d.setUTCMonth(d.getUTCMonth() + n); return iso(d); };
const quarterStart = (s) => `${s.slice(0, 4)}-${String(Math.floor((Number(s.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
// The last four finished calendar quarters before today (as the reports' own default).
function period(today) {
  const q = quarterStart(today);
  return { from: addMonths(q, -12), to: addDays(q, -1) };
}
// The dashboard's 8 quarters up to ref, oldest first (overview.c quarters_back), and its first month.
function dashQuarters(ref, n = 8) {
  const qs = [];
  let d = ref;
  for (let i = 0; i < n; i++) {
    const from = quarterStart(d), to = addDays(addMonths(from, 3), -1);
    qs.unshift({ from, to, end: to > ref ? ref : to });
    d = addDays(from, -1);
  }
  return qs;
}
// A sqlite3 script: the server's mmap_size, the parameters bound (as the
// server binds them, not pasted into the SQL), the statements timed one by
// one (.timer), the rows formatted to /dev/null; per_quarter statements run
// once per quarter with :qfrom, :qto, :qend.
function sqliteScript(ref, params, quarters) {
  const lit = (v) => (typeof v === 'number' ? String(v) : `"'${v}'"`);
  const set = (o) => Object.entries(o).map(([k, v]) => `.parameter set :${k} ${lit(v)}`).join('\n');
  const check = (sql, o) => {
    for (const [, k] of sql.matchAll(/:([a-z_]+)/g)) if (!(k in o)) throw new Error(`reference.json: no value for :${k}`);
  };
  const out = ['PRAGMA mmap_size=2147418112;', '.parameter init', set(params), '.output /dev/null', '.timer on'];
  for (const sql of ref.statements) { check(sql, params); out.push(sql); }
  for (const q of ref.per_quarter ? quarters : []) {
    const o = { ...params, qfrom: q.from, qto: q.to, qend: q.end };
    out.push(set({ qfrom: q.from, qto: q.to, qend: q.end }));
    for (const sql of ref.per_quarter) { check(sql, o); out.push(sql); }
  }
  return out.join('\n') + '\n';
}
function sqliteTime(script, runs = 5) {
  const times = [];
  let statements = 0;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('sqlite3', ['-bail', DB], { input: script, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0 || r.stderr) throw new Error('sqlite3: ' + r.stderr);
    const all = [...(r.stdout || '').matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
    statements = all.length;
    times.push(all.reduce((a, b) => a + b, 0));
  }
  return { ms: median(times), statements };
}
function sqliteRows(sql, params) {
  const lit = (v) => (typeof v === 'number' ? String(v) : `'${v}'`);
  return Number(q(`SELECT COUNT(*) FROM (${sql.replace(/;\s*$/, '').replace(/:([a-z_]+)/g, (_, k) => lit(params[k]))})`));
}

function q(sql) { return execFileSync('sqlite3', [DB, sql], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim(); }

async function main() {
  machine();
  step('start');
  generate();
  const users = logins();
  for (const role of ['project_leader', 'coordinator', 'support', 'leader'])
    if (!users[role]) throw new Error(`no ${role} login in ${LOGINS}`);
  // the database file into the page cache, as on a server that has run a while
  spawnSync('cat', [DB], { stdio: ['ignore', 'ignore', 'ignore'] });
  step('start-up');
  await startup();
  log(`start-up ${results.startup.median_ms.toFixed(1)} ms`);

  const s = await serve();
  const mem = memSampler(s.proc.pid);
  // the four logins, one after the other: each password check is Argon2id
  // with 64 MiB (auth.c), the server's largest allocation
  step('logins (Argon2id, 64 MiB per password check)');
  const pl = await session(s.url, users.project_leader);
  const coord = await session(s.url, users.coordinator);
  const sup = await session(s.url, users.support);
  const leader = await session(s.url, users.leader);
  const muni = q(`SELECT municipality_id FROM users WHERE username = '${users.project_leader.username.replace(/'/g, "''")}'`);
  const ids = q(`SELECT id FROM person WHERE municipality_id = ${Number(muni)} ORDER BY id`).split('\n').filter(Boolean);
  log(`${ids.length} young people in the project leader's municipality`);
  const personPaths = ids.map((id) => `/unge/${id}`);

  // the young person's page, and nginx serving the same bytes
  const one = await fetch(s.url + personPaths[0], { headers: { cookie: pl.cookie } });
  const bytes = Buffer.from(await one.arrayBuffer());
  step("the young person's page");
  const personScript = wrkScript('person', { paths: personPaths, headers: { Cookie: pl.cookie } });
  await wrk(s.url, personScript, { seconds: 3 }); // warm-up, not counted: the database's pages into the server's mmap
  await drain(s.proc.pid);
  // nginx just before and just after the page, and the ratio against the
  // mean of the two: this shared machine's speed drifts by a quarter within
  // minutes, and a reference taken on one side only carried that drift into
  // the ratio
  const before = await nginx(bytes);
  const person = await wrkDrained(s, personScript);
  const after = await nginx(bytes);
  const refRps = (before.rps + after.rps) / 2;
  results.pages.push({ page: "the young person's page (/unge/:id, random)", ...person, bytes: bytes.length,
    nginx_rps: refRps, nginx_rps_before: before.rps, nginx_rps_after: after.rps,
    nginx_p99_ms: Math.max(before.p99_ms, after.p99_ms), ratio: person.rps / refRps });
  log(`person page ${person.rps.toFixed(0)} req/s, nginx ${before.rps.toFixed(0)} before and ${after.rps.toFixed(0)} after`);

  // other pages
  const pages = [
    ['the caseload list (/mine-unge, coordinator)', '/mine-unge', coord],
    ['the leadership dashboard (/overblik, leader)', '/overblik', leader],
  ];
  step('the other pages');
  for (const [name, path, who] of pages) {
    // one request first, not counted (like the young person's page's warm-up):
    // the dashboard's figures are then kept, as on a server that has run a while
    await (await fetch(s.url + path, { headers: { cookie: who.cookie } })).arrayBuffer();
    results.pages.push({ page: name, ...(await wrkDrained(s, wrkScript(path.replace(/\W/g, '_'), { paths: [path], headers: { Cookie: who.cookie } }))) });
  }

  // the support worker's contact form POST
  const supMuni = q(`SELECT municipality_id FROM users WHERE username = '${users.support.username}'`);
  const supId = q(`SELECT id FROM users WHERE username = '${users.support.username}'`);
  const open = q(`SELECT c.person_id || ' ' || sc.id FROM support_worker w JOIN support_course sc ON sc.id = w.support_id
    JOIN course c ON c.id = sc.course_id WHERE w.user_id = ${Number(supId)} AND w.to_on IS NULL AND sc.end_on IS NULL LIMIT 1`);
  if (open && supMuni) {
    const [pid, sid] = open.split(' ');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
    const body = new URLSearchParams({ csrf: sup.csrf, kind: 'face', on_date: today, minutes: '45', travel_minutes: '10',
      place: 'home', note: 'Benchmark' }).toString();
    const path = `/unge/${pid}/bostoette/${sid}/kontakter`;
    const check = await fetch(s.url + path, { method: 'POST', redirect: 'manual', headers: { cookie: sup.cookie,
      'content-type': 'application/x-www-form-urlencoded', origin: s.url }, body });
    const contacts = () => Number(q(`SELECT COUNT(*) FROM contact WHERE support_id = ${Number(sid)}`));
    const before = contacts();
    const r = await wrkDrained(s, wrkScript('contact', { paths: [path], method: 'POST', body, once: true,
      headers: { Cookie: sup.cookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url } }));
    // every answered POST saved one contact (none was taken for a form sent twice)
    const saved = contacts() - before;
    results.pages.push({ page: `the contact form POST (${path.replace(/\d+/g, ':id')})`, first_status: check.status, ...r,
      contacts_saved: saved, commits: commitReference() });
  }

  // the reports end to end, for an explicit period (the last four finished
  // calendar quarters; the dashboard: its 8 quarters up to the period's end),
  // and next to each the same statements in sqlite3 with the same values
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  const { from, to } = period(today);
  const qs = dashQuarters(to);
  const params = { muni: Number(muni), from, to, today, ref: to, first_month: addMonths(`${to.slice(0, 7)}-01`, -11),
    first_quarter_from: qs[0].from, last_quarter_end: qs[qs.length - 1].end, last_quarter_to: qs[qs.length - 1].to };
  results.period = { from, to, today, municipality_id: Number(muni), young_people: ids.length, dashboard_quarters: qs };
  const fratil = `fra=${from}&til=${to}`;
  const reports = [
    ['outcome (/resultater)', `/resultater?${fratil}`, leader, 'outcome'],
    ['cost (/omkostninger)', `/omkostninger?${fratil}`, leader, 'cost'],
    ['dashboard (/overblik)', `/overblik?til=${to}`, leader, 'dashboard'],
    ['pseudonymised export (/eksport/pseudonym?format=csv)', `/eksport/pseudonym?format=csv&${fratil}`, pl, 'pseudonym'],
  ];
  const refSql = JSON.parse(readFileSync(join(ROOT, 'bench', 'reference.json'), 'utf8'));
  step('reports');
  for (const [name, path, who, key] of reports) {
    const t = await timeGet(s.url, path, who.cookie);
    const ref = refSql[key];
    const sq = ref ? sqliteTime(sqliteScript(ref, params, qs)) : null;
    const entry = { report: name, path, ...t, sqlite_ms: sq?.ms ?? null, sqlite_statements: sq?.statements ?? null,
      ratio: sq ? t.median_ms / sq.ms : null };
    if (ref?.measure_schedule_lists)
      entry.measure_schedule_calls = ref.measure_schedule_lists.reduce((a, i) => a + sqliteRows(ref.statements[i], params), 0);
    if (ref?.not_in_sql) entry.not_in_sql = ref.not_in_sql;
    results.reports.push(entry);
    log(`${name}: ${t.median_ms.toFixed(1)} ms, status ${t.status} (sqlite3 ${sq?.ms.toFixed(1)} ms, ${sq?.statements} statements)`);
  }
  step("the young person's page during the reports");
  {
    const during = wrkAsync(s.url, wrkScript('person-during', { paths: personPaths, headers: { Cookie: pl.cookie } }),
      { connections: 16, seconds: SECONDS });
    const until = Date.now() + SECONDS * 1000 - 500;
    let n = 0;
    while (Date.now() < until) {
      for (const [, path, who] of reports) { await (await fetch(s.url + path, { headers: { cookie: who.cookie } })).arrayBuffer(); n++; }
    }
    results.during_report = { ...(await during), reports_run: n };
    results.during_report.drain_seconds = await drain(s.proc.pid);
  }
  step('end');
  results.memory = mem.stop();
  s.proc.removeAllListeners('exit');
  await stop(s.proc);
  // the data set after all of it: a run that damaged it is no measurement
  results.integrity = {
    case_data: q('PRAGMA quick_check').split('\n').slice(0, 5).join('; '),
    access_log: execFileSync('sqlite3', [DB + '-accesslog', 'PRAGMA quick_check'], { encoding: 'utf8' }).trim().split('\n').slice(0, 5).join('; '),
  };
  log(`integrity after the run: case data ${results.integrity.case_data}, access log ${results.integrity.access_log}`);
  targets();
  write();
}

function targets() {
  const t = results.targets;
  if (results.integrity)
    t.push(['the data set intact after the run (PRAGMA quick_check)', `case data: ${results.integrity.case_data}; access log: ${results.integrity.access_log}`,
      results.integrity.case_data === 'ok' && results.integrity.access_log === 'ok']);
  const p = results.pages[0];
  t.push(["young person's page ≥ 0.20 × nginx", `${p.ratio.toFixed(3)} ×`, p.ratio >= 0.2]);
  const p99 = (x) => (x.p99_ms === null || x.p99_ms === undefined ? 'no answer in time' : `${x.p99_ms.toFixed(1)} ms`);
  const errs = (x) => `${x.errors} errors${x.timeouts ? ` (${x.timeouts} timeouts over ${WRK_TIMEOUT} s)` : ''}`;
  const fast = (x) => x.requests > 0 && x.p99_ms !== null && x.p99_ms < 20;
  for (const pg of results.pages)
    t.push([`${pg.page}: p99 < 20 ms, no errors`, `${p99(pg)}, ${errs(pg)}`, fast(pg) && pg.errors === 0]);
  for (const r of results.reports) {
    t.push([`${r.report}: < 300 ms`, `${r.median_ms.toFixed(1)} ms`, r.median_ms < 300 && r.status === 200]);
    if (r.ratio !== null) t.push([`${r.report}: ≤ 2 × sqlite3`, `${r.ratio.toFixed(2)} ×`, r.ratio <= 2]);
  }
  const d = results.during_report;
  t.push(["young person's page during reports: p99 < 20 ms", `${p99(d)}, ${errs(d)}`, fast(d) && d.errors === 0]);
  t.push(['peak memory (anonymous RSS) < 100 MB', `${results.memory.peak_anon_mb.toFixed(1)} MB`, results.memory.peak_anon_mb < 100]);
  t.push(['start-up < 100 ms', `${results.startup.median_ms.toFixed(1)} ms`, results.startup.median_ms < 100]);
  if (results.generation.rows_per_second)
    t.push(['generation ≥ 200,000 rows/s', `${results.generation.rows_per_second} rows/s`, results.generation.rows_per_second >= 200000]);
}

function write() {
  const r = results, f = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
  const g = r.generation, md = [];
  const loads = r.load.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  md.push('# Benchmarks', '', `Measured by \`make bench\` (bench/run.mjs) on ${r.date.slice(0, 16).replace('T', ' ')} UTC; every figure below comes from the same run. What limits each figure, what was tried and what the next step is: docs/performance.md.`, '');
  md.push('## Machine', '', `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memory_gb} GB, Linux ${r.machine.kernel}; SQLite ${r.machine.sqlite}, ${r.machine.nginx}, ${r.machine.wrk}.`, '',
    `The machine was shared with other work during the run; its 1-minute load average at each step: ${loads}. With 2 cores, a load above 2 means the server, wrk and nginx got less than the whole machine, which lowers every req/s below and raises every latency (the ratios to nginx and to sqlite3 less so, as the references ran under the same load).`, '');
  md.push('## Data set', '', `\`hjemvej demo --scale national\` (src/natgen.c; ${g.people ?? r.people} young people in ${g.municipalities ?? '?'} municipalities, seed ${g.seed ?? 1}): ${g.rows ?? '?'} rows in ${f(g.seconds)} s, **${g.rows_per_second ?? '?'} rows/s** (loading ${f(g.load_seconds)} s, then ${g.indexes ?? '?'} indexes in ${f(g.index_seconds)} s; ${f(g.cpu_seconds)} s of CPU, ${g.rows_per_cpu_second ?? '?'} rows per CPU second); ${g.db_mb ?? '?'} MB. Figures from ${g.from ?? '?'}.`, '');
  md.push('## Pages', '', `\`wrk -t2 -c64 -d${r.seconds}s --timeout ${WRK_TIMEOUT}s --latency\` with a logged-in session; the young person's page for random young people of municipality ${r.period.municipality_id} (${r.period.young_people} young people, the largest), as its project leader. Before each page's run, one request that is not counted (the young person's page: 3 s of wrk), so that the dashboard's figures are kept as on a server that has run a while. An answer slower than ${WRK_TIMEOUT} s is a timeout and counts as an error; a run where no answer came in time has no latency figures.`, '');
  md.push('| page | requests | req/s | p50 ms | p99 ms | errors (timeouts) | server busy after wrk stopped, s | reference |', '|---|---|---|---|---|---|---|---|');
  for (const p of r.pages)
    md.push(`| ${p.page} | ${p.requests} | ${f(p.rps, 0)} | ${f(p.p50_ms, 2)} | ${f(p.p99_ms, 2)} | ${p.errors} (${p.timeouts ?? 0}) | ${f(p.drain_seconds)} | ${p.nginx_rps ? `nginx, same ${p.bytes} bytes: ${p.nginx_rps_before ? `${f(p.nginx_rps_before, 0)} req/s just before and ${f(p.nginx_rps_after, 0)} just after, mean ` : ''}${f(p.nginx_rps, 0)} req/s, p99 ${f(p.nginx_p99_ms, 2)} ms; ratio ${f(p.ratio, 3)}` : ''}${p.commits?.per_second ? `sqlite3 committing one row per transaction (WAL, synchronous=FULL) on the same disk: ${f(p.commits.per_second, 0)} commits/s` : ''}${p.contacts_saved !== undefined ? `; ${p.contacts_saved} contacts saved, each POST with a form token of its own as the browser's form sends` : ''} |`);
  md.push('', '## Reports', '', `End to end over HTTP (median of 5, sequential, one connection) for the period ${r.period.from} to ${r.period.to} (the last four finished calendar quarters; the dashboard: its 8 quarters up to ${r.period.to}), and the same SQL statements run in the \`sqlite3\` command-line tool on the same database with the same values bound (median of 5; the sum of the statements' \`.timer\` times, the server's \`mmap_size\`, rows formatted to /dev/null). The statements are in bench/reference.json, copied from the C source; what the page does in C between them is not in the reference. Each sqlite3 run is a new process (its first statement also pays for opening the database and mapping its pages), while the server's connection is warm: a ratio under 1 means the page costs about what its SQL costs, not that the page beats SQLite.`, '');
  md.push('| report | median ms | max ms | status | bytes | sqlite3 ms (statements) | ratio |', '|---|---|---|---|---|---|---|');
  for (const x of r.reports) md.push(`| ${x.report} | ${f(x.median_ms)} | ${f(x.max_ms)} | ${x.status} | ${x.bytes} | ${f(x.sqlite_ms)} (${x.sqlite_statements ?? '–'}) | ${f(x.ratio, 2)} |`);
  for (const x of r.reports) if (x.not_in_sql)
    md.push('', `${x.report}: not in the sqlite3 reference: ${x.not_in_sql}${x.measure_schedule_calls !== undefined ? ` In this run: ${x.measure_schedule_calls} measure_schedule calls.` : ''}`);
  const d = r.during_report;
  md.push('', `The young person's page while the reports ran one after the other in a loop (${d.reports_run} reports; wrk -c16, ${r.seconds} s): ${d.requests} requests, ${f(d.rps, 0)} req/s, p99 ${f(d.p99_ms, 2)} ms, ${d.errors} errors (${d.timeouts ?? 0} timeouts).`, '');
  md.push('## Memory and start-up', '', `Peak RSS ${f(r.memory.peak_rss_mb)} MB (VmHWM, includes the database pages mapped by SQLite's mmap); peak anonymous RSS ${f(r.memory.peak_anon_mb)} MB${r.memory.peak_anon_during ? ` (reached during: ${r.memory.peak_anon_during})` : ''} (sampled every 50 ms: the server's own memory and SQLite's page cache, which is at most 8 MB per connection, one connection per worker thread and one for the log writer)${r.memory.peak_anon_mb_by_step ? `; the peak of each step: ${Object.entries(r.memory.peak_anon_mb_by_step).map(([k, v]) => `${k} ${f(v)} MB`).join(', ')}` : ''}. Start-up on the national database: median ${f(r.startup.median_ms)} ms of 5 (from exec to "serving on"; the database file in the page cache); the same binary started without a database (\`hjemvej --version\`: exec and loading its shared libraries) takes ${f(r.startup.exec_only_median_ms)} ms.`, '');
  md.push('## Targets (issue 7)', '', '| target | measured | met |', '|---|---|---|');
  for (const [what, got, ok] of r.targets) md.push(`| ${what} | ${got} | ${ok ? 'yes' : '**no**'} |`);
  md.push('');
  writeFileSync(join(OUT, 'benchmarks.md'), md.join('\n'));
  writeFileSync(join(OUT, 'benchmarks.json'), JSON.stringify(r, null, 2) + '\n');
  log(`wrote ${join(OUT, 'benchmarks.md')} and benchmarks.json`);
}

// BENCH_REWRITE=1: write docs/benchmarks.md again from docs/benchmarks.json (no measuring).
if (process.env.BENCH_REWRITE) {
  Object.assign(results, JSON.parse(readFileSync(join(OUT, 'benchmarks.json'), 'utf8')));
  write();
} else {
  main().catch((e) => { console.error(e); process.exit(1); });
}
