// Network meetings over HTTP: planning, validation (422 and nothing
// written), moving (the invitation's SEQUENCE), the .ics invitation parsed
// field by field, the meeting checklist, recording a meeting as held with
// attendance, the three-a-year status, and access by the wrong user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const addDays = (iso, n) => {
  const d = new Date(iso + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const dk = (iso) => iso.split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();
const audit = (where) => q(`SELECT action || '|' || person_id || '|' || result || '|' || route FROM audit_log WHERE ${where} ORDER BY id`).split('\n').filter(Boolean);

let cprSeq = 2000;
async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}`);
  return c;
}

// A young person referred `daysAgo` days ago, with a team: a current member
// with an e-mail address, one who has left the team, and a member of
// another young person's team.  Returns ids.
async function youngPerson(c, { daysAgo = 30, name = 'Asta Mødesen', started = true } = {}) {
  cprSeq++;
  const cpr = `010203-${cprSeq}`;
  const csrf = await c.csrf('/henvisning/ny');
  const res = await c.post('/henvisning', {
    csrf, cpr, name, referred_on: dk(addDays(today(), -daysAgo)), referrer_actor: 'uu',
    reason: 'Bor på herberg.', target_group: 'homeless', housing_situation: 'herberg',
  });
  assert.equal(res.status, 303);
  const person = Number(res.location.split('/').pop());
  const course = Number(q(`SELECT id FROM course WHERE person_id = ${person}`));
  const from = addDays(today(), -daysAgo);
  // allocated and started in the collaboration model on the referral day (the
  // step pages are another feature)
  if (started) q(`INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (${course}, 2, '${from}', '2026-01-01T00:00:00Z'), (${course}, 3, '${from}', '2026-01-01T00:00:00Z')`);
  const ins = (actor, nm, contact, to) => Number(q(`INSERT INTO team_member(course_id, actor, name, contact, team_role, from_date, to_date, created_at)
    VALUES (${course}, '${actor}', '${nm}', '${contact}', '', '${from}', ${to ? `'${to}'` : 'NULL'}, '2026-01-01T00:00:00Z') RETURNING id`));
  const member = ins('jobcenter', 'Jens Jobcenter', 'tlf. 70 10 20 30, jens.j@kommune.dk', null);
  const left = ins('uu', 'Ulla Udmeldt', 'ulla@kommune.dk', addDays(today(), -2));
  return { person, course, member, left, cpr: cpr.replace('-', '') };
}

function plan(over = {}) {
  return {
    date: dk(today()), start: '09:30', end: '10.45', place: 'Rådhuset, lokale 2; 1. sal', young: '1',
    guest1_name: 'Mona Moster', guest1_rel: 'chosen_adult', points: 'Min bolig.\nMin økonomi.', ...over,
  };
}

async function create(c, person, form) {
  const csrf = await c.csrf(`/unge/${person}/moeder/ny`);
  return c.post(`/unge/${person}/moeder`, { csrf, ...form });
}

// RFC 5545 content lines: CRLF everywhere, at most 75 octets, unfolded.
function parseIcs(text) {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) {
    assert.ok(!l.includes('\n') && !l.includes('\r'), `bare line break in ${JSON.stringify(l)}`);
    assert.ok(Buffer.byteLength(l, 'utf8') <= 75, `line longer than 75 octets: ${l}`);
  }
  const lines = [];
  for (const l of physical) {
    if (l.startsWith(' ')) lines[lines.length - 1] += l.slice(1); else lines.push(l);
  }
  const props = lines.map((l) => {
    const i = l.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/); // the first colon outside quotes
    return { name: l.slice(0, i), value: l.slice(i + 1) };
  });
  // properties of the calendar (outside any component but VCALENDAR) and of the one VEVENT
  const top = [], ev = [];
  let depth = 0, inEvent = false;
  for (const p of props) {
    if (p.name === 'BEGIN') { depth++; if (p.value === 'VEVENT') inEvent = true; continue; }
    if (p.name === 'END') { depth--; if (p.value === 'VEVENT') inEvent = false; continue; }
    if (inEvent) ev.push(p); else if (depth === 1) top.push(p);
  }
  const pick = (list, name) => list.filter((p) => p.name === name || p.name.startsWith(name + ';'));
  const once = (list, name) => { const g = pick(list, name); assert.equal(g.length, 1, `${name} once`); return g[0]; };
  return {
    lines, props, get: (name) => pick(props, name),
    cal: (name) => once(top, name), one: (name) => once(ev, name), all: (name) => pick(ev, name),
  };
}

test('plan a meeting, download the invitation, move it: SEQUENCE 1, same UID', async () => {
  const c = await loggedIn('coordinator');
  const y = await youngPerson(c);
  const form = await c.get(`/unge/${y.person}/moeder/ny`);
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  assert.match(form.text, /Jens Jobcenter/);
  assert.doesNotMatch(form.text, /Ulla Udmeldt/, 'a member who has left is not offered');

  const res = await create(c, y.person, plan({ member: String(y.member) }));
  assert.equal(res.status, 303, res.text);
  const mid = Number(res.location.match(/\/moeder\/(\d+)$/)[1]);
  assert.equal(q(`SELECT on_date || ' ' || start_time || '-' || end_time || ' ' || sequence FROM meeting WHERE id = ${mid}`),
    `${today()} 09:30-10:45 0`);
  assert.equal(q(`SELECT group_concat(name || ':' || relation, ',') FROM meeting_participant WHERE meeting_id = ${mid} ORDER BY id`),
    'Jens Jobcenter:,Mona Moster:chosen_adult');

  const page = await c.get(res.location);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, /Mødet er planlagt/);
  // the same form sent again (a double click) creates no second meeting
  const twice = await create(c, y.person, plan({ member: String(y.member) }));
  assert.equal(twice.status, 303);
  assert.equal(twice.location, res.location);
  assert.equal(q(`SELECT COUNT(*) FROM meeting WHERE course_id = ${y.course}`), '1');
  assert.equal(q(`SELECT COUNT(*) FROM meeting_participant WHERE meeting_id = ${mid}`), '2');
  assert.match((await c.get(twice.location)).text, /Mødet var allerede planlagt/);
  assert.match(page.text, /Mona Moster \(Den unges valgte voksne\)/);
  assert.match(page.text, /Min økonomi/);
  assert.match(page.text, new RegExp(`href="/unge/${y.person}/moeder/${mid}/invitation.ics"`));

  const ics = await c.get(`/unge/${y.person}/moeder/${mid}/invitation.ics`);
  assert.equal(ics.status, 200);
  assert.equal(ics.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.equal(ics.headers.get('content-disposition'), `attachment; filename="netvaerksmoede-${today()}.ics"`);
  const cal = parseIcs(ics.text);
  assert.equal(cal.lines[0], 'BEGIN:VCALENDAR');
  assert.equal(cal.lines.at(-1), 'END:VCALENDAR');
  assert.equal(cal.cal('VERSION').value, '2.0');
  assert.match(cal.cal('PRODID').value, /hjemvej/);
  assert.equal(cal.cal('METHOD').value, 'REQUEST');
  assert.equal(cal.get('BEGIN').filter((p) => p.value === 'VEVENT').length, 1, 'one VEVENT');
  assert.deepEqual(cal.get('TZID').map((p) => p.value), ['Europe/Copenhagen']);
  const uid = cal.one('UID').value;
  assert.match(uid, /^[0-9a-f]{32}@hjemvej$/);
  assert.equal(cal.one('SEQUENCE').value, '0');
  assert.match(cal.one('DTSTAMP').value, /^\d{8}T\d{6}Z$/);
  const ymd = today().replaceAll('-', '');
  assert.equal(cal.one('DTSTART').name, 'DTSTART;TZID=Europe/Copenhagen');
  assert.equal(cal.one('DTSTART').value, `${ymd}T093000`);
  assert.equal(cal.one('DTEND').value, `${ymd}T104500`);
  assert.equal(cal.one('SUMMARY').value, 'Netværksmøde med Asta');
  assert.equal(cal.one('LOCATION').value, 'Rådhuset\\, lokale 2\\; 1. sal');
  assert.match(cal.one('ATTENDEE').name, /CN="Jens Jobcenter"/);
  assert.equal(cal.one('ATTENDEE').value, 'mailto:jens.j@kommune.dk');
  // nothing sensitive: no CPR number in any form, no surname, no agenda points
  const digits = ics.text.replace(/\r\n /g, '');
  assert.ok(!digits.includes(y.cpr) && !digits.includes(y.cpr.slice(0, 6) + '-'), 'no CPR number');
  // any CPR-shaped number, outside the random UID and the time stamp (whose
  // digits can form one by chance)
  const content = digits.split('\r\n').filter((l) => !/^(UID|DTSTAMP):/.test(l)).join('\r\n');
  assert.doesNotMatch(content, /\d{6}-?\d{4}/);
  assert.doesNotMatch(digits, /Mødesen|økonomi/);
  assert.deepEqual(audit(`person_id = ${y.person} AND route = 'meeting_invitation'`), [`view|${y.person}|ok|meeting_invitation`]);

  // move: the form is filled in with the meeting; a new date gives SEQUENCE 1
  const mf = await c.get(`/unge/${y.person}/moeder/${mid}/flyt`);
  assert.equal(mf.status, 200);
  assert.equal(tidyErrors(mf.text), '');
  assert.match(mf.text, new RegExp(`value="${dk(today())}"`));
  const tomorrow = addDays(today(), 1);
  const csrf = c.csrfFrom(mf.text);
  const mv = await c.post(`/unge/${y.person}/moeder/${mid}/flyt`,
    { csrf, date: dk(tomorrow), start: '13:00', end: '14:00', place: 'Rådhuset, lokale 2; 1. sal' });
  assert.equal(mv.status, 303);
  const cal2 = parseIcs((await c.get(`/unge/${y.person}/moeder/${mid}/invitation.ics`)).text);
  assert.equal(cal2.one('UID').value, uid, 'the UID stays');
  assert.equal(cal2.one('SEQUENCE').value, '1');
  assert.equal(cal2.one('DTSTART').value, `${tomorrow.replaceAll('-', '')}T130000`);
  // saving without a change does not count as a move
  const same = await c.post(`/unge/${y.person}/moeder/${mid}/flyt`,
    { csrf, date: dk(tomorrow), start: '13:00', end: '14:00', place: 'Rådhuset, lokale 2; 1. sal' });
  assert.equal(same.status, 303);
  assert.equal(q(`SELECT sequence FROM meeting WHERE id = ${mid}`), '1');
  // a move based on an old version (someone else moved it meanwhile) is not saved
  assert.match(mf.text, /name="seq" value="0"/);
  const stale = await c.post(`/unge/${y.person}/moeder/${mid}/flyt`,
    { csrf, seq: '0', date: dk(addDays(today(), 2)), start: '08:00', end: '09:00', place: 'Et andet sted' });
  assert.equal(stale.status, 422);
  assert.match(stale.text, /flyttet af en anden/);
  assert.match(stale.text, /name="seq" value="1"/);
  assert.match(stale.text, /value="13:00"/, 'the form shows the meeting as it is now');
  assert.equal(q(`SELECT start_time || ' ' || sequence FROM meeting WHERE id = ${mid}`), '13:00 1');
  // a move before the referral is refused
  const early = await c.post(`/unge/${y.person}/moeder/${mid}/flyt`,
    { csrf, date: dk(addDays(today(), -40)), start: '13:00', end: '14:00', place: 'X' });
  assert.equal(early.status, 422);
  assert.equal(tidyErrors(early.text), '');
  assert.equal(q(`SELECT on_date || ' ' || sequence FROM meeting WHERE id = ${mid}`), `${tomorrow} 1`);
});

test('bad plans answer 422 with the message at the field and write nothing', async () => {
  const c = await loggedIn('coordinator');
  const y = await youngPerson(c);
  const other = await youngPerson(c, { name: 'Bo Anden' });
  const count = () => q(`SELECT COUNT(*) FROM meeting`) + '/' + q(`SELECT COUNT(*) FROM meeting_participant`);
  const before = count();
  const cases = [
    [{ date: dk(addDays(today(), -31)) }, 'date', /før den unge blev henvist/],
    [{ start: '10:00', end: '09:00' }, 'end', /slutte efter det starter/],
    [{ start: '25:00' }, 'start', /klokkeslæt/],
    [{ member: String(other.member) }, 'member', /nuværende team/],
    [{ member: String(y.left) }, 'member', /nuværende team/],
    [{ guest1_rel: '' }, 'guest1_rel', /relation/],
    [{ place: '' }, 'place', /skal udfyldes/],
  ];
  for (const [over, field, msg] of cases) {
    const res = await create(c, y.person, plan({ member: String(y.member), ...over }));
    assert.equal(res.status, 422, JSON.stringify(over));
    assert.equal(tidyErrors(res.text), '');
    const err = res.text.match(new RegExp(`id="${field}-error"[^>]*>(.*?)</span>\\s*$`, 'm'));
    assert.ok(err, `an error at ${field} for ${JSON.stringify(over)}`);
    assert.match(err[1], msg);
    // what the user typed is kept
    assert.match(res.text, /value="Mona Moster"/);
    assert.match(res.text, /Min økonomi/);
  }
  assert.equal(count(), before, 'nothing written');
});

test('the checklist is ticked with who and when; unticking removes the tick', async () => {
  const c = await loggedIn('coordinator');
  const y = await youngPerson(c);
  const res = await create(c, y.person, plan({ member: String(y.member) }));
  const mid = Number(res.location.split('/').pop());
  const page = await c.get(res.location);
  for (const item of ['before_agenda', 'before_prepared', 'before_roles', 'during_review', 'during_agreements', 'during_next', 'after_minutes'])
    assert.match(page.text, new RegExp(`name="item" value="${item}"`));
  const csrf = c.csrfFrom(page.text);
  const body = new URLSearchParams([['csrf', csrf], ['item', 'before_agenda'], ['item', 'during_next']]).toString();
  const post = await c.req('POST', `/unge/${y.person}/moeder/${mid}/tjekliste`,
    { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(post.status, 303);
  assert.equal(q(`SELECT group_concat(item, ',') FROM (SELECT item FROM meeting_check WHERE meeting_id = ${mid} ORDER BY item)`),
    'before_agenda,during_next');
  assert.equal(q(`SELECT COUNT(*) FROM meeting_check k JOIN users u ON u.id = k.checked_by WHERE k.meeting_id = ${mid} AND u.username = 'coordinator'`), '2');
  const shown = await c.get(`/unge/${y.person}/moeder/${mid}`);
  assert.match(shown.text, /value="before_agenda" class="form-checkbox" checked>/);
  assert.match(shown.text, /afkrydset af Test coordinator, \d\d\.\d\d\.\d{4} \d\d:\d\d/);
  // the page remembers what was ticked when shown; unticking during_next removes it
  assert.match(shown.text, /name="was" value="before_agenda"/);
  assert.match(shown.text, /name="was" value="during_next"/);
  const form2 = new URLSearchParams([['csrf', csrf], ['item', 'before_agenda'], ['was', 'before_agenda'], ['was', 'during_next']]).toString();
  const again = await c.req('POST', `/unge/${y.person}/moeder/${mid}/tjekliste`,
    { body: form2, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(again.status, 303);
  assert.equal(q(`SELECT group_concat(item) FROM meeting_check WHERE meeting_id = ${mid}`), 'before_agenda');
  // a form shown before before_agenda was ticked (no "was") does not untick it
  const stale = await c.post(`/unge/${y.person}/moeder/${mid}/tjekliste`, { csrf, item: 'after_minutes' });
  assert.equal(stale.status, 303);
  assert.equal(q(`SELECT group_concat(item, ',') FROM (SELECT item FROM meeting_check WHERE meeting_id = ${mid} ORDER BY item)`),
    'after_minutes,before_agenda');
  const bad = await c.post(`/unge/${y.person}/moeder/${mid}/tjekliste`, { csrf, item: 'not_an_item' });
  assert.equal(bad.status, 422);
  assert.equal(q(`SELECT COUNT(*) FROM meeting_check WHERE meeting_id = ${mid}`), '2');
  assert.deepEqual(audit(`person_id = ${y.person} AND action = 'meeting_checklist'`),
    Array(3).fill(`meeting_checklist|${y.person}|ok|meeting`));
});

test('recording a meeting as held: attendance, the young person present, next meeting, the yearly rule', async () => {
  const c = await loggedIn('coordinator');
  const y = await youngPerson(c, { daysAgo: 200, name: 'Carl Holdt' });
  // no meeting for 200 days: overdue on the young person's page and in Mine unge
  let pp = await c.get(`/unge/${y.person}`);
  assert.equal(tidyErrors(pp.text), '');
  assert.match(pp.text, /Netværksmøder/);
  assert.match(pp.text, /class="hv-overdue">Overskredet/);
  let mine = await c.get('/mine-unge');
  assert.equal(tidyErrors(mine.text), '');
  assert.match(mine.text, /<th scope="col">Næste møde<\/th>/);
  const row = (who = 'Carl Holdt') => mine.text.split('<tr>').find((r) => r.includes(who));
  assert.match(row(), /Overskredet/);
  // a young person not yet started in the model has nothing due
  const w = await youngPerson(c, { daysAgo: 200, name: 'Ebbe Venter', started: false });
  mine = await c.get('/mine-unge');
  assert.doesNotMatch(row('Ebbe Venter'), /Overskredet|senest/);
  const wp = await c.get(`/unge/${w.person}`);
  assert.match(wp.text, /Fire måneder efter starten i samarbejdsmodellen/);
  assert.doesNotMatch(wp.text, /hv-overdue/);

  const res = await create(c, y.person, plan({ member: String(y.member) }));
  const mid = Number(res.location.split('/').pop());
  const [pMember, pGuest] = q(`SELECT id FROM meeting_participant WHERE meeting_id = ${mid} ORDER BY id`).split('\n');
  const page = await c.get(res.location);
  assert.match(page.text, /Deltog den unge i mødet\?/);
  const csrf = c.csrfFrom(page.text);
  const held = (form) => c.post(`/unge/${y.person}/moeder/${mid}/afholdt`, { csrf, ...form });

  // the young person's attendance must be answered; the next date after this one
  let bad = await held({ present: pMember, minutes: 'Referat' });
  assert.equal(bad.status, 422);
  assert.equal(tidyErrors(bad.text), '');
  assert.match(bad.text, /id="young_present-error"/);
  assert.match(bad.text, /Referat<\/textarea>/, 'the minutes typed are kept');
  bad = await held({ young_present: 'yes', next_date: dk(addDays(today(), -1)) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="next_date-error"/);
  bad = await held({ young_present: 'yes', present: String(y.left + 1000) });
  assert.equal(bad.status, 422);
  assert.equal(q(`SELECT held FROM meeting WHERE id = ${mid}`), '0', 'nothing written');

  const next = addDays(today(), 90);
  const ok = await held({ young_present: 'yes', present: pMember, minutes: 'Vi talte om boligen.\nAftale: ansøgning sendes.', next_date: dk(next) });
  assert.equal(ok.status, 303);
  assert.equal(q(`SELECT held || young_present || ' ' || next_date FROM meeting WHERE id = ${mid}`), `11 ${next}`);
  assert.equal(q(`SELECT present FROM meeting_participant WHERE id = ${pMember}`), '1');
  assert.equal(q(`SELECT present FROM meeting_participant WHERE id = ${pGuest}`), '0');
  // the next meeting is planned with the same time, place and invitees
  assert.equal(q(`SELECT start_time || ' ' || place || ' ' || held || ' ' || (SELECT COUNT(*) FROM meeting_participant p WHERE p.meeting_id = m.id)
    FROM meeting m WHERE course_id = ${y.course} AND on_date = '${next}'`), '09:30 Rådhuset, lokale 2; 1. sal 0 2');
  const shown = await c.get(`/unge/${y.person}/moeder/${mid}`);
  assert.equal(tidyErrors(shown.text), '');
  assert.match(shown.text, /Den unge deltog i mødet\./);
  assert.match(shown.text, /Jens Jobcenter \(Beskæftigelsesforvaltningen \(jobcenter\)\): deltog</);
  assert.match(shown.text, /Mona Moster \(Den unges valgte voksne\): deltog ikke/);
  // a second record of the same meeting is refused
  assert.equal((await held({ young_present: 'no' })).status, 422);
  assert.equal(q(`SELECT young_present FROM meeting WHERE id = ${mid}`), '1');

  // the rule: one meeting with the young person present; next due in 4 months
  pp = await c.get(`/unge/${y.person}`);
  assert.match(pp.text, /de sidste 12 måneder<\/dt><dd><strong>1<\/strong>/);
  assert.doesNotMatch(pp.text, /hv-overdue/);
  const [yy, mm, dd] = today().split('-').map(Number);
  const m4 = (mm + 3) % 12 + 1, y4 = yy + (mm + 4 > 12 ? 1 : 0);
  const last = new Date(Date.UTC(y4, m4, 0)).getUTCDate();
  const due = `${y4}-${String(m4).padStart(2, '0')}-${String(Math.min(dd, last)).padStart(2, '0')}`;
  assert.match(pp.text, new RegExp(`skal holdes senest</dt><dd>${dk(due)}</dd>`));
  mine = await c.get('/mine-unge');
  assert.match(row(), new RegExp(`Planlagt ${dk(next)}`));
  assert.match(row(), new RegExp(`senest ${dk(due)}`));
  assert.doesNotMatch(row(), /Overskredet/);
  assert.deepEqual(audit(`person_id = ${y.person} AND action = 'meeting_held'`), [`meeting_held|${y.person}|ok|meeting`]);

  // a meeting in the future cannot be recorded as held yet
  const future = await create(c, y.person, plan({ date: dk(addDays(today(), 5)) }));
  const fid = Number(future.location.split('/').pop());
  const fp = await c.get(future.location);
  assert.doesNotMatch(fp.text, /Registrér mødet som afholdt/);
  const early = await c.post(`/unge/${y.person}/moeder/${fid}/afholdt`, { csrf, young_present: 'yes' });
  assert.equal(early.status, 422);
  assert.equal(q(`SELECT held FROM meeting WHERE id = ${fid}`), '0');
});

test('another coordinator is refused and logged; a meeting of another young person is 404; CSRF', async () => {
  const c = await loggedIn('coordinator');
  const y = await youngPerson(c);
  const z = await youngPerson(c, { name: 'Dagmar Anden' });
  const res = await create(c, y.person, plan({ member: String(y.member) }));
  const mid = Number(res.location.split('/').pop());
  const other = await loggedIn('coordinator2');
  for (const path of [`/unge/${y.person}/moeder/${mid}`, `/unge/${y.person}/moeder/${mid}/invitation.ics`,
    `/unge/${y.person}/moeder/ny`, `/unge/${y.person}/moeder/${mid}/flyt`]) {
    const r = await other.get(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.text, /BEGIN:VCALENDAR|Rådhuset/);
  }
  const csrf2 = await other.csrf();
  const tick = await other.post(`/unge/${y.person}/moeder/${mid}/tjekliste`, { csrf: csrf2, item: 'before_agenda' });
  assert.equal(tick.status, 404);
  const mv = await other.post(`/unge/${y.person}/moeder/${mid}/flyt`,
    { csrf: csrf2, date: dk(today()), start: '08:00', end: '09:00', place: 'Andetsteds' });
  assert.equal(mv.status, 404);
  assert.equal(q(`SELECT COUNT(*) FROM meeting_check WHERE meeting_id = ${mid}`), '0');
  assert.equal(q(`SELECT place FROM meeting WHERE id = ${mid}`), 'Rådhuset, lokale 2; 1. sal');
  const refused = audit(`person_id = ${y.person} AND result = 'refused' AND username = 'coordinator2'`);
  assert.equal(refused.length, 6);
  assert.ok(refused.every((r) => /\|refused\|meeting/.test(r)), refused.join('\n'));

  // the right coordinator, the wrong young person in the path: 404, logged
  const wrong = await c.get(`/unge/${z.person}/moeder/${mid}`);
  assert.equal(wrong.status, 404);
  assert.deepEqual(audit(`person_id = ${z.person} AND result = 'not_found'`), [`view|${z.person}|not_found|meeting`]);
  const wrongIcs = await c.get(`/unge/${z.person}/moeder/${mid}/invitation.ics`);
  assert.equal(wrongIcs.status, 404);

  // team members and support workers have no access to the meeting pages yet
  const team = await loggedIn('team');
  assert.equal((await team.get(`/unge/${y.person}/moeder/${mid}`)).status, 403);

  // a form post without the CSRF token is refused and changes nothing
  const noCsrf = await c.post(`/unge/${y.person}/moeder/${mid}/tjekliste`, { item: 'before_agenda' });
  assert.equal(noCsrf.status, 403);
  assert.equal(q(`SELECT COUNT(*) FROM meeting_check WHERE meeting_id = ${mid}`), '0');
});

test('at the meeting every open agreement is followed up: status and note, tied to the meeting', async () => {
  const c = await loggedIn('coordinator');
  const y = await youngPerson(c, { name: 'Aftale Andersen' });
  const res = await create(c, y.person, plan({ member: String(y.member) }));
  const mid = Number(res.location.split('/').pop());
  const goal = q(`INSERT INTO goal(course_id, domain, text, status, set_on, status_on, created_at) VALUES (${y.course}, 'housing', 'Egen bolig', 'active', '${today()}', '${today()}', 'x') RETURNING id`);
  const agree = (what, status = 'agreed') => q(`INSERT INTO agreement(goal_id, what, responsible, deadline, status, agreed_on, created_at) VALUES (${goal}, '${what}', 'young_person', '${addDays(today(), 7)}', '${status}', '${today()}', 'x') RETURNING id`);
  const a1 = agree('Skrive op til bolig'), a2 = agree('Ringe til udlejer'), done = agree('Gammel aftale', 'done');
  const page = await c.get(`/unge/${y.person}/moeder/${mid}`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, /Opfølgning på aftalerne/);
  const shown = [...page.text.matchAll(/name="fa" value="(\d+)"/g)].map((m) => m[1]);
  assert.deepEqual(shown.sort(), [a1, a2].sort(), 'the open agreements, not the done one');
  assert.ok(!shown.includes(done));
  const csrf = c.csrfFrom(page.text);
  // a row that is not an open agreement of this young person: nothing written
  const other = await youngPerson(c, { name: 'Anden Aftale' });
  const g2 = q(`INSERT INTO goal(course_id, domain, text, status, set_on, status_on, created_at) VALUES (${other.course}, 'housing', 'X', 'active', '${today()}', '${today()}', 'x') RETURNING id`);
  const foreign = q(`INSERT INTO agreement(goal_id, what, responsible, deadline, status, agreed_on, created_at) VALUES (${g2}, 'Fremmed', 'young_person', '${addDays(today(), 7)}', 'agreed', '${today()}', 'x') RETURNING id`);
  let r = await c.post(`/unge/${y.person}/moeder/${mid}/afholdt`, [['csrf', csrf], ['young_present', 'yes'],
    ['fa', a1], ['fs', 'done'], ['fn', 'Klaret'], ['fa', foreign], ['fs', 'done'], ['fn', 'Snyd']]);
  assert.equal(r.status, 422);
  assert.match(r.text, /Genindlæs siden/);
  assert.equal(q(`SELECT held FROM meeting WHERE id = ${mid}`), '0', 'nothing written');
  assert.equal(q(`SELECT status FROM agreement WHERE id = ${foreign}`), 'agreed');
  assert.equal(q(`SELECT COUNT(*) FROM agreement_followup`), '0');
  // the real follow-up: one done with a note, one not discussed (empty note, same status)
  r = await c.post(`/unge/${y.person}/moeder/${mid}/afholdt`, [['csrf', csrf], ['young_present', 'yes'],
    ['fa', a1], ['fs', 'done'], ['fn', 'Skrevet op i to boligforeninger'], ['fa', a2], ['fs', 'agreed'], ['fn', '']]);
  assert.equal(r.status, 303);
  assert.equal(q(`SELECT status FROM agreement WHERE id = ${a1}`), 'done');
  assert.equal(q(`SELECT status FROM agreement WHERE id = ${a2}`), 'agreed');
  assert.equal(q(`SELECT meeting_id || '|' || note FROM agreement_followup WHERE agreement_id = ${a1}`), `${mid}|Skrevet op i to boligforeninger`);
  assert.equal(q(`SELECT COUNT(*) FROM agreement_followup WHERE agreement_id = ${a2}`), '0');
  const held = await c.get(`/unge/${y.person}/moeder/${mid}`);
  assert.match(held.text, /Aftaler fulgt op på mødet/);
  assert.match(held.text, /Skrevet op i to boligforeninger/);
  assert.equal(tidyErrors(held.text), '');
  const agreementPage = await c.get(`/unge/${y.person}/aftaler/${a1}`);
  assert.match(agreementPage.text, /Skrevet op i to boligforeninger/);
});
