/* Introspection on a real cluster: every fixture schema survives inspect → load → inspect
 * byte for byte, pg_dump agrees on both databases, and the query count does not grow with
 * the number of tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/graph.h"
#include "retort/introspect.h"
#include "retort/ddl.h"
#include "retort/diff.h"
#include "rt_test.h"

static char *
inspect(const char *conninfo, const char *format, int *status)
{
	char *out = NULL, *errout = NULL;
	const char *argv[] = {rt_test_retort_bin(), "inspect", "--url", conninfo, "--format", format, NULL};
	*status = rt_test_run(&out, &errout, argv);
	if (*status != 0)
		print_error("inspect failed (%d): %s\n", *status, errout ? errout : "");
	free(errout);
	return out;
}

/* pg_dump --schema-only, without comments, SET lines and blank lines; trailing commas of
 * column lists removed so that column order is all that could still differ. */
static char *
dump(const char *conninfo)
{
	char *out = NULL, *errout = NULL, *line, *save = NULL;
	const char *argv[] = {NULL, "--schema-only", "--no-owner", "--no-privileges", "-d", conninfo, NULL};
	rt_buf path = RT_BUF_INIT, b = RT_BUF_INIT;
	rt_buf_printf(&path, "%s/pg_dump", rt_test_bindir());
	argv[0] = path.ptr;
	if (rt_test_run(&out, &errout, argv) != 0) {
		print_error("pg_dump failed: %s\n", errout ? errout : "");
		fail();
	}
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);
		if (!strncmp(line, "--", 2) || !strncmp(line, "SET ", 4) || !strncmp(line, "\\restrict", 9) ||
		    !strncmp(line, "\\unrestrict", 11) ||
		    !strncmp(line, "SELECT pg_catalog.set_config", 28) || n == 0)
			continue;
		if (line[n - 1] == ',')
			line[--n] = '\0';
		/* fold blanks: the server re-prints some view bodies with other spacing */
		for (char *p = line; *p; p++) {
			if (*p == ' ' && (p[1] == ' ' || (p > line && p[-1] == '(')))
				continue;
			rt_buf_putc(&b, *p);
		}
		rt_buf_putc(&b, '\n');
	}
	free(out);
	free(errout);
	rt_buf_dispose(&path);
	return rt_buf_detach(&b);
}

/* The first line where two texts differ, for a short failure message. */
static void
report_first_difference(const char *what, const char *a, const char *b)
{
	int line = 1;
	const char *la = a, *lb = b;
	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	print_error("%s: first difference at line %d:\n  A: %.*s\n  B: %.*s\n", what, line,
		    (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

static char *
diff_dbs(const char *from, const char *to)
{
	char *out = NULL, *errout = NULL;
	const char *argv[] = {rt_test_retort_bin(), "diff", "--from", from, "--to", to, NULL};
	if (rt_test_run(&out, &errout, argv) != 0) {
		print_error("diff failed: %s\n", errout ? errout : "");
		fail();
	}
	free(errout);
	return out;
}

static char *normalize_db;
static const char *known_mismatch(const char *fixture);

/* `retort inspect --models fixture --format F`, normalizing on the tests' scratch database */
static char *
inspect_models(const char *fixture, const char *format)
{
	char *out = NULL, *errout = NULL;
	const char *argv[] = {rt_test_retort_bin(), "inspect", "--models", fixture, "--format", format, NULL};
	if (!normalize_db)
		normalize_db = rt_test_fresh_db("rt_normalize");
	setenv("RETORT_NORMALIZE_URL", normalize_db, 1);
	if (rt_test_run(&out, &errout, argv) != 0) {
		print_error("inspect --models %s failed: %s\n", fixture, errout ? errout : "");
		fail();
	}
	free(errout);
	return out;
}

/* The models and the database loaded from them print the same bytes, in both formats. */
static void
same_inspect_output(const char *fixture, const char *db)
{
	static const char *const formats[] = {"sql", "json"};
	for (int i = 0; i < 2; i++) {
		int st;
		char *live = inspect(db, formats[i], &st), *models = inspect_models(fixture, formats[i]);
		assert_int_equal(st, 0);
		if (strcmp(live, models)) {
			print_error("%s: inspect --url (A) and inspect --models (B) differ (%s)\n", fixture,
				    formats[i]);
			report_first_difference(fixture, live, models);
			fail();
		}
		free(live);
		free(models);
	}
}

/* The property everything rests on: parse(F) == introspect(database loaded with F), field by
 * field; on failure the first differing object and field are named. */
static void
equivalent(const char *fixture, const char *db)
{
	rt_graph *parsed = NULL, *live = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_ddl_opts opts = RT_DDL_OPTS_INIT;
	rt_introspect_opts iopts = RT_INTROSPECT_OPTS_INIT;
	const char *known = known_mismatch(fixture);
	int rc;
	if (!normalize_db)
		normalize_db = rt_test_fresh_db("rt_normalize");
	opts.server_conninfo = normalize_db;
	assert_int_equal(rt_graph_new(&parsed, &err), RT_OK);
	assert_int_equal(rt_graph_new(&live, &err), RT_OK);
	assert_int_equal(rt_introspect_load(live, db, &iopts, &err), RT_OK);
	if ((rc = rt_ddl_load(parsed, &fixture, 1, &opts, &err)) != RT_OK && !known)
		fail_msg("%s does not parse: %s", fixture, err.message);
	if (rc == RT_OK)
		rc = rt_diff_equal(live, parsed, &err);
	rt_graph_free(parsed);
	rt_graph_free(live);
	if (known && rc == RT_OK)
		fail_msg("%s agrees now: remove it from fixtures/schemas/KNOWN_MISMATCHES", fixture);
	if (known) {
		print_message("# %s: known mismatch: %.*s\n", fixture, (int)strcspn(known, "\n"), known);
		skip();
	}
	if (rc != RT_OK) {
		print_error("%s: parse and introspection disagree: %s\n", fixture, err.message);
		fail();
	}
}

/* The reason a fixture is listed in KNOWN_MISMATCHES, or NULL. */
static const char *
known_mismatch(const char *fixture)
{
	static char *list;
	const char *base = strrchr(fixture, '/') ? strrchr(fixture, '/') + 1 : fixture;
	char *p;
	size_t n = strlen(base);
	if (!list && !(list = rt_test_read_file("fixtures/schemas/KNOWN_MISMATCHES")))
		return NULL;
	for (p = list; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, base, n) && p[n] == '\t')
			return p + n + 1;
	return NULL;
}

/* Loads `fixture` into A, recreates A's inspect output in B and B's in C.  The server's own
 * printing of view bodies is not always a fixed point on the first pass ("(VALUES" comes back
 * as "( VALUES"), so A and B are compared as graphs (an empty diff) and by pg_dump with
 * blanks folded, and B and C byte for byte. */
static void
roundtrip_one(const char *fixture)
{
	char *a = rt_test_fresh_db("rt_a"), *bdb = rt_test_fresh_db("rt_b"), *cdb = rt_test_fresh_db("rt_c");
	char *msg = NULL, *sql_a, *sql_b, *sql_c, *json_b, *json_c, *dump_a, *dump_b, *d;
	char *roles = malloc(strlen(fixture) + 8);
	int st;
	/* NN_name.sql may name the cluster roles it needs in NN_name.roles, one a line */
	snprintf(roles, strlen(fixture) + 8, "%.*s.roles", (int)(strlen(fixture) - 4), fixture);
	if (rt_test_ensure_roles(roles, &msg) != 0) {
		print_error("%s: %s\n", roles, msg);
		fail();
	}
	free(roles);
	if (rt_test_exec_file(a, fixture, &msg) != 0) {
		print_error("%s does not load: %s\n", fixture, msg);
		fail();
	}
	sql_a = inspect(a, "sql", &st);
	assert_int_equal(st, 0);
	if (rt_test_exec(bdb, sql_a, &msg) != 0) {
		print_error("%s: inspect output does not load: %s\n---\n%s\n", fixture, msg, sql_a);
		fail();
	}
	sql_b = inspect(bdb, "sql", &st);
	assert_int_equal(st, 0);
	if (rt_test_exec(cdb, sql_b, &msg) != 0) {
		print_error("%s: second inspect output does not load: %s\n", fixture, msg);
		fail();
	}
	sql_c = inspect(cdb, "sql", &st);
	if (strcmp(sql_b, sql_c)) {
		report_first_difference(fixture, sql_b, sql_c);
		fail();
	}
	json_b = inspect(bdb, "json", &st);
	json_c = inspect(cdb, "json", &st);
	assert_string_equal(json_b, json_c);
	d = diff_dbs(a, bdb);
	if (d[0]) {
		print_error("%s: A and its copy B differ:\n%s\n", fixture, d);
		fail();
	}
	free(d);
	dump_a = dump(a);
	dump_b = dump(bdb);
	if (strcmp(dump_a, dump_b)) {
		report_first_difference(fixture, dump_a, dump_b);
		fail();
	}
	equivalent(fixture, a);
	same_inspect_output(fixture, a);
	free(a); free(bdb); free(cdb); free(sql_a); free(sql_b); free(sql_c); free(json_b);
	free(json_c); free(dump_a); free(dump_b);
}

static void
test_inspect__fixture_round_trip(void **state)
{
	roundtrip_one((const char *)*state);
}

static int
count_queries(int ntables)
{
	char *db = rt_test_fresh_db("rt_count"), *msg = NULL;
	rt_buf sql = RT_BUF_INIT;
	rt_graph *g = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_introspect_opts opts = RT_INTROSPECT_OPTS_INIT;
	if (rt_test_exec(db, "CREATE TABLE t1 (id serial PRIMARY KEY, a text UNIQUE, b int CHECK (b > 0), c int)", &msg) != 0)
		fail_msg("%s", msg);
	rt_buf_printf(&sql, "DO $$ BEGIN FOR i IN 2..%d LOOP "
		"EXECUTE format('CREATE TABLE t%%s (id serial PRIMARY KEY, a text UNIQUE, "
		"b int CHECK (b > 0), c int REFERENCES t1(id))', i); "
		"EXECUTE format('CREATE INDEX ON t%%s (lower(a))', i); "
		"EXECUTE format('COMMENT ON TABLE t%%s IS ''x''', i); END LOOP; END $$;"
		"CREATE VIEW v AS SELECT * FROM t1;", ntables);
	if (rt_test_exec(db, sql.ptr, &msg) != 0)
		fail_msg("%s", msg);
	assert_int_equal(rt_graph_new(&g, &err), RT_OK);
	assert_int_equal(rt_introspect_load(g, db, &opts, &err), RT_OK);
	assert_true(rt_graph_find_table(g, "public", "t1") != NULL);
	assert_true(rt_graph_count(g) > ntables * 4);
	rt_graph_free(g);
	rt_buf_dispose(&sql);
	free(db);
	return opts.queries;
}

static void
test_inspect__query_count_does_not_grow(void **state)
{
	(void)state;
	int small = count_queries(10);
	int large = count_queries(2000);
	print_message("# queries: %d for 10 tables, %d for 2000 tables\n", small, large);
	assert_int_equal(small, large);
}

static void
test_inspect__bad_url_is_clear_error(void **state)
{
	char *out = NULL, *errout = NULL;
	const char *argv[] = {rt_test_retort_bin(), "inspect", "--url",
			      "postgresql://bob:s3cretpw@/nodb?host=/nonexistent&port=1", NULL};
	(void)state;
	assert_int_equal(rt_test_run(&out, &errout, argv), 1);
	assert_non_null(strstr(errout, "cannot connect"));
	assert_null(strstr(errout, "s3cretpw"));
	free(out);
	free(errout);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	struct CMUnitTest tests[256];
	char *names[200];
	int n = 0, nf = 0;
	DIR *d = opendir("fixtures/schemas");
	struct dirent *e;
	while (d && (e = readdir(d)) && nf < 200) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".sql")) {
			names[nf] = malloc(len + 20);
			snprintf(names[nf], len + 20, "fixtures/schemas/%s", e->d_name);
			nf++;
		}
	}
	if (d)
		closedir(d);
	qsort(names, (size_t)nf, sizeof names[0], cmp_names);
	/* RT_TEST_ONLY=substring runs the matching fixtures only */
	const char *only = getenv("RT_TEST_ONLY");
	for (int i = 0; i < nf; i++) {
		if (only && !strstr(names[i], only))
			continue;
		struct CMUnitTest t = {names[i] + 17, test_inspect__fixture_round_trip, NULL, NULL, names[i]};
		tests[n++] = t;
	}
	if (!only) {
		struct CMUnitTest t1 = cmocka_unit_test(test_inspect__query_count_does_not_grow);
		struct CMUnitTest t2 = cmocka_unit_test(test_inspect__bad_url_is_clear_error);
		tests[n++] = t1;
		tests[n++] = t2;
	}
	rt_test_cluster();
	return _cmocka_run_group_tests("inspect", tests, (size_t)n, NULL, NULL);
}
