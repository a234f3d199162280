// The team and consent in a real browser: a coordinator adds a team member
// linked to the team user and records a consent; the team member logs in
// and sees the young person; a support worker without consent sees only
// the reduced page; the project leader edits the actor catalog.  axe-core
// and tidy on every page visited.
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

// Here a 409 in the console is a problem, and every document is tidied, not
// only those sent as text/html.
const newPage = (viewport) => openPage(browser, viewport, { failedLoads: [403, 404, 422], htmlOnly: false });
const login = (page, user) => loginAs(page, srv.url, user);


test('a coordinator builds the team and records consent; the team member then sees the young person', async () => {
  const page = await newPage();
  await login(page, 'coordinator');
  await page.goto(srv.url + '/henvisning/ny');
  const name = 'Ronja Teamtest';
  await page.getByLabel(/CPR-nummer/).fill('121203-4567');
  await page.getByLabel(/^Navn/).fill(name);
  await page.getByLabel(/Henvisningsdato/).fill(dk(today()));
  await page.getByLabel(/Henvist af/).selectOption({ label: 'UU-vejledningen' });
  await page.getByLabel(/Begrundelse/).fill('Sofasurfer. Har brug for et team.');
  await page.getByLabel('Ung i hjemløshed', { exact: true }).check();
  await page.getByLabel(/Boligsituation/).selectOption({ index: 5 });
  await page.getByRole('button', { name: 'Registrér henvisning' }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  const personUrl = page.url();
  assert.match(await page.locator('#consent-status').innerText(), /Intet samtykke/);
  await checkA11y(page, 'the young person, no team yet');

  // the team page; an empty form first: messages at the fields, nothing saved
  await page.getByRole('link', { name: /Teamet: tilføj/ }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: /Det tværfaglige team/ }).waitFor();
  await checkA11y(page, 'the team page');
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Tilføj medlem' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(bad.status(), 422);
  assert.equal(await page.getByLabel(/^Navn/).getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'the team page with errors');
  await page.getByLabel(/^Aktør/).selectOption({ label: 'UU-vejledningen' });
  await page.getByLabel(/^Navn/).fill('Tina Team');
  await page.getByLabel(/^Kontaktoplysninger/).fill('tlf. 70 10 20 30');
  await page.getByLabel(/^Rolle i teamet/).fill('Kontaktperson for uddannelse');
  await page.getByLabel(/^Med i teamet fra/).fill(dk(today()));
  await page.getByLabel(/^Brugerkonto/).selectOption({ label: 'Test team (team, Fagperson i det tværfaglige team)' });
  await page.getByRole('button', { name: 'Tilføj medlem' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Medlemmet er tilføjet/);
  const row = page.getByRole('row').filter({ hasText: 'Tina Team' });
  assert.match(await row.innerText(), /UU-vejledningen/);
  await checkA11y(page, 'the team page with a member');

  // consent for the member's actor
  await page.goto(personUrl);
  await page.getByRole('link', { name: 'Samtykker' }).click();
  await page.waitForLoadState();
  await checkA11y(page, 'the consent page');
  await page.getByLabel('Uddannelse og beskæftigelse').check();
  await page.getByLabel('UU-vejledningen', { exact: true }).check();
  await page.getByLabel(/^Formål/).fill('Samarbejde om uddannelse og bolig');
  await page.getByLabel(/^Givet den/).fill(dk(today()));
  await page.getByLabel('Skriftligt (underskrevet)').check();
  await page.getByLabel(/^Note/).fill('Underskrevet, scanning ligger i sagen');
  const expires = new Date(Date.now() + 20 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  await page.getByLabel(/^Udløber den/).fill(dk(expires));
  await page.getByRole('button', { name: 'Registrér samtykke' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Samtykket er registreret/);
  assert.match(await page.locator('.hv-consent').innerText(), /Udløber inden for 30 dage/);
  await checkA11y(page, 'the consent page with a consent');
  await page.goto(srv.url + '/mine-unge');
  assert.match(await page.getByRole('row').filter({ hasText: name }).innerText(), /Udløber inden for 30 dage/);
  await checkA11y(page, 'Mine unge with the consent flag');
  await checkDocs(page);
  await page.context().close();

  // the team member logs in and sees the young person
  const member = await newPage();
  await login(member, 'team');
  const mine = member.getByRole('row').filter({ hasText: name });
  assert.match(await mine.innerText(), /Samtykke dækker/);
  await checkA11y(member, "the team member's Mine unge");
  await mine.getByRole('link', { name }).click();
  await member.waitForLoadState();
  await member.getByRole('heading', { level: 1, name }).waitFor();
  const main = await member.locator('main').innerText();
  assert.match(main, /Sofasurfer/);
  assert.match(main, /Tina Team/);
  await checkA11y(member, 'the young person seen by the team member');
  await checkDocs(member);
  await member.context().close();
});

test('a team member without consent sees only the reduced page; the actor catalog on a phone', async () => {
  const page = await newPage({ width: 375, height: 740 });
  await login(page, 'support');
  // put support on a team without consent (through the database: the
  // coordinator's forms are covered above)
  const pid = sqlite(srv.db, "SELECT id FROM person WHERE name = 'Ronja Teamtest'").trim();
  sqlite(srv.db, `INSERT INTO team_member(course_id, actor, name, from_date, user_id, created_at)
    SELECT c.id, 'bostoette', 'Sara Støtte', '${today()}', u.id, '2026-01-01T00:00:00Z' FROM course c, users u
    WHERE c.person_id = ${pid} AND u.username = 'support'`);
  await page.goto(srv.url + '/mine-unge');
  await checkA11y(page, "support's Mine unge on a phone");
  await page.getByRole('link', { name: 'Ronja Teamtest' }).click();
  await page.waitForLoadState();
  const main = await page.locator('main').innerText();
  assert.match(main, /Den unge er i dit team/);
  assert.doesNotMatch(main, /Sofasurfer|121203/);
  await checkA11y(page, 'the reduced page on a phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no sideways scrolling on a phone');
  await checkDocs(page);
  await page.context().close();

  const pl = await newPage({ width: 375, height: 740 });
  await login(pl, 'project_leader');
  await pl.getByRole('link', { name: 'Aktører' }).click();
  await pl.waitForLoadState();
  await checkA11y(pl, 'the actor catalog on a phone');
  await pl.getByRole('link', { name: /Ret Kriminalforsorgen/ }).click();
  await pl.waitForLoadState();
  await checkA11y(pl, 'editing an actor');
  await pl.getByLabel(/^Navn/).fill('');
  await pl.getByRole('button', { name: 'Gem' }).click();
  await pl.waitForLoadState();
  await checkA11y(pl, 'editing an actor with an error');
  await pl.getByLabel(/^Navn/).fill('Kriminalforsorgen (KiF)');
  await pl.getByRole('button', { name: 'Gem' }).click();
  await pl.waitForLoadState();
  assert.match(await pl.locator('main').innerText(), /Kriminalforsorgen \(KiF\)/);
  for (const path of ['/aktoerer', `/unge/${pid}`, `/unge/${pid}/team`, `/unge/${pid}/samtykke`, '/mine-unge']) {
    await pl.goto(srv.url + path);
    const wide = await pl.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(wide, false, `no sideways scrolling on a phone: ${path}`);
    await checkA11y(pl, `${path} on a phone`);
  }
  await checkDocs(pl);
});
