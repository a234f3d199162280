// Time registration in a real browser on a phone-sized screen (390x844): a
// support worker records a contact, then registers the quarter's hours
// from the form prefilled from it (a bad number first: the message at the
// field), corrects a cell and submits; the project leader sees it on the
// municipality's overview with the cost.  axe-core on every page, tidy on
// every document, no horizontal scrolling of the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, isoIn, dk } from '../lib/browser.mjs';
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

const q1 = (sql) => sqlite(srv.db, sql).trim();
const phone = { width: 390, height: 844 };

async function noHorizontalScroll(page, what) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  assert.ok(sw <= cw, `${what}: no horizontal scrolling (${sw} > ${cw})`);
}

test('a support worker on a phone registers the quarter from the prefill; the project leader sees it', async () => {
  // a young person with a CTI support course that began a few days ago
  const owner = new Client(srv.url);
  assert.equal((await owner.login('coordinator')).status, 303);
  const csrf = await owner.csrf('/henvisning/ny');
  const ref = await owner.post('/henvisning', {
    csrf, cpr: '111111-4321', name: 'Tilde Timeløs', referred_on: dk(isoIn(-30)), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(ref.status, 303);
  const id = ref.location.split('/').pop();
  const course = q1(`SELECT id FROM course WHERE person_id = ${id}`);
  const sid = q1(`INSERT INTO support_course(course_id, method, start_on, created_at)
    VALUES (${course}, 'cti', '${isoIn(0)}', '2026-01-01T00:00:00Z') RETURNING id`);
  q1(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)
    VALUES (${sid}, (SELECT id FROM users WHERE username = 'support'), 'bostoette', '${isoIn(0)}', '2026-01-01T00:00:00Z')`);

  const page = await openPage(browser, phone);
  await loginAs(page, srv.url, 'support');
  // a home visit today: one hour, 20 minutes' travel
  await page.goto(`${srv.url}/unge/${id}/bostoette/${sid}/kontakter/ny`);
  await page.getByRole('heading', { level: 1, name: 'Registrér kontakt' }).waitFor();
  await page.getByLabel('Personligt møde').check();
  await page.getByLabel(/^Varighed i minutter/).fill('60');
  await page.getByLabel(/^Transporttid i minutter/).fill('20');
  await page.getByLabel('I den unges hjem').check();
  await page.getByRole('button', { name: 'Gem kontakten' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Kontakten er gemt/);

  // Dokumentation, then the time registration
  await page.goto(srv.url + '/dokumentation');
  await page.getByRole('link', { name: 'Tidsregistrering', exact: true }).last().click();
  await page.getByRole('heading', { level: 1, name: 'Tidsregistrering' }).waitFor();
  await checkA11y(page, 'the own time registrations');
  await page.getByRole('link', { name: /Registrér timer/ }).first().click();
  await page.getByRole('heading', { level: 1, name: /Registrér timer for \d\. kvartal/ }).waitFor();
  await checkA11y(page, 'the time registration form');
  await noHorizontalScroll(page, 'the time registration form');

  // the prefill: one hour of direct contact and 0,3 hours of transport under CTI, with where they come from
  const direct = page.getByLabel('Direkte kontakt med den unge, CTI');
  const transport = page.getByLabel('Transport, CTI');
  assert.equal(await direct.inputValue(), '1');
  assert.equal(await transport.inputValue(), '0,3');
  assert.equal(await direct.getAttribute('inputmode'), 'decimal');
  assert.match(await page.locator('#cti_direct-hint').innerText(), /Forslag fra 1 kontakt: 1 timer/);
  assert.match(await page.locator('#cti_transport-hint').innerText(), /Forslag fra transporttiden i 1 kontakt/);
  assert.equal(await page.getByLabel('Direkte kontakt med den unge, ICM').inputValue(), '');

  // a bad number first: 422, the message at the field, the input kept, nothing saved
  await page.getByLabel('Koordinering og samarbejde, CTI').fill('to timer');
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Indsend registreringen' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(bad.status(), 422);
  assert.match(await page.locator('.alert-error').innerText(), /Skriv antal timer som et tal/);
  const coord = page.getByLabel('Koordinering og samarbejde, CTI');
  assert.equal(await coord.getAttribute('aria-invalid'), 'true');
  assert.equal(await coord.inputValue(), 'to timer');
  await checkA11y(page, 'the time registration form with an error');
  await noHorizontalScroll(page, 'the time registration form with an error');
  assert.equal(q1('SELECT COUNT(*) FROM time_registration'), '0');

  // correct: the visit took an hour and a half; two hours of coordination
  await direct.fill('1,5');
  await coord.fill('2');
  await page.getByRole('button', { name: 'Indsend registreringen' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Registreringen er indsendt/);
  await page.getByRole('heading', { level: 1, name: /Tidsregistrering \d\. kvartal/ }).waitFor();
  assert.match(await page.locator('main').innerText(), /af Test support/);
  await checkA11y(page, 'the submitted registration');
  assert.equal(q1(`SELECT group_concat(category || '=' || minutes, ',') FROM (SELECT * FROM time_hours ORDER BY category)`),
    'coordination=120,direct=90,transport=18');
  await checkDocs(page, { atLeast: 6 });

  // the project leader: the overview has it, 3,8 hours at 387 kr. = 1.471 kr.
  const lead = await openPage(browser, phone);
  await loginAs(lead, srv.url, 'project_leader');
  await lead.goto(srv.url + '/dokumentation');
  await lead.getByRole('link', { name: 'Tidsregistrering for kommunen' }).click();
  await lead.getByRole('heading', { level: 1, name: 'Tidsregistrering for kommunen' }).waitFor();
  const row = lead.locator('tr', { has: lead.getByText('Test support', { exact: true }) }).first();
  assert.match(await row.innerText(), /Registreret/);
  assert.match(await row.innerText(), /3,8/);
  assert.match(await row.innerText(), /1\.471 kr\./);
  await checkA11y(lead, 'the overview for the municipality');
  await lead.getByRole('link', { name: /Registreret Test support/ }).first().click();
  await lead.getByRole('heading', { level: 1, name: /Tidsregistrering \d\. kvartal/ }).waitFor();
  await checkA11y(lead, 'the registration seen by the project leader');
  await lead.goto(srv.url + '/tid/timepris');
  await checkA11y(lead, 'the hourly cost');
  await checkDocs(lead, { atLeast: 4 });
});
