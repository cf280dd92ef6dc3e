/* Unit tests for src/normalize.c: expression equality as normalized parse trees.  The right
 * column of every pair is what a PostgreSQL 15.18 server printed back (pg_get_constraintdef /
 * pg_get_expr) for the expression on the left, not text written by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "retort/arena.h"
#include "retort/normalize.h"

typedef struct pair {
	const char *user;
	const char *server;
} pair;

/* ALTER TABLE t ADD CHECK (<user>) → pg_get_constraintdef, CHECK (...) removed; columns:
 * a, b int; v varchar(10); c char(3); n numeric; m mood; ts timestamp; tz timestamptz;
 * tx text; j jsonb; bo bool; arr text[]; f8 float8; bi bigint; d date. */
static const pair server_pairs[] = {
	{"a in (1,2,3)", "(a = ANY (ARRAY[1, 2, 3]))"},
	{"a not in (1,2)", "(a <> ALL (ARRAY[1, 2]))"},
	{"a between 1 and 10", "((a >= 1) AND (a <= 10))"},
	{"a not between 1 and 10", "((a < 1) OR (a > 10))"},
	{"a between symmetric 10 and 1", "(((a >= 10) AND (a <= 1)) OR ((a >= 1) AND (a <= 10)))"},
	{"a is distinct from b", "(a IS DISTINCT FROM b)"},
	{"a is not distinct from b", "(NOT (a IS DISTINCT FROM b))"},
	{"v in ('x','y')", "((v)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))"},
	{"v like 'a%'", "((v)::text ~~ 'a%'::text)"},
	{"tx ilike 'a%'", "(tx ~~* 'a%'::text)"},
	{"tx not like 'a%'", "(tx !~~ 'a%'::text)"},
	{"n > 0", "(n > (0)::numeric)"},
	{"a > 0.5", "((a)::numeric > 0.5)"},
	{"a > -1", "(a > '-1'::integer)"},
	{"f(a) > 0", "(public.f(a) > 0)"},
	{"m <> 'a'", "(m <> 'a'::public.mood)"},
	{"length(v) > 2", "(length((v)::text) > 2)"},
	{"c = 'abc'", "(c = 'abc'::bpchar)"},
	{"tx ~* '^[a-z]+$'", "(tx ~* '^[a-z]+$'::text)"},
	{"coalesce(a, 0) >= 0 and (b is null or b > a)", "((COALESCE(a, 0) >= 0) AND ((b IS NULL) OR (b > a)))"},
	{"case when a > 0 then true else false end", "\nCASE\n    WHEN (a > 0) THEN true\n    ELSE false\nEND"},
	{"j ? 'k'", "(j ? 'k'::text)"},
	{"ts < now()", "(ts < now())"},
	{"tz > current_timestamp - interval '1 day'", "(tz > (CURRENT_TIMESTAMP - '1 day'::interval))"},
	{"not bo", "(NOT bo)"},
	{"bo is true", "(bo IS TRUE)"},
	{"d > '2020-01-01'", "(d > '2020-01-01'::date)"},
	{"tx similar to 'a%'", "(tx ~ similar_to_escape('a%'::text))"},
	{"v = any (array['a','b'])", "((v)::text = ANY (ARRAY['a'::text, 'b'::text]))"},
	{"a = 1 or a = 2 or a = 3", "((a = 1) OR (a = 2) OR (a = 3))"},
	{"bi > 10000000000", "(bi > '10000000000'::bigint)"},
	{"f8 > 1.5", "(f8 > (1.5)::double precision)"},
	{"tx = lower(tx) collate \"C\"", "(tx = (lower(tx) COLLATE \"C\"))"},
	{"extract(year from d) > 2000", "(EXTRACT(year FROM d) > (2000)::numeric)"},
	{"a % 2 = 0", "((a % 2) = 0)"},
	{"(a + b) * 2 > a", "(((a + b) * 2) > a)"},
	/* column defaults (pg_get_expr(adbin, adrelid)) */
	{"'x'", "'x'::character varying"},
	{"-1", "'-1'::integer"},
	{"'ok'", "'ok'::public.mood"},
	{"now()", "now()"},
	{"'{}'", "'{}'::text[]"},
	{"nextval('t_id_seq')", "nextval('public.t_id_seq'::regclass)"},
	{"nextval('\"Order_id_seq\"'::regclass)", "nextval('public.\"Order_id_seq\"'::regclass)"},
	{"true", "true"},
	{"'ab'::varchar(5)::text", "('ab'::character varying(5))::text"},
	{"a::int4", "(a)::integer"},
	{"x::varchar(5)::text", "((x)::character varying(5))::text"},
	{"case when a > 1 then 1 end", "\nCASE\n    WHEN a > 1 THEN 1\n    ELSE NULL::integer\nEND"},
	{"lower(name)", "lower(name::text)"}, /* pg_get_indexdef(.., true) */
	{"'2020-01-01'::date", "'2020-01-01'::date"},
	{"B'101'", "'101'::\"bit\""},
	{"array['a','b']", "ARRAY['a'::text, 'b'::text]"},
	/* literal defaults the server reads and prints back through the column type */
	{"'1 day 2 hours'", "'1 day 02:00:00'::interval"},
	{"interval '1 day 2 hours'", "'1 day 02:00:00'::interval"},
	{"'1.5 months'", "'1 mon 15 days'::interval"},
	{"'@ 1 hour ago'", "'-01:00:00'::interval"},
	{"'1e15'", "'1e+15'::double precision"},
	{"1.5e10", "'15000000000'::numeric"},
	{"'1.5e10'", "'1.5000001e+10'::real"},
	{"1e-3", "0.001"},
	{"'yes'", "true"},
	{"'0'", "false"},
	{"'007'", "7"},
	{"9223372036854775807", "'9223372036854775807'::bigint"},
	{"'{\"a b\",\"c''d\", NULL, \"x\\\\y\"}'", "'{\"a b\",c''d,NULL,\"x\\\\y\"}'::text[]"},
	{"'[0:1]={ 1 , 02 }'", "'[0:1]={1,2}'::integer[]"},
	{"'{1.5e10, 0.1}'", "'{15000000000,0.1}'::double precision[]"},
	{"ARRAY['1 day 2 hours']::interval[]", "ARRAY['1 day 02:00:00'::interval]"},
	{"'2006-11-10 00:00:00+01'", "'2006-11-09 23:00:00+00'::timestamp with time zone"},
};

/* Expressions that must stay apart. */
static const pair different[] = {
	/* the same value, stored and printed apart: a change of spelling is a change */
	{"now()", "CURRENT_TIMESTAMP"},
	{"a > 1", "a > 2"},
	{"a in (1,2)", "a in (1,3)"},
	{"a < b", "b < a"},
	{"lower(x)", "upper(x)"},
	{"a = 1 and b = 2", "a = 1 or b = 2"},
	{"a is null", "a is not null"},
	{"'x'", "'y'"},
	{"a between 1 and 10", "a between 1 and 11"},
	{"nextval('a_seq')", "nextval('b_seq')"},
	{"a + 1", "a - 1"},
	{"'1 day 2 hours'::interval", "'1 day 03:00:00'::interval"},
	{"'1 day 2 hours'", "'26:00:00'::interval"},
	{"1.50", "1.5"},
	{"'{1,2}'::int[]", "'{2,1}'::integer[]"},
	{"'{\"a b\"}'::text[]", "'{a,b}'::text[]"},
	{"'007'", "'7'::text"},
	{"'2006-11-10 00:00:00+01'::timestamptz", "'2006-11-10 00:00:00+00'::timestamp with time zone"},
};

static void test_normalize__server_rewrites_compare_equal(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof server_pairs / sizeof server_pairs[0]; i++) {
		if (!rt_norm_expr_equal(server_pairs[i].user, server_pairs[i].server))
			fail_msg("not equal: [%s] vs [%s]", server_pairs[i].user, server_pairs[i].server);
		/* symmetric */
		assert_true(rt_norm_expr_equal(server_pairs[i].server, server_pairs[i].user));
	}
}

static void test_normalize__different_expressions_stay_apart(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof different / sizeof different[0]; i++)
		if (rt_norm_expr_equal(different[i].user, different[i].server))
			fail_msg("equal: [%s] vs [%s]", different[i].user, different[i].server);
}

static void test_normalize__null_and_unparsable(void **state)
{
	(void)state;
	assert_true(rt_norm_expr_equal(NULL, NULL));
	assert_false(rt_norm_expr_equal("a", NULL));
	assert_false(rt_norm_expr_equal(NULL, "a"));
	/* does not parse: compared as bytes */
	assert_true(rt_norm_expr_equal("a >", "a >"));
	assert_false(rt_norm_expr_equal("a >", "a  >"));
	/* an expression cannot smuggle a second statement or a FROM clause */
	assert_false(rt_norm_expr_equal("1 FROM t", "1"));
}

static void test_normalize__queries_and_constraints(void **state)
{
	(void)state;
	assert_true(rt_norm_query_equal("select a from t where a in (1,2)",
					" SELECT t.a\n   FROM t\n  WHERE (t.a = ANY (ARRAY[1, 2]))") == false);
	assert_true(rt_norm_query_equal("SELECT a FROM t WHERE a IN (1, 2)",
					"select a from t where a = any(array[1,2])"));
	assert_true(rt_norm_constraint_equal("EXCLUDE USING gist (room WITH =, during WITH &&)",
					     "EXCLUDE USING gist (room WITH =, during WITH &&)"));
	assert_true(rt_norm_constraint_equal("EXCLUDE USING btree (c WITH =) WHERE (c > 0)",
					     "EXCLUDE USING btree (c WITH =) WHERE ((c > 0))"));
	assert_false(rt_norm_constraint_equal("EXCLUDE USING gist (room WITH =)",
					      "EXCLUDE USING gist (room WITH &&)"));
}

static void test_normalize__canonical_text(void **state)
{
	char *a, *b;
	(void)state;
	a = rt_norm_expr_canonical("v in ('x','y')");
	b = rt_norm_expr_canonical("((v)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	rt_free(a);
	rt_free(b);
	assert_null(rt_norm_expr_canonical("a >"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize__server_rewrites_compare_equal),
		cmocka_unit_test(test_normalize__different_expressions_stay_apart),
		cmocka_unit_test(test_normalize__null_and_unparsable),
		cmocka_unit_test(test_normalize__queries_and_constraints),
		cmocka_unit_test(test_normalize__canonical_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
