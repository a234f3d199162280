// Browser test helpers: Debian's Chromium through playwright-core, axe-core
// on what the browser shows, tidy on every HTML document the server sent.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { PASSWORD, tidyErrors } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

// A page that records every HTML document the server sends (for tidy) and
// collects script errors and CSP violations from the console.  A page
// answered with one of the failedLoads statuses (403, 404, 409 or 422 unless
// told) is reported as a failed load: not a problem.  With htmlOnly false
// every document is recorded for tidy, whatever its content type.
export async function newPage(browser, viewport = { width: 1280, height: 900 },
  { failedLoads = [403, 404, 409, 422], htmlOnly = true } = {}) {
  const failedLoad = new RegExp(`^Failed to load resource: the server responded with a status of (${failedLoads.join('|')})`);
  const ctx = await browser.newContext({ viewport, locale: 'da-DK', acceptDownloads: true });
  const page = await ctx.newPage();
  page.docs = [];
  page.problems = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'document') return;
    if (res.status() >= 300 && res.status() < 400) return;
    if (htmlOnly && !/text\/html/.test(res.headers()['content-type'] || '')) return;
    page.docs.push(res.text().then((html) => ({ url: res.url(), status: res.status(), html })).catch(() => null));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !failedLoad.test(m.text())) {
      page.problems.push(m.text());
    }
  });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return page;
}

// axe-core on what the browser shows now: no serious or critical violation.
export async function checkA11y(page, what) {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [],
    `axe-core on ${what}`);
  return res;
}

// tidy on every document the page received (at least atLeast of them); no
// script or CSP errors.
export async function checkDocs(page, { atLeast = 1, what = 'some documents were received' } = {}) {
  const docs = (await Promise.all(page.docs)).filter(Boolean);
  assert.ok(docs.length >= atLeast, what);
  for (const d of docs) assert.equal(tidyErrors(d.html), '', `tidy on ${d.url} (${d.status})`);
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  return docs;
}

export async function login(page, base, user, password = PASSWORD) {
  await page.goto(base + '/login');
  await checkA11y(page, 'login');
  await page.getByLabel('Brugernavn').fill(user);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForLoadState();
}

export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
export const isoIn = (days) => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
export const dk = (iso) => iso.split('-').reverse().join('.');
