/* retort schema graph: every modelled object keyed by kind + qualified name, its fields in
 * canonical form (raw names, server-canonical type and expression text) and its dependencies.
 * It does not know where a graph came from (database or DDL files) and never quotes names. */
#ifndef RETORT_GRAPH_H
#define RETORT_GRAPH_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <uthash.h>

#include "retort/arena.h"
#include "retort/error.h"

typedef enum rt_kind {
	RT_KIND_SCHEMA = 0,
	RT_KIND_EXTENSION,
	RT_KIND_ENUM,
	RT_KIND_DOMAIN,
	RT_KIND_COMPOSITE,          /* composite types (CREATE TYPE ... AS (...)) */
	RT_KIND_RANGE,              /* range types (CREATE TYPE ... AS RANGE) */
	RT_KIND_SEQUENCE,
	RT_KIND_FUNCTION,           /* functions and procedures */
	RT_KIND_TABLE,
	RT_KIND_VIEW,
	RT_KIND_MATVIEW,
	RT_KIND_INDEX,
	RT_KIND_CONSTRAINT,
	RT_KIND_TRIGGER,
	RT_KIND_STATISTICS,         /* extended statistics (CREATE STATISTICS) */
	RT_KIND_POLICY,             /* row level security policies (CREATE POLICY) */
	RT_KIND_COLLATION,          /* CREATE COLLATION */
	RT_KIND__COUNT
} rt_kind;

const char *rt_kind_name(rt_kind k); /* "schema", "table", ... */

struct rt_graph;

/* Common head of every object.  `schema` is NULL for schemas and extensions.  For a
 * constraint, `table` names its table (same schema) and `name` is the constraint's name;
 * for an index, `table` is the indexed relation. */
typedef struct rt_object {
	rt_kind kind;
	const char *schema;
	const char *name;
	const char *table;          /* constraints, indexes, triggers and policies only */
	const char *key;            /* hash key: kind, schema, table, name joined by \x1f */
	const char *comment;        /* NULL when none */
	struct rt_object **deps;    /* objects this one needs to exist first */
	int ndeps, capdeps;
	/* where it came from in DDL files (0 for a database): for error messages only */
	const char *src_path;
	int src_line;
	const char *renamed_from;   /* DDL `-- @renamed from=old_name` (same schema), or NULL */
	int id;                     /* dense id in sorted order, set by rt_graph_sorted */
	UT_hash_handle hh;          /* keyed on `key` */
} rt_object;

typedef struct rt_schema {
	rt_object obj;
} rt_schema;

/* The public schema is in every graph (both sides: every database has it), so that its comment
 * compares, and so that models that drop it, or a database without it, differ.  Its comment is
 * NULL when it is the one every new database has: */
#define RT_PUBLIC_SCHEMA_COMMENT "standard public schema"
/* Whether o is the public schema. */
#define RT_IS_PUBLIC_SCHEMA(o) ((o)->kind == RT_KIND_SCHEMA && !strcmp((o)->name, "public"))

typedef struct rt_extension {
	rt_object obj;
	const char *ext_schema;     /* where its objects live */
	const char *version;        /* informational; not compared */
} rt_extension;

typedef struct rt_enum {
	rt_object obj;
	const char **labels;        /* in sort order */
	int nlabels;
	/* DDL: per label, `-- @renamed from=old_label` (NULL entries), or NULL when no label has one */
	const char **label_renamed_from;
} rt_enum;

typedef struct rt_check {
	const char *name;
	const char *expr;           /* canonical expression text, without the CHECK keyword */
	bool no_inherit;
	bool not_valid;
	const char *comment;
} rt_check;

typedef struct rt_domain {
	rt_object obj;
	const char *base_type;      /* format_type, qualified when not pg_catalog */
	const char *default_expr;
	const char *collation;      /* qualified, NULL for the type's default */
	bool not_null;
	rt_check *checks;
	int nchecks;
} rt_domain;

/* A range type (pg_range) and the multirange type made with it. */
typedef struct rt_range {
	rt_object obj;
	const char *subtype;        /* format_type, qualified when not pg_catalog */
	const char *opclass;        /* SUBTYPE_OPCLASS, qualified; NULL for the subtype's default */
	const char *collation;      /* qualified; NULL for the subtype's default */
	const char *subtype_diff;   /* the function as regproc prints it (pg_catalog ones bare), or NULL */
	const char *multirange_schema, *multirange; /* MULTIRANGE_TYPE_NAME, default or not */
} rt_range;

/* Sequence options as PostgreSQL stores them (defaults filled in, so two spellings of the
 * same sequence compare equal). */
typedef struct rt_seqopts {
	const char *data_type;      /* smallint | integer | bigint */
	int64_t start, increment, min, max, cache;
	bool cycle;
} rt_seqopts;

typedef struct rt_sequence {
	rt_object obj;
	rt_seqopts opts;
	const char *owned_table;    /* OWNED BY schema.owned_table.owned_column (same schema) */
	const char *owned_schema;
	const char *owned_column;
	bool unlogged;              /* CREATE UNLOGGED SEQUENCE (PostgreSQL 15); a serial's follows its table */
} rt_sequence;

/* Tables hold most of a schema's bytes in their columns: pointers first, then the small
 * fields together, and the identity's options out of line. */
typedef struct rt_column {
	const char *name;
	const char *type;           /* format_type(atttypid, atttypmod) */
	const char *default_expr;   /* NULL when none; for generated columns, the generation expr */
	const rt_seqopts *identity_opts; /* when identity (never NULL then) */
	const char *identity_seq;   /* the implicit sequence's name (same schema) */
	const char *identity_comment; /* COMMENT ON SEQUENCE of that implicit sequence */
	const char *collation;      /* qualified, NULL when the type's default */
	const char *comment;
	/* tables: ALTER COLUMN ... SET STATISTICS (attstattarget, "0".."10000"), NULL when not set */
	const char *stattarget;
	const char *renamed_from;   /* DDL `-- @renamed from=old_name`, or NULL */
	int attnum;                 /* 1-based position among live columns */
	/* table inheritance (pg_attribute.attinhcount, attislocal): how many parents this column
	 * comes from, and whether it is only inherited (never defined on the table itself, so a
	 * parent's DROP COLUMN takes it away and CREATE TABLE ... INHERITS does not list it) */
	int inhcount;
	bool not_local;
	bool not_null;
	char identity;              /* 0, 'a' (ALWAYS), 'd' (BY DEFAULT) */
	char generated;             /* 0 or 's' (STORED) */
} rt_column;

/* A table named by schema and name (an inheritance parent). */
typedef struct rt_table_ref {
	const char *schema;
	const char *name;
} rt_table_ref;

typedef struct rt_index_key {
	const char *column;         /* a plain column, or NULL ... */
	const char *expr;           /* ... an expression (canonical text, no outer parentheses) */
	const char *collation;      /* qualified, NULL when the key's own */
	const char *opclass;        /* qualified, NULL when the type's default */
	bool desc;
	bool nulls_first;           /* as stored: DESC implies NULLS FIRST by default */
} rt_index_key;

typedef struct rt_table {
	rt_object obj;
	bool unlogged;
	rt_column *columns;
	int ncolumns;
	int capcolumns;             /* model loading: slots allocated in columns (0: exactly ncolumns) */
	const char **reloptions;    /* "fillfactor=70" ..., in catalog order; compared as a set */
	int nreloptions;
	/* INHERITS parents, or the partitioned table of a partition, in pg_inherits.inhseqno
	 * order; compared as a set (ALTER TABLE ... INHERIT appends) */
	rt_table_ref *parents;
	int nparents;
	/* a partitioned table (relkind 'p'): its strategy ('r' range, 'l' list, 'h' hash) and
	 * key as pg_get_partkeydef prints it (columns, expressions, collations, opclasses) */
	char partstrat;
	rt_index_key *partkeys;
	int npartkeys;
	/* a partition: pg_get_expr(relpartbound) ("FOR VALUES FROM (1) TO (10)", "DEFAULT") */
	const char *partbound;
	bool row_security;          /* ENABLE ROW LEVEL SECURITY (pg_class.relrowsecurity) */
	bool force_row_security;    /* FORCE ROW LEVEL SECURITY (relforcerowsecurity) */
	/* REPLICA IDENTITY (relreplident): 0 DEFAULT, 'n' NOTHING, 'f' FULL, 'i' USING INDEX
	 * replident_index (same schema; pg_index.indisreplident) */
	char replident;
	const char *replident_index;
	/* a database's table owned by another role than the one reading it (relowner), else NULL;
	 * never in models and never compared (owners are not managed): only a sequence a migration
	 * makes and links to it (OWNED BY) must have that owner too */
	const char *owner;
} rt_table;

/* A composite type: its attributes in attnum order, as columns with name, type, collation
 * and comment only (pg_attribute of its pg_class row, relkind 'c').  COMMENT ON COLUMN
 * type.attribute sets an attribute's comment; `-- @renamed from=` ending an attribute's line
 * its renamed_from. */
typedef struct rt_composite {
	rt_object obj;
	rt_column *attrs;
	int nattrs;
} rt_composite;

typedef struct rt_view {
	rt_object obj;              /* kind VIEW or MATVIEW */
	const char *definition;     /* pg_get_viewdef(oid, true) under search_path '' */
	const char **reloptions;    /* security_barrier=true ..., sorted, without check_option */
	int nreloptions;
	const char *check_option;   /* NULL, "local" or "cascaded" */
	rt_column *columns;         /* name, type, comment only */
	int ncolumns;
	bool with_no_data;          /* materialized views: not populated */
} rt_view;

/* A function or procedure.  obj.name is `proname(argument types)` as oidvectortypes prints
 * the signature (`add(integer, integer)`), so overloads are distinct objects and a renamed
 * parameter is a change of the same function.  DROP and COMMENT name it with `identity_args`.  Every field comes from
 * the server (introspection, or the models replayed on a scratch server): the texts compare
 * as they are. */
typedef struct rt_function {
	rt_object obj;
	const char *proname;
	const char *identity_args;  /* pg_get_function_identity_arguments */
	const char *arguments;      /* pg_get_function_arguments: names, modes, defaults */
	const char *result;         /* pg_get_function_result; NULL for a procedure */
	const char *language;       /* sql, plpgsql, ... */
	const char *definition;     /* pg_get_functiondef: CREATE OR REPLACE ..., no final newline */
	bool is_procedure;
} rt_function;


typedef struct rt_index {
	rt_object obj;              /* obj.table: the indexed table or materialized view */
	bool unique;
	bool nulls_not_distinct;
	const char *method;         /* btree, hash, gist, gin, brin, spgist ... */
	rt_index_key *keys;
	int nkeys;
	const char **include;       /* INCLUDE columns */
	int ninclude;
	const char *predicate;      /* WHERE ..., NULL when none */
	const char **reloptions;
	int nreloptions;
	const char *constraint;     /* name of the PK/UNIQUE/EXCLUDE constraint that owns it */
	bool clustered;             /* the table's cluster index (pg_index.indisclustered): the mark
				     * ALTER TABLE ... CLUSTER ON sets, at most one per table */
	/* an index of a partition attached to its partitioned table's index (the server creates
	 * it with the partition, or with the partitioned index): that index's name (same schema) */
	const char *parent_index;
	/* models only, not compared: the name the server gives this partition's index when it makes
	 * it for parent_index (ChooseIndexName on the partition), NULL when unknown.  A migration that
	 * lets the server make it renames it to obj.name when the two differ. */
	const char *server_name;
} rt_index;

typedef enum rt_contype {
	RT_CON_PRIMARY = 'p',
	RT_CON_UNIQUE = 'u',
	RT_CON_FOREIGN = 'f',
	RT_CON_CHECK = 'c',
	RT_CON_EXCLUDE = 'x'
} rt_contype;

typedef struct rt_constraint {
	rt_object obj;              /* obj.table: its table */
	char type;                  /* rt_contype */
	const char **columns;       /* p, u, f */
	int ncolumns;
	/* p, u */
	const char **include;
	int ninclude;
	const char **reloptions;
	int nreloptions;
	bool nulls_not_distinct;
	/* f */
	const char *ref_schema, *ref_table;
	const char **ref_columns;
	int nref_columns;
	char match;                 /* 'f' FULL, 'p' PARTIAL, 's' SIMPLE */
	char on_update, on_delete;  /* 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL, 'd' SET DEFAULT */
	const char **delete_set_columns; /* ON DELETE SET NULL/DEFAULT (cols), PostgreSQL 15 */
	int ndelete_set_columns;
	/* c */
	const char *expr;
	bool no_inherit;            /* connoinherit, kept for CHECKs only */
	/* c: inheritance (conislocal, coninhcount), as for columns; p, u, f on a partition:
	 * cloned from the partitioned table's constraint (conparentid), not_local and inhcount 1 */
	int inhcount;
	bool not_local;
	/* x: the whole "EXCLUDE USING ..." text as pg_get_constraintdef prints it */
	const char *definition;
	/* all */
	bool deferrable, deferred;
	bool not_valid;
} rt_constraint;

/* A trigger on a table or view (obj.table).  Both sides read its definition from the server
 * (pg_get_triggerdef under search_path ''): the text compares as it is. */
typedef struct rt_trigger {
	rt_object obj;
	const char *definition;     /* CREATE TRIGGER ..., without a final semicolon */
	/* pg_trigger.tgenabled: 0 as created (ENABLE), 'D' DISABLE, 'A' ENABLE ALWAYS,
	 * 'R' ENABLE REPLICA (ALTER TABLE ... TRIGGER) */
	char enabled;
} rt_trigger;
/* An extended statistics object (pg_statistic_ext).  Its name is schema-wide (obj.table is
 * NULL): the table it is on, which may live in another schema, is rel_schema.rel_table. */
typedef struct rt_statistics {
	rt_object obj;
	const char *rel_schema, *rel_table;
	const char **columns;       /* plain column keys, in attnum order (as stxkeys keeps them) */
	int ncolumns;
	const char **exprs;         /* expression keys, canonical text, in the order written */
	int nexprs;
	/* kinds built besides expression statistics ('e', implied by any expression): a subset
	 * of "dfm" (ndistinct, dependencies, mcv) in that order; PostgreSQL's default is all
	 * three for two or more keys, none for a single expression */
	const char *kinds;
	int stattarget;             /* ALTER STATISTICS ... SET STATISTICS; -1 when not set */
} rt_statistics;

/* A row level security policy on a table (obj.table), as pg_policy keeps it.  Both sides
 * read the expressions from the server (pg_get_expr(polqual, polrelid) under search_path ''):
 * a model's policy statements are replayed with the views, so the texts compare as they are. */
typedef struct rt_policy {
	rt_object obj;
	char cmd;                   /* polcmd: '*' ALL, 'r' SELECT, 'a' INSERT, 'w' UPDATE, 'd' DELETE */
	bool permissive;            /* false: AS RESTRICTIVE */
	const char **roles;         /* role names, sorted and unique; "public" for PUBLIC */
	int nroles;
	const char *using_expr;     /* USING (...), NULL when none */
	const char *check_expr;     /* WITH CHECK (...), NULL when none */
} rt_policy;

/* A collation (pg_collation): libc with its LC_COLLATE and LC_CTYPE, or ICU with its locale.
 * Columns name it qualified (public."numeric"), like any collation. */
typedef struct rt_collation {
	rt_object obj;
	char provider;              /* collprovider: 'c' libc, 'i' icu */
	const char *lc_collate;     /* libc */
	const char *lc_ctype;       /* libc */
	const char *icu_locale;     /* icu */
	bool deterministic;
} rt_collation;

typedef struct rt_graph rt_graph;

/* A new empty graph owning an arena.  Free with rt_graph_free. */
int rt_graph_new(rt_graph **out, rt_error *err);
void rt_graph_free(rt_graph *g);           /* NULL is fine */
rt_arena *rt_graph_arena(rt_graph *g);

/* Allocates an object of `kind` (zeroed, size of its kind's struct) in the graph's arena,
 * copies the names and adds it.  RT_EINVALID (with the object's name) if the key exists. */
int rt_graph_add(rt_object **out, rt_graph *g, rt_kind kind, const char *schema,
		 const char *table, const char *name, rt_error *err);
rt_object *rt_graph_find(const rt_graph *g, rt_kind kind, const char *schema,
			 const char *table, const char *name);
/* Adds to `dst` a copy of `o` (same kind, the name `name` or o's own when NULL, every field,
 * no dependencies).  The copy is shallow: its strings and arrays stay those of o's graph, which
 * must outlive `dst` (dst may be o's graph). */
int rt_graph_copy_object(rt_object **out, rt_graph *dst, const rt_object *o, const char *name,
			 rt_error *err);
/* Removes from the hash (memory stays in the arena until the graph is freed). */
void rt_graph_remove(rt_graph *g, rt_object *o);
/* Adds function `proname(types)` (its object name), proname and identity_args set. */
int rt_graph_add_function(rt_function **out, rt_graph *g, const char *schema, const char *proname,
			  const char *types, const char *identity_args, rt_error *err);
/* pg_get_functiondef text copied into the graph without its trailing blanks; NULL when out
 * of memory. */
const char *rt_graph_function_def(rt_graph *g, const char *text);
/* A table's column by name; NULL when t is NULL or has none of that name. */
const rt_column *rt_table_column(const rt_table *t, const char *name);
rt_table *rt_graph_find_table(const rt_graph *g, const char *schema, const char *name);
/* Appends schema.name to t's parents (names copied into g). */
int rt_graph_table_add_parent(rt_table *t, rt_graph *g, const char *schema, const char *name, rt_error *err);
/* A relation of any kind (table, view, matview, sequence) by name. */
rt_object *rt_graph_find_relation(const rt_graph *g, const char *schema, const char *name);

/* The columns of a table, view or materialized view, or the attributes of a composite type
 * (borrowed); none for other kinds. */
void rt_object_columns(const rt_object *o, const rt_column **cols, int *n);

/* Records that `o` needs `dep` (duplicates and self-edges are ignored). */
int rt_graph_add_dep(rt_graph *g, rt_object *o, rt_object *dep, rt_error *err);

/* Number of objects, and all of them sorted by (kind, schema, table, name); the array is owned
 * by the graph and valid until the next add/remove. */
int rt_graph_count(const rt_graph *g);
int rt_graph_sorted(rt_object ***out, rt_graph *g, rt_error *err);

/* Objects in an order that creates each after its dependencies (ties by kind, schema,
 * name); cycles are broken at the lowest (kind, name) object.  Array owned by the graph. */
int rt_graph_create_order(rt_object ***out, int *n, rt_graph *g, rt_error *err);


/* The graph as JSON (objects in sorted order, every field); *out is malloc'd, caller frees. */
int rt_graph_to_json(char **out, rt_graph *g, rt_error *err);

/* Whether two string lists hold the same strings in any order (reloptions, key columns):
 * equal lengths and every string of a found in b; NULL equals only NULL. */
bool rt_strs_same_set(const char *const *a, int na, const char *const *b, int nb);

/* Sorts a policy's roles (strcmp) and drops repeated names, in place. */
void rt_policy_sort_roles(rt_policy *p);

/* Sorting order of objects: (kind, schema, table, name). */
int rt_object_cmp(const rt_object *a, const rt_object *b);

/* The shared helpers for allocating arrays and names in the graph's arena. */
const char *rt_graph_strdup(rt_graph *g, const char *s);
void *rt_graph_alloc(rt_graph *g, size_t n);

#endif
