// Housing support in a real browser: the coordinator starts CTI support
// for a young person with a home; the project leader overrides a full
// worker's cap with a reason and sees it on the caseload pages; the support
// worker, on a 390 px wide phone screen, finds the young person on Mine
// unge, ticks the phase checklist and ends the support with the next
// support.  axe-core and tidy on every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, isoIn, dk } from '../lib/browser.mjs';
import { startServer, makeDb, sqlite, Client } from '../lib/server.mjs';

let srv, browser;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjemvej-support-b-'));
  srv = await startServer({ dir, db: makeDb(dir, [['bo', 'support']]) });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv.stop();
  srv.cleanup();
});

const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [403, 404, 422], htmlOnly: false });
const login = (page, user) => loginAs(page, srv.url, user);
const q = (sql) => sqlite(srv.db, sql).trim();
const ago = (days) => dk(isoIn(-days));

// A homeless young person allocated CTI, started in the model and with a
// home found, through the HTTP client (the course pages have their own
// browser test).
let cprSeq = 4100;
async function youngWithHome(name, back = 0) {
  const ago = (days) => dk(isoIn(-days - back));
  const c = new Client(srv.url);
  await c.login('coordinator');
  cprSeq++;
  let csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `050505-${cprSeq}`, name, referred_on: ago(60), referrer_actor: 'gadeplan',
    reason: 'Sover i en opgang.', target_group: 'homeless', housing_situation: 'natvarme',
  });
  const id = Number(r.location.split('/').pop());
  for (const [path, form] of [['visitation', { needs: 'Bolig.', combination: 'model_cti', rationale: 'Samtale.', on_date: ago(55) }],
    ['trin/3', { on_date: ago(50) }], ['bolig-fundet', { kind: 'lease', on_date: ago(30) }]]) {
    csrf = await c.csrf(`/unge/${id}/${path}`);
    assert.equal((await c.post(`/unge/${id}/${path}`, { csrf, ...form })).status, 303, path);
  }
  return id;
}

test('CTI from start to end: coordinator, project leader override, support worker on a phone', async () => {
  // CTI started 260 days ago: today is in phase 3, past the day the
  // handover agreement was due
  const id = await youngWithHome('Sigurd Bostøtte', 240);
  const other = await youngWithHome('Tove Loft');

  // the coordinator starts CTI support
  const page = await newPage();
  await login(page, 'coordinator');
  await page.goto(`${srv.url}/unge/${id}`);
  await checkA11y(page, 'the young person with a home');
  await page.getByRole('link', { name: 'Start bostøtte' }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Start bostøtte' }).waitFor();
  await checkA11y(page, 'the start form');
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Start bostøtten' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(bad.status(), 422);
  assert.equal(await page.getByLabel(/^Startdato/).getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'the start form with errors');
  await page.getByLabel(/^CTI/).check();
  await page.getByLabel(/^Startdato/).fill(ago(260));
  await page.getByLabel(/^Bostøttemedarbejder/).selectOption({ label: 'Test support (CTI 0 af 10, ICM 0 af 8, ACT 0)' });
  await page.getByRole('button', { name: 'Start bostøtten' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Bostøtten er startet/);
  await page.getByRole('heading', { level: 1, name: 'Bostøtte: CTI' }).waitFor();
  assert.match(await page.locator('[aria-current=step]').innerText(), /Fase 3 Overdragelse/);
  assert.match(await page.locator('main').innerText(), /overdragelsesaftale/i, 'the missing handover agreement is flagged');
  await checkA11y(page, 'the support course page');
  await checkDocs(page, { atLeast: 5 });

  // bo has ten CTI young people: the project leader overrides with a reason
  const bo = Number(q(`SELECT id FROM users WHERE username = 'bo'`));
  const muni = q(`SELECT municipality_id FROM users WHERE id = ${bo}`);
  for (let i = 0; i < 10; i++) {
    const p = q(`INSERT INTO person(municipality_id, cpr, name, created_at) VALUES (${muni}, '02029${String(i).padStart(5, '0')}', 'Fyld ${i}', 'x') RETURNING id`);
    const c = q(`INSERT INTO course(person_id, opened_on, target_group) VALUES (${p}, '${isoIn(-100)}', 'homeless') RETURNING id`);
    const s = q(`INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (${c}, 'cti', '${isoIn(-90 + i * 25)}', 'x') RETURNING id`);
    q(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at) VALUES (${s}, ${bo}, 'bostoette', '${isoIn(-90)}', 'x')`);
  }
  const pl = await newPage();
  await login(pl, 'project_leader');
  await pl.getByRole('link', { name: 'Bostøtte', exact: true }).click();
  await pl.waitForLoadState();
  await checkA11y(pl, 'the caseload overview');
  await pl.goto(`${srv.url}/unge/${other}/bostoette/ny`);
  await pl.getByLabel(/^CTI/).check();
  await pl.getByLabel(/^Startdato/).fill(ago(10));
  await pl.getByLabel(/^Bostøttemedarbejder/).selectOption({ label: 'Test bo (CTI 10 af 10, ICM 0 af 8, ACT 0)' });
  await pl.getByRole('button', { name: 'Start bostøtten' }).click();
  await pl.waitForLoadState();
  assert.equal(await pl.getByLabel(/^Begrundelse for at overskride loftet/).getAttribute('aria-invalid'), 'true');
  await checkA11y(pl, 'the start form refused at the cap');
  await pl.getByLabel(/^Begrundelse for at overskride loftet/).fill('Bo kender Tove fra gadeplan.');
  await pl.getByRole('button', { name: 'Start bostøtten' }).click();
  await pl.waitForLoadState();
  assert.match(await pl.locator('main').innerText(), /Loftet er overskredet: Bo kender Tove fra gadeplan\./);
  await pl.goto(`${srv.url}/bostoette`);
  await pl.getByRole('link', { name: 'Test bo' }).click();
  await pl.waitForLoadState();
  assert.match(await pl.getByRole('row').filter({ hasText: 'Tove Loft' }).innerText(), /Bo kender Tove fra gadeplan\./);
  await checkA11y(pl, "a worker's caseload");
  await checkDocs(pl, { atLeast: 5 });

  // the support worker on a phone
  const phone = await newPage({ width: 390, height: 844 });
  await login(phone, 'support');
  await phone.getByRole('heading', { level: 1, name: 'Mine unge' }).waitFor();
  assert.match(await phone.getByRole('row').filter({ hasText: 'Sigurd Bostøtte' }).innerText(), /Fase 3 Overdragelse/);
  await checkA11y(phone, 'Mine unge on a phone');
  await phone.getByRole('row').filter({ hasText: 'Sigurd Bostøtte' }).getByRole('link', { name: 'Bostøtte', exact: true }).click();
  await phone.waitForLoadState();
  await checkA11y(phone, 'the support page on a phone');
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the support page fits a phone (${wide}px)`);
  assert.match(await phone.locator('main').innerText(), /uger uden kontakt i fase 1/, 'weeks without contact are named');

  // two contacts from the stairwell: one that reached the young person, one attempt
  const supportPage = phone.url();
  for (const [kind, minutes, place, domain, note] of [
    ['Personligt møde', '45', 'I den unges hjem', 'Bolig', 'Aftalte overdragelsen med netværket.'],
    ['Forsøgt, men ikke fået fat i den unge', '', 'Et andet sted', null, 'Ingen åbnede.'],
  ]) {
    await phone.getByRole('link', { name: /^Registrér (kontakt|en kontakt mere)$/ }).first().click();
    await phone.waitForLoadState();
    await checkA11y(phone, 'the contact form on a phone');
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the contact form fits a phone');
    await phone.getByLabel(kind, { exact: true }).check();
    if (minutes) await phone.getByLabel(/^Varighed i minutter/).fill(minutes);
    await phone.getByLabel(place, { exact: true }).check();
    if (domain) await phone.getByLabel(domain, { exact: true }).check();
    await phone.getByLabel(/^Kort note/).fill(note);
    await phone.getByRole('button', { name: 'Gem kontakten' }).click();
    await phone.waitForLoadState();
    assert.match(await phone.locator('[role=status]').innerText(), /Kontakten er gemt|registreret/i);
    await checkA11y(phone, 'the contacts after saving');
  }
  assert.equal(q(`SELECT group_concat(kind, ',') FROM (SELECT kind FROM contact WHERE created_by = (SELECT id FROM users WHERE username = 'support') ORDER BY id)`),
    'face,attempt');
  await phone.goto(supportPage);
  assert.match(await phone.locator('main').innerText(), /Aftalte overdragelsen med netværket/, 'the latest contacts on the support page');
  await phone.getByLabel('Indflytning i boligen').check();
  await phone.getByLabel('Praktisk etablering af hjemmet').check();
  await phone.getByLabel(/^Overdragelsesaftale med netværket/).check();
  await phone.getByLabel(/^Udført den/).fill(ago(5));
  await phone.getByLabel(/^Note/).fill('Nøgler og seng på plads.');
  await phone.getByRole('button', { name: 'Gem tjeklisten' }).click();
  await phone.waitForLoadState();
  assert.match(await phone.locator('[role=status]').innerText(), /Tjeklisten er gemt/);
  assert.match(await phone.locator('main').innerText(), /Udført: Indflytning i boligen/);
  assert.equal(q(`SELECT COUNT(*) FROM support_check WHERE item = 'p3_handover'`), '1', 'the handover agreement is recorded');
  await checkA11y(phone, 'the support page with a checklist');
  await phone.getByRole('link', { name: 'Afslut bostøtten' }).click();
  await phone.waitForLoadState();
  await checkA11y(phone, 'the end form on a phone');
  await phone.getByLabel(/^Slutdato/).fill(ago(1));
  await phone.getByLabel('Den unge er flyttet').check();
  await phone.getByLabel('Bostøtte efter servicelovens §85', { exact: true }).check();
  await phone.getByLabel(/^Den videre støtte starter/).fill(dk(isoIn(6)));
  await phone.getByRole('button', { name: 'Afslut bostøtten' }).click();
  await phone.waitForLoadState();
  assert.match(await phone.locator('[role=status]').innerText(), /Bostøtten er afsluttet/);
  await checkA11y(phone, 'Mine unge after the end');
  await checkDocs(phone, { atLeast: 6 });

  // the coordinator sees the end and the gap of seven days
  await page.goto(`${srv.url}/unge/${id}/bostoette/${q(`SELECT MIN(id) FROM support_course WHERE end_on IS NOT NULL`)}`);
  assert.match(await page.locator('main').innerText(), /7 dage uden støtte/);
  await checkA11y(page, 'the ended support course');
  await checkDocs(page, { atLeast: 6 });
});
