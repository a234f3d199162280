// Resultater in a real browser: the leader opens it from the menu, chooses
// a period (first one with til before fra: the message at the field), reads
// the tables, downloads the CSV and prints the page (the menu and the
// period form hidden).  axe-core and tidy on every page visited, also at a
// phone's width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, checkA11y, checkDocs, login } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { seedOutcome } from '../lib/outcome-seed.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  seedOutcome(srv.db);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv.stop();
  srv.cleanup();
});

test('the leader reads the results of a period, downloads them as CSV and prints them', async () => {
  const page = await newPage(browser);
  await login(page, srv.url, 'leader');
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Resultater' }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Resultater' }).waitFor();
  await checkA11y(page, 'Resultater, the default period');

  // til before fra: the message at the field, the input kept
  await page.getByLabel('Fra', { exact: true }).fill('01.07.2025');
  await page.getByLabel('Til', { exact: true }).fill('30.06.2025');
  await page.getByRole('button', { name: 'Vis resultater' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#til-error').innerText(), /Til-datoen skal være samme dag som fra-datoen eller senere/);
  assert.equal(await page.getByLabel('Til', { exact: true }).inputValue(), '30.06.2025');
  await checkA11y(page, 'Resultater, til before fra');

  await page.getByLabel('Fra', { exact: true }).fill('01.01.2025');
  await page.getByLabel('Til', { exact: true }).fill('31.12.2025');
  await page.getByRole('button', { name: 'Vis resultater' }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /fra=01\.01\.2025&til=31\.12\.2025/);
  assert.match(await page.locator('main').innerText(), /Perioden: 01\.01\.2025–31\.12\.2025/);
  const housing = page.getByRole('table', { name: 'Boligsituation ved afslutningen, hele kommunen' });
  const row = housing.getByRole('row', { name: /I bolig/ });
  assert.equal(await row.getByRole('cell').first().innerText(), '75 % (15 af 20)');
  assert.equal(await row.getByRole('cell').last().innerText(), '73 %');
  const improved = page.getByRole('table', { name: 'Forbedring fra første til seneste måling, hele kommunen' });
  assert.match(await improved.getByRole('row', { name: /Hverdagsmestring/ }).innerText(), /50 % \(10 af 20\)[\s\S]*34 %/);
  const edu = page.getByRole('table', { name: 'I uddannelse eller beskæftigelse ved seneste måling' });
  assert.match(await edu.getByRole('row', { name: /Hele kommunen/ }).innerText(), /25 % \(5 af 20\)[\s\S]*29 %/);
  assert.doesNotMatch(await page.content(), /Skjult Ungnavn/);
  await checkA11y(page, 'Resultater, 2025');

  // the CSV: the same figures, for Excel (BOM)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Hent som CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^resultater-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8');
  assert.match(csv, /\r\nI bolig,0\.7500,73 %\r\n/);
  assert.match(csv, /\r\nHverdagsmestring,0\.5000,0,,20,34 %\r\n/);

  // print: no menu, no period form, the figures stay
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('navigation', { name: 'Hovedmenu' }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Vis resultater' }).isVisible(), false);
  assert.equal(await page.getByRole('link', { name: 'Hent som CSV' }).isVisible(), false);
  assert.equal(await housing.isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  await checkDocs(page, { atLeast: 3 });
  await page.context().close();
});

test('on a phone the tables can be read and the page passes axe-core', async () => {
  const page = await newPage(browser, { width: 375, height: 800 });
  await login(page, srv.url, 'project_leader');
  await page.goto(srv.url + '/resultater?fra=01.01.2025&til=31.12.2025');
  await page.getByRole('table', { name: 'Boligsituation ved afslutningen, hele kommunen' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page does not scroll sideways (${overflow}px)`);
  await checkA11y(page, 'Resultater on a phone');
  await checkDocs(page, { atLeast: 2 });
  await page.context().close();
});
