// The half-yearly project report in a real browser: the project leader
// sees the completeness of the municipality and the open report on
// /dokumentation, writes and submits the report (an empty one first: the
// message at the field), prints it (menu and buttons hidden on paper) and
// reads it on a phone.  axe-core and tidy on every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, today, dk } from '../lib/browser.mjs';
import { startServer, Client } from '../lib/server.mjs';

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

const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [404, 422], htmlOnly: false });
const login = (page, user) => loginAs(page, srv.url, user);

// the first day of the last finished half year
const halfOf = (iso) => `${iso.slice(0, 4)}-${Number(iso.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
const prevHalf = (from) => (from.slice(5, 7) === '07' ? `${from.slice(0, 4)}-01-01` : `${Number(from.slice(0, 4)) - 1}-07-01`);
const last = prevHalf(halfOf(today()));
const lastLabel = `${last.slice(5, 7) === '01' ? '1' : '2'}. halvår ${last.slice(0, 4)}`;

test('the project leader writes, submits and prints the project report and sees completeness', async () => {
  // a young person referred in the half, so that the half is due
  const c = new Client(srv.url);
  assert.equal((await c.login('project_leader')).status, 303);
  const csrf = await c.csrf('/henvisning/ny');
  const referred = await c.post('/henvisning', {
    csrf, cpr: '050607-4411', name: 'Ung Rapport', referred_on: dk(`${last.slice(0, 8)}15`), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(referred.status, 303);

  const page = await newPage();
  await login(page, 'project_leader');
  await page.goto(srv.url + '/dokumentation');
  await page.getByRole('heading', { level: 2, name: 'Fuldstændighed for kommunen' }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'De tre redskaber pr. kvartal' }).count(), 1);
  assert.equal(await page.getByRole('table', { name: 'Tidsregistrering og fidelitetsmåling pr. kvartal' }).count(), 1);
  await checkA11y(page, '/dokumentation for the project leader');

  await page.getByRole('link', { name: `Projektindberetning: ${lastLabel}` }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: `Projektindberetning for ${lastLabel}` }).waitFor();
  assert.equal(await page.getByRole('row', { name: /Henviste unge 1/ }).count(), 1, 'the referral is counted');
  await checkA11y(page, 'the new project report');

  // nothing written: the message at the first answer
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Indsend projektindberetningen' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(bad.status(), 422);
  assert.equal(await page.getByLabel('Erfaringer med samarbejdsmodellen').getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'the project report with an error');

  await page.getByLabel('Erfaringer med samarbejdsmodellen').fill('Netværksmøderne fungerer godt, og de unge er med.');
  await page.getByLabel('Udfordringer').fill('Der mangler billige boliger.');
  await page.getByRole('button', { name: 'Indsend projektindberetningen' }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: `Projektindberetning for ${lastLabel}` }).waitFor();
  assert.match(await page.locator('main').innerText(), /Indsendt \d\d\.\d\d\.\d{4} \d\d:\d\d af Test project_leader/);
  assert.match(await page.locator('main').innerText(), /Der mangler billige boliger\./);
  await checkA11y(page, 'the submitted project report');

  // printed: no menu, no buttons; the figures and answers are there
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.hv-nav').isVisible(), false, 'the menu is hidden in print');
  assert.equal(await page.getByRole('link', { name: 'Ret svarene' }).isVisible(), false, 'the button is hidden in print');
  assert.equal(await page.getByRole('heading', { name: 'Projektlederens svar' }).isVisible(), true);
  assert.equal(await page.getByRole('table', { name: 'Henvist, startet og afsluttet i perioden' }).isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.hv-nav').isVisible(), true);
  const reportUrl = page.url();

  // the list and /dokumentation: submitted, no longer a task
  await page.goto(srv.url + '/projektindberetning');
  assert.equal(await page.getByRole('link', { name: `Se ${lastLabel}` }).count(), 1);
  await checkA11y(page, 'the list of project reports');
  await page.goto(srv.url + '/dokumentation');
  assert.equal(await page.getByRole('link', { name: `Projektindberetning: ${lastLabel}` }).count(), 0);
  await checkDocs(page, { atLeast: 6 });

  // on a phone
  const phone = await newPage({ width: 375, height: 800 });
  await login(phone, 'project_leader');
  await phone.goto(reportUrl);
  await phone.getByRole('heading', { level: 1, name: `Projektindberetning for ${lastLabel}` }).waitFor();
  await checkA11y(phone, 'the project report on a phone');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
  await checkDocs(phone);
});
