/* Diff cases (fixtures/pairs/<case>/{from,to}.sql, optional data.sql and roles.txt: the
 * cluster roles the case needs, one a line) on a real cluster:
 * load from (+ rows) → the upgrade converges to `to` (re-diff empty) → the downgrade converges
 * back to `from`; row counts survive the round trip unless the upgrade is marked data-loss;
 * up.sql and down.sql are golden files compared byte for byte.
 * Regenerate the golden files with: RT_REGEN=1 build/tests/itest_pairs (scripts/regen-pairs.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "retort/buf.h"
#include "rt_test.h"

static char *normalize_db;

static char *
path_of(const char *dir, const char *file)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_printf(&b, "%s/%s", dir, file);
	return rt_buf_detach(&b);
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* retort diff --url DB --models FILE [--downgrade]; fails the test on a non-zero exit. */
static char *
diff(const char *db, const char *models, bool downgrade)
{
	char *out = NULL, *errout = NULL;
	const char *argv[] = {rt_test_retort_bin(), "diff", "--url", db, "--models", models,
			      downgrade ? "--downgrade" : NULL, NULL};
	int st = rt_test_run(&out, &errout, argv);
	if (st != 0) {
		print_error("retort diff (%s) exited %d: %s\n", models, st, errout ? errout : "");
		fail();
	}
	free(errout);
	return out;
}

static char *
row_counts(const char *db)
{
	return rt_test_query_value(db,
		"SELECT coalesce(string_agg(format('%s=%s', c.oid::regclass, "
		"(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', "
		"c.oid::regclass), false, true, '')))[1]::text), ',' ORDER BY c.oid::regclass::text), '') "
		"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		"WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
		"AND n.nspname !~ '^pg_' AND c.relname <> 'alembic_version'");
}

static void
golden(const char *dir, const char *file, const char *text)
{
	char *p = path_of(dir, file), *want;
	if (getenv("RT_REGEN")) {
		rt_test_write_file(p, text);
		free(p);
		return;
	}
	want = rt_test_read_file(p);
	if (!want) {
		print_error("%s is missing (RT_REGEN=1 writes it)\n", p);
		fail();
	}
	if (strcmp(want, text)) {
		print_error("%s differs from the output:\n%s\n", p, text);
		fail();
	}
	free(want);
	free(p);
}

static void
apply(const char *db, const char *sql, const char *what, const char *dir)
{
	char *msg = NULL;
	rt_buf b = RT_BUF_INIT;
	rt_buf_printf(&b, "BEGIN;\n%s\nCOMMIT;\n", sql);
	if (rt_test_exec(db, b.ptr, &msg) != 0) {
		print_error("%s: %s does not apply: %s\n%s\n", dir, what, msg, sql);
		fail();
	}
	rt_buf_dispose(&b);
}

static void
test_pairs__case(void **state)
{
	const char *dir = *state;
	char *from = path_of(dir, "from.sql"), *to = path_of(dir, "to.sql"), *data = path_of(dir, "data.sql");
	char *expect_fail = path_of(dir, "expect_fail_with_data"), *roles = path_of(dir, "roles.txt");
	char *db = rt_test_fresh_db("rt_pair"), *msg = NULL, *up, *down, *again, *before = NULL, *after;
	if (rt_test_ensure_roles(roles, &msg) != 0)
		fail_msg("%s: roles.txt: %s", dir, msg);
	free(roles);
	if (rt_test_exec_file(db, from, &msg) != 0)
		fail_msg("%s: from.sql does not load: %s", dir, msg);
	if (exists(data) && rt_test_exec_file(db, data, &msg) != 0)
		fail_msg("%s: data.sql does not load: %s", dir, msg);
	before = row_counts(db);
	up = diff(db, to, false);
	down = diff(db, to, true);
	golden(dir, "up.sql", up);
	golden(dir, "down.sql", down);
	if (exists(expect_fail) && exists(data)) {
		/* the upgrade must stop with the backfill message and change nothing */
		rt_buf b = RT_BUF_INIT;
		rt_buf_printf(&b, "BEGIN;\n%s\nCOMMIT;\n", up);
		assert_int_not_equal(rt_test_exec(db, b.ptr, &msg), 0);
		assert_non_null(strstr(msg, "backfill"));
		free(msg);
		msg = NULL;
		rt_buf_dispose(&b);
		again = diff(db, from, false);
		assert_string_equal(again, "");
		free(again);
		goto done;
	}
	apply(db, up, "up.sql", dir);
	again = diff(db, to, false);
	if (again[0]) {
		print_error("%s: after the upgrade the diff is not empty:\n%s\n", dir, again);
		fail();
	}
	free(again);
	apply(db, down, "down.sql", dir);
	again = diff(db, from, false);
	if (again[0]) {
		print_error("%s: after the downgrade the diff is not empty:\n%s\n", dir, again);
		fail();
	}
	free(again);
	after = row_counts(db);
	if (!strstr(up, "data-loss") && !strstr(down, "data-loss") && strcmp(before ? before : "", after ? after : "")) {
		print_error("%s: rows lost in the round trip:\n  before %s\n  after  %s\n", dir, before, after);
		fail();
	}
	free(after);
done:
	free(up);
	free(down);
	free(before);
	free(db);
	free(from);
	free(to);
	free(data);
	free(expect_fail);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	struct CMUnitTest *tests;
	char **names = NULL;
	int n = 0, cap = 0, rc;
	const char *only = getenv("RT_TEST_ONLY");
	DIR *d = opendir("fixtures/pairs");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (only && !strstr(e->d_name, only))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, sizeof *names * (size_t)cap);
		}
		names[n] = path_of("fixtures/pairs", e->d_name);
		n++;
	}
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_names);
	tests = calloc((size_t)n + 1, sizeof *tests);
	for (int i = 0; i < n; i++) {
		tests[i].name = names[i] + strlen("fixtures/pairs/");
		tests[i].test_func = test_pairs__case;
		tests[i].initial_state = names[i];
	}
	rt_test_cluster();
	/* view bodies in the models are normalized in a scratch database of the test cluster */
	normalize_db = rt_test_fresh_db("rt_normalize");
	setenv("RETORT_NORMALIZE_URL", normalize_db, 1);
	rc = _cmocka_run_group_tests("pairs", tests, (size_t)n, NULL, NULL);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	free(normalize_db);
	return rc;
}
