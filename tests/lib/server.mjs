// Test harness: runs the real hjemvej binary (HJEMVEJ_BIN, default
// build/hjemvej) on a fresh database and a free loopback port, and gives a
// small cookie-keeping HTTP client.  stop() fails the test when the server
// did not exit cleanly or a sanitizer reported anything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

export const BIN = process.env.HJEMVEJ_BIN || resolve('build/hjemvej');
export const ROOT = resolve('.');

export function hv(args, input) {
  const r = spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const PASSWORD = 'korrekt hest batteri hæfteklamme';

// A fresh database with a municipality and one user per role
// (username = role key), all with PASSWORD.
export function makeDb(dir, extraUsers = []) {
  const db = join(dir, 'test.db');
  const init = hv(['init', '--db', db, '--municipality', 'Testkommune']);
  if (init.code !== 0) throw new Error('init failed: ' + init.stderr);
  const users = [['leader', 'leader'], ['project_leader', 'project_leader'], ['coordinator', 'coordinator'],
    ['coordinator2', 'coordinator'], ['support', 'support'], ['team', 'team'], ['admin2', 'admin'], ...extraUsers];
  for (const [u, role] of users) {
    const r = hv(['user', 'add', '--db', db, '--username', u, '--name', 'Test ' + u, '--role', role,
      '--municipality', 'Testkommune', '--password-stdin'], PASSWORD + '\n');
    if (r.code !== 0) throw new Error('user add failed: ' + r.stderr);
  }
  return db;
}

export async function startServer({ args = [], db, dir } = {}) {
  dir = dir || mkdtempSync(join(tmpdir(), 'hjemvej-test-'));
  db = db || makeDb(dir);
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const t = setTimeout(() => fail(new Error('server did not start: ' + stderr)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/[^\s]+?)\/?\n/);
      if (m) { clearTimeout(t); ok(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(t); fail(new Error('server exited ' + code + ': ' + stderr)); });
  });
  // a server that dies in the middle of a test says why
  let stopping = false;
  proc.on('exit', (code, sig) => {
    if (!stopping) console.error(`hjemvej server exited (${code} ${sig}) during the test:\n${stderr.slice(-4000)}`);
  });
  const server = {
    url, db, dir, proc,
    get stderr() { return stderr; },
    async stop() {
      if (proc.exitCode !== null) return;
      stopping = true;
      const done = new Promise((ok) => proc.on('exit', (code, sig) => ok({ code, sig })));
      proc.kill('SIGTERM');
      const { code, sig } = await done;
      if (code !== 0 || /AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr)) {
        throw new Error(`server exit ${code} ${sig}\n${stderr.slice(-4000)}`);
      }
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
  return server;
}

// A client that keeps cookies like a browser would (the __Host- cookies
// are Secure; Node's fetch does not store cookies at all, so we do).
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async req(method, path, { form, headers = {}, body, redirect = 'manual' } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (form) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect });
    const setc = res.headers.getSetCookie ? res.headers.getSetCookie()
      : (res.headers.get('set-cookie') || '').split(/,(?=\s*[^;=\s]+=)/).filter(Boolean);
    for (const c of setc) {
      const [kv, ...attrs] = c.split(';');
      const i = kv.indexOf('=');
      const k = kv.slice(0, i).trim(), v = kv.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a))) this.cookies.delete(k); else this.cookies.set(k, v);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }
  get(path, opts) { return this.req('GET', path, opts); }
  post(path, form, opts = {}) { return this.req('POST', path, { ...opts, form }); }
  csrfFrom(html) { const m = html.match(/name="csrf" value="([0-9a-f]+)"/); return m && m[1]; }
  async login(username, password = PASSWORD) {
    const page = await this.get('/login');
    const csrf = this.csrfFrom(page.text);
    const res = await this.post('/login', { csrf, username, password });
    return res;
  }
  // GET a page and return its CSRF token (for a following POST).
  async csrf(path = '/indstillinger') { return this.csrfFrom((await this.get(path)).text); }
}

// Runs tidy on a page; returns its errors (warnings are allowed).
export function tidyErrors(html) {
  const r = spawnSync('tidy', ['-q', '-e', '--show-warnings', 'no', '--drop-empty-elements', 'no'],
    { input: html, encoding: 'utf8' });
  return r.status >= 2 ? r.stderr : '';
}

// The sqlite3 tool on a database with its access log attached (db.c: the
// file DB-accesslog, the schema "log"), so that audit_log names the log's
// table as it does in the program.
export function sqlite(db, sql) {
  return execFileSync('sqlite3', ['-cmd', `ATTACH '${db.replaceAll("'", "''")}-accesslog' AS log`, db, sql],
    { encoding: 'utf8' });
}

// Migration 18: the courses whose kept_ columns differ from what their source
// tables give (the triggers and the bulk load's end keep this at 0).
export const KEPT_WRONG = 'SELECT COUNT(*) FROM course c WHERE'
  + ' c.kept_combination IS NOT (SELECT a.combination FROM allocation a WHERE a.course_id = c.id)'
  + ' OR c.kept_end_kind IS NOT (SELECT x.kind FROM course_end x WHERE x.course_id = c.id)'
  + [1, 2, 3, 4, 5, 6, 7].map((k) => ` OR c.kept_step${k}_on IS NOT`
    + ` (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = ${k})`).join('')
  + ' OR c.kept_home_found_on IS NOT (SELECT MIN(h.on_date) FROM home_found h WHERE h.course_id = c.id)'
  + ' OR c.kept_referred_on IS NOT (SELECT MIN(f.referred_on) FROM referral f WHERE f.course_id = c.id)';

export function writeTemp(dir, name, text) { const p = join(dir, name); writeFileSync(p, text); return p; }
