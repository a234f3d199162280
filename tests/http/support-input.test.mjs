// Every form of housing support (support.c, contact.c, home.c) against
// bad and hostile input: empty, negative, huge and malformed numbers and
// dates, markup, control characters, very long text, repeated fields,
// unknown catalog keys.  Whatever is sent, the answer is a refusal or a
// save (never a 500, never a dead server), and what is stored still keeps
// the rules.  The inputs come from a fixed-seed generator, so a failure
// repeats.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, hv } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (days) => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const dk = (days) => iso(days).split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();

let seed = 20261123;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const nasty = () => [
  '', ' ', '-1', '0', '7', '1440', '1441', '99999999999999999999', '1e3', '0x10', '3,5', '12 34',
  '31.02.2026', '2026-13-01', '00.00.0000', '29.02.2027', dk(-30), dk(5), dk(40), dk(400), iso(-3), '9999-12-31',
  'abc', '<script>alert(1)</script>', '"><img src=x>', 'æøå ÆØÅ', 'x'.repeat(5000), 'a\u0000b', '%00', "1'; DROP TABLE contact;--",
  'cti', 'icm', 'act', 'face', 'attempt', 'home', 'street', 'housing', 'p1_moving', 'p3_handover', 'sel85', 'none',
  'cti_done', 'eviction', 'sofa', 'social_youth', 'youth_quota', 'furniture', 'bostoette', 'psykiater',
][rnd(51)];

// The fields each form knows (and one it does not).
const forms = {
  start: ['method', 'start_on', 'worker', 'override_reason', 'tu0', 'tn0', 'td0', 'tn1', 'td1', 'bogus'],
  checklist: ['item', 'item', 'done_on', 'note'],
  undo: ['undo'],
  worker: ['worker', 'from_on', 'override_reason', 'end_member', 'tu0', 'tn0', 'td0'],
  end: ['end_on', 'end_reason', 'end_note', 'next_support', 'next_support_on'],
  contact: ['on_date', 'kind', 'minutes', 'travel_minutes', 'place', 'domain', 'domain', 'note', 'version'],
  home: ['address', 'kind', 'rent', 'found_how', 'lease_on', 'moved_in_on', 'support', 'support', 'support_note', 'version'],
  lost: ['lost_on', 'lost_reason', 'lost_note', 'housing_after', 'version'],
};

async function login(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

async function ok(c, path, form) {
  const r = await c.post(path, { csrf: await c.csrf(), ...form });
  assert.equal(r.status, 303, `${path}: ${r.status}`);
  return r;
}

test('every housing support form answers bad input with a refusal or a save, never a failure', async () => {
  const c = await login('coordinator');
  // a homeless young person with CTI, a home found, support started, a contact and a home
  let csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: '010203-4455', name: 'Ung Fuzz', referred_on: dk(-60), referrer_actor: 'gadeplan',
    reason: 'Sover i en opgang.', target_group: 'homeless', housing_situation: 'gade',
  });
  const id = Number(r.location.split('/').pop());
  await ok(c, `/unge/${id}/visitation`, { needs: 'Bolig.', combination: 'model_cti', rationale: 'Samtale.', on_date: dk(-55) });
  await ok(c, `/unge/${id}/trin/3`, { on_date: dk(-50) });
  await ok(c, `/unge/${id}/bolig-fundet`, { kind: 'lease', on_date: dk(-45) });
  const worker = q("SELECT id FROM users WHERE username = 'support'");
  const started = await ok(c, `/unge/${id}/bostoette/ny`, { method: 'cti', start_on: dk(-40), worker });
  const sid = Number(started.location.split('/').pop());
  await ok(c, `/unge/${id}/bostoette/${sid}/kontakter`, { on_date: dk(-30), kind: 'face', minutes: '30', place: 'home' });
  const kid = q(`SELECT MAX(id) FROM contact`);
  await ok(c, `/unge/${id}/bolig/ny`, { address: 'Vej 1', kind: 'social', found_how: 'municipal', lease_on: dk(-45) });
  const hid = q(`SELECT MAX(id) FROM home`);

  const base = `/unge/${id}/bostoette/${sid}`;
  const paths = {
    start: `/unge/${id}/bostoette/ny`, checklist: `${base}/tjekliste`, undo: `${base}/tjekliste/fortryd`,
    worker: `${base}/medarbejder`, end: `${base}/afslut`, contact: [`${base}/kontakter`, `${base}/kontakter/${kid}`],
    home: [`/unge/${id}/bolig/ny`, `/unge/${id}/bolig/${hid}`], lost: `/unge/${id}/bolig/${hid}/mistet`,
  };
  const s = await login('support');
  const pl = await login('project_leader');
  const tokens = new Map([[c, await c.csrf()], [s, await s.csrf()], [pl, await pl.csrf()]]);
  const seen = {};
  for (let round = 0; round < 12; round++) {
    for (const [form, fields] of Object.entries(forms)) {
      for (const path of [paths[form]].flat()) {
        // the end is left for last: once ended, the rest of the support is closed
        if (form === 'end' && round < 11) continue;
        const who = [c, s, pl][rnd(3)];
        const body = new URLSearchParams();
        body.append('csrf', tokens.get(who));
        for (const f of fields) if (rnd(5)) body.append(f, nasty());
        const res = await who.post(path, body);
        seen[res.status] = (seen[res.status] || 0) + 1;
        assert.ok([303, 400, 403, 404, 409, 413, 422].includes(res.status),
          `${form} ${path} answered ${res.status} to ${body.toString().slice(0, 300)}`);
        assert.doesNotMatch(res.text, /<script>alert|<img src=x>/, `${form}: markup is escaped`);
      }
    }
  }
  assert.ok(seen[422] > 20, `most of it refused at the field: ${JSON.stringify(seen)}`);

  // the server is alive and what is stored keeps the rules
  assert.equal((await c.get(`/unge/${id}`)).status, 200);
  assert.ok(Number(q(`SELECT COUNT(*) FROM support_course WHERE end_on IS NULL`)) <= 1, 'one open support course');
  assert.equal(q(`SELECT COUNT(*) FROM support_course WHERE end_on < start_on`), '0', 'no end before the start');
  assert.equal(q(`SELECT COUNT(*) FROM contact k JOIN support_course s ON s.id = k.support_id
    WHERE k.on_date < s.start_on OR k.on_date > '${iso(0)}' OR k.minutes > 1440 OR k.travel_minutes > 1440`), '0',
  'no contact outside the support or longer than a day');
  assert.equal(q(`SELECT COUNT(*) FROM home WHERE moved_in_on < lease_on OR moved_in_on > '${iso(0)}' OR lost_on < moved_in_on`), '0',
    'no home moved into before its lease or in the future, none lost before moving in');
  assert.equal(q(`SELECT COUNT(*) FROM support_check k JOIN support_course s ON s.id = k.support_id WHERE k.done_on < s.start_on`), '0');
  assert.ok(Number(q(`SELECT COUNT(*) FROM home WHERE moved_in_on IS NOT NULL AND lost_on IS NULL`)) <= 1, 'one current home');
  const v = hv(['audit', 'verify', '--db', srv.db]);
  assert.equal(v.code, 0, v.stderr);
});
