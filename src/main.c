/* main.c: the command line.  Each subcommand has --help, one-line errors on
 * stderr and these exit codes: 0 done, 1 failed, 2 wrong usage, 3 the
 * access log's hash chain is broken. */
#include "hjemvej.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_USAGE = 2, EXIT_BROKEN = 3 };

typedef struct Opt {
	const char *name; /* "--db" */
	const char *value;
	int flag; /* takes no value */
} Opt;

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "hjemvej %s: %s%s%s (see hjemvej %s --help)\n", cmd, msg, arg ? ": " : "",
		arg ? arg : "", cmd);
	return EXIT_USAGE;
}

/* Parses --name VALUE, --name=VALUE and --flag.  Returns -1 on an unknown
 * option or a missing value, 1 when --help was asked for. */
static int parse_opts(const char *cmd, int argc, char **argv, Opt *opts, int nopts)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		const char *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		int found = 0;
		for (int k = 0; k < nopts; k++) {
			if (strlen(opts[k].name) != len || strncmp(opts[k].name, a, len) != 0)
				continue;
			found = 1;
			if (opts[k].flag) {
				if (eq)
					return usage_error(cmd, "option takes no value", a), -1;
				opts[k].value = "1";
			} else if (eq) {
				opts[k].value = eq + 1;
			} else if (i + 1 < argc) {
				opts[k].value = argv[++i];
			} else {
				return usage_error(cmd, "option needs a value", a), -1;
			}
		}
		if (!found)
			return usage_error(cmd, "unknown option", a), -1;
	}
	return 0;
}

static const char *opt(Opt *opts, int n, const char *name)
{
	for (int k = 0; k < n; k++)
		if (strcmp(opts[k].name, name) == 0)
			return opts[k].value;
	return NULL;
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* The schema's migrations, then the instruments' definitions
 * (instrument.c): a changed definition becomes a new version. */
static int migrate(Db *db, int *from, int *to)
{
	if (db_migrate(db, from, to))
		return -1;
	return instrument_sync(db) < 0 ? -1 : 0;
}

/* Opens an existing, migrated database, or says why not. */
static Db *open_existing(const char *cmd, const char *path)
{
	int from, to;
	if (!file_exists(path)) {
		fprintf(stderr, "hjemvej %s: no database at %s (create it with: hjemvej init --db %s)\n",
			cmd, path, path);
		return NULL;
	}
	Db *db = db_open(path, 0);
	if (db_failed(db)) {
		fprintf(stderr, "hjemvej %s: cannot open %s: %s\n", cmd, path, db_error(db));
		db_close(db);
		return NULL;
	}
	if (migrate(db, &from, &to)) {
		fprintf(stderr, "hjemvej %s: %s: %s\n", cmd, path, db_error(db));
		db_close(db);
		return NULL;
	}
	if (from != to)
		fprintf(stderr, "hjemvej %s: migrated %s from schema %d to %d\n", cmd, path, from, to);
	return db;
}

static long long ensure_municipality(Db *db, const char *name)
{
	long long id = db_int(db, 0, "SELECT id FROM municipality WHERE name = ?", "t", name);
	if (!id)
		id = db_int(db, 0, "INSERT INTO municipality(name) VALUES (?) RETURNING id", "t", name);
	actors_seed(db, id); /* team.c: the actor catalog, from domain.c */
	return id;
}

/* ---- init -------------------------------------------------------------- */

static const char init_help[] =
	"usage: hjemvej init --db FILE [--municipality NAME]\n"
	"Creates the database FILE, or brings an existing one up to the current\n"
	"schema. A new database gets the municipality NAME (default \"Kommune\")\n"
	"and an administrator 'admin' whose generated password is printed once.\n";

static int cmd_init(int argc, char **argv)
{
	Opt o[] = {{"--db", 0, 0}, {"--municipality", 0, 0}};
	int rc = parse_opts("init", argc, argv, o, 2);
	if (rc)
		return rc > 0 ? (fputs(init_help, stdout), 0) : EXIT_USAGE;
	const char *path = opt(o, 2, "--db");
	if (!path)
		return usage_error("init", "--db FILE is required", NULL);
	int existed = file_exists(path);
	Db *db = db_open(path, 1);
	int from, to;
	if (db_failed(db) || migrate(db, &from, &to)) {
		fprintf(stderr, "hjemvej init: %s: %s\n", path, db_error(db));
		db_close(db);
		return 1;
	}
	if (db_int(db, 0, "SELECT COUNT(*) FROM users", "") == 0) {
		char pw[21];
		const char *muni = opt(o, 2, "--municipality");
		password_generate(pw);
		db_begin(db);
		long long m = ensure_municipality(db, muni ? muni : "Kommune");
		user_create(db, "admin", "Administrator", ROLE_ADMIN, m, pw);
		audit_log(db, 0, "hjemvej init", "", "init", 0, "cli", "ok");
		if (!db_commit(db)) {
			fprintf(stderr, "hjemvej init: %s: %s\n", path, db_error(db));
			db_close(db);
			return 1;
		}
		printf("Created %s (schema %d).\nAdministrator: admin\nPassword: %s\n"
		       "The password is shown only this once.\n",
		       path, to, pw);
	} else {
		printf("%s is up to date (schema %d%s).\n", path, to,
		       existed && from != to ? ", migrated" : "");
	}
	db_close(db);
	return 0;
}

/* ---- serve -------------------------------------------------------------- */

static const char serve_help[] =
	"usage: hjemvej serve --db FILE [--listen ADDR:PORT] [--threads N]\n"
	"                     [--idle-timeout SECONDS] [--session-max SECONDS]\n"
	"Serves the web application. Default --listen 127.0.0.1:8080; port 0 picks\n"
	"a free port (printed on the first line). --threads: worker threads, each\n"
	"with its own database connection (default 2 per core, at least 4).\n"
	"Sessions end after 1800 s idle and 43200 s in all by default. Put a TLS\n"
	"reverse proxy in front (docs/operations.md). Stops cleanly on SIGINT or\n"
	"SIGTERM.\n";

static int serve(const char *path, const char *listen, long threads)
{
	Db *db = open_existing("serve", path);
	if (!db)
		return 1;
	demo_mode = db_is_demo(db);
	db_close(db);
	int rc = server_run(path, listen, (int)threads);
	return rc;
}

static int cmd_serve(int argc, char **argv)
{
	Opt o[] = {{"--db", 0, 0}, {"--listen", 0, 0}, {"--threads", 0, 0}, {"--idle-timeout", 0, 0},
		   {"--session-max", 0, 0}};
	int rc = parse_opts("serve", argc, argv, o, 5);
	if (rc)
		return rc > 0 ? (fputs(serve_help, stdout), 0) : EXIT_USAGE;
	const char *path = opt(o, 5, "--db");
	/* two worker threads per core, at least four: a thread drawing a long
	 * report holds up only the connections it serves, and the others go on
	 * (a page's wait for its access-log row does not hold its thread);
	 * each has a database connection with its page cache (db.c) */
	long threads = 2 * sysconf(_SC_NPROCESSORS_ONLN), v;
	if (!path)
		return usage_error("serve", "--db FILE is required", NULL);
	if (threads < 4)
		threads = 4;
	if (opt(o, 5, "--threads") && parse_long(opt(o, 5, "--threads"), 1, 256, &threads))
		return usage_error("serve", "--threads must be 1 to 256", NULL);
	if (opt(o, 5, "--idle-timeout")) {
		if (parse_long(opt(o, 5, "--idle-timeout"), 1, 86400 * 7, &v))
			return usage_error("serve", "--idle-timeout must be 1 to 604800 seconds", NULL);
		session_idle_seconds = v;
	}
	if (opt(o, 5, "--session-max")) {
		if (parse_long(opt(o, 5, "--session-max"), 1, 86400 * 30, &v))
			return usage_error("serve", "--session-max must be 1 to 2592000 seconds", NULL);
		session_max_seconds = v;
	}
	return serve(path, opt(o, 5, "--listen") ? opt(o, 5, "--listen") : "127.0.0.1:8080", threads);
}

/* ---- user ----------------------------------------------------------------- */

static const char user_help[] =
	"usage: hjemvej user add --db FILE --username NAME --name \"FULL NAME\" --role ROLE\n"
	"                        [--municipality NAME] [--password-stdin]\n"
	"       hjemvej user list --db FILE\n"
	"       hjemvej user disable --db FILE --username NAME\n"
	"ROLE is one of: admin, leader, project_leader, coordinator, support, team.\n"
	"Without --password-stdin a password is generated and printed once; with it\n"
	"the first line of standard input is the password (at least 8 characters).\n"
	"Disabling a user ends their sessions at once.\n";

static int username_valid(const char *u)
{
	if (!*u || strlen(u) > 64)
		return 0;
	for (; *u; u++)
		if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || strchr("._-", *u)))
			return 0;
	return 1;
}

static int user_add(Opt *o, int n)
{
	const char *path = opt(o, n, "--db"), *u = opt(o, n, "--username");
	const char *name = opt(o, n, "--name"), *role = opt(o, n, "--role");
	const char *muni = opt(o, n, "--municipality");
	if (!path || !u || !name || !role)
		return usage_error("user add", "--db, --username, --name and --role are required", NULL);
	if (!username_valid(u))
		return usage_error("user add", "--username may use a-z, 0-9, '.', '-' and '_' only", u);
	if (!role_from_key(role))
		return usage_error("user add", "unknown role", role);
	if (!utf8_valid(name, strlen(name)) || !*name)
		return usage_error("user add", "--name must be non-empty UTF-8 text", NULL);
	char pw[4096] = {0};
	int from_stdin = opt(o, n, "--password-stdin") != NULL;
	if (from_stdin) {
		if (!fgets(pw, sizeof pw, stdin))
			return usage_error("user add", "no password on standard input", NULL);
		pw[strcspn(pw, "\r\n")] = 0;
		if (!password_acceptable(pw))
			return usage_error("user add", "the password must be at least 8 characters of UTF-8 text", NULL);
	} else {
		password_generate(pw);
	}
	Db *db = open_existing("user add", path);
	if (!db)
		return 1;
	if (db_int(db, 0, "SELECT 1 FROM users WHERE username = ?", "t", u)) {
		fprintf(stderr, "hjemvej user add: the user name %s is taken\n", u);
		db_close(db);
		return 1;
	}
	db_begin(db);
	long long m = muni ? ensure_municipality(db, muni)
			   : db_int(db, 0, "SELECT MIN(id) FROM municipality", "");
	if (!m)
		m = ensure_municipality(db, "Kommune");
	user_create(db, u, name, role_from_key(role), m, pw);
	audit_log(db, 0, "hjemvej user add", "", "user_add", 0, "cli", u);
	int ok = db_commit(db);
	if (!ok)
		fprintf(stderr, "hjemvej user add: %s\n", db_error(db));
	else if (!from_stdin)
		printf("User %s created. Password: %s\nThe password is shown only this once.\n", u, pw);
	else
		printf("User %s created.\n", u);
	sodium_memzero(pw, sizeof pw);
	db_close(db);
	return ok ? 0 : 1;
}

static int user_list(Opt *o, int n)
{
	const char *path = opt(o, n, "--db");
	if (!path)
		return usage_error("user list", "--db FILE is required", NULL);
	Db *db = open_existing("user list", path);
	if (!db)
		return 1;
	Stmt q;
	printf("%-20s %-15s %-8s %-20s %s\n", "USERNAME", "ROLE", "ACTIVE", "MUNICIPALITY", "NAME");
	db_query(db, &q,
		 "SELECT u.username, u.role, u.active, m.name, u.name FROM users u"
		 " JOIN municipality m ON m.id = u.municipality_id ORDER BY m.name, u.username",
		 "");
	while (db_step(&q))
		printf("%-20s %-15s %-8s %-20s %s\n", db_col_text(&q, 0), db_col_text(&q, 1),
		       db_col_int(&q, 2) ? "yes" : "no", db_col_text(&q, 3), db_col_text(&q, 4));
	db_finalize(&q);
	int failed = db_failed(db);
	db_close(db);
	return failed ? 1 : 0;
}

static int user_disable(Opt *o, int n)
{
	const char *path = opt(o, n, "--db"), *u = opt(o, n, "--username");
	if (!path || !u)
		return usage_error("user disable", "--db and --username are required", NULL);
	Db *db = open_existing("user disable", path);
	if (!db)
		return 1;
	long long id = db_int(db, 0, "SELECT id FROM users WHERE username = ?", "t", u);
	if (!id) {
		fprintf(stderr, "hjemvej user disable: no user named %s\n", u);
		db_close(db);
		return 1;
	}
	db_begin(db);
	db_exec(db, "UPDATE users SET active = 0 WHERE id = ?", "I", id);
	db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "I", id);
	audit_log(db, 0, "hjemvej user disable", "", "user_disable", 0, "cli", u);
	int ok = db_commit(db);
	if (ok)
		printf("User %s disabled; their sessions have ended.\n", u);
	else
		fprintf(stderr, "hjemvej user disable: %s\n", db_error(db));
	db_close(db);
	return ok ? 0 : 1;
}

static int cmd_user(int argc, char **argv)
{
	Opt o[] = {{"--db", 0, 0}, {"--username", 0, 0}, {"--name", 0, 0}, {"--role", 0, 0},
		   {"--municipality", 0, 0}, {"--password-stdin", 0, 1}};
	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
		fputs(user_help, argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	int rc = parse_opts("user", argc - 1, argv + 1, o, 6);
	if (rc)
		return rc > 0 ? (fputs(user_help, stdout), 0) : EXIT_USAGE;
	if (strcmp(argv[0], "add") == 0)
		return user_add(o, 6);
	if (strcmp(argv[0], "list") == 0)
		return user_list(o, 6);
	if (strcmp(argv[0], "disable") == 0)
		return user_disable(o, 6);
	return usage_error("user", "unknown subcommand", argv[0]);
}

/* ---- audit verify ------------------------------------------------------------ */

static const char audit_help[] =
	"usage: hjemvej audit verify --db FILE\n"
	"Checks the access log's hash chain. Exits 0 when every row is intact and 3\n"
	"naming the first row that was changed, removed or inserted.\n";

static int cmd_audit(int argc, char **argv)
{
	Opt o[] = {{"--db", 0, 0}};
	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
		fputs(audit_help, argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[0], "verify") != 0)
		return usage_error("audit", "unknown subcommand", argv[0]);
	int rc = parse_opts("audit verify", argc - 1, argv + 1, o, 1);
	if (rc)
		return rc > 0 ? (fputs(audit_help, stdout), 0) : EXIT_USAGE;
	if (!opt(o, 1, "--db"))
		return usage_error("audit verify", "--db FILE is required", NULL);
	Db *db = open_existing("audit verify", opt(o, 1, "--db"));
	if (!db)
		return 1;
	long long rows;
	long long broken = audit_verify(db, &rows);
	db_close(db);
	if (broken < 0) {
		fprintf(stderr, "hjemvej audit verify: could not read the access log\n");
		return 1;
	}
	if (broken) {
		fprintf(stderr, "hjemvej audit verify: the access log is broken at row %lld\n", broken);
		return EXIT_BROKEN;
	}
	printf("The access log is intact: %lld rows.\n", rows);
	return 0;
}

/* ---- backup ------------------------------------------------------------------- */

static const char backup_help[] =
	"usage: hjemvej backup --db FILE --to FILE\n"
	"Writes a consistent copy of the database and of its access log (FILE-accesslog)\n"
	"with SQLite's online backup API; safe while the server runs. Refuses to\n"
	"overwrite an existing file. Restore both files together.\n";

static int cmd_backup(int argc, char **argv)
{
	Opt o[] = {{"--db", 0, 0}, {"--to", 0, 0}};
	int rc = parse_opts("backup", argc, argv, o, 2);
	if (rc)
		return rc > 0 ? (fputs(backup_help, stdout), 0) : EXIT_USAGE;
	const char *from = opt(o, 2, "--db"), *to = opt(o, 2, "--to");
	if (!from || !to)
		return usage_error("backup", "--db and --to are required", NULL);
	char *lto = db_log_path(to);
	int exists = file_exists(to) ? 1 : file_exists(lto) ? 2 : 0;
	if (exists)
		fprintf(stderr, "hjemvej backup: %s exists; choose a new file name\n", exists == 1 ? to : lto);
	free(lto);
	if (exists)
		return 1;
	Db *db = open_existing("backup", from);
	if (!db)
		return 1;
	char err[256];
	rc = db_backup(db, to, err, sizeof err);
	db_close(db);
	if (rc) {
		fprintf(stderr, "hjemvej backup: %s: %s\n", to, err);
		return 1;
	}
	printf("Backup written to %s and its access log to %s-accesslog.\n", to, to);
	return 0;
}

/* ---- demo ------------------------------------------------------------------------ */

static const char demo_help[] =
	"usage: hjemvej demo [--db FILE] [--listen ADDR:PORT] [--size N] [--seed N] [--no-serve]\n"
	"       hjemvej demo --scale national [--people N] [--db FILE] [--seed N] [--no-serve]\n"
	"Makes a demo database (default hjemvej-demo.db) with a synthetic\n"
	"municipality, users for every role and N young people (default 60) at\n"
	"different steps, prints the logins and serves it (default\n"
	"127.0.0.1:8080). An existing demo database at FILE is replaced; any\n"
	"other file is never touched.\n"
	"--scale national: the national-scale data set instead (98 municipalities,\n"
	"N young people over ten years, default 100000), made in bulk; prints the\n"
	"rows per table and the rows per second.\n";

static int cmd_demo(int argc, char **argv)
{
	Opt o[] = {{"--db", 0, 0}, {"--listen", 0, 0}, {"--size", 0, 0}, {"--seed", 0, 0},
		   {"--no-serve", 0, 1}, {"--scale", 0, 0}, {"--people", 0, 0}};
	int rc = parse_opts("demo", argc, argv, o, 7);
	if (rc)
		return rc > 0 ? (fputs(demo_help, stdout), 0) : EXIT_USAGE;
	const char *path = opt(o, 7, "--db") ? opt(o, 7, "--db") : "hjemvej-demo.db";
	long size = 60, seed = 1;
	if (opt(o, 7, "--size") && parse_long(opt(o, 7, "--size"), 1, 10000000, &size))
		return usage_error("demo", "--size must be 1 to 10000000", NULL);
	if (opt(o, 7, "--seed") && parse_long(opt(o, 7, "--seed"), 0, 2147483647, &seed))
		return usage_error("demo", "--seed must be a non-negative number", NULL);
	const char *scale = opt(o, 7, "--scale");
	long people = 100000;
	if (scale && !streq(scale, "national"))
		return usage_error("demo", "--scale must be national", scale);
	if (opt(o, 7, "--people") && !scale)
		return usage_error("demo", "--people goes with --scale national", NULL);
	if (scale && opt(o, 7, "--size"))
		return usage_error("demo", "--size does not go with --scale national (use --people)", NULL);
	if (opt(o, 7, "--people") && parse_long(opt(o, 7, "--people"), 1, 10000000, &people))
		return usage_error("demo", "--people must be 1 to 10000000", NULL);
	if (file_exists(path)) {
		Db *old = db_open(path, 0);
		int is_demo = !db_failed(old) && db_is_demo(old);
		db_close(old);
		if (!is_demo) {
			fprintf(stderr, "hjemvej demo: %s exists and is not a demo database; it is left untouched\n",
				path);
			return 1;
		}
		db_remove_files(path);
	}
	Db *db = db_open(path, 1);
	int from, to;
	if (db_failed(db) || migrate(db, &from, &to)) {
		fprintf(stderr, "hjemvej demo: %s: %s\n", path, db_error(db));
		db_close(db);
		return 1;
	}
	if (scale) {
		printf("National demo database %s with %ld young people in 98 municipalities (seed %ld).\n", path,
		       people, seed);
		rc = natgen_generate(db, people, (unsigned)seed, stdout);
	} else {
		printf("Demo database %s with %ld young people (seed %ld).\n", path, size, seed);
		rc = demo_generate(db, (int)size, (unsigned)seed, stdout);
	}
	db_close(db);
	if (rc) {
		fprintf(stderr, "hjemvej demo: could not make the demo data\n");
		return 1;
	}
	fflush(stdout);
	if (opt(o, 7, "--no-serve"))
		return 0;
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	return serve(path, opt(o, 7, "--listen") ? opt(o, 7, "--listen") : "127.0.0.1:8080",
		     threads < 2 ? 2 : threads);
}

/* ---- main ------------------------------------------------------------------------- */

static const char main_help[] =
	"hjemvej: case management for Housing First work with homeless young people\n\n"
	"usage: hjemvej COMMAND [OPTIONS]   (hjemvej COMMAND --help for each)\n\n"
	"  init          create or migrate a database\n"
	"  serve         serve the web application\n"
	"  user          add, list or disable users\n"
	"  demo          make a demo database and serve it\n"
	"  audit verify  check the access log's hash chain\n"
	"  backup        copy the database consistently while it is in use\n"
	"  --version     print the version\n\n"
	"Exit codes: 0 done, 1 failed, 2 wrong usage, 3 broken access log.\n";

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "hjemvej: libsodium could not start\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	assets_init();
	if (i18n_load() < 0 || routes_selfcheck()) {
		fprintf(stderr, "hjemvej: the program is built wrongly (catalog or routes)\n");
		return 1;
	}
	int rc;
	if (argc < 2) {
		fputs(main_help, stderr);
		rc = EXIT_USAGE;
	} else if (strcmp(argv[1], "--version") == 0) {
		printf("hjemvej %s\n", HJEMVEJ_VERSION);
		rc = 0;
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
		   strcmp(argv[1], "help") == 0) {
		fputs(main_help, stdout);
		rc = 0;
	} else if (strcmp(argv[1], "init") == 0) {
		rc = cmd_init(argc - 2, argv + 2);
	} else if (strcmp(argv[1], "serve") == 0) {
		rc = cmd_serve(argc - 2, argv + 2);
	} else if (strcmp(argv[1], "user") == 0) {
		rc = cmd_user(argc - 2, argv + 2);
	} else if (strcmp(argv[1], "demo") == 0) {
		rc = cmd_demo(argc - 2, argv + 2);
	} else if (strcmp(argv[1], "audit") == 0) {
		rc = cmd_audit(argc - 2, argv + 2);
	} else if (strcmp(argv[1], "backup") == 0) {
		rc = cmd_backup(argc - 2, argv + 2);
	} else {
		fprintf(stderr, "hjemvej: unknown command %s (see hjemvej --help)\n", argv[1]);
		rc = EXIT_USAGE;
	}
	i18n_free();
	return rc;
}
