// The fidelity measurement in a real browser: with known data (two young
// people allocated, one with a coordinator; an earlier quarter measured),
// the project leader opens the current quarter, sees the evidence of the
// computed items match the data, submits without answering (422, the
// messages at the fields), answers and submits, sees the scores per core
// element and in total, then the list with the trend (an SVG chart and its
// table), also on a phone.  axe-core and tidy on every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage as openPage, checkA11y, checkDocs, login as loginAs, today, dk } from '../lib/browser.mjs';
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
const q = (sql) => sqlite(srv.db, sql).trim();

const [ty, tm] = today().split('-').map(Number);
const qFirst = (y, m) => `${y}-${String(m).padStart(2, '0')}-01`;
const curQ = qFirst(ty, Math.floor((tm - 1) / 3) * 3 + 1);
const prevQ = tm <= 3 ? qFirst(ty - 1, 10) : qFirst(ty, Math.floor((tm - 1) / 3) * 3 - 2);
const lastDay = (first) => {
  const [y, m] = first.split('-').map(Number);
  return new Date(Date.UTC(y, m + 2, 0)).toISOString().slice(0, 10);
};

// Two young people allocated today, one of them with a coordinator.
async function knownData() {
  const c = new Client(srv.url);
  assert.equal((await c.login('project_leader')).status, 303);
  const ids = [];
  for (const cpr of ['010203-4001', '010203-4002']) {
    let csrf = await c.csrf('/henvisning/ny');
    let r = await c.post('/henvisning', {
      csrf, cpr, name: `Ung ${cpr.slice(-1)}`, referred_on: dk(today()), referrer_actor: 'gadeplan',
      reason: 'Sover hos venner.', target_group: 'at_risk', risk: 'misbrug',
    });
    assert.equal(r.status, 303, r.text);
    const id = Number(r.location.split('/').pop());
    csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text);
    r = await c.post(`/unge/${id}/visitation`, { csrf, needs: 'Overblik.', combination: 'model', rationale: 'Vurderet.', on_date: dk(today()) });
    assert.equal(r.status, 303, r.text);
    ids.push(id);
  }
  const coord = q("SELECT id FROM users WHERE username = 'coordinator'");
  const csrf = c.csrfFrom((await c.get(`/unge/${ids[0]}`)).text);
  const r = await c.post(`/unge/${ids[0]}/koordinator`, { csrf, coordinator: coord });
  assert.equal(r.status, 303, r.text);
  // the previous quarter, measured: every manual answer Nej (1 point)
  const pl = q("SELECT id FROM users WHERE username = 'project_leader'");
  const m = q('SELECT id FROM municipality LIMIT 1');
  const fid = q(`INSERT INTO fidelity(municipality_id, period_from, period_to, author_id, submitted_at)
    VALUES (${m}, '${prevQ}', '${lastDay(prevQ)}', ${pl}, '${lastDay(prevQ)}T12:00:00Z') RETURNING id`);
  for (const [item, el] of [['m_authority', 1], ['m_team_choice', 2], ['m_leadership_met', 6],
    ['m_leadership_resources', 6], ['m_supervision', 7], ['m_flexible', 7]]) {
    q(`INSERT INTO fidelity_item(fidelity_id, item, element, computed, score) VALUES (${fid}, '${item}', ${el}, 0, 1)`);
  }
}

test('the project leader completes a fidelity measurement that matches the data and sees the trend', async () => {
  await knownData();
  const page = await newPage();
  await loginAs(page, srv.url, 'project_leader');
  await page.goto(srv.url + '/dokumentation');
  await checkA11y(page, 'the documentation worklist');
  await page.getByRole('link', { name: 'Fidelitetsmåling' }).first().click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 1, name: 'Fidelitetsmåling' }).waitFor();
  await checkA11y(page, 'the list of fidelity measurements');
  await page.getByRole('link', { name: 'Se tallene for det løbende kvartal' }).click();
  await page.waitForLoadState();
  await checkA11y(page, 'the new fidelity measurement');

  // the computed items match the data: one of two allocated young people has a coordinator
  const coordinator = await page.locator('#item-coordinator').innerText();
  assert.match(coordinator, /1 af 2/);
  assert.match(coordinator, /50\s%/);
  assert.match(await page.locator('#item-coordinator_caseload').innerText(), /1 af 1/);
  assert.match(await page.locator('#item-meetings').innerText(), /Ingen data/);
  // two coordinators and one support worker, none has registered time
  assert.match(await page.locator('#item-timereg').innerText(), /0 af 3/);

  // nothing answered: 422, a message at each manual item, nothing stored
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Indsend fidelitetsmåling' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(bad.status(), 422);
  assert.equal(await page.locator('.form-error-message', { hasText: 'Svar Ja, Delvist eller Nej.' }).count(), 6);
  await checkA11y(page, 'the new fidelity measurement with errors');
  assert.equal(q(`SELECT COUNT(*) FROM fidelity WHERE period_from = '${curQ}'`), '0');

  for (const key of ['m_authority', 'm_team_choice', 'm_leadership_met', 'm_leadership_resources', 'm_supervision', 'm_flexible']) {
    await page.locator(`#${key}-ja`).check();
  }
  await page.getByLabel('Bemærkning').last().fill('Aftenvagter efter behov.');
  await page.getByRole('button', { name: 'Indsend fidelitetsmåling' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=status]').innerText(), /Fidelitetsmålingen er indsendt/);
  await checkA11y(page, 'the submitted fidelity measurement');
  // element 1: (3 + 5 + 5) / 3; total: the mean of elements 1, 2, 5, 6, 7 = (4.33 + 5 + 1 + 5 + 5) / 5
  assert.match(await page.getByRole('row', { name: /1\. Ansvarlig/ }).first().innerText(), /4,3/);
  assert.equal(await page.locator('#total-score').innerText(), '4,1');
  assert.match(await page.locator('#item-coordinator').innerText(), /1 af 2/);
  assert.match(await page.locator('#item-m_flexible').innerText(), /Aftenvagter efter behov\./);

  // the list: the trend from 1,0 to 4,1, as a chart and as a table
  await page.getByRole('link', { name: 'Alle fidelitetsmålinger' }).click();
  await page.waitForLoadState();
  await checkA11y(page, 'the list with the trend');
  assert.equal(await page.locator('svg[role=img]').count(), 1);
  const rows = await page.locator('#fid-list tbody tr').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /4,1/);
  assert.match(rows[1], /1,0/);
  assert.equal(await page.getByRole('link', { name: 'Se tallene for det løbende kvartal' }).count(), 0);
  await checkDocs(page, { atLeast: 5 });
  await page.context().close();

  // on a phone: no sideways scrolling
  const phone = await newPage({ width: 375, height: 740 });
  await loginAs(phone, srv.url, 'project_leader');
  const fid = q(`SELECT id FROM fidelity WHERE period_from = '${curQ}'`);
  for (const path of ['/fidelitet', `/fidelitet/${fid}`, `/fidelitet/${fid}/ret`]) {
    await phone.goto(srv.url + path);
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(wide, false, `no sideways scrolling on a phone: ${path}`);
    await checkA11y(phone, `${path} on a phone`);
  }
  await checkDocs(phone);
});
