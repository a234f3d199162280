// The first slice in a real browser (Debian's Chromium through
// playwright-core): log in, register a referral with a bad CPR number and
// then a good one, find the young person on "Mine unge", open the page and
// reveal the CPR number.  Every page visited is checked with axe-core (no
// serious or critical violation) and every HTML document the server sent
// with tidy (no errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, today, dk } from '../lib/browser.mjs';
import { startServer, sqlite } from '../lib/server.mjs';

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

const newPage = (viewport) => openPage(browser, viewport);
const login = (page, user) => loginAs(page, srv.url, user);

test('a coordinator registers a referral, finds the young person and opens the page', async () => {
  const page = await newPage();
  await login(page, 'coordinator');
  assert.equal(new URL(page.url()).pathname, '/mine-unge');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Mine unge' }).waitFor());
  await checkA11y(page, 'Mine unge (empty)');

  await page.getByRole('link', { name: 'Registrér ny henvisning' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/henvisning/ny');
  await checkA11y(page, 'Ny henvisning');

  // A bad CPR number: the form comes back with the message at the field and
  // everything typed kept.
  const name = 'Sofie Browsertest';
  await page.getByLabel(/CPR-nummer/).fill('320199-1234');
  await page.getByLabel(/^Navn/).fill(name);
  await page.getByLabel(/Henvisningsdato/).fill(dk(today()));
  await page.getByLabel(/Henvist af/).selectOption({ label: 'UU-vejledningen' });
  await page.getByLabel(/Begrundelse/).fill('Sover hos venner.\nHar brug for et sted at bo.');
  await page.getByLabel('Ung i hjemløshed', { exact: true }).check();
  await page.getByLabel(/Boligsituation/).selectOption({ index: 5 });
  const chosenSituation = await page.getByLabel(/Boligsituation/).inputValue();
  const [res422] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Registrér henvisning' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(res422.status(), 422);
  const cpr = page.getByLabel(/CPR-nummer/);
  assert.equal(await cpr.getAttribute('aria-invalid'), 'true');
  const describedBy = (await cpr.getAttribute('aria-describedby')).split(/\s+/);
  const messages = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
  assert.ok(messages.some((m) => /dato/i.test(m)), `the CPR field explains the error: ${messages}`);
  assert.equal(await cpr.inputValue(), '320199-1234', 'the CPR number typed is kept');
  assert.equal(await page.getByLabel(/^Navn/).inputValue(), name);
  assert.equal(await page.getByLabel(/Begrundelse/).inputValue(), 'Sover hos venner.\nHar brug for et sted at bo.');
  assert.equal(await page.getByLabel(/Boligsituation/).inputValue(), chosenSituation);
  assert.ok(await page.getByLabel('Ung i hjemløshed', { exact: true }).isChecked());
  // the error summary at the top links to the field
  const summary = page.locator('.alert-error');
  assert.match(await summary.innerText(), /CPR-nummer/);
  await checkA11y(page, 'Ny henvisning with errors');
  assert.equal(sqlite(srv.db, "SELECT COUNT(*) FROM person WHERE name = 'Sofie Browsertest'").trim(), '0');

  // The corrected CPR number is accepted; the young person's page opens.
  await cpr.fill('311299-4321');
  await page.getByRole('button', { name: 'Registrér henvisning' }).click();
  await page.waitForLoadState();
  assert.match(new URL(page.url()).pathname, /^\/unge\/\d+$/);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  assert.match(await page.locator('[role=status]').innerText(), /Henvisningen er registreret/);
  const main = await page.locator('main').innerText();
  assert.match(main, /311299-XXXX/, 'the CPR number is masked');
  assert.doesNotMatch(main, /311299-4321/);
  assert.match(main, /Henvist/);
  await checkA11y(page, 'the young person');

  // "Mine unge" lists the young person with the current step.
  await page.getByRole('link', { name: 'Mine unge' }).first().click();
  await page.waitForLoadState();
  const row = page.getByRole('row').filter({ hasText: name });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /Henvist/);
  await checkA11y(page, 'Mine unge');

  // Open the page from the list and reveal the CPR number: it is logged.
  await row.getByRole('link', { name }).click();
  await page.waitForLoadState();
  const id = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('button', { name: 'Vis CPR-nummer' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /311299-4321/);
  await checkA11y(page, 'the young person with the CPR number shown');
  const actions = sqlite(srv.db, `SELECT action FROM audit_log WHERE person_id = ${id} ORDER BY id`).trim().split('\n');
  assert.deepEqual(actions.filter((a) => a !== 'view'), ['create', 'reveal_cpr']);
  assert.ok(actions.filter((a) => a === 'view').length >= 2, 'each view of the page is logged');
  await checkDocs(page);
});

test('every role can log in and sees a clean, accessible home page', async () => {
  for (const [user, heading] of [['admin2', 'Brugere'], ['leader', 'Overblik'], ['project_leader', 'Alle unge'],
    ['coordinator2', 'Mine unge'], ['support', 'Mine unge'], ['team', 'Mine unge']]) {
    const page = await newPage();
    await login(page, user);
    const h1 = await page.locator('h1').innerText();
    assert.equal(h1, heading, `${user} lands on ${heading} (at ${page.url()})`);
    await checkA11y(page, `${user}'s home`);
    await page.goto(srv.url + '/indstillinger');
    await checkA11y(page, `${user}'s settings`);
    await page.getByRole('button', { name: 'Log af' }).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, '/login');
    await checkDocs(page);
    await page.context().close();
  }
});

test('on a phone screen the pages work and the error pages are accessible', async () => {
  const page = await newPage({ width: 375, height: 740 });
  await login(page, 'coordinator');
  await page.goto(srv.url + '/henvisning/ny');
  await checkA11y(page, 'Ny henvisning on a phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no sideways scrolling on a phone');
  const notFound = await page.goto(srv.url + '/findes-ikke');
  assert.equal(notFound.status(), 404);
  await page.getByRole('heading', { level: 1, name: 'Siden findes ikke' }).waitFor();
  await checkA11y(page, '404');
  const forbidden = await page.goto(srv.url + '/admin/brugere');
  assert.equal(forbidden.status(), 403);
  await checkA11y(page, '403');
  await checkDocs(page);
});
