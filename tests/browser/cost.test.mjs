// Omkostninger in a real browser: the leader opens the cost report from
// the menu, reads the hours and kroner per young person beside the
// evaluation's figures and the spread table under the box plots, meets
// the message of a til before fra, prints it (menu, period form and
// download buttons hidden on paper) and reads it on a phone.  No young
// person is named.  axe-core and tidy on every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, today } from '../lib/browser.mjs';
import { startServer, sqlite } from '../lib/server.mjs';

let srv, browser;
const pad = (n) => String(n).padStart(2, '0');
function quarter(back = 0) {
  const t = today();
  let y = Number(t.slice(0, 4)), q = Math.floor((Number(t.slice(5, 7)) - 1) / 3) - back;
  while (q < 0) { q += 4; y--; }
  return `${y}-${pad(q * 3 + 1)}-01`;
}
function dayAfter(iso, n) {
  const d = new Date(iso + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer();
  browser = await launch();
  const q1 = (sql) => sqlite(srv.db, sql).trim();
  const coord = q1("SELECT id FROM users WHERE username = 'coordinator'");
  const sup = q1("SELECT id FROM users WHERE username = 'support'");
  const start = dayAfter(quarter(4), -40);
  // six young people in the model, five of them in CTI with a contact each
  for (let i = 0; i < 6; i++) {
    const p = q1(`INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)
      VALUES (1, '02029${pad(i)}234', 'Skjult Navnesen${i}', ${coord}, 'now') RETURNING id`);
    const c = q1(`INSERT INTO course(person_id, opened_on, target_group) VALUES (${p}, '${start}', 'at_risk') RETURNING id`);
    q1(`INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (${c}, 3, '${start}', 'now')`);
    if (i < 5) {
      const s = q1(`INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (${c}, 'cti', '${start}', 'now') RETURNING id`);
      q1(`INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_at)
          VALUES (${s}, '${dayAfter(quarter(4), 5)}', 'face', ${60 * (i + 1)}, 15, 'home', 'now')`);
    }
  }
  for (let k = 1; k <= 4; k++) {
    for (const [u, method, min] of [[coord, 'model', 3000], [sup, 'cti', 1200]]) {
      const r = q1(`INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)
        VALUES (1, ${u}, '${quarter(k)}', '${dayAfter(quarter(k - 1), -1)}', 'now') RETURNING id`);
      q1(`INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (${r}, '${method}', 'direct', ${min})`);
    }
  }
});
after(async () => {
  await browser?.close();
  await srv.stop();
  srv.cleanup();
});

// 404: the leader lands on /overblik after logging in, a stub until the dashboard is in
const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [404, 422], htmlOnly: true });
const login = (page, user) => loginAs(page, srv.url, user);

test('the leader reads, checks the period of and prints the cost report', async () => {
  const page = await newPage();
  await login(page, 'leader');
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Omkostninger' }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Omkostninger' }).waitFor();
  const hours = page.getByRole('table', { name: 'Timer og udgift pr. ung pr. år' });
  assert.equal(await hours.count(), 1);
  // the model row: six young people, the evaluation's 131 hours and 50.700 kr. beside the municipality's
  const model = hours.getByRole('row', { name: /^Samarbejdsmodellen 6 / });
  assert.equal(await model.count(), 1);
  assert.match(await model.innerText(), /131[\s\S]*50\.700/);
  // the spread: the table under the box plots, five CTI courses, 106 hours as the evaluation's figure
  const spread = page.getByRole('table', { name: 'Spredning: timer pr. ung pr. år i bostøtten efter kontaktloggen' });
  assert.equal(await spread.count(), 1);
  assert.match(await spread.getByRole('row', { name: /^CTI 5 / }).innerText(), /106,0/);
  assert.equal(await page.getByRole('table', { name: 'Koordinatorer til de unge i samarbejdsmodellen nu' }).count(), 1);
  assert.equal(await page.getByRole('link', { name: 'Hent som CSV' }).count(), 1);
  assert.doesNotMatch(await page.locator('body').innerText(), /Navnesen/, 'no young person is named');
  assert.equal(await page.getByLabel('Kommunens koordinatorstillinger').count(), 0, 'the leader does not set posts');
  await checkA11y(page, 'the cost report');

  // til before fra: the message at the field, no figures
  await page.getByRole('textbox', { name: 'Fra', exact: true }).fill('31.12.2025');
  await page.getByRole('textbox', { name: 'Til', exact: true }).fill('01.01.2025');
  await page.getByRole('button', { name: 'Vis perioden' }).click();
  await page.waitForLoadState();
  await page.getByText('Til-datoen ligger før fra-datoen').waitFor();
  assert.equal(await page.getByRole('table', { name: 'Timer og udgift pr. ung pr. år' }).count(), 0);
  await checkA11y(page, 'the cost report with til before fra');

  // a period without data
  await page.getByRole('textbox', { name: 'Fra', exact: true }).fill('01.01.2010');
  await page.getByRole('textbox', { name: 'Til', exact: true }).fill('31.12.2010');
  await page.getByRole('button', { name: 'Vis perioden' }).click();
  await page.waitForLoadState();
  await page.getByText('Der er hverken registreret timer eller unge i samarbejdsmodellen i perioden').waitFor();
  await checkA11y(page, 'the cost report of an empty period');

  // printed: the figures without the menu, the period form and the buttons
  await page.goto(srv.url + '/omkostninger');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.hv-nav').isVisible(), false, 'the menu is hidden in print');
  assert.equal(await page.getByRole('button', { name: 'Vis perioden' }).isVisible(), false, 'the period form is hidden');
  assert.equal(await page.getByRole('link', { name: 'Hent som CSV' }).isVisible(), false, 'the downloads are hidden');
  assert.equal(await page.getByRole('table', { name: 'Timer og udgift pr. ung pr. år' }).isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  await checkDocs(page, { atLeast: 4 });
});

test('the project leader reads the cost report on a phone and sets the posts', async () => {
  const page = await newPage({ width: 375, height: 800 });
  await login(page, 'project_leader');
  await page.goto(srv.url + '/omkostninger');
  await page.getByRole('heading', { level: 1, name: 'Omkostninger' }).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 376, `the page fits the phone (${wide} px)`);
  await checkA11y(page, 'the cost report on a phone');
  await page.getByLabel('Kommunens koordinatorstillinger').fill('abc');
  await page.getByRole('button', { name: 'Gem stillingerne' }).click();
  await page.waitForLoadState();
  await page.getByText('Skriv antallet af stillinger som et tal').first().waitFor();
  await checkA11y(page, 'the posts form with an error');
  await page.getByLabel('Kommunens koordinatorstillinger').fill('0,5');
  await page.getByRole('button', { name: 'Gem stillingerne' }).click();
  await page.waitForLoadState();
  await page.getByText('Koordinatorstillingerne er gemt.').waitFor();
  const posts = page.getByRole('table', { name: 'Koordinatorer til de unge i samarbejdsmodellen nu' });
  assert.match(await posts.getByRole('row', { name: /^Stillinger i kommunen/ }).innerText(), /0,5/);
  await checkA11y(page, 'the cost report after the posts were saved');
  await checkDocs(page, { atLeast: 3 });
});
