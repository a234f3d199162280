// Network meetings in a real browser (Debian's Chromium through
// playwright-core): a coordinator plans a meeting from the young person's
// page (first with an end before the start: 422, input kept), downloads the
// .ics invitation through the link, ticks the meeting checklist and records
// the meeting as held.  axe-core on every page shown, tidy on every HTML
// document received; the meeting page also at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, today, dk } from '../lib/browser.mjs';
import { startServer, Client, sqlite } from '../lib/server.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv.stop();
  srv.cleanup();
});

// Here a 409 in the console is a problem (only text/html documents are tidied).
const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [403, 404, 422] });
const login = (page, user) => loginAs(page, srv.url, user);

async function submit(page, name) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name }).click(),
  ]);
  await page.waitForLoadState();
  return res;
}

const addDays = (iso, n) => { const d = new Date(iso + 'T12:00:00Z'); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); };
const q = (sql) => sqlite(srv.db, sql).trim();

// The young person and the team come from outside the browser: the team
// pages are another feature.
async function setUp() {
  const c = new Client(srv.url);
  await c.login('coordinator');
  const csrf = await c.csrf('/henvisning/ny');
  const res = await c.post('/henvisning', {
    csrf, cpr: '020304-4321', name: 'Frida Browsermøde', referred_on: dk(addDays(today(), -20)),
    referrer_actor: 'uu', reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(res.status, 303);
  const person = Number(res.location.split('/').pop());
  const course = q(`SELECT id FROM course WHERE person_id = ${person}`);
  q(`INSERT INTO team_member(course_id, actor, name, contact, from_date, created_at)
     VALUES (${course}, 'jobcenter', 'Jens Jobcenter', 'jens@kommune.dk', '${addDays(today(), -10)}', '2026-01-01T00:00:00Z')`);
  return person;
}

test('a coordinator plans a network meeting, downloads the invitation, ticks the checklist and records it held', async () => {
  const person = await setUp();
  const page = await newPage();
  await login(page, 'coordinator');
  await page.goto(`${srv.url}/unge/${person}`);
  await page.getByRole('heading', { level: 2, name: 'Netværksmøder' }).waitFor();
  assert.match(await page.locator('section[aria-labelledby="h-meetings"]').innerText(), /Intet møde planlagt/);
  await checkA11y(page, 'the young person with no meetings');

  await page.getByRole('link', { name: 'Planlæg netværksmøde' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, `/unge/${person}/moeder/ny`);
  await checkA11y(page, 'plan a meeting');
  assert.ok(await page.getByLabel(/Den unge er inviteret/).isChecked(), 'the young person is invited by default');
  await page.getByLabel(/^Dato/).fill(dk(today()));
  await page.getByLabel(/^Starttidspunkt/).fill('10:00');
  await page.getByLabel(/^Sluttidspunkt/).fill('09:00');
  await page.getByLabel(/^Sted/).fill('Ungecaféen, Søndergade 12');
  await page.getByLabel(/Jens Jobcenter/).check();
  await page.getByLabel('Navn, person 1').fill('Mona Moster');
  await page.getByLabel('Relation, person 1').selectOption({ label: 'Den unges valgte voksne' });
  await page.getByLabel(/egne punkter/).fill('Min bolig.\nPenge til mad.');
  const bad = await submit(page, 'Planlæg mødet');
  assert.equal(bad.status(), 422);
  const end = page.getByLabel(/^Sluttidspunkt/);
  assert.equal(await end.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#end-error').innerText(), /slutte efter/);
  assert.equal(await page.getByLabel(/^Sted/).inputValue(), 'Ungecaféen, Søndergade 12', 'input kept');
  assert.ok(await page.getByLabel(/Jens Jobcenter/).isChecked(), 'the chosen member kept');
  assert.equal(await page.getByLabel(/egne punkter/).inputValue(), 'Min bolig.\nPenge til mad.');
  await checkA11y(page, 'plan a meeting with errors');
  await end.fill('11:30');
  const ok = await submit(page, 'Planlæg mødet');
  assert.equal(ok.status(), 303);
  assert.match(new URL(page.url()).pathname, new RegExp(`^/unge/${person}/moeder/\\d+$`));
  await page.getByRole('heading', { level: 1, name: `Netværksmøde ${dk(today())}` }).waitFor();
  await checkA11y(page, 'the meeting');

  // the invitation through the link, as a download
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent invitation (.ics)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `netvaerksmoede-${today()}.ics`);
  const ics = readFileSync(await download.path(), 'utf8');
  const unfolded = ics.replace(/\r\n /g, '');
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  assert.match(unfolded, /\r\nMETHOD:REQUEST\r\n/);
  assert.match(unfolded, new RegExp(`\\r\\nDTSTART;TZID=Europe/Copenhagen:${today().replaceAll('-', '')}T100000\\r\\n`));
  assert.match(unfolded, /\r\nSUMMARY:Netværksmøde med Frida\r\n/);
  assert.match(unfolded, /\r\nLOCATION:Ungecaféen\\, Søndergade 12\r\n/);
  assert.match(unfolded, /\r\nATTENDEE;CN="Jens Jobcenter";[^\r]*:mailto:jens@kommune\.dk\r\n/);
  // no CPR number or surname (the random UID and the time stamp are left out)
  const content = unfolded.split('\r\n').filter((l) => !/^(UID|DTSTAMP):/.test(l)).join('\n');
  assert.doesNotMatch(content, /020304|4321|Browsermøde/);

  // the checklist
  await page.getByLabel('Dagsordenen er sendt ud').check();
  await page.getByLabel('Den unge er forberedt på mødet').check();
  assert.equal((await submit(page, 'Gem tjeklisten')).status(), 303);
  await page.getByText('Tjeklisten er gemt.').waitFor();
  assert.ok(await page.getByLabel(/^Dagsordenen er sendt ud/).isChecked());
  assert.match(await page.locator('label[for="item-before_agenda"]').innerText(), /afkrydset af Test coordinator/);
  assert.ok(!(await page.getByLabel(/^Referatet er sendt ud/).isChecked()));
  await checkA11y(page, 'the meeting with ticks');

  // record it as held: the young person was there, the chosen adult was not
  await page.getByRole('radio', { name: 'Ja' }).check();
  await page.getByRole('checkbox', { name: 'Mona Moster' }).uncheck();
  assert.ok(await page.getByRole('checkbox', { name: 'Jens Jobcenter' }).isChecked());
  await page.getByLabel('Referat', { exact: true }).fill('Vi talte om boligen.');
  await page.getByLabel('Dato for næste møde').fill(dk(addDays(today(), 60)));
  assert.equal((await submit(page, 'Registrér mødet')).status(), 303);
  await page.getByText('Den unge deltog i mødet.', { exact: true }).waitFor();
  assert.match(await page.locator('section[aria-labelledby="h-who"]').innerText(), /Mona Moster \(Den unges valgte voksne\): deltog ikke/);
  await checkA11y(page, 'the held meeting');
  assert.equal(q(`SELECT COUNT(*) FROM meeting WHERE held = 0 AND on_date = '${addDays(today(), 60)}'`), '1');

  // the young person's page: one meeting this year, the next one planned
  await page.getByRole('link', { name: 'Frida Browsermøde' }).click();
  await page.waitForLoadState();
  const section = await page.locator('section[aria-labelledby="h-meetings"]').innerText();
  assert.match(section, /de sidste 12 måneder\s+1/);
  assert.match(section, new RegExp(`Næste planlagte møde\\s+${dk(addDays(today(), 60)).replaceAll('.', '\\.')}`));
  await checkA11y(page, 'the young person with meetings');
  await page.goto(`${srv.url}/mine-unge`);
  assert.match(await page.locator('tr', { hasText: 'Frida Browsermøde' }).innerText(), /Planlagt/);
  await checkA11y(page, 'Mine unge');
  await checkDocs(page);

  // phone width: the meeting page has no horizontal scrolling
  const phone = await newPage({ width: 375, height: 740 });
  await login(phone, 'coordinator');
  const mid = q(`SELECT MIN(m.id) FROM meeting m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${person}`);
  await phone.goto(`${srv.url}/unge/${person}/moeder/${mid}`);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no horizontal scrolling at phone width');
  await checkA11y(phone, 'the meeting at phone width');
  await checkDocs(phone);
});
