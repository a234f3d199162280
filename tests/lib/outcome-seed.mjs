// The cohort of the Resultater tests (tests/http/outcome.test.mjs,
// tests/browser/outcome.test.mjs), written by SQL into the test database:
// 20 courses that ended in 2025 (10 + CTI, 10 + ICM; every other one
// homeless), each with a first coordinator measurement in 2024 and a final
// one on the day it ended: 15 in their own home, 4 homeless (sofa), 1 living
// with family; everyday coping 2 -> 4 for the first 10 (improved), 2 -> 2
// for the rest; the first 5 got into education.
import { sqlite } from './server.mjs';

const MUNI = "(SELECT id FROM municipality WHERE name = 'Testkommune')";
const COORD = "(SELECT id FROM users WHERE username = 'coordinator')";
const INSTR = (key) => `(SELECT id FROM instrument WHERE key = '${key}' ORDER BY version DESC LIMIT 1)`;
const ITEM = (key, item) => `(SELECT id FROM instrument_item WHERE instrument_id = ${INSTR(key)} AND key = '${item}')`;

// One course ended on `closed` with a first (2024) and a final coordinator
// measurement; answers as [item, num or null, txt].
function course(i, { tg, comb, closed, first, last }) {
  const cpr = String(1501900000 + i);
  let sql = `INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)
    VALUES (${MUNI}, '${cpr}', 'Skjult Ungnavn ${i}', ${COORD}, 'now');
  INSERT INTO course(person_id, opened_on, closed_on, target_group) VALUES (last_insert_rowid(), '2024-03-01', '${closed}', '${tg}');
  CREATE TEMP TABLE IF NOT EXISTS cur(id INTEGER); DELETE FROM cur; INSERT INTO cur VALUES (last_insert_rowid());
  INSERT INTO course_event(course_id, step, on_date, recorded_at) SELECT id, 3, '2024-04-01', 'now' FROM cur;
  INSERT INTO course_event(course_id, step, on_date, recorded_at) SELECT id, 7, '${closed}', 'now' FROM cur;
  INSERT INTO course_end(course_id, kind, end_reason, created_at) SELECT id, 'closed', 'less_complex', 'now' FROM cur;
  INSERT INTO allocation(course_id, needs, combination, rationale, created_at) SELECT id, 'n', '${comb}', 'r', 'now' FROM cur;
  `;
  const meas = (no, final, on, answers) => {
    sql += `INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, final, period_from, period_to,
      due_on, filled_on, author_id, created_at) SELECT ${INSTR('individ_model')}, 'individ_model', id, ${no}, ${final},
      '${on}', '${on}', '${on}', '${on}', ${COORD}, 'now' FROM cur;
    CREATE TEMP TABLE IF NOT EXISTS mm(id INTEGER); DELETE FROM mm; INSERT INTO mm VALUES (last_insert_rowid());\n`;
    for (const [item, num, txt] of answers) {
      sql += `INSERT INTO measurement_answer(measurement_id, item_id, num, txt) SELECT id, ${ITEM('individ_model', item)},
        ${num === null ? 'NULL' : num}, '${txt}' FROM mm;\n`;
    }
  };
  meas(0, 0, '2024-04-05', first);
  meas(1, 1, closed, last);
  return sql;
}

export function seedOutcome(db) {
  let sql = 'BEGIN;\n';
  for (let i = 0; i < 20; i++) {
    const housing = i < 15 ? 'own_home' : i < 19 ? 'sofa' : 'family';
    sql += course(i, {
      tg: i % 2 ? 'at_risk' : 'homeless',
      comb: i < 10 ? 'model_cti' : 'model_icm',
      closed: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      first: [['hverdag', 2, '2'], ['edu_status', null, 'none']],
      last: [['housing', null, housing], ['hverdag', i < 10 ? 4 : 2, i < 10 ? '4' : '2'],
        ['edu_status', null, i < 5 ? 'education' : 'none']],
    });
  }
  sql += 'COMMIT;\n';
  sqlite(db, sql);
}

