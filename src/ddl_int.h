/* Internals shared by the DDL front-end (src/ddl*.c) and the expression normalizer
 * (src/normalize*.c): the load context, protobuf tree helpers and PostgreSQL's naming rules.
 * Never installed; nothing outside those files includes it. */
#ifndef RETORT_DDL_INT_H
#define RETORT_DDL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <uthash.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/ddl.h"
#include "retort/error.h"
#include "retort/graph.h"

#define RT_NAMEDATALEN 64

/* ---- protobuf helpers (normalize.c) ---- */

/* A protobuf-c allocator whose memory lives in `a` (freed with the arena, never piecemeal). */
void rt_norm__allocator(ProtobufCAllocator *out, rt_arena *a);
/* Parses `sql` into a tree allocated in `a`; NULL (and *error filled when not NULL) on a
 * syntax error.  *cursorpos (1-based, 0 unknown) locates it. */
PgQuery__ParseResult *rt_norm__parse(rt_arena *a, const char *sql, char **errmsg, int *cursorpos);
/* Deparses one expression node to SQL text (allocated in `a`); NULL on failure. */
char *rt_norm__deparse_expr(rt_arena *a, const PgQuery__Node *expr);
/* Deparses a whole statement node; NULL on failure. */
char *rt_norm__deparse_stmt(rt_arena *a, const PgQuery__Node *stmt);
/* Zeroes every int32 field named "location" in the message and everything below it. */
void rt_norm__strip_locations(ProtobufCMessage *m);
/* Applies the expression rewrites of normalize.c in place (new nodes come from `a`). */
void rt_norm__expr(rt_arena *a, PgQuery__Node *n);
/* New nodes, zeroed and initialised, allocated in `a`. */
PgQuery__Node *rt_norm__node(rt_arena *a);
/* FigureColnameInternal's name for an index expression ("expr" when it has none). */
const char *rt_norm__figure_colname(const PgQuery__Node *n);
/* The text the server prints for `value` read as a constant of `type` (the pg_catalog name
 * the grammar gives it: "int4", "float8", "interval", "text", ...; is_array for an array of
 * it), allocated in `a` or static; NULL when the value's canonical form is not known offline
 * (an unknown type, a value the server would reject).  normalize_value.c. */
const char *rt_norm__value(rt_arena *a, const char *type, bool is_array, const char *value);

/* ---- PostgreSQL naming rules (ddl_names.c) ---- */

/* makeObjectName(): name1[_name2][_label], the longer of name1/name2 shortened first
 * (multibyte-safe) so the whole fits NAMEDATALEN-1 bytes.  `out` must hold 64 bytes. */
void rt_ddl__make_object_name(char *out, const char *name1, const char *name2, const char *label);
/* ChooseIndexNameAddition(): names joined by '_', stopping once NAMEDATALEN is reached. */
void rt_ddl__name_addition(rt_buf *out, const char *const *names, int n);
/* pg_mbcliplen() for UTF-8: the byte length <= limit that does not split a character. */
int rt_ddl__mbcliplen(const char *s, int len, int limit);

/* ---- the load context ---- */

typedef struct ddl_name {
	char *key;                  /* schema \x1f name */
	rt_object *obj;             /* relations: the object (indexes too), NULL otherwise */
	rt_table *table;            /* identity sequences: their table and column */
	const char *column;
	UT_hash_handle hh;
} ddl_name;

typedef struct ddl_pending_fk {
	rt_constraint *con;
	const char *ref_schema, *ref_name;  /* as written (schema may be NULL) */
	const char **search_path;   /* the search path of its statement (never mutated) */
	int nsearch;
	const char **pk_attrs;
	int npk_attrs;
	const char *path;
	int line;
	struct ddl_pending_fk *next;
} ddl_pending_fk;

typedef struct ddl_replay {
	const char *path;
	const char *sql;            /* the statement's source text */
	int line;
	bool file_start;            /* RESET search_path before it */
	bool optional;              /* a skipped statement: failure is ignored */
	bool is_view;               /* CREATE [MATERIALIZED] VIEW, FUNCTION, TRIGGER: its failure is an error */
	/* what the short replay (ddl_view.c) does with it */
	enum {
		RP_MODEL,               /* a modelled object: rebuilt from the graph instead */
		RP_VIEW,                /* CREATE / ALTER [MATERIALIZED] VIEW: replayed */
		RP_FUNC,                /* CREATE FUNCTION, COMMENT ON FUNCTION: replayed */
		RP_TRIG,                /* CREATE TRIGGER (rel: its table), COMMENT ON TRIGGER: replayed */
		RP_POLICY,              /* CREATE/ALTER/DROP POLICY (rel: its table, obj: the policy):
					 * replayed without its roles (replay_sql) */
		RP_SET,                 /* SET, set_config(): replayed */
		RP_OTHER,               /* unmodelled or DROP: replayed, failure ignored */
		RP_NOISE                /* privileges, data: never needed */
	} cls;
	bool shape;                 /* changes the columns of `rel` (NULL: of any table) */
	rt_object *rel;             /* RP_VIEW: the view created; RP_MODEL: the table altered */
	rt_object *obj;             /* RP_POLICY: the policy (still in the arena when dropped) */
	struct ddl_replay *next;
} ddl_replay;

typedef struct ddl_funcname {
	const char *name;           /* a CREATE FUNCTION's name, unqualified */
	struct ddl_funcname *next;
} ddl_funcname;

typedef struct ddl_view_comment {
	rt_view *view;
	const char *column;
	const char *comment;
	const char *path;
	int line;
	struct ddl_view_comment *next;
} ddl_view_comment;

typedef struct ddl_ctx {
	rt_graph *g;
	const rt_ddl_opts *opts;
	rt_error *err;
	rt_arena *tmp;              /* scratch for the whole load */
	rt_arena *stmt;             /* scratch for one statement: its parse tree, deparses */
	/* search path, raw schema names; "$user" entries kept (they never exist) */
	const char **search_path;
	int nsearch;
	/* the statement being processed */
	const char *path;
	const char *text;
	int stmt_raw;               /* byte offset where its text starts (comments before it) */
	int stmt_loc;               /* byte offset of its first token */
	int stmt_end;               /* byte offset just past its last token */
	int stmt_line;
	int parse_base;             /* byte offset of the parsed chunk: node locations add to it */
	bool in_create_table;       /* NOT VALID means nothing inside CREATE TABLE */
	bool only;                  /* ALTER TABLE ONLY ... ADD CONSTRAINT: not cloned onto partitions */
	bool merging;               /* CREATE TABLE ... INHERITS: a column definition may merge
				     * with an inherited column of the same name */
	int ninherits;              /* inheritance links made so far: 0 spares looking for children */
	rt_constraint *last_check;  /* the CHECK add_check made last (for its children) */
	/* relation (pg_class) and constraint (pg_constraint) names per schema, for the naming
	 * rules: identity sequences and index names live here too */
	ddl_name *relnames;
	ddl_name *connames;
	ddl_name *pkeys;            /* schema \x1f table → its PRIMARY KEY constraint */
	ddl_name *clusters;         /* schema \x1f table → the index last marked clustered */
	rt_extension **exts;        /* extensions created so far (check they are still in g) */
	rt_range **ranges;          /* range types created so far (their multirange type names) */
	int nranges, capranges;
	int nexts, capexts;
	ddl_pending_fk *fks, **fks_tail;
	ddl_replay *replay, **replay_tail;
	ddl_view_comment *view_comments, **view_comments_tail;
	int nviews;
	ddl_funcname *funcnames;    /* CREATE FUNCTION names, for the read-back */
	int nfuncs;
	int ntrigs;                 /* CREATE TRIGGER statements */
	int npolicy_exprs;          /* CREATE/ALTER POLICY statements with USING or WITH CHECK */
	const char *replay_sql;     /* set by the statement just run: replay this text instead */
	bool in_file_start;
	/* a connection to the normalizing server begun while the models are read (an explicit
	 * server_conninfo only): the server starts its backend meanwhile */
	struct pg_conn *early_conn;
} ddl_ctx;

/* ddl.c */
int rt_ddl__errorf(ddl_ctx *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int rt_ddl__error_at(ddl_ctx *c, int code, int offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int rt_ddl__line_of(ddl_ctx *c, int offset);
const char *rt_ddl__strdup(ddl_ctx *c, const char *s);
const char *rt_ddl__printf(ddl_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The schema new objects go to (first existing schema of search_path); NULL + error if none. */
const char *rt_ddl__creation_schema(ddl_ctx *c);
bool rt_ddl__schema_exists(ddl_ctx *c, const char *schema);
int rt_ddl__schema_dep(ddl_ctx *c, rt_object *o);
/* An extension created in `schema`, or NULL. */
rt_extension *rt_ddl__extension_in(ddl_ctx *c, const char *schema);
/* A relation (table/view/matview/sequence) by RangeVar-style schema (may be NULL) and name,
 * resolved through search_path.  *schema_out gets the schema it was found in. */
rt_object *rt_ddl__find_relation(ddl_ctx *c, const char *schema, const char *name);
rt_table *rt_ddl__find_table(ddl_ctx *c, const char *schema, const char *name);
bool rt_ddl__name_used(ddl_name *set, const char *schema, const char *name);
int rt_ddl__name_add(ddl_ctx *c, ddl_name **set, const char *schema, const char *name);
ddl_name *rt_ddl__name_find(ddl_name *set, const char *schema, const char *name);
void rt_ddl__name_del(ddl_name **set, const char *schema, const char *name);
/* ChooseRelationName(): `name1_name2_label`, then label1, label2... until free among relation
 * names (and constraint names when `isconstraint`).  Result in the graph arena. */
const char *rt_ddl__choose_relname(ddl_ctx *c, const char *schema, const char *name1,
				   const char *name2, const char *label, bool isconstraint);
/* The same with `self` (when not NULL) counted free: the name an object would have had, were
 * it not there itself. */
const char *rt_ddl__choose_relname_but(ddl_ctx *c, const char *schema, const char *name1,
				       const char *name2, const char *label, bool isconstraint,
				       const char *self);
/* ChooseConstraintName(): the same against constraint names and `others`. */
const char *rt_ddl__choose_conname(ddl_ctx *c, const char *schema, const char *name1,
				   const char *name2, const char *label, const char *const *others,
				   int nothers);
void rt_ddl__set_src(ddl_ctx *c, rt_object *o);
const char *rt_ddl__str(const PgQuery__Node *n);   /* String node's value or NULL */
/* The names of a List of String nodes (qualified names): count and parts. */
int rt_ddl__qualname(ddl_ctx *c, PgQuery__Node **items, size_t n, const char **schema,
		     const char **name);
char *rt_ddl__expr_text(ddl_ctx *c, const PgQuery__Node *expr);
/* The same, in parentheses where a DEFAULT clause needs them. */
char *rt_ddl__default_text(ddl_ctx *c, const PgQuery__Node *expr);
/* `-- @renamed from=NAME` in [from, to) of the source text; NULL when none.  With `trailing`,
 * only a comment that ends a line holding code in [from, to) counts (a column's annotation). */
const char *rt_ddl__renamed_in(ddl_ctx *c, int from, int to, bool trailing);
int rt_ddl__unsupported(ddl_ctx *c, const char *what);
/* "key=value" strings from a DefElem list (reloptions), sorted. */
int rt_ddl__reloptions(ddl_ctx *c, PgQuery__Node **opts, size_t n, const char ***out, int *nout,
		       bool skip_check_option);
int rt_ddl__defel_int64(ddl_ctx *c, const PgQuery__DefElem *d, int64_t *out);
const char *rt_ddl__defel_string(ddl_ctx *c, const PgQuery__DefElem *d);

/* ddl_type.c */
/* format_type() text of a TypeName, resolved through search_path; *dep gets the user type
 * (enum, domain, table row type) it names, NULL for builtins and extension types. */
int rt_ddl__format_type(ddl_ctx *c, const PgQuery__TypeName *tn, const char **out, rt_object **dep);
/* A COLLATE name list qualified as pg_catalog prints it ("pg_catalog.\"C\"", NULL for
 * "default"); a collation of the models becomes a dependency of `owner` (when not NULL). */
const char *rt_ddl__collation(ddl_ctx *c, PgQuery__Node **names, size_t n, rt_object *owner);
int rt_ddl__create_collation(ddl_ctx *c, const PgQuery__DefineStmt *s);
/* ALTER TABLE ... ENABLE [ALWAYS|REPLICA] / DISABLE TRIGGER name | USER: replayed, not modelled
 * in the graph by the statement itself (the read-back has the triggers' states). */
bool rt_ddl__trigger_state_cmd(const PgQuery__AlterTableCmd *cmd);
/* A collation of the models by (schema or NULL: through search_path) and name, or NULL. */
rt_object *rt_ddl__find_collation(ddl_ctx *c, const char *schema, const char *name);
void rt_ddl__seqopts_defaults(rt_seqopts *o, const char *type);
/* col's identity options, writable: a copy of their own (a copied column shares them). */
rt_seqopts *rt_ddl__identity_opts(ddl_ctx *c, rt_column *col);
int rt_ddl__seqopts_apply(ddl_ctx *c, rt_seqopts *o, PgQuery__Node **opts, size_t n, bool is_init,
			  const char **owned_by, bool *owned_none, const char **seqname_out);
int rt_ddl__create_enum(ddl_ctx *c, const PgQuery__CreateEnumStmt *s);
int rt_ddl__alter_enum(ddl_ctx *c, const PgQuery__AlterEnumStmt *s);
int rt_ddl__create_domain(ddl_ctx *c, const PgQuery__CreateDomainStmt *s);
int rt_ddl__alter_domain(ddl_ctx *c, const PgQuery__AlterDomainStmt *s);
/* Composite types: CREATE TYPE ... AS (...), ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE,
 * RENAME ATTRIBUTE, and a composite type found by (optional) schema and name through
 * search_path. */
int rt_ddl__create_composite(ddl_ctx *c, const PgQuery__CompositeTypeStmt *s);
int rt_ddl__alter_composite(ddl_ctx *c, const PgQuery__AlterTableStmt *s);
int rt_ddl__rename_attribute(ddl_ctx *c, const PgQuery__RenameStmt *s);
rt_composite *rt_ddl__find_composite(ddl_ctx *c, const char *schema, const char *name);
/* CREATE TYPE ... AS RANGE (CANONICAL is not modelled: it needs a shell type and a C
 * function). */
int rt_ddl__create_range(ddl_ctx *c, const PgQuery__CreateRangeStmt *s);
int rt_ddl__create_seq(ddl_ctx *c, const PgQuery__CreateSeqStmt *s);
int rt_ddl__alter_seq(ddl_ctx *c, const PgQuery__AlterSeqStmt *s);
/* Resolves a type name (enum, domain or composite type) to its object; NULL when not a user type. */
rt_object *rt_ddl__find_type(ddl_ctx *c, const char *schema, const char *name);

/* ddl_table.c */
int rt_ddl__create_table(ddl_ctx *c, const PgQuery__CreateStmt *s, const char *renamed_from);
int rt_ddl__alter_table(ddl_ctx *c, const PgQuery__AlterTableStmt *s);
int rt_ddl__create_index(ddl_ctx *c, const PgQuery__IndexStmt *s);
int rt_ddl__finish_fks(ddl_ctx *c);
/* Extended statistics: CREATE STATISTICS, ALTER STATISTICS ... SET STATISTICS, a name looked
 * up through search_path (NULL when none; *name_out gets the bare name), and the drop that
 * goes with a relation (col NULL) or one of its columns. */
int rt_ddl__create_statistics(ddl_ctx *c, const PgQuery__CreateStatsStmt *s);
int rt_ddl__alter_statistics(ddl_ctx *c, const PgQuery__AlterStatsStmt *s);
rt_statistics *rt_ddl__find_statistics(ddl_ctx *c, PgQuery__Node **items, size_t n, const char **name_out);
void rt_ddl__drop_rel_statistics(ddl_ctx *c, const rt_object *rel, const char *col);
/* Once views are read back: keys of statistics on materialized views in column order. */
int rt_ddl__finish_statistics(ddl_ctx *c);
/* CLUSTER rel USING index / CLUSTER rel (the mark only; a model holds no rows to reorder). */
int rt_ddl__cluster(ddl_ctx *c, const PgQuery__ClusterStmt *s);
rt_column *rt_ddl__find_column(rt_table *t, const char *name);
/* The byte offset in the file where element k of a CREATE TABLE / CREATE TYPE list or an
 * ALTER subcommand list ends for its annotations: where the next element that has a location
 * starts, or -1 (the end of its statement's last line). */
int rt_ddl__element_end(const ddl_ctx *c, PgQuery__Node **elts, size_t n, size_t k);
/* A column's (or attribute's) `-- @renamed from=` ending one of its lines, up to `end`
 * (rt_ddl__element_end); NULL when none. */
const char *rt_ddl__column_renamed(ddl_ctx *c, const PgQuery__ColumnDef *cd, int end);
/* The tables inheriting from t directly (a copy in the load's scratch arena); NULL, *n 0 if none. */
rt_table **rt_ddl__table_children(ddl_ctx *c, const rt_table *t, int *n);
/* Drops an object and everything the graph says depends on it that PostgreSQL drops with
 * it automatically (a table's indexes, constraints and owned sequences). */
void rt_ddl__drop_table_parts(ddl_ctx *c, rt_table *t);
void rt_ddl__drop_index(ddl_ctx *c, rt_index *x);
/* ALTER TABLE ... RENAME CONSTRAINT and ALTER INDEX ... RENAME; other renames are unsupported. */
int rt_ddl__rename(ddl_ctx *c, const PgQuery__RenameStmt *s);
void rt_ddl__drop_constraint(ddl_ctx *c, rt_constraint *k);

/* ddl_view.c */
/* `o` depends on every relation of the graph a RangeVar under `n` names (subqueries). */
void rt_ddl__rangevar_deps(ddl_ctx *c, rt_object *o, const PgQuery__Node *n);
int rt_ddl__create_view(ddl_ctx *c, const PgQuery__ViewStmt *s);
int rt_ddl__create_matview(ddl_ctx *c, const PgQuery__CreateTableAsStmt *s);
int rt_ddl__finish_views(ddl_ctx *c);

/* ddl_func.c */
typedef struct pg_conn PGconn;
/* ddl_view.c: runs sql on conn; 0 when the server accepted it, -1 otherwise */
int rt_ddl__exec(PGconn *conn, const char *sql);
/* ddl_view.c: every statement of the models, in order, each in a savepoint, in the open
 * transaction on conn (a failing view, function or trigger is an error, anything else not). */
int rt_ddl__full_replay(ddl_ctx *c, PGconn *conn);
/* ddl_spelling.c: once the graph is complete, g's expressions take the server's spelling (in a
 * transaction of its own on conn, always rolled back) */
int rt_ddl__server_spelling(ddl_ctx *c, PGconn *conn);
int rt_ddl__create_function(ddl_ctx *c, const PgQuery__CreateFunctionStmt *s, PgQuery__Node *stmt);
int rt_ddl__create_trigger(ddl_ctx *c, const PgQuery__CreateTrigStmt *s, PgQuery__Node *stmt);
/* After the replay: the functions and triggers the server holds, their comments and
 * dependencies. */
int rt_ddl__read_functions(ddl_ctx *c, PGconn *conn);
int rt_ddl__read_triggers(ddl_ctx *c, PGconn *conn);
/* `o` needs the graph's function (kind 'f', name `proname(types)`), enum or domain ('t') or
 * relation ('r') schema.name, when the graph has it. */
int rt_ddl__add_dep_named(ddl_ctx *c, rt_object *o, char kind, const char *schema, const char *name);

/* ddl_policy.c */
int rt_ddl__create_policy(ddl_ctx *c, const PgQuery__CreatePolicyStmt *s, const char *renamed_from);
int rt_ddl__alter_policy(ddl_ctx *c, const PgQuery__AlterPolicyStmt *s);
int rt_ddl__rename_policy(ddl_ctx *c, const PgQuery__RenameStmt *s);
/* DROP POLICY: `items` names the table then the policy. */
int rt_ddl__drop_policy(ddl_ctx *c, PgQuery__Node **items, size_t n, bool missing_ok);
/* COMMENT ON POLICY's target (NULL and an error when it does not exist). */
rt_policy *rt_ddl__find_policy(ddl_ctx *c, PgQuery__Node **items, size_t n);
/* After the replay: the expressions the server made of them, and what they call. */
int rt_ddl__read_policies(ddl_ctx *c, PGconn *conn);

#endif
