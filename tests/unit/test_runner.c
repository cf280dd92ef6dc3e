/* Unit tests for what src/runner.c does without a server: password redaction in connection
 * strings and messages, the advisory lock key, and the offline (--sql) rendering.  The live
 * runner is tested in tests/integration/itest_runner.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/revision.h"
#include "retort/runner.h"

typedef struct pair {
	const char *in;
	const char *out;
} pair;

static const pair redactions[] = {
	{"postgresql://user:secret@db.example.com:5432/app", "postgresql://user:****@db.example.com:5432/app"},
	{"postgres://user@host/db", "postgres://user@host/db"},
	{"postgres://host/db", "postgres://host/db"},
	{"postgresql://u:p%40ss@h/db?sslmode=require&password=other",
	 "postgresql://u:****@h/db?sslmode=require&password=****"},
	{"postgresql:///db?host=/tmp&password=x&user=u", "postgresql:///db?host=/tmp&password=****&user=u"},
	{"postgresql://u:@h/db", "postgresql://u:****@h/db"},
	{"postgresql://u:pw@h1:5432,h2:5433/db", "postgresql://u:****@h1:5432,h2:5433/db"},
	{"host=h user=u password=secret dbname=d", "host=h user=u password=**** dbname=d"},
	{"password = 'se cret\\'s'  host=h", "password=****  host=h"},
	{"  host=h\tpassword=x", "  host=h\tpassword=****"},
	{"dbname='postgresql://u:pw@h/d' connect_timeout=3", "dbname='postgresql://u:****@h/d' connect_timeout=3"},
	{"dbname='host=h password=pw'", "dbname='host=h password=****'"},
	{"password secret host=h", "password ..."},
	{"host=h", "host=h"},
	{"", ""},
};

static void
test_runner__redact_conninfo(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof redactions / sizeof redactions[0]; i++) {
		rt_buf b = RT_BUF_INIT;
		rt_conninfo_redact(&b, redactions[i].in);
		if (strcmp(rt_buf_cstr(&b), redactions[i].out) != 0)
			fail_msg("redact(%s): got \"%s\", want \"%s\"", redactions[i].in, rt_buf_cstr(&b), redactions[i].out);
		rt_buf_dispose(&b);
	}
}

static void
test_runner__scrub_messages(void **state)
{
	rt_buf b = RT_BUF_INIT;
	(void)state;
	rt_conninfo_scrub(&b, "authentication failed (s3cr3t, s3cr3t)", "host=h password=s3cr3t");
	assert_string_equal(rt_buf_cstr(&b), "authentication failed (****, ****)");
	rt_buf_clear(&b);
	rt_conninfo_scrub(&b, "bad p@ss and p%40ss", "postgresql://u:p%40ss@h/db");
	assert_string_equal(rt_buf_cstr(&b), "bad **** and ****");
	rt_buf_clear(&b);
	/* two-character passwords are not scrubbed out of every word */
	rt_conninfo_scrub(&b, "could not connect to server", "password=on");
	assert_string_equal(rt_buf_cstr(&b), "could not connect to server");
	rt_buf_dispose(&b);
}

static void
test_runner__lock_key_is_stable(void **state)
{
	(void)state;
	assert_true(rt_runner_lock_key("alembic_version") == rt_runner_lock_key(NULL));
	assert_true(rt_runner_lock_key("alembic_version") != rt_runner_lock_key("other_version"));
	/* FNV-1a 64 of "retort:alembic_version": a fixed number other processes agree on */
	assert_true(rt_runner_lock_key("alembic_version") == rt_runner_lock_key("alembic_version"));
}

static rt_chain *
chain3(void)
{
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_revision a = {0}, b = {0}, p = {0};
	const char *da[] = {"aaaaaaaaaaaa"}, *db[] = {"bbbbbbbbbbbb"};
	assert_int_equal(rt_chain_new(&c, &err), RT_OK);
	a.id = "aaaaaaaaaaaa";
	a.message = "create users\n\nlonger text";
	a.upgrade_sql = "CREATE TABLE users (id int);\n-- no terminator on the last one\nINSERT INTO users VALUES (1)";
	a.downgrade_sql = "DROP TABLE users;";
	b.id = "bbbbbbbbbbbb";
	b.message = "index concurrently";
	b.down = da;
	b.n_down = 1;
	b.no_transaction = true;
	b.upgrade_sql = "CREATE INDEX CONCURRENTLY users_id ON users (id);";
	b.downgrade_sql = "DROP INDEX CONCURRENTLY users_id;";
	p.id = "cccccccccccc";
	p.message = "python";
	p.down = db;
	p.n_down = 1;
	p.kind = RT_REVISION_PY;
	p.path = "versions/cccccccccccc_python.py";
	assert_int_equal(rt_chain_add(c, &a, &err), RT_OK);
	assert_int_equal(rt_chain_add(c, &b, &err), RT_OK);
	assert_int_equal(rt_chain_add(c, &p, &err), RT_OK);
	assert_int_equal(rt_chain_link(c, &err), RT_OK);
	return c;
}

static const char golden_up[] =
	"BEGIN;\n"
	"\n"
	"CREATE TABLE \"My Versions\" (\n"
	"    version_num VARCHAR(32) NOT NULL, \n"
	"    CONSTRAINT \"My Versions_pkc\" PRIMARY KEY (version_num)\n"
	");\n"
	"\n"
	"-- Running upgrade  -> aaaaaaaaaaaa\n"
	"\n"
	"CREATE TABLE users (id int);\n"
	"-- no terminator on the last one\n"
	"INSERT INTO users VALUES (1)\n"
	";\n"
	"\n"
	"INSERT INTO \"My Versions\" (version_num) VALUES ('aaaaaaaaaaaa') RETURNING \"My Versions\".version_num;\n"
	"\n"
	"COMMIT;\n"
	"\n"
	"-- Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb\n"
	"\n"
	"CREATE INDEX CONCURRENTLY users_id ON users (id);\n"
	"\n"
	"UPDATE \"My Versions\" SET version_num='bbbbbbbbbbbb' WHERE \"My Versions\".version_num = 'aaaaaaaaaaaa';\n"
	"\n";

static const char golden_down[] =
	"-- Running downgrade bbbbbbbbbbbb -> aaaaaaaaaaaa\n"
	"\n"
	"DROP INDEX CONCURRENTLY users_id;\n"
	"\n"
	"UPDATE alembic_version SET version_num='aaaaaaaaaaaa' WHERE alembic_version.version_num = 'bbbbbbbbbbbb';\n"
	"\n"
	"BEGIN;\n"
	"\n"
	"-- Running downgrade aaaaaaaaaaaa -> \n"
	"\n"
	"DROP TABLE users;\n"
	"\n"
	"DELETE FROM alembic_version WHERE alembic_version.version_num = 'aaaaaaaaaaaa';\n"
	"\n"
	"COMMIT;\n"
	"\n"
	"DROP TABLE alembic_version;\n"
	"\n";

static const char golden_stamp[] =
	"BEGIN;\n"
	"\n"
	"-- Running stamp_revision aaaaaaaaaaaa -> cccccccccccc\n"
	"\n"
	"UPDATE alembic_version SET version_num='cccccccccccc' WHERE alembic_version.version_num = 'aaaaaaaaaaaa';\n"
	"\n"
	"COMMIT;\n"
	"\n";

static void
test_runner__offline_sql(void **state)
{
	rt_chain *c = chain3();
	rt_steps *s = NULL;
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	const char *at_b[] = {"bbbbbbbbbbbb"}, *at_a[] = {"aaaaaaaaaaaa"};
	(void)state;
	assert_int_equal(rt_chain_upgrade(&s, c, NULL, 0, "bbbbbbbbbbbb", &err), RT_OK);
	assert_int_equal(rt_runner_render_sql(&b, s, "My Versions", &err), RT_OK);
	assert_string_equal(rt_buf_cstr(&b), golden_up);
	rt_steps_free(s);
	rt_buf_clear(&b);
	assert_int_equal(rt_chain_downgrade(&s, c, at_b, 1, "base", &err), RT_OK);
	assert_int_equal(rt_runner_render_sql(&b, s, NULL, &err), RT_OK);
	assert_string_equal(rt_buf_cstr(&b), golden_down);
	rt_steps_free(s);
	rt_buf_clear(&b);
	/* stamping past a .py file is fine: nothing runs */
	assert_int_equal(rt_chain_stamp(&s, c, at_a, 1, "cccc", &err), RT_OK);
	assert_int_equal(rt_runner_render_sql(&b, s, NULL, &err), RT_OK);
	assert_string_equal(rt_buf_cstr(&b), golden_stamp);
	rt_steps_free(s);
	rt_buf_clear(&b);
	/* running one is refused, before anything is printed */
	assert_int_equal(rt_chain_upgrade(&s, c, NULL, 0, "heads", &err), RT_OK);
	assert_int_equal(rt_runner_render_sql(&b, s, NULL, &err), RT_EUNSUPPORTED);
	assert_non_null(strstr(err.message, "cccccccccccc is an Alembic Python migration"));
	assert_string_equal(err.path, "versions/cccccccccccc_python.py");
	assert_string_equal(rt_buf_cstr(&b), "");
	rt_steps_free(s);
	rt_buf_dispose(&b);
	rt_chain_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runner__redact_conninfo),
		cmocka_unit_test(test_runner__scrub_messages),
		cmocka_unit_test(test_runner__lock_key_is_stable),
		cmocka_unit_test(test_runner__offline_sql),
	};
	return cmocka_run_group_tests_name("runner", tests, NULL, NULL);
}
