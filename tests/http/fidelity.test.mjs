// The quarterly fidelity measurement (fidelity.c) against the real server:
// the computed items match the data (one young person with a coordinator,
// one without), submitting stores the evidence as it was, a missing manual
// answer is 422 with the input kept and nothing written, a second one for
// the quarter is refused, amending keeps the history and a stale version
// is 409, a coordinator gets 403, a POST without the CSRF token is
// refused, and a coming quarter or a date that is not a quarter's first
// day is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const iso = (daysAgo) => {
  const d = new Date(Date.now() - daysAgo * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
};
const dk = (daysAgo) => iso(daysAgo).split('-').reverse().join('.');
const q = (sql) => sqlite(srv.db, sql).trim();
const count = (table, where = '1') => Number(q(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const userId = (u) => Number(q(`SELECT id FROM users WHERE username = '${u}'`));

// The first day of the quarter that holds today, and of the quarter after.
const today = iso(0);
const [ty, tm] = today.split('-').map(Number);
const qStart = (y, m) => `${y}-${String(m).padStart(2, '0')}-01`;
const curQ = qStart(ty, Math.floor((tm - 1) / 3) * 3 + 1);
const nextQ = tm >= 10 ? qStart(ty + 1, 1) : qStart(ty, Math.floor((tm - 1) / 3) * 3 + 4);

async function loggedIn(user) {
  const c = new Client(srv.url);
  assert.equal((await c.login(user)).status, 303);
  return c;
}

let cprSeq = 4100;
async function allocated(c) {
  cprSeq++;
  let csrf = await c.csrf('/henvisning/ny');
  let r = await c.post('/henvisning', {
    csrf, cpr: `050607-${cprSeq}`, name: `Ung ${cprSeq}`, referred_on: dk(0), referrer_actor: 'gadeplan',
    reason: 'Sover hos venner.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.split('/').pop());
  csrf = c.csrfFrom((await c.get(`/unge/${id}`)).text);
  r = await c.post(`/unge/${id}/visitation`, { csrf, needs: 'Bolig.', combination: 'model_icm', rationale: 'Vurderet.', on_date: dk(0) });
  assert.equal(r.status, 303, r.text);
  return id;
}

const answers = {
  m_authority: 'ja', m_team_choice: 'delvist', m_leadership_met: 'ja', m_leadership_resources: 'nej',
  m_supervision: 'ja', m_flexible: 'delvist', m_flexible_note: 'Kun på hverdage.',
};

test('the fidelity measurement: evidence, submit, 422, second refused, amend with 409 and history', async () => {
  const pl = await loggedIn('project_leader');
  const a = await allocated(pl);
  await allocated(pl);
  let csrf = pl.csrfFrom((await pl.get(`/unge/${a}`)).text);
  let r = await pl.post(`/unge/${a}/koordinator`, { csrf, coordinator: String(userId('coordinator')) });
  assert.equal(r.status, 303, r.text);

  // the list and the form; the computed items match the data
  r = await pl.get('/fidelitet');
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  r = await pl.get(`/fidelitet/ny?fra=${curQ}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(tidyErrors(r.text), '');
  const row = (html, key) => html.match(new RegExp(`<tr id="item-${key}">(.*?)</tr>`, 's'))[1];
  assert.match(row(r.text, 'coordinator'), /1 af 2<\/td><td[^>]*>50\s%<\/td><td[^>]*>3</);
  assert.match(row(r.text, 'coordinator_caseload'), /1 af 1</);
  assert.match(row(r.text, 'meetings'), /Ingen data/);
  // time registrations: two coordinators and one support worker, none submitted
  assert.match(row(r.text, 'timereg'), /0 af 3<\/td><td[^>]*>0\s%<\/td><td[^>]*>1</);

  // a missing manual answer: 422, the message at the field, input kept, nothing written
  csrf = pl.csrfFrom(r.text);
  const before = count('audit_log');
  const { m_supervision, ...missing } = answers;
  r = await pl.post(`/fidelitet/ny?fra=${curQ}`, { csrf, ...missing });
  assert.equal(r.status, 422);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /id="m_supervision-error"[^>]*>[^<]*<span[^>]*>[^<]*<\/span>\s*Svar Ja, Delvist eller Nej\./s);
  assert.match(r.text, /value="delvist" class="form-radio" checked/);
  assert.match(r.text, /Kun på hverdage\./);
  assert.equal(count('fidelity'), 0);
  assert.equal(count('audit_log'), before);
  // an answer outside the choices
  r = await pl.post(`/fidelitet/ny?fra=${curQ}`, { csrf, ...answers, m_authority: 'maaske' });
  assert.equal(r.status, 422);
  assert.equal(count('fidelity'), 0);

  // submit
  r = await pl.post(`/fidelitet/ny?fra=${curQ}`, { csrf, ...answers });
  assert.equal(r.status, 303, r.text);
  const fid = Number(r.location.split('/').pop());
  assert.equal(q(`SELECT num || '/' || den || '/' || score FROM fidelity_item WHERE fidelity_id = ${fid} AND item = 'coordinator'`), '1/2/3');
  assert.equal(count('fidelity_item', `fidelity_id = ${fid} AND item = 'meetings'`), 0); // no data: not stored
  assert.equal(q(`SELECT score || note FROM fidelity_item WHERE fidelity_id = ${fid} AND item = 'm_flexible'`), '3Kun på hverdage.');
  assert.equal(count('audit_log', "action = 'fidelity_create' AND person_id = 0"), 1);

  // the stored one shows the evidence as submitted, not recomputed
  await allocated(pl);
  r = await pl.get(`/fidelitet/${fid}`);
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.match(row(r.text, 'coordinator'), /1 af 2</);
  assert.match(r.text, /Indsendt af Test project_leader/);
  assert.equal(count('audit_log', "action = 'fidelity_view' AND person_id = 0"), 1);
  r = await pl.get(`/fidelitet/ny?fra=${curQ}`);
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`href="/fidelitet/${fid}/ret">Ret den indsendte i stedet`));

  // a second one for the quarter is refused, nothing written
  r = await pl.post(`/fidelitet/ny?fra=${curQ}`, { csrf, ...answers });
  assert.equal(r.status, 422);
  assert.match(r.text, /Ret den indsendte i stedet/);
  assert.equal(count('fidelity'), 1);

  // the list shows it with its score
  r = await pl.get('/fidelitet');
  assert.match(r.text, new RegExp(`href="/fidelitet/${fid}"`));
  assert.match(r.text, /<svg[^>]*role="img"/);

  // amend: the version, 409 on a stale one, the history
  r = await pl.get(`/fidelitet/${fid}/ret`);
  assert.equal(r.status, 200);
  assert.equal(tidyErrors(r.text), '');
  assert.match(r.text, /name="version" value="1"/);
  assert.match(r.text, /id="m_leadership_resources-nej"[^>]*checked/);
  csrf = pl.csrfFrom(r.text);
  r = await pl.post(`/fidelitet/${fid}/ret`, { csrf, version: '1', ...answers, m_leadership_resources: 'delvist' });
  assert.equal(r.status, 303, r.text);
  assert.equal(q(`SELECT score FROM fidelity_item WHERE fidelity_id = ${fid} AND item = 'm_leadership_resources'`), '3');
  assert.equal(count('change_log', `entity = 'fidelity' AND entity_id = ${fid} AND field = 'm_leadership_resources' AND old_value = 'nej' AND new_value = 'delvist'`), 1);
  r = await pl.post(`/fidelitet/${fid}/ret`, { csrf, version: '1', ...answers, m_authority: 'nej' });
  assert.equal(r.status, 409);
  assert.equal(q(`SELECT score FROM fidelity_item WHERE fidelity_id = ${fid} AND item = 'm_authority'`), '5');
  assert.equal(count('change_log', `entity = 'fidelity' AND entity_id = ${fid}`), 1);
  r = await pl.get(`/fidelitet/${fid}`);
  assert.match(r.text, /<h2>Historik<\/h2>/);
  assert.match(r.text, /<td>Nej<\/td><td[^>]*>Delvist<\/td>|Nej<\/td>\s*<td class="hv-pre">Delvist/);
  // a missing answer on amend: 422, nothing changed
  const { m_authority, ...noAuth } = answers;
  r = await pl.post(`/fidelitet/${fid}/ret`, { csrf, version: '2', ...noAuth });
  assert.equal(r.status, 422);
  assert.equal(q(`SELECT version FROM fidelity WHERE id = ${fid}`), '2');
});

test('fidelity: a coming quarter, a date that is not a quarter start, an unknown id', async () => {
  const pl = await loggedIn('project_leader');
  let r = await pl.get(`/fidelitet/ny?fra=${nextQ}`);
  assert.equal(r.status, 400);
  assert.match(r.text, /kommende kvartal/);
  const csrf = await pl.csrf('/fidelitet');
  r = await pl.post(`/fidelitet/ny?fra=${nextQ}`, { csrf, ...answers });
  assert.equal(r.status, 422);
  r = await pl.get(`/fidelitet/ny?fra=${today.slice(0, 8)}15`);
  assert.equal(r.status, 400);
  assert.match(r.text, /første dag i et kvartal/);
  r = await pl.get('/fidelitet/ny?fra=ikke-en-dato');
  assert.equal(r.status, 400);
  r = await pl.get('/fidelitet/999999');
  assert.equal(r.status, 404);
  assert.equal(count('fidelity', `period_from = '${nextQ}'`), 0);
});

test('fidelity: a coordinator gets 403 (logged), the leader may read, CSRF is required', async () => {
  const co = await loggedIn('coordinator');
  for (const path of ['/fidelitet', `/fidelitet/ny?fra=${curQ}`]) {
    const r = await co.get(path);
    assert.equal(r.status, 403, path);
  }
  const csrf = await co.csrf();
  let r = await co.post(`/fidelitet/ny?fra=${curQ}`, { csrf, ...answers });
  assert.equal(r.status, 403);
  const leader = await loggedIn('leader');
  r = await leader.get('/fidelitet');
  assert.equal(r.status, 200);
  r = await leader.get(`/fidelitet/ny?fra=${curQ}`);
  assert.equal(r.status, 403);
  // no CSRF token
  const pl = await loggedIn('project_leader');
  const n = count('fidelity');
  r = await pl.post(`/fidelitet/ny?fra=${curQ}`, { ...answers });
  assert.equal(r.status, 403);
  r = await pl.post(`/fidelitet/ny?fra=${curQ}`, { csrf: 'f'.repeat(64), ...answers });
  assert.equal(r.status, 403);
  assert.equal(count('fidelity'), n);
});
