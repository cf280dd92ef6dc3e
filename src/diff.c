/* Pairing objects of two graphs and comparing them field by field.  Pairing is by key, then
 * by declared rename, then (unless disabled) by unambiguous inference: exactly one dropped and
 * one created object of a kind in a scope with equal definitions.  Objects PostgreSQL named
 * after a renamed table (users_pkey → accounts_pkey) follow their table. */
#include "retort/diff.h"
#include "retort/normalize.h"
#include "retort/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#undef uthash_malloc
#undef uthash_free
#define uthash_malloc(sz) rt_malloc(sz)
#define uthash_free(ptr, sz) rt_free(ptr)

/* The peer of an object, in an array indexed by the object's id (its place in its graph's
 * sorted array): pairing is the hot path of a diff, and an index beats a hash. */
typedef struct pair {
	const rt_object *peer;      /* NULL: unpaired */
	bool inferred;
} pair;

typedef struct colpair {
	struct { const rt_object *table; const rt_column *col; } k; /* to side */
	const rt_column *from;
	bool inferred;
	UT_hash_handle hh;
} colpair;

/* Labels of a paired enum: per `to` label, the `from` label index it continues or -1. */
typedef struct labpair {
	const rt_object *to;        /* the to-side enum */
	int *from_of;
	bool *inferred;
	UT_hash_handle hh;
} labpair;

struct rt_changes {
	rt_change *items;
	int n, cap;
	pair *fwd, *back;           /* from → to by from's id, to → from by to's id */
	rt_object **fobj, **tobj;   /* the sorted objects of each side, by id */
	int nfobj, ntobj;
	bool *cols_renamed;         /* by to-side id: a table with a column paired under another name */
	colpair *cols;
	labpair *labels;
	rt_arena *arena;
	/* types (enums, domains, composites, ranges) paired under another name: their
	 * qualified, quoted names as format_type prints them, from side and to side */
	const char **type_from, **type_to;
	int ntypes;
};

/* ---------- equality ---------- */

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
expr_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b) || rt_norm_expr_equal(a, b);
}

static bool
strs_eq(const char *const *a, int na, const char *const *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return false;
	return true;
}

static bool
seqopts_eq(const rt_seqopts *a, const rt_seqopts *b)
{
	return str_eq(a->data_type, b->data_type) && a->start == b->start &&
	       a->increment == b->increment && a->min == b->min && a->max == b->max &&
	       a->cache == b->cache && a->cycle == b->cycle;
}

#define DIFF(cond, name) do { if (!(cond)) { if (field) *field = (name); return false; } } while (0)

/* A boolean literal the way the server prints it: 't', 'yes', 'on', '1' are true. */
static const char *
bool_literal(const char *s)
{
	static const char *const t[] = {"true", "'t'", "'true'", "'yes'", "'y'", "'on'", "'1'", NULL};
	static const char *const f[] = {"false", "'f'", "'false'", "'no'", "'n'", "'off'", "'0'", NULL};
	for (int i = 0; s && t[i]; i++) {
		if (!strcasecmp(s, t[i]) || (!strncasecmp(s, t[i], strlen(t[i])) && !strcmp(s + strlen(t[i]), "::boolean")))
			return "true";
		if (!strcasecmp(s, f[i]) || (!strncasecmp(s, f[i], strlen(f[i])) && !strcmp(s + strlen(f[i]), "::boolean")))
			return "false";
	}
	return s;
}

static bool
default_eq(const rt_column *a, const rt_column *b)
{
	if (a->type && !strcmp(a->type, "boolean") && a->default_expr && b->default_expr)
		return str_eq(bool_literal(a->default_expr), bool_literal(b->default_expr));
	return expr_eq(a->default_expr, b->default_expr);
}

bool
rt_column_equal(const rt_column *a, const rt_column *b, const char **field)
{
	DIFF(str_eq(a->type, b->type), "type");
	DIFF(str_eq(a->collation, b->collation), "collation");
	DIFF(a->not_null == b->not_null, "not_null");
	DIFF(a->generated == b->generated, "generated");
	DIFF(default_eq(a, b), "default");
	DIFF(a->identity == b->identity, "identity");
	DIFF(!a->identity || seqopts_eq(a->identity_opts, b->identity_opts), "identity_options");
	DIFF(!a->identity || str_eq(a->identity_seq, b->identity_seq), "identity_sequence");
	DIFF(!a->identity || str_eq(a->identity_comment, b->identity_comment), "identity_comment");
	DIFF(str_eq(a->comment, b->comment), "comment");
	DIFF(str_eq(a->stattarget, b->stattarget), "statistics");
	/* last: where a column comes from is settled by the table's parents.  Whether an inherited
	 * column is also the table's own (attislocal) no statement changes: ALTER TABLE ... INHERIT
	 * needs the column there first and leaves it local, so between two inherited columns it is
	 * no difference (else the diff after such a migration would never be empty) */
	DIFF(a->inhcount == b->inhcount, "inhcount");
	DIFF(a->not_local == b->not_local || (a->inhcount > 0 && b->inhcount > 0), "not_local");
	return true;
}

static bool
columns_eq(const rt_column *a, int na, const rt_column *b, int nb, const char **field)
{
	DIFF(na == nb, "columns");
	for (int i = 0; i < na; i++) {
		DIFF(str_eq(a[i].name, b[i].name), "columns");
		if (!rt_column_equal(&a[i], &b[i], field))
			return false;
	}
	return true;
}

/* Tables compare columns as a set by name: column order is not something ALTER TABLE can
 * change, so it is not a difference. */
static const rt_column *
find_col(const rt_column *cols, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(cols[i].name, name))
			return &cols[i];
	return NULL;
}

static bool
parents_eq(const rt_table *a, const rt_table *b)
{
	if (a->nparents != b->nparents)
		return false;
	for (int i = 0; i < a->nparents; i++) {
		bool found = false;
		for (int k = 0; k < b->nparents && !found; k++)
			found = str_eq(a->parents[i].schema, b->parents[k].schema) &&
				str_eq(a->parents[i].name, b->parents[k].name);
		if (!found)
			return false;
	}
	return true;
}

static bool
keys_eq(const rt_index_key *a, int na, const rt_index_key *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++) {
		const rt_index_key *x = &a[i], *y = &b[i];
		if (!(str_eq(x->column, y->column) && expr_eq(x->expr, y->expr) &&
		      str_eq(x->collation, y->collation) && str_eq(x->opclass, y->opclass) &&
		      x->desc == y->desc && x->nulls_first == y->nulls_first))
			return false;
	}
	return true;
}

static bool
table_eq(const rt_table *a, const rt_table *b, const char **field)
{
	DIFF(a->partstrat == b->partstrat && keys_eq(a->partkeys, a->npartkeys, b->partkeys, b->npartkeys),
	     "partition_key");
	DIFF(a->unlogged == b->unlogged, "unlogged");
	DIFF(rt_strs_same_set(a->reloptions, a->nreloptions, b->reloptions, b->nreloptions), "reloptions");
	DIFF(a->row_security == b->row_security, "row_security");
	DIFF(a->force_row_security == b->force_row_security, "force_row_security");
	DIFF(a->replident == b->replident && str_eq(a->replident_index, b->replident_index), "replica_identity");
	DIFF(a->ncolumns == b->ncolumns, "columns");
	for (int i = 0; i < a->ncolumns; i++) {
		const rt_column *bc = find_col(b->columns, b->ncolumns, a->columns[i].name);
		DIFF(bc != NULL, "columns");
		if (!rt_column_equal(&a->columns[i], bc, field))
			return false;
	}
	DIFF(parents_eq(a, b), "parents");
	DIFF(str_eq(a->partbound, b->partbound) ||
	     (a->partbound && b->partbound && rt_norm_partbound_equal(a->partbound, b->partbound)), "partition_bound");
	return true;
}

static bool
index_eq(const rt_index *a, const rt_index *b, const char **field)
{
	DIFF(str_eq(a->obj.table, b->obj.table), "table");
	DIFF(a->unique == b->unique, "unique");
	DIFF(a->nulls_not_distinct == b->nulls_not_distinct, "nulls_not_distinct");
	DIFF(str_eq(a->method, b->method), "method");
	DIFF(keys_eq(a->keys, a->nkeys, b->keys, b->nkeys), "keys");
	DIFF(strs_eq(a->include, a->ninclude, b->include, b->ninclude), "include");
	DIFF(expr_eq(a->predicate, b->predicate), "predicate");
	DIFF(rt_strs_same_set(a->reloptions, a->nreloptions, b->reloptions, b->nreloptions), "reloptions");
	DIFF(str_eq(a->constraint, b->constraint), "constraint");
	DIFF(str_eq(a->parent_index, b->parent_index), "parent_index");
	/* last: a change of "clustered" alone is one ALTER TABLE ... CLUSTER ON, not a rebuild */
	DIFF(a->clustered == b->clustered, "clustered");
	return true;
}

static bool
constraint_eq(const rt_constraint *a, const rt_constraint *b, const char **field)
{
	DIFF(a->type == b->type, "type");
	DIFF(strs_eq(a->columns, a->ncolumns, b->columns, b->ncolumns), "columns");
	DIFF(strs_eq(a->include, a->ninclude, b->include, b->ninclude), "include");
	DIFF(rt_strs_same_set(a->reloptions, a->nreloptions, b->reloptions, b->nreloptions), "reloptions");
	DIFF(a->nulls_not_distinct == b->nulls_not_distinct, "nulls_not_distinct");
	if (a->type == RT_CON_FOREIGN) {
		DIFF(str_eq(a->ref_schema, b->ref_schema) && str_eq(a->ref_table, b->ref_table),
		     "references");
		DIFF(strs_eq(a->ref_columns, a->nref_columns, b->ref_columns, b->nref_columns),
		     "ref_columns");
		DIFF(a->match == b->match, "match");
		DIFF(a->on_update == b->on_update, "on_update");
		DIFF(a->on_delete == b->on_delete, "on_delete");
		DIFF(strs_eq(a->delete_set_columns, a->ndelete_set_columns, b->delete_set_columns,
			     b->ndelete_set_columns), "on_delete");
	}
	DIFF(expr_eq(a->expr, b->expr), "expr");
	DIFF(a->no_inherit == b->no_inherit, "no_inherit");
	DIFF(str_eq(a->definition, b->definition) ||
	     (a->definition && b->definition && rt_norm_constraint_equal(a->definition, b->definition)),
	     "definition");
	DIFF(a->deferrable == b->deferrable, "deferrable");
	DIFF(a->deferred == b->deferred, "deferred");
	DIFF(a->not_valid == b->not_valid, "not_valid");
	/* last: inheritance follows the table's parents (ALTER TABLE ... [NO] INHERIT) */
	DIFF(a->inhcount == b->inhcount, "inhcount");
	DIFF(a->not_local == b->not_local, "not_local");
	return true;
}

bool
rt_object_equal(const rt_object *a, const rt_object *b, const char **field)
{
	DIFF(a->kind == b->kind, "kind");
	DIFF(str_eq(a->comment, b->comment), "comment");
	switch (a->kind) {
	case RT_KIND_SCHEMA:
		return true;
	case RT_KIND_EXTENSION:
		DIFF(str_eq(((const rt_extension *)a)->ext_schema, ((const rt_extension *)b)->ext_schema),
		     "schema");
		return true;
	case RT_KIND_COLLATION: {
		const rt_collation *x = (const rt_collation *)a, *y = (const rt_collation *)b;
		DIFF(x->provider == y->provider, "provider");
		DIFF(str_eq(x->lc_collate, y->lc_collate) && str_eq(x->lc_ctype, y->lc_ctype) &&
		     str_eq(x->icu_locale, y->icu_locale), "locale");
		DIFF(x->deterministic == y->deterministic, "deterministic");
		return true;
	}
	case RT_KIND_ENUM: {
		const rt_enum *x = (const rt_enum *)a, *y = (const rt_enum *)b;
		DIFF(strs_eq(x->labels, x->nlabels, y->labels, y->nlabels), "labels");
		return true;
	}
	case RT_KIND_DOMAIN: {
		const rt_domain *x = (const rt_domain *)a, *y = (const rt_domain *)b;
		DIFF(str_eq(x->base_type, y->base_type), "base_type");
		DIFF(str_eq(x->collation, y->collation), "collation");
		DIFF(expr_eq(x->default_expr, y->default_expr), "default");
		DIFF(x->not_null == y->not_null, "not_null");
		/* a domain's CHECKs are a set, by name */
		DIFF(x->nchecks == y->nchecks, "checks");
		for (int i = 0; i < x->nchecks; i++) {
			const rt_check *yc = NULL;
			for (int k = 0; k < y->nchecks && !yc; k++)
				if (str_eq(x->checks[i].name, y->checks[k].name))
					yc = &y->checks[k];
			DIFF(yc != NULL, "checks");
			DIFF(expr_eq(x->checks[i].expr, yc->expr), "checks");
			DIFF(x->checks[i].not_valid == yc->not_valid, "checks");
			DIFF(str_eq(x->checks[i].comment, yc->comment), "checks");
		}
		return true;
	}
	case RT_KIND_COMPOSITE: {
		/* attribute order is part of the type (row literals, ROW() casts) */
		const rt_composite *x = (const rt_composite *)a, *y = (const rt_composite *)b;
		return columns_eq(x->attrs, x->nattrs, y->attrs, y->nattrs, field);
	}
	case RT_KIND_RANGE: {
		const rt_range *x = (const rt_range *)a, *y = (const rt_range *)b;
		DIFF(str_eq(x->subtype, y->subtype), "subtype");
		DIFF(str_eq(x->opclass, y->opclass), "subtype_opclass");
		DIFF(str_eq(x->collation, y->collation), "collation");
		DIFF(str_eq(x->subtype_diff, y->subtype_diff), "subtype_diff");
		DIFF(str_eq(x->multirange_schema, y->multirange_schema), "multirange_schema");
		/* last: a new multirange name alone is one ALTER TYPE ... RENAME */
		DIFF(str_eq(x->multirange, y->multirange), "multirange");
		return true;
	}
	case RT_KIND_SEQUENCE: {
		const rt_sequence *x = (const rt_sequence *)a, *y = (const rt_sequence *)b;
		DIFF(seqopts_eq(&x->opts, &y->opts), "options");
		DIFF(x->unlogged == y->unlogged, "unlogged");
		DIFF(str_eq(x->owned_schema, y->owned_schema) && str_eq(x->owned_table, y->owned_table) &&
		     str_eq(x->owned_column, y->owned_column), "owned_by");
		return true;
	}
	case RT_KIND_FUNCTION: {
		const rt_function *x = (const rt_function *)a, *y = (const rt_function *)b;
		DIFF(x->is_procedure == y->is_procedure, "kind");
		DIFF(str_eq(x->result, y->result), "result");
		DIFF(str_eq(x->arguments, y->arguments), "arguments");
		DIFF(str_eq(x->definition, y->definition), "definition");
		return true;
	}
	case RT_KIND_TRIGGER:
		DIFF(str_eq(((const rt_trigger *)a)->definition, ((const rt_trigger *)b)->definition), "definition");
		/* last: a change of state alone is one ALTER TABLE ... TRIGGER */
		DIFF(((const rt_trigger *)a)->enabled == ((const rt_trigger *)b)->enabled, "enabled");
		return true;
	case RT_KIND_TABLE:
		return table_eq((const rt_table *)a, (const rt_table *)b, field);
	case RT_KIND_POLICY: {
		/* the command and permissiveness first: ALTER POLICY changes neither (plan.c) */
		const rt_policy *x = (const rt_policy *)a, *y = (const rt_policy *)b;
		DIFF(x->cmd == y->cmd, "cmd");
		DIFF(x->permissive == y->permissive, "permissive");
		DIFF(rt_strs_same_set(x->roles, x->nroles, y->roles, y->nroles), "roles");
		DIFF(expr_eq(x->using_expr, y->using_expr), "using");
		DIFF(expr_eq(x->check_expr, y->check_expr), "with_check");
		return true;
	}
	case RT_KIND_VIEW:
	case RT_KIND_MATVIEW: {
		const rt_view *x = (const rt_view *)a, *y = (const rt_view *)b;
		DIFF(str_eq(x->definition, y->definition) ||
		     rt_norm_query_equal(x->definition, y->definition), "definition");
		DIFF(rt_strs_same_set(x->reloptions, x->nreloptions, y->reloptions, y->nreloptions), "reloptions");
		DIFF(str_eq(x->check_option, y->check_option), "check_option");
		DIFF(x->with_no_data == y->with_no_data, "with_no_data");
		return columns_eq(x->columns, x->ncolumns, y->columns, y->ncolumns, field);
	}
	case RT_KIND_INDEX:
		return index_eq((const rt_index *)a, (const rt_index *)b, field);
	case RT_KIND_CONSTRAINT:
		return constraint_eq((const rt_constraint *)a, (const rt_constraint *)b, field);
	case RT_KIND_STATISTICS: {
		const rt_statistics *x = (const rt_statistics *)a, *y = (const rt_statistics *)b;
		DIFF(str_eq(x->rel_schema, y->rel_schema) && str_eq(x->rel_table, y->rel_table), "table");
		DIFF(strs_eq(x->columns, x->ncolumns, y->columns, y->ncolumns), "columns");
		DIFF(x->nexprs == y->nexprs, "exprs");
		for (int i = 0; i < x->nexprs; i++)
			DIFF(expr_eq(x->exprs[i], y->exprs[i]), "exprs");
		DIFF(str_eq(x->kinds, y->kinds), "kinds");
		/* last: a new target alone is one ALTER STATISTICS */
		DIFF(x->stattarget == y->stattarget, "stattarget");
		return true;
	}
	default:
		return true;
	}
}

/* ---------- pairing ---------- */

/* Whether o is the object of one side (its sorted objects) at its id: not a copy, nor an
 * object of the other graph. */
static bool
of_side(rt_object *const *objs, int n, const rt_object *o)
{
	return o && o->id >= 0 && o->id < n && objs[o->id] == o;
}

/* The slot of o in one side's pairs, or NULL when o is not an object of that side. */
static pair *
pair_slot(pair *pairs, rt_object *const *objs, int n, const rt_object *o)
{
	return of_side(objs, n, o) ? &pairs[o->id] : NULL;
}

static int
pair_add(rt_changes *c, const rt_object *from, const rt_object *to, bool inferred)
{
	pair *f = pair_slot(c->fwd, c->fobj, c->nfobj, from), *b = pair_slot(c->back, c->tobj, c->ntobj, to);
	if (!f || !b)
		return RT_EINVALID; /* not reached: both come from the sorted arrays */
	f->peer = to;
	f->inferred = inferred;
	b->peer = from;
	b->inferred = inferred;
	return RT_OK;
}

/* The pair of a from-side object (fwd) or of a to-side object (back); NULL when unpaired. */
static pair *
fwd_find(const rt_changes *c, const rt_object *from)
{
	pair *p = pair_slot(c->fwd, c->fobj, c->nfobj, from);
	return p && p->peer ? p : NULL;
}

static pair *
back_find(const rt_changes *c, const rt_object *to)
{
	pair *p = pair_slot(c->back, c->tobj, c->ntobj, to);
	return p && p->peer ? p : NULL;
}

const rt_object *
rt_changes_peer_to(const rt_changes *c, const rt_object *from)
{
	pair *p = fwd_find(c, from);
	return p ? p->peer : NULL;
}

const rt_object *
rt_changes_peer_from(const rt_changes *c, const rt_object *to)
{
	pair *p = back_find(c, to);
	return p ? p->peer : NULL;
}

static colpair *
colpair_find(const rt_changes *c, const rt_object *table, const rt_column *col)
{
	colpair key, *p = NULL;
	memset(&key.k, 0, sizeof key.k);
	key.k.table = table;
	key.k.col = col;
	HASH_FIND(hh, c->cols, &key.k, sizeof key.k, p);
	return p;
}

const rt_column *
rt_changes_column_from(const rt_changes *c, const rt_object *to_table, const rt_column *to_col)
{
	colpair *p = colpair_find(c, to_table, to_col);
	return p ? p->from : NULL;
}

bool
rt_changes_column_inferred(const rt_changes *c, const rt_object *to_table, const rt_column *to_col)
{
	colpair *p = colpair_find(c, to_table, to_col);
	return p && p->inferred;
}

static int
colpair_add(rt_changes *c, const rt_object *table, const rt_column *to, const rt_column *from,
	    bool inferred)
{
	colpair *p = rt_arena_alloc(c->arena, sizeof *p);
	if (!p)
		return RT_ENOMEM;
	p->k.table = table;
	p->k.col = to;
	p->from = from;
	p->inferred = inferred;
	HASH_ADD(hh, c->cols, k, sizeof p->k, p);
	if (strcmp(to->name, from->name) && of_side(c->tobj, c->ntobj, table))
		c->cols_renamed[table->id] = true;
	return RT_OK;
}

/* Columns of a paired table (attributes of a paired composite type): by name, then declared
 * rename, then one dropped + one added column of the same definition. */
static int
pair_columns(rt_changes *c, const rt_object *from, const rt_object *to, bool infer)
{
	const rt_column *fcols, *tcols;
	int nf, nt;
	unsigned char *used;
	const rt_column *lone_new = NULL;
	int nnew = 0, rc = RT_OK;
	rt_object_columns(from, &fcols, &nf);
	rt_object_columns(to, &tcols, &nt);
	if (!(used = rt_calloc((size_t)nf + 1, 1)))
		return RT_ENOMEM;
	for (int i = 0; i < nt && !rc; i++) {
		const rt_column *tc = &tcols[i];
		const rt_column *fc = find_col(fcols, nf, tc->name);
		if (!fc && tc->renamed_from) {
			fc = find_col(fcols, nf, tc->renamed_from);
			/* the old name still in use, or already claimed by another column: not a rename */
			if (fc && (find_col(tcols, nt, fc->name) || used[fc - fcols]))
				fc = NULL;
		}
		if (!fc) {
			/* backwards: a from-column that declares it was once called tc->name */
			for (int k = 0; k < nf && !fc; k++)
				if (!used[k] && fcols[k].renamed_from && !strcmp(fcols[k].renamed_from, tc->name) &&
				    !find_col(tcols, nt, fcols[k].name))
					fc = &fcols[k];
		}
		if (fc) {
			used[fc - fcols] = 1;
			rc = colpair_add(c, to, tc, fc, false);
		} else {
			lone_new = tc;
			nnew++;
		}
	}
	if (!rc && infer && nnew == 1) {
		const rt_column *lone_old = NULL;
		int nold = 0;
		for (int i = 0; i < nf; i++)
			if (!used[i]) {
				lone_old = &fcols[i];
				nold++;
			}
		if (nold == 1 && str_eq(lone_old->type, lone_new->type) &&
		    lone_old->not_null == lone_new->not_null &&
		    expr_eq(lone_old->default_expr, lone_new->default_expr) &&
		    lone_old->identity == lone_new->identity && lone_old->generated == lone_new->generated &&
		    str_eq(lone_old->collation, lone_new->collation))
			rc = colpair_add(c, to, lone_new, lone_old, true);
	}
	rt_free(used);
	return rc;
}

static int
find_label(const rt_enum *e, const char *label)
{
	for (int i = 0; i < e->nlabels; i++)
		if (!strcmp(e->labels[i], label))
			return i;
	return -1;
}

static bool
label_used(const int *from_of, int n, int k)
{
	for (int i = 0; i < n; i++)
		if (from_of[i] == k)
			return true;
	return false;
}

/* Labels of a paired enum: by name, then declared rename (either side's annotation, the old
 * label gone from `to`), then one inference: a single label removed where a single label was
 * added, between the same two paired neighbours (or the same end).  Anything else is labels
 * removed and added. */
static int
pair_labels(rt_changes *c, const rt_enum *from, const rt_enum *to, bool infer)
{
	labpair *p = rt_arena_alloc(c->arena, sizeof *p);
	int n = to->nlabels, nnew = 0, nold = 0, lone_new = -1, lone_old = -1;
	if (!p || !(p->from_of = rt_arena_alloc(c->arena, sizeof *p->from_of * ((size_t)n + 1))) ||
	    !(p->inferred = rt_arena_alloc(c->arena, sizeof *p->inferred * ((size_t)n + 1))))
		return RT_ENOMEM;
	p->to = &to->obj;
	for (int i = 0; i < n; i++)
		p->from_of[i] = find_label(from, to->labels[i]);
	for (int i = 0; i < n; i++) {
		int k = -1;
		if (p->from_of[i] >= 0)
			continue;
		if (to->label_renamed_from && to->label_renamed_from[i])
			k = find_label(from, to->label_renamed_from[i]);
		/* the old label still in use, or claimed already: not a rename */
		if (k >= 0 && (find_label(to, from->labels[k]) >= 0 || label_used(p->from_of, n, k)))
			k = -1;
		/* backwards: a from-label that declares it was once called to->labels[i] */
		for (int j = 0; k < 0 && from->label_renamed_from && j < from->nlabels; j++)
			if (from->label_renamed_from[j] && !strcmp(from->label_renamed_from[j], to->labels[i]) &&
			    find_label(to, from->labels[j]) < 0 && !label_used(p->from_of, n, j))
				k = j;
		p->from_of[i] = k;
	}
	for (int i = 0; i < n; i++)
		if (p->from_of[i] < 0) {
			lone_new = i;
			nnew++;
		}
	for (int k = 0; k < from->nlabels; k++)
		if (!label_used(p->from_of, n, k)) {
			lone_old = k;
			nold++;
		}
	if (infer && nnew == 1 && nold == 1) {
		/* neighbours: the paired labels right before and after, on each side */
		int before = lone_new > 0 ? p->from_of[lone_new - 1] : -1;
		int after = lone_new + 1 < n ? p->from_of[lone_new + 1] : from->nlabels;
		if (before == lone_old - 1 && after == lone_old + 1) {
			p->from_of[lone_new] = lone_old;
			p->inferred[lone_new] = true;
		}
	}
	HASH_ADD_PTR(c->labels, to, p);
	return RT_OK;
}

static int
pair_all_labels(rt_changes *c, rt_object **ta, int nt, bool infer)
{
	int rc;
	for (int i = 0; i < nt; i++) {
		pair *p = ta[i]->kind == RT_KIND_ENUM ? back_find(c, ta[i]) : NULL;
		if (p && (rc = pair_labels(c, (const rt_enum *)p->peer, (const rt_enum *)ta[i], infer)))
			return rc;
	}
	return RT_OK;
}

int
rt_changes_enum_label_from(const rt_changes *c, const rt_object *to_enum, int i, bool *inferred)
{
	labpair *p = NULL;
	HASH_FIND_PTR(c->labels, &to_enum, p);
	if (inferred)
		*inferred = p && i >= 0 && i < ((const rt_enum *)to_enum)->nlabels && p->inferred[i];
	if (!p || i < 0 || i >= ((const rt_enum *)to_enum)->nlabels)
		return -1;
	return p->from_of[i];
}

static bool
starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* `users_email_key` under table users renamed to accounts → `accounts_email_key`.  Returns
 * the arena copy, or NULL when the name was not generated from the table name. */
static const char *
follow_table_name(rt_changes *c, const char *name, const char *old_table, const char *new_table)
{
	size_t n = strlen(old_table);
	if (!starts_with(name, old_table) || name[n] != '_')
		return NULL;
	return rt_arena_printf(c->arena, "%s%s", new_table, name + n);
}

static int
add_change(rt_changes *c, rt_change_kind kind, const rt_object *from, const rt_object *to,
	   const char *field, bool inferred)
{
	rt_change *ch;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		rt_change *n = rt_realloc(c->items, sizeof *n * (size_t)cap);
		if (!n)
			return RT_ENOMEM;
		c->items = n;
		c->cap = cap;
	}
	ch = &c->items[c->n++];
	memset(ch, 0, sizeof *ch);
	ch->kind = kind;
	ch->from = from;
	ch->to = to;
	ch->field = field;
	ch->renamed = from && to && (!str_eq(from->name, to->name) || !str_eq(from->table, to->table));
	ch->inferred = inferred;
	return RT_OK;
}

/* Inference of a renamed table looks at the shape only: column names, types and NOT NULL in
 * order.  Defaults may name the table's own sequence (nextval('users_id_seq')), which was
 * renamed too. */
/* The name a from-side column of `table` has on the to side (renamed or not), or NULL. */
static const char *
mapped_column(rt_changes *c, rt_graph *from, rt_graph *to, const char *schema, const char *table,
	      const char *col)
{
	rt_object *ft = rt_graph_find_relation(from, schema, table);
	const rt_object *tt = ft ? rt_changes_peer_to(c, ft) : NULL;
	(void)to;
	if (!tt || tt->kind != RT_KIND_TABLE || !c->cols_renamed[tt->id])
		return col; /* (tt is a paired to-side object: its id is good) */
	for (int i = 0; i < ((const rt_table *)tt)->ncolumns; i++) {
		const rt_column *tc = &((const rt_table *)tt)->columns[i];
		const rt_column *fc = rt_changes_column_from(c, tt, tc);
		if (fc && col && !strcmp(fc->name, col))
			return tc->name;
	}
	return col;
}

static const char **
map_columns(rt_changes *c, rt_graph *from, rt_graph *to, const char *schema, const char *table,
	    const char *const *cols, int n)
{
	const char **out = rt_arena_alloc(c->arena, sizeof *out * ((size_t)n + 1));
	for (int i = 0; out && i < n; i++)
		out[i] = mapped_column(c, from, to, schema, table, cols[i]);
	return out;
}

/* A from-side constraint or index with its columns (and referenced table) under their
 * to-side names, so that one that only followed a column or table rename compares equal. */
static bool
is_type_kind(rt_kind k)
{
	return k == RT_KIND_ENUM || k == RT_KIND_DOMAIN || k == RT_KIND_COMPOSITE || k == RT_KIND_RANGE;
}

static const char *
qualified_type(rt_changes *c, const rt_object *o)
{
	rt_buf b = RT_BUF_INIT;
	const char *s;
	rt_sql_qualified(&b, o->schema, o->name);
	s = rt_buf_failed(&b) ? NULL : rt_arena_strdup(c->arena, b.ptr);
	rt_buf_dispose(&b);
	return s;
}

/* Records the types paired under another name (after pairing). */
static int
collect_type_renames(rt_changes *c, rt_object **fa, int nf)
{
	for (int i = 0; i < nf; i++) {
		const rt_object *t;
		if (!is_type_kind(fa[i]->kind) || !(t = rt_changes_peer_to(c, fa[i])) ||
		    (!strcmp(t->name, fa[i]->name) && !strcmp(t->schema, fa[i]->schema)))
			continue;
		if (c->ntypes % 8 == 0) {
			const char **nf_ = rt_arena_alloc(c->arena, sizeof *nf_ * ((size_t)c->ntypes + 8));
			const char **nt_ = rt_arena_alloc(c->arena, sizeof *nt_ * ((size_t)c->ntypes + 8));
			if (!nf_ || !nt_)
				return RT_ENOMEM;
			if (c->ntypes) {
				memcpy(nf_, c->type_from, sizeof *nf_ * (size_t)c->ntypes);
				memcpy(nt_, c->type_to, sizeof *nt_ * (size_t)c->ntypes);
			}
			c->type_from = nf_;
			c->type_to = nt_;
		}
		c->type_from[c->ntypes] = qualified_type(c, fa[i]);
		c->type_to[c->ntypes] = qualified_type(c, t);
		if (!c->type_from[c->ntypes] || !c->type_to[c->ntypes])
			return RT_ENOMEM;
		c->ntypes++;
	}
	return RT_OK;
}

const char *
rt_changes_type_to(const rt_changes *c, const char *type)
{
	if (!c || !type)
		return type;
	for (int i = 0; i < c->ntypes; i++) {
		size_t n = strlen(c->type_from[i]);
		if (!strncmp(type, c->type_from[i], n) && (type[n] == '\0' || type[n] == '[')) {
			const char *s = rt_arena_printf(c->arena, "%s%s", c->type_to[i], type + n);
			return s ? s : type;
		}
	}
	return type;
}

static const rt_object *
follow_renames(rt_changes *c, rt_graph *from, rt_graph *to, const rt_object *f, void *buf)
{
	if ((f->kind == RT_KIND_TABLE || f->kind == RT_KIND_COMPOSITE) && c->ntypes) {
		/* a column of a renamed type keeps it: ALTER TYPE ... RENAME carries the column */
		rt_column **colsp, *cols;
		int n;
		if (f->kind == RT_KIND_TABLE) {
			rt_table *t = buf;
			*t = *(const rt_table *)f;
			colsp = &t->columns;
			n = t->ncolumns;
		} else {
			rt_composite *t = buf;
			*t = *(const rt_composite *)f;
			colsp = &t->attrs;
			n = t->nattrs;
		}
		cols = rt_arena_alloc(c->arena, sizeof *cols * ((size_t)n + 1));
		if (!cols)
			return f;
		for (int i = 0; i < n; i++) {
			cols[i] = (*colsp)[i];
			cols[i].type = rt_changes_type_to(c, cols[i].type);
		}
		*colsp = cols;
		return (const rt_object *)buf;
	}
	if (f->kind == RT_KIND_CONSTRAINT) {
		rt_constraint *k = buf;
		*k = *(const rt_constraint *)f;
		k->columns = map_columns(c, from, to, f->schema, f->table, k->columns, k->ncolumns);
		k->include = map_columns(c, from, to, f->schema, f->table, k->include, k->ninclude);
		if (k->type == RT_CON_FOREIGN) {
			rt_object *rf = rt_graph_find_relation(from, k->ref_schema, k->ref_table);
			const rt_object *rt = rf ? rt_changes_peer_to(c, rf) : NULL;
			k->ref_columns = map_columns(c, from, to, k->ref_schema, k->ref_table, k->ref_columns,
						     k->nref_columns);
			if (rt) {
				k->ref_schema = rt->schema;
				k->ref_table = rt->name;
			}
		}
		return &k->obj;
	}
	if (f->kind == RT_KIND_INDEX) {
		rt_index *x = buf;
		rt_index_key *keys;
		*x = *(const rt_index *)f;
		keys = rt_arena_alloc(c->arena, sizeof *keys * ((size_t)x->nkeys + 1));
		if (!keys)
			return f;
		for (int i = 0; i < x->nkeys; i++) {
			keys[i] = x->keys[i];
			if (keys[i].column)
				keys[i].column = mapped_column(c, from, to, f->schema, f->table, keys[i].column);
		}
		x->keys = keys;
		x->include = map_columns(c, from, to, f->schema, f->table, x->include, x->ninclude);
		x->constraint = NULL;
		return &x->obj;
	}
	return f;
}

static bool
similar_raw(const rt_object *a, const rt_object *b)
{
	const char *field = NULL;
	if (a->kind == RT_KIND_TABLE) {
		const rt_table *x = (const rt_table *)a, *y = (const rt_table *)b;
		if (x->ncolumns != y->ncolumns || x->ncolumns == 0)
			return false;
		for (int i = 0; i < x->ncolumns; i++)
			if (strcmp(x->columns[i].name, y->columns[i].name) ||
			    !str_eq(x->columns[i].type, y->columns[i].type) ||
			    x->columns[i].not_null != y->columns[i].not_null)
				return false;
		return true;
	}
	if (a->kind == RT_KIND_SEQUENCE)
		/* owned sequences live and die with their column: they follow it, never guessed */
		return seqopts_eq(&((const rt_sequence *)a)->opts, &((const rt_sequence *)b)->opts) &&
		       !((const rt_sequence *)a)->owned_table && !((const rt_sequence *)b)->owned_table;
	return rt_object_equal(a, b, &field) ||
	       (field && (!strcmp(field, "comment") || !strcmp(field, "clustered") ||
			  !strcmp(field, "statistics")));
}

static bool
similar(rt_changes *c, rt_graph *from, rt_graph *to, const rt_object *a, const rt_object *b)
{
	union { rt_constraint k; rt_index x; rt_table t; rt_composite y; } buf;
	const rt_object *fa = follow_renames(c, from, to, a, &buf);
	if (b->kind == RT_KIND_INDEX && fa != a)
		((rt_index *)&buf)->constraint = ((const rt_index *)b)->constraint;
	return similar_raw(fa, b);
}

static int
pair_known(rt_changes *c, rt_object **fa, int nf, rt_object **ta, int nt, rt_graph *from,
	   rt_graph *to, bool again)
{
	int rc;
	/* 1. same key: both arrays are sorted by key (rt_graph_sorted), so one merge pass; done
	 * once (inference pairs only what this left alone) */
	for (int i = 0, j = 0; !again && i < nf && j < nt;) {
		int cmp = rt_object_cmp(fa[i], ta[j]);
		if (cmp < 0) {
			i++;
		} else if (cmp > 0) {
			j++;
		} else {
			if ((rc = pair_add(c, fa[i], ta[j], false)))
				return rc;
			i++;
			j++;
		}
	}
	/* 2. declared renames */
	for (int i = 0; i < nt; i++) {
		rt_object *t = ta[i], *f;
		if (back_find(c, t) || !t->renamed_from)
			continue;
		f = rt_graph_find(from, t->kind, t->schema, t->table, t->renamed_from);
		if (f && !fwd_find(c, f) && (rc = pair_add(c, f, t, false)))
			return rc;
	}
	/* the same annotation read backwards, for the downgrade (from is the model side) */
	for (int i = 0; i < nf; i++) {
		rt_object *f = fa[i], *t;
		if (fwd_find(c, f) || !f->renamed_from)
			continue;
		t = rt_graph_find(to, f->kind, f->schema, f->table, f->renamed_from);
		if (t && !back_find(c, t) && (rc = pair_add(c, f, t, false)))
			return rc;
	}
	/* 3. children of paired relations whose table name changed: follow the table */
	for (int i = 0; i < nt; i++) {
		rt_object *t = ta[i], *f = NULL;
		const rt_object *ft;
		rt_object *tt;
		const char *oldname;
		if (back_find(c, t) || !t->table)
			continue;
		tt = rt_graph_find_relation(to, t->schema, t->table);
		if (!tt || !(ft = rt_changes_peer_from(c, tt)) || str_eq(ft->name, tt->name))
			continue;
		/* same name under the old table, or the generated name following the table */
		f = rt_graph_find(from, t->kind, ft->schema, ft->name, t->name);
		if (!f && (oldname = follow_table_name(c, t->name, tt->name, ft->name)))
			f = rt_graph_find(from, t->kind, ft->schema, ft->name, oldname);
		if (!f && t->renamed_from)
			f = rt_graph_find(from, t->kind, ft->schema, ft->name, t->renamed_from);
		if (f && !fwd_find(c, f) && (rc = pair_add(c, f, t, false)))
			return rc;
	}
	/* sequences named after a renamed table (users_id_seq → accounts_id_seq) */
	for (int i = 0; i < nt; i++) {
		const rt_sequence *ts = (const rt_sequence *)ta[i];
		rt_object *tt, *f;
		const rt_object *ft;
		const char *oldname;
		if (ta[i]->kind != RT_KIND_SEQUENCE || back_find(c, ta[i]) || !ts->owned_table)
			continue;
		tt = rt_graph_find_relation(to, ts->owned_schema, ts->owned_table);
		if (!tt || !(ft = rt_changes_peer_from(c, tt)) || str_eq(ft->name, tt->name))
			continue;
		if (!(oldname = follow_table_name(c, ta[i]->name, tt->name, ft->name)))
			continue;
		f = rt_graph_find(from, RT_KIND_SEQUENCE, ta[i]->schema, NULL, oldname);
		if (f && !fwd_find(c, f) && (rc = pair_add(c, f, ta[i], false)))
			return rc;
	}
	return RT_OK;
}

/* The unpaired objects of one side that share a scope (kind, schema, table). */
typedef struct scope_bucket {
	char *key;
	rt_object **objs;
	int n, cap;
	UT_hash_handle hh;
} scope_bucket;

static void
buckets_free(scope_bucket **h)
{
	scope_bucket *b, *tmp;
	HASH_ITER(hh, *h, b, tmp) {
		HASH_DEL(*h, b);
		rt_free(b->key);
		rt_free(b->objs);
		rt_free(b);
	}
}

/* The bucket key of o's scope into buf; false when it does not fit (names are at most 63
 * bytes, so it always does). */
static bool
scope_key(char (*buf)[3 * 64 + 16], const rt_object *o)
{
	int n = snprintf(*buf, sizeof *buf, "%d\x1f%s\x1f%s", (int)o->kind, o->schema ? o->schema : "",
			 o->table ? o->table : "");
	return n >= 0 && (size_t)n < sizeof *buf;
}

static scope_bucket *
bucket_of(scope_bucket *h, const rt_object *o)
{
	char buf[3 * 64 + 16];
	scope_bucket *b = NULL;
	if (!scope_key(&buf, o))
		return NULL;
	HASH_FIND_STR(h, buf, b);
	return b;
}

/* An object whose scope has no key stays out of every bucket: never inferred. */
static int
bucket_add(scope_bucket **h, rt_object *o)
{
	char buf[3 * 64 + 16];
	scope_bucket *b;
	if (!scope_key(&buf, o))
		return RT_OK;
	HASH_FIND_STR(*h, buf, b);
	if (!b) {
		if (!(b = rt_calloc(1, sizeof *b)) || !(b->key = rt_strdup(buf))) {
			rt_free(b);
			return RT_ENOMEM;
		}
		HASH_ADD_KEYPTR(hh, *h, b->key, strlen(b->key), b);
	}
	if (b->n == b->cap) {
		int ncap = b->cap ? 2 * b->cap : 4;
		rt_object **a = rt_realloc(b->objs, sizeof *a * (size_t)ncap);
		if (!a)
			return RT_ENOMEM;
		b->objs = a;
		b->cap = ncap;
	}
	b->objs[b->n++] = o;
	return RT_OK;
}

static bool
inferable(const rt_object *o, bool tables_only)
{
	/* a function's or trigger's definition carries its name: a renamed one is dropped and
	 * created */
	return o->kind != RT_KIND_SCHEMA && o->kind != RT_KIND_EXTENSION && o->kind != RT_KIND_FUNCTION &&
	       o->kind != RT_KIND_TRIGGER &&
	       (!tables_only || o->kind == RT_KIND_TABLE);
}

/* 4. inference: one unpaired from-object and one unpaired to-object in the same scope with
 * equal definitions (tables: equal columns; others: everything but the name).  The unpaired
 * objects are bucketed by scope first, so the work grows with the changes, not with the
 * schema. */
static int
pair_inferred(rt_changes *c, rt_object **fa, int nf, rt_object **ta, int nt, rt_graph *from,
	      rt_graph *to, bool tables_only)
{
	scope_bucket *fb = NULL, *tb = NULL;
	int rc = RT_OK;
	for (int k = 0; k < nf && !rc; k++)
		if (inferable(fa[k], tables_only) && !fwd_find(c, fa[k]))
			rc = bucket_add(&fb, fa[k]);
	for (int k = 0; k < nt && !rc; k++)
		if (inferable(ta[k], tables_only) && !back_find(c, ta[k]))
			rc = bucket_add(&tb, ta[k]);
	if (rc)
		goto done;
	for (int i = 0; i < nt; i++) {
		rt_object *t = ta[i], *cand = NULL;
		scope_bucket *fs, *ts;
		int nc = 0, nto = 0;
		if (!inferable(t, tables_only) || back_find(c, t) || !(fs = bucket_of(fb, t)))
			continue;
		for (int k = 0; k < fs->n; k++) {
			if (fwd_find(c, fs->objs[k]))
				continue;
			if (similar(c, from, to, fs->objs[k], t)) {
				cand = fs->objs[k];
				nc++;
			}
		}
		if (nc != 1 || !(ts = bucket_of(tb, t)))
			continue;
		for (int k = 0; k < ts->n; k++)
			if (!back_find(c, ts->objs[k]) && similar(c, from, to, cand, ts->objs[k]))
				nto++;
		if (nto == 1 && (rc = pair_add(c, cand, t, true)))
			goto done;
	}
done:
	buckets_free(&fb);
	buckets_free(&tb);
	return rc;
}

static int
pair_all_columns(rt_changes *c, rt_object **ta, int nt, bool infer)
{
	int rc;
	for (int i = 0; i < nt; i++) {
		pair *p = ta[i]->kind == RT_KIND_TABLE || ta[i]->kind == RT_KIND_COMPOSITE
			  ? back_find(c, ta[i]) : NULL;
		if (p && (rc = pair_columns(c, p->peer, ta[i], infer)))
			return rc;
	}
	return RT_OK;
}

/* Known pairs first (key, declared), then inferred table renames, then what follows a renamed
 * table (its generated names), then inference for everything else. */
static int
pair_objects(rt_changes *c, rt_object **fa, int nf, rt_object **ta, int nt, rt_graph *from,
	     rt_graph *to, const rt_diff_opts *opts)
{
	int rc;
	bool infer = !opts || !opts->no_infer_renames;
	if ((rc = pair_known(c, fa, nf, ta, nt, from, to, false)))
		return rc;
	if (!infer) {
		if ((rc = pair_all_columns(c, ta, nt, false)))
			return rc;
		return pair_all_labels(c, ta, nt, false);
	}
	if ((rc = pair_inferred(c, fa, nf, ta, nt, from, to, true)) ||
	    (rc = pair_known(c, fa, nf, ta, nt, from, to, true)))
		return rc;
	/* columns of paired tables, so constraints and indexes can follow column renames */
	if ((rc = pair_all_columns(c, ta, nt, infer)))
		return rc;
	if ((rc = pair_inferred(c, fa, nf, ta, nt, from, to, false)))
		return rc;
	return pair_all_labels(c, ta, nt, infer);
}

static int
cmp_change(const void *x, const void *y)
{
	const rt_change *a = x, *b = y;
	const rt_object *oa = a->to ? a->to : a->from, *ob = b->to ? b->to : b->from;
	int c = rt_object_cmp(oa, ob);
	return c ? c : (int)a->kind - (int)b->kind;
}

bool
rt_change_implied(const rt_change *c)
{
	const rt_object *o = c->to ? c->to : c->from;
	/* the cluster mark is the index's own: moving it onto or off a constraint's index is a
	 * change of its own */
	if (c->kind == RT_CHANGE_ALTER && c->field && !strcmp(c->field, "clustered"))
		return false;
	return o->kind == RT_KIND_INDEX && ((const rt_index *)o)->constraint;
}

int
rt_diff(rt_changes **out, rt_graph *from, rt_graph *to, const rt_diff_opts *opts, rt_error *err)
{
	rt_changes *c = rt_calloc(1, sizeof *c);
	rt_object **fa, **ta, **fcopy = NULL;
	int nf, nt, rc = RT_OK;
	if (!c || !(c->arena = rt_arena_new()))
		goto nomem;
	if ((nf = rt_graph_sorted(&fa, from, err)) < 0 || (nt = rt_graph_sorted(&ta, to, err)) < 0) {
		rc = nf < 0 ? nf : nt;
		goto fail;
	}
	/* the sorted arrays are caches owned by each graph: keep copies, the pairs' index */
	c->fobj = fcopy = rt_malloc(sizeof *fcopy * ((size_t)nf + 1));
	c->tobj = rt_malloc(sizeof *c->tobj * ((size_t)nt + 1));
	c->fwd = rt_calloc((size_t)nf + 1, sizeof *c->fwd);
	c->back = rt_calloc((size_t)nt + 1, sizeof *c->back);
	c->cols_renamed = rt_calloc((size_t)nt + 1, sizeof *c->cols_renamed);
	if (!fcopy || !c->tobj || !c->fwd || !c->back || !c->cols_renamed)
		goto nomem;
	memcpy(fcopy, fa, sizeof *fcopy * (size_t)nf);
	memcpy(c->tobj, ta, sizeof *c->tobj * (size_t)nt);
	ta = c->tobj;
	c->nfobj = nf;
	c->ntobj = nt;
	rt_trace("diff: sorted");
	if ((rc = pair_objects(c, fcopy, nf, ta, nt, from, to, opts)))
		goto fail;
	rt_trace("diff: paired");
	if (collect_type_renames(c, fcopy, nf))
		goto nomem;
	for (int i = 0; i < nt && !rc; i++) {
		pair *p = back_find(c, ta[i]);
		if (!p) {
			rc = add_change(c, RT_CHANGE_CREATE, NULL, ta[i], NULL, false);
			continue;
		}
		{
			/* compare with columns and tables under their new names: a constraint that only
			 * followed a rename is renamed, not rebuilt */
			union { rt_constraint k; rt_index x; rt_table t; rt_composite y; } buf;
			const char *field = NULL;
			const rt_object *f = p->peer, *ff = follow_renames(c, from, to, f, &buf);
			bool renamed = !str_eq(f->name, ta[i]->name) || !str_eq(f->table, ta[i]->table);
			if (ff != f && f->kind == RT_KIND_INDEX)
				buf.x.constraint = ((const rt_index *)f)->constraint && ((const rt_index *)ta[i])->constraint
						   ? ((const rt_index *)ta[i])->constraint : ((const rt_index *)f)->constraint;
			if (ff != f && f->kind != RT_KIND_TABLE && f->kind != RT_KIND_COMPOSITE)
				buf.k.obj.table = ta[i]->table; /* same offset in both: the common head */
			if (!rt_object_equal(ff, ta[i], &field) || renamed)
				rc = add_change(c, RT_CHANGE_ALTER, f, ta[i], field, p->inferred);
		}
	}
	for (int i = 0; i < nf && !rc; i++)
		if (!fwd_find(c, fcopy[i]))
			rc = add_change(c, RT_CHANGE_DROP, fcopy[i], NULL, NULL, false);
	if (rc)
		goto nomem;
	if (c->n > 1)
		qsort(c->items, (size_t)c->n, sizeof *c->items, cmp_change);
	*out = c;
	return RT_OK;
nomem:
	rc = rt_error_nomem(err);
fail:
	rt_changes_free(c);
	return rc;
}

int
rt_changes_count(const rt_changes *c)
{
	return c ? c->n : 0;
}

const rt_change *
rt_changes_get(const rt_changes *c, int i)
{
	return &c->items[i];
}

void
rt_changes_free(rt_changes *c)
{
	if (!c)
		return;
	rt_free(c->fwd);
	rt_free(c->back);
	rt_free(c->fobj);
	rt_free(c->tobj);
	rt_free(c->cols_renamed);
	HASH_CLEAR(hh, c->cols);
	HASH_CLEAR(hh, c->labels);
	rt_free(c->items);
	rt_arena_free(c->arena);
	rt_free(c);
}

int
rt_diff_equal(rt_graph *a, rt_graph *b, rt_error *err)
{
	rt_diff_opts opts = RT_DIFF_OPTS_INIT;
	rt_changes *c = NULL;
	int rc;
	opts.no_infer_renames = true;
	if ((rc = rt_diff(&c, a, b, &opts, err)))
		return rc;
	if (rt_changes_count(c) > 0) {
		static const char *what[] = {"only in the second", "only in the first", "differs"};
		const rt_change *ch = rt_changes_get(c, 0);
		const rt_object *o = ch->to ? ch->to : ch->from;
		rc = rt_error_set(err, RT_EDRIFT, "%d difference%s; first: %s %s%s%s%s%s %s%s%s",
				  rt_changes_count(c), rt_changes_count(c) == 1 ? "" : "s",
				  rt_kind_name(o->kind), o->schema ? o->schema : "", o->schema ? "." : "",
				  o->table ? o->table : "", o->table ? "." : "", o->name, what[ch->kind],
				  ch->field ? ", field " : "", ch->field ? ch->field : "");
		rt_error_object(err, "%s", o->name);
	}
	rt_changes_free(c);
	return rc;
}
