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
// (make the data set again), BENCH_OUT (default docs).
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
const DB = join(DIR, `national-${PEOPLE}.db`);
const LOGINS = join(DIR, `national-${PEOPLE}.logins`);
mkdirSync(DIR, { recursive: true });

const results = { date: new Date().toISOString(), people: PEOPLE, seconds: SECONDS, machine: {}, generation: {},
  startup: {}, pages: [], reports: [], during_report: {}, memory: {}, targets: [] };
const log = (...a) => console.log('bench:', ...a);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (a) => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : 0; };
const sh = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' });

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
    return;
  }
  rmSync(DB, { force: true });
  log(`making the national data set (${PEOPLE} young people) ...`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(BIN, ['demo', '--scale', 'national', '--people', String(PEOPLE), '--seed', '1', '--db', DB,
    '--no-serve'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = ms(t0) / 1000;
  if (r.status !== 0) throw new Error('generation failed: ' + r.stderr);
  writeFileSync(LOGINS, r.stdout);
  const m = r.stdout.match(/rows:\s*(\d+)\s+in\s+([\d.]+)\s*s\s*\((\d+)\s*rows\/s\)/);
  results.generation = { seconds: wall, rows: m ? Number(m[1]) : null, rows_per_second: m ? Number(m[3]) : null,
    db_mb: Math.round(statSync(DB).size / 2 ** 20) };
  writeFileSync(join(DIR, `national-${PEOPLE}.generation.json`), JSON.stringify(results.generation));
}

// The logins printed by the generator: "  username  password  role".
function logins() {
  const text = existsSync(LOGINS) ? readFileSync(LOGINS, 'utf8') : '';
  const by = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^\s+(\S+)\s+(\S+)\s+(coordinator|project_leader|support|leader|team|admin)\s*$/);
    if (m && !by[m[3]]) by[m[3]] = { username: m[1], password: m[2] };
  }
  return by;
}

// ---- the server
function serve() {
  return new Promise((ok, fail) => {
    const t0 = process.hrtime.bigint();
    const proc = spawn(BIN, ['serve', '--db', DB, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/[^\s]+?)\/?\n/);
      if (m) ok({ proc, url: m[1], startup_ms: ms(t0) });
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
  results.startup = { median_ms: median(times), runs_ms: times };
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
function wrkScript(name, { paths, method = 'GET', headers = {}, body = null }) {
  const file = join(DIR, name + '.lua');
  const hs = Object.entries(headers).map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`).join(', ');
  writeFileSync(file, `local paths = {${paths.map(luaString).join(', ')}}
local headers = {${hs}}
local body = ${body === null ? 'nil' : luaString(body)}
math.randomseed(7)
request = function()
  return wrk.format(${luaString(method)}, paths[math.random(#paths)], headers, body)
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
  const errors = non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  const requests = Number((out.match(/(\d+) requests in/) || [])[1] || 0);
  return { rps, p50_ms: lat(50), p90_ms: lat(90), p99_ms: lat(99), errors, requests };
}
function wrk(url, script, { connections = 64, seconds = SECONDS } = {}) {
  const r = spawnSync('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('wrk: ' + r.stderr);
  return parseWrk(r.stdout);
}
function wrkAsync(url, script, opts = {}) {
  const { connections = 16, seconds = SECONDS } = opts;
  return new Promise((ok) => {
    const p = spawn('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', () => ok(parseWrk(out)));
  });
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
  const r = wrk(`http://127.0.0.1:${port}`, script);
  p.kill('SIGQUIT');
  await new Promise((ok) => p.on('exit', ok));
  return r;
}

// ---- memory: the server's resident memory, sampled
function memSampler(pid) {
  let maxAnon = 0;
  const t = setInterval(() => {
    try {
      const s = readFileSync(`/proc/${pid}/status`, 'utf8');
      const anon = Number((s.match(/RssAnon:\s+(\d+)/) || [])[1] || 0);
      if (anon > maxAnon) maxAnon = anon;
    } catch { /* gone */ }
  }, 50);
  return {
    stop() {
      clearInterval(t);
      let hwm = 0;
      try { hwm = Number((readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/) || [])[1] || 0); } catch { /* gone */ }
      return { peak_rss_mb: hwm / 1024, peak_anon_mb: maxAnon / 1024 };
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
function sqliteTime(sql, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('sqlite3', [DB], { input: `.timer on\n${sql}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
    const all = [...(r.stdout || '').matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
    times.push(all.reduce((a, b) => a + b, 0));
  }
  return median(times);
}

function q(sql) { return execFileSync('sqlite3', [DB, sql], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim(); }

async function main() {
  machine();
  generate();
  const users = logins();
  for (const role of ['project_leader', 'coordinator', 'support', 'leader'])
    if (!users[role]) throw new Error(`no ${role} login in ${LOGINS}`);
  await startup();
  log(`start-up ${results.startup.median_ms.toFixed(1)} ms`);

  const s = await serve();
  const mem = memSampler(s.proc.pid);
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
  const person = wrk(s.url, wrkScript('person', { paths: personPaths, headers: { Cookie: pl.cookie } }));
  const ref = await nginx(bytes);
  results.pages.push({ page: "the young person's page (/unge/:id, random)", ...person, bytes: bytes.length,
    nginx_rps: ref.rps, nginx_p99_ms: ref.p99_ms, ratio: person.rps / ref.rps });
  log(`person page ${person.rps.toFixed(0)} req/s, nginx ${ref.rps.toFixed(0)} req/s`);

  // other pages
  const pages = [
    ['the caseload list (/mine-unge, coordinator)', '/mine-unge', coord],
    ['the leadership dashboard (/overblik, leader)', '/overblik', leader],
  ];
  for (const [name, path, who] of pages)
    results.pages.push({ page: name, ...wrk(s.url, wrkScript(path.replace(/\W/g, '_'), { paths: [path], headers: { Cookie: who.cookie } })) });

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
    const r = wrk(s.url, wrkScript('contact', { paths: [path], method: 'POST', body, headers: { Cookie: sup.cookie,
      'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url } }));
    results.pages.push({ page: `the contact form POST (${path.replace(/\d+/g, ':id')})`, first_status: check.status, ...r });
  }

  // the reports end to end, and the young person's page while they run
  const reports = [
    ['outcome (/resultater)', '/resultater', leader, 'outcome'],
    ['cost (/omkostninger)', '/omkostninger', leader, 'cost'],
    ['dashboard (/overblik)', '/overblik', leader, 'dashboard'],
    ['pseudonymised export (/eksport/pseudonym?format=csv)', '/eksport/pseudonym?format=csv', pl, 'pseudonym'],
  ];
  const refSql = JSON.parse(readFileSync(join(ROOT, 'bench', 'reference.json'), 'utf8'));
  for (const [name, path, who, key] of reports) {
    const t = await timeGet(s.url, path, who.cookie);
    const sql = (refSql[key] || []).join('\n').replaceAll(':muni', String(Number(muni)));
    const sqliteMs = sql ? sqliteTime(sql) : null;
    results.reports.push({ report: name, ...t, sqlite_ms: sqliteMs, ratio: sqliteMs ? t.median_ms / sqliteMs : null });
    log(`${name}: ${t.median_ms.toFixed(1)} ms (sqlite3 ${sqliteMs?.toFixed(1)} ms)`);
  }
  {
    const during = wrkAsync(s.url, wrkScript('person-during', { paths: personPaths, headers: { Cookie: pl.cookie } }),
      { connections: 16, seconds: SECONDS });
    const until = Date.now() + SECONDS * 1000 - 500;
    let n = 0;
    while (Date.now() < until) {
      for (const [, path, who] of reports) { await (await fetch(s.url + path, { headers: { cookie: who.cookie } })).arrayBuffer(); n++; }
    }
    results.during_report = { ...(await during), reports_run: n };
  }
  results.memory = mem.stop();
  s.proc.removeAllListeners('exit');
  await stop(s.proc);
  targets();
  write();
}

function targets() {
  const t = results.targets;
  const p = results.pages[0];
  t.push(["young person's page ≥ 0.20 × nginx", `${p.ratio.toFixed(2)} ×`, p.ratio >= 0.2]);
  for (const pg of results.pages)
    t.push([`${pg.page}: p99 < 20 ms, no errors`, `${pg.p99_ms?.toFixed(1)} ms, ${pg.errors} errors`, pg.p99_ms < 20 && pg.errors === 0]);
  for (const r of results.reports) {
    t.push([`${r.report}: < 300 ms`, `${r.median_ms.toFixed(1)} ms`, r.median_ms < 300 && r.status === 200]);
    if (r.ratio !== null) t.push([`${r.report}: ≤ 2 × sqlite3`, `${r.ratio.toFixed(2)} ×`, r.ratio <= 2]);
  }
  t.push(["young person's page during reports: p99 < 20 ms", `${results.during_report.p99_ms?.toFixed(1)} ms`, results.during_report.p99_ms < 20]);
  t.push(['peak memory (anonymous RSS) < 100 MB', `${results.memory.peak_anon_mb.toFixed(1)} MB`, results.memory.peak_anon_mb < 100]);
  t.push(['start-up < 100 ms', `${results.startup.median_ms.toFixed(1)} ms`, results.startup.median_ms < 100]);
  if (results.generation.rows_per_second)
    t.push(['generation ≥ 200,000 rows/s', `${results.generation.rows_per_second} rows/s`, results.generation.rows_per_second >= 200000]);
}

function write() {
  const r = results, f = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
  const md = [];
  md.push('# Benchmarks', '', `Measured by \`make bench\` (bench/run.mjs) on ${r.date.slice(0, 10)}; every figure below comes from the same run.`, '');
  md.push('## Machine', '', `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memory_gb} GB, Linux ${r.machine.kernel}; SQLite ${r.machine.sqlite}, ${r.machine.nginx}, ${r.machine.wrk}.`, '');
  md.push('## Data set', '', `\`hjemvej demo --scale national --people ${r.people} --seed 1\`: ${r.generation.rows ?? '?'} rows in ${f(r.generation.seconds)} s (${r.generation.rows_per_second ?? '?'} rows/s), ${r.generation.db_mb ?? '?'} MB.`, '');
  md.push('## Pages', '', `\`wrk -t2 -c64 -d${r.seconds}s --latency\` with a logged-in session; the young person's page for random young people of one municipality.`, '');
  md.push('| page | req/s | p50 ms | p99 ms | errors | reference |', '|---|---|---|---|---|---|');
  for (const p of r.pages)
    md.push(`| ${p.page} | ${f(p.rps, 0)} | ${f(p.p50_ms, 2)} | ${f(p.p99_ms, 2)} | ${p.errors} | ${p.nginx_rps ? `nginx, same ${p.bytes} bytes: ${f(p.nginx_rps, 0)} req/s, p99 ${f(p.nginx_p99_ms, 2)} ms; ratio ${f(p.ratio, 2)}` : ''} |`);
  md.push('', '## Reports', '', 'End to end over HTTP (median of 5), and the same aggregate run in the `sqlite3` command-line tool on the same database (median of 5; bench/reference.json).', '');
  md.push('| report | median ms | max ms | sqlite3 ms | ratio |', '|---|---|---|---|---|');
  for (const x of r.reports) md.push(`| ${x.report} | ${f(x.median_ms)} | ${f(x.max_ms)} | ${f(x.sqlite_ms)} | ${f(x.ratio, 2)} |`);
  md.push('', `The young person's page while the reports ran in a loop (${r.during_report.reports_run} reports; wrk -c16): ${f(r.during_report.rps, 0)} req/s, p99 ${f(r.during_report.p99_ms, 2)} ms, ${r.during_report.errors} errors.`, '');
  md.push('## Memory and start-up', '', `Peak RSS ${f(r.memory.peak_rss_mb)} MB (VmHWM, includes the database pages mapped by SQLite's mmap); peak anonymous RSS ${f(r.memory.peak_anon_mb)} MB (the server's own memory, sampled every 50 ms). Start-up on the national database: median ${f(r.startup.median_ms)} ms of 5 (from exec to "serving on").`, '');
  md.push('## Targets (issue 7)', '', '| target | measured | met |', '|---|---|---|');
  for (const [what, got, ok] of r.targets) md.push(`| ${what} | ${got} | ${ok ? 'yes' : '**no**'} |`);
  md.push('');
  writeFileSync(join(OUT, 'benchmarks.md'), md.join('\n'));
  writeFileSync(join(OUT, 'benchmarks.json'), JSON.stringify(r, null, 2) + '\n');
  log(`wrote ${join(OUT, 'benchmarks.md')} and benchmarks.json`);
}

main().catch((e) => { console.error(e); process.exit(1); });
