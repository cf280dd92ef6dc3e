/* Unit tests for the DDL front-end (src/ddl*.c): names PostgreSQL gives unnamed objects, serial
 * and identity columns, type aliases, search_path, annotations, errors.  No server: views are
 * loaded offline.  Every expected name and type string here was checked against a PostgreSQL
 * 15.18 server loading the same DDL (introspection of it is the contract). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "retort/buf.h"
#include "retort/ddl.h"
#include "retort/graph.h"
#include "retort/normalize.h"

static rt_graph *
load_opts(const char *sql, rt_ddl_opts *o, int want_rc, rt_error *err)
{
	rt_graph *g = NULL;
	int rc;
	assert_int_equal(rt_graph_new(&g, err), RT_OK);
	o->offline = true;
	rc = rt_ddl_load_string(g, sql, "models.sql", o, err);
	if (rc != want_rc) {
		rt_buf b = RT_BUF_INIT;
		rt_error_format(&b, err);
		fail_msg("rc %d, wanted %d: %s", rc, want_rc, rt_buf_cstr(&b));
	}
	return g;
}

static rt_graph *
load(const char *sql)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	return load_opts(sql, &o, RT_OK, &err);
}

static bool
has(rt_graph *g, rt_kind k, const char *schema, const char *table, const char *name)
{
	return rt_graph_find(g, k, schema, table, name) != NULL;
}

static void test_ddl__unnamed_constraint_names(void **state)
{
	rt_graph *g;
	(void)state;
	g = load("create table p (a int, b int, primary key (a, b));\n"
		 "create table t (id serial primary key, a int, b int, c text check (c <> ''),\n"
		 "  check (a > 0 and b > 0), check (a > 1), check (1 < 2),\n"
		 "  foreign key (a, b) references p, unique (a) include (b), unique (a), unique (a));\n");
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_c_check"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_check"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_a_check"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_check1"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_pkey"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_a_b_key"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_a_key"));
	/* the third UNIQUE (a) is merged into the second, as transformIndexConstraints does */
	assert_false(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_a_key1"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_a_b_fkey"));
	assert_true(has(g, RT_KIND_INDEX, "public", "t", "t_pkey"));
	assert_true(has(g, RT_KIND_SEQUENCE, "public", NULL, "t_id_seq"));
	{
		rt_constraint *fk = (rt_constraint *)rt_graph_find(g, RT_KIND_CONSTRAINT, "public", "t", "t_a_b_fkey");
		assert_string_equal(fk->ref_table, "p");
		assert_int_equal(fk->nref_columns, 2);
		assert_string_equal(fk->ref_columns[1], "b");
		assert_int_equal(fk->match, 's');
		assert_int_equal(fk->on_delete, 'a');
	}
	rt_graph_free(g);
}

static void test_ddl__index_names(void **state)
{
	rt_graph *g;
	rt_index *x;
	(void)state;
	g = load("create table t (a int, b int, c text);\n"
		 "create index on t (lower(c), a, (a+b), (c::text), (a), (b+1), (case when a>1 then 1 end));\n"
		 "create index on t (a) include (b);\n"
		 "create index on t (a);\n"
		 "create index on t (a);\n");
	assert_true(has(g, RT_KIND_INDEX, "public", "t", "t_lower_a_expr_c_a1_expr1_case_idx"));
	assert_true(has(g, RT_KIND_INDEX, "public", "t", "t_a_b_idx"));
	assert_true(has(g, RT_KIND_INDEX, "public", "t", "t_a_idx"));
	assert_true(has(g, RT_KIND_INDEX, "public", "t", "t_a_idx1"));
	x = (rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "t", "t_lower_a_expr_c_a1_expr1_case_idx");
	assert_int_equal(x->nkeys, 7);
	assert_null(x->keys[0].column);
	assert_string_equal(x->keys[0].expr, "lower(c)");
	/* (c::text) on a text column and (a) are plain column keys */
	assert_string_equal(x->keys[3].column, "c");
	assert_string_equal(x->keys[4].column, "a");
	rt_graph_free(g);
}

static void test_ddl__long_names_truncate_like_postgres(void **state)
{
	rt_graph *g;
	(void)state;
	g = load("create table long_table_name_that_is_quite_long_indeed_more_than_forty_chars (\n"
		 "  some_really_long_column_name_that_goes_on_and_on int primary key,\n"
		 "  other_really_long_column_name_that_goes_on_and_on int unique);\n");
	assert_true(has(g, RT_KIND_CONSTRAINT, "public",
			"long_table_name_that_is_quite_long_indeed_more_than_forty_chars",
			"long_table_name_that_is_quite_long_indeed_more_than_forty__pkey"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public",
			"long_table_name_that_is_quite_long_indeed_more_than_forty_chars",
			"long_table_name_that_is_quite_other_really_long_column_name_key"));
	rt_graph_free(g);
}

static void test_ddl__serial_is_integer_sequence_and_default(void **state)
{
	rt_graph *g;
	rt_table *t;
	rt_sequence *s;
	(void)state;
	g = load("create table \"Order\" (id bigserial, n smallserial);");
	t = rt_graph_find_table(g, "public", "Order");
	assert_non_null(t);
	assert_string_equal(t->columns[0].type, "bigint");
	assert_true(t->columns[0].not_null);
	assert_string_equal(t->columns[0].default_expr, "nextval('public.\"Order_id_seq\"'::regclass)");
	assert_string_equal(t->columns[1].type, "smallint");
	s = (rt_sequence *)rt_graph_find(g, RT_KIND_SEQUENCE, "public", NULL, "Order_n_seq");
	assert_non_null(s);
	assert_string_equal(s->opts.data_type, "smallint");
	assert_int_equal(s->opts.max, 32767);
	assert_int_equal(s->opts.min, 1);
	assert_int_equal(s->opts.start, 1);
	assert_string_equal(s->owned_table, "Order");
	assert_string_equal(s->owned_column, "n");
	rt_graph_free(g);
}

static void test_ddl__identity_and_sequence_options(void **state)
{
	rt_graph *g;
	rt_table *t;
	rt_sequence *s;
	(void)state;
	g = load("create table t (id int generated by default as identity (start with 5 increment by 5));\n"
		 "create sequence down increment by -1;\n"
		 "create sequence up as integer;\n"
		 "alter sequence up as smallint;\n");
	t = rt_graph_find_table(g, "public", "t");
	assert_int_equal(t->columns[0].identity, 'd');
	assert_true(t->columns[0].not_null);
	assert_string_equal(t->columns[0].identity_seq, "t_id_seq");
	assert_string_equal(t->columns[0].identity_opts->data_type, "integer");
	assert_int_equal(t->columns[0].identity_opts->start, 5);
	assert_int_equal(t->columns[0].identity_opts->increment, 5);
	assert_int_equal(t->columns[0].identity_opts->max, 2147483647);
	/* the identity sequence is no object of its own */
	assert_null(rt_graph_find(g, RT_KIND_SEQUENCE, "public", NULL, "t_id_seq"));
	s = (rt_sequence *)rt_graph_find(g, RT_KIND_SEQUENCE, "public", NULL, "down");
	assert_int_equal(s->opts.max, -1);
	assert_int_equal(s->opts.min, INT64_MIN);
	assert_int_equal(s->opts.start, -1);
	s = (rt_sequence *)rt_graph_find(g, RT_KIND_SEQUENCE, "public", NULL, "up");
	assert_string_equal(s->opts.data_type, "smallint");
	assert_int_equal(s->opts.max, 32767); /* was the old type's default: follows the type */
	rt_graph_free(g);
}

static void test_ddl__type_names_as_format_type(void **state)
{
	static const char *const want[][2] = {
		{"int", "integer"}, {"int4", "integer"}, {"int8", "bigint"}, {"int2", "smallint"},
		{"varchar(10)", "character varying(10)"}, {"varchar", "character varying"},
		{"char", "character(1)"}, {"character(3)", "character(3)"}, {"bpchar", "bpchar"},
		{"decimal(10,2)", "numeric(10,2)"}, {"numeric(5)", "numeric(5,0)"}, {"numeric", "numeric"},
		{"bool", "boolean"}, {"float8", "double precision"}, {"float", "double precision"},
		{"float(10)", "real"}, {"real", "real"}, {"timestamp", "timestamp without time zone"},
		{"timestamptz(3)", "timestamp(3) with time zone"}, {"timetz", "time with time zone"},
		{"time(2)", "time(2) without time zone"}, {"interval", "interval"},
		{"interval year to month", "interval year to month"}, {"interval(3)", "interval(3)"},
		{"interval day to second(2)", "interval day to second(2)"}, {"bit(3)", "bit(3)"},
		{"bit varying(5)", "bit varying(5)"}, {"text[]", "text[]"}, {"int[][]", "integer[]"},
		{"\"char\"", "\"char\""}, {"jsonb", "jsonb"}, {"uuid", "uuid"}, {"mood", "public.mood"},
		{"\"My Schema\".\"Mood\"[]", "\"My Schema\".\"Mood\"[]"}, {"citext", "public.citext"},
	};
	rt_buf sql = RT_BUF_INIT;
	rt_graph *g;
	rt_table *t;
	size_t i;
	(void)state;
	rt_buf_puts(&sql, "create extension citext; create type mood as enum ('a');\n"
			  "create schema \"My Schema\"; create type \"My Schema\".\"Mood\" as enum ('x');\n"
			  "create table t (");
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		rt_buf_printf(&sql, "%sc%zu %s", i ? ", " : "", i, want[i][0]);
	rt_buf_puts(&sql, ");");
	g = load(rt_buf_cstr(&sql));
	t = rt_graph_find_table(g, "public", "t");
	assert_int_equal(t->ncolumns, (int)(sizeof want / sizeof want[0]));
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if (strcmp(t->columns[i].type, want[i][1]))
			fail_msg("%s: got %s, want %s", want[i][0], t->columns[i].type, want[i][1]);
	rt_graph_free(g);
	rt_buf_dispose(&sql);
}

static void test_ddl__search_path_and_schemas(void **state)
{
	rt_graph *g;
	(void)state;
	g = load("create schema app;\n"
		 "set search_path = app, public;\n"
		 "create table a (id int);\n"
		 "select pg_catalog.set_config('search_path', '', false);\n"
		 "create table public.b (id int references app.a (id));\n"
		 "reset search_path;\n"
		 "create table c (id int);\n");
	assert_non_null(rt_graph_find_table(g, "app", "a"));
	assert_non_null(rt_graph_find_table(g, "public", "b"));
	assert_non_null(rt_graph_find_table(g, "public", "c"));
	assert_true(has(g, RT_KIND_SCHEMA, NULL, NULL, "app"));
	/* public is in every graph, with no comment while it has the one every database has */
	assert_true(has(g, RT_KIND_SCHEMA, NULL, NULL, "public"));
	assert_null(rt_graph_find(g, RT_KIND_SCHEMA, NULL, NULL, "public")->comment);
	rt_graph_free(g);
	g = load("comment on schema public is 'standard public schema';\n");
	assert_null(rt_graph_find(g, RT_KIND_SCHEMA, NULL, NULL, "public")->comment);
	rt_graph_free(g);
	g = load("comment on schema public is 'Shared objects';\n");
	assert_string_equal(rt_graph_find(g, RT_KIND_SCHEMA, NULL, NULL, "public")->comment, "Shared objects");
	rt_graph_free(g);
	/* dropped, it is gone: nothing can be created in it any more */
	{
		rt_ddl_opts o = RT_DDL_OPTS_INIT;
		rt_error err = RT_ERROR_INIT;
		g = load_opts("drop schema public;\ncreate table t (id int);\n", &o, RT_EINVALID, &err);
		assert_false(has(g, RT_KIND_SCHEMA, NULL, NULL, "public"));
		rt_graph_free(g);
	}
}

static void test_ddl__renamed_annotations(void **state)
{
	rt_graph *g;
	rt_table *t;
	(void)state;
	g = load("-- @renamed from=old_users\n"
		 "CREATE TABLE users (\n"
		 "  id int,\n"
		 "  full_name text -- @renamed from=name\n"
		 ");\n"
		 "-- @renamed from=\"Old Mood\"\n"
		 "CREATE TYPE mood AS ENUM ('a');\n");
	t = rt_graph_find_table(g, "public", "users");
	assert_string_equal(t->obj.renamed_from, "old_users");
	assert_null(t->columns[0].renamed_from);
	assert_string_equal(t->columns[1].renamed_from, "name");
	assert_string_equal(rt_graph_find(g, RT_KIND_ENUM, "public", NULL, "mood")->renamed_from, "Old Mood");
	rt_graph_free(g);
}

/* A column's annotation is found by its place in the file, whatever comes before the table,
 * and belongs to one column only: the one whose text the comment ends a line of. */
static void test_ddl__renamed_column_after_other_statements(void **state)
{
	rt_graph *g;
	rt_table *t;
	(void)state;
	g = load("CREATE SCHEMA zz; -- a comment -- @renamed from=nothing\n"
		 "CREATE TABLE zz.a (x int);\n"
		 "CREATE TABLE users (\n"
		 "  id int, email_address text -- @renamed from=email\n"
		 "    NOT NULL,\n"
		 "  -- @renamed from=on_its_own_line\n"
		 "  nick text\n"
		 "    DEFAULT '--', -- @renamed from=name\n"
		 "  age int CHECK (age > 0), CONSTRAINT k UNIQUE (id) -- @renamed from=old_k\n"
		 ");\n"
		 "ALTER TABLE users ADD COLUMN p int, -- @renamed from=q\n"
		 "  ADD COLUMN r int;\n"
		 "CREATE TABLE s (a int, b int); -- @renamed from=c\n");
	t = rt_graph_find_table(g, "public", "users");
	assert_int_equal(t->ncolumns, 6);
	assert_null(t->columns[0].renamed_from);
	assert_string_equal(t->columns[1].renamed_from, "email");
	assert_string_equal(t->columns[2].renamed_from, "name");
	assert_null(t->columns[3].renamed_from);
	assert_string_equal(t->columns[4].renamed_from, "q");
	assert_null(t->columns[5].renamed_from);
	t = rt_graph_find_table(g, "public", "s");
	assert_null(t->columns[0].renamed_from);
	assert_string_equal(t->columns[1].renamed_from, "c");
	rt_graph_free(g);
}

/* An enum label's annotation ends one of its lines inside the parentheses; labels holding
 * `--` or `@renamed` are labels, not comments. */
static void test_ddl__renamed_enum_labels(void **state)
{
	rt_graph *g;
	rt_enum *e;
	(void)state;
	g = load("CREATE SCHEMA zz;\n"
		 "-- @renamed from=old_mood\n"
		 "CREATE TYPE mood AS ENUM (\n"
		 "  'sad', 'fine', -- @renamed from=ok\n"
		 "  -- @renamed from=on_its_own_line\n"
		 "  'a -- @renamed from=x',\n"
		 "  'It''s' /* c */ -- @renamed from=\"Its\"\n"
		 "); -- @renamed from=after_the_list\n"
		 "ALTER TYPE mood ADD VALUE 'first' BEFORE 'sad';\n"
		 "CREATE TYPE plain AS ENUM ('a', 'b');\n");
	e = (rt_enum *)rt_graph_find(g, RT_KIND_ENUM, "public", NULL, "mood");
	assert_string_equal(e->obj.renamed_from, "old_mood");
	assert_int_equal(e->nlabels, 5);
	assert_non_null(e->label_renamed_from);
	assert_null(e->label_renamed_from[0]);
	assert_null(e->label_renamed_from[1]);
	assert_string_equal(e->labels[2], "fine");
	assert_string_equal(e->label_renamed_from[2], "ok");
	assert_string_equal(e->labels[3], "a -- @renamed from=x");
	assert_null(e->label_renamed_from[3]);
	assert_string_equal(e->labels[4], "It's");
	assert_string_equal(e->label_renamed_from[4], "Its");
	e = (rt_enum *)rt_graph_find(g, RT_KIND_ENUM, "public", NULL, "plain");
	assert_null(e->label_renamed_from);
	rt_graph_free(g);
}

/* Composite types: attributes as format_type prints them, collations, dependencies, the
 * pg_class name they take, ALTER TYPE forms, comments, annotations and drops. */
static void test_ddl__composite_types(void **state)
{
	rt_graph *g;
	rt_composite *t;
	rt_table *tab;
	(void)state;
	g = load("create schema s;\n"
		 "create type mood as enum ('a', 'b');\n"
		 "create domain code as text collate \"C\";\n"
		 "-- @renamed from=old_pair\n"
		 "create type s.pair as (\n"
		 "  label varchar(10) collate \"C\",\n"
		 "  m mood, -- @renamed from=feeling\n"
		 "  c code collate \"C\",\n"
		 "  nums int[]\n"
		 ");\n"
		 "alter type s.pair add attribute extra numeric(5,2), drop attribute nums;\n"
		 "alter type s.pair alter attribute label set data type text;\n"
		 "alter type s.pair rename attribute extra to amount;\n"
		 "comment on type s.pair is 'two';\n"
		 "comment on column s.pair.m is 'how';\n"
		 "create type empty as ();\n"
		 "create type gone as (x int);\n"
		 "drop type gone;\n"
		 "create table gone (y s.pair[]);\n");
	t = (rt_composite *)rt_graph_find(g, RT_KIND_COMPOSITE, "s", NULL, "pair");
	assert_non_null(t);
	assert_string_equal(t->obj.renamed_from, "old_pair");
	assert_string_equal(t->obj.comment, "two");
	assert_int_equal(t->nattrs, 4);
	assert_string_equal(t->attrs[0].name, "label");
	assert_string_equal(t->attrs[0].type, "text");
	assert_null(t->attrs[0].collation); /* ALTER ... TYPE without COLLATE: the type's own */
	assert_string_equal(t->attrs[1].type, "public.mood");
	assert_string_equal(t->attrs[1].renamed_from, "feeling");
	assert_string_equal(t->attrs[1].comment, "how");
	assert_null(t->attrs[2].collation); /* the domain's collation already */
	assert_string_equal(t->attrs[3].name, "amount");
	assert_string_equal(t->attrs[3].type, "numeric(5,2)");
	assert_int_equal(t->attrs[3].attnum, 4);
	assert_int_equal(t->obj.ndeps, 3); /* mood, code, schema s */
	assert_int_equal(((rt_composite *)rt_graph_find(g, RT_KIND_COMPOSITE, "public", NULL, "empty"))->nattrs, 0);
	assert_false(has(g, RT_KIND_COMPOSITE, "public", NULL, "gone"));
	tab = rt_graph_find_table(g, "public", "gone");
	assert_string_equal(tab->columns[0].type, "s.pair[]");
	assert_ptr_equal(tab->obj.deps[tab->obj.deps[0]->kind == RT_KIND_SCHEMA ? 1 : 0], &t->obj);
	rt_graph_free(g);
}

/* A composite type takes a name among relations and types alike; its attributes take no
 * constraints; ALTER TYPE names an attribute that exists. */
static void test_ddl__composite_type_errors(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	(void)state;
	g = load_opts("create table t (a int);\ncreate type t as (x int);\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	g = load_opts("create type p as (x int);\ncreate table p (a int);\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	g = load_opts("create type p as (x int);\ncreate sequence p;\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	g = load_opts("create type p as (x int, x text);\n", &o, RT_EINVALID, &err);
	rt_graph_free(g);
	g = load_opts("create type p as (x int);\n\nalter type p drop attribute y;\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 3);
	rt_graph_free(g);
	g = load_opts("create type p as (x int);\nalter type p rename attribute x to x;\n", &o, RT_EINVALID, &err);
	rt_graph_free(g);
	g = load_opts("create type p as (x int);\ncomment on column p.y is 'no';\n", &o, RT_ENOTFOUND, &err);
	rt_graph_free(g);
	g = load_opts("create type p as (x int);\nalter table p add column y int;\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
}

/* Range types: the multirange type's default name (makeMultirangeTypeName), a chosen one,
 * columns of either type, options in their canonical forms; CANONICAL is not modelled. */
static void test_ddl__range_types(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_range *r;
	rt_table *t;
	(void)state;
	g = load("create schema s;\n"
		 "create type floatrange as range (subtype = float8, subtype_diff = pg_catalog.float8mi);\n"
		 "create type s.span as range (subtype = text, collation = \"C\", subtype_opclass = text_pattern_ops);\n"
		 "create type r2 as range (subtype = int4, multirange_type_name = s.many);\n"
		 "create type a123456789012345678901234567890123456789012345678901234 as range (subtype = date);\n"
		 "create table t (a floatmultirange, b s.span_multirange, c s.many, d floatrange[]);\n");
	r = (rt_range *)rt_graph_find(g, RT_KIND_RANGE, "public", NULL, "floatrange");
	assert_string_equal(r->subtype, "double precision");
	assert_string_equal(r->subtype_diff, "float8mi");
	assert_string_equal(r->multirange_schema, "public");
	assert_string_equal(r->multirange, "floatmultirange");
	r = (rt_range *)rt_graph_find(g, RT_KIND_RANGE, "s", NULL, "span");
	assert_string_equal(r->multirange, "span_multirange");
	assert_string_equal(r->collation, "pg_catalog.\"C\"");
	assert_string_equal(r->opclass, "pg_catalog.text_pattern_ops");
	r = (rt_range *)rt_graph_find(g, RT_KIND_RANGE, "public", NULL, "r2");
	assert_string_equal(r->multirange_schema, "s");
	assert_string_equal(r->multirange, "many");
	r = (rt_range *)rt_graph_find(g, RT_KIND_RANGE, "public", NULL,
				      "a123456789012345678901234567890123456789012345678901234");
	assert_string_equal(r->multirange, "a123456789012345678901234567890123456789012345678901_multirange");
	t = rt_graph_find_table(g, "public", "t");
	assert_string_equal(t->columns[0].type, "public.floatmultirange");
	assert_string_equal(t->columns[1].type, "s.span_multirange");
	assert_string_equal(t->columns[2].type, "s.many");
	assert_string_equal(t->columns[3].type, "public.floatrange[]");
	rt_graph_free(g);
	g = load_opts("create type r as range (subtype = int4);\ncreate type r_multirange as enum ('a');\n", &o,
		      RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	g = load_opts("create table t (a int);\n"
		      "create type r as range (subtype = int4, canonical = f);\n", &o, RT_EUNSUPPORTED, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
}

static void test_ddl__alter_table_forms(void **state)
{
	rt_graph *g;
	rt_table *t;
	(void)state;
	g = load("create table t (id int, a int, b text);\n"
		 "alter table t add primary key (id);\n"
		 "alter table t add column c int not null default 0 check (c >= 0);\n"
		 "alter table t alter column b set default 'x', alter column a set not null;\n"
		 "alter table t add constraint uq unique (a, b);\n"
		 "alter table t drop column b;\n"
		 "alter table t owner to nobody;\n"
		 "comment on table t is 'tee';\n"
		 "comment on column t.a is 'ay';\n");
	t = rt_graph_find_table(g, "public", "t");
	assert_int_equal(t->ncolumns, 3);
	assert_string_equal(t->columns[2].name, "c");
	assert_int_equal(t->columns[2].attnum, 3);
	assert_true(t->columns[0].not_null); /* primary key */
	assert_true(t->columns[1].not_null);
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_pkey"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "t", "t_c_check"));
	/* dropping b dropped the unique constraint on (a, b) and its index */
	assert_false(has(g, RT_KIND_CONSTRAINT, "public", "t", "uq"));
	assert_false(has(g, RT_KIND_INDEX, "public", "t", "uq"));
	assert_string_equal(t->obj.comment, "tee");
	assert_string_equal(t->columns[1].comment, "ay");
	rt_graph_free(g);
}

static void test_ddl__domains_enums_extensions(void **state)
{
	rt_graph *g;
	rt_domain *d;
	rt_enum *e;
	(void)state;
	g = load("create extension if not exists pgcrypto;\n"
		 "create type mood as enum ('sad', 'ok');\n"
		 "alter type mood add value 'happy' before 'ok';\n"
		 "create domain posint as int not null default 1 check (value > 0) check (value < 100);\n");
	d = (rt_domain *)rt_graph_find(g, RT_KIND_DOMAIN, "public", NULL, "posint");
	assert_string_equal(d->base_type, "integer");
	assert_true(d->not_null);
	assert_int_equal(d->nchecks, 2);
	assert_string_equal(d->checks[0].name, "posint_check");
	assert_string_equal(d->checks[1].name, "posint_check1");
	e = (rt_enum *)rt_graph_find(g, RT_KIND_ENUM, "public", NULL, "mood");
	assert_int_equal(e->nlabels, 3);
	assert_string_equal(e->labels[1], "happy");
	assert_string_equal(((rt_extension *)rt_graph_find(g, RT_KIND_EXTENSION, NULL, NULL, "pgcrypto"))->ext_schema,
			    "public");
	rt_graph_free(g);
}

static void test_ddl__syntax_error_has_line_and_column(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	(void)state;
	g = load_opts("create table a (id int);\n\ncreate table b (id int,, x int);\n", &o, RT_EPARSE, &err);
	assert_string_equal(err.path, "models.sql");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, 24);
	assert_string_equal(err.context_line, "create table b (id int,, x int);");
	rt_graph_free(g);
}

static int nwarn;
static void
count_warning(void *payload, int level, const char *msg)
{
	(void)payload;
	(void)msg;
	if (level == RT_LOG_WARNING)
		nwarn++;
}

static void test_ddl__unsupported_and_data_statements(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	const char *fn = "create table a (id int);\n"
			 "create rule r as on insert to a do instead nothing;\n";
	(void)state;
	g = load_opts(fn, &o, RT_EUNSUPPORTED, &err);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "CREATE RULE"));
	rt_graph_free(g);
	o.skip_unsupported = true;
	o.log = count_warning;
	nwarn = 0;
	g = load_opts(fn, &o, RT_OK, &err);
	assert_int_equal(nwarn, 1);
	rt_graph_free(g);
	/* ALTER FUNCTION is read back from the server: offline it cannot be modelled */
	o.skip_unsupported = false;
	g = load_opts("create function f() returns int language sql as 'select 1';\n"
		      "alter function f() immutable;\n", &o, RT_EUNSUPPORTED, &err);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "ALTER FUNCTION"));
	rt_graph_free(g);
	rt_error_clear(&err);
	/* data statements are errors whatever the options */
	g = load_opts("create table a (id int);\ninsert into a values (1);\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "INSERT"));
	rt_graph_free(g);
}

static bool
has_dep(const rt_object *o, rt_kind kind, const char *name)
{
	for (int i = 0; i < o->ndeps; i++)
		if (o->deps[i]->kind == kind && !strcmp(o->deps[i]->name, name))
			return true;
	return false;
}

/* REPLICA IDENTITY: the kind on the table, the index by name (following its renames; gone with
 * it, the catalog's 'i' without an index). */
static void test_ddl__replica_identity(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_table *t;
	(void)state;
	g = load("create table a (id int not null, c text);\n"
		 "create unique index a_id on a (id);\n"
		 "alter table a replica identity using index a_id;\n"
		 "alter index a_id rename to a_ident;\n"
		 "create table b (id int);\nalter table b replica identity full;\n"
		 "create table d (id int not null);\ncreate unique index d_id on d (id);\n"
		 "alter table d replica identity using index d_id;\ndrop index d_id;\n");
	t = rt_graph_find_table(g, "public", "a");
	assert_int_equal(t->replident, 'i');
	assert_string_equal(t->replident_index, "a_ident");
	t = rt_graph_find_table(g, "public", "b");
	assert_int_equal(t->replident, 'f');
	assert_null(t->replident_index);
	t = rt_graph_find_table(g, "public", "d");
	assert_int_equal(t->replident, 'i');
	assert_null(t->replident_index);
	rt_graph_free(g);
	g = load_opts("create table a (id int);\nalter table a replica identity using index nope;\n", &o,
		      RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	rt_error_clear(&err);
}

/* CREATE COLLATION as DefineCollation reads it; COLLATE names go through search_path to the
 * models' collations (a dependency of the table), the built-in names stay pg_catalog's. */
static void test_ddl__collations(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_collation *k;
	rt_table *t;
	(void)state;
	g = load("create collation nat (provider = icu, locale = 'en-u-kn-true', deterministic = false);\n"
		 "create collation two (lc_collate = 'C', lc_ctype = 'POSIX');\n"
		 "create collation cp from nat;\n"
		 "create collation px from \"POSIX\";\n"
		 "create table t (a text collate nat, b text collate \"C\", c text collate public.two);\n");
	k = (rt_collation *)rt_graph_find(g, RT_KIND_COLLATION, "public", NULL, "nat");
	assert_non_null(k);
	assert_int_equal(k->provider, 'i');
	assert_false(k->deterministic);
	assert_string_equal(k->icu_locale, "en-u-kn-true");
	k = (rt_collation *)rt_graph_find(g, RT_KIND_COLLATION, "public", NULL, "two");
	assert_string_equal(k->lc_collate, "C");
	assert_string_equal(k->lc_ctype, "POSIX");
	k = (rt_collation *)rt_graph_find(g, RT_KIND_COLLATION, "public", NULL, "cp");
	assert_string_equal(k->icu_locale, "en-u-kn-true");
	k = (rt_collation *)rt_graph_find(g, RT_KIND_COLLATION, "public", NULL, "px");
	assert_int_equal(k->provider, 'c');
	assert_string_equal(k->lc_ctype, "POSIX");
	t = (rt_table *)rt_graph_find(g, RT_KIND_TABLE, "public", NULL, "t");
	assert_string_equal(t->columns[0].collation, "public.nat");
	assert_string_equal(t->columns[1].collation, "pg_catalog.\"C\"");
	assert_string_equal(t->columns[2].collation, "public.two");
	assert_true(has_dep(&t->obj, RT_KIND_COLLATION, "nat"));
	assert_true(has_dep(&t->obj, RT_KIND_COLLATION, "two"));
	rt_graph_free(g);
	/* what the server would refuse, refused with the statement's line */
	g = load_opts("create table a (id int);\ncreate collation x (provider = libc);\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "lc_collate"));
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create collation x (provider = icu);\n", &o, RT_EINVALID, &err);
	assert_non_null(strstr(err.message, "locale"));
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create collation x from \"en_US\";\n", &o, RT_EUNSUPPORTED, &err);
	assert_non_null(strstr(err.message, "en_US"));
	rt_graph_free(g);
	rt_error_clear(&err);
}

/* Offline there is no server to read pg_get_functiondef from: the function is named from its
 * input parameter types as format_type prints them, overloads apart; COMMENT ON and DROP
 * FUNCTION are the server's business (replayed), never an unsupported statement. */
static void test_ddl__functions_offline(void **state)
{
	rt_graph *g;
	rt_function *f;
	(void)state;
	g = load("create type mood as enum ('a');\n"
		 "create function add(a int, b int default 1, out r int) language sql as 'select a + b';\n"
		 "create function add(a bigint) returns bigint language plpgsql as $$begin return a; end$$;\n"
		 "create procedure p(m mood) language sql as 'select 1';\n"
		 "comment on function add(int, int) is 'adds';\n"
		 "create function gone() returns int language sql as 'select 1';\n"
		 "drop function if exists nothing_here(int);\n");
	f = (rt_function *)rt_graph_find(g, RT_KIND_FUNCTION, "public", NULL, "add(integer, integer)");
	assert_non_null(f);
	assert_string_equal(f->proname, "add");
	assert_false(f->is_procedure);
	assert_non_null(rt_graph_find(g, RT_KIND_FUNCTION, "public", NULL, "add(bigint)"));
	f = (rt_function *)rt_graph_find(g, RT_KIND_FUNCTION, "public", NULL, "p(public.mood)");
	assert_non_null(f);
	assert_true(f->is_procedure);
	rt_graph_free(g);
}

/* A trigger belongs to its table (obj.table); COMMENT ON and DROP TRIGGER are replayed on the
 * server; a constraint trigger is a trigger (its definition says CONSTRAINT). */
static void test_ddl__triggers_offline(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_object *t;
	(void)state;
	g = load("create table a (id int);\n"
		 "create function f() returns trigger language plpgsql as $$begin return new; end$$;\n"
		 "create trigger a_f before insert on a for each row execute function f();\n"
		 "comment on trigger a_f on a is 'x';\n"
		 "drop trigger if exists nothing_here on a;\n");
	t = rt_graph_find(g, RT_KIND_TRIGGER, "public", "a", "a_f");
	assert_non_null(t);
	assert_non_null(strstr(((rt_trigger *)t)->definition, "CREATE TRIGGER"));
	rt_graph_free(g);
	g = load("create table a (id int);\n"
		 "create function f() returns trigger language plpgsql as $$begin return null; end$$;\n"
		 "create constraint trigger c after insert on a deferrable initially deferred "
		 "for each row execute function f();\n");
	t = rt_graph_find(g, RT_KIND_TRIGGER, "public", "a", "c");
	assert_non_null(t);
	assert_non_null(strstr(((rt_trigger *)t)->definition, "CREATE CONSTRAINT TRIGGER"));
	assert_non_null(strstr(((rt_trigger *)t)->definition, "DEFERRABLE INITIALLY DEFERRED"));
	rt_graph_free(g);
	g = load_opts("create trigger t before insert on nowhere for each row execute function f();\n", &o,
		      RT_ENOTFOUND, &err);
	rt_graph_free(g);
	rt_error_clear(&err);
	/* a trigger's state is read back from the server: offline it cannot be modelled; ALL
	 * (the foreign keys' triggers too) and a state beside other subcommands never are */
	g = load_opts("create table a (id int);\nalter table a disable trigger t;\n", &o, RT_EUNSUPPORTED, &err);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "TRIGGER"));
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create table a (id int);\nalter table a disable trigger all;\n", &o, RT_EUNSUPPORTED, &err);
	assert_non_null(strstr(err.message, "TRIGGER ALL"));
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create table a (id int);\nalter table a add column b int, disable trigger t;\n", &o,
		      RT_EUNSUPPORTED, &err);
	assert_non_null(strstr(err.message, "beside other subcommands"));
	rt_graph_free(g);
	rt_error_clear(&err);
}

/* A policy belongs to its table (obj.table); its roles are names, sorted, PUBLIC alone when
 * named at all; ALTER POLICY changes roles and expressions, RENAME TO its name, DROP POLICY and
 * DROP TABLE remove it.  Offline the expressions are the models' deparse. */
static void test_ddl__policies_offline(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_policy *p;
	rt_table *t;
	(void)state;
	g = load("create table m (g int, u text);\n"
		 "create table a (id int, g int, owner text);\n"
		 "alter table a enable row level security, force row level security;\n"
		 "-- @renamed from=old_p\n"
		 "create policy p on a as restrictive for update to zed, \"Ann\", bob\n"
		 "  using (exists (select 1 from m where m.g = a.g)) with check (owner = current_user);\n"
		 "create policy q on a to bob, public;\n"
		 "create policy r on a for select using (id > 0);\n"
		 "alter policy r on a to carl using (id > 1);\n"
		 "alter policy r on a rename to s;\n"
		 "comment on policy s on a is 'positive';\n"
		 "create policy gone on a;\n"
		 "drop policy gone on a;\n"
		 "drop policy if exists nothing_here on a;\n"
		 "drop policy if exists nothing_here on no_table;\n"
		 "create table b (id int);\n"
		 "create policy b_p on b;\n"
		 "drop table b;\n");
	t = rt_graph_find_table(g, "public", "a");
	assert_true(t->row_security && t->force_row_security);
	p = (rt_policy *)rt_graph_find(g, RT_KIND_POLICY, "public", "a", "p");
	assert_non_null(p);
	assert_int_equal(p->cmd, 'w');
	assert_false(p->permissive);
	assert_int_equal(p->nroles, 3);
	assert_string_equal(p->roles[0], "Ann");
	assert_string_equal(p->roles[1], "bob");
	assert_string_equal(p->roles[2], "zed");
	assert_string_equal(p->obj.renamed_from, "old_p");
	assert_non_null(strstr(p->using_expr, "EXISTS"));
	assert_non_null(p->check_expr);
	/* the relations a subquery reads come first */
	assert_true(p->obj.ndeps == 2);
	p = (rt_policy *)rt_graph_find(g, RT_KIND_POLICY, "public", "a", "q");
	assert_int_equal(p->cmd, '*');
	assert_true(p->permissive);
	assert_int_equal(p->nroles, 1);
	assert_string_equal(p->roles[0], "public");
	assert_null(p->using_expr);
	assert_null(rt_graph_find(g, RT_KIND_POLICY, "public", "a", "r"));
	p = (rt_policy *)rt_graph_find(g, RT_KIND_POLICY, "public", "a", "s");
	assert_non_null(p);
	assert_int_equal(p->nroles, 1);
	assert_string_equal(p->roles[0], "carl");
	assert_string_equal(p->using_expr, "id > 1");
	assert_string_equal(p->obj.comment, "positive");
	assert_null(rt_graph_find(g, RT_KIND_POLICY, "public", "a", "gone"));
	assert_null(rt_graph_find(g, RT_KIND_POLICY, "public", "b", "b_p"));
	rt_graph_free(g);
	/* the role CURRENT_USER stands for is not known to the models */
	g = load_opts("create table a (id int);\ncreate policy p on a to current_user;\n", &o, RT_EUNSUPPORTED, &err);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "CURRENT_USER"));
	rt_graph_free(g);
	rt_error_clear(&err);
	/* the server's own checks, offline too */
	g = load_opts("create table a (id int);\ncreate policy p on a for select with check (true);\n", &o,
		      RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create table a (id int);\ncreate policy p on a;\ncreate policy p on a;\n", &o, RT_EINVALID,
		      &err);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "already exists"));
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create view v as select 1 as x;\ncreate policy p on v;\n", &o, RT_EINVALID, &err);
	assert_non_null(strstr(err.message, "not a table"));
	rt_graph_free(g);
	rt_error_clear(&err);
	g = load_opts("create table a (id int);\nalter policy p on a using (true);\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	rt_error_clear(&err);
}

static void test_ddl__semantic_errors_name_the_statement(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	(void)state;
	g = load_opts("create table a (id int);\nalter table nope add column x int;\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	g = load_opts("create table a (id int);\n\ncreate table a (id int);\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 3);
	rt_graph_free(g);
	g = load_opts("create table a (x nosuchtype);\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 1);
	rt_graph_free(g);
	g = load_opts("-- c\ncreate table a (id int references missing);\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
}

static void test_ddl__cluster_mark(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	(void)state;
	g = load("create table t (id int primary key, a int, b int);\n"
		 "create index t_a on t (a);\ncreate index t_b on t (b);\n"
		 "alter table t cluster on t_a;\n"
		 "cluster t using t_b;\n"   /* moves the mark */
		 "cluster t;\n"             /* reorders only */
		 "create table u (id int primary key);\n"
		 "alter table u cluster on u_pkey;\n"
		 "create table w (a int);\ncreate index w_a on w (a);\n"
		 "alter table w cluster on w_a;\nalter table w set without cluster;\n");
	assert_false(((rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "t", "t_a"))->clustered);
	assert_true(((rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "t", "t_b"))->clustered);
	assert_false(((rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "t", "t_pkey"))->clustered);
	assert_true(((rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "u", "u_pkey"))->clustered);
	assert_false(((rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "w", "w_a"))->clustered);
	rt_graph_free(g);
	/* the index must be the table's own; CLUSTER alone needs a mark */
	g = load_opts("create table t (a int);\ncreate table v (a int);\ncreate index v_a on v (a);\n"
		      "alter table t cluster on v_a;\n", &o, RT_ENOTFOUND, &err);
	assert_int_equal(err.line, 4);
	rt_graph_free(g);
	g = load_opts("create table t (a int);\ncreate index t_a on t (a);\n"
		      "alter table t cluster on t_a;\ndrop index t_a;\ncluster t;\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 5);
	rt_graph_free(g);
}

static void test_ddl__statistics(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_statistics *x;
	(void)state;
	g = load("create schema s;\ncreate table t (a int, b int, c text);\n"
		 "create statistics t_ba on b, a from t;\n"
		 "create statistics s.t_k (mcv, ndistinct) on c, (b) from t;\n"
		 "create statistics t_e on (a + b), c from t;\n"
		 "create statistics t_one on (lower(c)) from t;\n"
		 "alter statistics t_e set statistics 20000;\n"
		 "comment on statistics s.t_k is 'k';\n"
		 "create statistics t_gone on a, c from t;\nalter table t drop column c;\n");
	x = (rt_statistics *)rt_graph_find(g, RT_KIND_STATISTICS, "public", NULL, "t_ba");
	assert_non_null(x);
	/* keys in attnum order, all kinds by default */
	assert_int_equal(x->ncolumns, 2);
	assert_string_equal(x->columns[0], "a");
	assert_string_equal(x->columns[1], "b");
	assert_string_equal(x->kinds, "dfm");
	assert_int_equal(x->stattarget, -1);
	assert_string_equal(x->rel_schema, "public");
	assert_string_equal(x->rel_table, "t");
	/* the kinds asked for, in catalog order; (b) is the column b; a dropped column takes
	 * every statistics object using it */
	assert_null(rt_graph_find(g, RT_KIND_STATISTICS, "s", NULL, "t_k"));
	assert_null(rt_graph_find(g, RT_KIND_STATISTICS, "public", NULL, "t_e"));
	assert_null(rt_graph_find(g, RT_KIND_STATISTICS, "public", NULL, "t_gone"));
	x = (rt_statistics *)rt_graph_find(g, RT_KIND_STATISTICS, "public", NULL, "t_one");
	assert_null(x); /* lower(c) used c too */
	rt_graph_free(g);
	g = load("create schema s;\ncreate table t (a int, b int, c text);\n"
		 "create statistics s.t_k (mcv, ndistinct) on c, (b) from t;\n"
		 "create statistics t_e on (a + b), c from t;\n"
		 "create statistics t_one on (lower(c)) from t;\n"
		 "alter statistics t_e set statistics 20000;\n"
		 "comment on statistics s.t_k is 'k';\n");
	x = (rt_statistics *)rt_graph_find(g, RT_KIND_STATISTICS, "s", NULL, "t_k");
	assert_non_null(x);
	assert_string_equal(x->kinds, "dm");
	assert_int_equal(x->ncolumns, 2);
	assert_string_equal(x->columns[0], "b");
	assert_string_equal(x->obj.comment, "k");
	x = (rt_statistics *)rt_graph_find(g, RT_KIND_STATISTICS, "public", NULL, "t_e");
	assert_int_equal(x->nexprs, 1);
	assert_string_equal(x->columns[0], "c");
	assert_int_equal(x->stattarget, 10000);
	assert_string_equal(x->kinds, "dfm");
	/* a single expression builds expression statistics only */
	x = (rt_statistics *)rt_graph_find(g, RT_KIND_STATISTICS, "public", NULL, "t_one");
	assert_string_equal(x->kinds, "");
	rt_graph_free(g);
	g = load_opts("create table t (a int, b int);\ncreate statistics x on a from t;\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 2);
	rt_graph_free(g);
	g = load_opts("create table t (a int, b int);\ncreate statistics x (mcv) on (a + 1) from t;\n", &o,
		      RT_EINVALID, &err);
	rt_graph_free(g);
	g = load_opts("create table t (a int, b int);\ncreate statistics x (histogram) on a, b from t;\n", &o,
		      RT_EINVALID, &err);
	assert_non_null(strstr(err.message, "histogram"));
	rt_graph_free(g);
	g = load_opts("create table t (a int, b int);\ncreate statistics x on a, b from t;\n"
		      "create statistics x on b, a from t;\n", &o, RT_EINVALID, &err);
	assert_int_equal(err.line, 3);
	rt_graph_free(g);
}

static void test_ddl__partitions(void **state)
{
	rt_ddl_opts o = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g;
	rt_table *t;
	rt_index *x;
	rt_constraint *k;
	(void)state;
	g = load("create table r (id int primary key);\n"
		 "create table m (id int not null, d date not null default '2024-01-01', v text check (v <> ''),\n"
		 "  r int references r, primary key (id, d), unique (d, id)) partition by range (d);\n"
		 "create index on m ((lower(v)));\n"
		 "create table m1 partition of m (v with options default 'x') for values from ('2024-1-1') to (maxvalue);\n"
		 "create table x (a int, b bigint) partition by list (b);\n"
		 "create table x1 partition of x for values in (2, -3);\n"
		 "create table x1_a_idx (z int);\n"
		 "create index on x (a);\n"
		 "create unique index on x (a, b) where b > 0;\n"
		 "create index on x (a) include (b);\n"
		 "create table g (a int, b int) partition by range (a, b);\n"
		 "create table g1 partition of g for values from (-10, minvalue) to (10, 20);\n");
	t = rt_graph_find_table(g, "public", "m1");
	assert_non_null(t);
	assert_string_equal(t->partbound, "FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)");
	assert_int_equal(t->columns[2].inhcount, 1);
	assert_true(t->columns[2].not_local); /* options written for a partition stay inherited */
	assert_string_equal(t->columns[2].default_expr, "'x'");
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "m1", "m1_pkey"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "m1", "m1_d_id_key"));
	assert_true(has(g, RT_KIND_CONSTRAINT, "public", "m1", "m_v_check"));
	k = (rt_constraint *)rt_graph_find(g, RT_KIND_CONSTRAINT, "public", "m1", "m_r_fkey");
	assert_non_null(k);
	assert_true(k->not_local);
	assert_string_equal(k->ref_table, "r");
	x = (rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "m1", "m1_lower_idx");
	assert_non_null(x);
	assert_string_equal(x->parent_index, "m_lower_idx");
	assert_string_equal(rt_graph_find_table(g, "public", "x1")->partbound, "FOR VALUES IN ('2', '-3')");
	assert_string_equal(rt_graph_find_table(g, "public", "g1")->partbound,
			    "FOR VALUES FROM ('-10', MINVALUE) TO (10, 20)");
	/* the table x1_a_idx takes the clone's first name */
	x = (rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "x1", "x1_a_idx1");
	assert_non_null(x);
	assert_string_equal(x->parent_index, "x_a_idx");
	assert_true(has(g, RT_KIND_INDEX, "public", "x1", "x1_a_b_idx"));
	x = (rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "x1", "x1_a_b_idx1");
	assert_non_null(x);
	assert_string_equal(x->parent_index, "x_a_b_idx1");
	rt_graph_free(g);

	/* detached, the partition keeps what it had as its own */
	g = load("create table m (id int primary key, v text check (v <> '')) partition by hash (id);\n"
		 "create table m0 partition of m for values with (modulus 2, remainder 0);\n"
		 "alter table m detach partition m0;\n");
	t = rt_graph_find_table(g, "public", "m0");
	assert_null(t->partbound);
	assert_int_equal(t->nparents, 0);
	assert_false(t->columns[0].not_local);
	k = (rt_constraint *)rt_graph_find(g, RT_KIND_CONSTRAINT, "public", "m0", "m0_pkey");
	assert_false(k->not_local);
	assert_null(((rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "m0", "m0_pkey"))->parent_index);
	rt_graph_free(g);

	rt_graph_free(load_opts("create table m (a int) partition by range (a);\n"
				"create table m1 partition of m for values in (1);\n", &o, RT_EINVALID, &err));
	rt_error_clear(&err);
	rt_graph_free(load_opts("create table m (a int, b int) partition by range (a, b);\n"
				"create table m1 partition of m for values from (minvalue, 1) to (2, 3);\n", &o,
				RT_EINVALID, &err));
	assert_non_null(strstr(err.message, "must also be MINVALUE"));
	rt_error_clear(&err);
	rt_graph_free(load_opts("create table m (a int) partition by list (a);\n"
				"create index on m (a);\n"
				"create table m1 partition of m for values in (1);\n"
				"drop index m1_a_idx;\n", &o, RT_EINVALID, &err));
	assert_non_null(strstr(err.message, "requires it"));
	rt_error_clear(&err);
	rt_graph_free(load_opts("create table m (a int, b int) partition by list (a);\n"
				"create table t (a int);\n"
				"alter table m attach partition t for values in (1);\n", &o, RT_EINVALID, &err));
	assert_non_null(strstr(err.message, "missing column \"b\""));
	rt_error_clear(&err);
	rt_graph_free(load_opts("create table m (a int, b int, primary key (a)) partition by list (b);\n", &o,
				RT_EINVALID, &err));
	assert_non_null(strstr(err.message, "must include all partitioning columns"));
	rt_error_clear(&err);
}

static void test_ddl__exclude_constraint_and_views_offline(void **state)
{
	rt_graph *g;
	rt_constraint *k;
	rt_index *x;
	(void)state;
	g = load("create table r (room int, during int, exclude using btree (room with =) where (room > 0));\n"
		 "create view v as select room from r;\n"
		 "create materialized view mv as select 1 as one with no data;\n");
	k = (rt_constraint *)rt_graph_find(g, RT_KIND_CONSTRAINT, "public", "r", "r_room_excl");
	assert_non_null(k);
	assert_int_equal(k->type, 'x');
	assert_non_null(strstr(k->definition, "EXCLUDE"));
	assert_true(rt_norm_constraint_equal(k->definition, "EXCLUDE USING btree (room WITH =) WHERE ((room > 0))"));
	x = (rt_index *)rt_graph_find(g, RT_KIND_INDEX, "public", "r", "r_room_excl");
	assert_non_null(x);
	assert_string_equal(x->constraint, "r_room_excl");
	assert_false(x->unique);
	assert_non_null(rt_graph_find(g, RT_KIND_VIEW, "public", NULL, "v"));
	assert_true(((rt_view *)rt_graph_find(g, RT_KIND_MATVIEW, "public", NULL, "mv"))->with_no_data);
	rt_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ddl__unnamed_constraint_names),
		cmocka_unit_test(test_ddl__index_names),
		cmocka_unit_test(test_ddl__partitions),
		cmocka_unit_test(test_ddl__long_names_truncate_like_postgres),
		cmocka_unit_test(test_ddl__serial_is_integer_sequence_and_default),
		cmocka_unit_test(test_ddl__identity_and_sequence_options),
		cmocka_unit_test(test_ddl__type_names_as_format_type),
		cmocka_unit_test(test_ddl__search_path_and_schemas),
		cmocka_unit_test(test_ddl__renamed_annotations),
		cmocka_unit_test(test_ddl__renamed_column_after_other_statements),
		cmocka_unit_test(test_ddl__renamed_enum_labels),
		cmocka_unit_test(test_ddl__alter_table_forms),
		cmocka_unit_test(test_ddl__domains_enums_extensions),
		cmocka_unit_test(test_ddl__syntax_error_has_line_and_column),
		cmocka_unit_test(test_ddl__unsupported_and_data_statements),
		cmocka_unit_test(test_ddl__collations),
		cmocka_unit_test(test_ddl__replica_identity),
		cmocka_unit_test(test_ddl__functions_offline),
		cmocka_unit_test(test_ddl__triggers_offline),
		cmocka_unit_test(test_ddl__policies_offline),
		cmocka_unit_test(test_ddl__semantic_errors_name_the_statement),
		cmocka_unit_test(test_ddl__exclude_constraint_and_views_offline),
		cmocka_unit_test(test_ddl__cluster_mark),
		cmocka_unit_test(test_ddl__statistics),
		cmocka_unit_test(test_ddl__composite_types),
		cmocka_unit_test(test_ddl__composite_type_errors),
		cmocka_unit_test(test_ddl__range_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
