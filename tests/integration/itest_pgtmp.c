/* pgtmp against real PostgreSQL binaries: start, connect, stop, clean up after signals, and
 * the shared test support (tests/common/rt_test.c) built on it. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "retort/arena.h"
#include "retort/pgtmp.h"
#include "rt_test.h"

static bool
path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Gone, or a zombie nobody reaps (the postmaster is reparented to whatever init the
 * machine has, which in a container may never reap it). */
static bool
pid_gone(pid_t pid)
{
	char path[64], buf[512], *rp;
	FILE *f;
	size_t n;
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return true;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if (!(f = fopen(path, "r")))
		return true;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
}

static bool
wait_gone(pid_t pid, const char *dir, long ms)
{
	for (; ms > 0; ms -= 50) {
		if (pid_gone(pid) && !path_exists(dir))
			return true;
		sleep_ms(50);
	}
	return pid_gone(pid) && !path_exists(dir);
}

static pid_t
pidfile_pid(const char *datadir)
{
	char path[8400], *text;
	pid_t pid = 0;
	snprintf(path, sizeof path, "%s/postmaster.pid", datadir);
	if ((text = rt_test_read_file(path))) {
		pid = (pid_t)strtol(text, NULL, 10);
		free(text);
	}
	return pid;
}

static char *
query1(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	char *v = NULL;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

static void
assert_query(PGconn *conn, const char *sql, const char *want)
{
	char *got = query1(conn, sql);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static rt_pgtmp *
start_or_fail(const rt_pgtmp_opts *opts)
{
	rt_error err = RT_ERROR_INIT;
	rt_pgtmp *p = NULL;
	int rc = rt_pgtmp_start(&p, opts, &err);
	if (rc != RT_OK)
		fail_msg("rt_pgtmp_start: %s (%s)", err.message, err.detail);
	return p;
}

static void
test_pgtmp__start_connect_stop_removes_dir(void **state)
{
	rt_pgtmp *p;
	PGconn *conn;
	char dir[4096], expect[4200];
	pid_t pid;
	(void)state;
	p = start_or_fail(NULL);
	snprintf(dir, sizeof dir, "%s", rt_pgtmp_dir(p));
	pid = rt_pgtmp_server_pid(p);
	assert_true(pid > 0);
	assert_int_equal(pidfile_pid(rt_pgtmp_datadir(p)), pid);
	snprintf(expect, sizeof expect, "host=%s port=%d user=postgres dbname=postgres", dir,
		 rt_pgtmp_port(p));
	assert_string_equal(rt_pgtmp_conninfo(p), expect);

	conn = PQconnectdb(rt_pgtmp_conninfo(p));
	assert_int_equal(PQstatus(conn), CONNECTION_OK);
	assert_query(conn, "SELECT 1", "1");
	assert_query(conn, "SHOW max_locks_per_transaction", "4096");
	assert_query(conn, "SHOW fsync", "off");
	assert_query(conn, "SHOW full_page_writes", "off");
	assert_query(conn, "SHOW synchronous_commit", "off");
	assert_query(conn, "SHOW listen_addresses", "");
	assert_query(conn, "SELECT current_setting('max_connections')::int >= 50", "t");
	assert_query(conn, "SHOW server_encoding", "UTF8");
	assert_query(conn, "SHOW lc_collate", "C");
	assert_query(conn, "SHOW timezone", "UTC");
	assert_query(conn, "SELECT current_user", "postgres");
	PQfinish(conn);

	rt_pgtmp_stop(p);
	assert_false(path_exists(dir));
	assert_true(wait_gone(pid, dir, 5000));
}

static void
test_pgtmp__opts_override_max_locks(void **state)
{
	rt_pgtmp_opts opts = RT_PGTMP_OPTS_INIT;
	rt_pgtmp *p;
	PGconn *conn;
	(void)state;
	opts.max_locks_per_transaction = 128;
	opts.tmp_parent = "/tmp";
	p = start_or_fail(&opts);
	assert_int_equal(strncmp(rt_pgtmp_dir(p), "/tmp/", 5), 0);
	conn = PQconnectdb(rt_pgtmp_conninfo(p));
	assert_query(conn, "SHOW max_locks_per_transaction", "128");
	PQfinish(conn);
	rt_pgtmp_stop(p);
}

static void
test_pgtmp__two_clusters_get_different_ports(void **state)
{
	rt_pgtmp *a, *b;
	PGconn *ca, *cb;
	(void)state;
	a = start_or_fail(NULL);
	b = start_or_fail(NULL);
	assert_int_not_equal(rt_pgtmp_port(a), rt_pgtmp_port(b));
	assert_string_not_equal(rt_pgtmp_dir(a), rt_pgtmp_dir(b));
	ca = PQconnectdb(rt_pgtmp_conninfo(a));
	cb = PQconnectdb(rt_pgtmp_conninfo(b));
	assert_int_equal(PQstatus(ca), CONNECTION_OK);
	assert_int_equal(PQstatus(cb), CONNECTION_OK);
	/* really two servers: a table made in one is not in the other */
	PQclear(PQexec(ca, "CREATE TABLE only_in_a (x int)"));
	assert_query(ca, "SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'", "1");
	assert_query(cb, "SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'", "0");
	PQfinish(ca);
	PQfinish(cb);
	rt_pgtmp_stop(b);
	rt_pgtmp_stop(a);
}

static void
test_pgtmp__create_db_quotes_the_name(void **state)
{
	rt_error err = RT_ERROR_INIT;
	rt_pgtmp *p;
	char *conninfo = NULL;
	PGconn *conn;
	(void)state;
	p = start_or_fail(NULL);
	assert_int_equal(rt_pgtmp_create_db(&conninfo, p, "My \"odd\" db's", &err), RT_OK);
	assert_non_null(strstr(conninfo, "dbname='My \"odd\" db\\'s'"));
	conn = PQconnectdb(conninfo);
	assert_int_equal(PQstatus(conn), CONNECTION_OK);
	assert_query(conn, "SELECT current_database()", "My \"odd\" db's");
	PQfinish(conn);
	rt_free(conninfo);

	conninfo = NULL;
	assert_int_equal(rt_pgtmp_create_db(&conninfo, p, "My \"odd\" db's", &err), RT_EDB);
	assert_null(conninfo);
	assert_string_equal(err.sqlstate, "42P04");
	assert_non_null(strstr(err.message, "already exists"));
	rt_pgtmp_stop(p);
}

static void
test_pgtmp__missing_bindir_is_enotfound(void **state)
{
	rt_pgtmp_opts opts = RT_PGTMP_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_pgtmp *p = (rt_pgtmp *)&opts; /* must be reset to NULL */
	(void)state;
	opts.bindir = "/nonexistent";
	assert_int_equal(rt_pgtmp_start(&p, &opts, &err), RT_ENOTFOUND);
	assert_null(p);
	assert_int_equal(err.code, RT_ENOTFOUND);
	assert_non_null(strstr(err.message, "/nonexistent"));
	assert_non_null(strstr(err.message, "initdb"));
	assert_non_null(strstr(err.message, "Debian package postgresql"));
}

static void
test_pgtmp__unusable_tmp_parent_is_einvalid(void **state)
{
	rt_pgtmp_opts opts = RT_PGTMP_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_pgtmp *p = NULL;
	char longdir[200];
	(void)state;
	opts.tmp_parent = "/tmp/has space";
	assert_int_equal(rt_pgtmp_start(&p, &opts, &err), RT_EINVALID);
	assert_null(p);
	memset(longdir, 'a', sizeof longdir);
	longdir[0] = '/';
	longdir[sizeof longdir - 1] = '\0';
	opts.tmp_parent = longdir;
	assert_int_equal(rt_pgtmp_start(&p, &opts, &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "too long"));
	assert_null(p);
}

/* A child process starts a cluster, reports its directory, and waits to be killed. */
static pid_t
child_with_cluster(char *dir, size_t n)
{
	int fds[2];
	pid_t pid;
	ssize_t got;
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		rt_error err = RT_ERROR_INIT;
		rt_pgtmp *p = NULL;
		close(fds[0]);
		if (rt_pgtmp_start(&p, NULL, &err) < 0) {
			dprintf(fds[1], "!%s", err.message);
			_exit(1);
		}
		dprintf(fds[1], "%s", rt_pgtmp_dir(p));
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	got = read(fds[0], dir, n - 1);
	close(fds[0]);
	assert_true(got > 0);
	dir[got] = '\0';
	if (dir[0] == '!')
		fail_msg("child could not start a cluster: %s", dir + 1);
	return pid;
}

static void
test_pgtmp__sigterm_stops_cluster_and_removes_dir(void **state)
{
	char dir[4096], datadir[4200];
	pid_t child, server;
	int status;
	(void)state;
	/* our own cluster is live while the child runs; its handlers must leave it alone */
	assert_non_null(rt_test_cluster());
	child = child_with_cluster(dir, sizeof dir);
	snprintf(datadir, sizeof datadir, "%s/data", dir);
	server = pidfile_pid(datadir);
	assert_true(server > 0);
	assert_false(pid_gone(server));

	assert_int_equal(kill(child, SIGTERM), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	/* synchronous: everything is gone by the time the child has died */
	assert_false(path_exists(dir));
	assert_true(wait_gone(server, dir, 2000));

	char *one = rt_test_query_value(rt_test_cluster(), "SELECT 1");
	assert_non_null(one);
	assert_string_equal(one, "1");
	free(one);
}

static void
test_pgtmp__sigint_stops_cluster_and_removes_dir(void **state)
{
	char dir[4096], datadir[4200];
	pid_t child, server;
	int status;
	(void)state;
	child = child_with_cluster(dir, sizeof dir);
	snprintf(datadir, sizeof datadir, "%s/data", dir);
	server = pidfile_pid(datadir);
	assert_true(server > 0);
	assert_int_equal(kill(child, SIGINT), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	assert_false(path_exists(dir));
	assert_true(wait_gone(server, dir, 2000));
}

static void
test_pgtmp__sigkill_leaves_cleanup_to_the_watchdog(void **state)
{
	char dir[4096], datadir[4200];
	pid_t child, server;
	int status;
	(void)state;
	child = child_with_cluster(dir, sizeof dir);
	snprintf(datadir, sizeof datadir, "%s/data", dir);
	server = pidfile_pid(datadir);
	assert_true(server > 0);
	assert_int_equal(kill(child, SIGKILL), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_true(wait_gone(server, dir, 20000));
}

static void
test_pgtmp__child_exit_stops_its_cluster_only(void **state)
{
	char dir[4096];
	int fds[2], status;
	pid_t pid;
	ssize_t got;
	(void)state;
	assert_non_null(rt_test_cluster());
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		rt_error err = RT_ERROR_INIT;
		rt_pgtmp *p = NULL;
		close(fds[0]);
		if (rt_pgtmp_start(&p, NULL, &err) < 0)
			_exit(1);
		dprintf(fds[1], "%s", rt_pgtmp_dir(p));
		close(fds[1]);
		exit(0); /* atexit: stops p, and must not touch the parent's cluster */
	}
	close(fds[1]);
	got = read(fds[0], dir, sizeof dir - 1);
	close(fds[0]);
	assert_true(got > 0);
	dir[got] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_false(path_exists(dir));
	assert_true(path_exists(rt_pgtmp_dir(rt_test_pgtmp())));
	char *one = rt_test_query_value(rt_test_cluster(), "SELECT 1");
	assert_non_null(one);
	free(one);
}

/* ---- eight concurrent clients --------------------------------------------------------- */

typedef struct client {
	const char *conninfo;
	pthread_barrier_t *barrier;
	int index;
	int ok;
	int backend_pid;
} client;

static void *
client_main(void *arg)
{
	client *c = arg;
	PGconn *conn = PQconnectdb(c->conninfo);
	char sql[256], *v;
	int connected = PQstatus(conn) == CONNECTION_OK;
	/* everyone connected before anyone queries: the 8 sessions overlap */
	pthread_barrier_wait(c->barrier);
	if (connected) {
		snprintf(sql, sizeof sql,
			 "CREATE TABLE client_%d (id serial PRIMARY KEY, v text);"
			 "INSERT INTO client_%d (v) SELECT g::text FROM generate_series(1, 100) g;",
			 c->index, c->index);
		PQclear(PQexec(conn, sql));
		if ((v = query1(conn, "SELECT pg_backend_pid()"))) {
			c->backend_pid = atoi(v);
			free(v);
		}
		if ((v = query1(conn, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"))) {
			c->ok = atoi(v) >= 8;
			free(v);
		}
	}
	pthread_barrier_wait(c->barrier);
	PQfinish(conn);
	return NULL;
}

static void
test_pgtmp__eight_concurrent_connections(void **state)
{
	enum { N = 8 };
	pthread_t th[N];
	client cl[N];
	pthread_barrier_t barrier;
	char *conninfo, sql[128], *v;
	int i, j;
	(void)state;
	conninfo = rt_test_fresh_db("concurrent");
	pthread_barrier_init(&barrier, NULL, N);
	for (i = 0; i < N; i++) {
		cl[i] = (client){conninfo, &barrier, i, 0, 0};
		assert_int_equal(pthread_create(&th[i], NULL, client_main, &cl[i]), 0);
	}
	for (i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&barrier);
	for (i = 0; i < N; i++) {
		assert_true(cl[i].ok);
		assert_true(cl[i].backend_pid > 0);
		for (j = 0; j < i; j++)
			assert_int_not_equal(cl[i].backend_pid, cl[j].backend_pid);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM client_%d", i);
		v = rt_test_query_value(conninfo, sql);
		assert_non_null(v);
		assert_string_equal(v, "100");
		free(v);
	}
	free(conninfo);
}

/* ---- tests/common/rt_test.c ------------------------------------------------------------ */

static void
test_pgtmp__support_fresh_db_exec_and_query(void **state)
{
	char *a, *b, *v, *msg = NULL, *dir, path[4200];
	(void)state;
	a = rt_test_fresh_db("Round Trip!");
	b = rt_test_fresh_db(NULL);
	assert_string_not_equal(a, b);
	v = rt_test_query_value(a, "SELECT current_database()");
	assert_non_null(v);
	assert_int_equal(strncmp(v, "round_trip__", 12), 0);
	free(v);

	assert_int_equal(rt_test_exec(a, "CREATE TABLE t (a int); INSERT INTO t VALUES (1), (2);"
				      "DROP TABLE IF EXISTS nothing_here;", &msg), 0);
	assert_null(msg);
	v = rt_test_query_value(a, "SELECT sum(a) FROM t");
	assert_string_equal(v, "3");
	free(v);
	/* databases are separate */
	assert_null(rt_test_query_value(b, "SELECT sum(a) FROM t"));
	assert_null(rt_test_query_value(a, "SELECT NULL"));

	assert_int_equal(rt_test_exec(a, "SELECT * FROM no_such_table", &msg), -1);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "no_such_table"));
	free(msg);
	assert_int_equal(rt_test_exec(a, "SELEC 1", NULL), -1);

	dir = rt_test_mkdtemp();
	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/schema/nested/one.sql", dir);
	assert_int_equal(rt_test_write_file(path, "CREATE TABLE from_file (x text);\n"), 0);
	v = rt_test_read_file(path);
	assert_string_equal(v, "CREATE TABLE from_file (x text);\n");
	free(v);
	assert_int_equal(rt_test_exec_file(a, path, &msg), 0);
	v = rt_test_query_value(a, "SELECT to_regclass('from_file') IS NOT NULL");
	assert_string_equal(v, "t");
	free(v);
	snprintf(path, sizeof path, "%s/missing.sql", dir);
	assert_int_equal(rt_test_exec_file(a, path, &msg), -1);
	assert_non_null(strstr(msg, "missing.sql"));
	free(msg);
	assert_int_equal(rt_test_rmtree(dir), 0);
	assert_false(path_exists(dir));
	free(dir);
	free(a);
	free(b);
}

static void
test_pgtmp__support_run_captures_both_streams(void **state)
{
	/* more than a pipe buffer on each stream, stderr first: a naive reader deadlocks */
	const char *const big[] = {"/bin/sh", "-c",
				   "head -c 300000 /dev/zero | tr '\\0' e >&2; "
				   "head -c 300000 /dev/zero | tr '\\0' o; exit 3", NULL};
	const char *const missing[] = {"/nonexistent/program", NULL};
	const char *const pwd[] = {"pwd", NULL};
	char *out = NULL, *err = NULL;
	(void)state;
	assert_int_equal(rt_test_run(&out, &err, big), 3);
	assert_int_equal(strlen(out), 300000);
	assert_int_equal(strlen(err), 300000);
	assert_int_equal(out[0], 'o');
	assert_int_equal(err[299999], 'e');
	free(out);
	free(err);
	assert_int_equal(rt_test_run(NULL, &err, missing), 127);
	assert_non_null(strstr(err, "/nonexistent/program"));
	free(err);
	assert_int_equal(rt_test_run_in("/", &out, NULL, pwd), 0);
	assert_string_equal(out, "/\n");
	free(out);
}

static void
test_pgtmp__support_bindir_runs_pg_dump(void **state)
{
	char pg_dump[4200], port[16], *out = NULL, *err = NULL, *conninfo;
	rt_pgtmp *p = rt_test_pgtmp();
	(void)state;
	conninfo = rt_test_fresh_db("dump");
	assert_int_equal(rt_test_exec(conninfo, "CREATE TABLE dumped (a int PRIMARY KEY)", NULL), 0);
	snprintf(pg_dump, sizeof pg_dump, "%s/pg_dump", rt_test_bindir());
	snprintf(port, sizeof port, "%d", rt_pgtmp_port(p));
	{
		const char *const argv[] = {pg_dump, "--schema-only", "-d", conninfo, NULL};
		assert_int_equal(rt_test_run(&out, &err, argv), 0);
	}
	assert_non_null(strstr(out, "CREATE TABLE public.dumped"));
	assert_int_not_equal(rt_test_retort_bin()[0], '\0');
	free(out);
	free(err);
	free(conninfo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgtmp__start_connect_stop_removes_dir),
		cmocka_unit_test(test_pgtmp__opts_override_max_locks),
		cmocka_unit_test(test_pgtmp__two_clusters_get_different_ports),
		cmocka_unit_test(test_pgtmp__create_db_quotes_the_name),
		cmocka_unit_test(test_pgtmp__missing_bindir_is_enotfound),
		cmocka_unit_test(test_pgtmp__unusable_tmp_parent_is_einvalid),
		cmocka_unit_test(test_pgtmp__sigterm_stops_cluster_and_removes_dir),
		cmocka_unit_test(test_pgtmp__sigint_stops_cluster_and_removes_dir),
		cmocka_unit_test(test_pgtmp__sigkill_leaves_cleanup_to_the_watchdog),
		cmocka_unit_test(test_pgtmp__child_exit_stops_its_cluster_only),
		cmocka_unit_test(test_pgtmp__eight_concurrent_connections),
		cmocka_unit_test(test_pgtmp__support_fresh_db_exec_and_query),
		cmocka_unit_test(test_pgtmp__support_run_captures_both_streams),
		cmocka_unit_test(test_pgtmp__support_bindir_runs_pg_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
