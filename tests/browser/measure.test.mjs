// The quarterly instruments in a real browser: a coordinator fills in
// Individindberetning og Samarbejdsmodel (an incomplete form first: the
// messages at the fields), then the Dialogredskab together with the young
// person on a tablet (820x1180: large answer cards, no horizontal
// scrolling) and opens the blank form to print; a support worker fills in
// Individindberetning og bostøtte from the worklist, with the contacts and
// hours prefilled.  axe-core on every page, tidy on every document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkA11y, checkDocs, login, isoIn, dk } from '../lib/browser.mjs';
import { startServer, Client, sqlite } from '../lib/server.mjs';

let srv, browser, s;
before(async () => {
  srv = await startServer();
  browser = await launch();
  // a young person who started in the model 100 days ago, with ICM support
  const owner = new Client(srv.url);
  assert.equal((await owner.login('coordinator')).status, 303);
  const csrf = await owner.csrf('/henvisning/ny');
  const ref = await owner.post('/henvisning', {
    csrf, cpr: '101010-4331', name: 'Sara Sofasurfer', referred_on: dk(isoIn(-120)), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(ref.status, 303);
  const id = ref.location.split('/').pop();
  const course = q1(`SELECT id FROM course WHERE person_id = ${id}`);
  q1(`INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (${course}, 3, '${isoIn(-100)}', 'x')`);
  const sid = q1(`INSERT INTO support_course(course_id, method, start_on, created_at)
    VALUES (${course}, 'icm', '${isoIn(-100)}', '2026-01-01T00:00:00Z') RETURNING id`);
  q1(`INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)
    VALUES (${sid}, (SELECT id FROM users WHERE username = 'support'), 'bostoette', '${isoIn(-100)}', 'x')`);
  q1(`INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_at)
    VALUES (${sid}, '${isoIn(-40)}', 'face', 90, 30, 'home', 'x')`);
  s = { id, course, sid };
});
after(async () => {
  await browser?.close();
  await srv.stop();
  srv.cleanup();
});

const q1 = (sql) => sqlite(srv.db, sql).trim();
const tablet = { width: 820, height: 1180 };

async function post(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState();
  return res;
}

const question = (page, name) => page.getByRole('group', { name });

test('a coordinator fills in Individindberetning og Samarbejdsmodel', async () => {
  const page = await newPage(browser);
  await login(page, srv.url, 'coordinator');
  await page.goto(`${srv.url}/unge/${s.id}`);
  await page.getByRole('link', { name: 'Alle målinger' }).click();
  await page.getByRole('heading', { level: 1, name: 'Målinger' }).waitFor();
  await checkA11y(page, 'the measurements of a young person');
  await page.locator(`a[href="/unge/${s.id}/maalinger/ny?instrument=individ_model&nr=1"]`).click();
  await page.getByRole('heading', { level: 1, name: 'Individindberetning og Samarbejdsmodel' }).waitFor();
  await checkA11y(page, 'the form of Individindberetning og Samarbejdsmodel');
  // prefilled from the data: the housing situation of the referral
  assert.ok(await question(page, /^Hvor bor den unge nu/).getByLabel(/sofasurfer/).isChecked());
  assert.equal(await page.getByLabel(/^Netværksmøder afholdt/).inputValue(), '0');
  await question(page, /^Er den unge i uddannelse/).getByLabel('I uddannelse').check();
  await question(page, /^Er uddannelse eller beskæftigelse startet/).getByLabel('Startet i perioden').check();
  await question(page, /^Den unges hovedindkomst/).getByLabel('SU', { exact: true }).check();
  for (const q of ['Hverdagsmestring', 'Håndtering af egen økonomi', 'Psykisk helbred', 'Fysisk helbred', 'Misbrug'])
    await question(page, new RegExp(`^${q}`)).getByLabel('3 – Nogle vanskeligheder').check();
  // the network rating is missing: 422, the message at its field
  const bad = await post(page, 'Indsend målingen');
  assert.equal(bad.status(), 422);
  assert.match(await page.locator('.alert-error').innerText(), /Netværk/);
  assert.match(await question(page, /^Netværk/).innerText(), /Vælg et svar/);
  assert.ok(await question(page, /^Hverdagsmestring/).getByLabel('3 – Nogle vanskeligheder').isChecked(), 'kept');
  await checkA11y(page, 'the form with an error');
  await question(page, /^Netværk/).getByLabel('4 – Små vanskeligheder').check();
  await page.getByLabel(/^Bemærkninger/).fill('Sara er startet på en uddannelse.');
  const ok = await post(page, 'Indsend målingen');
  assert.equal(ok.status(), 303);
  await page.getByText('Målingen er indsendt.').waitFor();
  const main = await page.locator('main').innerText();
  assert.match(main, new RegExp(`Udfyldt den ${dk(isoIn(0))} af Test coordinator`));
  assert.match(main, /Netværk\s+4 – Små vanskeligheder/);
  await checkA11y(page, 'the filled-in measurement');
  await checkDocs(page, { atLeast: 5 });
});

test('the coordinator and the young person fill in the Dialogredskab on a tablet; the blank form to print', async () => {
  const page = await newPage(browser, tablet);
  await login(page, srv.url, 'coordinator');
  await page.goto(`${srv.url}/unge/${s.id}/maalinger`);
  await page.locator(`a[href="/unge/${s.id}/maalinger/ny?instrument=dialog&nr=1"]`).click();
  await page.getByRole('heading', { level: 1, name: 'Dialogredskab' }).waitFor();
  await checkA11y(page, 'the Dialogredskab on a tablet');
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  assert.ok(sw <= cw, `no horizontal scrolling (${sw} > ${cw})`);
  // one clear question per group, the answers as large cards
  const card = await question(page, /^Din hverdag/).locator('label').first().boundingBox();
  assert.ok(card.height >= 48 && card.width >= 500, `a large answer card: ${JSON.stringify(card)}`);
  const fontSize = await page.locator('legend.hv-question').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(fontSize >= 22, `a large question: ${fontSize}px`);
  const mood = ['Din hverdag', 'Din økonomi', 'Hvordan du har det psykisk', 'Dit fysiske helbred',
    'Alkohol, hash og andre stoffer', 'Familie, venner og andre', 'Der, hvor du bor', 'Skole, uddannelse eller arbejde'];
  for (const q of mood) await question(page, new RegExp(`^${q}`)).getByLabel('4 – Godt').click();
  for (const q of ['Jeg bliver hørt', 'Jeg har overblik', 'Jeg skal til færre møder', 'Mit team arbejder'])
    await question(page, new RegExp(`^${q}`)).getByLabel('5 – Helt').click();
  await page.getByLabel(/^Hvad er vigtigst for dig nu/).fill('At få min egen lejlighed.');
  const ok = await post(page, 'Indsend målingen');
  assert.equal(ok.status(), 303);
  await page.getByText('Målingen er indsendt.').waitFor();
  assert.match(await page.locator('main').innerText(), /Mit team arbejder for mine mål\s+5 – Helt/);
  await checkA11y(page, 'the filled-in Dialogredskab');
  await page.goto(`${srv.url}/unge/${s.id}/maalinger`);
  await page.getByRole('link', { name: /Dialogredskabet til udskrift/ }).click();
  await page.getByRole('heading', { level: 3, name: 'Jeg har overblik over min egen sag' }).waitFor();
  await checkA11y(page, 'the blank Dialogredskab');
  // printed: no navigation, no buttons
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.hv-nav, .portal-info').first().isVisible(), false);
  await checkDocs(page, { atLeast: 4 });
});

test('a support worker fills in Individindberetning og bostøtte from the worklist', async () => {
  const page = await newPage(browser);
  await login(page, srv.url, 'support');
  await page.goto(`${srv.url}/dokumentation`);
  await checkA11y(page, 'the worklist of a support worker');
  await page.locator(`a[href="/unge/${s.id}/maalinger/ny?instrument=individ_support&nr=1&sid=${s.sid}"]`).click();
  await page.getByRole('heading', { level: 1, name: 'Individindberetning og bostøtte' }).waitFor();
  await checkA11y(page, 'the form of Individindberetning og bostøtte');
  // prefilled from the contact log: one contact of 90 + 30 minutes
  assert.equal(await page.getByLabel(/^Kontakter med den unge/).inputValue(), '1');
  assert.equal(await page.getByLabel(/^Timer med den unge/).inputValue(), '2');
  assert.ok(await question(page, /^Metode/).getByLabel('ICM', { exact: false }).first().isChecked());
  await page.getByLabel(/^Timer med den unge/).fill('2,5');
  for (const q of ['Hverdagsmestring', 'Håndtering af egen økonomi', 'Psykisk helbred', 'Fysisk helbred', 'Misbrug', 'Netværk'])
    await question(page, new RegExp(`^${q}`)).getByLabel('4 – Små vanskeligheder').check();
  await question(page, /^Livsområder/).getByLabel('Økonomi', { exact: true }).check();
  const ok = await post(page, 'Indsend målingen');
  assert.equal(ok.status(), 303);
  await page.getByText('Målingen er indsendt.').waitFor();
  assert.match(await page.locator('main').innerText(), /2,5 timer/);
  await checkA11y(page, 'the filled-in support measurement');
  await checkDocs(page, { atLeast: 4 });
});
