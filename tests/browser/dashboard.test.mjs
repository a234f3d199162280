// The leadership dashboard in a real browser, as the leader: a fresh
// municipality explains that there is no data; with young people created
// (through the HTTP client, as a coordinator) no name of any young person
// in the database is visible anywhere on the page, a small group shows as
// "under 5", and the page works on a phone's width.  The project leader's
// export page shows the data dictionary.  axe-core and tidy on every page
// visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, today, dk } from '../lib/browser.mjs';
import { startServer, sqlite, Client } from '../lib/server.mjs';

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

const newPage = (viewport) => openPage(browser, viewport, { htmlOnly: false });
const login = (page, user) => loginAs(page, srv.url, user);

async function referYoungPeople(n) {
  const c = new Client(srv.url);
  assert.equal((await c.login('coordinator')).status, 303);
  for (let i = 0; i < n; i++) {
    let csrf = await c.csrf('/henvisning/ny');
    let r = await c.post('/henvisning', {
      csrf, cpr: `110705-${6100 + i}`, name: `Oversigtia Skjultsen${i}`, referred_on: dk(today()),
      referrer_actor: i % 2 ? 'uu' : 'gadeplan', reason: 'Sover hos venner.', target_group: 'homeless',
      housing_situation: 'sofa',
    });
    assert.equal(r.status, 303, r.text);
    if (i < 2) {
      const id = Number(r.location.split('/').pop());
      csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text);
      r = await c.post(`/unge/${id}/visitation`, { csrf, needs: 'Bolig.', combination: 'model_cti', rationale: 'Vurderet.', on_date: dk(today()) });
      assert.equal(r.status, 303, r.text);
    }
  }
}

test('the leader sees aggregates only: no names, small groups "under 5", also on a phone', async () => {
  const page = await newPage();
  await login(page, 'leader');
  assert.match(page.url(), /\/overblik$/, 'the leader starts on the dashboard');
  await page.getByRole('heading', { level: 1, name: 'Overblik' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Der er endnu ingen data i kommunen/);
  await checkA11y(page, 'the empty dashboard');

  await referYoungPeople(7);
  await page.reload();
  await page.waitForLoadState();
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /Der er endnu ingen data/);
  const names = sqlite(srv.db, 'SELECT name FROM person').trim().split('\n').filter(Boolean);
  assert.equal(names.length, 7);
  const html = await page.content();
  for (const name of names) {
    assert.ok(!text.includes(name), `the name ${name} is visible`);
    assert.ok(!html.includes(name), `the name ${name} is in the page`);
  }
  for (const cpr of sqlite(srv.db, 'SELECT cpr FROM person').trim().split('\n'))
    assert.ok(!html.includes(cpr) && !html.includes(cpr.slice(0, 6)), 'a CPR number is in the page');
  // 7 young people: 5 not allocated, 2 with CTI (under 5)
  const steps = page.getByRole('table', { name: 'Unge med åbent forløb efter trin og kombination' });
  const total = steps.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'I alt' }) });
  assert.deepEqual((await total.getByRole('cell').allInnerTexts()).map((s) => s.trim()), ['5', '0', 'under 5', '0', '7']);
  const refs = page.getByRole('table', { name: 'Hvem henviser (seneste 12 måneder)' });
  assert.match(await refs.innerText(), /under 5/);
  await checkA11y(page, 'the dashboard with data');
  // the download buttons and the links to the details
  for (const name of ['Hent som CSV', 'Hent som Excel', 'Resultater', 'Omkostninger', 'Fidelitet', 'Projektindberetning'])
    assert.equal(await page.locator('main').getByRole('link', { name, exact: true }).count(), 1, name);

  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Overblik' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), false,
    'no sideways scrolling of the page on a phone');
  await checkA11y(page, 'the dashboard on a phone');
  await checkDocs(page, { atLeast: 3 });
});

test('the project leader\'s export page explains the export and shows the data dictionary', async () => {
  const page = await newPage();
  await login(page, 'project_leader');
  await page.goto(srv.url + '/eksport');
  await page.getByRole('heading', { level: 1, name: /Pseudonymiseret udtræk/ }).waitFor();
  const dict = page.getByRole('table', { name: 'Dataordbog' });
  assert.match(await dict.innerText(), /pseudonym/);
  assert.equal(await page.getByRole('textbox', { name: 'Fra', exact: true }).inputValue() !== '', true);
  await checkA11y(page, 'the export page');
  // CSV download through the form's button
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Hent som CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^pseudonymiseret-\d{4}-\d{2}-\d{2}\.csv$/);
  await checkDocs(page, { atLeast: 2 });
});
