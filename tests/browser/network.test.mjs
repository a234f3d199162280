// Tool 1, network mapping, in a real browser: a coordinator makes a first
// mapping (after a form with an error), sees the map, makes a second from
// the pre-filled form, opens the earlier version and compares the two.
// axe-core on every page, tidy on every document, the SVG visible with a
// size, a phone-width form without sideways scrolling, and print media.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, isoIn, dk } from '../lib/browser.mjs';
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

// Here a 409 in the console is a problem, and every document is tidied, not
// only those sent as text/html.
const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [403, 404, 422], htmlOnly: false });
const login = (page, user) => loginAs(page, srv.url, user);

async function go(page, click) {
  await Promise.all([page.waitForNavigation(), click]);
}

const daysAgo = (n) => isoIn(-n);

// Fills row i of the mapping form (0-based) within its fieldset.
async function fillRow(page, i, p) {
  const row = page.getByRole('group', { name: `Person ${i + 1}`, exact: true });
  await row.getByLabel('Navn').fill(p.name);
  await row.getByLabel('Relation').selectOption({ label: p.rel });
  await row.getByLabel('Nærhed').selectOption({ label: p.cl });
  await row.getByLabel('Støtter eller belaster').selectOption({ label: p.va });
  await row.getByLabel('Kontakt').selectOption({ label: p.fq });
  if (p.help) await row.getByLabel('Kan hjælpe med').fill(p.help);
}

// The map is drawn: visible, a real size, every person's name in it.
async function checkMap(page, names) {
  const svg = page.locator('svg.hv-net-svg');
  await svg.waitFor();
  assert.ok(await svg.isVisible(), 'the map is visible');
  const box = await svg.boundingBox();
  assert.ok(box && box.width > 300 && box.height > 300, `the map has a size: ${JSON.stringify(box)}`);
  const shot = await svg.screenshot();
  assert.ok(shot.length > 5000, 'the screenshot of the map has content');
  const titles = await svg.locator('g > title').allTextContents();
  for (const n of names) assert.ok(titles.some((t) => t.startsWith(n + ':')), `${n} on the map`);
  assert.equal(titles.length, names.length, 'one dot per person');
  assert.equal(await svg.getAttribute('role'), 'img');
  for (const n of names) await page.getByRole('rowheader', { name: n, exact: true }).waitFor();
}

test('a coordinator maps the network, sees the map, maps again and compares', async () => {
  const page = await newPage();
  await login(page, 'coordinator');

  // a young person to work with
  await page.goto(srv.url + '/henvisning/ny');
  await page.getByLabel(/CPR-nummer/).fill('150505-1234');
  await page.getByLabel(/^Navn/).fill('Mira Netværksen');
  await page.getByLabel(/Henvisningsdato/).fill(dk(daysAgo(40)));
  await page.getByLabel(/Henvist af/).selectOption({ label: 'UU-vejledningen' });
  await page.getByLabel(/Begrundelse/).fill('Svagt netværk.');
  await page.getByLabel('Ung i hjemløshed', { exact: true }).check();
  await page.getByLabel(/Boligsituation/).selectOption({ index: 5 });
  await go(page, page.getByRole('button', { name: 'Registrér henvisning' }).click());
  const id = new URL(page.url()).pathname.split('/').pop();
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Netværk', exact: true }) });
  assert.match(await section.innerText(), /ingen netværkskortlægning endnu/);
  await checkA11y(page, 'the young person without a mapping');

  // the first mapping, with a missing choice first
  await go(page, section.getByRole('link', { name: 'Ny netværkskortlægning' }).click());
  assert.equal(new URL(page.url()).pathname, `/unge/${id}/netvaerk/ny`);
  await checkA11y(page, 'the empty mapping form');
  await page.getByLabel(/Dato for kortlægningen/).fill(dk(daysAgo(20)));
  await fillRow(page, 0, { name: 'Mor', rel: 'Familie', cl: 'Tæt', va: 'Støtter', fq: 'Ugentligt', help: 'Mad' });
  await fillRow(page, 1, { name: 'Jonas', rel: 'Kæreste', cl: 'Tæt', va: 'Blandet', fq: 'Dagligt' });
  await fillRow(page, 2, { name: 'Sagsbehandler Hanne', rel: 'Fagperson', cl: 'Mellem', va: 'Støtter', fq: 'Månedligt' });
  const row3 = page.getByRole('group', { name: 'Person 4', exact: true });
  await row3.getByLabel('Navn').fill('Onkel Bent');
  await row3.getByLabel('Relation').selectOption({ label: 'Familie' });
  const [res422] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Gem netværkskortlægning' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(res422.status(), 422);
  const cl = page.getByRole('group', { name: 'Person 4', exact: true }).getByLabel('Nærhed');
  assert.equal(await cl.getAttribute('aria-invalid'), 'true');
  const ids = (await cl.getAttribute('aria-describedby')).split(/\s+/);
  assert.match(await page.locator(`[id="${ids[0]}"]`).innerText(), /hvor tæt/);
  assert.match(await page.locator('.alert-error').innerText(), /Person 4, Nærhed/);
  assert.equal(await page.getByRole('group', { name: 'Person 2', exact: true }).getByLabel('Navn').inputValue(), 'Jonas');
  await checkA11y(page, 'the mapping form with errors');
  assert.equal(sqlite(srv.db, 'SELECT COUNT(*) FROM network_map').trim(), '0');

  await cl.selectOption({ label: 'Fjern' });
  const row3b = page.getByRole('group', { name: 'Person 4', exact: true });
  await row3b.getByLabel('Støtter eller belaster').selectOption({ label: 'Belaster' });
  await row3b.getByLabel('Kontakt').selectOption({ label: 'Sjældnere' });
  await go(page, page.getByRole('button', { name: 'Gem netværkskortlægning' }).click());
  assert.equal(new URL(page.url()).pathname, `/unge/${id}/netvaerk`);
  assert.match(await page.locator('[role=status]').innerText(), /gemt/);
  await checkMap(page, ['Mor', 'Jonas', 'Sagsbehandler Hanne', 'Onkel Bent']);
  await checkA11y(page, 'the network map');

  // the second mapping starts from the first
  await go(page, page.getByRole('link', { name: 'Ny netværkskortlægning' }).first().click());
  const p1 = page.getByRole('group', { name: 'Person 1', exact: true });
  assert.equal(await p1.getByLabel('Navn').inputValue(), 'Mor');
  assert.equal(await p1.getByLabel('Nærhed').inputValue(), 'close');
  assert.equal(await page.getByRole('group', { name: 'Person 4', exact: true }).getByLabel('Navn').inputValue(), 'Onkel Bent');
  await checkA11y(page, 'the pre-filled mapping form');
  await p1.getByLabel('Nærhed').selectOption({ label: 'Mellem' });
  await page.getByRole('group', { name: 'Person 2', exact: true }).getByLabel('Fjern personen fra kortlægningen').check();
  await fillRow(page, 4, { name: 'Bedste ven Sara', rel: 'Ven', cl: 'Tæt', va: 'Støtter', fq: 'Dagligt', help: 'Et sted at sove' });
  await go(page, page.getByRole('button', { name: 'Gem netværkskortlægning' }).click());
  await checkMap(page, ['Mor', 'Sagsbehandler Hanne', 'Onkel Bent', 'Bedste ven Sara']);

  // the earlier version is still there, read-only
  const versions = page.getByRole('region', { name: 'Alle versioner' });
  assert.equal(await versions.getByRole('listitem').count(), 2);
  await go(page, versions.getByRole('link', { name: dk(daysAgo(20)) }).click());
  assert.match(await page.locator('main').innerText(), /tidligere version/);
  await checkMap(page, ['Mor', 'Jonas', 'Sagsbehandler Hanne', 'Onkel Bent']);
  assert.equal(await page.locator('form[action$="/netvaerk"]').count(), 0, 'no form to change an old version');
  await checkA11y(page, 'an earlier version');

  // compare: latest against the previous by default
  await go(page, page.getByRole('link', { name: 'Tilbage til netværkskortet' }).click());
  await go(page, page.getByRole('link', { name: 'Sammenlign kortlægninger' }).click());
  const main = await page.locator('main').innerText();
  assert.match(main, /Nye personer i netværket\s+Bedste ven Sara/);
  assert.match(main, /Ikke længere med i netværket\s+Jonas/);
  const change = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Mor' }) });
  assert.match(await change.innerText(), /Nærhed\s+Tæt\s+Mellem/);
  await checkA11y(page, 'the comparison');
  // choose the other direction in the form
  await page.getByLabel('Fra kortlægningen').selectOption({ index: 1 });
  await page.getByLabel('Til kortlægningen').selectOption({ index: 0 });
  await go(page, page.getByRole('button', { name: 'Sammenlign', exact: true }).click());
  assert.match(await page.locator('main').innerText(), /Nye personer i netværket\s+Jonas/);

  // the young person's page sums it up
  await page.goto(`${srv.url}/unge/${id}`);
  assert.match(await section.innerText(), new RegExp(`Seneste netværkskortlægning: ${dk(daysAgo(0))}, 4 personer`));
  await section.getByRole('link', { name: 'Se netværkskort' }).waitFor();

  // printed, the map fits on the page and the navigation is hidden
  await page.goto(`${srv.url}/unge/${id}/netvaerk`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.hv-nav').isVisible(), false, 'no navigation in print');
  assert.equal(await page.locator('.breadcrumbs').isVisible(), false);
  const box = await page.locator('svg.hv-net-svg').boundingBox();
  assert.ok(box.height > 200 && box.height <= 900 * 0.62 + 1, `the printed map fits a page: ${box.height}`);
  await page.emulateMedia({ media: 'screen' });
  await checkDocs(page);
});

test('on a phone the map and the form fit the screen', async () => {
  const page = await newPage({ width: 375, height: 740 });
  await login(page, 'coordinator');
  const id = sqlite(srv.db, "SELECT id FROM person WHERE name = 'Mira Netværksen'").trim();
  for (const path of [`/unge/${id}/netvaerk`, `/unge/${id}/netvaerk/ny`, `/unge/${id}/netvaerk/sammenlign`]) {
    await page.goto(srv.url + path);
    await checkA11y(page, `${path} on a phone`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, `no sideways scrolling on ${path}`);
  }
  await page.goto(`${srv.url}/unge/${id}/netvaerk`);
  const box = await page.locator('svg.hv-net-svg').boundingBox();
  assert.ok(box.width > 250 && box.width <= 375, `the map fits the phone: ${box.width}`);
  await checkDocs(page);
});
