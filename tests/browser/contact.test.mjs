// Contacts in a real browser on a phone-sized screen (390x844): a support
// worker opens the contacts of a CTI support course, records contacts with
// the form (an empty form first: messages at the fields), records another,
// and corrects one.  axe-core on every page, tidy on every document, no
// horizontal scrolling of the form.
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

test('a support worker on a phone records contacts and corrects one', async () => {
  // a young person with a CTI support course that began three weeks ago
  const owner = new Client(srv.url);
  assert.equal((await owner.login('coordinator')).status, 303);
  const csrf = await owner.csrf('/henvisning/ny');
  const ref = await owner.post('/henvisning', {
    csrf, cpr: '101010-4321', name: 'Mikkel Trappeopgang', referred_on: dk(isoIn(-60)), referrer_actor: 'gadeplan',
    reason: 'Sover i opgange.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(ref.status, 303);
  const id = ref.location.split('/').pop();
  const course = q1(`SELECT id FROM course WHERE person_id = ${id}`);
  const sid = q1(`INSERT INTO support_course(course_id, method, start_on, created_at)
    VALUES (${course}, 'cti', '${isoIn(-21)}', '2026-01-01T00:00:00Z') RETURNING id`);
  q1(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)
    VALUES (${sid}, (SELECT id FROM users WHERE username = 'support'), 'bostoette', '${isoIn(-21)}', '2026-01-01T00:00:00Z')`);

  const page = await openPage(browser, phone);
  await loginAs(page, srv.url, 'support');
  await page.goto(`${srv.url}/unge/${id}/bostoette/${sid}/kontakter`);
  await page.getByRole('heading', { level: 1, name: 'Kontakter' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Der er ikke registreret nogen kontakter endnu/);
  await checkA11y(page, 'the contacts, none yet');

  // the form: today's date is filled in
  await page.getByRole('link', { name: 'Registrér kontakt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registrér kontakt' }).waitFor();
  assert.equal(await page.getByLabel(/^Dato/).inputValue(), dk(isoIn(0)));
  assert.equal(await page.getByLabel(/^Varighed i minutter/).getAttribute('inputmode'), 'numeric');
  await checkA11y(page, 'the contact form');
  if (process.env.SHOTS) {
    for (let i = 0; i < 3; i++) {
      await page.evaluate((y) => window.scrollTo(0, y), i * 800);
      await page.screenshot({ path: `/tmp/contact-form${i}.png` });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  await noHorizontalScroll(page, 'the contact form');
  // the kinds are large touch targets
  const box = await page.locator('label[for="kind-face"]').boundingBox();
  assert.ok(box.height >= 44 && box.width >= 300, `a kind is a large target: ${JSON.stringify(box)}`);

  // an empty form: 422, messages at the fields, nothing saved
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Gem kontakten' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(bad.status(), 422);
  assert.match(await page.locator('.alert-error').innerText(), /Vælg, hvordan kontakten var/);
  assert.equal(await page.getByLabel(/^Varighed i minutter/).getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'the contact form with errors');
  await noHorizontalScroll(page, 'the contact form with errors');
  assert.equal(q1(`SELECT COUNT(*) FROM contact WHERE support_id = ${sid}`), '0');

  // a home visit, four days ago
  await page.getByLabel('Personligt møde').check();
  await page.getByLabel(/^Dato/).fill(dk(isoIn(-4)));
  await page.getByLabel(/^Varighed i minutter/).fill('50');
  await page.getByLabel(/^Transporttid i minutter/).fill('25');
  await page.getByLabel('I den unges hjem').check();
  await page.getByLabel('Økonomi', { exact: true }).check();
  await page.getByLabel('Bolig', { exact: true }).check();
  await page.getByLabel(/^Kort note/).fill('Købte gardiner og lavede budget.');
  await page.getByRole('button', { name: 'Gem kontakten' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Kontakten er gemt/);
  const first = page.locator('.hv-contacts li').first();
  assert.match(await first.innerText(), /Personligt møde/);
  assert.match(await first.innerText(), /Livsområder: Bolig, Økonomi/);
  await checkA11y(page, 'the contacts after saving');

  // and another: an SMS today
  await page.getByRole('link', { name: 'Registrér en kontakt mere' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registrér kontakt' }).waitFor();
  await page.getByLabel('SMS', { exact: true }).check();
  await page.getByLabel(/^Varighed i minutter/).fill('5');
  await page.getByLabel('Et andet sted').check();
  await page.getByRole('button', { name: 'Gem kontakten' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('.hv-contacts li').count(), 2);
  assert.match(await page.locator('.hv-contacts li').first().innerText(), /SMS/);
  // the chart has its text alternative
  assert.match(await page.locator('svg[role=img] desc').textContent(), /2 kontakter på/);
  await page.getByText('Kontakter pr. uge som tabel').click();
  if (process.env.SHOTS) await page.screenshot({ path: '/tmp/contact-list.png', fullPage: true });
  assert.ok(await page.getByRole('table', { name: 'Kontakter pr. uge' }).isVisible());
  await checkA11y(page, 'the contacts with the table open');

  // correct the home visit: it lasted longer
  await page.getByRole('link', { name: `Ret kontakten ${dk(isoIn(-4))}` }).click();
  await page.getByRole('heading', { level: 1, name: 'Ret kontakt' }).waitFor();
  assert.equal(await page.getByLabel(/^Varighed i minutter/).inputValue(), '50');
  assert.ok(await page.getByLabel('Økonomi', { exact: true }).isChecked());
  await checkA11y(page, 'the correction form');
  await noHorizontalScroll(page, 'the correction form');
  await page.getByLabel(/^Varighed i minutter/).fill('80');
  await page.getByLabel('Netværk og sociale relationer').check();
  await page.getByRole('button', { name: 'Gem rettelsen' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Rettelsen er gemt/);
  assert.match(await page.locator('.hv-contacts li').nth(1).innerText(), /1 t 20 min/);
  await page.getByRole('link', { name: `Ret kontakten ${dk(isoIn(-4))}` }).click();
  await page.getByRole('heading', { level: 1, name: 'Ret kontakt' }).waitFor();
  const history = await page.getByRole('region', { name: 'Historik' }).innerText();
  assert.match(history, /Varighed i minutter\s+50\s+80/);
  assert.match(history, /Bolig, Økonomi\s+Bolig, Økonomi, Netværk og sociale relationer/);
  await checkA11y(page, 'the correction form with its history');
  await checkDocs(page, { atLeast: 8 });
});
