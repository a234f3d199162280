// Redskab 3 in a real browser: a coordinator writes a goal in the young
// person's words and the agreements under it, follows one up, and prints
// the form for the young person.  axe-core and tidy on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkA11y, checkDocs, login, isoIn, dk } from '../lib/browser.mjs';
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

test('a coordinator writes goals and agreements, follows up and prints the form', async () => {
  const page = await newPage(browser);
  await login(page, srv.url, 'coordinator');
  // a young person to work with
  await page.goto(srv.url + '/henvisning/ny');
  await page.getByLabel(/CPR-nummer/).fill('150605-1234');
  await page.getByLabel(/^Navn/).fill('Maja Målsen');
  await page.getByLabel(/Henvisningsdato/).fill(dk(isoIn(-10)));
  await page.getByLabel(/Henvist af/).selectOption({ label: 'UU-vejledningen' });
  await page.getByLabel(/Begrundelse/).fill('Sofasurfer');
  await page.getByLabel('Ung i risiko for hjemløshed', { exact: true }).check();
  await page.getByLabel('Svagt netværk').check();
  await page.getByRole('button', { name: 'Registrér henvisning' }).click();
  await page.waitForLoadState();
  const pid = new URL(page.url()).pathname.split('/').pop();

  await page.getByRole('link', { name: 'Se mål og aftaler' }).click();
  await page.waitForLoadState();
  await checkA11y(page, 'Mål og aftaler (empty)');
  await page.getByLabel(/Målet med den unges egne ord/).fill('Jeg vil have styr på min økonomi');
  await page.getByLabel(/Livsområde/).selectOption({ label: 'Økonomi' });
  await page.getByRole('button', { name: 'Tilføj mål' }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Jeg vil have styr på min økonomi' }).waitFor();
  await checkA11y(page, 'the goal');

  // an agreement with a deadline in the past is refused with a message at the field
  await page.getByLabel(/Hvad gør vi/).first().fill('Lave et budget sammen med bostøtten');
  await page.getByLabel(/Hvem har ansvaret/).first().selectOption({ label: 'Den unge' });
  await page.getByLabel(/Frist/).first().fill(dk(isoIn(-3)));
  await page.getByRole('button', { name: 'Tilføj aftale' }).click();
  await page.waitForLoadState();
  const deadline = page.getByLabel(/Frist/).first();
  assert.equal(await deadline.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel(/Hvad gør vi/).first().inputValue(), 'Lave et budget sammen med bostøtten', 'input kept');
  await checkA11y(page, 'the goal with an error');
  await deadline.fill(dk(isoIn(14)));
  await page.getByRole('button', { name: 'Tilføj aftale' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Aftalen er tilføjet/);
  const row = page.getByRole('row').filter({ hasText: 'Lave et budget' });
  assert.match(await row.innerText(), new RegExp(dk(isoIn(14)).replace(/\./g, '\\.')));

  // follow it up
  await row.getByRole('link').click();
  await page.waitForLoadState();
  await checkA11y(page, 'the agreement');
  await page.getByLabel('I gang').check();
  await page.getByLabel(/^Opfølgning/).fill('Budgettet er påbegyndt');
  await page.getByRole('button', { name: 'Gem opfølgning' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Budgettet er påbegyndt/);
  assert.match(await page.locator('main').innerText(), /Historik/);

  // the printable form for the young person
  await page.goto(`${srv.url}/unge/${pid}/maal/udskrift`);
  await checkA11y(page, 'printable form');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.hv-nav').isVisible(), false, 'no menu on paper');
  const text = await page.locator('main').innerText();
  assert.match(text, /Jeg vil have styr på min økonomi/);
  assert.match(text, /Lave et budget sammen med bostøtten/);
  assert.match(text, /Den unge/);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000, 'prints to a PDF');
  await checkDocs(page);
  assert.equal(sqlite(srv.db, `SELECT COUNT(*) FROM agreement_followup`).trim(), '1');
});
