// The cost of one request in instructions (valgrind: scripts/bootstrap
// --bench installs it), for A/B comparisons on a shared
// machine where req/s and milliseconds vary by a quarter from run to run.
// The server runs under valgrind's callgrind; after a warm-up, the counters
// are zeroed, the requests are made one after the other, and the
// instructions of the whole process (every thread: workers, log writer)
// are divided by the requests.  The SQL statements per request come from
// the server's request log (q=).  Instruction counts are deterministic
// within about 1 %, so a change of a few per cent is visible.
//
// HJEMVEJ_BIN=path measures another build (default build/hjemvej).
//
//   node bench/cost.mjs [--db build/bench/national-100000.db] [--n 40]
//        [--page person|mine-unge|overblik|support|contact|PATH] [--user m1-projektleder]
//        [--out build/bench/cost.callgrind] [--save DIR]
//
// --save DIR writes each page's HTML to DIR/NNN.html (the session's CSRF
// token and the script nonce replaced), to show that a change leaves the pages as they
// were: diff -r DIR-before DIR-after.
//
// The callgrind file is kept: `callgrind_annotate --inclusive=yes FILE`
// shows where the instructions went.  Views add rows to the database's
// access log; nothing else is written.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.HJEMVEJ_BIN || join(ROOT, 'build/hjemvej');
const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const DB = args.db || join(ROOT, 'build/bench/national-100000.db');
const N = Number(args.n || 40);
const PAGE = args.page || 'person';
const OUT = args.out || join(ROOT, 'build/bench/cost.callgrind');
const USERS = { person: 'm1-projektleder', 'mine-unge': 'm1-koordinator1', overblik: 'm1-leder',
  support: 'm1-cti1', contact: 'm1-cti1' };
const USER = args.user || USERS[PAGE] || 'm1-projektleder';

if (!existsSync(DB)) {
  console.error(`${DB} does not exist: make one with build/hjemvej demo --scale national --people 100000 --seed 1 --db ${DB} --no-serve`);
  process.exit(2);
}
const logins = readFileSync(DB.replace(/\.db$/, '.logins'), 'utf8');
const password = logins.match(/password (\S+)/)[1];

function sql(q) {
  return execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
}

// The paths: the young person's page for N young people of municipality 1
// (the same ones every run), or one path N times.
function paths() {
  if (PAGE === 'person') {
    return sql(`SELECT id FROM person WHERE municipality_id = 1 ORDER BY (id * 7919) % 7043 LIMIT ${N}`)
      .map((id) => `/unge/${id}`);
  }
  const p = PAGE === 'mine-unge' || PAGE === 'support' ? '/mine-unge' : PAGE === 'overblik' ? '/overblik' : PAGE;
  return Array(N).fill(p);
}

let stderr = '';
const cg = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${OUT}`, '--dump-instr=no',
  BIN, 'serve', '--db', DB, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
cg.stderr.on('data', (d) => { stderr += d; });
const url = await new Promise((ok, fail) => {
  let out = '';
  cg.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/serving on (http:\/\/[^\s]+?)\/?\n/);
    if (m) ok(m[1]);
  });
  cg.on('exit', (c) => fail(new Error(`server exited ${c}: ${stderr.slice(-2000)}`)));
});

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
res = await fetch(url + '/login', { method: 'POST', redirect: 'manual', headers: { cookie,
  'content-type': 'application/x-www-form-urlencoded', origin: url },
body: new URLSearchParams({ csrf, username: USER, password }).toString() });
keep(res);
if (res.status !== 303) throw new Error(`login as ${USER}: ${res.status}`);

// contact: the support worker's contact form POST on one of their open
// support courses (each request saves a contact: use a copy of the data set)
let post = null;
if (PAGE === 'contact') {
  const r = await fetch(url + '/indstillinger', { headers: { cookie } });
  const token = (await r.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const uid = sql(`SELECT id FROM users WHERE username = '${USER}'`)[0];
  const [pid, sid] = sql(`SELECT c.person_id || ' ' || sc.id FROM support_worker w JOIN support_course sc
    ON sc.id = w.support_id JOIN course c ON c.id = sc.course_id WHERE w.user_id = ${Number(uid)}
    AND w.to_on IS NULL AND sc.end_on IS NULL LIMIT 1`)[0].split(' ');
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  post = { path: `/unge/${pid}/bostoette/${sid}/kontakter`, body: new URLSearchParams({ csrf: token, kind: 'face',
    on_date: today, minutes: '45', travel_minutes: '10', place: 'home', note: 'Benchmark' }).toString() };
}
const get = (p) => (post
  ? fetch(url + post.path, { method: 'POST', redirect: 'manual', headers: { cookie, origin: url,
    'content-type': 'application/x-www-form-urlencoded' }, body: post.body })
  : fetch(url + p, { headers: { cookie } }));
const list = post ? Array(N).fill(post.path) : paths();
// warm-up: every path once (page cache, statement cache, the dashboard's kept figures)
for (const p of list) {
  const r = await get(p);
  if (r.status !== (post ? 303 : 200)) throw new Error(`${p}: ${r.status}`);
  await r.arrayBuffer();
}
execFileSync('callgrind_control', ['--zero', String(cg.pid)]);
const mark = stderr.length;
let bytes = 0;
for (const p of list) {
  const r = await get(p);
  bytes += (await r.arrayBuffer()).byteLength;
}
execFileSync('callgrind_control', ['--dump', String(cg.pid)]);
const lines = stderr.slice(mark).split('\n').filter((l) => / q=\d+/.test(l));
if (args.save) {
  mkdirSync(args.save, { recursive: true });
  for (const [i, p] of list.entries()) {
    const r = await fetch(url + p, { headers: { cookie } });
    const html = (await r.text()).replace(/name="csrf" value="[0-9a-f]+"/g, 'name="csrf" value="csrf"').replace(/nonce="[0-9a-f]+"/g, 'nonce="n"');
    writeFileSync(join(args.save, String(i).padStart(3, '0') + '.html'), html);
  }
}
const qs = lines.map((l) => Number(l.match(/ q=(\d+)/)[1]));
cg.kill('SIGTERM');
await new Promise((ok) => cg.on('exit', ok));

// the dump made by --dump is OUT.N; sum the totals of every part written after the zero
const files = execFileSync('sh', ['-c', `ls ${OUT}.* 2>/dev/null || true`], { encoding: 'utf8' })
  .trim().split('\n').filter(Boolean);
let ir = 0;
for (const f of files) {
  const t = readFileSync(f, 'utf8').match(/^(?:summary|totals): (\d+)/m);
  if (t) ir = Math.max(ir, Number(t[1]));
}
execFileSync('sh', ['-c', `for f in ${OUT}.*; do [ -e "$f" ] && mv "$f" ${OUT}; done; true`]);
const avg = (a) => a.reduce((s, x) => s + x, 0) / (a.length || 1);
console.log(JSON.stringify({ page: PAGE, user: USER, requests: list.length,
  instructions_per_request: Math.round(ir / list.length), statements_per_request: avg(qs),
  bytes_per_request: Math.round(bytes / list.length), callgrind: OUT }));
