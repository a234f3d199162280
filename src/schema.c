/* schema.c: the numbered migrations.  Append a new string to add a
 * migration; never edit one that has shipped.  PRAGMA user_version counts
 * how many are applied (db_migrate in db.c).  Times are UTC text
 * "YYYY-MM-DDTHH:MM:SSZ" or unix seconds, dates "YYYY-MM-DD". */
#include "hjemvej.h"

/* Migration 15: a young person's active_until from their courses and
 * support courses (person.id: the row an UPDATE of person sets). */
#define ACTIVE_UNTIL \
	"NULLIF(MAX(COALESCE((SELECT MAX(COALESCE(c.closed_on, '9999-12-31')) FROM course c" \
	" WHERE c.person_id = person.id), '')," \
	" COALESCE((SELECT MAX(s.end_on) FROM course c JOIN support_course s ON s.course_id = c.id" \
	" WHERE c.person_id = person.id), '')), '')"

/* What the triggers of migration 15 keep, for every young person at once
 * (db_bulk_end: the generator loads with the triggers dropped). */
const char *const person_active_sql = "UPDATE person SET active_until = " ACTIVE_UNTIL;

/* Migration 18: a course's figures that the lists and the young person's
 * page read (course_state_load, course_states_read, caseload_courses),
 * kept on the course row by triggers: course.id is the row an UPDATE of
 * course sets.  Each is what a subquery over its source table gives. */
#define KEPT_COMBINATION "kept_combination = (SELECT a.combination FROM allocation a WHERE a.course_id = course.id)"
#define KEPT_END_KIND "kept_end_kind = (SELECT x.kind FROM course_end x WHERE x.course_id = course.id)"
#define KEPT_STEP(n) \
	"kept_step" #n "_on = (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = course.id AND v.step = " #n ")"
#define KEPT_STEPS \
	KEPT_STEP(1) ", " KEPT_STEP(2) ", " KEPT_STEP(3) ", " KEPT_STEP(4) ", " KEPT_STEP(5) ", " KEPT_STEP(6) \
		", " KEPT_STEP(7)
#define KEPT_HOME_FOUND "kept_home_found_on = (SELECT MIN(h.on_date) FROM home_found h WHERE h.course_id = course.id)"
#define KEPT_REFERRED "kept_referred_on = (SELECT MIN(f.referred_on) FROM referral f WHERE f.course_id = course.id)"
#define KEPT_ALL KEPT_COMBINATION ", " KEPT_END_KIND ", " KEPT_STEPS ", " KEPT_HOME_FOUND ", " KEPT_REFERRED
/* the three triggers of a source table that keep the columns SET from it */
#define KEPT_TRIGGERS(table, cols, set) \
	"CREATE TRIGGER " table "_kept_insert AFTER INSERT ON " table " BEGIN\n" \
	"  UPDATE course SET " set " WHERE id = NEW.course_id;\n" \
	"END;\n" \
	"CREATE TRIGGER " table "_kept_update AFTER UPDATE OF " cols " ON " table " BEGIN\n" \
	"  UPDATE course SET " set " WHERE id IN (OLD.course_id, NEW.course_id);\n" \
	"END;\n" \
	"CREATE TRIGGER " table "_kept_delete AFTER DELETE ON " table " BEGIN\n" \
	"  UPDATE course SET " set " WHERE id = OLD.course_id;\n" \
	"END;\n"

/* What the triggers of migration 18 keep, for every course at once
 * (db_bulk_end). */
const char *const course_kept_sql = "UPDATE course SET " KEPT_ALL;

const char *const migrations[] = {
	/* 1: foundation */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE municipality(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  coordinator_guide INTEGER NOT NULL DEFAULT 20\n"
	") STRICT;\n"
	"CREATE TABLE users(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  municipality_id INTEGER NOT NULL REFERENCES municipality(id),\n"
	"  username TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  role TEXT NOT NULL CHECK (role IN ('admin','leader','project_leader',"
	"'coordinator','support','team')),\n"
	"  password_hash TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL DEFAULT 'da' CHECK (lang IN ('da','en')),\n"
	"  active INTEGER NOT NULL DEFAULT 1,\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE sessions(\n"
	"  id_hash BLOB PRIMARY KEY,\n"
	"  user_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  csrf TEXT NOT NULL,\n"
	"  created INTEGER NOT NULL,\n"
	"  last_seen INTEGER NOT NULL,\n"
	"  flash TEXT\n"
	") STRICT;\n"
	"CREATE INDEX sessions_user ON sessions(user_id);\n"
	"CREATE TABLE login_attempts(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  username TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  ok INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX login_attempts_user ON login_attempts(username, at);\n"
	"CREATE TABLE person(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  municipality_id INTEGER NOT NULL REFERENCES municipality(id),\n"
	"  cpr TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  coordinator_id INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX person_cpr ON person(municipality_id, cpr);\n"
	"CREATE INDEX person_coordinator ON person(coordinator_id);\n"
	"CREATE TABLE course(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  opened_on TEXT NOT NULL,\n"
	"  closed_on TEXT,\n"
	"  target_group TEXT NOT NULL CHECK (target_group IN ('homeless','at_risk')),\n"
	"  housing_situation TEXT\n"
	") STRICT;\n"
	"CREATE INDEX course_person ON course(person_id);\n"
	"CREATE TABLE course_event(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 7),\n"
	"  on_date TEXT NOT NULL,\n"
	"  recorded_by INTEGER REFERENCES users(id),\n"
	"  recorded_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX course_event_course ON course_event(course_id, step);\n"
	"CREATE TABLE referral(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  referred_on TEXT NOT NULL,\n"
	"  referrer_actor TEXT NOT NULL,\n"
	"  referrer_name TEXT NOT NULL DEFAULT '',\n"
	"  reason TEXT NOT NULL,\n"
	"  target_group TEXT NOT NULL CHECK (target_group IN ('homeless','at_risk')),\n"
	"  housing_situation TEXT,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX referral_course ON referral(course_id);\n"
	"CREATE TABLE referral_risk(\n"
	"  referral_id INTEGER NOT NULL REFERENCES referral(id),\n"
	"  factor TEXT NOT NULL,\n"
	"  PRIMARY KEY (referral_id, factor)\n"
	") STRICT;\n"
	"CREATE TABLE audit_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  user_id INTEGER,\n"
	"  username TEXT NOT NULL,\n"
	"  role TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  person_id INTEGER,\n"
	"  route TEXT NOT NULL,\n"
	"  result TEXT NOT NULL,\n"
	"  prev_hash TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX audit_person ON audit_log(person_id);\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;\n",
	/* 2: the interdisciplinary team around a young person's course.  A
	 * member is a professional from the actor catalog; user_id links the
	 * member to their login (role team, support or coordinator) when they
	 * have one.  to_date NULL: still on the team. */
	"CREATE TABLE team_member(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  actor TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  contact TEXT NOT NULL DEFAULT '',\n"
	"  team_role TEXT NOT NULL DEFAULT '',\n"
	"  user_id INTEGER REFERENCES users(id),\n"
	"  from_date TEXT NOT NULL,\n"
	"  to_date TEXT,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX team_member_course ON team_member(course_id);\n"
	"CREATE INDEX team_member_user ON team_member(user_id);\n",
	/* 3: one submission per form (auth.c once_begin): a form's token, and
	 * where its first submission led. */
	"CREATE TABLE form_submission(\n"
	"  user_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  token TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  location TEXT NOT NULL,\n"
	"  PRIMARY KEY (user_id, token)\n"
	") STRICT;\n"
	"CREATE INDEX form_submission_at ON form_submission(at);\n",
	/* 4: Redskab 3, goals and binding agreements (goals.c).  version counts
	 * saves, so that a save made from an older version is refused;
	 * change_log keeps every change: who, when, which field, before, after. */
	"CREATE TABLE goal(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  domain TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('active','reached','dropped')),\n"
	"  set_on TEXT NOT NULL,\n"
	"  status_on TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX goal_course ON goal(course_id);\n"
	"CREATE TABLE agreement(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  goal_id INTEGER NOT NULL REFERENCES goal(id),\n"
	"  what TEXT NOT NULL,\n"
	"  responsible TEXT NOT NULL CHECK (responsible IN ('young_person','coordinator','support',"
	"'chosen_adult','team_member')),\n"
	"  team_member_id INTEGER REFERENCES team_member(id),\n"
	"  responsible_name TEXT NOT NULL DEFAULT '',\n"
	"  deadline TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('agreed','in_progress','done','not_done','dropped')),\n"
	"  agreed_on TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  CHECK ((responsible = 'team_member') = (team_member_id IS NOT NULL))\n"
	") STRICT;\n"
	"CREATE INDEX agreement_goal ON agreement(goal_id);\n"
	"CREATE INDEX agreement_member ON agreement(team_member_id);\n"
	"CREATE TABLE agreement_followup(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  agreement_id INTEGER NOT NULL REFERENCES agreement(id),\n"
	"  meeting_id INTEGER REFERENCES meeting(id),\n"
	"  on_date TEXT NOT NULL,\n"
	"  status TEXT NOT NULL,\n"
	"  note TEXT NOT NULL,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX agreement_followup_agreement ON agreement_followup(agreement_id);\n"
	"CREATE TABLE change_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  entity TEXT NOT NULL,\n"
	"  entity_id INTEGER NOT NULL,\n"
	"  field TEXT NOT NULL,\n"
	"  old_value TEXT NOT NULL,\n"
	"  new_value TEXT NOT NULL,\n"
	"  changed_by INTEGER REFERENCES users(id),\n"
	"  changed_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX change_log_entity ON change_log(entity, entity_id);\n",
	/* 5: network meetings (meeting.c): the meeting with its iCalendar UID
	 * and SEQUENCE (counts the moves), the invited participants (a team
	 * member, or a person from the young person's network by name and
	 * relation) with attendance, and the ticks of the meeting checklist.
	 * young_present: NULL until the meeting is recorded as held. */
	"CREATE TABLE meeting(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  on_date TEXT NOT NULL,\n"
	"  start_time TEXT NOT NULL,\n"
	"  end_time TEXT NOT NULL,\n"
	"  place TEXT NOT NULL,\n"
	"  young_invited INTEGER NOT NULL DEFAULT 1,\n"
	"  young_points TEXT NOT NULL DEFAULT '',\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  sequence INTEGER NOT NULL DEFAULT 0,\n"
	"  held INTEGER NOT NULL DEFAULT 0,\n"
	"  young_present INTEGER,\n"
	"  minutes TEXT NOT NULL DEFAULT '',\n"
	"  next_date TEXT,\n"
	"  held_by INTEGER REFERENCES users(id),\n"
	"  held_at TEXT,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  updated_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX meeting_course ON meeting(course_id, on_date);\n"
	"CREATE TABLE meeting_participant(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),\n"
	"  team_member_id INTEGER REFERENCES team_member(id),\n"
	"  name TEXT NOT NULL,\n"
	"  relation TEXT NOT NULL DEFAULT '',\n"
	"  present INTEGER\n"
	") STRICT;\n"
	"CREATE INDEX meeting_participant_meeting ON meeting_participant(meeting_id);\n"
	"CREATE TABLE meeting_check(\n"
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),\n"
	"  item TEXT NOT NULL,\n"
	"  checked_by INTEGER REFERENCES users(id),\n"
	"  checked_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (meeting_id, item)\n"
	") STRICT;\n",
	/* 6: tool 1, network mapping.  Each mapping of a course is a dated
	 * version that is never changed; network_person.lineage is the same
	 * number for the same person across the versions (for comparing). */
	"CREATE TABLE network_map(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  mapped_on TEXT NOT NULL,\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX network_map_course ON network_map(course_id, mapped_on);\n"
	"CREATE TABLE network_person(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  map_id INTEGER NOT NULL REFERENCES network_map(id),\n"
	"  lineage INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  relation TEXT NOT NULL CHECK (relation IN ('family','friend','partner','professional','other')),\n"
	"  closeness TEXT NOT NULL CHECK (closeness IN ('close','middle','distant')),\n"
	"  valence TEXT NOT NULL CHECK (valence IN ('supports','burdens','mixed')),\n"
	"  frequency TEXT NOT NULL CHECK (frequency IN ('daily','weekly','monthly','rarely','never')),\n"
	"  can_help TEXT NOT NULL DEFAULT ''\n"
	") STRICT;\n"
	"CREATE INDEX network_person_map ON network_person(map_id, position);\n",
	/* 7: the course through the seven steps (course.c).  The steps stay
	 * dated events in course_event (once per step, with an optional note);
	 * the allocation (step 2) holds the assessment and the combination; a
	 * home found (housing assigned or lease signed) is its own record; a
	 * closed or declined course has one course_end row (the date is
	 * course.closed_on); start_check is the coordinator's start checklist. */
	"CREATE TABLE allocation(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL UNIQUE REFERENCES course(id),\n"
	"  needs TEXT NOT NULL,\n"
	"  combination TEXT NOT NULL CHECK (combination IN ('model','model_cti','model_icm')),\n"
	"  rationale TEXT NOT NULL,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE home_found(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('assigned','lease')),\n"
	"  on_date TEXT NOT NULL,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX home_found_course ON home_found(course_id);\n"
	"CREATE TABLE course_end(\n"
	"  course_id INTEGER PRIMARY KEY REFERENCES course(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('closed','declined')),\n"
	"  end_reason TEXT NOT NULL,\n"
	"  reason_text TEXT NOT NULL DEFAULT '',\n"
	"  youth_took_part INTEGER,\n"
	"  team_took_part INTEGER,\n"
	"  not_involved_reason TEXT NOT NULL DEFAULT '',\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE start_check(\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  item TEXT NOT NULL,\n"
	"  done_by INTEGER REFERENCES users(id),\n"
	"  done_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (course_id, item)\n"
	") STRICT;\n"
	"ALTER TABLE course_event ADD COLUMN note TEXT NOT NULL DEFAULT '';\n"
	"CREATE UNIQUE INDEX course_event_once ON course_event(course_id, step);\n",
	/* 8: consent and the actor catalog as data (team.c).  actor: the
	 * municipality's catalog of actors, seeded from the built-in catalog
	 * (domain.c actors[]); label NULL shows the built-in (translated)
	 * label; keys never change, so old records keep their label; an actor
	 * is deactivated, never deleted.  consent (Retssikkerhedsloven §11a):
	 * which kinds of information, with which actors and/or team members,
	 * for which purpose; withdrawn_on set: no longer valid, at once. */
	"CREATE TABLE actor(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  municipality_id INTEGER NOT NULL REFERENCES municipality(id),\n"
	"  key TEXT NOT NULL,\n"
	"  label TEXT,\n"
	"  active INTEGER NOT NULL DEFAULT 1,\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (municipality_id, key)\n"
	") STRICT;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'boern_unge', 1 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'jobcenter', 2 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'uu', 3 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'misbrug', 4 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'visitation', 5 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'ydelse', 6 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'bostoette', 7 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'socialpsykiatri', 8 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'regionspsykiatri', 9 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'kriminalforsorg', 10 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'boliganvisning', 11 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'boligforening', 12 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'gadeplan', 13 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'herberg', 14 FROM municipality;\n"
	"INSERT INTO actor(municipality_id, key, position) SELECT id, 'andet', 15 FROM municipality;\n"
	"CREATE TABLE consent(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  purpose TEXT NOT NULL,\n"
	"  given_on TEXT NOT NULL,\n"
	"  how TEXT NOT NULL CHECK (how IN ('signed','oral')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  expires_on TEXT NOT NULL,\n"
	"  withdrawn_on TEXT,\n"
	"  withdrawal_note TEXT NOT NULL DEFAULT '',\n"
	"  withdrawn_by INTEGER REFERENCES users(id),\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX consent_course ON consent(course_id);\n"
	"CREATE TABLE consent_kind(\n"
	"  consent_id INTEGER NOT NULL REFERENCES consent(id),\n"
	"  kind TEXT NOT NULL,\n"
	"  PRIMARY KEY (consent_id, kind)\n"
	") STRICT;\n"
	"CREATE TABLE consent_actor(\n"
	"  consent_id INTEGER NOT NULL REFERENCES consent(id),\n"
	"  actor TEXT NOT NULL,\n"
	"  PRIMARY KEY (consent_id, actor)\n"
	") STRICT;\n"
	"CREATE TABLE consent_member(\n"
	"  consent_id INTEGER NOT NULL REFERENCES consent(id),\n"
	"  member_id INTEGER NOT NULL REFERENCES team_member(id),\n"
	"  PRIMARY KEY (consent_id, member_id)\n"
	") STRICT;\n",
	/* 9: housing support (DOMAIN.md §4; support.c, contact.c, home.c).
	 * support_course: a bostøtteforløb of a young person's course by one
	 * method; open while end_on is NULL; at the end the reason and the
	 * decision on further support with the date it starts.
	 * support_worker: who gives the support, dated (a worker can be
	 * replaced); CTI/ICM one worker (discipline 'bostoette', a user); ACT a
	 * team of named professionals with their disciplines (user_id when they
	 * have a login).  override_*: the project leader's written reason for
	 * assigning a worker above the method's cap.  support_check: the CTI
	 * phase checklists (catalog in domain.c), dated, with a note.
	 * contact: the support worker's contacts with the young person, with
	 * the life domains dealt with (contact_domain).  home: the home a
	 * homeless young person moves into (step 5) and, later, losing it. */
	"CREATE TABLE support_course(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  method TEXT NOT NULL CHECK (method IN ('cti','icm','act')),\n"
	"  start_on TEXT NOT NULL,\n"
	"  end_on TEXT,\n"
	"  end_reason TEXT,\n"
	"  end_note TEXT NOT NULL DEFAULT '',\n"
	"  next_support TEXT,\n"
	"  next_support_on TEXT,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  ended_by INTEGER REFERENCES users(id),\n"
	"  version INTEGER NOT NULL DEFAULT 1\n"
	") STRICT;\n"
	"CREATE INDEX support_course_course ON support_course(course_id, end_on);\n"
	"CREATE TABLE support_worker(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  support_id INTEGER NOT NULL REFERENCES support_course(id),\n"
	"  user_id INTEGER REFERENCES users(id),\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  discipline TEXT NOT NULL,\n"
	"  from_on TEXT NOT NULL,\n"
	"  to_on TEXT,\n"
	"  override_reason TEXT NOT NULL DEFAULT '',\n"
	"  override_by INTEGER REFERENCES users(id),\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  CHECK (user_id IS NOT NULL OR name <> '')\n"
	") STRICT;\n"
	"CREATE INDEX support_worker_support ON support_worker(support_id);\n"
	"CREATE INDEX support_worker_user ON support_worker(user_id, to_on);\n"
	"CREATE TABLE support_check(\n"
	"  support_id INTEGER NOT NULL REFERENCES support_course(id),\n"
	"  item TEXT NOT NULL,\n"
	"  done_on TEXT NOT NULL,\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  done_by INTEGER REFERENCES users(id),\n"
	"  done_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (support_id, item)\n"
	") STRICT;\n"
	"CREATE TABLE contact(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  support_id INTEGER NOT NULL REFERENCES support_course(id),\n"
	"  on_date TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('face','phone','sms','video','attempt')),\n"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),\n"
	"  travel_minutes INTEGER NOT NULL DEFAULT 0 CHECK (travel_minutes >= 0),\n"
	"  place TEXT NOT NULL CHECK (place IN ('home','street','office','other')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1\n"
	") STRICT;\n"
	"CREATE INDEX contact_support ON contact(support_id, on_date);\n"
	"CREATE TABLE contact_domain(\n"
	"  contact_id INTEGER NOT NULL REFERENCES contact(id),\n"
	"  domain TEXT NOT NULL,\n"
	"  PRIMARY KEY (contact_id, domain)\n"
	") STRICT;\n"
	"CREATE TABLE home(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  address TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('social_youth','social','private','dormitory','transitional','other')),\n"
	"  rent INTEGER CHECK (rent >= 0),\n"
	"  found_how TEXT NOT NULL CHECK (found_how IN ('municipal','youth_quota','association','private','other')),\n"
	"  lease_on TEXT,\n"
	"  moved_in_on TEXT,\n"
	"  support_note TEXT NOT NULL DEFAULT '',\n"
	"  lost_on TEXT,\n"
	"  lost_reason TEXT CHECK (lost_reason IN ('eviction','left','other')),\n"
	"  lost_note TEXT NOT NULL DEFAULT '',\n"
	"  housing_after TEXT,\n"
	"  created_by INTEGER REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1\n"
	") STRICT;\n"
	"CREATE INDEX home_course ON home(course_id);\n"
	"CREATE TABLE home_support(\n"
	"  home_id INTEGER NOT NULL REFERENCES home(id),\n"
	"  item TEXT NOT NULL,\n"
	"  PRIMARY KEY (home_id, item)\n"
	") STRICT;\n",
	/* 10: documentation of results (DOMAIN.md §6).  instrument: one row per
	 * version of a quarterly instrument, synced from the definitions in
	 * instrument.c (a changed definition becomes a new version; answers keep
	 * pointing at the items they answered, so old answers stay readable).
	 * instrument_item/instrument_option: the items and the values their
	 * scales allow, with labels.  measurement: one filled-in instrument for a
	 * course (support instruments also name the support course; 0 for the
	 * others), numbered 0 at the start, 1.. every third month, the final one
	 * at the end; measurement_answer: num for numbers, scales and minutes,
	 * txt for choices (several keys separated by spaces) and text.
	 * time_registration/time_hours: a coordinator's or support worker's hours
	 * per method and kind of work for a quarter, in minutes.  fidelity: the
	 * project leader's quarterly fidelity measurement; fidelity_item: one
	 * item with its evidence (num/den for computed items) and score 1-5.
	 * project_report: the half-yearly project report with its key figures
	 * frozen as submitted (project_report_figure) and the written answers
	 * (project_report_answer).  municipality.hourly_cost: kroner per hour
	 * for the cost report (DOMAIN.md §7: about 387). */
	"CREATE TABLE instrument(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  filled_by TEXT NOT NULL CHECK (filled_by IN ('coordinator','support','youth')),\n"
	"  months INTEGER NOT NULL CHECK (months > 0),\n"
	"  digest TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  UNIQUE (key, version)\n"
	") STRICT;\n"
	"CREATE TABLE instrument_item(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  instrument_id INTEGER NOT NULL REFERENCES instrument(id),\n"
	"  position INTEGER NOT NULL,\n"
	"  key TEXT NOT NULL,\n"
	"  section TEXT NOT NULL DEFAULT '',\n"
	"  label TEXT NOT NULL,\n"
	"  hint TEXT NOT NULL DEFAULT '',\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('scale','choice','multi','number','hours','text')),\n"
	"  scale TEXT NOT NULL DEFAULT '',\n"
	"  required INTEGER NOT NULL DEFAULT 1,\n"
	"  prefill TEXT NOT NULL DEFAULT '',\n"
	"  max INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (instrument_id, key)\n"
	") STRICT;\n"
	"CREATE TABLE instrument_option(\n"
	"  item_id INTEGER NOT NULL REFERENCES instrument_item(id),\n"
	"  position INTEGER NOT NULL,\n"
	"  value TEXT NOT NULL,\n"
	"  label TEXT NOT NULL,\n"
	"  PRIMARY KEY (item_id, value)\n"
	") STRICT;\n"
	"CREATE TABLE measurement(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  instrument_id INTEGER NOT NULL REFERENCES instrument(id),\n"
	"  instrument_key TEXT NOT NULL,\n"
	"  course_id INTEGER NOT NULL REFERENCES course(id),\n"
	"  support_id INTEGER NOT NULL DEFAULT 0,\n"
	"  period_no INTEGER NOT NULL CHECK (period_no >= 0),\n"
	"  final INTEGER NOT NULL DEFAULT 0,\n"
	"  period_from TEXT NOT NULL,\n"
	"  period_to TEXT NOT NULL,\n"
	"  due_on TEXT NOT NULL,\n"
	"  filled_on TEXT NOT NULL,\n"
	"  author_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  UNIQUE (instrument_key, course_id, support_id, period_no)\n"
	") STRICT;\n"
	"CREATE INDEX measurement_course ON measurement(course_id, instrument_key);\n"
	"CREATE INDEX measurement_author ON measurement(author_id);\n"
	"CREATE TABLE measurement_answer(\n"
	"  measurement_id INTEGER NOT NULL REFERENCES measurement(id),\n"
	"  item_id INTEGER NOT NULL REFERENCES instrument_item(id),\n"
	"  num INTEGER,\n"
	"  txt TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (measurement_id, item_id)\n"
	") STRICT;\n"
	"CREATE TABLE time_registration(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  municipality_id INTEGER NOT NULL REFERENCES municipality(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  period_from TEXT NOT NULL,\n"
	"  period_to TEXT NOT NULL,\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  submitted_at TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  UNIQUE (user_id, period_from)\n"
	") STRICT;\n"
	"CREATE INDEX time_registration_period ON time_registration(municipality_id, period_from);\n"
	"CREATE TABLE time_hours(\n"
	"  registration_id INTEGER NOT NULL REFERENCES time_registration(id),\n"
	"  method TEXT NOT NULL CHECK (method IN ('model','cti','icm','act')),\n"
	"  category TEXT NOT NULL CHECK (category IN ('direct','meetings','coordination','transport')),\n"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),\n"
	"  PRIMARY KEY (registration_id, method, category)\n"
	") STRICT;\n"
	"CREATE TABLE fidelity(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  municipality_id INTEGER NOT NULL REFERENCES municipality(id),\n"
	"  period_from TEXT NOT NULL,\n"
	"  period_to TEXT NOT NULL,\n"
	"  author_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  submitted_at TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  UNIQUE (municipality_id, period_from)\n"
	") STRICT;\n"
	"CREATE TABLE fidelity_item(\n"
	"  fidelity_id INTEGER NOT NULL REFERENCES fidelity(id),\n"
	"  item TEXT NOT NULL,\n"
	"  element INTEGER NOT NULL CHECK (element BETWEEN 1 AND 7),\n"
	"  computed INTEGER NOT NULL,\n"
	"  num INTEGER,\n"
	"  den INTEGER,\n"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (fidelity_id, item)\n"
	") STRICT;\n"
	"CREATE TABLE project_report(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  municipality_id INTEGER NOT NULL REFERENCES municipality(id),\n"
	"  period_from TEXT NOT NULL,\n"
	"  period_to TEXT NOT NULL,\n"
	"  author_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  submitted_at TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  UNIQUE (municipality_id, period_from)\n"
	") STRICT;\n"
	"CREATE TABLE project_report_figure(\n"
	"  report_id INTEGER NOT NULL REFERENCES project_report(id),\n"
	"  key TEXT NOT NULL,\n"
	"  value INTEGER NOT NULL,\n"
	"  PRIMARY KEY (report_id, key)\n"
	") STRICT;\n"
	"CREATE TABLE project_report_answer(\n"
	"  report_id INTEGER NOT NULL REFERENCES project_report(id),\n"
	"  question TEXT NOT NULL,\n"
	"  answer TEXT NOT NULL,\n"
	"  PRIMARY KEY (report_id, question)\n"
	") STRICT;\n"
	"ALTER TABLE municipality ADD COLUMN hourly_cost INTEGER NOT NULL DEFAULT 387;\n",

	/* 11: the leadership reports (issue 6).  coordinator_posts: the
	 * coordinator posts the municipality has, in tenths of a full-time
	 * post (25 = 2,5); export_key: the municipality's secret for the
	 * pseudonyms of the evaluators' export (32 random bytes, made on the
	 * first export, never shown). */
	"ALTER TABLE municipality ADD COLUMN coordinator_posts INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE municipality ADD COLUMN export_key BLOB;\n",

	/* 12: national scale (issue 7).  A coordinator's young people and
	 * those without a coordinator are a search of this index, not a scan
	 * of the municipality. */
	"CREATE INDEX person_municipality_coordinator ON person(municipality_id, coordinator_id);\n",

	/* 13: the reports go from a municipality's young people to their
	 * courses and keep those in the period; with the dates (and the
	 * target group) in the index they are kept or passed over without
	 * reading the course (the dashboard at national scale: 17 % faster). */
	"CREATE INDEX course_person_dates ON course(person_id, opened_on, closed_on, target_group);\n",

	/* 14 (LOG_MOVED): the access log is a file of its own (db.c,
	 * attach_log); db_migrate has copied its rows there before this
	 * drops the old table. */
	"DROP TRIGGER main.audit_no_update;\n"
	"DROP TRIGGER main.audit_no_delete;\n"
	"DROP INDEX main.audit_person;\n"
	"DROP TABLE main.audit_log;\n",

	/* 15: national scale (issue 7).  "Mine unge" and its worklist need
	 * the coordinator's young people with an open course, or a course
	 * closed or a support course ended in the last 90 days: a few of the
	 * hundreds a coordinator has had in ten years.  active_until is the
	 * last day the young person has any of that: '9999-12-31' while a
	 * course is open, else the latest day a course closed or a support
	 * course ended (NULL without either).  The triggers keep it whatever
	 * writes the courses, and the index finds a coordinator's young people
	 * active since a day without looking at the others. */
	"ALTER TABLE person ADD COLUMN active_until TEXT;\n"
	"UPDATE person SET active_until = " ACTIVE_UNTIL ";\n"
	"CREATE INDEX person_coordinator_active ON person(coordinator_id, active_until);\n"
	"CREATE TRIGGER course_active_insert AFTER INSERT ON course BEGIN\n"
	"  UPDATE person SET active_until = " ACTIVE_UNTIL "\n"
	"  WHERE id = NEW.person_id;\n"
	"END;\n"
	"CREATE TRIGGER course_active_update AFTER UPDATE OF person_id, closed_on ON course BEGIN\n"
	"  UPDATE person SET active_until = " ACTIVE_UNTIL "\n"
	"  WHERE id IN (OLD.person_id, NEW.person_id);\n"
	"END;\n"
	"CREATE TRIGGER course_active_delete AFTER DELETE ON course BEGIN\n"
	"  UPDATE person SET active_until = " ACTIVE_UNTIL "\n"
	"  WHERE id = OLD.person_id;\n"
	"END;\n"
	"CREATE TRIGGER support_active_insert AFTER INSERT ON support_course BEGIN\n"
	"  UPDATE person SET active_until = " ACTIVE_UNTIL "\n"
	"  WHERE id = (SELECT person_id FROM course WHERE id = NEW.course_id);\n"
	"END;\n"
	"CREATE TRIGGER support_active_update AFTER UPDATE OF course_id, end_on ON support_course BEGIN\n"
	"  UPDATE person SET active_until = " ACTIVE_UNTIL "\n"
	"  WHERE id IN (SELECT person_id FROM course WHERE id IN (OLD.course_id, NEW.course_id));\n"
	"END;\n"
	"CREATE TRIGGER support_active_delete AFTER DELETE ON support_course BEGIN\n"
	"  UPDATE person SET active_until = " ACTIVE_UNTIL "\n"
	"  WHERE id = (SELECT person_id FROM course WHERE id = OLD.course_id);\n"
	"END;\n",

	/* 16: national scale (issue 7).  A user's current team memberships
	 * ("Mine unge" of a team member, support worker or coordinator) are
	 * two ranges of this index, open (NULL) and ending after today, not
	 * every team of ten years; it replaces the index on user_id alone. */
	"DROP INDEX team_member_user;\n"
	"CREATE INDEX team_member_user_to ON team_member(user_id, to_date);\n",

	/* 17: national scale (issue 7).  The project leader's caseloads
	 * (/bostoette): the municipality's support workers are a search, not
	 * a scan of every user in the country. */
	"CREATE INDEX users_municipality_role ON users(municipality_id, role);\n",

	/* 18: national scale (issue 7).  A course's state (course_state_load:
	 * the combination, how it ended, the first date of each step, the
	 * first home found) and its first referral were a search of each
	 * source table per course, on the young person's page and for every
	 * row of "Mine unge"; now they are columns of the course row, read
	 * with it.  NULL where the source has no row.  The triggers keep them
	 * whatever writes the sources; a course inserted after rows that
	 * name its id (or given another id) computes all of them. */
	"ALTER TABLE course ADD COLUMN kept_combination TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_end_kind TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step1_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step2_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step3_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step4_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step5_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step6_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_step7_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_home_found_on TEXT;\n"
	"ALTER TABLE course ADD COLUMN kept_referred_on TEXT;\n"
	"UPDATE course SET " KEPT_ALL ";\n"
	"CREATE TRIGGER course_kept_insert AFTER INSERT ON course BEGIN\n"
	"  UPDATE course SET " KEPT_ALL " WHERE id = NEW.id;\n"
	"END;\n"
	"CREATE TRIGGER course_kept_update AFTER UPDATE OF id ON course BEGIN\n"
	"  UPDATE course SET " KEPT_ALL " WHERE id = NEW.id;\n"
	"END;\n"
	KEPT_TRIGGERS("allocation", "course_id, combination", KEPT_COMBINATION)
	KEPT_TRIGGERS("course_end", "course_id, kind", KEPT_END_KIND)
	KEPT_TRIGGERS("course_event", "course_id, step, on_date", KEPT_STEPS)
	KEPT_TRIGGERS("home_found", "course_id, on_date", KEPT_HOME_FOUND)
	KEPT_TRIGGERS("referral", "course_id, referred_on", KEPT_REFERRED),
};

const int n_migrations = (int)(sizeof migrations / sizeof migrations[0]);

/* The access log's file, attached as the schema "log" (db.c).  The table is
 * the one of migration 1 above: append-only, a hash chain (audit.c). */
const char *const log_migrations[] = {
	/* 1 */
	"CREATE TABLE log.audit_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  user_id INTEGER,\n"
	"  username TEXT NOT NULL,\n"
	"  role TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  person_id INTEGER,\n"
	"  route TEXT NOT NULL,\n"
	"  result TEXT NOT NULL,\n"
	"  prev_hash TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX log.audit_person ON audit_log(person_id);\n"
	"CREATE TRIGGER log.audit_no_update BEFORE UPDATE ON audit_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;\n"
	"CREATE TRIGGER log.audit_no_delete BEFORE DELETE ON audit_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;\n",
};

const int n_log_migrations = (int)(sizeof log_migrations / sizeof log_migrations[0]);
