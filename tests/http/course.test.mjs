// The course through the seven steps (course.c) against the real server:
// allocation against the target group, the step rules (each allowed and
// refused with its Danish message and nothing written), home found before
// CTI, closing, declining, a new course after a closed one, the
// coordinator and the caseload warning, the start checklist, and access
// by the wrong coordinator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (daysAgo) => {
  const d = new Date(Date.now() - daysAgo * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
};
const dk = (daysAgo) => iso(daysAgo).split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();
const count = (table, where) => Number(q(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

let cprSeq = 2000;
async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

// A young person referred `daysAgo` days ago; returns the person id.
async function newPerson(c, over = {}, daysAgo = 60) {
  cprSeq++;
  const csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `020304-${cprSeq}`, name: `Ung ${cprSeq}`, referred_on: dk(daysAgo), referrer_actor: 'gadeplan',
    reason: 'Sover i natvarmestuen.', target_group: 'homeless', housing_situation: 'natvarme', ...over,
  });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.split('/').pop());
}

const courseOf = (id) => Number(q(`SELECT id FROM course WHERE person_id = ${id} ORDER BY closed_on IS NULL DESC, id DESC LIMIT 1`));
const events = (id) => q(`SELECT group_concat(step, ',') FROM (SELECT step FROM course_event WHERE course_id = ${courseOf(id)} ORDER BY step)`);

// Form fields as pairs, so that a list (checkboxes) repeats its name.
const pairs = (form) => Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]));

// POST a course form; the token comes from the young person's page.
async function act(c, id, path, form) {
  const csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text) || await c.csrf();
  return c.post(`/unge/${id}/${path}`, pairs({ csrf, ...form }));
}

// A refusal: 422, the message at the field, nothing but a log row written.
async function refused(c, id, path, form, message, what) {
  const before = q(`SELECT (SELECT COUNT(*) FROM course_event) || '/' || (SELECT COUNT(*) FROM allocation) || '/' ||
    (SELECT COUNT(*) FROM home_found) || '/' || (SELECT COUNT(*) FROM course_end) || '/' || (SELECT COUNT(*) FROM course) || '/' ||
    (SELECT COUNT(*) FROM support_course) || '/' || (SELECT COUNT(*) FROM home)`);
  const r = await act(c, id, path, form);
  assert.equal(r.status, 422, `${what}: status`);
  assert.match(r.text, message, `${what}: message`);
  assert.match(r.text, /class="form-error-message"/, `${what}: the message is at a field`);
  assert.equal(tidyErrors(r.text), '', `${what}: tidy`);
  const after = q(`SELECT (SELECT COUNT(*) FROM course_event) || '/' || (SELECT COUNT(*) FROM allocation) || '/' ||
    (SELECT COUNT(*) FROM home_found) || '/' || (SELECT COUNT(*) FROM course_end) || '/' || (SELECT COUNT(*) FROM course) || '/' ||
    (SELECT COUNT(*) FROM support_course) || '/' || (SELECT COUNT(*) FROM home)`);
  assert.equal(after, before, `${what}: nothing written`);
  return r;
}

async function ok(c, id, path, form, what) {
  const r = await act(c, id, path, form);
  assert.equal(r.status, 303, `${what}: ${r.status} ${r.text.match(/form-error-message[^<]*<span[^>]*>[^<]*<\/span>([^<]*)/)?.[1] || ''}`);
  assert.equal(r.location, `/unge/${id}`);
  return r;
}

// Housing support and the home (support.c, home.c) record steps 4-6.
const start = (method, daysAgo) => ({ method, start_on: dk(daysAgo), worker: q("SELECT id FROM users WHERE username = 'support'") });
const home = (daysAgo) => ({ address: 'Skolevej 4, 1. tv.', kind: 'social_youth', rent: '3800', found_how: 'youth_quota',
  lease_on: dk(daysAgo + 5), moved_in_on: dk(daysAgo) });
async function started(c, id, form, what) {
  const r = await act(c, id, 'bostoette/ny', form);
  assert.equal(r.status, 303, `${what}: ${r.status} ${r.text.match(/form-error-message[^<]*<span[^>]*>[^<]*<\/span>([^<]*)/)?.[1] || ''}`);
  assert.match(r.location, new RegExp(`^/unge/${id}/bostoette/\\d+$`));
  return Number(r.location.split('/').pop());
}

const alloc = (combination, daysAgo, over = {}) => ({
  needs: 'Har brug for en bolig og hjælp til økonomien.', combination, rationale: 'Vurderet på første samtale.',
  on_date: dk(daysAgo), ...over,
});

test('allocation is checked against the target group, dates and order', async () => {
  const c = await loggedIn('coordinator');
  const homeless = await newPerson(c);
  const atRisk = await newPerson(c, { target_group: 'at_risk', housing_situation: '', risk: 'netvaerk' });

  await refused(c, atRisk, 'visitation', alloc('model_icm', 50), /ICM er kun for unge i hjemløshed/, 'ICM for youth at risk');
  await refused(c, homeless, 'visitation', alloc('model', 50), /Samarbejdsmodellen uden bostøtte er for unge i risiko for hjemløshed/,
    'model only for a homeless young person');
  await refused(c, homeless, 'visitation', alloc('model_cti', -3), /Datoen må ikke ligge i fremtiden/, 'a date in the future');
  await refused(c, homeless, 'visitation', alloc('model_cti', 70), /Datoen må ikke ligge før datoen for et tidligere trin/, 'before the referral');
  const r = await refused(c, homeless, 'visitation', alloc('', 50, { needs: '' }), /Vælg en af mulighederne/, 'nothing chosen');
  assert.match(r.text, /Feltet skal udfyldes/);
  assert.match(r.text, /Vurderet på første samtale/, 'what was typed is kept');
  assert.equal(count('audit_log', `person_id = ${homeless} AND action = 'allocation' AND result = 'invalid'`), 4);

  await ok(c, homeless, 'visitation', alloc('model_icm', 50), 'ICM for a homeless young person');
  await ok(c, atRisk, 'visitation', alloc('model', 55), 'model only for youth at risk');
  assert.equal(events(homeless), '1,2');
  await refused(c, homeless, 'visitation', alloc('model_cti', 40), /Trinnet er allerede registreret/, 'a second allocation');
  const page = await c.get(`/unge/${homeless}`);
  assert.match(page.text, /Samarbejdsmodellen \+ ICM/);
  assert.match(page.text, /Fra henvisning til visitation<\/dt><dd>10 dage/);
  assert.match(page.text, /Fra henvisning til opstart<\/dt><dd>ikke endnu \(60 dage siden henvisning\)/);
  assert.equal(tidyErrors(page.text), '');
  // "Mine unge" shows the days to allocation and start
  const mine = await c.get('/mine-unge');
  assert.match(mine.text, new RegExp(`Ung ${cprSeq - 1}</a>.*?<td data-title="Dage til visitation / opstart">10 / <span class="hv-muted">venter</span></td>`));
});

test('steps in order: CTI waits for a home, ICM starts right after allocation, no support steps for the model alone', async () => {
  const c = await loggedIn('coordinator');
  const cti = await newPerson(c);
  await refused(c, cti, 'trin/3', { on_date: dk(50) }, /skal være udredt og visiteret \(trin 2\)/, 'step 3 before allocation');
  await refused(c, cti, 'bostoette/ny', start('cti', 50), /skal være visiteret til bostøtte/, 'step 4 before allocation');
  await ok(c, cti, 'visitation', alloc('model_cti', 55), 'CTI');
  await refused(c, cti, 'trin/3', { on_date: dk(56) }, /før datoen for et tidligere trin/, 'step 3 before step 2');
  await ok(c, cti, 'trin/3', { on_date: dk(50), note: 'Kontakt via sms.' }, 'step 3');
  await refused(c, cti, 'bostoette/ny', start('cti', 40), /Bostøtte efter CTI kan først starte, når der er fundet en bolig/, 'CTI without a home');
  await refused(c, cti, 'bolig/ny', home(40), /Bostøtten skal være startet \(trin 4\)/, 'moving in before support started');
  // the old step pages of steps 4-6 lead to the support course and the home, and write nothing
  for (const [step, to] of [[4, 'bostoette/ny'], [5, 'bolig/ny'], [6, '']]) {
    const g = await c.get(`/unge/${cti}/trin/${step}`);
    assert.equal(g.status, 303, `step ${step} page`);
    assert.equal(g.location, `/unge/${cti}${to ? '/' + to : ''}`, `step ${step} page leads on`);
    const before = events(cti);
    const p = await act(c, cti, `trin/${step}`, { on_date: dk(40) });
    assert.equal(p.status, 303, `step ${step} POST`);
    assert.equal(events(cti), before, `step ${step} POST writes nothing`);
  }
  await refused(c, cti, 'bolig-fundet', { kind: 'lease', on_date: dk(61) }, /før henvisningsdatoen/, 'a home before the referral');
  await refused(c, cti, 'bolig-fundet', { kind: '', on_date: dk(30) }, /Vælg en af mulighederne/, 'which kind of home');
  await ok(c, cti, 'bolig-fundet', { kind: 'lease', on_date: dk(30) }, 'home found');
  assert.equal(q(`SELECT kind || ' ' || on_date FROM home_found WHERE course_id = ${courseOf(cti)}`), `lease ${iso(30)}`);
  await refused(c, cti, 'bostoette/ny', start('cti', 35), /tidligst starte den dag, boligen blev fundet/, 'CTI before the home was found');
  const sid = await started(c, cti, start('cti', 30), 'CTI starts the day the home is found');
  await refused(c, cti, 'afslut', { on_date: dk(5), involved: ['youth', 'team'], end_reason: 'self' },
    /Bostøtten er ikke afsluttet/, 'closing before support ended');
  await ok(c, cti, 'bolig/ny', home(25), 'moved in');
  const end = await act(c, cti, `bostoette/${sid}/afslut`, { end_on: dk(10), end_reason: 'cti_done', end_note: 'Videre støtte efter §85.',
    next_support: 'sel85', next_support_on: dk(9) });
  assert.equal(end.status, 303, 'support ended');
  assert.equal(events(cti), '1,2,3,4,5,6');
  const page = await c.get(`/unge/${cti}`);
  assert.match(page.text, /Bostøtte efter servicelovens §85/);
  assert.match(page.text, /Bolig fundet<\/dt><dd>[0-9.]+ Lejekontrakt underskrevet/);

  // ICM: support may start right after the allocation, no home needed
  const icm = await newPerson(c);
  await ok(c, icm, 'visitation', alloc('model_icm', 50), 'ICM');
  await started(c, icm, start('icm', 50), 'ICM starts the day of the allocation');

  // the model alone: no housing support, no move for youth at risk
  const model = await newPerson(c, { target_group: 'at_risk', housing_situation: '', risk: 'misbrug' });
  await ok(c, model, 'visitation', alloc('model', 50), 'model only');
  await ok(c, model, 'trin/3', { on_date: dk(45) }, 'step 3');
  await refused(c, model, 'bostoette/ny', start('cti', 40), /uden bostøtte, så der er ingen bostøtte/, 'support for the model alone');
  await refused(c, model, 'bolig/ny', home(40), /kun for unge, der var i hjemløshed|Boligen registreres kun for unge/, 'moving in for youth at risk');
  const mp = await c.get(`/unge/${model}`);
  assert.match(mp.text, /Bostøtte startet<\/span> <span class="hv-muted">\(ikke relevant\)/);
  assert.doesNotMatch(mp.text, /trin\/4"/, 'no button for a step the rules refuse');

  // a step that does not exist
  assert.equal((await act(c, model, 'trin/8', { on_date: dk(1) })).status, 404);
  assert.equal((await act(c, model, 'trin/1', { on_date: dk(1) })).status, 404);
});

test('closing records participation and the reason; afterwards the course is closed', async () => {
  const c = await loggedIn('coordinator');
  const id = await newPerson(c, { target_group: 'at_risk', housing_situation: '', risk: 'psykisk' });
  await refused(c, id, 'afslut', { on_date: dk(5), involved: ['youth', 'team'], end_reason: 'self' },
    /skal være startet \(trin 3\), før det kan afsluttes/, 'closing before the start');
  await ok(c, id, 'visitation', alloc('model_cti', 55), 'CTI for youth at risk');
  await ok(c, id, 'trin/3', { on_date: dk(50) }, 'step 3');
  await refused(c, id, 'afslut', { on_date: dk(5), involved: 'youth', end_reason: 'self' },
    /Den unge og teamet skal inddrages i beslutningen/, 'the team not ticked, no reason');
  await refused(c, id, 'afslut', { on_date: dk(5), involved: ['youth', 'team'], end_reason: 'other' },
    /Beskriv, hvorfor forløbet afsluttes/, 'other without text');
  await refused(c, id, 'afslut', { on_date: dk(5), involved: ['youth', 'team'] }, /Vælg en af mulighederne/, 'no reason');
  await ok(c, id, 'afslut', { on_date: dk(5), involved: 'youth', not_involved: 'Teamet var ikke samlet; aftalt pr. telefon.',
    end_reason: 'less_complex' }, 'closed');
  const course = courseOf(id);
  assert.equal(q(`SELECT closed_on FROM course WHERE id = ${course}`), iso(5));
  assert.equal(q(`SELECT kind || '|' || end_reason || '|' || youth_took_part || '|' || team_took_part FROM course_end WHERE course_id = ${course}`),
    'closed|less_complex|1|0');
  const page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Afsluttet<\/dt><dd>[0-9.]+ Den unges problemer er blevet mindre komplekse/);
  assert.match(page.text, /Teamet var ikke samlet/);
  assert.match(page.text, /nyt-forloeb/, 'a closed course offers a new course');
  await refused(c, id, 'bostoette/ny', start('cti', 1), /Forløbet er afsluttet/, 'support after closing');
  await refused(c, id, 'takker-nej', { on_date: dk(1), reason: 'x' }, /allerede afsluttet/, 'declining a closed course');
  const cl = await act(c, id, 'tjekliste', { item: 'consent' });
  assert.equal(cl.status, 422, 'the checklist of a closed course is kept as it was');
  // it left "Mine unge"
  assert.doesNotMatch((await c.get('/mine-unge')).text, new RegExp(`/unge/${id}"`));
});

test('declining at any step closes the course with the reason; a new course keeps the history', async () => {
  const c = await loggedIn('coordinator');
  const id = await newPerson(c, {}, 30);
  await refused(c, id, 'takker-nej', { on_date: dk(2), reason: '' }, /Feltet skal udfyldes/, 'no reason');
  await refused(c, id, 'takker-nej', { on_date: dk(31), reason: 'Vil ikke.' }, /før forløbets seneste trin/, 'before the referral');
  await refused(c, id, 'nyt-forloeb', { referred_on: dk(1), referrer_actor: 'uu', reason: 'Igen.', target_group: 'homeless', housing_situation: 'gade' },
    /allerede et åbent forløb/, 'a new course while one is open');
  await ok(c, id, 'takker-nej', { on_date: dk(20), reason: 'Vil klare sig selv og ønsker ikke kontakt.' }, 'declined');
  assert.equal(q(`SELECT kind || '|' || reason_text FROM course_end WHERE course_id = ${courseOf(id)}`),
    'declined|Vil klare sig selv og ønsker ikke kontakt.');
  let page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Takket nej<\/dt><dd>[0-9.]+/);
  assert.match(page.text, /Vil klare sig selv/);

  await refused(c, id, 'nyt-forloeb', { referred_on: dk(25), referrer_actor: 'uu', reason: 'Igen.', target_group: 'homeless', housing_situation: 'gade' },
    /ligger før det tidligere forløb blev afsluttet/, 'a new referral before the old course ended');
  await refused(c, id, 'nyt-forloeb', { referred_on: dk(3), referrer_actor: 'uu', reason: 'Igen.', target_group: 'at_risk' },
    /Markér mindst én risikofaktor/, 'at risk without risk factors');
  const old = courseOf(id);
  await ok(c, id, 'nyt-forloeb', { referred_on: dk(3), referrer_actor: 'uu', reason: 'Henvender sig igen.', target_group: 'homeless',
    housing_situation: 'sofa' }, 'a new course');
  assert.notEqual(courseOf(id), old);
  assert.equal(count('course', `person_id = ${id}`), 2);
  assert.equal(events(id), '1');
  page = await c.get(`/unge/${id}`);
  assert.match(page.text, /Tidligere forløb/);
  assert.match(page.text, /Takket nej<\/dt><dd>[0-9.]+/, 'the earlier course and its end are shown');
  assert.match(page.text, /Henvender sig igen/);
  assert.match(page.text, /visitation"/, 'the new course starts at allocation');
  assert.equal(tidyErrors(page.text), '');
  assert.deepEqual(q(`SELECT action FROM audit_log WHERE person_id = ${id} AND result = 'ok' AND action IN ('decline','reopen') ORDER BY id`).split('\n'),
    ['decline', 'reopen']);
});

test('the start checklist is ticked per course with who and when', async () => {
  const c = await loggedIn('coordinator');
  const id = await newPerson(c);
  await ok(c, id, 'tjekliste', { item: ['consent', 'expectations'] }, 'tick two');
  assert.equal(q(`SELECT group_concat(item, ',') FROM (SELECT item FROM start_check WHERE course_id = ${courseOf(id)} ORDER BY item)`),
    'consent,expectations');
  let page = await c.get(`/unge/${id}`);
  assert.match(page.text, /value="consent" class="form-checkbox" checked><label for="item-consent">Samtykke er indhentet <span class="hv-muted">\(Test coordinator, [0-9.]+ [0-9:]+\)/);
  await ok(c, id, 'tjekliste', { item: 'consent' }, 'untick one');
  assert.equal(count('start_check', `course_id = ${courseOf(id)}`), 1);
  page = await c.get(`/unge/${id}`);
  assert.match(page.text, /value="expectations" class="form-checkbox"><label/);
  assert.equal((await act(c, id, 'tjekliste', { item: 'nonsense' })).status, 303, 'an unknown item is dropped');
});

test('coordinators: the project leader assigns with the caseload shown and a warning above the guide value', async () => {
  const pl = await loggedIn('project_leader');
  const id = await newPerson(pl);
  assert.equal(q(`SELECT coordinator_id IS NULL FROM person WHERE id = ${id}`), '1', 'the project leader\'s referral has no coordinator');
  const cid = Number(q("SELECT id FROM users WHERE username = 'coordinator2'"));
  const form = await pl.get(`/unge/${id}/koordinator`);
  assert.equal(form.status, 200);
  assert.equal(tidyErrors(form.text), '');
  const load2 = count('person p JOIN course c ON c.person_id = p.id AND c.closed_on IS NULL', `p.coordinator_id = ${cid}`);
  assert.match(form.text, new RegExp(`Test coordinator2 <span class="hv-muted">\\(${load2} unge med åbent forløb; vejledende antal 20\\)`));

  // the guide value: only numbers in range
  let csrf = await pl.csrf('/kommune/koordinatorer');
  let r = await pl.post('/kommune/koordinatorer', { csrf, guide: '0' });
  assert.equal(r.status, 422);
  assert.match(r.text, /uden for det tilladte område/);
  // the guide value set so that this young person fills coordinator2 up to it
  r = await pl.post('/kommune/koordinatorer', { csrf, guide: String(load2 + 1) });
  assert.equal(r.status, 303);
  assert.equal(q('SELECT coordinator_guide FROM municipality'), String(load2 + 1));
  await refused(pl, id, 'koordinator', {}, /Vælg en koordinator/, 'no coordinator chosen');
  const teamId = q("SELECT id FROM users WHERE username = 'team'");
  await refused(pl, id, 'koordinator', { coordinator: teamId }, /Vælg en af kommunens aktive koordinatorer/, 'a team member as coordinator');
  r = await act(pl, id, 'koordinator', { coordinator: String(cid) });
  assert.equal(r.status, 303);
  assert.equal(q(`SELECT coordinator_id FROM person WHERE id = ${id}`), String(cid));
  let page = await pl.get(`/unge/${id}`);
  assert.match(page.text, /class="alert-text">Gemt\.<\/p>/, 'at the guide value: no warning');
  // one more: the form warns, and the assignment is allowed but warned
  const second = await newPerson(pl);
  const warned = await pl.get(`/unge/${second}/koordinator`);
  assert.match(warned.text, new RegExp(`Test coordinator2 <span class="hv-muted">\\(${load2 + 1} unge med åbent forløb; vejledende antal ${load2 + 1}\\)</span> <strong class="hv-warn">Advarsel: over det vejledende antal, hvis den unge tildeles`));
  assert.equal(tidyErrors(warned.text), '');
  r = await act(pl, second, 'koordinator', { coordinator: String(cid) });
  assert.equal(r.status, 303);
  page = await pl.get(`/unge/${second}`);
  assert.match(page.text, /Bemærk: koordinatoren har nu flere unge med åbent forløb end det vejledende antal/, 'allowed, but warned');
  assert.equal(q(`SELECT coordinator_id FROM person WHERE id = ${second}`), String(cid));
  const overview = await pl.get('/kommune/koordinatorer');
  assert.match(overview.text, /Over det vejledende antal/);
  csrf = await pl.csrf('/kommune/koordinatorer');
  assert.equal((await pl.post('/kommune/koordinatorer', { csrf, guide: '20' })).status, 303);

  // a coordinator may not choose coordinators for others
  const c = await loggedIn('coordinator');
  assert.equal((await c.get(`/unge/${id}/koordinator`)).status, 403);
  assert.equal((await c.get('/kommune/koordinatorer')).status, 403);
});

test('a coordinator takes a young person without a coordinator, but not one who has one', async () => {
  const pl = await loggedIn('project_leader');
  const id = await newPerson(pl);
  const c = await loggedIn('coordinator');
  assert.equal((await c.get(`/unge/${id}`)).status, 404, 'not theirs yet: not even shown to exist');
  const mine = await c.get('/mine-unge');
  assert.match(mine.text, /Unge uden koordinator/);
  assert.match(mine.text, new RegExp(`action="/unge/${id}/koordinator/tag"`));
  assert.equal(tidyErrors(mine.text), '');
  const csrf = c.csrfFrom(mine.text);
  let r = await c.post(`/unge/${id}/koordinator/tag`, { csrf });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/unge/${id}`);
  assert.equal((await c.get(`/unge/${id}`)).status, 200);
  // the second coordinator is too late: refused and logged
  const c2 = await loggedIn('coordinator2');
  r = await c2.post(`/unge/${id}/koordinator/tag`, { csrf: await c2.csrf() });
  assert.equal(r.status, 403);
  assert.equal(q(`SELECT username FROM users WHERE id = (SELECT coordinator_id FROM person WHERE id = ${id})`), 'coordinator');
  assert.equal(count('audit_log', `person_id = ${id} AND action = 'coordinator_take' AND result = 'refused'`), 1);
  r = await c2.post('/unge/999999/koordinator/tag', { csrf: await c2.csrf() });
  assert.equal(r.status, 404);
});

test('another coordinator cannot see or change the course: refused, logged, nothing written', async () => {
  const c = await loggedIn('coordinator');
  const id = await newPerson(c);
  const c2 = await loggedIn('coordinator2');
  const csrf = await c2.csrf();
  const before = count('course_event', '1 = 1') + count('allocation', '1 = 1');
  for (const [path, form] of [['visitation', alloc('model_icm', 50)], ['trin/3', { on_date: dk(1) }], ['takker-nej', { on_date: dk(1), reason: 'x' }],
    ['afslut', { on_date: dk(1), end_reason: 'self' }], ['tjekliste', { item: 'consent' }], ['bolig-fundet', { kind: 'lease', on_date: dk(1) }]]) {
    const r = await c2.post(`/unge/${id}/${path}`, pairs({ csrf, ...form }));
    assert.equal(r.status, 404, path);
    assert.equal((await c2.get(`/unge/${id}/${path}`)).status, path === 'tjekliste' ? 405 : 404, `GET ${path}`);
  }
  assert.equal(count('course_event', '1 = 1') + count('allocation', '1 = 1'), before);
  assert.ok(count('audit_log', `person_id = ${id} AND result = 'refused'`) >= 11);
  // support and team roles have no course forms at all
  const t = await loggedIn('team');
  assert.equal((await t.post(`/unge/${id}/trin/3`, { csrf: await t.csrf(), on_date: dk(1) })).status, 403);
  // without the CSRF token nothing is written
  const r = await c.post(`/unge/${id}/visitation`, alloc('model_icm', 50));
  assert.equal(r.status, 403);
  assert.equal(count('allocation', `course_id = ${courseOf(id)}`), 0);
  // every view of a course form is logged
  assert.equal((await c.get(`/unge/${id}/visitation`)).status, 200);
  assert.equal(count('audit_log', `person_id = ${id} AND action = 'allocation_form' AND result = 'ok'`), 1);
});
