/* The migration commands through the real binary on a real cluster: upgrade, downgrade,
 * stamp, current, heads, history, revision, init; a failing migration; eight concurrent
 * upgrades; an upgrade killed with SIGKILL; read-only commands leaving no version table;
 * --sql output; passwords kept out of errors; an Alembic .py file in the chain. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt_test.h"

#define DATE "2024-05-01 12:00:00.000000"

typedef struct project {
	char *dir;       /* temp dir, the working directory of every run */
	char *versions;  /* dir/migrations/versions */
	char *db;        /* conninfo of a fresh database */
} project;

static void
project_init(project *p, const char *prefix)
{
	char buf[4096];
	p->dir = rt_test_mkdtemp();
	snprintf(buf, sizeof buf, "%s/migrations/versions", p->dir);
	p->versions = strdup(buf);
	snprintf(buf, sizeof buf, "%s/keep", p->versions);
	assert_int_equal(rt_test_write_file(buf, ""), 0);  /* creates the directory */
	unlink(buf);
	p->db = rt_test_fresh_db(prefix);
}

static void
project_free(project *p)
{
	rt_test_rmtree(p->dir);
	free(p->dir);
	free(p->versions);
	free(p->db);
}

/* A migration file as retort writes them. */
static void
add_migration(const project *p, const char *id, const char *revises, const char *msg, const char *flags,
	      const char *up, const char *down)
{
	char path[4096], *text;
	size_t n;
	snprintf(path, sizeof path, "%s/%s_m.sql", p->versions, id);
	n = strlen(msg) + strlen(id) + strlen(revises) + strlen(flags) + strlen(up) + strlen(down) + 256;
	text = malloc(n);
	snprintf(text, n,
		 "-- %s\n--\n-- Revision ID: %s\n-- Revises:%s%s\n-- Create Date: " DATE "\n%s\n"
		 "-- retort:upgrade\n%s\n\n-- retort:downgrade\n%s\n",
		 msg, id, *revises ? " " : "", revises, flags, up, down);
	assert_int_equal(rt_test_write_file(path, text), 0);
	free(text);
}

/* retort --url DB --versions DIR args... in the project dir; *out and *err (may be NULL) are
 * the caller's to free. */
static int
retort_v(const project *p, const char *url, char **out, char **err, va_list ap)
{
	const char *argv[32];
	char *o = NULL, *e = NULL;
	int n = 0, rc;
	const char *a;
	argv[n++] = rt_test_retort_bin();
	if (url) {
		argv[n++] = "--url";
		argv[n++] = url;
	}
	argv[n++] = "--versions";
	argv[n++] = p->versions;
	while ((a = va_arg(ap, const char *)) && n < 31)
		argv[n++] = a;
	argv[n] = NULL;
	rc = rt_test_run_in(p->dir, &o, &e, argv);
	if (out)
		*out = o;
	else
		free(o);
	if (err)
		*err = e;
	else
		free(e);
	return rc;
}

static int
retort(const project *p, char **out, char **err, ...)
{
	va_list ap;
	int rc;
	va_start(ap, err);
	rc = retort_v(p, p->db, out, err, ap);
	va_end(ap);
	return rc;
}

/* Runs and expects exit 0 and exactly `want` on stdout (NULL: not checked). */
static void
expect_ok(const project *p, const char *want, ...)
{
	char *out = NULL, *err = NULL;
	va_list ap;
	int rc;
	va_start(ap, want);
	rc = retort_v(p, p->db, &out, &err, ap);
	va_end(ap);
	if (rc != 0)
		fail_msg("retort exited %d\nstdout: %s\nstderr: %s", rc, out, err);
	if (want && strcmp(out, want) != 0)
		fail_msg("stdout:\n%s\nwanted:\n%s\nstderr: %s", out, want, err);
	free(out);
	free(err);
}

static char *
query(const project *p, const char *sql)
{
	return rt_test_query_value(p->db, sql);
}

static void
expect_query(const project *p, const char *sql, const char *want)
{
	char *v = query(p, sql);
	if (!v || strcmp(v, want) != 0)
		fail_msg("%s: got %s, wanted %s", sql, v ? v : "NULL", want);
	free(v);
}

#define NO_VERSION_TABLE "SELECT (to_regclass('alembic_version') IS NULL)::text"
#define VERSIONS "SELECT coalesce(string_agg(version_num, ',' ORDER BY version_num), '') FROM alembic_version"

static const char *const ID1 = "a1a1a1a1a1a1", *const ID2 = "b2b2b2b2b2b2", *const ID3 = "c3c3c3c3c3c3";

/* Three migrations that log their runs: log(rev) gets a row per upgrade. */
static void
three_migrations(const project *p)
{
	add_migration(p, ID1, "", "create log", "", "CREATE TABLE log (rev text NOT NULL);\nINSERT INTO log VALUES ('a1');",
		      "DROP TABLE log;");
	add_migration(p, ID2, ID1, "create users", "",
		      "CREATE TABLE users (id int PRIMARY KEY);\nINSERT INTO log VALUES ('b2');", "DROP TABLE users;");
	add_migration(p, ID3, ID2, "add email to users", "",
		      "ALTER TABLE users ADD COLUMN email text;\nINSERT INTO log VALUES ('c3');",
		      "ALTER TABLE users DROP COLUMN email;");
}

static int
setup(void **state)
{
	(void)state;
	setenv("RETORT_CREATE_DATE", DATE, 1);
	unsetenv("RETORT_DATABASE_URL");
	unsetenv("DATABASE_URL");
	rt_test_cluster();
	return 0;
}

static void
test_runner__commands_end_to_end(void **state)
{
	project p;
	(void)state;
	project_init(&p, "e2e");
	three_migrations(&p);
	expect_ok(&p, "", "current", NULL);
	expect_ok(&p, "c3c3c3c3c3c3 (head)\n", "heads", NULL);
	expect_ok(&p,
		  "b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add email to users\n"
		  "a1a1a1a1a1a1 -> b2b2b2b2b2b2, create users\n"
		  "<base> -> a1a1a1a1a1a1, create log\n",
		  "history", NULL);
	expect_ok(&p, "a1a1a1a1a1a1 -> b2b2b2b2b2b2, create users\n<base> -> a1a1a1a1a1a1, create log\n", "history", "-r",
		  "a1a1:b2b2", NULL);
	expect_ok(&p, "b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add email to users\na1a1a1a1a1a1 -> b2b2b2b2b2b2, create users\n",
		  "history", "-r", "-1:", NULL);
	expect_query(&p, NO_VERSION_TABLE, "true");
	expect_ok(&p, "", "upgrade", NULL);
	expect_ok(&p, "c3c3c3c3c3c3 (head)\n", "current", NULL);
	expect_query(&p, "SELECT string_agg(rev, ',' ORDER BY rev) FROM log", "a1,b2,c3");
	expect_query(&p, "SELECT count(*)::text FROM information_schema.columns WHERE column_name = 'email'", "1");
	/* the table is Alembic's own */
	expect_query(&p,
		     "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull::text FROM pg_attribute "
		     "WHERE attrelid = 'alembic_version'::regclass AND attname = 'version_num'",
		     "character varying(32) true");
	expect_query(&p, "SELECT conname FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass", "alembic_version_pkc");
	expect_ok(&p, "", "upgrade", "head", NULL);  /* nothing to do */
	expect_query(&p, "SELECT count(*)::text FROM log", "3");
	expect_ok(&p, "", "downgrade", "-1", NULL);
	expect_ok(&p, "b2b2b2b2b2b2\n", "current", NULL);
	expect_query(&p, "SELECT count(*)::text FROM information_schema.columns WHERE column_name = 'email'", "0");
	expect_ok(&p, "", "upgrade", "+1", NULL);
	expect_ok(&p, "c3c3c3c3c3c3 (head)\n", "current", NULL);
	expect_ok(&p, "", "downgrade", "b2b2", NULL);  /* a unique prefix */
	expect_query(&p, VERSIONS, "b2b2b2b2b2b2");
	expect_ok(&p, "", "downgrade", "base", NULL);
	expect_query(&p, VERSIONS, "");
	expect_query(&p, "SELECT (to_regclass('log') IS NULL)::text", "true");
	expect_ok(&p, "", "current", NULL);
	/* stamp moves the table without running anything */
	expect_ok(&p, "", "stamp", "head", NULL);
	expect_query(&p, VERSIONS, "c3c3c3c3c3c3");
	expect_query(&p, "SELECT (to_regclass('log') IS NULL)::text", "true");
	expect_ok(&p, "", "stamp", "a1a1a1a1a1a1", NULL);
	expect_query(&p, VERSIONS, "a1a1a1a1a1a1");
	expect_ok(&p, "", "stamp", "base", NULL);
	expect_query(&p, VERSIONS, "");
	expect_ok(&p, "", "upgrade", "b2b2b2b2b2b2", NULL);
	expect_ok(&p, "b2b2b2b2b2b2\n", "current", NULL);
	expect_ok(&p,
		  "b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add email to users\n"
		  "a1a1a1a1a1a1 -> b2b2b2b2b2b2 (current), create users\n"
		  "<base> -> a1a1a1a1a1a1, create log\n",
		  "history", "-i", NULL);
	{
		char *out = NULL, *err = NULL;
		/* an ambiguous or unknown target: exit 1, nothing changes */
		assert_int_equal(retort(&p, &out, &err, "upgrade", "zzzz", NULL), 1);
		assert_non_null(strstr(err, "no revision 'zzzz'"));
		free(out);
		free(err);
		assert_int_equal(retort(&p, &out, &err, "downgrade", NULL), 1);
		assert_non_null(strstr(err, "needs a target"));
		free(out);
		free(err);
	}
	expect_query(&p, VERSIONS, "b2b2b2b2b2b2");
	project_free(&p);
}

static void
test_runner__read_only_commands_never_create_the_version_table(void **state)
{
	project p;
	char *out = NULL, *err = NULL;
	(void)state;
	project_init(&p, "readonly");
	/* an empty chain: even upgrade has nothing to record */
	expect_ok(&p, "", "upgrade", NULL);
	expect_query(&p, NO_VERSION_TABLE, "true");
	three_migrations(&p);
	expect_ok(&p, "", "current", NULL);
	expect_ok(&p, NULL, "current", "-v", NULL);
	expect_ok(&p, NULL, "heads", NULL);
	expect_ok(&p, NULL, "heads", "-v", NULL);
	expect_ok(&p, NULL, "history", NULL);
	expect_ok(&p, NULL, "history", "-v", "-i", NULL);
	expect_ok(&p, NULL, "upgrade", "--sql", NULL);
	expect_ok(&p, NULL, "downgrade", "--sql", "base", NULL);
	expect_ok(&p, NULL, "stamp", "--sql", "head", NULL);
	/* a refused upgrade records nothing either */
	assert_int_equal(retort(&p, &out, &err, "upgrade", "nope", NULL), 1);
	free(out);
	free(err);
	expect_query(&p, NO_VERSION_TABLE, "true");
	expect_query(&p, "SELECT (to_regclass('log') IS NULL)::text", "true");
	project_free(&p);
}

static void
test_runner__failure_keeps_the_last_good_revision(void **state)
{
	project p;
	char *out = NULL, *err = NULL, path[4096];
	(void)state;
	project_init(&p, "failure");
	three_migrations(&p);
	add_migration(&p, "d4d4d4d4d4d4", ID3, "broken", "",
		      "CREATE TABLE t4 (a int);\n\n-- the next one fails\nINSERT INTO log\n  SELECT rev FROM no_such_table;",
		      "DROP TABLE t4;");
	assert_int_equal(retort(&p, &out, &err, "upgrade", NULL), 1);
	/* file:line:col of the error inside the statement, the statement, the server's message
	 * and SQLSTATE */
	snprintf(path, sizeof path, "%s/d4d4d4d4d4d4_m.sql:12:19: ", p.versions);
	if (!strstr(err, path) || !strstr(err, "relation \"no_such_table\" does not exist") ||
	    !strstr(err, "SQLSTATE 42P01") || !strstr(err, "statement: INSERT INTO log SELECT rev FROM no_such_table") ||
	    !strstr(err, "still at c3c3c3c3c3c3") || !strstr(err, "upgrade c3c3c3c3c3c3 -> d4d4d4d4d4d4 failed"))
		fail_msg("stderr:\n%s", err);
	free(out);
	free(err);
	expect_query(&p, VERSIONS, "c3c3c3c3c3c3");
	expect_query(&p, "SELECT (to_regclass('t4') IS NULL)::text", "true");  /* rolled back */
	expect_query(&p, "SELECT count(*)::text FROM log", "3");
	/* a downgrade failure is reported the same way */
	add_migration(&p, ID3, ID2, "add email to users", "", "ALTER TABLE users ADD COLUMN email text;",
		      "ALTER TABLE users DROP COLUMN no_such_column;");
	assert_int_equal(retort(&p, &out, &err, "downgrade", "-1", NULL), 1);
	if (!strstr(err, "downgrade c3c3c3c3c3c3 -> b2b2b2b2b2b2 failed") || !strstr(err, "no_such_column"))
		fail_msg("stderr:\n%s", err);
	free(out);
	free(err);
	expect_query(&p, VERSIONS, "c3c3c3c3c3c3");
	project_free(&p);
}

static void
test_runner__concurrent_upgrades_apply_each_migration_once(void **state)
{
	enum { NPROC = 8, NMIG = 5 };
	project p;
	pid_t pids[NPROC];
	char id[13], prev[13] = "", up[256];
	int i, status;
	(void)state;
	project_init(&p, "concurrent");
	for (i = 0; i < NMIG; i++) {
		snprintf(id, sizeof id, "%012d", i + 1);
		snprintf(up, sizeof up, "%sINSERT INTO log VALUES ('%s');\nSELECT pg_sleep(0.1);",
			 i == 0 ? "CREATE TABLE log (rev text NOT NULL);\n" : "", id);
		add_migration(&p, id, prev, "step", "", up, i == 0 ? "DROP TABLE log;" : "");
		snprintf(prev, sizeof prev, "%s", id);
	}
	for (i = 0; i < NPROC; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			char *out = NULL, *err = NULL;
			const char *argv[] = {rt_test_retort_bin(), "--url", p.db, "--versions", p.versions, "upgrade", "head", NULL};
			int rc = rt_test_run(&out, &err, argv);
			if (rc != 0)
				fprintf(stderr, "upgrade %d exited %d: %s\n", i, rc, err ? err : "");
			_exit(rc == 0 ? 0 : 1);  /* no atexit: the cluster belongs to the parent */
		}
	}
	for (i = 0; i < NPROC; i++) {
		assert_true(waitpid(pids[i], &status, 0) == pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	expect_query(&p, "SELECT count(*)::text FROM log", "5");
	expect_query(&p, "SELECT count(DISTINCT rev)::text FROM log", "5");
	expect_query(&p, VERSIONS, "000000000005");
	project_free(&p);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void
test_runner__sigkill_mid_upgrade_then_finish(void **state)
{
	project p;
	pid_t pid;
	int status, waited;
	(void)state;
	project_init(&p, "sigkill");
	add_migration(&p, ID1, "", "log", "", "CREATE TABLE log (rev text NOT NULL);\nCREATE TABLE fast ();",
		      "DROP TABLE log;\nDROP TABLE fast;");
	/* sleeps 5 s unless the test said to hurry */
	add_migration(&p, ID2, ID1, "slow", "",
		      "INSERT INTO log VALUES ('b2');\nCREATE TABLE half (a int);\n"
		      "SELECT pg_sleep(CASE WHEN EXISTS (SELECT FROM fast) THEN 0 ELSE 5 END);",
		      "DROP TABLE half;");
	add_migration(&p, ID3, ID2, "after", "", "INSERT INTO log VALUES ('c3');", "");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *argv[] = {rt_test_retort_bin(), "--url", p.db, "--versions", p.versions, "upgrade", NULL};
		int nul = open("/dev/null", O_WRONLY);
		dup2(nul, 1);
		dup2(nul, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	/* wait until the slow migration is running */
	for (waited = 0; waited < 15000; waited += 50) {
		char *v = query(&p, "SELECT count(*)::text FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(CASE%'"
				    " AND query NOT LIKE '%pg_stat_activity%'");
		bool running = v && strcmp(v, "1") == 0;
		free(v);
		if (running)
			break;
		sleep_ms(50);
	}
	assert_true(waited < 15000);
	kill(pid, SIGKILL);
	assert_true(waitpid(pid, &status, 0) == pid);
	assert_true(WIFSIGNALED(status));
	/* a consistent revision: the first migration, none of the second */
	expect_query(&p, VERSIONS, ID1);
	expect_query(&p, "SELECT count(*)::text FROM log", "0");
	expect_query(&p, "SELECT (to_regclass('half') IS NULL)::text", "true");
	assert_int_equal(rt_test_exec(p.db, "INSERT INTO fast DEFAULT VALUES", NULL), 0);
	/* running it again finishes the job (after the dead session's lock is gone) */
	expect_ok(&p, "", "upgrade", NULL);
	expect_query(&p, VERSIONS, ID3);
	expect_query(&p, "SELECT string_agg(rev, ',' ORDER BY rev) FROM log", "b2,c3");
	project_free(&p);
}

static const char golden_sql[] =
	"BEGIN;\n"
	"\n"
	"CREATE TABLE alembic_version (\n"
	"    version_num VARCHAR(32) NOT NULL, \n"
	"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
	");\n"
	"\n"
	"-- Running upgrade  -> a1a1a1a1a1a1\n"
	"\n"
	"CREATE TABLE log (rev text NOT NULL);\n"
	"INSERT INTO log VALUES ('a1');\n"
	"\n"
	"INSERT INTO alembic_version (version_num) VALUES ('a1a1a1a1a1a1') RETURNING alembic_version.version_num;\n"
	"\n"
	"COMMIT;\n"
	"\n"
	"BEGIN;\n"
	"\n"
	"-- Running upgrade a1a1a1a1a1a1 -> b2b2b2b2b2b2\n"
	"\n"
	"CREATE TABLE users (id int PRIMARY KEY);\n"
	"INSERT INTO log VALUES ('b2');\n"
	"\n"
	"UPDATE alembic_version SET version_num='b2b2b2b2b2b2' WHERE alembic_version.version_num = 'a1a1a1a1a1a1';\n"
	"\n"
	"COMMIT;\n"
	"\n"
	"BEGIN;\n"
	"\n"
	"-- Running upgrade b2b2b2b2b2b2 -> c3c3c3c3c3c3\n"
	"\n"
	"ALTER TABLE users ADD COLUMN email text;\n"
	"INSERT INTO log VALUES ('c3');\n"
	"\n"
	"UPDATE alembic_version SET version_num='c3c3c3c3c3c3' WHERE alembic_version.version_num = 'b2b2b2b2b2b2';\n"
	"\n"
	"COMMIT;\n"
	"\n";

static const char golden_down_sql[] =
	"BEGIN;\n"
	"\n"
	"-- Running downgrade c3c3c3c3c3c3 -> b2b2b2b2b2b2\n"
	"\n"
	"ALTER TABLE users DROP COLUMN email;\n"
	"\n"
	"UPDATE alembic_version SET version_num='b2b2b2b2b2b2' WHERE alembic_version.version_num = 'c3c3c3c3c3c3';\n"
	"\n"
	"COMMIT;\n"
	"\n";

static void
test_runner__offline_sql_is_what_would_run(void **state)
{
	project p;
	char *out = NULL, *err = NULL;
	(void)state;
	project_init(&p, "offline");
	three_migrations(&p);
	expect_ok(&p, golden_sql, "upgrade", "--sql", NULL);
	expect_ok(&p, golden_sql, "upgrade", "base:head", "--sql", NULL);
	expect_ok(&p, golden_down_sql, "downgrade", "--sql", "-1", NULL);
	expect_ok(&p, golden_down_sql, "downgrade", "--sql", "c3c3:b2b2", NULL);
	/* from a revision: no CREATE TABLE */
	assert_int_equal(retort(&p, &out, NULL, "upgrade", "--sql", "b2b2b2b2b2b2:head", NULL), 0);
	assert_string_equal(out, strstr(golden_sql, "BEGIN;\n\n-- Running upgrade b2b2b2b2b2b2"));
	free(out);
	/* nothing connected: a database URL that cannot work is never used */
	{
		const char *argv[] = {rt_test_retort_bin(), "--url", "postgresql://nobody@127.0.0.1:1/none",
				      "--versions", p.versions, "upgrade", "--sql", NULL};
		assert_int_equal(rt_test_run_in(p.dir, &out, &err, argv), 0);
		assert_string_equal(out, golden_sql);
		free(out);
		free(err);
	}
	/* and the SQL really runs */
	{
		char *sql = NULL, *e = NULL;
		assert_int_equal(retort(&p, &sql, NULL, "upgrade", "--sql", NULL), 0);
		if (rt_test_exec(p.db, sql, &e) != 0)
			fail_msg("%s", e);
		free(sql);
		expect_ok(&p, "c3c3c3c3c3c3 (head)\n", "current", NULL);
	}
	assert_int_equal(retort(&p, &out, &err, "upgrade", "b2b2:c3c3", NULL), 1);
	assert_non_null(strstr(err, "needs --sql"));
	free(out);
	free(err);
	project_free(&p);
}

static void
expect_no_password(const project *p, const char *url, const char *password, const char *cmd, const char *arg)
{
	const char *argv[] = {rt_test_retort_bin(), "--url", url, "--versions", p->versions, cmd, arg, NULL};
	char *out = NULL, *err = NULL;
	assert_int_equal(rt_test_run_in(p->dir, &out, &err, argv), 1);
	if (strstr(out, password) || strstr(err, password))
		fail_msg("the password is in the output of %s:\n%s%s", cmd, out, err);
	if (!strstr(err, "cannot connect"))
		fail_msg("stderr: %s", err);
	free(out);
	free(err);
}

static void
test_runner__passwords_never_printed(void **state)
{
	project p;
	(void)state;
	project_init(&p, "passwords");
	three_migrations(&p);
	expect_no_password(&p, "postgresql://someone:Sup3rS3cretPw@127.0.0.1:1/db", "Sup3rS3cretPw", "current", NULL);
	expect_no_password(&p, "postgresql://someone:Sup3rS3cretPw@127.0.0.1:1/db", "Sup3rS3cretPw", "upgrade", NULL);
	expect_no_password(&p, "postgresql://someone:Sup3r%53cretPw@127.0.0.1:1/db", "Sup3rScretPw", "downgrade", "-1");
	expect_no_password(&p, "postgresql://someone:Sup3r%53cretPw@127.0.0.1:1/db", "Sup3r%53cretPw", "history", "-i");
	expect_no_password(&p, "host=127.0.0.1 port=1 user=someone password='Sup3rS3cretPw'", "Sup3rS3cretPw", "stamp",
			   "head");
	expect_no_password(&p, "host=/nonexistent/socket/dir password=Sup3rS3cretPw dbname=x", "Sup3rS3cretPw", "current",
			   NULL);
	{
		/* and it says where it tried, password masked */
		const char *argv[] = {rt_test_retort_bin(), "--url", "postgresql://someone:Sup3rS3cretPw@127.0.0.1:1/db",
				      "--versions", p.versions, "current", NULL};
		char *out = NULL, *err = NULL;
		assert_int_equal(rt_test_run_in(p.dir, &out, &err, argv), 1);
		assert_non_null(strstr(err, "postgresql://someone:****@127.0.0.1:1/db"));
		free(out);
		free(err);
	}
	{
		/* environment URLs too */
		const char *argv[] = {rt_test_retort_bin(), "--versions", p.versions, "current", NULL};
		char *out = NULL, *err = NULL;
		setenv("DATABASE_URL", "postgresql://u:EnvS3cretPw@127.0.0.1:1/db", 1);
		assert_int_equal(rt_test_run_in(p.dir, &out, &err, argv), 1);
		unsetenv("DATABASE_URL");
		assert_null(strstr(err, "EnvS3cretPw"));
		assert_non_null(strstr(err, "u:****@"));
		free(out);
		free(err);
	}
	project_free(&p);
}

static const char alembic_py[] =
	"\"\"\"the alembic era\n\nRevision ID: 0a0a0a0a0a0a\nRevises: \n\"\"\"\n"
	"from alembic import op\n"
	"revision = '0a0a0a0a0a0a'\n"
	"down_revision = None\n"
	"branch_labels = None\n"
	"depends_on = None\n\n"
	"def upgrade():\n    op.execute('CREATE TABLE legacy (a int)')\n\n"
	"def downgrade():\n    op.execute('DROP TABLE legacy')\n";

static void
test_runner__alembic_py_is_understood_but_not_run(void **state)
{
	project p;
	char *out = NULL, *err = NULL, path[4096];
	(void)state;
	project_init(&p, "alembicpy");
	snprintf(path, sizeof path, "%s/0a0a0a0a0a0a_the_alembic_era.py", p.versions);
	assert_int_equal(rt_test_write_file(path, alembic_py), 0);
	add_migration(&p, ID1, "0a0a0a0a0a0a", "now in sql", "", "CREATE TABLE modern (a int);", "DROP TABLE modern;");
	expect_ok(&p,
		  "0a0a0a0a0a0a -> a1a1a1a1a1a1 (head), now in sql\n"
		  "<base> -> 0a0a0a0a0a0a, the alembic era\n",
		  "history", NULL);
	assert_int_equal(retort(&p, &out, &err, "upgrade", NULL), 1);
	if (!strstr(err, "0a0a0a0a0a0a_the_alembic_era.py") || !strstr(err, "Alembic Python migration"))
		fail_msg("stderr: %s", err);
	free(out);
	free(err);
	expect_query(&p, NO_VERSION_TABLE, "true");  /* refused before anything ran */
	assert_int_equal(retort(&p, &out, &err, "upgrade", "--sql", NULL), 1);
	assert_non_null(strstr(err, "Alembic Python migration"));
	free(out);
	free(err);
	/* a database Alembic brought to 0a0a...: retort takes it from there */
	assert_int_equal(rt_test_exec(p.db,
				      "CREATE TABLE legacy (a int);"
				      "CREATE TABLE alembic_version (version_num varchar(32) NOT NULL, "
				      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));"
				      "INSERT INTO alembic_version VALUES ('0a0a0a0a0a0a');",
				      NULL),
			 0);
	expect_ok(&p, "0a0a0a0a0a0a\n", "current", NULL);
	expect_ok(&p, "", "upgrade", NULL);
	expect_ok(&p, "a1a1a1a1a1a1 (head)\n", "current", NULL);
	assert_int_equal(retort(&p, &out, &err, "downgrade", "base", NULL), 1);  /* would run the .py */
	assert_non_null(strstr(err, "Alembic Python migration"));
	free(out);
	free(err);
	expect_query(&p, VERSIONS, ID1);
	expect_ok(&p, "", "downgrade", "-1", NULL);
	expect_query(&p, VERSIONS, "0a0a0a0a0a0a");
	project_free(&p);
}

static void
test_runner__no_transaction_migrations(void **state)
{
	project p;
	(void)state;
	project_init(&p, "notx");
	add_migration(&p, ID1, "", "table", "", "CREATE TABLE t (a int);", "DROP TABLE t;");
	/* CREATE INDEX CONCURRENTLY cannot run inside a transaction block */
	add_migration(&p, ID2, ID1, "index", "--\n-- retort:no-transaction\n", "CREATE INDEX CONCURRENTLY t_a ON t (a);",
		      "DROP INDEX CONCURRENTLY t_a;");
	expect_ok(&p, "", "upgrade", NULL);
	expect_query(&p, "SELECT (to_regclass('t_a') IS NOT NULL)::text", "true");
	expect_query(&p, VERSIONS, ID2);
	expect_ok(&p, "", "downgrade", "-1", NULL);
	expect_query(&p, "SELECT (to_regclass('t_a') IS NULL)::text", "true");
	/* a transactional migration may not end its transaction itself */
	add_migration(&p, ID3, ID2, "commits", "", "INSERT INTO t VALUES (1);\nCOMMIT;\nINSERT INTO t VALUES (2);", "");
	{
		char *out = NULL, *err = NULL;
		assert_int_equal(retort(&p, &out, &err, "upgrade", NULL), 1);
		if (!strstr(err, "c3c3c3c3c3c3_m.sql:9:1: revision c3c3c3c3c3c3 has its own COMMIT"))
			fail_msg("stderr: %s", err);
		free(out);
		free(err);
	}
	expect_query(&p, VERSIONS, ID2);  /* the index migration ran again; this one did not */
	expect_query(&p, "SELECT count(*)::text FROM t", "0");
	project_free(&p);
}

static void
test_runner__init_revision_and_config(void **state)
{
	project p;
	char *out = NULL, *err = NULL, *text, path[4096], ini[8192];
	const char *init[] = {rt_test_retort_bin(), "init", NULL};
	const char *cur[] = {rt_test_retort_bin(), "current", NULL};
	const char *rev[] = {rt_test_retort_bin(), "revision", "-m", "Create users table!", "--rev-id", "aaaaaaaaaaaa", NULL};
	const char *rev2[] = {rt_test_retort_bin(), "revision", "-m", "second", NULL};
	const char *hist[] = {rt_test_retort_bin(), "history", NULL};
	(void)state;
	project_init(&p, "init");
	rt_test_rmtree(p.versions);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, init), 0);
	assert_string_equal(out, "Creating retort.ini\nCreating directory schema\nCreating directory migrations/versions\n");
	free(out);
	free(err);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, init), 1);  /* never overwrites */
	assert_non_null(strstr(err, "already exists"));
	free(out);
	free(err);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, rev), 0);
	snprintf(path, sizeof path, "migrations/versions/aaaaaaaaaaaa_create_users_table.sql\n");
	assert_string_equal(out, path);
	free(out);
	free(err);
	snprintf(path, sizeof path, "%s/migrations/versions/aaaaaaaaaaaa_create_users_table.sql", p.dir);
	text = rt_test_read_file(path);
	assert_string_equal(text, "-- Create users table!\n--\n-- Revision ID: aaaaaaaaaaaa\n-- Revises:\n"
				  "-- Create Date: " DATE "\n\n-- retort:upgrade\n\n-- retort:downgrade\n");
	free(text);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, rev2), 0);
	assert_non_null(strstr(out, "_second.sql"));
	free(out);
	free(err);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, hist), 0);
	assert_non_null(strstr(out, "aaaaaaaaaaaa -> "));
	assert_non_null(strstr(out, "<base> -> aaaaaaaaaaaa, Create users table!\n"));
	free(out);
	free(err);
	/* the url from retort.ini (keys the user edited) */
	snprintf(path, sizeof path, "%s/retort.ini", p.dir);
	text = rt_test_read_file(path);
	assert_non_null(strstr(text, "[retort]\n"));
	assert_non_null(strstr(text, "\nversions = migrations/versions\n"));
	snprintf(ini, sizeof ini, "[retort]\nurl = %s\nversions = %%(here)s/migrations/versions\n", p.db);
	free(text);
	assert_int_equal(rt_test_write_file(path, ini), 0);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, cur), 0);
	free(out);
	free(err);
	/* the environment wins over the file */
	setenv("RETORT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none", 1);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, cur), 1);
	assert_non_null(strstr(err, "127.0.0.1"));
	free(out);
	free(err);
	unsetenv("RETORT_DATABASE_URL");
	/* an unknown key is named with its line */
	assert_int_equal(rt_test_write_file(path, "[retort]\nurl = x\nverisons = y\n"), 0);
	assert_int_equal(rt_test_run_in(p.dir, &out, &err, cur), 1);
	assert_non_null(strstr(err, "retort.ini:3: unknown key 'verisons'"));
	free(out);
	free(err);
	project_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runner__commands_end_to_end),
		cmocka_unit_test(test_runner__read_only_commands_never_create_the_version_table),
		cmocka_unit_test(test_runner__failure_keeps_the_last_good_revision),
		cmocka_unit_test(test_runner__concurrent_upgrades_apply_each_migration_once),
		cmocka_unit_test(test_runner__sigkill_mid_upgrade_then_finish),
		cmocka_unit_test(test_runner__offline_sql_is_what_would_run),
		cmocka_unit_test(test_runner__passwords_never_printed),
		cmocka_unit_test(test_runner__alembic_py_is_understood_but_not_run),
		cmocka_unit_test(test_runner__no_transaction_migrations),
		cmocka_unit_test(test_runner__init_revision_and_config),
	};
	return cmocka_run_group_tests_name("runner (integration)", tests, setup, NULL);
}
