// The home in a real browser (home.c): the coordinator records the home of
// a homeless young person before the move and adds the moving-in date
// later; the support worker, on a phone, records that the home was lost
// (Housing First: the support continues) and then records a new home.
// axe-core on every page visited (also at 390px), tidy on every document.
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

const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [403, 404, 422], htmlOnly: false });
const login = (page, user) => loginAs(page, srv.url, user);
const q = (sql) => sqlite(srv.db, sql).trim();
const ago = (days) => dk(isoIn(-days));

// A homeless young person allocated to the model with ICM, the course and
// the housing support started; the support user is their support worker.
async function setup() {
  const c = new Client(srv.url);
  assert.equal((await c.login('coordinator')).status, 303);
  let csrf = await c.csrf('/henvisning/ny');
  let r = await c.post('/henvisning', {
    csrf, cpr: '100405-2231', name: 'Malte Boligtest', referred_on: ago(60), referrer_actor: 'gadeplan',
    reason: 'Sover på herberg.', target_group: 'homeless', housing_situation: 'herberg',
  });
  assert.equal(r.status, 303);
  const id = Number(r.location.split('/').pop());
  const post = async (path, form) => {
    csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text);
    const res = await c.post(`/unge/${id}/${path}`, { csrf, ...form });
    assert.equal(res.status, 303, path);
  };
  await post('visitation', { needs: 'Bolig og økonomi.', combination: 'model_icm', rationale: 'Vurderet.', on_date: ago(55) });
  await post('trin/3', { on_date: ago(50) });
  await post('bostoette/ny', { method: 'icm', start_on: ago(48), worker: q("SELECT id FROM users WHERE username = 'support'") });
  const course = q(`SELECT id FROM course WHERE person_id = ${id}`);
  return { id, course };
}

async function submit(page, name) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return res.status();
}

test('record a home, move in, lose it and record a new one; a support worker on a phone', async () => {
  const { id, course } = await setup();

  // the coordinator records the home before the move
  const page = await newPage();
  await login(page, 'coordinator');
  await page.goto(`${srv.url}/unge/${id}`);
  await page.getByRole('heading', { level: 2, name: 'Bolig', exact: true }).waitFor();
  await checkA11y(page, 'the young person, no home yet');
  await page.getByRole('link', { name: 'Registrér bolig', exact: true }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Registrér bolig' }).waitFor();
  await checkA11y(page, 'the home form');

  // a negative rent and no address: messages at the fields, the input kept
  await page.getByLabel('Husleje').fill('-4000');
  await page.getByLabel(/Note om den praktiske støtte/).fill('Enkeltydelse søgt.');
  assert.equal(await submit(page, 'Registrér bolig'), 422);
  assert.equal(await page.getByLabel(/^Adresse/).getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#rent-error').innerText(), /Huslejen kan ikke være negativ/);
  assert.equal(await page.getByLabel(/Note om den praktiske støtte/).inputValue(), 'Enkeltydelse søgt.');
  await checkA11y(page, 'the home form with errors');

  await page.getByLabel(/^Adresse/).fill('Fjordgade 12, 1. th., 9000 Aalborg');
  await page.getByLabel('Almen ungdomsbolig', { exact: true }).check();
  await page.getByLabel('Husleje').fill('3800');
  await page.getByLabel(/Ungdomsboligkvoten/).check();
  await page.getByLabel('Lejekontrakten er underskrevet').fill(ago(20));
  await page.getByLabel('Møbler og indbo').check();
  await page.getByLabel('Enkeltydelse fra ydelseskontoret').check();
  assert.equal(await submit(page, 'Registrér bolig'), 303);
  await page.getByText('Boligen er registreret.').waitFor();
  await page.getByRole('heading', { level: 3, name: 'Bolig, den unge skal flytte ind i' }).waitFor();
  await page.getByText('ikke flyttet ind endnu').waitFor();
  await checkA11y(page, 'the young person with a home not moved into');

  // moving in: the date added later by editing the home
  await page.getByRole('link', { name: 'Ret boligen', exact: true }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Ret boligen' }).waitFor();
  assert.equal(await page.getByLabel('Husleje').inputValue(), '3800');
  assert.ok(await page.getByLabel('Møbler og indbo').isChecked());
  await checkA11y(page, 'the edit form');
  await page.getByLabel('Den unge flyttede ind').fill(ago(14));
  assert.equal(await submit(page, 'Gem ændringerne'), 303);
  await page.getByText(/det er registreret, at den unge er flyttet i egen bolig/).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Nuværende bolig' }).waitFor();
  assert.match(await page.locator('section[aria-labelledby="h-home"]').innerText(), /Boligsituation nu: I egen bolig/);
  assert.equal(q(`SELECT on_date FROM course_event WHERE course_id = ${course} AND step = 5`), isoIn(-14));
  await checkA11y(page, 'the young person in their own home');
  await checkDocs(page, { atLeast: 6 });

  // the support worker on a phone: the home is lost, the support continues
  const phone = await newPage({ width: 390, height: 844 });
  await login(phone, 'support');
  await phone.goto(`${srv.url}/unge/${id}`);
  await phone.getByRole('heading', { level: 3, name: 'Nuværende bolig' }).waitFor();
  await checkA11y(phone, 'the young person on a phone');
  await phone.getByRole('link', { name: 'Boligen er mistet', exact: true }).click();
  await phone.waitForLoadState();
  await phone.getByRole('heading', { level: 1, name: 'Boligen er mistet' }).waitFor();
  await phone.getByText(/Bostøtten fortsætter, selv om den unge har mistet boligen/).waitFor();
  await checkA11y(phone, 'losing the home on a phone');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling (${width}px)`);

  // before moving in: refused at the field
  await phone.getByLabel(/Dato, boligen blev mistet/).fill(ago(15));
  await phone.getByLabel('Udsættelse').check();
  assert.equal(await submit(phone, 'Registrér, at boligen er mistet'), 422);
  assert.match(await phone.locator('#lost_on-error').innerText(), /før den dato, den unge flyttede ind/);
  assert.equal(await phone.getByLabel(/Hvor bor den unge nu/).getAttribute('aria-invalid'), 'true');
  await checkA11y(phone, 'losing the home with errors on a phone');
  await phone.getByLabel(/Dato, boligen blev mistet/).fill(ago(3));
  await phone.getByLabel(/Note om tabet af boligen/).fill('Larm og klager fra naboer.');
  await phone.getByLabel(/Hvor bor den unge nu/).selectOption({ label: 'Midlertidigt hos familie/venner uden kontrakt (sofasurfer)' });
  assert.equal(await submit(phone, 'Registrér, at boligen er mistet'), 303);
  await phone.getByText('Det er registreret, at boligen er mistet. Bostøtten fortsætter.').waitFor();
  const section = phone.locator('section[aria-labelledby="h-home"]');
  assert.match(await section.innerText(), /Boligsituation nu: Midlertidigt hos familie\/venner/);
  await phone.getByRole('heading', { level: 3, name: 'Tidligere boliger' }).waitFor();
  await checkA11y(phone, 'the young person after losing the home, on a phone');

  // a new home, moved in at once
  await phone.getByRole('link', { name: 'Registrér bolig', exact: true }).click();
  await phone.waitForLoadState();
  await checkA11y(phone, 'the home form on a phone');
  await phone.getByLabel(/^Adresse/).fill('Kollegievej 4, værelse 12, 9220 Aalborg Ø');
  await phone.getByLabel('Kollegie', { exact: true }).check();
  await phone.getByLabel('Husleje').fill('2900');
  await phone.getByLabel('Aftale med en boligforening').check();
  await phone.getByLabel('Lejekontrakten er underskrevet').fill(ago(1));
  await phone.getByLabel('Den unge flyttede ind').fill(ago(0));
  await phone.getByLabel('Hjælp til flytningen').check();
  assert.equal(await submit(phone, 'Registrér bolig'), 303);
  await phone.getByRole('heading', { level: 3, name: 'Nuværende bolig' }).waitFor();
  assert.match(await section.innerText(), /Kollegievej 4/);
  assert.match(await section.innerText(), /Boligsituation nu: I egen bolig/);
  assert.match(await section.innerText(), /Fjordgade 12/);
  await checkA11y(phone, 'the young person in a new home, on a phone');
  assert.equal(q(`SELECT COUNT(*) FROM course_event WHERE course_id = ${course} AND step = 5`), '1', 'step 5 once');
  await checkDocs(phone, { atLeast: 6 });
});
