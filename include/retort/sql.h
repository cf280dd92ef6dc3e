/* retort SQL rendering helpers: identifier and literal quoting exactly as PostgreSQL's
 * quote_ident/quote_literal would, appended to a buffer.  It does not build statements. */
#ifndef RETORT_SQL_H
#define RETORT_SQL_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/buf.h"

/* ---- quoting (src/sql.c, keyword table src/kwlist.c) ---------------------------------- */

/* True when `name` must be double-quoted, by PostgreSQL 15's quote_identifier() rule: it is
 * left bare only when non-empty, first byte [a-z_], every byte [a-z0-9_], and not a keyword
 * other than an unreserved one.  '$' is legal unquoted after the first character, yet
 * quote_ident('a$b') is "a$b": we match the server, not the grammar.  Non-ASCII always
 * quotes.  NULL counts as needing quotes. */
bool rt_sql_needs_quote(const char *name);
/* Appends name, double-quoted (embedded '"' doubled) only when rt_sql_needs_quote().
 * NULL name is a caller's mistake: the buffer is marked failed. */
void rt_sql_ident(rt_buf *b, const char *name);
void rt_sql_qualified(rt_buf *b, const char *schema, const char *name); /* schema may be NULL */
/* 'text' with quotes doubled; E'...' with backslashes doubled too when the text has one,
 * byte for byte what quote_literal() returns (standard_conforming_strings on or off).
 * NULL appends NULL, as quote_nullable() does. */
void rt_sql_literal(rt_buf *b, const char *s);

/* PostgreSQL 15's keywords as pg_get_keywords() lists them; catcode is 'U' unreserved,
 * 'C' unreserved but not a function or type name, 'T' reserved but may be a function or
 * type name, 'R' reserved. */
typedef struct rt_sql_keyword {
	const char *word;   /* lower case */
	char catcode;
} rt_sql_keyword;
/* The whole table, sorted by strcmp; *n_out (if not NULL) gets its length.  Static storage. */
const rt_sql_keyword *rt_sql_keywords(size_t *n_out);
/* word's catcode, or 0 when it is not a keyword; ASCII case-insensitive like the scanner. */
char rt_sql_keyword_category(const char *word);

/* ---- end of quoting ------------------------------------------------------------------- */

/* ---- statement text for graph objects (src/sql_render.c) ---- */
#include "retort/graph.h"

/* Appends the statement(s) that create `o` as it stands, each ending with ";\n".  Index-backed
 * constraints render as ALTER TABLE ... ADD CONSTRAINT (their index is not rendered alone);
 * sequence ownership and comments are separate (rt_sql_owned_by, rt_sql_comments). */
void rt_sql_create(rt_buf *b, const rt_object *o);
/* COMMENT ON statements for o (and its columns) that have a comment, and the statistics
 * targets its table columns set (ALTER COLUMN ... SET STATISTICS). */
void rt_sql_comments(rt_buf *b, const rt_object *o);
/* ALTER SEQUENCE ... OWNED BY ...; when the sequence has an owner. */
void rt_sql_owned_by(rt_buf *b, const rt_sequence *s);
/* "ALTER TABLE s.t CLUSTER ON i;\n" for an index marked clustered (nothing otherwise). */
void rt_sql_cluster_on(rt_buf *b, const rt_index *x);
/* "ALTER STATISTICS s.x SET STATISTICS n;\n" (n = -1 restores the default). */
void rt_sql_stattarget(rt_buf *b, const rt_statistics *x);
/* "ALTER TABLE s.t ENABLE|DISABLE ROW LEVEL SECURITY;\n", or FORCE|NO FORCE with `force`. */
void rt_sql_row_security(rt_buf *b, const rt_table *t, bool force, bool on);
/* " TO r1, r2" (" TO PUBLIC" for the pseudo-role): a policy's roles, for CREATE/ALTER POLICY. */
void rt_sql_policy_roles(rt_buf *b, const rt_policy *p);
/* DROP statement for o (never CASCADE). */
void rt_sql_drop(rt_buf *b, const rt_object *o);
/* Pieces reused by the planner. */
void rt_sql_column_def(rt_buf *b, const rt_object *table, const rt_column *col);
/* An attribute of a composite type: name, type and COLLATE when not the type's default. */
void rt_sql_attribute_def(rt_buf *b, const rt_column *attr);
void rt_sql_constraint_def(rt_buf *b, const rt_constraint *k);
void rt_sql_seqopts(rt_buf *b, const rt_seqopts *o, bool with_type);
/* ALTER TABLE ... {ENABLE [ALWAYS|REPLICA] | DISABLE} TRIGGER as t has it. */
void rt_sql_trigger_state(rt_buf *b, const rt_trigger *t);
/* ALTER TABLE ... REPLICA IDENTITY as t has it. */
void rt_sql_replica_identity(rt_buf *b, const rt_table *t);
void rt_sql_index_def(rt_buf *b, const rt_index *x, bool concurrently);
/* " IS 'text';\n" or " IS NULL;\n": the tail of a COMMENT ON statement. */
void rt_sql_comment_is(rt_buf *b, const char *text);
void rt_sql_domain_check(rt_buf *b, const rt_domain *d, const rt_check *k);
void rt_sql_object_ref(rt_buf *b, const rt_object *o); /* "TABLE s.t", "INDEX s.i", ... */
/* The whole graph as DDL that recreates it in an empty database, in dependency order. */
int rt_sql_render_schema(rt_buf *out, rt_graph *g, rt_error *err);

/* After CREATE TABLE ... INHERITS: the ALTER TABLE ONLY ... ALTER COLUMN statements that give
 * t's inherited columns the defaults and NOT NULLs it has where the parents (found in g) give
 * others; nothing when they agree. */
void rt_sql_inherited_fixups(rt_buf *b, const rt_graph *g, const rt_table *t);

#endif
