// Tool 1, network mapping (issue 3 §5): dated versions, the form pre-filled
// from the latest mapping, the SVG map with escaped names, the comparison of
// two versions, bad input (422, nothing written) and object-level access.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sqlite, tidyErrors } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const dk = (iso) => iso.split('-').reverse().join('.');
const daysAgo = (n) => {
  const d = new Date(Date.now() - n * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
};
const count = (sql) => Number(sqlite(srv.db, sql).trim());
const audit = (where) => sqlite(srv.db, `SELECT action || '|' || result FROM audit_log WHERE ${where} ORDER BY id`).trim().split('\n').filter(Boolean);

async function loggedIn(user) {
  const c = new Client(srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 303, `login as ${user}`);
  return c;
}

let cprSeq = 2000;
// A young person registered by the coordinator 60 days ago; returns the id.
async function youngPerson(c, name = 'Nanna Netværk') {
  cprSeq++;
  const csrf = await c.csrf('/henvisning/ny');
  const r = await c.post('/henvisning', {
    csrf, cpr: `020304-${cprSeq}`, name, referred_on: dk(daysAgo(60)), referrer_actor: 'uu',
    reason: 'Svagt netværk.', target_group: 'homeless', housing_situation: 'sofa',
  });
  assert.equal(r.status, 303);
  return Number(r.location.split('/').pop());
}

// A form with the given people in rows 0.. (other rows left out).
function mapping(date, people, extra = {}) {
  const f = { mapped_on: date, note: 'Lavet sammen med den unge.', ...extra };
  people.forEach((p, i) => {
    f[`n${i}`] = p.name; f[`rel${i}`] = p.rel; f[`cl${i}`] = p.cl; f[`va${i}`] = p.va;
    f[`fq${i}`] = p.fq; f[`help${i}`] = p.help ?? '';
    if (p.key) f[`key${i}`] = p.key;
    if (p.del) f[`del${i}`] = '1';
  });
  return f;
}

// The rows of the form as the server pre-filled them: [{key, name, rel, ...}].
function prefilled(html) {
  const rows = [];
  for (let i = 0; ; i++) {
    const name = html.match(new RegExp(`id="n${i}" name="n${i}" type="text" autocomplete="off" value="([^"]*)"`));
    if (!name) break;
    const sel = (p) => {
      const m = html.match(new RegExp(`<select[^>]* name="${p}${i}"[^>]*>([\\s\\S]*?)</select>`));
      const s = m && m[1].match(/<option value="([^"]*)" selected>/);
      return s ? s[1] : '';
    };
    const key = html.match(new RegExp(`name="key${i}" value="(\\d+)"`));
    rows.push({ name: name[1], rel: sel('rel'), cl: sel('cl'), va: sel('va'), fq: sel('fq'), key: key && key[1] });
  }
  return rows;
}

const MOR = { name: 'Mor', rel: 'family', cl: 'close', va: 'supports', fq: 'weekly', help: 'Mad om søndagen' };
const VEN = { name: 'Ali', rel: 'friend', cl: 'middle', va: 'mixed', fq: 'daily' };
const ONKEL = { name: 'Onkel Bent', rel: 'family', cl: 'distant', va: 'burdens', fq: 'rarely' };

test('a first mapping, then a second pre-filled from it; versions kept; comparison shows the changes', async () => {
  const c = await loggedIn('coordinator');
  const id = await youngPerson(c);

  let page = await c.get(`/unge/${id}`);
  assert.match(page.text, /<h2 id="h-network">Netværk<\/h2>/);
  assert.match(page.text, /Der er ingen netværkskortlægning endnu/);
  assert.match(page.text, new RegExp(`href="/unge/${id}/netvaerk/ny"`));

  page = await c.get(`/unge/${id}/netvaerk/ny`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.equal(prefilled(page.text).length, 8, 'a first mapping starts with 8 empty rows');
  assert.ok(prefilled(page.text).every((r) => r.name === '' && !r.key));

  let r = await c.post(`/unge/${id}/netvaerk`, { csrf: c.csrfFrom(page.text), ...mapping(dk(daysAgo(30)), [MOR, VEN, ONKEL]) });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/unge/${id}/netvaerk`);
  const first = count(`SELECT MAX(m.id) FROM network_map m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${id}`);
  assert.equal(sqlite(srv.db, `SELECT mapped_on FROM network_map WHERE id = ${first}`).trim(), daysAgo(30));
  assert.equal(count(`SELECT COUNT(*) FROM network_person WHERE map_id = ${first}`), 3);

  page = await c.get(`/unge/${id}/netvaerk`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, /Netværkskortlægningen er gemt/);
  assert.match(page.text, /<svg[^>]*role="img"/);
  for (const p of [MOR, VEN, ONKEL]) assert.match(page.text, new RegExp(`<th scope="row">${p.name}</th>`));
  assert.doesNotMatch(page.text, /Sammenlign kortlægninger/, 'nothing to compare with one version');

  // The second mapping starts from the first: same people, same values, keys kept.
  page = await c.get(`/unge/${id}/netvaerk/ny`);
  const rows = prefilled(page.text);
  assert.equal(rows.length, 8, '3 people and 5 empty rows');
  assert.deepEqual(rows.slice(0, 3).map((x) => [x.name, x.rel, x.cl, x.va, x.fq]),
    [MOR, VEN, ONKEL].map((p) => [p.name, p.rel, p.cl, p.va, p.fq]));
  assert.ok(rows.slice(0, 3).every((x) => x.key), 'existing people carry their key');
  assert.match(page.text, /value="Mad om søndagen"/);

  // Mor moves to middle and becomes mixed; Ali is removed; Onkel Bent stays; a new person.
  const second = [
    { ...MOR, cl: 'middle', va: 'mixed', key: rows[0].key },
    { ...VEN, key: rows[1].key, del: true },
    { ...ONKEL, key: rows[2].key },
    { name: 'Sagsbehandler Hanne', rel: 'professional', cl: 'close', va: 'supports', fq: 'monthly', help: 'Bolig' },
  ];
  r = await c.post(`/unge/${id}/netvaerk`, { csrf: c.csrfFrom(page.text), ...mapping(dk(today()), second) });
  assert.equal(r.status, 303);
  const maps = sqlite(srv.db, `SELECT m.id FROM network_map m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${id} ORDER BY m.id`).trim().split('\n');
  assert.equal(maps.length, 2, 'the first version is kept');
  assert.equal(count(`SELECT COUNT(*) FROM network_person WHERE map_id = ${first}`), 3, 'the first version is unchanged');
  assert.equal(sqlite(srv.db, `SELECT closeness FROM network_person WHERE map_id = ${first} AND name = 'Mor'`).trim(), 'close');

  // the old version can still be opened, marked as earlier
  page = await c.get(`/unge/${id}/netvaerk/${first}`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  assert.match(page.text, /tidligere version/);
  assert.match(page.text, /<th scope="row">Ali<\/th>/);

  // the latest page lists both versions by date and offers the comparison
  page = await c.get(`/unge/${id}/netvaerk`);
  assert.match(page.text, new RegExp(`href="/unge/${id}/netvaerk/${first}">${dk(daysAgo(30))}</a>`));
  assert.match(page.text, new RegExp(`href="/unge/${id}/netvaerk/${maps[1]}">${dk(today())}</a>`));
  assert.doesNotMatch(page.text, /<th scope="row">Ali<\/th>/);

  // comparison, default: previous vs latest
  page = await c.get(`/unge/${id}/netvaerk/sammenlign`);
  assert.equal(page.status, 200);
  assert.equal(tidyErrors(page.text), '');
  const section = (h) => page.text.split(`<h3>${h}</h3>`)[1].split('<h3>')[0];
  assert.match(section('Nye personer i netværket'), /Sagsbehandler Hanne/);
  assert.doesNotMatch(section('Nye personer i netværket'), /Mor|Onkel/);
  assert.match(section('Ikke længere med i netværket'), /Ali/);
  const changes = section('Ændringer');
  assert.match(changes, /<th scope="row">Mor<\/th><td>Nærhed<\/td><td>Tæt<\/td><td>Mellem<\/td>/);
  assert.match(changes, /<th scope="row">Mor<\/th><td>Støtter eller belaster<\/td><td>Støtter<\/td><td>Blandet<\/td>/);
  assert.doesNotMatch(changes, /Onkel Bent/, 'an unchanged person is not listed as changed');
  assert.match(page.text, /Personer uden ændringer: 1/);
  // the other way round: the same facts reversed
  page = await c.get(`/unge/${id}/netvaerk/sammenlign?fra=${maps[1]}&til=${first}`);
  assert.match(section('Nye personer i netværket'), /Ali/);
  assert.match(section('Ikke længere med i netværket'), /Sagsbehandler Hanne/);

  // the young person's page shows the latest date and the number of people
  page = await c.get(`/unge/${id}`);
  assert.match(page.text, new RegExp(`Seneste netværkskortlægning: ${dk(today())}, 3 personer \\(2 versioner\\)`));
  assert.match(page.text, /Se netværkskort/);

  // every view is logged
  const acts = audit(`person_id = ${id} AND route = 'network'`);
  assert.equal(acts.filter((a) => a === 'network_view|ok').length, 3, acts.join(','));
  assert.equal(acts.filter((a) => a === 'network_create|ok').length, 2);
  assert.ok(acts.includes('network_compare|ok'));
  assert.ok(acts.includes('network_form|ok'));
});

test('bad input: 422, a message at each field, input kept, nothing written', async () => {
  const c = await loggedIn('coordinator');
  const id = await youngPerson(c, 'Bent Forkert');
  const csrf = await c.csrf(`/unge/${id}/netvaerk/ny`);
  const before = count('SELECT COUNT(*) FROM network_map') + '/' + count('SELECT COUNT(*) FROM network_person');
  const form = mapping('31.02.2026', [
    { name: 'Mormor Else', rel: 'family', cl: '', va: 'supports', fq: 'weekly' },
    { name: '', rel: 'friend', cl: 'close', va: 'supports', fq: 'daily' },
    { name: 'Tante', rel: 'aunt', cl: 'close', va: 'supports', fq: 'daily' },
    { name: 'x'.repeat(201), rel: 'other', cl: 'close', va: 'supports', fq: 'daily' },
  ]);
  let r = await c.post(`/unge/${id}/netvaerk`, { csrf, ...form });
  assert.equal(r.status, 422);
  assert.equal(tidyErrors(r.text), '');
  const errorAt = (field) => {
    const m = r.text.match(new RegExp(`<span class="form-error-message" id="${field}-error"><span class="sr-only">Fejl: </span>([^<]*)</span>`));
    return m && m[1];
  };
  assert.match(errorAt('mapped_on'), /gyldig dato/);
  assert.match(errorAt('cl0'), /hvor tæt/);
  assert.match(errorAt('n1'), /navn/);
  assert.match(errorAt('rel2'), /Vælg en af mulighederne/);
  assert.match(errorAt('n3'), /for lang/);
  assert.match(r.text, /aria-describedby="cl0-error" aria-invalid="true"/);
  // the summary names the row and the field, and links to it
  assert.match(r.text, /<a href="#cl0">Person 1, Nærhed: /);
  // what was typed is kept
  assert.match(r.text, /value="31.02.2026"/);
  assert.match(r.text, /value="Mormor Else"/);
  assert.match(r.text, /<option value="friend" selected>/);
  assert.equal(count('SELECT COUNT(*) FROM network_map') + '/' + count('SELECT COUNT(*) FROM network_person'), before, 'nothing written');

  // a date before the course began, an empty mapping
  r = await c.post(`/unge/${id}/netvaerk`, { csrf, mapped_on: dk(daysAgo(90)) });
  assert.equal(r.status, 422);
  assert.match(errorAt('mapped_on'), /før forløbet begyndte/);
  assert.match(errorAt('n0'), /mindst én person/);
  // a date in the future
  r = await c.post(`/unge/${id}/netvaerk`, { csrf, ...mapping('01.01.2999', [MOR]) });
  assert.equal(r.status, 422);
  assert.match(errorAt('mapped_on'), /fremtiden/);
  // a date before the latest mapping
  r = await c.post(`/unge/${id}/netvaerk`, { csrf, ...mapping(dk(daysAgo(5)), [MOR]) });
  assert.equal(r.status, 303);
  r = await c.post(`/unge/${id}/netvaerk`, { csrf, ...mapping(dk(daysAgo(10)), [MOR]) });
  assert.equal(r.status, 422);
  assert.match(errorAt('mapped_on'), /før den seneste netværkskortlægning/);
  assert.equal(count(`SELECT COUNT(*) FROM network_map m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${id}`), 1);
  // without the CSRF token: refused, nothing written
  r = await c.post(`/unge/${id}/netvaerk`, mapping(dk(today()), [MOR]));
  assert.equal(r.status, 403);
  assert.equal(count(`SELECT COUNT(*) FROM network_map m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${id}`), 1);
});

test('a key from another young person\'s mapping is not taken over', async () => {
  const c = await loggedIn('coordinator');
  const a = await youngPerson(c, 'Anna A');
  const b = await youngPerson(c, 'Bo B');
  const csrf = await c.csrf(`/unge/${a}/netvaerk/ny`);
  await c.post(`/unge/${a}/netvaerk`, { csrf, ...mapping(dk(today()), [MOR]) });
  const key = count(`SELECT p.lineage FROM network_person p JOIN network_map m ON m.id = p.map_id JOIN course c ON c.id = m.course_id WHERE c.person_id = ${a}`);
  const r = await c.post(`/unge/${b}/netvaerk`, { csrf, ...mapping(dk(today()), [{ ...VEN, key }]) });
  assert.equal(r.status, 303);
  const keyB = count(`SELECT p.lineage FROM network_person p JOIN network_map m ON m.id = p.map_id JOIN course c ON c.id = m.course_id WHERE c.person_id = ${b}`);
  assert.notEqual(keyB, key);
});

test('the SVG map holds every name, escaped, in the right sectors and rings', async () => {
  const c = await loggedIn('coordinator');
  const id = await youngPerson(c, 'Søren <b>Svg</b>');
  const csrf = await c.csrf(`/unge/${id}/netvaerk/ny`);
  const evil = '<script>alert(1)</script> & "Co"';
  const people = [
    { name: evil, rel: 'friend', cl: 'close', va: 'burdens', fq: 'daily' },
    { name: 'Far & Mor', rel: 'family', cl: 'middle', va: 'supports', fq: 'weekly' },
    { name: 'Lærer Lis', rel: 'professional', cl: 'distant', va: 'mixed', fq: 'monthly' },
    { name: 'Naboen', rel: 'other', cl: 'close', va: 'supports', fq: 'never' },
  ];
  let r = await c.post(`/unge/${id}/netvaerk`, { csrf, ...mapping(dk(today()), people) });
  assert.equal(r.status, 303);
  const page = await c.get(`/unge/${id}/netvaerk`);
  assert.equal(tidyErrors(page.text), '');
  assert.doesNotMatch(page.text, /<script>alert/);
  const svg = page.text.match(/<svg[^>]*class="hv-net-svg"[\s\S]*?<\/svg>/)[0];
  assert.match(svg, /role="img"/);
  assert.match(svg, /<title id="net-title-\d+">Netværkskort for Søren &lt;b&gt;Svg&lt;\/b&gt;, /);
  assert.match(svg, /<desc id="net-desc-\d+">Antal personer: 4\./);
  assert.ok(svg.includes('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;:'), 'full name in the dot\'s title');
  assert.ok(svg.includes('<title>Far &amp; Mor:'));
  assert.ok(svg.includes('>Far &amp; Mor</text>'));
  assert.ok(svg.includes('>Lærer Lis</text>'));
  // each dot: its shape by valence, in its sector (quadrant) and ring
  const dots = [...svg.matchAll(/<g><title>([^:]*):[^<]*<\/title><(circle|rect|polygon) ([^>]*)\/>/g)];
  assert.equal(dots.length, 4);
  const centre = (shape, attrs) => {
    const n = (k) => Number(attrs.match(new RegExp(`${k}="(-?\\d+)"`))[1]);
    if (shape === 'circle') return [n('cx'), n('cy')];
    if (shape === 'rect') return [n('x') + n('width') / 2, n('y') + n('height') / 2];
    const pts = attrs.match(/points="([^"]*)"/)[1].split(' ').map((p) => p.split(',').map(Number));
    return [pts[0][0], pts[1][1]];
  };
  const expect = {
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;': ['rect', 1, 0],
    'Far &amp; Mor': ['circle', 0, 1],
    'Lærer Lis': ['polygon', 2, 2],
    Naboen: ['circle', 3, 0],
  };
  for (const [, name, shape, attrs] of dots) {
    const [wantShape, sector, ring] = expect[name];
    assert.equal(shape, wantShape, name);
    const [x, y] = centre(shape, attrs);
    const quadrant = y < 0 ? (x < 0 ? 0 : 1) : (x > 0 ? 2 : 3);
    assert.equal(quadrant, sector, `${name} in sector ${sector}`);
    const rad = Math.hypot(x, y);
    assert.ok(rad >= 50 + ring * 80 && rad <= 50 + (ring + 1) * 80, `${name} in ring ${ring} (${rad})`);
  }
  // the legend and the text table
  assert.match(page.text, /Støtter \(grøn cirkel\)/);
  assert.match(page.text, /<th scope="row">&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;Co&quot;<\/th>/);
});

test('another coordinator is refused everywhere, and it is logged', async () => {
  const c = await loggedIn('coordinator');
  const id = await youngPerson(c, 'Privat Person');
  let csrf = await c.csrf(`/unge/${id}/netvaerk/ny`);
  await c.post(`/unge/${id}/netvaerk`, { csrf, ...mapping(dk(today()), [MOR]) });
  const map = count(`SELECT MAX(m.id) FROM network_map m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${id}`);
  const other = await loggedIn('coordinator2');
  for (const path of [`/unge/${id}/netvaerk`, `/unge/${id}/netvaerk/ny`, `/unge/${id}/netvaerk/${map}`,
    `/unge/${id}/netvaerk/sammenlign`]) {
    const r = await other.get(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.text, /Mor/, path);
  }
  csrf = await other.csrf();
  const before = count('SELECT COUNT(*) FROM network_map');
  const r = await other.post(`/unge/${id}/netvaerk`, { csrf, ...mapping(dk(today()), [VEN]) });
  assert.equal(r.status, 404);
  assert.equal(count('SELECT COUNT(*) FROM network_map'), before, 'nothing written');
  const refused = audit(`person_id = ${id} AND route = 'network' AND result = 'refused'`);
  assert.deepEqual(refused, ['network_view|refused', 'network_form|refused', 'network_view|refused',
    'network_compare|refused', 'network_create|refused']);
  // roles without access to young people: 403 by role
  const team = await loggedIn('team');
  assert.equal((await team.get(`/unge/${id}/netvaerk`)).status, 403);
  // the project leader may
  const pl = await loggedIn('project_leader');
  assert.equal((await pl.get(`/unge/${id}/netvaerk`)).status, 200);
});

test('a mapping of another young person, or an unknown one, is 404 and logged', async () => {
  const c = await loggedIn('coordinator');
  const a = await youngPerson(c, 'Ane Et');
  const b = await youngPerson(c, 'Bjarne To');
  const csrf = await c.csrf(`/unge/${a}/netvaerk/ny`);
  await c.post(`/unge/${a}/netvaerk`, { csrf, ...mapping(dk(today()), [MOR]) });
  const mapA = count(`SELECT MAX(m.id) FROM network_map m JOIN course c ON c.id = m.course_id WHERE c.person_id = ${a}`);
  let r = await c.get(`/unge/${b}/netvaerk/${mapA}`);
  assert.equal(r.status, 404);
  r = await c.get(`/unge/${b}/netvaerk/sammenlign?fra=${mapA}`);
  assert.equal(r.status, 404);
  assert.doesNotMatch(r.text, /Mor/);
  r = await c.get(`/unge/${a}/netvaerk/999999`);
  assert.equal(r.status, 404);
  r = await c.get(`/unge/999999/netvaerk`);
  assert.equal(r.status, 404);
  assert.ok(audit(`person_id = ${b} AND result = 'not_found'`).length >= 2);
  // with one mapping there is nothing to compare
  r = await c.get(`/unge/${a}/netvaerk/sammenlign`);
  assert.equal(r.status, 200);
  assert.match(r.text, /mindst to netværkskortlægninger/);
});
