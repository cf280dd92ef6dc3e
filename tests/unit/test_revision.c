/* Unit tests for src/revision.c: slugs (checked against Alembic's own code when Debian's
 * python3-alembic is installed, and always against a table that code produced), ids, the file
 * header, chain validation, target resolution, history order, and upgrade / downgrade / stamp
 * steps with their alembic_version changes.  The branch-and-merge expectations were
 * cross-checked against alembic 1.8.1's RevisionMap and HeadMaintainer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/revision.h"
#include "rt_test.h"

typedef struct pair {
	const char *in;
	const char *out;
} pair;

/* Alembic 1.8.1 (ScriptDirectory._rev_path, truncate_slug_length 40) on Python 3.11.2. */
static const pair alembic_slugs[] = {
	{"create users table", "create_users_table"},
	{"fix: user auth", "fix_user_auth"},
	{"add/user/table", "add_user_table"},
	{"update*table", "update_table"},
	{"\"quotes\" test", "quotes_test"},
	{"", ""},
	{"   ", ""},
	{"Add Column", "add_column"},
	{"add email to users", "add_email_to_users"},
	{"this is a very long message that goes beyond forty characters easily", "this_is_a_very_long_message_that_goes_"},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_"},
	{"abcdefghij abcdefghij abcdefghij abcdefghij", "abcdefghij_abcdefghij_abcdefghij_"},
	{"abcdefghij abcdefghij abcdefghij abcdefghi", "abcdefghij_abcdefghij_abcdefghij_"},
	{"abcdefghij abcdefghij abcdefghij abcdefghij_", "abcdefghij_abcdefghij_abcdefghij_"},
	{"abcdefghijabcdefghijabcdefghijabcdefghij x", "abcdefghijabcdefghijabcdefghijabcdefghij_"},
	{"Ünïcödé Façade naïve", "ünïcödé_façade_naïve"},
	{"Ελληνικά ΟΔΟΣ test", "ελληνικά_οδος_test"},
	{"ΣΑΣ", "σας"},
	{"ΟΔΟΣ", "οδος"},
	{"Σ", "σ"},
	{"aΣ", "aς"},
	{"ΑΣ1", "ας1"},
	{"ΑΣ_Β", "ας_β"},
	{"Α'Σ", "α_σ"},
	{"ʰΣ", "ʰσ"},
	{"Aʰ Σ", "aʰ_σ"},
	{"Привет Мир", "привет_мир"},
	{"日本語のメッセージ", "日本語のメッセージ"},
	{"İstanbul", "i\xcc\x87""stanbul"},
	{"İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ x", "i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""i\xcc\x87""_"},
	{"snake_case_already", "snake_case_already"},
	{"__dunder__", "__dunder__"},
	{"tab\tsep\nnewline", "tab_sep_newline"},
	{"emoji 🎉 party", "emoji_party"},
	{"x² ½ cup ⅷ roman", "x²_½_cup_ⅷ_roman"},
	{"e\xcc\x81""clair", "e_clair"},
	{"ǅ title ǈ", "ǆ_title_ǉ"},
	{"ﬁ ligature", "ﬁ_ligature"},
	{"ABC-DEF_ghi.jkl", "abc_def_ghi_jkl"},
	{"ΣΣ_Σ", "σς_σ"},
	{"Ⓐ circled", "circled"},
	{"ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ", "ｆｕｌｌｗｉｄｔｈ_ｔｅｘｔ"},
	{"١٢٣ arabic digits", "١٢٣_arabic_digits"},
	{"Ꭰ cherokee", "ꭰ_cherokee"},
	{"𐐀 deseret", "𐐨_deseret"},
	{"ß straße", "ß_straße"},
	{"K kelvin", "k_kelvin"},
	{"Å angstrom", "å_angstrom"},
	{"ÀÉÎÕÜ", "àéîõü"},
	{"ᾈ greek titlecase", "ᾀ_greek_titlecase"},
	{"Ⅻ numerals", "ⅻ_numerals"},
	{"_", "_"},
	{"___", "___"},
	{"a_", "a_"},
	{"_a", "_a"},
	{"a b_ c", "a_b__c"},
	{"---", ""},
	{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_"},
	{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_"},
	{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_"},
	{"one two three four five six seven eight nine ten", "one_two_three_four_five_six_seven_eight_"},
	{"Add NOT NULL column 'email' (with default) to \"users\"; drop idx_old!", "add_not_null_column_email_with_default_"},
};

static void
test_revision__slug_matches_alembic_table(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof alembic_slugs / sizeof alembic_slugs[0]; i++) {
		rt_buf b = RT_BUF_INIT;
		rt_revision_slug(&b, alembic_slugs[i].in, RT_REVISION_SLUG_MAX);
		if (strcmp(rt_buf_cstr(&b), alembic_slugs[i].out) != 0)
			fail_msg("slug of \"%s\": got \"%s\", alembic says \"%s\"", alembic_slugs[i].in, rt_buf_cstr(&b),
				 alembic_slugs[i].out);
		rt_buf_dispose(&b);
	}
}

/* Random messages over many scripts, so the comparison is not only the table above. */
static void
random_message(rt_buf *b, unsigned *seed)
{
	static const uint32_t pools[][2] = {
		{0x20, 0x7e}, {0x20, 0x7e}, {0xa0, 0x24f}, {0x370, 0x3ff}, {0x400, 0x52f}, {0x1e00, 0x1fff},
		{0x2000, 0x21ff}, {0x300, 0x36f}, {0x10400, 0x1044f}, {0x1f300, 0x1f3ff}, {0x2c00, 0x2c7f},
		{0x10a0, 0x10ff}, {0x3040, 0x30ff}, {0x0600, 0x06ff}, {0xff00, 0xffef},
	};
	int n = rand_r(seed) % 50, i;
	for (i = 0; i < n; i++) {
		const uint32_t *p = pools[rand_r(seed) % (sizeof pools / sizeof pools[0])];
		uint32_t c = p[0] + (uint32_t)rand_r(seed) % (p[1] - p[0] + 1);
		char s[4];
		size_t k;
		if (rand_r(seed) % 16 == 0)
			c = 0x3a3;  /* capital sigma: the Final_Sigma rule */
		if (c < 0x80) {
			s[0] = (char)c, k = 1;
		} else if (c < 0x800) {
			s[0] = (char)(0xc0 | (c >> 6)), s[1] = (char)(0x80 | (c & 0x3f)), k = 2;
		} else if (c < 0x10000) {
			s[0] = (char)(0xe0 | (c >> 12)), s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[2] = (char)(0x80 | (c & 0x3f)), k = 3;
		} else {
			s[0] = (char)(0xf0 | (c >> 18)), s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			s[2] = (char)(0x80 | ((c >> 6) & 0x3f)), s[3] = (char)(0x80 | (c & 0x3f)), k = 4;
		}
		rt_buf_putn(b, s, k);
	}
	if (!b->ptr)
		rt_buf_puts(b, "");
}

static const char py_slugs[] =
	"import sys, os, datetime\n"
	"from alembic.script.base import ScriptDirectory\n"
	"sd = ScriptDirectory.__new__(ScriptDirectory)\n"
	"sd.truncate_slug_length = 40\n"
	"sd.file_template = '%(rev)s_%(slug)s'\n"
	"data = open(sys.argv[1], 'rb').read().split(b'\\0')\n"
	"for m in data:\n"
	"    p = sd._rev_path('/x', 'r', m.decode('utf-8', 'surrogateescape'), datetime.datetime(2020, 1, 1))\n"
	"    sys.stdout.buffer.write(os.path.basename(p)[2:-3].encode('utf-8') + b'\\n')\n";

static void
test_revision__slug_matches_python_alembic(void **state)
{
	const char *pythons[] = {"/usr/bin/python3", "python3"};
	char *dir, *out = NULL, *errout = NULL, path[512];
	rt_buf msgs = RT_BUF_INIT, ours = RT_BUF_INIT;
	unsigned seed = 20240501;
	size_t i, ntable = sizeof alembic_slugs / sizeof alembic_slugs[0];
	bool ran = false;
	FILE *f;
	(void)state;
	for (i = 0; i < ntable + 3000; i++) {
		size_t start = msgs.len;
		if (i) {
			rt_buf_putc(&msgs, '\0');
			start++;
		}
		if (i < ntable)
			rt_buf_puts(&msgs, alembic_slugs[i].in);
		else
			random_message(&msgs, &seed);
		rt_revision_slug(&ours, msgs.ptr + start, RT_REVISION_SLUG_MAX);
		rt_buf_putc(&ours, '\n');
	}
	assert_false(rt_buf_failed(&msgs) || rt_buf_failed(&ours));
	dir = rt_test_mkdtemp();
	snprintf(path, sizeof path, "%s/msgs", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(msgs.ptr, 1, msgs.len, f), msgs.len);
	fclose(f);
	/* the first python that has alembic (Debian's python3-alembic is /usr/bin's) */
	for (i = 0; i < 2 && !ran; i++) {
		const char *argv[] = {pythons[i], "-c", py_slugs, path, NULL};
		free(out);
		free(errout);
		ran = rt_test_run(&out, &errout, argv) == 0;
	}
	rt_test_rmtree(dir);
	free(dir);
	if (ran && strcmp(out, ours.ptr) != 0) {
		const char *a = out, *b = ours.ptr;
		int line = 1;
		while (*a && *a == *b) {
			line += *a == '\n';
			a++, b++;
		}
		fail_msg("slug %d differs from alembic's", line);
	}
	free(out);
	free(errout);
	rt_buf_dispose(&msgs);
	rt_buf_dispose(&ours);
	if (!ran)
		skip();  /* no python3-alembic: the table test above still checked the slugs */
}

static void
test_revision__slug_edges(void **state)
{
	rt_buf b = RT_BUF_INIT;
	(void)state;
	/* invalid UTF-8 bytes separate words like any non-word character */
	rt_revision_slug(&b, "abc\xff" "def\xc3", 40);
	assert_string_equal(rt_buf_cstr(&b), "abc_def");
	rt_buf_clear(&b);
	rt_revision_slug(&b, NULL, 40);
	assert_string_equal(rt_buf_cstr(&b), "");
	rt_buf_clear(&b);
	/* a shorter limit, cut at the last '_' in it */
	rt_revision_slug(&b, "one two three", 9);
	assert_string_equal(rt_buf_cstr(&b), "one_two_");
	rt_buf_dispose(&b);
}

static void
test_revision__new_id_is_12_lower_hex(void **state)
{
	char a[13], b[13];
	rt_error err = RT_ERROR_INIT;
	size_t i;
	(void)state;
	assert_int_equal(rt_revision_new_id(a, &err), RT_OK);
	assert_int_equal(rt_revision_new_id(b, &err), RT_OK);
	assert_int_equal(strlen(a), 12);
	for (i = 0; i < 12; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_string_not_equal(a, b);
	assert_int_equal(rt_revision_check_id(a, &err), RT_OK);
}

static void
test_revision__check_id(void **state)
{
	rt_error err = RT_ERROR_INIT;
	(void)state;
	assert_int_equal(rt_revision_check_id("ae1027a6acf", &err), RT_OK);
	assert_int_equal(rt_revision_check_id("0001_Init", &err), RT_OK);
	assert_int_equal(rt_revision_check_id("", &err), RT_EINVALID);
	assert_int_equal(rt_revision_check_id("a-b", &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "a-b"));
	assert_int_equal(rt_revision_check_id("a b", &err), RT_EINVALID);
	assert_int_equal(rt_revision_check_id("abc@head", &err), RT_EINVALID);
	assert_int_equal(rt_revision_check_id("123456789012345678901234567890123", &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "32"));
	assert_int_equal(rt_revision_check_id("12345678901234567890123456789012", &err), RT_OK);
}

static void
test_revision__create_date(void **state)
{
	char d[32];
	rt_error err = RT_ERROR_INIT;
	(void)state;
	unsetenv("RETORT_CREATE_DATE");
	assert_int_equal(rt_revision_create_date(d, &err), RT_OK);
	assert_int_equal(strlen(d), 26);  /* YYYY-MM-DD HH:MM:SS.ffffff */
	assert_int_equal(d[4], '-');
	assert_int_equal(d[10], ' ');
	assert_int_equal(d[19], '.');
	setenv("RETORT_CREATE_DATE", "2024-05-01 12:00:00.123456", 1);
	assert_int_equal(rt_revision_create_date(d, &err), RT_OK);
	assert_string_equal(d, "2024-05-01 12:00:00.123456");
	setenv("RETORT_CREATE_DATE", "yesterday", 1);
	assert_int_equal(rt_revision_create_date(d, &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "RETORT_CREATE_DATE"));
	unsetenv("RETORT_CREATE_DATE");
}

static const char golden_file[] =
	"-- add email to users\n"
	"--\n"
	"-- and backfill it\n"
	"--\n"
	"-- Revision ID: 1a2b3c4d5e6f\n"
	"-- Revises: 0a1b2c3d4e5f, 9f8e7d6c5b4a\n"
	"-- Create Date: 2024-05-01 12:00:00.123456\n"
	"-- Depends On: 777777777777\n"
	"--\n"
	"-- Hazards:\n"
	"--   drops column users.legacy (data loss)\n"
	"--   rewrites table users\n"
	"--\n"
	"-- retort:no-transaction\n"
	"\n"
	"-- retort:upgrade\n"
	"ALTER TABLE users ADD COLUMN email text;\n"
	"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"
	"\n"
	"-- retort:downgrade\n"
	"DROP INDEX CONCURRENTLY users_email_idx;\n"
	"ALTER TABLE users DROP COLUMN email;\n";

static rt_revision
golden_revision(void)
{
	static const char *down[] = {"0a1b2c3d4e5f", "9f8e7d6c5b4a"};
	static const char *deps[] = {"777777777777"};
	static const char *hz[] = {"drops column users.legacy (data loss)", "rewrites table users"};
	rt_revision r = {0};
	r.id = "1a2b3c4d5e6f";
	r.message = "add email to users\n\nand backfill it";
	r.down = down;
	r.n_down = 2;
	r.depends_on = deps;
	r.n_depends_on = 1;
	r.create_date = "2024-05-01 12:00:00.123456";
	r.hazards = hz;
	r.n_hazards = 2;
	r.no_transaction = true;
	r.upgrade_sql = "\n\nALTER TABLE users ADD COLUMN email text;\n"
			"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n\n";
	r.downgrade_sql = "DROP INDEX CONCURRENTLY users_email_idx;\nALTER TABLE users DROP COLUMN email;";
	return r;
}

static void
test_revision__render_golden(void **state)
{
	rt_revision r = golden_revision();
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	(void)state;
	assert_int_equal(rt_revision_render(&b, &r, &err), RT_OK);
	assert_string_equal(rt_buf_cstr(&b), golden_file);
	rt_buf_dispose(&b);
}

/* A fresh directory holding files: name, text, name, text, ..., NULL. */
static char *
versions_dir(const char *first, ...)
{
	char *dir = rt_test_mkdtemp(), path[1024];
	const char *name = first;
	va_list ap;
	va_start(ap, first);
	while (name) {
		const char *text = va_arg(ap, const char *);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		assert_int_equal(rt_test_write_file(path, text), 0);
		name = va_arg(ap, const char *);
	}
	va_end(ap);
	return dir;
}

static void
drop_dir(char *dir)
{
	rt_test_rmtree(dir);
	free(dir);
}

static void
test_revision__write_then_load_round_trip(void **state)
{
	rt_revision r = golden_revision(), p = {0};
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	char *dir = rt_test_mkdtemp(), *path = NULL, *again = NULL, *other = NULL, *text;
	const char *ids[] = {"0a1b2c3d4e5f", "9f8e7d6c5b4a", "777777777777"};
	const rt_revision *got;
	rt_buf b = RT_BUF_INIT;
	size_t i;
	(void)state;
	assert_int_equal(rt_revision_write(&path, dir, &r, &err), RT_OK);
	assert_non_null(strstr(path, "/1a2b3c4d5e6f_add_email_to_users_and_backfill_it.sql"));
	text = rt_test_read_file(path);
	assert_string_equal(text, golden_file);
	free(text);
	assert_int_equal(rt_revision_write(&again, dir, &r, &err), RT_EINVALID);  /* never overwritten */
	assert_null(again);
	/* the revisions it names, so that the chain links */
	p.message = "p";
	p.create_date = "2024-01-01 00:00:00.000000";
	for (i = 0; i < 3; i++) {
		p.id = ids[i];
		assert_int_equal(rt_revision_write(&other, dir, &p, &err), RT_OK);
		free(other);
	}
	if (rt_chain_load(&c, dir, &err) != RT_OK)
		fail_msg("%s:%d: %s", err.path, err.line, err.message);
	assert_int_equal(rt_chain_count(c), 4);
	got = rt_chain_find(c, "1a2b3c4d5e6f");
	assert_non_null(got);
	assert_string_equal(got->message, "add email to users\n\nand backfill it");
	assert_int_equal(got->n_down, 2);
	assert_string_equal(got->down[0], "0a1b2c3d4e5f");
	assert_string_equal(got->down[1], "9f8e7d6c5b4a");
	assert_int_equal(got->n_depends_on, 1);
	assert_string_equal(got->depends_on[0], "777777777777");
	assert_string_equal(got->create_date, "2024-05-01 12:00:00.123456");
	assert_int_equal(got->n_hazards, 2);
	assert_string_equal(got->hazards[1], "rewrites table users");
	assert_true(got->no_transaction);
	assert_int_equal(got->kind, RT_REVISION_SQL);
	assert_string_equal(got->upgrade_sql, "ALTER TABLE users ADD COLUMN email text;\n"
					      "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);");
	assert_string_equal(got->downgrade_sql, "DROP INDEX CONCURRENTLY users_email_idx;\nALTER TABLE users DROP COLUMN email;");
	assert_int_equal(got->upgrade_line, 17);
	assert_int_equal(got->downgrade_line, 21);
	assert_string_equal(got->path, path);
	rt_revision_doc(&b, got);
	assert_string_equal(rt_buf_cstr(&b), "add email to users");
	rt_buf_clear(&b);
	/* render(parse(file)) == file */
	assert_int_equal(rt_revision_render(&b, got, &err), RT_OK);
	assert_string_equal(rt_buf_cstr(&b), golden_file);
	rt_buf_dispose(&b);
	rt_chain_free(c);
	free(path);
	drop_dir(dir);
}

static void
test_revision__no_message_is_alembics_empty_message(void **state)
{
	rt_revision r = {0};
	rt_error err = RT_ERROR_INIT;
	char *dir = rt_test_mkdtemp(), *path = NULL, *text;
	(void)state;
	r.id = "abcdefabcdef";
	r.create_date = "2024-01-01 00:00:00.000000";
	assert_int_equal(rt_revision_write(&path, dir, &r, &err), RT_OK);
	assert_non_null(strstr(path, "/abcdefabcdef_.sql"));
	text = rt_test_read_file(path);
	assert_non_null(strstr(text, "-- empty message\n--\n-- Revision ID: abcdefabcdef\n-- Revises:\n"));
	free(text);
	free(path);
	drop_dir(dir);
}

#define SQL_FILE(id, revises, extra)                                                                         \
	"-- msg " id "\n--\n-- Revision ID: " id "\n-- Revises: " revises "\n-- Create Date: 2024-01-01 00:00:00\n" \
	extra "\n-- retort:upgrade\nSELECT 1;\n\n-- retort:downgrade\nSELECT 2;\n"

/* Loads dir and expects code, a message containing msg, and the error's path to end in file
 * (NULL: not checked) at line (0: not checked). */
static void
expect_load_error(char *dir, int code, const char *msg, const char *file, int line)
{
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	int rc = rt_chain_load(&c, dir, &err);
	assert_null(c);
	if (rc != code || !strstr(err.message, msg))
		fail_msg("got %d \"%s\", wanted %d \"%s\"", rc, err.message, code, msg);
	if (file) {
		size_t n = strlen(err.path), m = strlen(file);
		if (n < m || strcmp(err.path + n - m, file) != 0)
			fail_msg("error names \"%s\", wanted %s", err.path, file);
	}
	if (line)
		assert_int_equal(err.line, line);
	drop_dir(dir);
}

static void
test_revision__load_errors_name_the_file(void **state)
{
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	char *dir;
	(void)state;
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "", ""),
				       "bbbbbbbbbbbc_y.sql", SQL_FILE("bbbbbbbbbbbb", "aaaaaaaaaaaa", ""), NULL),
			  RT_EPARSE, "does not start with its Revision ID bbbbbbbbbbbb", "bbbbbbbbbbbc_y.sql", 3);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "", ""),
				       "aaaaaaaaaaaa_y.sql", SQL_FILE("aaaaaaaaaaaa", "", ""), NULL),
			  RT_EPARSE, "duplicate revision id aaaaaaaaaaaa: also in", "aaaaaaaaaaaa_y.sql", 3);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "", ""),
				       "bbbbbbbbbbbb_y.sql", SQL_FILE("bbbbbbbbbbbb", "aaaaaaaaaaaa, cccccccccccc", ""), NULL),
			  RT_EPARSE, "Revises names revision 'cccccccccccc', which is not in", "bbbbbbbbbbbb_y.sql", 4);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "", "-- Depends On: dddddddddddd\n"), NULL),
			  RT_EPARSE, "Depends On names revision 'dddddddddddd'", "aaaaaaaaaaaa_x.sql", 6);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "aaaaaaaaaaaa", ""), NULL),
			  RT_EPARSE, "revision aaaaaaaaaaaa revises itself", "aaaaaaaaaaaa_x.sql", 4);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "", "-- retort:no-transactoin\n"), NULL),
			  RT_EPARSE, "unknown flag retort:no-transactoin", "aaaaaaaaaaaa_x.sql", 6);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", "-- a message\n\n-- retort:upgrade\n-- retort:downgrade\n", NULL),
			  RT_EPARSE, "no -- Revision ID: line", "aaaaaaaaaaaa_x.sql", 1);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", "-- m\n-- Revision ID: aaaaaaaaaaaa\n-- Revises:\nSELECT 1;\n", NULL),
			  RT_EPARSE, "unexpected text before -- retort:upgrade", "aaaaaaaaaaaa_x.sql", 4);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", "-- m\n-- Revision ID: aaaaaaaaaaaa\n-- Revises:\n", NULL),
			  RT_EPARSE, "no -- retort:upgrade section marker", "aaaaaaaaaaaa_x.sql", 0);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql",
				       "-- m\n-- Revision ID: aaaaaaaaaaaa\n-- Revises:\n\n-- retort:upgrade\nSELECT 1;\n", NULL),
			  RT_EPARSE, "no -- retort:downgrade section marker", "aaaaaaaaaaaa_x.sql", 0);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql",
				       "-- m\n-- Revision ID: aaaaaaaaaaaa\n\n-- retort:upgrade\n-- retort:downgrade\n", NULL),
			  RT_EPARSE, "no -- Revises: line", "aaaaaaaaaaaa_x.sql", 2);
	expect_load_error(versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "bbbbbbbbbbbb", ""),
				       "bbbbbbbbbbbb_y.sql", SQL_FILE("bbbbbbbbbbbb", "cccccccccccc", ""),
				       "cccccccccccc_z.sql", SQL_FILE("cccccccccccc", "aaaaaaaaaaaa", ""), NULL),
			  RT_EPARSE, "cycle in the revision chain", NULL, 0);
	expect_load_error(versions_dir("x.py", "revision = make_id()\ndown_revision = None\n", NULL), RT_EPARSE,
			  "cannot read revision", "x.py", 1);
	expect_load_error(versions_dir("x.py", "\"\"\"doc\"\"\"\ndown_revision = None\n", NULL), RT_EPARSE,
			  "no revision = '...' assignment", "x.py", 1);
	/* a cycle's message names every file on it */
	dir = versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "bbbbbbbbbbbb", ""), "bbbbbbbbbbbb_y.sql",
			   SQL_FILE("bbbbbbbbbbbb", "aaaaaaaaaaaa", ""), NULL);
	assert_int_equal(rt_chain_load(&c, dir, &err), RT_EPARSE);
	assert_non_null(strstr(err.message, "aaaaaaaaaaaa_x.sql"));
	assert_non_null(strstr(err.message, "bbbbbbbbbbbb_y.sql"));
	drop_dir(dir);
	assert_int_equal(rt_chain_load(&c, "/nonexistent/retort/versions", &err), RT_ENOTFOUND);
	assert_non_null(strstr(err.message, "/nonexistent/retort/versions"));
}

static const char alembic_old_py[] =
	"\"\"\"create account table\n"
	"\n"
	"Revision ID: 1975ea83b712\n"
	"Revises: \n"
	"Create Date: 2011-11-08 11:40:27.089406\n"
	"\n"
	"\"\"\"\n"
	"from alembic import op\n"
	"import sqlalchemy as sa\n"
	"\n"
	"# revision identifiers, used by Alembic.\n"
	"revision = '1975ea83b712'\n"
	"down_revision = None\n"
	"branch_labels = None\n"
	"depends_on = None\n"
	"\n"
	"def upgrade():\n"
	"    revision = 'not this one'\n"
	"    op.create_table('account', sa.Column('id', sa.Integer, primary_key=True))\n"
	"\n"
	"def downgrade():\n"
	"    op.drop_table('account')\n";

static const char alembic_typed_py[] =
	"\"\"\"add a column\n"
	"\n"
	"Revision ID: ae1027a6acf\n"
	"Revises: 1975ea83b712\n"
	"\"\"\"\n"
	"from typing import Sequence, Union\n"
	"\n"
	"revision: str = \"ae1027a6acf\"\n"
	"down_revision: Union[str, None] = \"1975ea83b712\"\n"
	"branch_labels: Union[str, Sequence[str], None] = None\n"
	"depends_on: Union[str, Sequence[str], None] = (\n"
	"    '1975ea83b712',\n"
	")\n";

static const char alembic_merge_py[] =
	"'''merge\n'''\n"
	"revision = '27c6a30d7c24'\n"
	"down_revision = ('ae1027a6acf',\n"
	"                 'bbbbbbbbbbbb')\n";

static void
test_revision__alembic_py_files_join_the_chain(void **state)
{
	char *dir = versions_dir("1975ea83b712_create_account_table.py", alembic_old_py, "ae1027a6acf_add_a_column.py",
				 alembic_typed_py, "27c6a30d7c24_merge.py", alembic_merge_py, "__init__.py", "",
				 "bbbbbbbbbbbb_sql_on_top.sql", SQL_FILE("bbbbbbbbbbbb", "1975ea83b712", ""), "README", "x",
				 NULL);
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_revlist h = RT_REVLIST_INIT;
	rt_buf doc = RT_BUF_INIT;
	const rt_revision *r;
	(void)state;
	if (rt_chain_load(&c, dir, &err) != RT_OK)
		fail_msg("%s:%d: %s", err.path, err.line, err.message);
	assert_int_equal(rt_chain_count(c), 4);
	r = rt_chain_find(c, "1975ea83b712");
	assert_non_null(r);
	assert_int_equal(r->kind, RT_REVISION_PY);
	assert_int_equal(r->n_down, 0);
	assert_null(r->upgrade_sql);
	rt_revision_doc(&doc, r);
	assert_string_equal(rt_buf_cstr(&doc), "create account table");
	rt_buf_dispose(&doc);
	r = rt_chain_find(c, "ae1027a6acf");
	assert_non_null(r);
	assert_int_equal(r->n_down, 1);
	assert_string_equal(r->down[0], "1975ea83b712");
	assert_int_equal(r->n_depends_on, 1);
	r = rt_chain_find(c, "27c6a30d7c24");
	assert_non_null(r);
	assert_int_equal(r->n_down, 2);
	assert_string_equal(r->down[1], "bbbbbbbbbbbb");
	assert_int_equal(rt_chain_flags(c, r), RT_REV_HEAD | RT_REV_MERGEPOINT);
	assert_int_equal(rt_chain_flags(c, rt_chain_find(c, "1975ea83b712")), RT_REV_BRANCHPOINT | RT_REV_BASE);
	assert_int_equal(rt_chain_history(&h, c, NULL, &err), RT_OK);
	assert_int_equal(h.n, 4);
	assert_string_equal(h.v[0]->id, "27c6a30d7c24");
	assert_string_equal(h.v[3]->id, "1975ea83b712");
	rt_revlist_dispose(&h);
	rt_chain_free(c);
	drop_dir(dir);
}

/* An in-memory chain: "id down,down deps,deps" per line, '-' for none. */
static rt_chain *
mem_chain(const char *spec)
{
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	char *copy = strdup(spec), *save = NULL, *line;
	assert_int_equal(rt_chain_new(&c, &err), RT_OK);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char id[64], downs[256], deps[256], *s2, *t;
		const char *dv[8], *pv[8];
		rt_revision r = {0};
		assert_int_equal(sscanf(line, "%63s %255s %255s", id, downs, deps), 3);
		r.id = id;
		r.message = id;
		if (strcmp(downs, "-") != 0)
			for (t = strtok_r(downs, ",", &s2); t; t = strtok_r(NULL, ",", &s2))
				dv[r.n_down++] = t;
		if (strcmp(deps, "-") != 0)
			for (t = strtok_r(deps, ",", &s2); t; t = strtok_r(NULL, ",", &s2))
				pv[r.n_depends_on++] = t;
		r.down = dv;
		r.depends_on = pv;
		assert_int_equal(rt_chain_add(c, &r, &err), RT_OK);
	}
	free(copy);
	if (rt_chain_link(c, &err) != RT_OK)
		fail_msg("link: %s", err.message);
	return c;
}

/* a -> b -> {c, d} -> e (a merge) -> f */
static const char branchy[] =
	"a0000000000a - -\n"
	"b0000000000b a0000000000a -\n"
	"c0000000000c b0000000000b -\n"
	"d0000000000d b0000000000b -\n"
	"e0000000000e c0000000000c,d0000000000d -\n"
	"f0000000000f e0000000000e -\n";

static const char linear[] =
	"aaaa00000001 - -\n"
	"aaaa00000002 aaaa00000001 -\n"
	"abcd00000003 aaaa00000002 -\n";

static void
test_revision__resolve_targets(void **state)
{
	rt_chain *c = mem_chain(linear), *b = mem_chain(branchy), *two;
	const rt_revision *r = NULL;
	rt_error err = RT_ERROR_INIT;
	(void)state;
	assert_int_equal(rt_chain_resolve(&r, c, "aaaa00000002", &err), RT_OK);
	assert_string_equal(r->id, "aaaa00000002");
	assert_int_equal(rt_chain_resolve(&r, c, "abc", &err), RT_OK);
	assert_string_equal(r->id, "abcd00000003");
	assert_int_equal(rt_chain_resolve(&r, c, "aaaa", &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "ambiguous"));
	assert_non_null(strstr(err.message, "aaaa00000001"));
	assert_non_null(strstr(err.message, "aaaa00000002"));
	assert_int_equal(rt_chain_resolve(&r, c, "zz", &err), RT_ENOTFOUND);
	assert_non_null(strstr(err.hint, "four characters"));
	assert_int_equal(rt_chain_resolve(&r, c, "head", &err), RT_OK);
	assert_string_equal(r->id, "abcd00000003");
	assert_int_equal(rt_chain_resolve(&r, c, "base", &err), RT_OK);
	assert_null(r);
	assert_int_equal(rt_chain_resolve(&r, c, "head-2", &err), RT_OK);
	assert_string_equal(r->id, "aaaa00000001");
	assert_int_equal(rt_chain_resolve(&r, c, "aaaa00000001+1", &err), RT_OK);
	assert_string_equal(r->id, "aaaa00000002");
	assert_int_equal(rt_chain_resolve(&r, c, "head+1", &err), RT_ENOTFOUND);
	assert_int_equal(rt_chain_resolve(&r, c, "x@head", &err), RT_EUNSUPPORTED);
	/* two heads: "head" is ambiguous and names them */
	two = mem_chain("aaaaaaaaaaaa - -\nbbbbbbbbbbbb aaaaaaaaaaaa -\ncccccccccccc aaaaaaaaaaaa -\n");
	assert_int_equal(rt_chain_resolve(&r, two, "head", &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "bbbbbbbbbbbb, cccccccccccc"));
	rt_chain_free(two);
	/* walking down from a merge has no single answer */
	assert_int_equal(rt_chain_resolve(&r, b, "e0000000000e-1", &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "ambiguous walk"));
	rt_chain_free(c);
	rt_chain_free(b);
}

static char *
hist_str(const rt_chain *c, const char *range)
{
	rt_revlist h = RT_REVLIST_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_buf b = RT_BUF_INIT;
	size_t i;
	if (rt_chain_history(&h, c, range, &err) != RT_OK) {
		rt_buf_printf(&b, "error: %s", err.message);
	} else {
		for (i = 0; i < h.n; i++)
			rt_buf_printf(&b, "%s%s", i ? " " : "", h.v[i]->id);
	}
	rt_revlist_dispose(&h);
	return rt_buf_detach(&b);
}

static void
expect_hist(const rt_chain *c, const char *range, const char *want)
{
	char *got = hist_str(c, range);
	if (strcmp(got, want) != 0)
		fail_msg("history %s:\n got  %s\n want %s", range ? range : "", got, want);
	free(got);
}

static void
test_revision__history_order_and_ranges(void **state)
{
	rt_chain *c = mem_chain(branchy);
	rt_revlist heads = RT_REVLIST_INIT;
	rt_error err = RT_ERROR_INIT;
	(void)state;
	/* newest first, in alembic's order (its _topological_sort) */
	expect_hist(c, NULL, "f0000000000f e0000000000e c0000000000c d0000000000d b0000000000b a0000000000a");
	expect_hist(c, "b0000000000b:e0000000000e", "e0000000000e c0000000000c d0000000000d b0000000000b");
	expect_hist(c, ":c0000000000c", "c0000000000c b0000000000b a0000000000a");
	expect_hist(c, "d0000000000d:", "f0000000000f e0000000000e d0000000000d");
	expect_hist(c, "-1:", "f0000000000f e0000000000e");
	expect_hist(c, "-2:", "error: ambiguous walk: e0000000000e has 2 parents");
	expect_hist(c, "c0000000000c:d0000000000d",
		    "error: requested range c0000000000c:d0000000000d does not refer to ancestor/descendant revisions "
		    "along the same branch");
	expect_hist(c, "nocolon", "error: history range requires [start]:[end], [start]:, or :[end]");
	assert_int_equal(rt_chain_flags(c, rt_chain_find(c, "b0000000000b")), RT_REV_BRANCHPOINT);
	assert_int_equal(rt_chain_flags(c, rt_chain_find(c, "e0000000000e")), RT_REV_MERGEPOINT);
	assert_int_equal(rt_chain_flags(c, rt_chain_find(c, "f0000000000f")), RT_REV_HEAD);
	assert_int_equal(rt_chain_heads(&heads, c, &err), RT_OK);
	assert_int_equal(heads.n, 1);
	rt_revlist_dispose(&heads);
	rt_chain_free(c);
}

/* "up id: INSERT x, UPDATE a->b | ..." or "error: ..." */
static char *
steps_str(int rc, rt_steps *s, const rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	size_t i, k;
	if (rc != RT_OK) {
		rt_buf_printf(&b, "error: %s", err->message);
		return rt_buf_detach(&b);
	}
	for (i = 0; i < s->n; i++) {
		const rt_step *st = &s->v[i];
		rt_buf_printf(&b, "%s%s %s:", i ? " | " : "", st->is_upgrade ? "up" : "down", st->rev ? st->rev->id : "stamp");
		for (k = 0; k < st->n_ops; k++) {
			const rt_version_op *op = &st->ops[k];
			rt_buf_puts(&b, k ? ", " : " ");
			if (op->kind == RT_VERSION_INSERT)
				rt_buf_printf(&b, "INSERT %s", op->to);
			else if (op->kind == RT_VERSION_DELETE)
				rt_buf_printf(&b, "DELETE %s", op->from);
			else
				rt_buf_printf(&b, "UPDATE %s->%s", op->from, op->to);
		}
	}
	rt_steps_free(s);
	return rt_buf_detach(&b);
}

typedef int (*steps_fn)(rt_steps **, const rt_chain *, const char *const *, size_t, const char *, rt_error *);

static void
expect_steps(steps_fn fn, const rt_chain *c, const char *current, const char *target, const char *want)
{
	const char *v[8];
	size_t n = 0;
	char *copy = strdup(current), *save = NULL, *t, *got;
	rt_steps *s = NULL;
	rt_error err = RT_ERROR_INIT;
	int rc;
	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		v[n++] = t;
	rc = fn(&s, c, v, n, target, &err);
	got = steps_str(rc, s, &err);
	if (strcmp(got, want) != 0)
		fail_msg("from [%s] to %s:\n got  %s\n want %s", current, target, got, want);
	free(got);
	free(copy);
}

/* short names for the expectations below */
#define A "a0000000000a"
#define B "b0000000000b"
#define C "c0000000000c"
#define D "d0000000000d"
#define E "e0000000000e"
#define F "f0000000000f"

static void
test_revision__upgrade_paths(void **state)
{
	rt_chain *c = mem_chain(branchy), *l = mem_chain(linear);
	(void)state;
	expect_steps(rt_chain_upgrade, l, "", "head",
		     "up aaaa00000001: INSERT aaaa00000001 | up aaaa00000002: UPDATE aaaa00000001->aaaa00000002 | "
		     "up abcd00000003: UPDATE aaaa00000002->abcd00000003");
	expect_steps(rt_chain_upgrade, l, "aaaa00000001", "+1", "up aaaa00000002: UPDATE aaaa00000001->aaaa00000002");
	expect_steps(rt_chain_upgrade, l, "abcd00000003", "head", "");
	expect_steps(rt_chain_upgrade, l, "", "+4", "error: relative revision +4 didn't produce 4 migrations");
	expect_steps(rt_chain_upgrade, l, "aaaa00000001", "-1", "error: relative revision -1 didn't produce 1 migrations");
	expect_steps(rt_chain_upgrade, l, "ffffffffffff", "head",
		     "error: the database is at revision ffffffffffff, which is not in the chain");
	/* through a branch point and a merge: the second branch arrives as a new row, the merge
	 * deletes one row and updates the other */
	expect_steps(rt_chain_upgrade, c, "", "heads",
		     "up " A ": INSERT " A " | up " B ": UPDATE " A "->" B " | up " D ": UPDATE " B "->" D " | up " C
		     ": INSERT " C " | up " E ": DELETE " C ", UPDATE " D "->" E " | up " F ": UPDATE " E "->" F);
	expect_steps(rt_chain_upgrade, c, "", C,
		     "up " A ": INSERT " A " | up " B ": UPDATE " A "->" B " | up " C ": UPDATE " B "->" C);
	expect_steps(rt_chain_upgrade, c, C, D, "up " D ": INSERT " D);
	expect_steps(rt_chain_upgrade, c, C, "heads",
		     "up " D ": INSERT " D " | up " E ": DELETE " C ", UPDATE " D "->" E " | up " F ": UPDATE " E "->" F);
	expect_steps(rt_chain_upgrade, c, C "," D, "+1",
		     "error: ambiguous upgrade from multiple current revisions; name the target");
	expect_steps(rt_chain_upgrade, c, B, "+1", "error: ambiguous walk: " B " has 2 children");
	rt_chain_free(c);
	rt_chain_free(l);
}

static void
test_revision__downgrade_paths(void **state)
{
	rt_chain *c = mem_chain(branchy);
	(void)state;
	expect_steps(rt_chain_downgrade, c, F, "-1", "down " F ": UPDATE " F "->" E);
	/* un-merging: the merge's row becomes both parents' */
	expect_steps(rt_chain_downgrade, c, F, C, "down " F ": UPDATE " F "->" E " | down " E ": INSERT " C ", UPDATE " E "->" D);
	expect_steps(rt_chain_downgrade, c, F, B,
		     "down " F ": UPDATE " F "->" E " | down " E ": INSERT " C ", UPDATE " E "->" D " | down " C
		     ": DELETE " C " | down " D ": UPDATE " D "->" B);
	expect_steps(rt_chain_downgrade, c, C "," D, B, "down " C ": DELETE " C " | down " D ": UPDATE " D "->" B);
	expect_steps(rt_chain_downgrade, c, C "," D, C, "");
	expect_steps(rt_chain_downgrade, c, C, "base",
		     "down " C ": UPDATE " C "->" B " | down " B ": UPDATE " B "->" A " | down " A ": DELETE " A);
	expect_steps(rt_chain_downgrade, c, C, "-5", "error: relative revision -5 didn't produce 5 migrations");
	expect_steps(rt_chain_downgrade, c, "", "-1", "error: relative revision -1 didn't produce 1 migrations");
	expect_steps(rt_chain_downgrade, c, C, D, "error: destination " D " is not a valid downgrade target from current head(s)");
	expect_steps(rt_chain_downgrade, c, C, "+1", "error: relative revision +1 didn't produce 1 migrations");
	rt_chain_free(c);
}

static void
test_revision__stamp_paths(void **state)
{
	rt_chain *c = mem_chain(branchy);
	(void)state;
	expect_steps(rt_chain_stamp, c, "", "head", "up stamp: INSERT " F);
	expect_steps(rt_chain_stamp, c, F, "base", "down stamp: DELETE " F);
	expect_steps(rt_chain_stamp, c, F, C, "down stamp: UPDATE " F "->" C);
	expect_steps(rt_chain_stamp, c, C, D, "up stamp: INSERT " D);
	expect_steps(rt_chain_stamp, c, C "," D, E, "up stamp: DELETE " C ", UPDATE " D "->" E);
	expect_steps(rt_chain_stamp, c, A, F, "up stamp: UPDATE " A "->" F);
	expect_steps(rt_chain_stamp, c, F, F, "");
	expect_steps(rt_chain_stamp, c, "", "nope", "error: no revision 'nope' in the chain");
	rt_chain_free(c);
}

static void
test_revision__status(void **state)
{
	rt_chain *c = mem_chain(branchy);
	rt_chain_status st;
	rt_error err = RT_ERROR_INIT;
	const char *at_f[] = {F}, *at_c[] = {C}, *odd[] = {"zzzzzzzzzzzz"};
	(void)state;
	assert_int_equal(rt_chain_status_of(&st, c, at_f, 1, &err), RT_OK);
	assert_true(st.at_head);
	assert_int_equal(st.pending, 0);
	assert_int_equal(rt_chain_status_of(&st, c, at_c, 1, &err), RT_OK);
	assert_false(st.at_head);
	assert_int_equal(st.pending, 3);
	assert_int_equal(rt_chain_status_of(&st, c, NULL, 0, &err), RT_OK);
	assert_int_equal(st.pending, 6);
	assert_false(st.at_head);
	assert_int_equal(rt_chain_status_of(&st, c, odd, 1, &err), RT_OK);
	assert_true(st.unknown);
	rt_chain_free(c);
}

static void
test_revision__create_revises_the_head(void **state)
{
	char *dir = rt_test_mkdtemp(), *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *text;
	rt_revision_new_opts o = RT_REVISION_NEW_OPTS_INIT;
	rt_chain *c = NULL;
	rt_error err = RT_ERROR_INIT;
	const rt_revision *r;
	(void)state;
	setenv("RETORT_CREATE_DATE", "2024-01-01 00:00:00.000000", 1);
	assert_int_equal(rt_chain_load(&c, dir, &err), RT_OK);
	assert_int_equal(rt_chain_count(c), 0);
	o.message = "first";
	o.rev_id = "111111111111";
	assert_int_equal(rt_revision_create(&p1, c, dir, &o, &err), RT_OK);
	text = rt_test_read_file(p1);
	assert_non_null(strstr(text, "-- Revision ID: 111111111111\n-- Revises:\n-- Create Date: 2024-01-01 00:00:00.000000\n"));
	free(text);
	rt_chain_free(c);
	assert_int_equal(rt_chain_load(&c, dir, &err), RT_OK);
	assert_int_equal(rt_revision_create(&p2, c, dir, &o, &err), RT_EINVALID);  /* the id is taken */
	assert_non_null(strstr(err.message, "already exists"));
	o.rev_id = "invalid-id";
	assert_int_equal(rt_revision_create(&p2, c, dir, &o, &err), RT_EINVALID);
	o.rev_id = NULL;
	o.message = "second";
	o.upgrade_sql = "CREATE TABLE t (a int);";
	o.downgrade_sql = "DROP TABLE t;";
	assert_int_equal(rt_revision_create(&p2, c, dir, &o, &err), RT_OK);
	text = rt_test_read_file(p2);
	assert_non_null(strstr(text, "-- Revises: 111111111111\n"));
	assert_non_null(strstr(text, "-- retort:upgrade\nCREATE TABLE t (a int);\n\n-- retort:downgrade\nDROP TABLE t;\n"));
	free(text);
	/* a branch from the first: then there are two heads */
	o.head = "111111111111";
	o.message = "branch";
	assert_int_equal(rt_revision_create(&p3, c, dir, &o, &err), RT_OK);
	rt_chain_free(c);
	assert_int_equal(rt_chain_load(&c, dir, &err), RT_OK);
	assert_int_equal(rt_chain_count(c), 3);
	o.head = NULL;
	o.message = "ambiguous";
	assert_int_equal(rt_revision_create(&p4, c, dir, &o, &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "multiple heads"));
	o.head = "111111111111";
	assert_int_equal(rt_revision_create(&p4, c, dir, &o, &err), RT_EINVALID);
	assert_non_null(strstr(err.message, "not a head"));
	o.head = "heads";
	o.message = "merge";
	o.rev_id = "999999999999";
	assert_int_equal(rt_revision_create(&p4, c, dir, &o, &err), RT_OK);
	rt_chain_free(c);
	assert_int_equal(rt_chain_load(&c, dir, &err), RT_OK);
	r = rt_chain_find(c, "999999999999");
	assert_non_null(r);
	assert_int_equal(r->n_down, 2);
	assert_int_equal(rt_chain_flags(c, r), RT_REV_HEAD | RT_REV_MERGEPOINT);
	unsetenv("RETORT_CREATE_DATE");
	free(p1);
	free(p2);
	free(p3);
	free(p4);
	rt_chain_free(c);
	drop_dir(dir);
}

static void
test_revision__allocation_failures_are_clean(void **state)
{
	/* any allocation in a load or a plan may fail: no crash, no leak (run it under ASan) */
	char *dir = versions_dir("aaaaaaaaaaaa_x.sql", SQL_FILE("aaaaaaaaaaaa", "", ""), "bbbbbbbbbbbb_y.sql",
				 SQL_FILE("bbbbbbbbbbbb", "aaaaaaaaaaaa", "-- Depends On: aaaaaaaaaaaa\n"), NULL);
	long n;
	int ok = 0;
	(void)state;
	for (n = 1; n < 300; n++) {
		rt_chain *c = NULL;
		rt_steps *s = NULL;
		rt_error err = RT_ERROR_INIT;
		rt_malloc_fail_after(n);
		if (rt_chain_load(&c, dir, &err) == RT_OK && rt_chain_upgrade(&s, c, NULL, 0, "heads", &err) == RT_OK) {
			rt_steps_free(s);
			ok++;
		}
		rt_malloc_fail_after(0);
		rt_chain_free(c);
	}
	assert_true(ok > 0);  /* the loop went past the last allocation */
	drop_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revision__slug_matches_alembic_table),
		cmocka_unit_test(test_revision__slug_matches_python_alembic),
		cmocka_unit_test(test_revision__slug_edges),
		cmocka_unit_test(test_revision__new_id_is_12_lower_hex),
		cmocka_unit_test(test_revision__check_id),
		cmocka_unit_test(test_revision__create_date),
		cmocka_unit_test(test_revision__render_golden),
		cmocka_unit_test(test_revision__write_then_load_round_trip),
		cmocka_unit_test(test_revision__no_message_is_alembics_empty_message),
		cmocka_unit_test(test_revision__load_errors_name_the_file),
		cmocka_unit_test(test_revision__alembic_py_files_join_the_chain),
		cmocka_unit_test(test_revision__resolve_targets),
		cmocka_unit_test(test_revision__history_order_and_ranges),
		cmocka_unit_test(test_revision__upgrade_paths),
		cmocka_unit_test(test_revision__downgrade_paths),
		cmocka_unit_test(test_revision__stamp_paths),
		cmocka_unit_test(test_revision__status),
		cmocka_unit_test(test_revision__create_revises_the_head),
		cmocka_unit_test(test_revision__allocation_failures_are_clean),
	};
	return cmocka_run_group_tests_name("revision", tests, NULL, NULL);
}
