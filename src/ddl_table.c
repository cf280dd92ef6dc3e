/* DDL front-end: CREATE TABLE, ALTER TABLE, CREATE INDEX and every constraint form.
 *
 * PostgreSQL's order of events is copied because names depend on it: within CREATE TABLE,
 * serial and identity sequences are named first, then CHECK constraints (in the order they
 * are written), then the PRIMARY KEY index, then UNIQUE/EXCLUDE indexes (identical ones
 * merged), then foreign keys; each name is chosen against everything that exists by then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/normalize.h"
#include "retort/sql.h"

#include "ddl_int.h"

/* An index-backed or foreign-key constraint waiting for its turn to be named. */
typedef struct pend {
	const PgQuery__Constraint *k;
	const char **cols;          /* p, u, f: key columns */
	int ncols;
	bool deferrable, deferred;
	bool dropped;               /* merged into an identical earlier one */
	const char *name;           /* given, or inherited from a merged twin */
} pend;

typedef struct pend_list {
	pend *v;
	int n, cap;
} pend_list;

static int index_to_partitions(ddl_ctx *c, const rt_table *t, const rt_index *px);
static rt_table **partitions_of(ddl_ctx *c, const rt_table *t, int *n);
static int fk_to_partitions(ddl_ctx *c, const rt_table *t, const rt_constraint *pk);

rt_column *
rt_ddl__find_column(rt_table *t, const char *name)
{
	int i;
	if (!name)
		return NULL;
	for (i = 0; i < t->ncolumns; i++)
		if (!strcmp(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

static int
pend_push(ddl_ctx *c, pend_list *l, const PgQuery__Constraint *k, const char *colname)
{
	pend *p;
	size_t i;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		pend *v = rt_arena_alloc(c->tmp, sizeof *v * (size_t)cap);
		if (!v)
			return rt_error_nomem(c->err);
		if (l->n)
			memcpy(v, l->v, sizeof *v * (size_t)l->n);
		l->v = v;
		l->cap = cap;
	}
	p = &l->v[l->n++];
	memset(p, 0, sizeof *p);
	p->k = k;
	p->deferrable = k->deferrable;
	p->deferred = k->initdeferred;
	p->name = k->conname && k->conname[0] ? k->conname : NULL;
	{
		PgQuery__Node **items = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? k->fk_attrs : k->keys;
		size_t n = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? k->n_fk_attrs : k->n_keys;
		if (n == 0 && colname) {
			p->cols = rt_arena_alloc(c->tmp, sizeof *p->cols);
			if (!p->cols)
				return rt_error_nomem(c->err);
			p->cols[0] = colname;
			p->ncols = 1;
		} else {
			p->cols = rt_arena_alloc(c->tmp, sizeof *p->cols * (n + 1));
			if (!p->cols)
				return rt_error_nomem(c->err);
			for (i = 0; i < n; i++)
				if (!(p->cols[p->ncols++] = rt_ddl__str(items[i])))
					return rt_ddl__errorf(c, RT_EPARSE, "invalid column list");
		}
	}
	return RT_OK;
}

/* ---- expression helpers ---- */

typedef struct colref_walk {
	const char *names[8];
	int n;
	bool many;
	const char *want;
	bool found;
	const char *nextval_arg;
} colref_walk;

static void walk_msg(ProtobufCMessage *m, colref_walk *w);

static void
walk_cb_field(ProtobufCMessage *sub, colref_walk *w)
{
	walk_msg(sub, w);
}

static void
walk_msg(ProtobufCMessage *m, colref_walk *w)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	unsigned i;
	if (d == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *cr = (PgQuery__ColumnRef *)m;
		const char *name = cr->n_fields ? rt_ddl__str(cr->fields[cr->n_fields - 1]) : NULL;
		if (name) {
			int k;
			bool seen = false;
			if (w->want && !strcmp(w->want, name))
				w->found = true;
			for (k = 0; k < w->n; k++)
				seen |= !strcmp(w->names[k], name);
			if (!seen) {
				if (w->n < 8)
					w->names[w->n++] = name;
				else
					w->many = true;
			}
		}
	}
	if (d == &pg_query__func_call__descriptor) {
		PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
		const char *fn = f->n_funcname ? rt_ddl__str(f->funcname[f->n_funcname - 1]) : NULL;
		if (fn && !strcmp(fn, "nextval") && f->n_args >= 1) {
			PgQuery__Node *a = f->args[0];
			while (a && a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
				a = a->type_cast->arg;
			if (a && a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			    a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
				w->nextval_arg = a->a_const->sval->sval;
		}
	}
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char *base = (char *)m;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)(base + f->quantifier_offset), j;
			ProtobufCMessage **arr = *(ProtobufCMessage ***)(base + f->offset);
			for (j = 0; j < n; j++)
				if (arr[j])
					walk_cb_field(arr[j], w);
		} else {
			ProtobufCMessage *sub = *(ProtobufCMessage **)(base + f->offset);
			if (sub)
				walk_cb_field(sub, w);
		}
	}
}

/* Does the stored expression text mention column `col`? (for DROP COLUMN) */
static bool
text_refs_column(ddl_ctx *c, const char *expr, const char *col)
{
	rt_buf b = RT_BUF_INIT;
	PgQuery__ParseResult *pr;
	colref_walk w = {0};
	if (!expr)
		return false;
	rt_buf_printf(&b, "SELECT %s", expr);
	pr = rt_buf_failed(&b) ? NULL : rt_norm__parse(c->stmt, b.ptr, NULL, NULL);
	rt_buf_dispose(&b);
	if (!pr)
		return false;
	w.want = col;
	walk_msg(&pr->base, &w);
	return w.found;
}

/* Splits a regclass literal ('public."Seq"') into raw schema and name. */
static void
split_regclass(ddl_ctx *c, const char *s, const char **schema, const char **name)
{
	char *buf = rt_arena_alloc(c->stmt, strlen(s) + 1), *o = buf;
	const char *parts[3] = {NULL, NULL, NULL};
	int np = 0;
	bool inq = false;
	*schema = *name = NULL;
	if (!buf)
		return;
	parts[np++] = buf;
	for (; *s; s++) {
		if (*s == '"') {
			if (inq && s[1] == '"') {
				*o++ = '"';
				s++;
			} else {
				inq = !inq;
			}
		} else if (*s == '.' && !inq && np < 3) {
			*o++ = '\0';
			parts[np++] = o;
		} else {
			*o++ = inq ? *s : (*s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s);
		}
	}
	*o = '\0';
	*name = parts[np - 1];
	*schema = np >= 2 ? parts[np - 2] : NULL;
}

static int
default_deps(ddl_ctx *c, rt_table *t, const PgQuery__Node *expr)
{
	colref_walk w = {0};
	const char *schema, *name;
	rt_object *seq;
	walk_msg((ProtobufCMessage *)&expr->base, &w);
	if (!w.nextval_arg)
		return RT_OK;
	split_regclass(c, w.nextval_arg, &schema, &name);
	if (!name)
		return RT_OK;
	seq = rt_ddl__find_relation(c, schema, name);
	if (seq && seq->kind == RT_KIND_SEQUENCE)
		return rt_graph_add_dep(c->g, &t->obj, seq, c->err);
	return RT_OK;
}

static bool
is_null_const(const PgQuery__Node *n)
{
	while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		n = n->type_cast->arg;
	return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->isnull;
}

/* ---- columns ---- */

/* Room for `more` columns of t beyond its own (CREATE TABLE reserves its column list at once:
 * a table's array is then exactly as long as its columns). */
static int
reserve_columns(ddl_ctx *c, rt_table *t, int more)
{
	rt_column *cols;
	int cap = t->ncolumns + more;
	if (cap <= t->capcolumns)
		return RT_OK;
	if (!(cols = rt_graph_alloc(c->g, sizeof *cols * (size_t)cap)))
		return rt_error_nomem(c->err);
	if (t->ncolumns)
		memcpy(cols, t->columns, sizeof *cols * (size_t)t->ncolumns);
	t->columns = cols;
	t->capcolumns = cap;
	return RT_OK;
}

static rt_column *
add_column_slot(ddl_ctx *c, rt_table *t)
{
	rt_column *col;
	/* only this function and reserve_columns grow the array; DROP COLUMN shrinks it in place */
	if (t->ncolumns >= t->capcolumns && reserve_columns(c, t, t->ncolumns < 4 ? 4 : t->ncolumns))
		return NULL;
	col = &t->columns[t->ncolumns++];
	memset(col, 0, sizeof *col);
	col->attnum = t->ncolumns;
	return col;
}

static const char *
serial_type(const PgQuery__TypeName *tn)
{
	const char *n;
	if (!tn || tn->n_names != 1 || tn->pct_type || !(n = rt_ddl__str(tn->names[0])))
		return NULL;
	if (!strcmp(n, "smallserial") || !strcmp(n, "serial2"))
		return "smallint";
	if (!strcmp(n, "serial") || !strcmp(n, "serial4"))
		return "integer";
	if (!strcmp(n, "bigserial") || !strcmp(n, "serial8"))
		return "bigint";
	return NULL;
}

static int
set_default(ddl_ctx *c, rt_table *t, rt_column *col, const PgQuery__Node *expr)
{
	if (!expr || is_null_const(expr)) {
		col->default_expr = NULL;
		return RT_OK;
	}
	if (!(col->default_expr = rt_ddl__default_text(c, expr)))
		return c->err->code;
	return default_deps(c, t, expr);
}

/* generateSerialSequence: a sequence named ChooseRelationName(table, column, "seq") (or the
 * identity's SEQUENCE NAME), owned by the column. */
static int
make_serial(ddl_ctx *c, rt_table *t, rt_column *col, const char *type)
{
	rt_sequence *s;
	const char *name = rt_ddl__choose_relname(c, t->obj.schema, t->obj.name, col->name, "seq", false);
	rt_buf def = RT_BUF_INIT, lit = RT_BUF_INIT;
	int rc;
	if (!name)
		return rt_error_nomem(c->err);
	if ((rc = rt_graph_add((rt_object **)&s, c->g, RT_KIND_SEQUENCE, t->obj.schema, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &s->obj);
	rt_ddl__seqopts_defaults(&s->opts, type);
	s->unlogged = t->unlogged;
	s->owned_schema = t->obj.schema;
	s->owned_table = t->obj.name;
	s->owned_column = col->name;
	if ((rc = rt_ddl__name_add(c, &c->relnames, t->obj.schema, name)))
		return rc;
	rt_ddl__name_find(c->relnames, t->obj.schema, name)->obj = &s->obj;
	if ((rc = rt_ddl__schema_dep(c, &s->obj)) || (rc = rt_graph_add_dep(c->g, &t->obj, &s->obj, c->err)))
		return rc;
	/* regclass output under search_path '': always qualified, quoted as needed */
	rt_sql_qualified(&lit, t->obj.schema, name);
	rt_buf_puts(&def, "nextval(");
	rt_sql_literal(&def, rt_buf_cstr(&lit));
	rt_buf_puts(&def, "::regclass)");
	if (rt_buf_failed(&def) || rt_buf_failed(&lit))
		rc = rt_error_nomem(c->err);
	else
		col->default_expr = rt_graph_strdup(c->g, def.ptr);
	col->not_null = true;
	rt_buf_dispose(&def);
	rt_buf_dispose(&lit);
	return rc;
}

rt_seqopts *
rt_ddl__identity_opts(ddl_ctx *c, rt_column *col)
{
	rt_seqopts *io = rt_graph_alloc(c->g, sizeof *io);
	if (!io) {
		rt_error_nomem(c->err);
		return NULL;
	}
	if (col->identity_opts)
		*io = *col->identity_opts;
	col->identity_opts = io;
	return io;
}

static int
make_identity(ddl_ctx *c, rt_table *t, rt_column *col, const PgQuery__Constraint *k,
	      PgQuery__Node **opts, size_t nopts, char when)
{
	const char *seqname = NULL, *name;
	ddl_name *e;
	rt_seqopts *io;
	int rc;
	if (col->identity)
		return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" of relation \"%s\" is already an identity column",
				      col->name, t->obj.name);
	if (strcmp(col->type, "smallint") && strcmp(col->type, "integer") && strcmp(col->type, "bigint"))
		return rt_ddl__errorf(c, RT_EINVALID, "identity column type must be smallint, integer, or bigint");
	(void)k;
	col->identity = when;
	col->not_null = true;
	if (!(io = rt_ddl__identity_opts(c, col)))
		return c->err->code;
	rt_ddl__seqopts_defaults(io, col->type);
	if ((rc = rt_ddl__seqopts_apply(c, io, opts, nopts, true, NULL, NULL, &seqname)))
		return rc;
	name = seqname ? rt_graph_strdup(c->g, seqname)
		       : rt_ddl__choose_relname(c, t->obj.schema, t->obj.name, col->name, "seq", false);
	if (!name)
		return rt_error_nomem(c->err);
	col->identity_seq = name;
	if ((rc = rt_ddl__name_add(c, &c->relnames, t->obj.schema, name)))
		return rc;
	e = rt_ddl__name_find(c->relnames, t->obj.schema, name);
	e->table = t;
	e->column = col->name;
	return RT_OK;
}

/* Where an element of a CREATE TABLE list or an ALTER TABLE subcommand starts in its parsed
 * chunk, or -1 when the tree does not say. */
static int
element_location(const PgQuery__Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
		n = n->alter_table_cmd->def;
	if (!n)
		return -1;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_DEF:
		return n->column_def->location;
	case PG_QUERY__NODE__NODE_CONSTRAINT:
		return n->constraint->location;
	case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE:
		return n->table_like_clause->relation ? n->table_like_clause->relation->location : -1;
	default:
		return -1;
	}
}

/* The byte offset in the file where element k of `elts` ends for its annotations: where the
 * next element that has a location starts, or -1 (the end of its statement's last line). */
int
rt_ddl__element_end(const ddl_ctx *c, PgQuery__Node **elts, size_t n, size_t k)
{
	for (k++; k < n; k++) {
		int at = element_location(elts[k]);
		if (at >= 0)
			return c->parse_base + at;
	}
	return -1;
}

const char *
rt_ddl__column_renamed(ddl_ctx *c, const PgQuery__ColumnDef *cd, int end)
{
	int at;
	if (cd->location < 0)
		return NULL;
	at = c->parse_base + cd->location;
	if (end < 0) {
		/* the last element: up to the end of the line its statement ends on, so that
		 * `CREATE TABLE t (a int); -- @renamed from=b` still annotates a */
		end = c->stmt_end > at ? c->stmt_end : at;
		while (c->text[end] && c->text[end] != '\n')
			end++;
	}
	return rt_ddl__renamed_in(c, at, end, true);
}

/* `end` bounds the column's text (rt_ddl__element_end): a trailing `-- @renamed` comment on
 * any of its lines is its annotation, and one column's comment is never another's
 * (`a int, b int -- ...` annotates b only). */
static int
column_def(ddl_ctx *c, rt_table *t, const PgQuery__ColumnDef *cd, int end, pend_list *idx,
	   pend_list *fks, const PgQuery__Constraint ***checks, const char ***checkcols, int *nchecks)
{
	rt_column *col;
	rt_object *dep = NULL;
	const char *serial = cd->type_name ? serial_type(cd->type_name) : NULL;
	size_t i;
	int rc;
	pend *last = NULL;
	rt_column inh = {0};
	bool merge = false;
	if (!cd->colname || !cd->colname[0])
		return rt_ddl__errorf(c, RT_EPARSE, "missing column name");
	if ((col = rt_ddl__find_column(t, cd->colname))) {
		/* MergeAttributes: a column of CREATE TABLE ... INHERITS named like an inherited one
		 * is that column, now also defined locally */
		if (!c->merging || !col->not_local)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" specified more than once", cd->colname);
		inh = *col;
		merge = true;
	} else if (!(col = add_column_slot(c, t))) {
		return rt_error_nomem(c->err);
	}
	col->name = rt_graph_strdup(c->g, cd->colname);
	if (!cd->type_name) {
		/* PARTITION OF parent (col WITH OPTIONS ...): the inherited column's type */
		if (!merge)
			return rt_ddl__errorf(c, RT_EPARSE, "column \"%s\" needs a type", cd->colname);
		col->type = inh.type;
	} else if (serial) {
		if (cd->type_name->n_array_bounds)
			return rt_ddl__errorf(c, RT_EINVALID, "array of serial is not implemented");
		col->type = serial;
	} else if ((rc = rt_ddl__format_type(c, cd->type_name, &col->type, &dep))) {
		return rc;
	}
	if (dep && (rc = rt_graph_add_dep(c->g, &t->obj, dep, c->err)))
		return rc;
	if (cd->coll_clause) {
		col->collation = rt_ddl__collation(c, cd->coll_clause->collname, cd->coll_clause->n_collname, &t->obj);
		if (col->collation && dep && dep->kind == RT_KIND_DOMAIN && ((rt_domain *)dep)->collation &&
		    !strcmp(((rt_domain *)dep)->collation, col->collation))
			col->collation = NULL;
	}
	col->not_null = cd->is_not_null;
	if (merge) {
		if (strcmp(inh.type, col->type))
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" has a type conflict (%s versus %s)",
					      col->name, inh.type, col->type);
		if (cd->coll_clause && (inh.collation ? !col->collation || strcmp(inh.collation, col->collation)
						      : col->collation != NULL))
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" has a collation conflict", col->name);
		if (serial)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" inherits a definition: it cannot be serial",
					      col->name);
		col->collation = inh.collation;
		col->not_null |= inh.not_null;
		col->default_expr = inh.default_expr;  /* unless the definition gives its own */
		col->generated = inh.generated;
		col->comment = inh.comment;
		col->inhcount = inh.inhcount;
		col->not_local = false;
	}
	col->renamed_from = rt_ddl__column_renamed(c, cd, end);
	for (i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Constraint *k;
		if (cd->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		k = cd->constraints[i]->constraint;
		switch (k->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			col->not_null = false;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			col->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (serial)
				return rt_ddl__errorf(c, RT_EINVALID, "multiple default values specified for column \"%s\"",
						      col->name);
			if ((rc = set_default(c, t, col, k->raw_expr)))
				return rc;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			if ((rc = make_identity(c, t, col, k, k->options, k->n_options,
						k->generated_when && k->generated_when[0] == 'd' ? 'd' : 'a')))
				return rc;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			col->generated = 's';
			if (!(col->default_expr = rt_ddl__expr_text(c, k->raw_expr)))
				return c->err->code;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
			const PgQuery__Constraint **nk = rt_arena_alloc(c->tmp, sizeof *nk * ((size_t)*nchecks + 1));
			const char **nc = rt_arena_alloc(c->tmp, sizeof *nc * ((size_t)*nchecks + 1));
			if (!nk || !nc)
				return rt_error_nomem(c->err);
			if (*nchecks) {
				memcpy(nk, *checks, sizeof *nk * (size_t)*nchecks);
				memcpy(nc, *checkcols, sizeof *nc * (size_t)*nchecks);
			}
			nk[*nchecks] = k;
			nc[*nchecks] = col->name;
			*checks = nk;
			*checkcols = nc;
			(*nchecks)++;
			break;
		}
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			if ((rc = pend_push(c, idx, k, col->name)))
				return rc;
			last = &idx->v[idx->n - 1];
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
			if ((rc = pend_push(c, fks, k, col->name)))
				return rc;
			last = &fks->v[fks->n - 1];
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
			if (!last)
				return rt_ddl__errorf(c, RT_EPARSE, "misplaced DEFERRABLE/INITIALLY clause");
			if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
				last->deferrable = true;
			else if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE)
				last->deferrable = false;
			else if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED)
				last->deferred = last->deferrable = true;
			else
				last->deferred = false;
			break;
		default:
			return rt_ddl__errorf(c, RT_EUNSUPPORTED, "unsupported column constraint on \"%s\"", col->name);
		}
	}
	if (serial && (rc = make_serial(c, t, col, serial)))
		return rc;
	return RT_OK;
}

/* ---- constraints ---- */

static bool
check_exprs_equal(const char *a, const char *b)
{
	return !strcmp(a, b) || rt_norm_expr_equal(a, b);
}

static int
add_check(ddl_ctx *c, rt_table *t, const PgQuery__Constraint *k, const char ***names, int *nnames)
{
	rt_constraint *con;
	const char *name;
	int rc;
	if (k->conname && k->conname[0]) {
		rt_constraint *old = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
								    k->conname);
		/* CREATE TABLE ... INHERITS: the same CHECK as an inherited one is that one, now
		 * also the table's own (MergeWithExistingConstraint) */
		if (old && c->in_create_table && old->type == RT_CON_CHECK && old->not_local && !k->is_no_inherit) {
			const char *expr = rt_ddl__expr_text(c, k->raw_expr);
			if (!expr)
				return c->err->code;
			if (!check_exprs_equal(old->expr, expr))
				return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" conflicts with inherited constraint on relation \"%s\"",
						      k->conname, t->obj.name);
			old->not_local = false;
			c->last_check = old;
			return RT_OK;
		}
		if (old)
			return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" for relation \"%s\" already exists",
					      k->conname, t->obj.name);
		name = rt_graph_strdup(c->g, k->conname);
	} else {
		/* "tab_col_check" when the expression uses exactly one column, else "tab_check" */
		colref_walk w = {0};
		walk_msg((ProtobufCMessage *)&k->raw_expr->base, &w);
		name = rt_ddl__choose_conname(c, t->obj.schema, t->obj.name,
					      w.n == 1 && !w.many && rt_ddl__find_column(t, w.names[0]) ? w.names[0] : NULL,
					      "check", names ? *names : NULL, nnames ? *nnames : 0);
	}
	if (!name)
		return rt_error_nomem(c->err);
	if ((rc = rt_graph_add((rt_object **)&con, c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
			       name, c->err)))
		return rc;
	rt_ddl__set_src(c, &con->obj);
	c->last_check = con;
	con->type = RT_CON_CHECK;
	if (!(con->expr = rt_ddl__expr_text(c, k->raw_expr)))
		return c->err->code;
	con->no_inherit = k->is_no_inherit;
	con->not_valid = k->skip_validation && !c->in_create_table;
	if (names) {
		const char **nn = rt_arena_alloc(c->tmp, sizeof *nn * ((size_t)*nnames + 1));
		if (!nn)
			return rt_error_nomem(c->err);
		if (*nnames)
			memcpy(nn, *names, sizeof *nn * (size_t)*nnames);
		nn[(*nnames)++] = name;
		*names = nn;
	}
	if ((rc = rt_ddl__name_add(c, &c->connames, t->obj.schema, name)))
		return rc;
	return rt_graph_add_dep(c->g, &con->obj, &t->obj, c->err);
}

static const char *const default_opclasses[] = {
	"int2_ops", "int4_ops", "int8_ops", "float4_ops", "float8_ops", "numeric_ops", "text_ops",
	"bpchar_ops", "bool_ops", "bytea_ops", "date_ops", "time_ops", "timetz_ops", "timestamp_ops",
	"timestamptz_ops", "interval_ops", "uuid_ops", "oid_ops", "name_ops", "char_ops", "enum_ops",
	"array_ops", "record_ops", "range_ops", "multirange_ops", "tsvector_ops", "tsquery_ops",
	"money_ops", "macaddr_ops", "macaddr8_ops", "bit_ops", "varbit_ops", "pg_lsn_ops",
	"oidvector_ops", "jsonb_ops", "box_ops", "point_ops", "poly_ops", "circle_ops", "xid8_ops",
	"quad_point_ops", "network_ops", NULL};

static const char *const builtin_opclasses[] = {
	"text_pattern_ops", "varchar_pattern_ops", "bpchar_pattern_ops", "varchar_ops",
	"jsonb_path_ops", "kd_point_ops", "inet_ops", "cidr_ops", NULL};

static bool
in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

static bool
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

/* NULL for a default operator class, else qualified as introspection prints non-defaults. */
static const char *
opclass_name(ddl_ctx *c, PgQuery__Node **names, size_t n)
{
	const char *schema = NULL, *name = NULL;
	rt_buf b = RT_BUF_INIT;
	const char *out;
	int i;
	if (!n || rt_ddl__qualname(c, names, n, &schema, &name))
		return NULL;
	if (!schema || !strcmp(schema, "pg_catalog")) {
		if (in_list(default_opclasses, name) || (ends_with(name, "_minmax_ops") && strncmp(name, "inet", 4)) ||
		    !strcmp(name, "inet_inclusion_ops") || !strcmp(name, "box_inclusion_ops") ||
		    !strcmp(name, "range_inclusion_ops"))
			return NULL;
		if (in_list(builtin_opclasses, name) || ends_with(name, "_bloom_ops") ||
		    ends_with(name, "_minmax_multi_ops") || ends_with(name, "_inclusion_ops") ||
		    ends_with(name, "_minmax_ops"))
			schema = "pg_catalog";
	}
	/* btree_gist's opclasses are their types' defaults, wherever the extension was created
	 * (ext.gist_int4_ops names the same default as gist_int4_ops) */
	if (strncmp(name, "gist_", 5) == 0 && strcmp(name, "gist_trgm_ops") != 0 &&
	    (!schema || (strcmp(schema, "pg_catalog") && rt_ddl__extension_in(c, schema))))
		return NULL;
	if (!schema) {
		/* an extension's opclass: it lives where the extension was created */
		for (i = 0; i < c->nsearch && !schema; i++)
			if (rt_ddl__extension_in(c, c->search_path[i]))
				schema = c->search_path[i];
		if (!schema)
			schema = "pg_catalog";
	}
	rt_sql_qualified(&b, schema, name);
	out = rt_buf_failed(&b) ? NULL : rt_graph_strdup(c->g, b.ptr);
	rt_buf_dispose(&b);
	return out;
}

/* An IndexElem to a key.  `(col)` and `col` are the same key: PostgreSQL stores a plain column
 * reference as a column whatever the parentheses. */
static int
index_key(ddl_ctx *c, rt_object *rel, const PgQuery__IndexElem *e, rt_index_key *key)
{
	const PgQuery__Node *expr = e->expr;
	const char *colname = e->name && e->name[0] ? e->name : NULL;
	rt_column *col = NULL;
	if (!colname && expr && expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
	    expr->column_ref->n_fields == 1 && rt_ddl__str(expr->column_ref->fields[0]))
		colname = rt_ddl__str(expr->column_ref->fields[0]);
	/* (col::its_own_type) is no expression either: the no-op cast disappears */
	if (!colname && expr && expr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && rel->kind == RT_KIND_TABLE &&
	    expr->type_cast->arg && expr->type_cast->arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
	    expr->type_cast->arg->column_ref->n_fields == 1) {
		const char *cn = rt_ddl__str(expr->type_cast->arg->column_ref->fields[0]), *ty;
		rt_column *cc = cn ? rt_ddl__find_column((rt_table *)rel, cn) : NULL;
		rt_object *dep;
		if (cc && rt_ddl__format_type(c, expr->type_cast->type_name, &ty, &dep) == RT_OK &&
		    !strcmp(ty, cc->type))
			colname = cn;
		rt_error_clear(c->err);
	}
	if (colname) {
		if (rel->kind == RT_KIND_TABLE) {
			if (!(col = rt_ddl__find_column((rt_table *)rel, colname)))
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" does not exist", colname);
			key->column = col->name;
		} else {
			key->column = rt_graph_strdup(c->g, colname);
		}
	} else if (!(key->expr = rt_ddl__expr_text(c, expr))) {
		return c->err->code;
	}
	if (e->n_collation) {
		key->collation = rt_ddl__collation(c, e->collation, e->n_collation, NULL);
		if (key->collation && col && col->collation && !strcmp(col->collation, key->collation))
			key->collation = NULL;
	}
	if (e->n_opclass)
		key->opclass = opclass_name(c, e->opclass, e->n_opclass);
	key->desc = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
	key->nulls_first = e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
			   (key->desc && e->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
	return RT_OK;
}

/* ChooseIndexColumnNames: each element's name (given, column, or "expr"), made unique by
 * appending 1, 2, ... */
static int
index_colnames(ddl_ctx *c, const char **orig, int n, rt_buf *out)
{
	const char **res = rt_arena_alloc(c->tmp, sizeof *res * ((size_t)n + 1));
	int i, j, k;
	if (!res)
		return rt_error_nomem(c->err);
	for (i = 0; i < n; i++) {
		const char *cur = orig[i];
		char buf[RT_NAMEDATALEN + 16];
		for (k = 1;; k++) {
			for (j = 0; j < i; j++)
				if (!strcmp(res[j], cur))
					break;
			if (j == i)
				break;
			{
				char nbuf[32];
				int nlen;
				snprintf(nbuf, sizeof nbuf, "%d", k);
				nlen = rt_ddl__mbcliplen(orig[i], (int)strlen(orig[i]),
							 RT_NAMEDATALEN - 1 - (int)strlen(nbuf));
				memcpy(buf, orig[i], (size_t)nlen);
				strcpy(buf + nlen, nbuf);
				cur = buf;
			}
		}
		if (!(res[i] = rt_arena_strdup(c->tmp, cur)))
			return rt_error_nomem(c->err);
	}
	rt_ddl__name_addition(out, res, n);
	return rt_buf_failed(out) ? rt_error_nomem(c->err) : RT_OK;
}

static const char *
elem_colname(const PgQuery__IndexElem *e, bool figure)
{
	if (e->indexcolname && e->indexcolname[0])
		return e->indexcolname;
	if (e->name && e->name[0])
		return e->name;
	if (figure && e->expr)
		return rt_norm__figure_colname(e->expr);
	return "expr";
}

static int
new_index(ddl_ctx *c, rt_object *rel, const char *name, rt_index **out)
{
	int rc;
	if (rt_ddl__name_used(c->relnames, rel->schema, name))
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", name);
	if ((rc = rt_graph_add((rt_object **)out, c->g, RT_KIND_INDEX, rel->schema, rel->name, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &(*out)->obj);
	if ((rc = rt_ddl__name_add(c, &c->relnames, rel->schema, name)))
		return rc;
	rt_ddl__name_find(c->relnames, rel->schema, name)->obj = &(*out)->obj;
	return rt_graph_add_dep(c->g, &(*out)->obj, rel, c->err);
}

static int
strs_from_list(ddl_ctx *c, PgQuery__Node **items, size_t n, const char ***out, int *nout)
{
	size_t i;
	*out = rt_graph_alloc(c->g, sizeof **out * (n + 1));
	*nout = 0;
	if (!*out)
		return rt_error_nomem(c->err);
	for (i = 0; i < n; i++) {
		const char *s = rt_ddl__str(items[i]);
		if (!s)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid column list");
		(*out)[(*nout)++] = rt_graph_strdup(c->g, s);
	}
	return RT_OK;
}

/* DefineIndex on a partitioned table: a unique index or constraint must hold every column of
 * the partition key (and the key no expression). */
static int
unique_covers_key(ddl_ctx *c, const rt_table *t, const rt_index *x, const char *what)
{
	for (int i = 0; t->partstrat && i < t->npartkeys; i++) {
		bool found = false;
		if (!t->partkeys[i].column)
			return rt_ddl__errorf(c, RT_EINVALID, "unsupported %s constraint with partition key definition", what);
		for (int k = 0; k < x->nkeys && !found; k++)
			found = x->keys[k].column && !strcmp(x->keys[k].column, t->partkeys[i].column);
		if (!found)
			return rt_ddl__errorf(c, RT_EINVALID, "unique constraint on partitioned table must include all partitioning columns");
	}
	return RT_OK;
}

/* PRIMARY KEY, UNIQUE and EXCLUDE: a constraint and the index of the same name. */
static int
index_constraint(ddl_ctx *c, rt_table *t, pend *p)
{
	const PgQuery__Constraint *k = p->k;
	char type = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? 'p'
		  : k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? 'u' : 'x';
	const char *name = p->name;
	rt_constraint *con;
	rt_index *x;
	int rc, i;
	if (!name) {
		if (type == 'p') {
			name = rt_ddl__choose_relname(c, t->obj.schema, t->obj.name, NULL, "pkey", true);
		} else {
			rt_buf add = RT_BUF_INIT;
			int n = 0;
			size_t j;
			const char **cn = rt_arena_alloc(c->tmp, sizeof *cn * (k->n_exclusions + (size_t)p->ncols + k->n_including + 1));
			if (!cn)
				return rt_error_nomem(c->err);
			if (type == 'x') {
				for (j = 0; j < k->n_exclusions; j++) {
					const PgQuery__Node *pair = k->exclusions[j];
					if (pair->node_case == PG_QUERY__NODE__NODE_LIST && pair->list->n_items >= 1 &&
					    pair->list->items[0]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
						cn[n++] = elem_colname(pair->list->items[0]->index_elem, false);
				}
			} else {
				for (i = 0; i < p->ncols; i++)
					cn[n++] = p->cols[i];
			}
			for (j = 0; j < k->n_including; j++)
				if (rt_ddl__str(k->including[j]))
					cn[n++] = rt_ddl__str(k->including[j]);
			if ((rc = index_colnames(c, cn, n, &add))) {
				rt_buf_dispose(&add);
				return rc;
			}
			name = rt_ddl__choose_relname(c, t->obj.schema, t->obj.name, rt_buf_cstr(&add),
						      type == 'u' ? "key" : "excl", true);
			rt_buf_dispose(&add);
		}
		if (!name)
			return rt_error_nomem(c->err);
	}
	if (type == 'p') {
		ddl_name *pk = rt_ddl__name_find(c->pkeys, t->obj.schema, t->obj.name);
		if (pk && pk->obj && rt_graph_find(c->g, RT_KIND_CONSTRAINT, pk->obj->schema, pk->obj->table,
						   pk->obj->name) == pk->obj)
			return rt_ddl__errorf(c, RT_EINVALID, "multiple primary keys for table \"%s\" are not allowed",
					      t->obj.name);
	}
	if (rt_ddl__name_used(c->connames, t->obj.schema, name))
		return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" for relation \"%s\" already exists",
				      name, t->obj.name);
	if ((rc = new_index(c, &t->obj, name, &x)))
		return rc;
	if ((rc = rt_graph_add((rt_object **)&con, c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
			       name, c->err)))
		return rc;
	rt_ddl__set_src(c, &con->obj);
	if ((rc = rt_ddl__name_add(c, &c->connames, t->obj.schema, name)) ||
	    (rc = rt_graph_add_dep(c->g, &con->obj, &t->obj, c->err)))
		return rc;
	con->type = type;
	if (type == 'p') {
		ddl_name *pk;
		rt_ddl__name_del(&c->pkeys, t->obj.schema, t->obj.name);
		if ((rc = rt_ddl__name_add(c, &c->pkeys, t->obj.schema, t->obj.name)))
			return rc;
		pk = rt_ddl__name_find(c->pkeys, t->obj.schema, t->obj.name);
		pk->obj = &con->obj;
	}
	con->deferrable = p->deferrable;
	con->deferred = p->deferred;
	con->nulls_not_distinct = k->nulls_not_distinct;
	if ((rc = rt_ddl__reloptions(c, k->options, k->n_options, &con->reloptions, &con->nreloptions, false)) ||
	    (rc = strs_from_list(c, k->including, k->n_including, &con->include, &con->ninclude)))
		return rc;
	x->unique = type != 'x';
	x->nulls_not_distinct = con->nulls_not_distinct;
	x->constraint = con->obj.name;
	x->include = con->include;
	x->ninclude = con->ninclude;
	x->reloptions = con->reloptions;
	x->nreloptions = con->nreloptions;
	for (i = 0; i < con->ninclude; i++)
		if (!rt_ddl__find_column(t, con->include[i]))
			return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" named in key does not exist",
					      con->include[i]);
	if (type == 'x') {
		PgQuery__Node cnode = PG_QUERY__NODE__INIT;
		PgQuery__Constraint copy = *k;
		PgQuery__AlterTableCmd cmd = PG_QUERY__ALTER_TABLE_CMD__INIT;
		PgQuery__AlterTableStmt at = PG_QUERY__ALTER_TABLE_STMT__INIT;
		PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
		PgQuery__Node cmdnode = PG_QUERY__NODE__INIT, stnode = PG_QUERY__NODE__INIT, *cmdp = &cmdnode;
		const char *text, *p2;
		rt_buf def = RT_BUF_INIT;
		PgQuery__Node **excl;
		size_t j;
		x->method = rt_graph_strdup(c->g, k->access_method && k->access_method[0] ? k->access_method : "btree");
		x->keys = rt_graph_alloc(c->g, sizeof *x->keys * (k->n_exclusions + 1));
		if (!x->keys)
			return rt_error_nomem(c->err);
		excl = rt_arena_alloc(c->stmt, sizeof *excl * (k->n_exclusions + 1));
		if (!excl)
			return rt_error_nomem(c->err);
		for (j = 0; j < k->n_exclusions; j++) {
			const PgQuery__Node *pair = k->exclusions[j];
			PgQuery__Node *npair, *nelem;
			PgQuery__List *nlist;
			PgQuery__IndexElem *ne;
			if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items < 1 ||
			    pair->list->items[0]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
				return rt_ddl__errorf(c, RT_EPARSE, "invalid EXCLUDE element");
			if ((rc = index_key(c, &t->obj, pair->list->items[0]->index_elem, &x->keys[x->nkeys++])))
				return rc;
			excl[j] = (PgQuery__Node *)pair;
			if (x->keys[x->nkeys - 1].opclass || !pair->list->items[0]->index_elem->n_opclass)
				continue;
			/* pg_get_constraintdef omits an operator class that is the type's default: so
			 * does the definition */
			npair = rt_arena_alloc(c->stmt, sizeof *npair);
			nelem = rt_arena_alloc(c->stmt, sizeof *nelem);
			nlist = rt_arena_alloc(c->stmt, sizeof *nlist);
			ne = rt_arena_alloc(c->stmt, sizeof *ne);
			if (!npair || !nelem || !nlist || !ne)
				return rt_error_nomem(c->err);
			*ne = *pair->list->items[0]->index_elem;
			ne->n_opclass = 0;
			ne->opclass = NULL;
			*nelem = *pair->list->items[0];
			nelem->index_elem = ne;
			*nlist = *pair->list;
			nlist->items = rt_arena_alloc(c->stmt, sizeof *nlist->items * nlist->n_items);
			if (!nlist->items)
				return rt_error_nomem(c->err);
			memcpy(nlist->items, pair->list->items, sizeof *nlist->items * nlist->n_items);
			nlist->items[0] = nelem;
			*npair = *pair;
			npair->list = nlist;
			excl[j] = npair;
		}
		copy.exclusions = excl;
		if (k->where_clause && !(x->predicate = rt_ddl__expr_text(c, k->where_clause)))
			return c->err->code;
		/* pg_get_constraintdef prints "EXCLUDE USING gist (...) [INCLUDE (...)] [WITH (...)]
		 * [WHERE (...)] [DEFERRABLE ...]": deparse the constraint's elements alone through
		 * ALTER TABLE x ADD, then the clauses in the server's order (the deparser puts WHERE
		 * before INCLUDE and drops WITH) */
		copy.conname = (char *)"";
		copy.deferrable = false;
		copy.initdeferred = false;
		copy.n_including = 0;
		copy.including = NULL;
		copy.n_options = 0;
		copy.options = NULL;
		copy.where_clause = NULL;
		if (!copy.access_method || !copy.access_method[0])
			copy.access_method = (char *)"btree";
		cnode.node_case = PG_QUERY__NODE__NODE_CONSTRAINT;
		cnode.constraint = &copy;
		cmd.subtype = PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint;
		cmd.def = &cnode;
		cmd.behavior = PG_QUERY__DROP_BEHAVIOR__DROP_RESTRICT;
		cmdnode.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
		cmdnode.alter_table_cmd = &cmd;
		rv.relname = (char *)"x";
		rv.inh = true;
		rv.relpersistence = (char *)"p";
		at.relation = &rv;
		at.n_cmds = 1;
		at.cmds = &cmdp;
		at.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
		stnode.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_STMT;
		stnode.alter_table_stmt = &at;
		text = rt_norm__deparse_stmt(c->stmt, &stnode);
		if (!text || !(p2 = strstr(text, " ADD ")))
			return rt_ddl__errorf(c, RT_EUNSUPPORTED, "cannot deparse the EXCLUDE constraint");
		rt_buf_puts(&def, p2 + 5);
		if (con->ninclude) {
			rt_buf_puts(&def, " INCLUDE (");
			for (j = 0; j < (size_t)con->ninclude; j++) {
				rt_buf_puts(&def, j ? ", " : "");
				rt_sql_ident(&def, con->include[j]);
			}
			rt_buf_putc(&def, ')');
		}
		if (con->nreloptions) {
			/* flatten_reloptions: a value is quoted unless it is an identifier that needs
			 * no quotes */
			rt_buf_puts(&def, " WITH (");
			for (j = 0; j < (size_t)con->nreloptions; j++) {
				const char *o = con->reloptions[j], *eq = strchr(o, '=');
				rt_buf_puts(&def, j ? ", " : "");
				if (!eq) {
					rt_buf_puts(&def, o);
					continue;
				}
				rt_buf_printf(&def, "%.*s=", (int)(eq - o), o);
				if (rt_sql_needs_quote(eq + 1))
					rt_sql_literal(&def, eq + 1);
				else
					rt_buf_puts(&def, eq + 1);
			}
			rt_buf_putc(&def, ')');
		}
		if (x->predicate)
			rt_buf_printf(&def, " WHERE (%s)", x->predicate);
		if (p->deferrable)
			rt_buf_puts(&def, p->deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
		con->definition = rt_buf_failed(&def) ? NULL : rt_graph_strdup(c->g, rt_buf_cstr(&def));
		rt_buf_dispose(&def);
		if (!con->definition)
			return rt_error_nomem(c->err);
	} else {
		x->method = "btree";
		con->columns = rt_graph_alloc(c->g, sizeof *con->columns * ((size_t)p->ncols + 1));
		x->keys = rt_graph_alloc(c->g, sizeof *x->keys * ((size_t)p->ncols + 1));
		if (!con->columns || !x->keys)
			return rt_error_nomem(c->err);
		for (i = 0; i < p->ncols; i++) {
			rt_column *col = rt_ddl__find_column(t, p->cols[i]);
			if (!col)
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" named in key does not exist",
						      p->cols[i]);
			con->columns[con->ncolumns++] = col->name;
			x->keys[x->nkeys++].column = col->name;
			if (type == 'p')
				col->not_null = true;
		}
	}
	if (type != 'x' && (rc = unique_covers_key(c, t, x, type == 'p' ? "PRIMARY KEY" : "UNIQUE")))
		return rc;
	return c->only ? RT_OK : index_to_partitions(c, t, x);
}

static char
fk_action(const char *s)
{
	return s && s[0] ? s[0] : 'a';
}

static int
foreign_key(ddl_ctx *c, rt_table *t, pend *p)
{
	const PgQuery__Constraint *k = p->k;
	const char *name = p->name;
	rt_constraint *con;
	ddl_pending_fk *f;
	int rc, i;
	size_t j;
	for (i = 0; i < p->ncols; i++)
		if (!rt_ddl__find_column(t, p->cols[i]))
			return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" referenced in foreign key constraint does not exist",
					      p->cols[i]);
	if (!name) {
		rt_buf add = RT_BUF_INIT;
		rt_ddl__name_addition(&add, p->cols, p->ncols);
		name = rt_ddl__choose_conname(c, t->obj.schema, t->obj.name, rt_buf_cstr(&add), "fkey", NULL, 0);
		rt_buf_dispose(&add);
		if (!name)
			return rt_error_nomem(c->err);
	} else if (rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, name)) {
		return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" for relation \"%s\" already exists",
				      name, t->obj.name);
	}
	if ((rc = rt_graph_add((rt_object **)&con, c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
			       name, c->err)))
		return rc;
	rt_ddl__set_src(c, &con->obj);
	if ((rc = rt_ddl__name_add(c, &c->connames, t->obj.schema, name)) ||
	    (rc = rt_graph_add_dep(c->g, &con->obj, &t->obj, c->err)))
		return rc;
	con->type = RT_CON_FOREIGN;
	con->columns = rt_graph_alloc(c->g, sizeof *con->columns * ((size_t)p->ncols + 1));
	if (!con->columns)
		return rt_error_nomem(c->err);
	for (i = 0; i < p->ncols; i++)
		con->columns[con->ncolumns++] = rt_ddl__find_column(t, p->cols[i])->name;
	con->match = fk_action(k->fk_matchtype) == 'a' ? 's' : fk_action(k->fk_matchtype);
	con->on_update = fk_action(k->fk_upd_action);
	con->on_delete = fk_action(k->fk_del_action);
	/* ON DELETE SET NULL (cols) / SET DEFAULT (cols), PostgreSQL 15 */
	if (k->n_fk_del_set_cols) {
		con->delete_set_columns = rt_graph_alloc(c->g, sizeof *con->delete_set_columns *
							       (k->n_fk_del_set_cols + 1));
		if (!con->delete_set_columns)
			return rt_error_nomem(c->err);
		for (size_t j = 0; j < k->n_fk_del_set_cols; j++) {
			const char *cn = rt_ddl__str(k->fk_del_set_cols[j]);
			rt_column *col = cn ? rt_ddl__find_column(t, cn) : NULL;
			if (!col)
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" referenced in ON DELETE does not exist",
						      cn ? cn : "?");
			con->delete_set_columns[con->ndelete_set_columns++] = col->name;
		}
	}
	con->deferrable = p->deferrable;
	con->deferred = p->deferred;
	con->not_valid = k->skip_validation && !c->in_create_table;
	if (!k->pktable)
		return rt_ddl__errorf(c, RT_EPARSE, "missing referenced table");
	f = rt_arena_alloc(c->tmp, sizeof *f);
	if (!f)
		return rt_error_nomem(c->err);
	f->con = con;
	f->ref_schema = k->pktable->schemaname[0] ? rt_arena_strdup(c->tmp, k->pktable->schemaname) : NULL;
	f->ref_name = rt_arena_strdup(c->tmp, k->pktable->relname);
	f->search_path = c->search_path;
	f->nsearch = c->nsearch;
	f->path = c->path;
	f->line = c->stmt_line;
	f->pk_attrs = rt_arena_alloc(c->tmp, sizeof *f->pk_attrs * (k->n_pk_attrs + 1));
	if (!f->pk_attrs)
		return rt_error_nomem(c->err);
	for (j = 0; j < k->n_pk_attrs; j++)
		f->pk_attrs[f->npk_attrs++] = rt_arena_strdup(c->tmp, rt_ddl__str(k->pk_attrs[j]));
	*c->fks_tail = f;
	c->fks_tail = &f->next;
	return c->only ? RT_OK : fk_to_partitions(c, t, con);
}

/* The PRIMARY KEY, UNIQUE constraint or plain unique index an FK's referenced columns rest
 * on: the FK needs it to exist first.  Binary search in the sorted graph, where a table's
 * constraints (and its indexes) sit together. */
static rt_object *
fk_key(rt_object **all, int n, const rt_table *ref, const char *const *cols, int ncols)
{
	static const rt_kind kinds[] = {RT_KIND_CONSTRAINT, RT_KIND_INDEX};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		rt_object probe = {0};
		int lo = 0, hi = n;
		probe.kind = kinds[k];
		probe.schema = ref->obj.schema;
		probe.table = ref->obj.name;
		probe.name = "";
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (rt_object_cmp(all[mid], &probe) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (int i = lo; i < n && all[i]->kind == kinds[k] &&
				 !strcmp(all[i]->schema, ref->obj.schema) && all[i]->table &&
				 !strcmp(all[i]->table, ref->obj.name); i++) {
			if (kinds[k] == RT_KIND_CONSTRAINT) {
				const rt_constraint *u = (const rt_constraint *)all[i];
				if ((u->type == RT_CON_PRIMARY || u->type == RT_CON_UNIQUE) &&
				    rt_strs_same_set(u->columns, u->ncolumns, cols, ncols))
					return all[i];
			} else {
				const rt_index *x = (const rt_index *)all[i];
				bool plain = x->unique && !x->constraint && !x->predicate && x->nkeys == ncols;
				const char *kc[64];
				for (int j = 0; plain && j < x->nkeys && j < 64; j++) {
					plain = x->keys[j].column != NULL;
					kc[j] = x->keys[j].column;
				}
				if (plain && rt_strs_same_set(kc, x->nkeys, cols, ncols))
					return all[i];
			}
		}
	}
	return NULL;
}

/* Foreign keys are resolved once every file is read, so a model may reference a table that a
 * later file creates (the order a migration creates them in is the planner's business). */
int
rt_ddl__finish_fks(ddl_ctx *c)
{
	ddl_pending_fk *f;
	rt_object **all = NULL;
	int nall = -1;
	for (f = c->fks; f; f = f->next) {
		rt_constraint *con = f->con;
		rt_table *ref = NULL;
		const char **saved = c->search_path;
		int nsaved = c->nsearch, i, rc;
		if (rt_graph_find(c->g, RT_KIND_CONSTRAINT, con->obj.schema, con->obj.table, con->obj.name) != &con->obj)
			continue; /* dropped meanwhile */
		c->path = f->path;
		c->stmt_line = f->line;
		c->search_path = f->search_path;
		c->nsearch = f->nsearch;
		ref = rt_ddl__find_table(c, f->ref_schema, f->ref_name);
		c->search_path = saved;
		c->nsearch = nsaved;
		if (!ref)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "foreign key %s: relation \"%s\" does not exist",
					      con->obj.name, f->ref_name);
		con->ref_schema = ref->obj.schema;
		con->ref_table = ref->obj.name;
		if (f->npk_attrs == 0) {
			ddl_name *e = rt_ddl__name_find(c->pkeys, ref->obj.schema, ref->obj.name);
			rt_constraint *pk = e ? (rt_constraint *)e->obj : NULL;
			if (pk && rt_graph_find(c->g, RT_KIND_CONSTRAINT, pk->obj.schema, pk->obj.table,
						pk->obj.name) == &pk->obj) {
				con->ref_columns = pk->columns;
				con->nref_columns = pk->ncolumns;
			}
			if (!con->ref_columns)
				return rt_ddl__errorf(c, RT_EINVALID, "there is no primary key for referenced table \"%s\"",
						      ref->obj.name);
		} else {
			con->ref_columns = rt_graph_alloc(c->g, sizeof *con->ref_columns * ((size_t)f->npk_attrs + 1));
			if (!con->ref_columns)
				return rt_error_nomem(c->err);
			for (i = 0; i < f->npk_attrs; i++) {
				rt_column *col = rt_ddl__find_column(ref, f->pk_attrs[i]);
				if (!col)
					return rt_ddl__errorf(c, RT_ENOTFOUND,
							      "column \"%s\" referenced in foreign key constraint does not exist",
							      f->pk_attrs[i] ? f->pk_attrs[i] : "?");
				con->ref_columns[con->nref_columns++] = col->name;
			}
		}
		if (con->nref_columns != con->ncolumns)
			return rt_ddl__errorf(c, RT_EINVALID,
					      "number of referencing and referenced columns for foreign key disagree");
		if ((rc = rt_graph_add_dep(c->g, &con->obj, &ref->obj, c->err)))
			return rc;
		if (nall < 0 && (nall = rt_graph_sorted(&all, c->g, c->err)) < 0)
			return nall;
		if ((rc = rt_graph_add_dep(c->g, &con->obj, fk_key(all, nall, ref, con->ref_columns,
									con->nref_columns), c->err)))
			return rc;
	}
	return RT_OK;
}

static bool
same_strs(const char **a, int na, const char **b, int nb)
{
	int i;
	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

/* transformIndexConstraints: the primary key first, then the others in order; one that equals
 * an earlier one (same keys, options, method) is merged into it. */
static int
create_index_constraints(ddl_ctx *c, rt_table *t, pend_list *idx)
{
	int i, j, rc;
	pend **order = rt_arena_alloc(c->tmp, sizeof *order * ((size_t)idx->n + 1));
	int n = 0;
	if (!order)
		return rt_error_nomem(c->err);
	for (i = 0; i < idx->n; i++)
		if (idx->v[i].k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
			order[n++] = &idx->v[i];
			break;
		}
	for (i = 0; i < idx->n; i++) {
		pend *p = &idx->v[i];
		bool keep = true;
		if (n && p == order[0] && p->k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
			continue;
		for (j = 0; j < n && p->k->contype != PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION; j++) {
			pend *q = order[j];
			if (q->k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
				continue;
			if (same_strs(p->cols, p->ncols, q->cols, q->ncols) &&
			    p->k->n_including == 0 && q->k->n_including == 0 &&
			    p->k->nulls_not_distinct == q->k->nulls_not_distinct &&
			    p->deferrable == q->deferrable && p->deferred == q->deferred) {
				if (!q->name)
					q->name = p->name;
				keep = false;
				break;
			}
		}
		if (keep)
			order[n++] = p;
	}
	for (i = 0; i < n; i++)
		if ((rc = index_constraint(c, t, order[i])))
			return rc;
	return RT_OK;
}

static int
cmp_src_line(const void *a, const void *b)
{
	const rt_object *x = *(rt_object *const *)a, *y = *(rt_object *const *)b;
	return (x->src_line > y->src_line) - (x->src_line < y->src_line);
}

/* LIKE ... INCLUDING STATISTICS (generateClonedExtStatsStmt): each statistics object of `src`
 * again on `t`, in t's schema, with its kinds (not its target), its comment with INCLUDING
 * COMMENTS, named by ChooseExtendedStatisticName: table, then the column names in attnum
 * order and "expr" per expression, then "stat", numbered on a clash.  PostgreSQL clones
 * them in creation order; the models' line order stands for it. */
static int
clone_statistics(ddl_ctx *c, rt_table *t, const rt_table *src, bool comments)
{
	rt_object **all, **mine;
	int cnt = rt_graph_sorted(&all, c->g, c->err), n = 0, i, k, rc;
	if (cnt < 0)
		return cnt;
	if (!(mine = rt_arena_alloc(c->tmp, sizeof *mine * ((size_t)cnt + 1))))
		return rt_error_nomem(c->err);
	for (i = 0; i < cnt; i++)
		if (all[i]->kind == RT_KIND_STATISTICS &&
		    !strcmp(((rt_statistics *)all[i])->rel_schema, src->obj.schema) &&
		    !strcmp(((rt_statistics *)all[i])->rel_table, src->obj.name))
			mine[n++] = all[i];
	qsort(mine, (size_t)n, sizeof *mine, cmp_src_line);
	for (i = 0; i < n; i++) {
		const rt_statistics *f = (const rt_statistics *)mine[i];
		rt_statistics *x;
		const char **names = rt_arena_alloc(c->tmp, sizeof *names * ((size_t)(f->ncolumns + f->nexprs) + 1));
		rt_buf add = RT_BUF_INIT;
		char name[RT_NAMEDATALEN], label[32];
		int pass = 0;
		if (!names)
			return rt_error_nomem(c->err);
		for (k = 0; k < f->ncolumns; k++)
			names[k] = f->columns[k];
		for (k = 0; k < f->nexprs; k++)
			names[f->ncolumns + k] = "expr";
		rt_ddl__name_addition(&add, names, f->ncolumns + f->nexprs);
		if (rt_buf_failed(&add))
			return rt_error_nomem(c->err);
		snprintf(label, sizeof label, "stat");
		for (;;) {
			rt_ddl__make_object_name(name, t->obj.name, rt_buf_cstr(&add), label);
			if (!rt_graph_find(c->g, RT_KIND_STATISTICS, t->obj.schema, NULL, name))
				break;
			snprintf(label, sizeof label, "stat%d", ++pass);
		}
		rt_buf_dispose(&add);
		if ((rc = rt_graph_add((rt_object **)&x, c->g, RT_KIND_STATISTICS, t->obj.schema, NULL, name, c->err)))
			return rc;
		rt_ddl__set_src(c, &x->obj);
		x->rel_schema = t->obj.schema;
		x->rel_table = t->obj.name;
		x->columns = f->columns;
		x->ncolumns = f->ncolumns;
		x->exprs = f->exprs;
		x->nexprs = f->nexprs;
		x->kinds = f->kinds;
		x->stattarget = -1;
		x->obj.comment = comments ? f->obj.comment : NULL;
		if ((rc = rt_ddl__schema_dep(c, &x->obj)) || (rc = rt_graph_add_dep(c->g, &x->obj, &t->obj, c->err)))
			return rc;
	}
	return RT_OK;
}

static int
like_clause(ddl_ctx *c, rt_table *t, const PgQuery__TableLikeClause *lk)
{
	rt_table *src;
	int i;
	if (!lk->relation || !(src = rt_ddl__find_table(c, lk->relation->schemaname[0] ? lk->relation->schemaname : NULL,
							 lk->relation->relname)))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist",
				      lk->relation ? lk->relation->relname : "?");
	for (i = 0; i < src->ncolumns; i++) {
		rt_column *col;
		if (rt_ddl__find_column(t, src->columns[i].name))
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" specified more than once",
					      src->columns[i].name);
		if (!(col = add_column_slot(c, t)))
			return rt_error_nomem(c->err);
		col->name = src->columns[i].name;
		col->type = src->columns[i].type;
		col->collation = src->columns[i].collation;
		col->not_null = src->columns[i].not_null;
		/* CREATE_TABLE_LIKE_DEFAULTS = 1 << 3, COMMENTS = 1 << 0, GENERATED = 1 << 4 */
		if ((lk->options & (1u << 3)) && !src->columns[i].generated && !src->columns[i].identity)
			col->default_expr = src->columns[i].default_expr;
		if ((lk->options & (1u << 4)) && src->columns[i].generated) {
			col->generated = src->columns[i].generated;
			col->default_expr = src->columns[i].default_expr;
		}
		if (lk->options & (1u << 0))
			col->comment = src->columns[i].comment;
		/* CREATE_TABLE_LIKE_IDENTITY = 1 << 5: a sequence of its own with the options
		 * (sequence_options), which do not say AS: PostgreSQL 15 makes it a bigint one with
		 * the source's bounds */
		if ((lk->options & (1u << 5)) && src->columns[i].identity) {
			rt_seqopts *io;
			int rc = make_identity(c, t, col, NULL, NULL, 0, src->columns[i].identity);
			if (rc)
				return rc;
			if (src->columns[i].identity_opts && (io = rt_ddl__identity_opts(c, col))) {
				*io = *src->columns[i].identity_opts;
				io->data_type = "bigint";
			}
		}
	}
	/* CREATE_TABLE_LIKE_STATISTICS = 1 << 7 */
	if (lk->options & (1u << 7))
		return clone_statistics(c, t, src, (lk->options & (1u << 0)) != 0);
	return RT_OK;
}

/* ALTER TABLE ... SET [UN]LOGGED: the sequences the table owns follow it (PostgreSQL 15). */
static int
set_logged(ddl_ctx *c, rt_table *t, bool unlogged)
{
	rt_object **all;
	int n = rt_graph_sorted(&all, c->g, c->err);
	if (n < 0)
		return n;
	t->unlogged = unlogged;
	for (int i = 0; i < n; i++) {
		rt_sequence *s = (rt_sequence *)all[i];
		if (s->obj.kind == RT_KIND_SEQUENCE && s->owned_table && !strcmp(s->owned_table, t->obj.name) &&
		    s->owned_schema && !strcmp(s->owned_schema, t->obj.schema))
			s->unlogged = unlogged;
	}
	return RT_OK;
}

/* ---- inheritance ---- */

static bool
is_parent_of(const rt_table *child, const rt_table *t)
{
	for (int i = 0; i < child->nparents; i++)
		if (!strcmp(child->parents[i].schema, t->obj.schema) && !strcmp(child->parents[i].name, t->obj.name))
			return true;
	return false;
}

/* The tables that inherit from t directly (find_inheritance_children), in sorted order; a
 * copy, so the caller may change the graph.  NULL with *n 0 when there are none. */
static rt_table **
children_of(ddl_ctx *c, const rt_table *t, int *n)
{
	rt_object **all;
	rt_table **out;
	int cnt, i;
	*n = 0;
	if (!c->ninherits)
		return NULL;
	cnt = rt_graph_sorted(&all, c->g, NULL);
	if (cnt <= 0 || !(out = rt_arena_alloc(c->tmp, sizeof *out * ((size_t)cnt + 1))))
		return NULL;
	for (i = 0; i < cnt; i++)
		if (all[i]->kind == RT_KIND_TABLE && is_parent_of((rt_table *)all[i], t))
			out[(*n)++] = (rt_table *)all[i];
	return out;
}

rt_table **
rt_ddl__table_children(ddl_ctx *c, const rt_table *t, int *n)
{
	return children_of(c, t, n);
}

/* Whether `anc` is t or one of its ancestors (a new link may not close a cycle). */
static bool
is_ancestor(ddl_ctx *c, const rt_table *t, const rt_table *anc)
{
	if (t == anc)
		return true;
	for (int i = 0; i < t->nparents; i++) {
		rt_table *p = rt_graph_find_table(c->g, t->parents[i].schema, t->parents[i].name);
		if (p && is_ancestor(c, p, anc))
			return true;
	}
	return false;
}

static int
add_parent(ddl_ctx *c, rt_table *t, rt_table *parent)
{
	int rc;
	if ((rc = rt_graph_table_add_parent(t, c->g, parent->obj.schema, parent->obj.name, c->err)))
		return rc;
	c->ninherits++;
	return rt_graph_add_dep(c->g, &t->obj, &parent->obj, c->err);
}

/* A CHECK like k on t, under k's name: for inheritance (inherit_check) and LIKE ... INCLUDING
 * CONSTRAINTS (like_expand). */
static int
copy_check(ddl_ctx *c, rt_table *t, const rt_constraint *k, rt_constraint **out)
{
	rt_constraint *con;
	int rc;
	if ((rc = rt_graph_add((rt_object **)&con, c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
			       k->obj.name, c->err)))
		return rc;
	rt_ddl__set_src(c, &con->obj);
	con->type = RT_CON_CHECK;
	con->expr = k->expr;
	*out = con;
	if ((rc = rt_ddl__name_add(c, &c->connames, t->obj.schema, con->obj.name)))
		return rc;
	return rt_graph_add_dep(c->g, &con->obj, &t->obj, c->err);
}

/* A parent's inheritable CHECK arriving on `t` (CREATE TABLE ... INHERITS, or ADD CONSTRAINT
 * recursing): merged into t's CHECK of the same name and expression (MergeWithExistingConstraint),
 * or copied, not local, with the parent's name; then on to t's own children. */
static int
inherit_check(ddl_ctx *c, rt_table *t, const rt_constraint *k)
{
	rt_constraint *con = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
							    k->obj.name);
	rt_table **kids;
	int n, i, rc;
	if (con) {
		if (con->type != RT_CON_CHECK || !check_exprs_equal(con->expr, k->expr))
			return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" conflicts with inherited constraint on relation \"%s\"",
					      k->obj.name, t->obj.name);
		if (con->no_inherit)
			return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" conflicts with non-inherited constraint on relation \"%s\"",
					      k->obj.name, t->obj.name);
		con->inhcount++;
		return RT_OK;
	}
	if ((rc = copy_check(c, t, k, &con)))
		return rc;
	con->not_valid = k->not_valid;
	con->inhcount = 1;
	con->not_local = true;
	kids = children_of(c, t, &n);
	for (i = 0; i < n; i++)
		if ((rc = inherit_check(c, kids[i], con)))
			return rc;
	return RT_OK;
}

/* The CHECKs of `parent` that its children inherit (not NO INHERIT), in name order. */
static rt_constraint **
inheritable_checks(ddl_ctx *c, const rt_table *parent, int *n)
{
	rt_object **all;
	rt_constraint **out;
	int cnt = rt_graph_sorted(&all, c->g, NULL), i;
	*n = 0;
	if (cnt <= 0 || !(out = rt_arena_alloc(c->tmp, sizeof *out * ((size_t)cnt + 1))))
		return NULL;
	for (i = 0; i < cnt; i++) {
		rt_constraint *k = (rt_constraint *)all[i];
		if (all[i]->kind == RT_KIND_CONSTRAINT && k->type == RT_CON_CHECK && !k->no_inherit &&
		    !strcmp(all[i]->schema, parent->obj.schema) && !strcmp(all[i]->table, parent->obj.name))
			out[(*n)++] = k;
	}
	return out;
}

/* CREATE TABLE ... INHERITS (MergeAttributes): the parents' columns first, parent by parent
 * in attnum order, one column per name (same type and collation required, NOT NULL if any
 * parent's is, the default when the parents agree on it; identity is not inherited), each
 * not local with a count of the parents it comes from. */
static int
inherit_columns(ddl_ctx *c, rt_table *t, const PgQuery__CreateStmt *s, rt_table ***parents_out, int *nparents)
{
	rt_table **parents = rt_arena_alloc(c->tmp, sizeof *parents * (s->n_inh_relations + 1));
	int np = 0, rc, i, k;
	if (!parents)
		return rt_error_nomem(c->err);
	for (size_t j = 0; j < s->n_inh_relations; j++) {
		const PgQuery__RangeVar *rv = s->inh_relations[j]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR
					      ? s->inh_relations[j]->range_var : NULL;
		rt_table *p;
		if (!rv)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid INHERITS list");
		p = rt_ddl__find_table(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
		if (!p)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", rv->relname);
		if (p->partstrat)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot inherit from partitioned table \"%s\"", p->obj.name);
		if (p->partbound)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot inherit from partition \"%s\"", p->obj.name);
		if (p->unlogged && !t->unlogged)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot inherit from unlogged relation \"%s\"", p->obj.name);
		for (k = 0; k < np; k++)
			if (parents[k] == p)
				return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" would be inherited from more than once",
						      p->obj.name);
		parents[np++] = p;
	}
	for (i = 0; i < np; i++) {
		rt_table *p = parents[i];
		for (k = 0; k < p->ncolumns; k++) {
			const rt_column *pc = &p->columns[k];
			rt_column *col = rt_ddl__find_column(t, pc->name);
			const char *dflt = pc->identity ? NULL : pc->default_expr;
			if (col) {
				if (strcmp(col->type, pc->type))
					return rt_ddl__errorf(c, RT_EINVALID, "inherited column \"%s\" has a type conflict (%s versus %s)",
							      pc->name, col->type, pc->type);
				col->inhcount++;
				col->not_null |= pc->not_null;
				/* the first parent's default; differing ones are an error unless the
				 * table sets its own (inherited_defaults_agree) */
				if (!col->default_expr)
					col->default_expr = dflt;
				continue;
			}
			if (!(col = add_column_slot(c, t)))
				return rt_error_nomem(c->err);
			col->name = pc->name;
			col->type = pc->type;
			col->collation = pc->collation;
			col->not_null = pc->not_null || pc->identity;
			col->default_expr = dflt;
			col->generated = pc->generated;
			col->inhcount = 1;
			col->not_local = true;
		}
		if ((rc = add_parent(c, t, p)))
			return rc;
		/* a default that calls nextval() needs its sequence, as the parent's does */
		for (k = 0; k < p->obj.ndeps; k++)
			if (p->obj.deps[k]->kind == RT_KIND_SEQUENCE &&
			    (rc = rt_graph_add_dep(c->g, &t->obj, p->obj.deps[k], c->err)))
				return rc;
	}
	*parents_out = parents;
	*nparents = np;
	return RT_OK;
}

/* After the table's own column definitions: an inherited column whose parents disagree on
 * its default needs one of its own. */
static int
inherited_defaults_agree(ddl_ctx *c, rt_table *t, rt_table **parents, int np, const PgQuery__CreateStmt *s)
{
	for (int i = 0; i < t->ncolumns; i++) {
		const rt_column *col = &t->columns[i];
		const char *first = NULL;
		bool own = false;
		if (!col->inhcount)
			continue;
		for (size_t j = 0; j < s->n_table_elts; j++)
			if (s->table_elts[j]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
			    !strcmp(s->table_elts[j]->column_def->colname, col->name))
				for (size_t m = 0; m < s->table_elts[j]->column_def->n_constraints; m++) {
					const PgQuery__Node *kn = s->table_elts[j]->column_def->constraints[m];
					own |= kn->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
					       kn->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT;
				}
		if (own)
			continue;
		for (int k = 0; k < np; k++) {
			const rt_column *pc = rt_ddl__find_column(parents[k], col->name);
			const char *d = pc && !pc->identity ? pc->default_expr : NULL;
			if (!d)
				continue;
			if (first && !check_exprs_equal(first, d))
				return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" inherits conflicting default values",
						      col->name);
			first = d;
		}
	}
	return RT_OK;
}

/* ALTER TABLE ... INHERIT parent (CreateInheritance): the table must already have every
 * column of the parent (same type and collation, NOT NULL where the parent's is) and every
 * inheritable CHECK (same name and expression); their counts go up, nothing else changes. */
static int
inherit_link(ddl_ctx *c, rt_table *t, const PgQuery__RangeVar *rv)
{
	rt_table *p = rv ? rt_ddl__find_table(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname) : NULL;
	rt_constraint **checks;
	int n, i;
	if (!p)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", rv ? rv->relname : "?");
	if (p->partstrat || t->partstrat)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot change inheritance of a partitioned table");
	if (p->partbound || t->partbound)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot change inheritance of a partition");
	if (is_parent_of(t, p))
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" would be inherited from more than once", p->obj.name);
	if (is_ancestor(c, p, t))
		return rt_ddl__errorf(c, RT_EINVALID, "circular inheritance not allowed");
	for (i = 0; i < p->ncolumns; i++) {
		rt_column *col = rt_ddl__find_column(t, p->columns[i].name);
		if (!col)
			return rt_ddl__errorf(c, RT_EINVALID, "child table is missing column \"%s\"", p->columns[i].name);
		if (strcmp(col->type, p->columns[i].type))
			return rt_ddl__errorf(c, RT_EINVALID, "child table \"%s\" has different type for column \"%s\"",
					      t->obj.name, col->name);
		if (p->columns[i].not_null && !col->not_null)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" in child table must be marked NOT NULL",
					      col->name);
	}
	checks = inheritable_checks(c, p, &n);
	for (i = 0; i < n; i++) {
		rt_constraint *k = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
								  checks[i]->obj.name);
		if (!k || k->type != RT_CON_CHECK || !check_exprs_equal(k->expr, checks[i]->expr))
			return rt_ddl__errorf(c, RT_EINVALID, "child table is missing constraint \"%s\"", checks[i]->obj.name);
		if (k->no_inherit)
			return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" conflicts with non-inherited constraint on child table \"%s\"",
					      k->obj.name, t->obj.name);
	}
	for (i = 0; i < p->ncolumns; i++)
		rt_ddl__find_column(t, p->columns[i].name)->inhcount++;
	for (i = 0; i < n; i++)
		((rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
						checks[i]->obj.name))->inhcount++;
	return add_parent(c, t, p);
}

/* ALTER TABLE ... NO INHERIT parent (RemoveInheritance): what came only from it becomes the
 * table's own (local, count 0); columns and CHECKs stay. */
static int
no_inherit_link(ddl_ctx *c, rt_table *t, const PgQuery__RangeVar *rv)
{
	rt_table *p = rv ? rt_ddl__find_table(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname) : NULL;
	rt_constraint **checks;
	int n, i, k = 0;
	if (!p)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", rv ? rv->relname : "?");
	if (!is_parent_of(t, p))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" is not a parent of relation \"%s\"",
				      p->obj.name, t->obj.name);
	if (t->partbound)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot change inheritance of a partition");
	for (i = 0; i < p->ncolumns; i++) {
		rt_column *col = rt_ddl__find_column(t, p->columns[i].name);
		if (col && col->inhcount > 0 && --col->inhcount == 0)
			col->not_local = false;
	}
	checks = inheritable_checks(c, p, &n);
	for (i = 0; i < n; i++) {
		rt_constraint *kc = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema,
								   t->obj.name, checks[i]->obj.name);
		if (kc && kc->inhcount > 0 && --kc->inhcount == 0)
			kc->not_local = false;
	}
	for (i = 0; i < t->nparents; i++)
		if (strcmp(t->parents[i].schema, p->obj.schema) || strcmp(t->parents[i].name, p->obj.name))
			t->parents[k++] = t->parents[i];
	t->nparents = k;
	/* the order edge to the old parent stays: harmless, and the graph keeps no removal */
	return RT_OK;
}

/* ---- declarative partitioning ---- */

/* The partitions of t (tables whose partitioned table it is), in sorted order. */
static rt_table **
partitions_of(ddl_ctx *c, const rt_table *t, int *n)
{
	rt_table **kids = children_of(c, t, n);
	int k = 0;
	for (int i = 0; i < *n; i++)
		if (kids[i]->partbound)
			kids[k++] = kids[i];
	*n = k;
	return kids;
}

/* PARTITION BY: the key as pg_get_partkeydef prints it (a collation only when not the key's
 * own, an operator class only when not the type's default, both qualified). */
static int
partition_key(ddl_ctx *c, rt_table *t, const PgQuery__PartitionSpec *ps)
{
	if (!strcmp(ps->strategy, "list"))
		t->partstrat = 'l';
	else if (!strcmp(ps->strategy, "hash"))
		t->partstrat = 'h';
	else if (!strcmp(ps->strategy, "range"))
		t->partstrat = 'r';
	else
		return rt_ddl__errorf(c, RT_EINVALID, "unrecognized partitioning strategy \"%s\"", ps->strategy);
	if (t->partstrat == 'l' && ps->n_part_params != 1)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot use \"list\" partition strategy with more than one column");
	if (!(t->partkeys = rt_graph_alloc(c->g, sizeof *t->partkeys * (ps->n_part_params + 1))))
		return rt_error_nomem(c->err);
	for (size_t i = 0; i < ps->n_part_params; i++) {
		const PgQuery__PartitionElem *e;
		rt_index_key *k = &t->partkeys[t->npartkeys++];
		rt_column *col = NULL;
		if (ps->part_params[i]->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid partition key");
		e = ps->part_params[i]->partition_elem;
		if (e->name && e->name[0]) {
			if (!(col = rt_ddl__find_column(t, e->name)))
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" named in partition key does not exist",
						      e->name);
			k->column = col->name;
		} else if (!(k->expr = rt_ddl__expr_text(c, e->expr))) {
			return c->err->code;
		}
		if (e->n_collation) {
			k->collation = rt_ddl__collation(c, e->collation, e->n_collation, &t->obj);
			if (k->collation && col && col->collation && !strcmp(col->collation, k->collation))
				k->collation = NULL;
		}
		if (e->n_opclass)
			k->opclass = opclass_name(c, e->opclass, e->n_opclass);
	}
	return RT_OK;
}

/* The pg_catalog name of a format_type() name, for the constants of a bound. */
static const char *
catalog_type(const char *type)
{
	static const char *const map[][2] = {
		{"smallint", "int2"}, {"integer", "int4"}, {"bigint", "int8"}, {"real", "float4"},
		{"double precision", "float8"}, {"boolean", "bool"}, {"text", "text"}, {"name", "name"},
		{"numeric", "numeric"}, {"character varying", "varchar"}, {"character", "bpchar"},
		{"date", "date"}, {"timestamp without time zone", "timestamp"}};
	for (size_t i = 0; type && i < sizeof map / sizeof map[0]; i++) {
		size_t n = strlen(map[i][0]);
		if (!strncmp(type, map[i][0], n) && (type[n] == '\0' || type[n] == '('))
			return map[i][1];
	}
	return NULL;
}

/* One value of a bound as get_const_expr prints it without its type: numbers bare (negative
 * ones in parentheses), booleans bare, anything else a quoted string; the value canonical
 * when the key's type is one normalize_value.c knows, as written otherwise. */
static int
bound_datum(ddl_ctx *c, rt_buf *b, const rt_table *parent, int keyno, const PgQuery__Node *n)
{
	const rt_index_key *k = keyno < parent->npartkeys ? &parent->partkeys[keyno] : NULL;
	const rt_column *col = k && k->column ? rt_ddl__find_column((rt_table *)parent, k->column) : NULL;
	const char *type = col ? catalog_type(col->type) : NULL, *v = NULL;
	char num[64];
	/* get_const_expr prints only int4 and numeric constants bare; int2, int8, floats and the
	 * rest are quoted strings */
	bool numeric_type = type && (!strcmp(type, "int4") || !strcmp(type, "numeric"));
	if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
	    rt_ddl__str(n->column_ref->fields[0]) &&
	    (!strcmp(rt_ddl__str(n->column_ref->fields[0]), "minvalue") ||
	     !strcmp(rt_ddl__str(n->column_ref->fields[0]), "maxvalue"))) {
		rt_buf_puts(b, !strcmp(rt_ddl__str(n->column_ref->fields[0]), "minvalue") ? "MINVALUE" : "MAXVALUE");
		return RT_OK;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
		const PgQuery__AConst *a = n->a_const;
		if (a->isnull) {
			rt_buf_puts(b, "NULL");
			return RT_OK;
		}
		switch (a->val_case) {
		case PG_QUERY__A__CONST__VAL_IVAL:
			snprintf(num, sizeof num, "%d", a->ival ? a->ival->ival : 0);
			v = num;
			break;
		case PG_QUERY__A__CONST__VAL_FVAL:
			v = a->fval->fval;
			break;
		case PG_QUERY__A__CONST__VAL_BOOLVAL:
			v = a->boolval->boolval ? "true" : "false";
			break;
		case PG_QUERY__A__CONST__VAL_SVAL:
			v = a->sval->sval;
			break;
		default:
			break;
		}
	}
	if (!v) {
		/* an expression: the server evaluates it; kept as written */
		const char *text = rt_ddl__expr_text(c, n);
		if (!text)
			return c->err->code;
		rt_buf_puts(b, text);
		return RT_OK;
	}
	if (type && (!strcmp(type, "date") || !strcmp(type, "timestamp"))) {
		/* ISO dates and times as date_out / timestamp_out print them (DateStyle ISO); other
		 * spellings stay as written */
		int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
		size_t len = strlen(v);
		if ((sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3 && (size_t)used == len) ||
		    (!strcmp(type, "timestamp") &&
		     ((sscanf(v, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) == 6 && (size_t)used == len) ||
		      (sscanf(v, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &used) == 5 && (size_t)used == len)))) {
			if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && sec < 60) {
				if (!strcmp(type, "date"))
					snprintf(num, sizeof num, "%04d-%02d-%02d", y, mo, d);
				else
					snprintf(num, sizeof num, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, sec);
				v = num;
			}
		}
	} else if (type) {
		const char *canon = rt_norm__value(c->stmt, type, false, v);
		if (canon)
			v = canon;
	}
	if (type && !strcmp(type, "bool") && (!strcmp(v, "true") || !strcmp(v, "false"))) {
		rt_buf_puts(b, v);
	} else if (numeric_type && strspn(v, "0123456789+-eE.") == strlen(v)) {
		/* a negative number is printed quoted (get_const_expr without its type label) */
		if (v[0] == '-')
			rt_buf_printf(b, "'%s'", v);
		else
			rt_buf_puts(b, v[0] == '+' ? v + 1 : v);
	} else {
		rt_buf_putc(b, '\'');
		for (const char *p = v; *p; p++) {
			if (*p == '\'')
				rt_buf_putc(b, '\'');
			rt_buf_putc(b, *p);
		}
		rt_buf_putc(b, '\'');
	}
	return RT_OK;
}

/* transformPartitionRangeBounds: after MINVALUE (MAXVALUE) every value is MINVALUE (MAXVALUE). */
static int
range_datums_ok(ddl_ctx *c, PgQuery__Node **v, size_t n)
{
	const char *seen = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *s = v[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v[i]->column_ref->n_fields == 1
				? rt_ddl__str(v[i]->column_ref->fields[0]) : NULL;
		bool inf = s && (!strcmp(s, "minvalue") || !strcmp(s, "maxvalue"));
		if (seen && (!inf || strcmp(s, seen)))
			return rt_ddl__errorf(c, RT_EINVALID, "every bound following %s must also be %s",
					      !strcmp(seen, "minvalue") ? "MINVALUE" : "MAXVALUE",
					      !strcmp(seen, "minvalue") ? "MINVALUE" : "MAXVALUE");
		if (inf)
			seen = s;
	}
	return RT_OK;
}

/* FOR VALUES ... as pg_get_expr(relpartbound) prints it. */
static int
bound_text(ddl_ctx *c, const rt_table *parent, const PgQuery__PartitionBoundSpec *pb, const char **out)
{
	rt_buf b = RT_BUF_INIT;
	int rc = RT_OK;
	char want = parent->partstrat;
	if (pb->is_default) {
		if (want == 'h')
			return rt_ddl__errorf(c, RT_EINVALID, "a hash-partitioned table may not have a default partition");
		*out = "DEFAULT";
		return RT_OK;
	}
	if (pb->strategy[0] != (want == 'h' ? 'h' : want == 'l' ? 'l' : 'r'))
		return rt_ddl__errorf(c, RT_EINVALID, "invalid bound specification for a %s partition",
				      want == 'h' ? "hash" : want == 'l' ? "list" : "range");
	if (want == 'h') {
		if (pb->modulus <= 0)
			return rt_ddl__errorf(c, RT_EINVALID, "modulus for hash partition must be an integer value greater than zero");
		if (pb->remainder < 0 || pb->remainder >= pb->modulus)
			return rt_ddl__errorf(c, RT_EINVALID, "remainder for hash partition must be less than modulus");
		rt_buf_printf(&b, "FOR VALUES WITH (modulus %d, remainder %d)", pb->modulus, pb->remainder);
	} else if (want == 'l') {
		rt_buf_puts(&b, "FOR VALUES IN (");
		for (size_t i = 0; i < pb->n_listdatums && !rc; i++) {
			rt_buf_puts(&b, i ? ", " : "");
			rc = bound_datum(c, &b, parent, 0, pb->listdatums[i]);
		}
		rt_buf_putc(&b, ')');
	} else {
		if ((int)pb->n_lowerdatums != parent->npartkeys || (int)pb->n_upperdatums != parent->npartkeys)
			rc = rt_ddl__errorf(c, RT_EINVALID, "FROM/TO must specify exactly one value per partitioning column");
		if (!rc && !(rc = range_datums_ok(c, pb->lowerdatums, pb->n_lowerdatums)))
			rc = range_datums_ok(c, pb->upperdatums, pb->n_upperdatums);
		rt_buf_puts(&b, "FOR VALUES FROM (");
		for (size_t i = 0; i < pb->n_lowerdatums && !rc; i++) {
			rt_buf_puts(&b, i ? ", " : "");
			rc = bound_datum(c, &b, parent, (int)i, pb->lowerdatums[i]);
		}
		rt_buf_puts(&b, ") TO (");
		for (size_t i = 0; i < pb->n_upperdatums && !rc; i++) {
			rt_buf_puts(&b, i ? ", " : "");
			rc = bound_datum(c, &b, parent, (int)i, pb->upperdatums[i]);
		}
		rt_buf_putc(&b, ')');
	}
	if (!rc && (rt_buf_failed(&b) || !(*out = rt_graph_strdup(c->g, rt_buf_cstr(&b)))))
		rc = rt_error_nomem(c->err);
	rt_buf_dispose(&b);
	return rc;
}

static bool
keys_same(const rt_index_key *a, int na, const rt_index_key *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (!((a[i].column ? b[i].column && !strcmp(a[i].column, b[i].column) : !b[i].column) &&
		      (a[i].expr ? b[i].expr && check_exprs_equal(a[i].expr, b[i].expr) : !b[i].expr) &&
		      !((a[i].collation == NULL) != (b[i].collation == NULL) ||
			(a[i].collation && strcmp(a[i].collation, b[i].collation))) &&
		      !((a[i].opclass == NULL) != (b[i].opclass == NULL) ||
			(a[i].opclass && strcmp(a[i].opclass, b[i].opclass))) &&
		      a[i].desc == b[i].desc && a[i].nulls_first == b[i].nulls_first))
			return false;
	return true;
}

/* CompareIndexInfo: an index of the partition that can serve as px's partition. */
static bool
index_matches(const rt_index *x, const rt_index *px)
{
	return x->unique == px->unique && x->nulls_not_distinct == px->nulls_not_distinct &&
	       !strcmp(x->method, px->method) && keys_same(x->keys, x->nkeys, px->keys, px->nkeys) &&
	       same_strs(x->include, x->ninclude, px->include, px->ninclude) &&
	       (x->predicate ? px->predicate && check_exprs_equal(x->predicate, px->predicate) : !px->predicate);
}

/* The indexes, or the constraints of a type, on table t in sorted order (a copy). */
static rt_object **
table_objects(ddl_ctx *c, const rt_table *t, rt_kind kind, int *n)
{
	rt_object **all, **out;
	int cnt = rt_graph_sorted(&all, c->g, NULL);
	*n = 0;
	if (cnt <= 0 || !(out = rt_arena_alloc(c->tmp, sizeof *out * ((size_t)cnt + 1))))
		return NULL;
	for (int i = 0; i < cnt; i++)
		if (all[i]->kind == kind && !strcmp(all[i]->schema, t->obj.schema) && !strcmp(all[i]->table, t->obj.name))
			out[(*n)++] = all[i];
	return out;
}

static int clone_index(ddl_ctx *c, rt_table *part, const rt_index *px);

/* The index px of a partitioned table reaches its partitions (DefineIndex recursing). */
static int
index_to_partitions(ddl_ctx *c, const rt_table *t, const rt_index *px)
{
	int n, rc;
	rt_table **parts;
	if (!t->partstrat)
		return RT_OK;
	parts = partitions_of(c, t, &n);
	for (int i = 0; i < n; i++)
		if ((rc = clone_index(c, parts[i], px)))
			return rc;
	return RT_OK;
}

/* The name ChooseIndexName gives an unnamed index like px (owned by pk, when not NULL) on
 * partition `part`: `<part>_pkey`, `<part>_<columns>_key`, `<part>_<columns>_idx`. */
static int
clone_name(ddl_ctx *c, rt_table *part, const rt_index *px, const rt_constraint *pk, const char *self,
	   const char **out)
{
	const char *name;
	int rc;
	if (pk && pk->type == RT_CON_PRIMARY) {
		name = rt_ddl__choose_relname_but(c, part->obj.schema, part->obj.name, NULL, "pkey", true, self);
	} else {
		rt_buf add = RT_BUF_INIT;
		const char **cn = rt_arena_alloc(c->tmp, sizeof *cn * ((size_t)px->nkeys + (size_t)px->ninclude + 1));
		int m = 0;
		if (!cn)
			return rt_error_nomem(c->err);
		for (int i = 0; i < px->nkeys; i++) {
			const char *fig = "expr";
			if (px->keys[i].column) {
				fig = px->keys[i].column;
			} else if (px->keys[i].expr) {
				rt_buf sql = RT_BUF_INIT;
				PgQuery__ParseResult *pr;
				rt_buf_printf(&sql, "SELECT %s", px->keys[i].expr);
				pr = rt_buf_failed(&sql) ? NULL : rt_norm__parse(c->stmt, sql.ptr, NULL, NULL);
				if (pr && pr->n_stmts == 1 && pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
				    pr->stmts[0]->stmt->select_stmt->n_target_list == 1)
					fig = rt_norm__figure_colname(pr->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val);
				rt_buf_dispose(&sql);
			}
			cn[m++] = fig;
		}
		for (int i = 0; i < px->ninclude; i++)
			cn[m++] = px->include[i];
		if ((rc = index_colnames(c, cn, m, &add))) {
			rt_buf_dispose(&add);
			return rc;
		}
		name = rt_ddl__choose_relname_but(c, part->obj.schema, part->obj.name, rt_buf_cstr(&add),
						  !pk ? "idx" : pk->type == RT_CON_UNIQUE ? "key" : "excl", pk != NULL,
						  self);
		rt_buf_dispose(&add);
	}
	if (!name)
		return rt_error_nomem(c->err);
	*out = name;
	return RT_OK;
}

/* x (on a partition) attached to px: the server's own name for it, when a migration lets the
 * server make it (only an index without a constraint is renamed: see rt_index.server_name). */
static int
note_server_name(ddl_ctx *c, rt_table *part, rt_index *x, const rt_index *px)
{
	const char *name;
	int rc;
	if (x->constraint || px->constraint)
		return RT_OK;
	if ((rc = clone_name(c, part, px, NULL, x->obj.name, &name)))
		return rc;
	x->server_name = name;
	return RT_OK;
}

/* An index like px on t named `name`, with pk the constraint it carries (a PRIMARY KEY
 * becomes t's, its columns NOT NULL): for a partition (clone_index) and for LIKE ... INCLUDING
 * INDEXES (like_expand). */
static int
copy_index(ddl_ctx *c, rt_table *t, const rt_index *px, const rt_constraint *pk, const char *name,
	   rt_index **xout, rt_constraint **cout)
{
	rt_index *x;
	rt_constraint *con = NULL;
	int rc;
	if ((rc = new_index(c, &t->obj, name, &x)))
		return rc;
	x->unique = px->unique;
	x->nulls_not_distinct = px->nulls_not_distinct;
	x->method = px->method;
	x->keys = px->keys;
	x->nkeys = px->nkeys;
	x->include = px->include;
	x->ninclude = px->ninclude;
	x->predicate = px->predicate;
	x->reloptions = px->reloptions;
	x->nreloptions = px->nreloptions;
	if (pk) {
		if ((rc = rt_graph_add((rt_object **)&con, c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
				       name, c->err)))
			return rc;
		rt_ddl__set_src(c, &con->obj);
		if ((rc = rt_ddl__name_add(c, &c->connames, t->obj.schema, name)) ||
		    (rc = rt_graph_add_dep(c->g, &con->obj, &t->obj, c->err)))
			return rc;
		con->type = pk->type;
		con->columns = pk->columns;
		con->ncolumns = pk->ncolumns;
		con->include = pk->include;
		con->ninclude = pk->ninclude;
		con->reloptions = pk->reloptions;
		con->nreloptions = pk->nreloptions;
		con->nulls_not_distinct = pk->nulls_not_distinct;
		con->definition = pk->definition;
		con->deferrable = pk->deferrable;
		con->deferred = pk->deferred;
		x->constraint = con->obj.name;
		if (pk->type == RT_CON_PRIMARY) {
			rt_ddl__name_del(&c->pkeys, t->obj.schema, t->obj.name);
			if ((rc = rt_ddl__name_add(c, &c->pkeys, t->obj.schema, t->obj.name)))
				return rc;
			rt_ddl__name_find(c->pkeys, t->obj.schema, t->obj.name)->obj = &con->obj;
			for (int i = 0; i < con->ncolumns; i++) {
				rt_column *col = rt_ddl__find_column(t, con->columns[i]);
				if (col)
					col->not_null = true;
			}
		}
	}
	*xout = x;
	*cout = con;
	return RT_OK;
}

/* An index of partitioned table's index px on partition `part`: an existing equal one not yet
 * attached is attached (with its constraint, if px has one), else a new one is made under
 * clone_name's name, and its constraint cloned under that name. */
static int
clone_index(ddl_ctx *c, rt_table *part, const rt_index *px)
{
	const rt_constraint *pk = px->constraint ? (const rt_constraint *)rt_graph_find(
		c->g, RT_KIND_CONSTRAINT, px->obj.schema, px->obj.table, px->constraint) : NULL;
	rt_object **mine;
	rt_index *x = NULL;
	rt_constraint *con;
	const char *name;
	int n, rc;
	mine = table_objects(c, part, RT_KIND_INDEX, &n);
	for (int i = 0; i < n; i++) {
		rt_index *cand = (rt_index *)mine[i];
		rt_constraint *cc;
		if (cand->parent_index || !index_matches(cand, px))
			continue;
		if (pk) {
			cc = cand->constraint ? (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, part->obj.schema,
									       part->obj.name, cand->constraint) : NULL;
			if (!cc || cc->type != pk->type)
				continue;
			cc->not_local = true;
			cc->inhcount = 1;
		}
		cand->parent_index = px->obj.name;
		if ((rc = note_server_name(c, part, cand, px)))
			return rc;
		return index_to_partitions(c, part, cand);
	}
	if ((rc = clone_name(c, part, px, pk, NULL, &name)) || (rc = copy_index(c, part, px, pk, name, &x, &con)))
		return rc;
	x->server_name = name;
	x->parent_index = px->obj.name;
	if (con) {
		con->inhcount = 1;
		con->not_local = true;
	}
	return index_to_partitions(c, part, x);
}

static int clone_fk(ddl_ctx *c, rt_table *part, const rt_constraint *pk);

/* The FOREIGN KEY pk of a partitioned table reaches its partitions. */
static int
fk_to_partitions(ddl_ctx *c, const rt_table *t, const rt_constraint *pk)
{
	int n, rc;
	rt_table **parts;
	if (!t->partstrat)
		return RT_OK;
	parts = partitions_of(c, t, &n);
	for (int i = 0; i < n; i++)
		if ((rc = clone_fk(c, parts[i], pk)))
			return rc;
	return RT_OK;
}

/* CloneFkReferencing: the partition gets the parent's FOREIGN KEY under the parent's name (a
 * name taken on the partition: ChooseConstraintName's `<part>_<cols>_fkey`); the referenced
 * side is resolved with the parent's once every file is read. */
static int
clone_fk(ddl_ctx *c, rt_table *part, const rt_constraint *pk)
{
	rt_constraint *con;
	const char *name = pk->obj.name;
	ddl_pending_fk *f, *pf = NULL;
	int rc;
	if (rt_ddl__name_used(c->connames, part->obj.schema, name) &&
	    rt_graph_find(c->g, RT_KIND_CONSTRAINT, part->obj.schema, part->obj.name, name)) {
		rt_buf add = RT_BUF_INIT;
		rt_ddl__name_addition(&add, pk->columns, pk->ncolumns);
		name = rt_ddl__choose_conname(c, part->obj.schema, part->obj.name, rt_buf_cstr(&add), "fkey", NULL, 0);
		rt_buf_dispose(&add);
		if (!name)
			return rt_error_nomem(c->err);
	}
	if ((rc = rt_graph_add((rt_object **)&con, c->g, RT_KIND_CONSTRAINT, part->obj.schema, part->obj.name,
			       name, c->err)))
		return rc;
	con->type = RT_CON_FOREIGN;
	con->columns = pk->columns;
	con->ncolumns = pk->ncolumns;
	con->ref_schema = pk->ref_schema;
	con->ref_table = pk->ref_table;
	con->ref_columns = pk->ref_columns;
	con->nref_columns = pk->nref_columns;
	con->match = pk->match;
	con->on_update = pk->on_update;
	con->on_delete = pk->on_delete;
	con->delete_set_columns = pk->delete_set_columns;
	con->ndelete_set_columns = pk->ndelete_set_columns;
	con->deferrable = pk->deferrable;
	con->deferred = pk->deferred;
	con->no_inherit = false;
	con->inhcount = 1;
	con->not_local = true;
	rt_ddl__set_src(c, &con->obj);
	if ((rc = rt_ddl__name_add(c, &c->connames, part->obj.schema, name)) ||
	    (rc = rt_graph_add_dep(c->g, &con->obj, &part->obj, c->err)))
		return rc;
	for (f = c->fks; f; f = f->next)
		if (f->con == pk)
			pf = f;
	if (pf) {
		if (!(f = rt_arena_alloc(c->tmp, sizeof *f)))
			return rt_error_nomem(c->err);
		*f = *pf;
		f->con = con;
		f->next = NULL;
		*c->fks_tail = f;
		c->fks_tail = &f->next;
	}
	return fk_to_partitions(c, part, con);
}

/* What a new partition gets from its partitioned table after its columns and CHECKs: the
 * indexes (in the order they were made) and the FOREIGN KEYs. */
static int
clone_to_partition(ddl_ctx *c, rt_table *part, const rt_table *parent)
{
	int n, rc;
	rt_object **v = table_objects(c, parent, RT_KIND_INDEX, &n);
	if (n)
		qsort(v, (size_t)n, sizeof *v, cmp_src_line);
	for (int i = 0; i < n; i++)
		if ((rc = clone_index(c, part, (rt_index *)v[i])))
			return rc;
	v = table_objects(c, parent, RT_KIND_CONSTRAINT, &n);
	for (int i = 0; i < n; i++)
		if (((rt_constraint *)v[i])->type == RT_CON_FOREIGN && (rc = clone_fk(c, part, (rt_constraint *)v[i])))
			return rc;
	return RT_OK;
}

/* ALTER TABLE parent ATTACH PARTITION t FOR VALUES ...: t must have the parent's columns (same
 * types, NOT NULL where the parent's are) and its CHECKs; all its columns and those CHECKs
 * become inherited only (attislocal and conislocal false on a partition), its equal indexes
 * are attached and the others cloned, as are the FOREIGN KEYs. */
static int
attach_partition(ddl_ctx *c, rt_table *parent, const PgQuery__PartitionCmd *pc)
{
	rt_table *t;
	rt_constraint **checks;
	int n, i;
	if (!pc || !pc->name || !pc->bound)
		return rt_ddl__errorf(c, RT_EPARSE, "invalid ATTACH PARTITION");
	if (!parent->partstrat)
		return rt_ddl__errorf(c, RT_EINVALID, "table \"%s\" is not partitioned", parent->obj.name);
	t = rt_ddl__find_table(c, pc->name->schemaname[0] ? pc->name->schemaname : NULL, pc->name->relname);
	if (!t)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", pc->name->relname);
	if (t->partbound)
		return rt_ddl__errorf(c, RT_EINVALID, "\"%s\" is already a partition", t->obj.name);
	if (t->nparents)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot attach inheritance child as partition");
	if (is_ancestor(c, parent, t))
		return rt_ddl__errorf(c, RT_EINVALID, "circular inheritance not allowed");
	for (i = 0; i < t->ncolumns; i++)
		if (!rt_ddl__find_column(parent, t->columns[i].name))
			return rt_ddl__errorf(c, RT_EINVALID, "table \"%s\" contains column \"%s\" not found in parent \"%s\"",
					      t->obj.name, t->columns[i].name, parent->obj.name);
	for (i = 0; i < parent->ncolumns; i++) {
		rt_column *col = rt_ddl__find_column(t, parent->columns[i].name);
		if (!col)
			return rt_ddl__errorf(c, RT_EINVALID, "child table is missing column \"%s\"", parent->columns[i].name);
		if (strcmp(col->type, parent->columns[i].type))
			return rt_ddl__errorf(c, RT_EINVALID, "child table \"%s\" has different type for column \"%s\"",
					      t->obj.name, col->name);
		if (parent->columns[i].not_null && !col->not_null)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" in child table must be marked NOT NULL", col->name);
	}
	checks = inheritable_checks(c, parent, &n);
	for (i = 0; i < n; i++) {
		rt_constraint *k = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name,
								  checks[i]->obj.name);
		if (!k || k->type != RT_CON_CHECK || !check_exprs_equal(k->expr, checks[i]->expr))
			return rt_ddl__errorf(c, RT_EINVALID, "child table is missing constraint \"%s\"", checks[i]->obj.name);
		k->inhcount++;
		k->not_local = true;
	}
	for (i = 0; i < t->ncolumns; i++) {
		t->columns[i].inhcount++;
		t->columns[i].not_local = true;
	}
	if ((i = bound_text(c, parent, pc->bound, &t->partbound)) || (i = add_parent(c, t, parent)))
		return i;
	return clone_to_partition(c, t, parent);
}

/* An index by RangeVar-style schema (may be NULL) and name, through search_path. */
static rt_index *
find_index(ddl_ctx *c, const char *schema, const char *name)
{
	for (int i = 0; i < (schema ? 1 : c->nsearch); i++) {
		ddl_name *e = rt_ddl__name_find(c->relnames, schema ? schema : c->search_path[i], name);
		if (e)
			return e->obj && e->obj->kind == RT_KIND_INDEX ? (rt_index *)e->obj : NULL;
	}
	return NULL;
}

/* ALTER INDEX parent ATTACH PARTITION child (pg_dump's spelling): the index of a partition of
 * parent's table, equal to it, becomes its partition, with its constraint when parent has one. */
static int
attach_index(ddl_ctx *c, const PgQuery__RangeVar *rv, const PgQuery__PartitionCmd *pc)
{
	rt_index *px = find_index(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname), *x;
	rt_table *pt, *t;
	rt_constraint *pk = NULL, *k = NULL;
	if (!px)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "index \"%s\" does not exist", rv->relname);
	if (!pc || !pc->name)
		return rt_ddl__errorf(c, RT_EPARSE, "invalid ATTACH PARTITION");
	x = find_index(c, pc->name->schemaname[0] ? pc->name->schemaname : NULL, pc->name->relname);
	if (!x)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "index \"%s\" does not exist", pc->name->relname);
	pt = rt_graph_find_table(c->g, px->obj.schema, px->obj.table);
	t = rt_graph_find_table(c->g, x->obj.schema, x->obj.table);
	if (!pt || !t || !t->partbound || !is_parent_of(t, pt))
		return rt_ddl__errorf(c, RT_EINVALID, "cannot attach index \"%s\" as a partition of index \"%s\"",
				      x->obj.name, px->obj.name);
	if (x->parent_index) {
		if (!strcmp(x->parent_index, px->obj.name))
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "index \"%s\" is already attached to another index", x->obj.name);
	}
	if (!index_matches(x, px))
		return rt_ddl__errorf(c, RT_EINVALID, "index \"%s\" does not match index \"%s\"", x->obj.name, px->obj.name);
	if (px->constraint)
		pk = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, px->obj.schema, px->obj.table, px->constraint);
	if (x->constraint)
		k = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, x->obj.schema, x->obj.table, x->constraint);
	if (pk && (!k || k->type != pk->type))
		return rt_ddl__errorf(c, RT_EINVALID, "constraint for index \"%s\" is missing", x->obj.name);
	if (pk) {
		k->inhcount = 1;
		k->not_local = true;
	}
	x->parent_index = px->obj.name;
	return note_server_name(c, t, x, px);
}

/* ALTER TABLE parent DETACH PARTITION t: everything t inherited becomes its own. */
static int
detach_partition(ddl_ctx *c, rt_table *parent, const PgQuery__PartitionCmd *pc)
{
	rt_table *t = pc && pc->name ? rt_ddl__find_table(c, pc->name->schemaname[0] ? pc->name->schemaname : NULL,
							  pc->name->relname) : NULL;
	rt_object **v;
	int n, i;
	if (!t)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist",
				      pc && pc->name ? pc->name->relname : "?");
	if (!t->partbound || !is_parent_of(t, parent))
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" is not a partition of relation \"%s\"",
				      t->obj.name, parent->obj.name);
	for (i = 0; i < t->ncolumns; i++) {
		t->columns[i].inhcount = 0;
		t->columns[i].not_local = false;
	}
	v = table_objects(c, t, RT_KIND_CONSTRAINT, &n);
	for (i = 0; i < n; i++) {
		rt_constraint *k = (rt_constraint *)v[i];
		if (k->inhcount) {
			k->inhcount = 0;
			k->not_local = false;
		}
	}
	v = table_objects(c, t, RT_KIND_INDEX, &n);
	for (i = 0; i < n; i++)
		((rt_index *)v[i])->parent_index = NULL;
	t->partbound = NULL;
	t->nparents = 0;
	return RT_OK;
}

/* CREATE TABLE ... PARTITION OF parent: every column of the parent, inherited only (column
 * options written for the partition do not make it local), with its NOT NULL and default. */
static int
partition_columns(ddl_ctx *c, rt_table *t, const PgQuery__CreateStmt *s, rt_table **parent_out)
{
	const PgQuery__RangeVar *rv = s->n_inh_relations == 1 &&
				      s->inh_relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR
				      ? s->inh_relations[0]->range_var : NULL;
	rt_table *p;
	int rc;
	if (!rv)
		return rt_ddl__errorf(c, RT_EPARSE, "invalid PARTITION OF");
	p = rt_ddl__find_table(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!p)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", rv->relname);
	if (!p->partstrat)
		return rt_ddl__errorf(c, RT_EINVALID, "table \"%s\" is not partitioned", p->obj.name);
	if (p->unlogged != t->unlogged)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot create a %s partition of %s relation \"%s\"",
				      t->unlogged ? "unlogged" : "permanent", p->unlogged ? "unlogged" : "permanent",
				      p->obj.name);
	for (int k = 0; k < p->ncolumns; k++) {
		const rt_column *pc = &p->columns[k];
		rt_column *col = add_column_slot(c, t);
		if (!col)
			return rt_error_nomem(c->err);
		col->name = pc->name;
		col->type = pc->type;
		col->collation = pc->collation;
		col->not_null = pc->not_null;
		col->default_expr = pc->identity ? NULL : pc->default_expr;
		col->generated = pc->generated;
		col->inhcount = 1;
		col->not_local = true;
	}
	for (size_t j = 0; j < s->n_table_elts; j++)
		if (s->table_elts[j]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
		    !rt_ddl__find_column(t, s->table_elts[j]->column_def->colname))
			return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" does not exist",
					      s->table_elts[j]->column_def->colname);
	if ((rc = bound_text(c, p, s->partbound, &t->partbound)) || (rc = add_parent(c, t, p)))
		return rc;
	for (int k = 0; k < p->obj.ndeps; k++)
		if (p->obj.deps[k]->kind == RT_KIND_SEQUENCE && (rc = rt_graph_add_dep(c->g, &t->obj, p->obj.deps[k], c->err)))
			return rc;
	*parent_out = p;
	return RT_OK;
}

/* o's dependencies other than the table it is on, again for its copy. */
static int
copy_deps(ddl_ctx *c, rt_object *copy, const rt_object *o, const rt_table *src)
{
	int rc;
	for (int i = 0; i < o->ndeps; i++)
		if (o->deps[i] != &src->obj && (rc = rt_graph_add_dep(c->g, copy, o->deps[i], c->err)))
			return rc;
	return RT_OK;
}

/* LIKE src INCLUDING CONSTRAINTS / INDEXES (expandTableLikeClause), once t and its own
 * constraints are made: src's CHECKs under their names, its indexes and index constraints named
 * for t as ChooseIndexName names them; their comments with INCLUDING COMMENTS.  (Columns,
 * defaults and statistics were copied with the columns: like_clause.) */
static int
like_expand(ddl_ctx *c, rt_table *t, const rt_table *src, unsigned options)
{
	bool comments = options & (1u << 0);
	rt_object **objs;
	int n, rc;
	/* CREATE_TABLE_LIKE_CONSTRAINTS = 1 << 2 */
	objs = (options & (1u << 2)) ? table_objects(c, src, RT_KIND_CONSTRAINT, &n) : NULL;
	for (int i = 0; objs && i < n; i++) {
		const rt_constraint *k = (const rt_constraint *)objs[i];
		rt_constraint *con;
		if (k->type != RT_CON_CHECK)
			continue;
		if (rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, k->obj.name))
			return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" for relation \"%s\" already exists",
					      k->obj.name, t->obj.name);
		if ((rc = copy_check(c, t, k, &con)) || (rc = copy_deps(c, &con->obj, &k->obj, src)))
			return rc;
		con->no_inherit = k->no_inherit;
		con->obj.comment = comments ? k->obj.comment : NULL;
	}
	/* CREATE_TABLE_LIKE_INDEXES = 1 << 6 */
	objs = (options & (1u << 6)) ? table_objects(c, src, RT_KIND_INDEX, &n) : NULL;
	for (int i = 0; objs && i < n; i++) {
		const rt_index *px = (const rt_index *)objs[i];
		const rt_constraint *pk = px->constraint ? (const rt_constraint *)rt_graph_find(
			c->g, RT_KIND_CONSTRAINT, px->obj.schema, px->obj.table, px->constraint) : NULL;
		rt_index *x;
		rt_constraint *con;
		const char *name;
		if (pk && pk->type == RT_CON_PRIMARY && rt_ddl__name_find(c->pkeys, t->obj.schema, t->obj.name))
			return rt_ddl__errorf(c, RT_EINVALID, "multiple primary keys for table \"%s\" are not allowed",
					      t->obj.name);
		if ((rc = clone_name(c, t, px, pk, NULL, &name)) || (rc = copy_index(c, t, px, pk, name, &x, &con)) ||
		    (rc = copy_deps(c, &x->obj, &px->obj, src)) ||
		    (con && (rc = copy_deps(c, &con->obj, &pk->obj, src))))
			return rc;
		x->obj.comment = comments && !pk ? px->obj.comment : NULL;
		if (con)
			con->obj.comment = comments ? pk->obj.comment : NULL;
	}
	return RT_OK;
}

int
rt_ddl__create_table(ddl_ctx *c, const PgQuery__CreateStmt *s, const char *renamed_from)
{
	const char *schema;
	rt_table *t;
	pend_list idx = {0}, fks = {0};
	const PgQuery__Constraint **checks = NULL;
	const char **checkcols = NULL, **checknames = NULL;
	rt_table **parents = NULL;
	int nchecks = 0, nchecknames = 0, nparents = 0, rc, i;
	size_t k;
	if (!s->relation)
		return rt_ddl__errorf(c, RT_EPARSE, "missing table name");
	if (s->relation->relpersistence[0] == 't')
		return rt_ddl__unsupported(c, "CREATE TEMPORARY TABLE");
	if (s->of_typename)
		return rt_ddl__unsupported(c, "CREATE TABLE ... OF type");
	schema = s->relation->schemaname[0] ? s->relation->schemaname : rt_ddl__creation_schema(c);
	if (!schema)
		return c->err->code;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	if (rt_ddl__name_used(c->relnames, schema, s->relation->relname)) {
		if (s->if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", s->relation->relname);
	}
	if (rt_ddl__find_type(c, schema, s->relation->relname))
		return rt_ddl__errorf(c, RT_EINVALID, "type \"%s\" already exists", s->relation->relname);
	if ((rc = rt_graph_add((rt_object **)&t, c->g, RT_KIND_TABLE, schema, NULL, s->relation->relname, c->err)))
		return rc;
	rt_ddl__set_src(c, &t->obj);
	t->obj.renamed_from = renamed_from;
	t->unlogged = s->relation->relpersistence[0] == 'u';
	if ((rc = rt_ddl__schema_dep(c, &t->obj)) ||
	    (rc = rt_ddl__reloptions(c, s->options, s->n_options, &t->reloptions, &t->nreloptions, false)))
		return rc;
	if (s->partbound) {
		if (!(parents = rt_arena_alloc(c->tmp, sizeof *parents)) ||
		    (rc = partition_columns(c, t, s, &parents[0])))
			return parents ? rc : rt_error_nomem(c->err);
		nparents = 1;
	} else if (s->n_inh_relations && (rc = inherit_columns(c, t, s, &parents, &nparents))) {
		return rc;
	}
	c->merging = nparents > 0;
	{
		int ndefs = 0;
		for (k = 0; k < s->n_table_elts; k++)
			ndefs += s->table_elts[k]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF;
		if ((rc = reserve_columns(c, t, ndefs)))
			return rc;
	}
	for (k = 0; k < s->n_table_elts; k++) {
		const PgQuery__Node *e = s->table_elts[k];
		switch (e->node_case) {
		case PG_QUERY__NODE__NODE_COLUMN_DEF:
			rc = column_def(c, t, e->column_def, rt_ddl__element_end(c, s->table_elts, s->n_table_elts, k),
					&idx, &fks, &checks, &checkcols, &nchecks);
			break;
		case PG_QUERY__NODE__NODE_CONSTRAINT: {
			const PgQuery__Constraint *kc = e->constraint;
			switch (kc->contype) {
			case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
				const PgQuery__Constraint **nk = rt_arena_alloc(c->tmp, sizeof *nk * ((size_t)nchecks + 1));
				const char **nc = rt_arena_alloc(c->tmp, sizeof *nc * ((size_t)nchecks + 1));
				if (!nk || !nc)
					return rt_error_nomem(c->err);
				if (nchecks) {
					memcpy(nk, checks, sizeof *nk * (size_t)nchecks);
					memcpy(nc, checkcols, sizeof *nc * (size_t)nchecks);
				}
				nk[nchecks] = kc;
				nc[nchecks] = NULL;
				checks = nk;
				checkcols = nc;
				nchecks++;
				break;
			}
			case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
			case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
				rc = pend_push(c, &idx, kc, NULL);
				break;
			case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
				rc = pend_push(c, &fks, kc, NULL);
				break;
			default:
				rc = rt_ddl__errorf(c, RT_EUNSUPPORTED, "unsupported table constraint");
			}
			break;
		}
		case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE:
			rc = like_clause(c, t, e->table_like_clause);
			break;
		default:
			rc = rt_ddl__errorf(c, RT_EUNSUPPORTED, "unsupported CREATE TABLE element");
		}
		if (rc) {
			c->merging = false;
			return rc;
		}
	}
	c->merging = false;
	if (s->partbound) {
		/* a partition's columns stay inherited only, options written or not */
		for (i = 0; i < t->ncolumns; i++)
			t->columns[i].not_local = true;
	} else if (nparents && (rc = inherited_defaults_agree(c, t, parents, nparents, s))) {
		return rc;
	}
	if (s->partspec && (rc = partition_key(c, t, s->partspec)))
		return rc;
	if ((rc = rt_ddl__name_add(c, &c->relnames, schema, t->obj.name)))
		return rc;
	rt_ddl__name_find(c->relnames, schema, t->obj.name)->obj = &t->obj;
	/* the parents' CHECKs first: the table's own unnamed ones are named around them, and one
	 * of its own with an inherited name merges with it */
	for (i = 0; i < nparents && !rc; i++) {
		int n, j;
		rt_constraint **inh = inheritable_checks(c, parents[i], &n);
		for (j = 0; j < n && !rc; j++) {
			rt_constraint tmp = *inh[j];
			tmp.not_valid = false;
			rc = inherit_check(c, t, &tmp);
		}
	}
	/* the server marks constraints written inside CREATE TABLE valid, NOT VALID or not */
	c->in_create_table = true;
	for (i = 0; i < nchecks && !rc; i++)
		rc = add_check(c, t, checks[i], &checknames, &nchecknames);
	/* DefineRelation clones the partitioned table's indexes and FOREIGN KEYs before the
	 * table's own index constraints are made */
	if (!rc && s->partbound)
		rc = clone_to_partition(c, t, parents[0]);
	if (!rc)
		rc = create_index_constraints(c, t, &idx);
	for (k = 0; k < s->n_table_elts && !rc; k++) {
		const PgQuery__TableLikeClause *lk = s->table_elts[k]->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE
							     ? s->table_elts[k]->table_like_clause : NULL;
		const rt_table *src = lk && lk->relation ? rt_ddl__find_table(c, lk->relation->schemaname[0]
									       ? lk->relation->schemaname : NULL,
								       lk->relation->relname) : NULL;
		if (src)
			rc = like_expand(c, t, src, lk->options);
	}
	for (i = 0; i < fks.n && !rc; i++)
		rc = foreign_key(c, t, &fks.v[i]);
	c->in_create_table = false;
	return rc;
}

/* ---- dropping ---- */

/* x renamed `to`, or dropped (NULL): its table's REPLICA IDENTITY USING INDEX follows (a dropped
 * index leaves 'i' with no index, as the catalog keeps it). */
static void
replident_follow(ddl_ctx *c, const rt_index *x, const char *to)
{
	rt_table *t = rt_graph_find_table(c->g, x->obj.schema, x->obj.table);
	if (t && t->replident_index && !strcmp(t->replident_index, x->obj.name))
		t->replident_index = to;
}

void
rt_ddl__drop_index(ddl_ctx *c, rt_index *x)
{
	rt_object **all;
	int n;
	replident_follow(c, x, NULL);
	rt_ddl__name_del(&c->relnames, x->obj.schema, x->obj.name);
	rt_graph_remove(c->g, &x->obj);
	/* the indexes of the partitions attached to it go with it (and their constraints) */
	while ((n = rt_graph_sorted(&all, c->g, NULL)) > 0) {
		rt_index *kid = NULL;
		for (int i = 0; i < n && !kid; i++)
			if (all[i]->kind == RT_KIND_INDEX && ((rt_index *)all[i])->parent_index &&
			    !strcmp(all[i]->schema, x->obj.schema) && !strcmp(((rt_index *)all[i])->parent_index, x->obj.name))
				kid = (rt_index *)all[i];
		if (!kid)
			break;
		kid->parent_index = NULL;
		if (kid->constraint && rt_graph_find(c->g, RT_KIND_CONSTRAINT, kid->obj.schema, kid->obj.table, kid->constraint))
			rt_ddl__drop_constraint(c, (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, kid->obj.schema,
										  kid->obj.table, kid->constraint));
		else
			rt_ddl__drop_index(c, kid);
	}
}

void
rt_ddl__drop_constraint(ddl_ctx *c, rt_constraint *k)
{
	rt_object *x = rt_graph_find(c->g, RT_KIND_INDEX, k->obj.schema, k->obj.table, k->obj.name);
	if (x && ((rt_index *)x)->constraint)
		rt_ddl__drop_index(c, (rt_index *)x);
	rt_ddl__name_del(&c->connames, k->obj.schema, k->obj.name);
	rt_graph_remove(c->g, &k->obj);
	if (k->type == RT_CON_FOREIGN) {
		/* the partitions' clones go with it */
		rt_table *t = rt_graph_find_table(c->g, k->obj.schema, k->obj.table);
		rt_table **parts;
		int n;
		if (!t || !t->partstrat)
			return;
		parts = partitions_of(c, t, &n);
		for (int i = 0; i < n; i++) {
			rt_constraint *kid = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, parts[i]->obj.schema,
									     parts[i]->obj.name, k->obj.name);
			if (kid && kid->type == RT_CON_FOREIGN && kid->not_local)
				rt_ddl__drop_constraint(c, kid);
		}
	}
}

/* Objects on table t, copied out of the graph's sorted array (dropping changes it). */
static rt_object **
table_parts(ddl_ctx *c, rt_table *t, int *n)
{
	rt_object **all, **out;
	int cnt = rt_graph_sorted(&all, c->g, NULL), i;
	*n = 0;
	out = rt_arena_alloc(c->tmp, sizeof *out * ((size_t)cnt + 1));
	if (!out)
		return NULL;
	for (i = 0; i < cnt; i++) {
		rt_object *o = all[i];
		if ((o->kind == RT_KIND_INDEX || o->kind == RT_KIND_CONSTRAINT || o->kind == RT_KIND_POLICY) && o->table &&
		    !strcmp(o->schema, t->obj.schema) && !strcmp(o->table, t->obj.name))
			out[(*n)++] = o;
		else if (o->kind == RT_KIND_SEQUENCE && ((rt_sequence *)o)->owned_table &&
			 !strcmp(((rt_sequence *)o)->owned_schema, t->obj.schema) &&
			 !strcmp(((rt_sequence *)o)->owned_table, t->obj.name))
			out[(*n)++] = o;
	}
	return out;
}

void
rt_ddl__drop_table_parts(ddl_ctx *c, rt_table *t)
{
	int n, i;
	rt_object **parts = table_parts(c, t, &n);
	for (i = 0; parts && i < n; i++) {
		rt_object *o = parts[i];
		if (rt_graph_find(c->g, o->kind, o->schema, o->table, o->name) != o)
			continue;
		if (o->kind == RT_KIND_CONSTRAINT)
			rt_ddl__drop_constraint(c, (rt_constraint *)o);
		else if (o->kind == RT_KIND_INDEX)
			rt_ddl__drop_index(c, (rt_index *)o);
		else if (o->kind == RT_KIND_POLICY)
			rt_graph_remove(c->g, o);
		else {
			rt_ddl__name_del(&c->relnames, o->schema, o->name);
			rt_graph_remove(c->g, o);
		}
	}
	for (i = 0; i < t->ncolumns; i++)
		if (t->columns[i].identity_seq)
			rt_ddl__name_del(&c->relnames, t->obj.schema, t->columns[i].identity_seq);
	rt_ddl__drop_rel_statistics(c, &t->obj, NULL);
}

static int
drop_column(ddl_ctx *c, rt_table *t, const char *name, bool missing_ok)
{
	rt_column *col = rt_ddl__find_column(t, name);
	int n, i, k;
	rt_object **parts;
	if (!col) {
		if (missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
				      name, t->obj.name);
	}
	parts = table_parts(c, t, &n);
	for (i = 0; parts && i < n; i++) {
		rt_object *o = parts[i];
		bool uses = false;
		if (rt_graph_find(c->g, o->kind, o->schema, o->table, o->name) != o)
			continue;
		if (o->kind == RT_KIND_CONSTRAINT) {
			rt_constraint *kc = (rt_constraint *)o;
			for (k = 0; k < kc->ncolumns; k++)
				uses |= !strcmp(kc->columns[k], name);
			for (k = 0; k < kc->ninclude; k++)
				uses |= !strcmp(kc->include[k], name);
			uses |= kc->type == 'c' && text_refs_column(c, kc->expr, name);
			if (uses)
				rt_ddl__drop_constraint(c, kc);
		} else if (o->kind == RT_KIND_INDEX) {
			rt_index *x = (rt_index *)o;
			for (k = 0; k < x->nkeys; k++)
				uses |= (x->keys[k].column && !strcmp(x->keys[k].column, name)) ||
					text_refs_column(c, x->keys[k].expr, name);
			for (k = 0; k < x->ninclude; k++)
				uses |= !strcmp(x->include[k], name);
			uses |= text_refs_column(c, x->predicate, name);
			if (uses) {
				rt_object *kc = x->constraint ? rt_graph_find(c->g, RT_KIND_CONSTRAINT, o->schema, o->table,
									   x->constraint) : NULL;
				if (kc)
					rt_ddl__drop_constraint(c, (rt_constraint *)kc);
				else
					rt_ddl__drop_index(c, x);
			}
		} else if (o->kind == RT_KIND_SEQUENCE && ((rt_sequence *)o)->owned_column &&
			   !strcmp(((rt_sequence *)o)->owned_column, name)) {
			rt_ddl__name_del(&c->relnames, o->schema, o->name);
			rt_graph_remove(c->g, o);
		}
	}
	if (col->identity_seq)
		rt_ddl__name_del(&c->relnames, t->obj.schema, col->identity_seq);
	rt_ddl__drop_rel_statistics(c, &t->obj, name);
	i = (int)(col - t->columns);
	memmove(&t->columns[i], &t->columns[i + 1], sizeof *col * (size_t)(t->ncolumns - i - 1));
	t->ncolumns--;
	for (i = 0; i < t->ncolumns; i++)
		t->columns[i].attnum = i + 1;
	return RT_OK;
}

/* ---- ALTER TABLE ---- */

static PgQuery__Node **
string_nodes(ddl_ctx *c, const char *const *names, int n)
{
	PgQuery__Node **v = rt_arena_alloc(c->stmt, sizeof *v * ((size_t)n + 1));
	int i;
	for (i = 0; v && i < n; i++) {
		PgQuery__String *s = rt_arena_alloc(c->stmt, sizeof *s);
		if (!s || !(v[i] = rt_norm__node(c->stmt)))
			return NULL;
		pg_query__string__init(s);
		s->sval = (char *)names[i];
		v[i]->node_case = PG_QUERY__NODE__NODE_STRING;
		v[i]->string = s;
	}
	return v;
}

/* ATExecAddIndexConstraint: ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE USING INDEX idx adopts
 * a unique index of the table (plain columns, no predicate, default ordering) as the
 * constraint's index, renamed to the constraint's name; without a name the constraint takes
 * the index's.  Its columns, INCLUDE columns, operator classes and storage options stay. */
static int
constraint_using_index(ddl_ctx *c, rt_table *t, const PgQuery__Constraint *k)
{
	ddl_name *e = rt_ddl__name_find(c->relnames, t->obj.schema, k->indexname);
	rt_index *ix = e && e->obj && e->obj->kind == RT_KIND_INDEX ? (rt_index *)e->obj : NULL, *nx;
	PgQuery__Constraint copy = *k;
	pend_list l = {0};
	const char **cols;
	int rc, i;
	if (!ix || !ix->obj.table || strcmp(ix->obj.table, t->obj.name))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "index \"%s\" for table \"%s\" does not exist", k->indexname,
				      t->obj.name);
	if (ix->constraint)
		return rt_ddl__errorf(c, RT_EINVALID, "index \"%s\" is already associated with a constraint",
				      ix->obj.name);
	if (!ix->unique)
		return rt_ddl__errorf(c, RT_EINVALID, "\"%s\" is not a unique index", ix->obj.name);
	if (ix->predicate)
		return rt_ddl__errorf(c, RT_EINVALID, "index \"%s\" is a partial index", ix->obj.name);
	if (!(cols = rt_arena_alloc(c->stmt, sizeof *cols * ((size_t)ix->nkeys + 1))))
		return rt_error_nomem(c->err);
	for (i = 0; i < ix->nkeys; i++) {
		if (!ix->keys[i].column)
			return rt_ddl__errorf(c, RT_EINVALID, "index \"%s\" contains expressions", ix->obj.name);
		if (ix->keys[i].desc || ix->keys[i].nulls_first)
			return rt_ddl__errorf(c, RT_EINVALID, "index \"%s\" does not have default sorting behavior",
					      ix->obj.name);
		cols[i] = ix->keys[i].column;
	}
	copy.indexname = (char *)"";
	if (!copy.conname || !copy.conname[0])
		copy.conname = (char *)ix->obj.name;
	copy.conname = rt_arena_strdup(c->stmt, copy.conname);
	copy.keys = string_nodes(c, cols, ix->nkeys);
	copy.n_keys = (size_t)ix->nkeys;
	copy.including = string_nodes(c, ix->include, ix->ninclude);
	copy.n_including = (size_t)ix->ninclude;
	copy.n_options = 0;
	copy.options = NULL;
	if (!copy.conname || !copy.keys || !copy.including)
		return rt_error_nomem(c->err);
	rt_ddl__drop_index(c, ix);
	if ((rc = pend_push(c, &l, &copy, NULL)) || (rc = index_constraint(c, t, &l.v[0])))
		return rc;
	nx = (rt_index *)rt_graph_find(c->g, RT_KIND_INDEX, t->obj.schema, t->obj.name, copy.conname);
	if (nx) {
		rt_constraint *con = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema,
								     t->obj.name, copy.conname);
		for (i = 0; i < ix->nkeys && i < nx->nkeys; i++) {
			nx->keys[i].opclass = ix->keys[i].opclass;
			nx->keys[i].collation = ix->keys[i].collation;
		}
		nx->reloptions = ix->reloptions;
		nx->nreloptions = ix->nreloptions;
		if (!nx->obj.comment)
			nx->obj.comment = ix->obj.comment;
		if (con) {
			con->reloptions = ix->reloptions;
			con->nreloptions = ix->nreloptions;
		}
	}
	return RT_OK;
}

static int
add_constraint(ddl_ctx *c, rt_table *t, const PgQuery__Constraint *k)
{
	pend_list l = {0};
	int rc;
	switch (k->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		return add_check(c, t, k, NULL, NULL);
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		if (k->indexname && k->indexname[0])
			return constraint_using_index(c, t, k);
		if ((rc = pend_push(c, &l, k, NULL)))
			return rc;
		return index_constraint(c, t, &l.v[0]);
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		if ((rc = pend_push(c, &l, k, NULL)))
			return rc;
		return foreign_key(c, t, &l.v[0]);
	default:
		return rt_ddl__errorf(c, RT_EUNSUPPORTED, "unsupported ALTER TABLE ADD constraint");
	}
}

static int
reloptions_change(ddl_ctx *c, rt_table *t, const PgQuery__Node *def, bool reset)
{
	const char **add = NULL, **out;
	int nadd = 0, i, j, n = 0, rc;
	size_t k;
	if (!def || def->node_case != PG_QUERY__NODE__NODE_LIST)
		return RT_OK;
	if (!reset && (rc = rt_ddl__reloptions(c, def->list->items, def->list->n_items, &add, &nadd, false)))
		return rc;
	out = rt_graph_alloc(c->g, sizeof *out * ((size_t)t->nreloptions + (size_t)nadd + 1));
	if (!out)
		return rt_error_nomem(c->err);
	for (i = 0; i < t->nreloptions; i++) {
		const char *eq = strchr(t->reloptions[i], '=');
		size_t klen = eq ? (size_t)(eq - t->reloptions[i]) : strlen(t->reloptions[i]);
		bool replaced = false;
		for (k = 0; k < def->list->n_items; k++) {
			const PgQuery__DefElem *d = def->list->items[k]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM
						    ? def->list->items[k]->def_elem : NULL;
			if (d && strlen(d->defname) == klen && !strncmp(d->defname, t->reloptions[i], klen))
				replaced = true;
		}
		if (!replaced)
			out[n++] = t->reloptions[i];
	}
	/* transformRelOptions: untouched old options first, then the new ones in order */
	for (j = 0; j < nadd; j++)
		out[n++] = add[j];
	t->reloptions = out;
	t->nreloptions = n;
	return RT_OK;
}

/* ---- the cluster mark ---- */

/* mark_index_clustered(): at most one index of a relation carries indisclustered; marking
 * one clears the others, NULL clears them all (SET WITHOUT CLUSTER).  The index must be the
 * relation's own ("index \"i\" for table \"t\" does not exist" otherwise). */
static int
set_cluster(ddl_ctx *c, rt_object *rel, const char *idxname)
{
	ddl_name *prev = rt_ddl__name_find(c->clusters, rel->schema, rel->name);
	rt_index *x = NULL;
	int rc;
	if (idxname) {
		ddl_name *e = rt_ddl__name_find(c->relnames, rel->schema, idxname);
		if (!e || !e->obj || e->obj->kind != RT_KIND_INDEX || !e->obj->table ||
		    strcmp(e->obj->table, rel->name))
			return rt_ddl__errorf(c, RT_ENOTFOUND, "index \"%s\" for table \"%s\" does not exist",
					      idxname, rel->name);
		x = (rt_index *)e->obj;
	}
	/* the previous mark may sit on an index dropped since: clearing it is harmless */
	if (prev && prev->obj)
		((rt_index *)prev->obj)->clustered = false;
	if (!x) {
		rt_ddl__name_del(&c->clusters, rel->schema, rel->name);
		return RT_OK;
	}
	if (!prev) {
		if ((rc = rt_ddl__name_add(c, &c->clusters, rel->schema, rel->name)))
			return rc;
		prev = rt_ddl__name_find(c->clusters, rel->schema, rel->name);
	}
	prev->obj = &x->obj;
	x->clustered = true;
	return RT_OK;
}

/* The index the relation is clustered on, or NULL. */
static rt_index *
cluster_index(ddl_ctx *c, rt_object *rel)
{
	ddl_name *prev = rt_ddl__name_find(c->clusters, rel->schema, rel->name);
	rt_index *x = prev && prev->obj ? (rt_index *)prev->obj : NULL;
	/* still the same live index of this relation (not one dropped since) */
	if (!x || !x->clustered ||
	    rt_graph_find(c->g, RT_KIND_INDEX, rel->schema, rel->name, x->obj.name) != &x->obj)
		return NULL;
	return x;
}

int
rt_ddl__cluster(ddl_ctx *c, const PgQuery__ClusterStmt *s)
{
	rt_object *rel;
	if (!s->relation)
		return RT_OK; /* CLUSTER alone reorders every marked table: no change to the schema */
	rel = rt_ddl__find_relation(c, s->relation->schemaname[0] ? s->relation->schemaname : NULL,
				    s->relation->relname);
	if (!rel || (rel->kind != RT_KIND_TABLE && rel->kind != RT_KIND_MATVIEW))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", s->relation->relname);
	if (s->indexname && s->indexname[0])
		return set_cluster(c, rel, s->indexname);
	if (!cluster_index(c, rel))
		return rt_ddl__errorf(c, RT_EINVALID, "there is no previously clustered index for table \"%s\"",
				      rel->name);
	return RT_OK;
}

/* ALTER COLUMN ... SET STATISTICS n: -1 resets, above 10000 is lowered to 10000 (the server
 * warns and does the same), below -1 is an error. */
static int
set_stattarget(ddl_ctx *c, rt_column *col, const PgQuery__AlterTableCmd *cmd)
{
	char buf[16];
	int n;
	if (!col)
		return rt_ddl__errorf(c, RT_EUNSUPPORTED,
				      "SET STATISTICS by column number is for indexes only");
	if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_INTEGER)
		return rt_ddl__errorf(c, RT_EPARSE, "invalid SET STATISTICS");
	n = cmd->def->integer->ival;
	if (n < -1)
		return rt_ddl__errorf(c, RT_EINVALID, "statistics target %d is too low", n);
	if (n == -1) {
		col->stattarget = NULL;
		return RT_OK;
	}
	snprintf(buf, sizeof buf, "%d", n > 10000 ? 10000 : n);
	col->stattarget = rt_graph_strdup(c->g, buf);
	return col->stattarget ? RT_OK : rt_error_nomem(c->err);
}

static int alter_cmd(ddl_ctx *c, rt_table *t, const PgQuery__AlterTableCmd *cmd, int end, bool recurse,
		     bool recursing);

/* A CHECK just added to t reaches its children unless NO INHERIT; with ONLY and children it is
 * an error, as on the server. */
static int
check_to_children(ddl_ctx *c, rt_table *t, const PgQuery__Constraint *k, bool recurse)
{
	int n, i, rc;
	rt_table **kids;
	rt_constraint *con;
	if (k->is_no_inherit || !c->ninherits || !(kids = children_of(c, t, &n)) || !n)
		return RT_OK;
	if (!recurse)
		return rt_ddl__errorf(c, RT_EINVALID, "constraint must be added to child tables too");
	con = c->last_check;   /* the CHECK add_check just made */
	if (!con)
		return RT_OK;
	for (i = 0; i < n; i++)
		if ((rc = inherit_check(c, kids[i], con)))
			return rc;
	return RT_OK;
}

/* ATSimpleRecursion: the same subcommand on every descendant (children first found, then
 * theirs, as the server queues them). */
static int
recurse_cmd(ddl_ctx *c, rt_table *t, const PgQuery__AlterTableCmd *cmd)
{
	int n, i, rc;
	rt_table **kids = children_of(c, t, &n);
	for (i = 0; i < n; i++)
		if ((rc = alter_cmd(c, kids[i], cmd, -1, true, true)))
			return rc;
	return RT_OK;
}

/* ADD COLUMN recursing (ATExecAddColumn on the children): a child with a column of that name
 * merges it (same type required), others get a copy, not local; then their own children. */
static int
add_column_to_children(ddl_ctx *c, rt_table *t, const rt_column *col)
{
	int n, i, rc;
	rt_table **kids = children_of(c, t, &n);
	for (i = 0; i < n; i++) {
		rt_column *cc = rt_ddl__find_column(kids[i], col->name);
		if (cc) {
			if (strcmp(cc->type, col->type))
				return rt_ddl__errorf(c, RT_EINVALID, "child table \"%s\" has different type for column \"%s\"",
						      kids[i]->obj.name, col->name);
			cc->inhcount++;
			continue;
		}
		if (!(cc = add_column_slot(c, kids[i])))
			return rt_error_nomem(c->err);
		cc->name = col->name;
		cc->type = col->type;
		cc->collation = col->collation;
		cc->not_null = col->not_null;
		cc->default_expr = col->identity ? NULL : col->default_expr;
		cc->generated = col->generated;
		cc->inhcount = 1;
		cc->not_local = true;
		if ((rc = add_column_to_children(c, kids[i], cc)))
			return rc;
	}
	return RT_OK;
}

static int drop_column(ddl_ctx *c, rt_table *t, const char *name, bool missing_ok);

/* DROP COLUMN on the children (ATExecDropColumn): recursing, a child column that came only
 * from here and is not its own goes too (and so on down), others count one parent less;
 * with ONLY, the children's columns become their own. */
static int
drop_column_in_children(ddl_ctx *c, rt_table *t, const char *name, bool recurse)
{
	int n, i, rc;
	rt_table **kids = children_of(c, t, &n);
	for (i = 0; i < n; i++) {
		rt_column *cc = rt_ddl__find_column(kids[i], name);
		if (!cc || !cc->inhcount)
			continue;
		if (recurse && cc->inhcount == 1 && cc->not_local) {
			if ((rc = drop_column_in_children(c, kids[i], name, true)) ||
			    (rc = drop_column(c, kids[i], name, false)))
				return rc;
			continue;
		}
		cc->inhcount--;
		if (!recurse)
			cc->not_local = false;
	}
	return RT_OK;
}

/* DROP CONSTRAINT on the children: the same rules as columns. */
static int
drop_check_in_children(ddl_ctx *c, rt_table *t, const char *name, bool recurse)
{
	int n, i, rc;
	rt_table **kids = children_of(c, t, &n);
	for (i = 0; i < n; i++) {
		rt_constraint *k = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, kids[i]->obj.schema,
								  kids[i]->obj.name, name);
		if (!k || !k->inhcount)
			continue;
		if (recurse && k->inhcount == 1 && k->not_local) {
			if ((rc = drop_check_in_children(c, kids[i], name, true)))
				return rc;
			rt_ddl__drop_constraint(c, k);
			continue;
		}
		k->inhcount--;
		if (!recurse)
			k->not_local = false;
	}
	return RT_OK;
}

/* NOT NULL may not be dropped from a column a parent holds NOT NULL. */
static bool
parent_not_null(ddl_ctx *c, const rt_table *t, const char *name)
{
	for (int i = 0; i < t->nparents; i++) {
		rt_table *p = rt_graph_find_table(c->g, t->parents[i].schema, t->parents[i].name);
		rt_column *pc = p ? rt_ddl__find_column(p, name) : NULL;
		if (pc && pc->not_null)
			return true;
	}
	return false;
}

/* ALTER TABLE ... REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX i (an index of the
 * table; the server's further checks on it, unique and not partial, are not repeated). */
static int
replica_identity(ddl_ctx *c, rt_table *t, const PgQuery__Node *def)
{
	const PgQuery__ReplicaIdentityStmt *r =
		def && def->node_case == PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT ? def->replica_identity_stmt : NULL;
	char kind = r && r->identity_type ? r->identity_type[0] : 0;
	if (!kind)
		return rt_ddl__errorf(c, RT_EPARSE, "invalid REPLICA IDENTITY");
	t->replident = kind == 'd' ? 0 : kind;
	t->replident_index = NULL;
	if (kind == 'i') {
		rt_object *x = r->name ? rt_graph_find(c->g, RT_KIND_INDEX, t->obj.schema, t->obj.name, r->name) : NULL;
		if (!x)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "index \"%s\" for table \"%s\" does not exist",
					      r->name ? r->name : "?", t->obj.name);
		t->replident_index = x->name;
	}
	return RT_OK;
}

bool
rt_ddl__trigger_state_cmd(const PgQuery__AlterTableCmd *cmd)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		return true;
	default:
		return false;
	}
}

/* `end`: where the subcommand's text ends for annotations (rt_ddl__element_end). */
static int
alter_cmd(ddl_ctx *c, rt_table *t, const PgQuery__AlterTableCmd *cmd, int end, bool recurse, bool recursing)
{
	rt_column *col = NULL;
	rt_constraint *kc;
	int rc;
	/* a trigger's state: the statement is replayed with the triggers, and pg_trigger.tgenabled
	 * read back (ALL would reach the foreign keys' internal triggers, which are not modelled) */
	if (rt_ddl__trigger_state_cmd(cmd))
		return c->opts->offline ? rt_ddl__unsupported(c, "ALTER TABLE ... ENABLE/DISABLE TRIGGER (offline)") : RT_OK;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
		return rt_ddl__unsupported(c, "ALTER TABLE ... ENABLE/DISABLE TRIGGER ALL");
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
		return rt_ddl__unsupported(c, "ALTER TABLE ... ENABLE/DISABLE RULE");
	default:
		break;
	}
	if (cmd->name && cmd->name[0] && cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint &&
	    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint &&
	    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn &&
	    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn &&
	    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit &&
	    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit) {
		col = rt_ddl__find_column(t, cmd->name);
		if (!col)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
					      cmd->name, t->obj.name);
	}
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
		pend_list idx = {0}, fks = {0};
		const PgQuery__Constraint **checks = NULL;
		const char **checkcols = NULL;
		int nchecks = 0, i;
		if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid ADD COLUMN");
		if (cmd->missing_ok && rt_ddl__find_column(t, cmd->def->column_def->colname))
			return RT_OK;
		if ((rc = column_def(c, t, cmd->def->column_def, end, &idx, &fks, &checks, &checkcols, &nchecks)))
			return rc;
		if (c->ninherits) {
			int nkids;
			children_of(c, t, &nkids);
			if (nkids && !recurse)
				return rt_ddl__errorf(c, RT_EINVALID, "column must be added to child tables too");
			if (nkids && (rc = add_column_to_children(c, t, &t->columns[t->ncolumns - 1])))
				return rc;
		}
		for (i = 0; i < nchecks; i++)
			if ((rc = add_check(c, t, checks[i], NULL, NULL)) || (rc = check_to_children(c, t, checks[i], recurse)))
				return rc;
		if ((rc = create_index_constraints(c, t, &idx)))
			return rc;
		for (i = 0; i < fks.n; i++)
			if ((rc = foreign_key(c, t, &fks.v[i])))
				return rc;
		return RT_OK;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		if (col->generated)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" is a generated column", col->name);
		if ((rc = set_default(c, t, col, cmd->def)))
			return rc;
		return recurse ? recurse_cmd(c, t, cmd) : RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		if (col->inhcount && parent_not_null(c, t, col->name))
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" is marked NOT NULL in parent table", col->name);
		col->not_null = false;
		return recurse ? recurse_cmd(c, t, cmd) : RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		col->not_null = true;
		return recurse ? recurse_cmd(c, t, cmd) : RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
		col->generated = 0;
		col->default_expr = NULL;
		return RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		col = rt_ddl__find_column(t, cmd->name);
		if (col && col->inhcount && !recursing)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot drop inherited column \"%s\"", col->name);
		if (col && (rc = drop_column_in_children(c, t, col->name, recurse)))
			return rc;
		return drop_column(c, t, cmd->name, cmd->missing_ok);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid ADD CONSTRAINT");
		c->only = !recurse;
		rc = add_constraint(c, t, cmd->def->constraint);
		c->only = false;
		if (rc)
			return rc;
		return cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK
		       ? check_to_children(c, t, cmd->def->constraint, recurse) : RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
		return attach_partition(c, t, cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD
					      ? cmd->def->partition_cmd : NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
		return detach_partition(c, t, cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD
					      ? cmd->def->partition_cmd : NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
		return inherit_link(c, t, cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR
					   ? cmd->def->range_var : NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
		return no_inherit_link(c, t, cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR
					      ? cmd->def->range_var : NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		kc = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, cmd->name);
		if (!kc) {
			if (cmd->missing_ok)
				return RT_OK;
			return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" of relation \"%s\" does not exist",
					      cmd->name, t->obj.name);
		}
		if (kc->inhcount && !recursing)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot drop inherited constraint \"%s\" of relation \"%s\"",
					      kc->obj.name, t->obj.name);
		if (kc->type == RT_CON_CHECK && (rc = drop_check_in_children(c, t, kc->obj.name, recurse)))
			return rc;
		rt_ddl__drop_constraint(c, kc);
		return RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
		kc = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, cmd->name);
		if (!kc)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" of relation \"%s\" does not exist",
					      cmd->name, t->obj.name);
		kc->not_valid = false;
		return RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: {
		const PgQuery__Constraint *k = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
					       ? cmd->def->constraint : NULL;
		if (!k)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid ALTER CONSTRAINT");
		kc = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, k->conname);
		if (!kc)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" of relation \"%s\" does not exist",
					      k->conname, t->obj.name);
		kc->deferrable = k->deferrable;
		kc->deferred = k->initdeferred;
		return RT_OK;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
		const PgQuery__ColumnDef *cd = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
					       ? cmd->def->column_def : NULL;
		rt_object *dep = NULL;
		if (!cd)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid ALTER COLUMN TYPE");
		if (col->inhcount && !recursing)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot alter inherited column \"%s\"", col->name);
		if ((rc = rt_ddl__format_type(c, cd->type_name, &col->type, &dep)))
			return rc;
		col->collation = cd->coll_clause ? rt_ddl__collation(c, cd->coll_clause->collname,
								      cd->coll_clause->n_collname, &t->obj) : NULL;
		if (dep && (rc = rt_graph_add_dep(c->g, &t->obj, dep, c->err)))
			return rc;
		if (c->ninherits) {
			int nkids;
			children_of(c, t, &nkids);
			if (nkids && !recurse)
				return rt_ddl__errorf(c, RT_EINVALID, "type of inherited column \"%s\" must be changed in child tables too",
						      col->name);
			return recurse_cmd(c, t, cmd);
		}
		return RT_OK;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: {
		const PgQuery__Constraint *k = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
					       ? cmd->def->constraint : NULL;
		if (!k)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid ADD GENERATED");
		if (col->default_expr)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" of relation \"%s\" already has a default value",
					      col->name, t->obj.name);
		return make_identity(c, t, col, k, k->options, k->n_options,
				     k->generated_when && k->generated_when[0] == 'd' ? 'd' : 'a');
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: {
		size_t i;
		PgQuery__Node **opts;
		size_t n;
		if (!col->identity)
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" of relation \"%s\" is not an identity column",
					      col->name, t->obj.name);
		if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_LIST)
			return RT_OK;
		opts = cmd->def->list->items;
		n = cmd->def->list->n_items;
		for (i = 0; i < n; i++) {
			const PgQuery__DefElem *d = opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? opts[i]->def_elem : NULL;
			if (d && !strcmp(d->defname, "generated") && d->arg &&
			    d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
				col->identity = d->arg->integer->ival == 'd' ? 'd' : 'a';
		}
		{
			/* the remaining options are sequence options */
			PgQuery__Node **seqopts = rt_arena_alloc(c->tmp, sizeof *seqopts * (n + 1));
			size_t m = 0;
			if (!seqopts)
				return rt_error_nomem(c->err);
			for (i = 0; i < n; i++)
				if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
				    strcmp(opts[i]->def_elem->defname, "generated"))
					seqopts[m++] = opts[i];
			rt_seqopts *io = rt_ddl__identity_opts(c, col);
			return io ? rt_ddl__seqopts_apply(c, io, seqopts, m, false, NULL, NULL, NULL) : c->err->code;
		}
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
		if (!col->identity) {
			if (cmd->missing_ok)
				return RT_OK;
			return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" of relation \"%s\" is not an identity column",
					      col->name, t->obj.name);
		}
		rt_ddl__name_del(&c->relnames, t->obj.schema, col->identity_seq);
		col->identity = 0;
		col->identity_seq = NULL;
		col->identity_opts = NULL;
		return RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		return reloptions_change(c, t, cmd->def, cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
		return set_cluster(c, &t->obj, cmd->name);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		return set_cluster(c, &t->obj, NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		return set_logged(c, t, cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
		t->row_security = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity;
		return RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
		t->force_row_security = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity;
		return RT_OK;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
		return set_stattarget(c, col, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
		return RT_OK; /* physical or ownership details the graph does not model */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
		return replica_identity(c, t, cmd->def);
	default:
		return rt_ddl__unsupported(c, "ALTER TABLE (this subcommand)");
	}
}

int
rt_ddl__alter_table(ddl_ctx *c, const PgQuery__AlterTableStmt *s)
{
	rt_object *o;
	size_t i;
	int rc;
	if (!s->relation)
		return rt_ddl__errorf(c, RT_EPARSE, "missing relation name");
	/* a trigger's state is replayed: its statement holds nothing else */
	for (i = 0; s->n_cmds > 1 && i < s->n_cmds; i++)
		if (s->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    rt_ddl__trigger_state_cmd(s->cmds[i]->alter_table_cmd))
			return rt_ddl__unsupported(c, "ALTER TABLE ... ENABLE/DISABLE TRIGGER beside other subcommands "
					       "(write it as an ALTER TABLE of its own)");
	o = rt_ddl__find_relation(c, s->relation->schemaname[0] ? s->relation->schemaname : NULL,
				  s->relation->relname);
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && o && o->kind != RT_KIND_TABLE) {
		/* ALTER TABLE works on sequences and views too (pg_dump's OWNER TO), and pg_dump
		 * writes a materialized view's cluster mark as ALTER TABLE ... CLUSTER ON */
		for (i = 0; i < s->n_cmds; i++) {
			const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
			if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
			    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
				continue;
			if (o->kind == RT_KIND_MATVIEW &&
			    (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn ||
			     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster)) {
				if ((rc = set_cluster(c, o, cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn
							    ? cmd->name : NULL)))
					return rc;
				continue;
			}
			return rt_ddl__errorf(c, RT_EINVALID, "\"%s\" is not a table", s->relation->relname);
		}
		return RT_OK;
	}
	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		/* ALTER INDEX / VIEW / SEQUENCE / MATERIALIZED VIEW: ownership and storage only;
		 * a view's options are read back from the server with the view itself */
		for (i = 0; i < s->n_cmds; i++) {
			const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
			if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
				continue;
			if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner ||
			    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace ||
			    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics)
				continue;
			if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE && o && o->kind == RT_KIND_SEQUENCE &&
			    (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged ||
			     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged)) {
				((rt_sequence *)o)->unlogged = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged;
				continue;
			}
			if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW &&
			    (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn ||
			     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster)) {
				if (!o || o->kind != RT_KIND_MATVIEW) {
					if (s->missing_ok)
						return RT_OK;
					return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist",
							      s->relation->relname);
				}
				if ((rc = set_cluster(c, o, cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn
							    ? cmd->name : NULL)))
					return rc;
				continue;
			}
			if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX &&
			    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition) {
				if ((rc = attach_index(c, s->relation, cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD
							     ? cmd->def->partition_cmd : NULL)))
					return rc;
				continue;
			}
			if ((s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
			     s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) &&
			    (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions ||
			     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions ||
			     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault))
				continue;
			return rt_ddl__unsupported(c, "ALTER INDEX/VIEW/SEQUENCE (this subcommand)");
		}
		return RT_OK;
	}
	if (!o || o->kind != RT_KIND_TABLE) {
		if (s->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", s->relation->relname);
	}
	for (i = 0; i < s->n_cmds; i++) {
		if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		if ((rc = alter_cmd(c, (rt_table *)o, s->cmds[i]->alter_table_cmd,
				    rt_ddl__element_end(c, s->cmds, s->n_cmds, (size_t)i), s->relation->inh, false)))
			return rc;
	}
	return RT_OK;
}

/* ---- CREATE INDEX ---- */

int
rt_ddl__create_index(ddl_ctx *c, const PgQuery__IndexStmt *s)
{
	rt_object *rel;
	rt_index *x;
	const char *name;
	size_t i;
	int rc;
	if (!s->relation)
		return rt_ddl__errorf(c, RT_EPARSE, "missing table name");
	rel = rt_ddl__find_relation(c, s->relation->schemaname[0] ? s->relation->schemaname : NULL,
				    s->relation->relname);
	if (!rel || (rel->kind != RT_KIND_TABLE && rel->kind != RT_KIND_MATVIEW))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", s->relation->relname);
	if (s->idxname && s->idxname[0]) {
		if (rt_ddl__name_used(c->relnames, rel->schema, s->idxname)) {
			if (s->if_not_exists)
				return RT_OK;
			return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", s->idxname);
		}
		name = rt_graph_strdup(c->g, s->idxname);
	} else {
		rt_buf add = RT_BUF_INIT;
		const char **cn = rt_arena_alloc(c->tmp, sizeof *cn * (s->n_index_params + s->n_index_including_params + 1));
		int n = 0;
		if (!cn)
			return rt_error_nomem(c->err);
		for (i = 0; i < s->n_index_params; i++)
			if (s->index_params[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
				cn[n++] = elem_colname(s->index_params[i]->index_elem, true);
		for (i = 0; i < s->n_index_including_params; i++)
			if (s->index_including_params[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
				cn[n++] = elem_colname(s->index_including_params[i]->index_elem, true);
		if ((rc = index_colnames(c, cn, n, &add))) {
			rt_buf_dispose(&add);
			return rc;
		}
		name = rt_ddl__choose_relname(c, rel->schema, rel->name, rt_buf_cstr(&add), "idx", false);
		rt_buf_dispose(&add);
	}
	if (!name)
		return rt_error_nomem(c->err);
	if ((rc = new_index(c, rel, name, &x)))
		return rc;
	x->unique = s->unique;
	x->nulls_not_distinct = s->nulls_not_distinct;
	x->method = rt_graph_strdup(c->g, s->access_method && s->access_method[0] ? s->access_method : "btree");
	x->keys = rt_graph_alloc(c->g, sizeof *x->keys * (s->n_index_params + 1));
	x->include = rt_graph_alloc(c->g, sizeof *x->include * (s->n_index_including_params + 1));
	if (!x->keys || !x->include)
		return rt_error_nomem(c->err);
	for (i = 0; i < s->n_index_params; i++) {
		if (s->index_params[i]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		if ((rc = index_key(c, rel, s->index_params[i]->index_elem, &x->keys[x->nkeys++])))
			return rc;
		/* inet_ops is the default for inet in btree, hash and spgist, not in gist */
		if (x->keys[x->nkeys - 1].opclass && strcmp(x->method, "gist") &&
		    !strcmp(x->keys[x->nkeys - 1].opclass, "pg_catalog.inet_ops"))
			x->keys[x->nkeys - 1].opclass = NULL;
	}
	for (i = 0; i < s->n_index_including_params; i++) {
		const PgQuery__IndexElem *e;
		if (s->index_including_params[i]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		e = s->index_including_params[i]->index_elem;
		if (!e->name || !e->name[0])
			return rt_ddl__errorf(c, RT_EINVALID, "expressions are not supported in included columns");
		x->include[x->ninclude++] = rt_graph_strdup(c->g, e->name);
	}
	if (s->where_clause && !(x->predicate = rt_ddl__expr_text(c, s->where_clause)))
		return c->err->code;
	if ((rc = rt_ddl__reloptions(c, s->options, s->n_options, &x->reloptions, &x->nreloptions, false)))
		return rc;
	if (x->unique && rel->kind == RT_KIND_TABLE && (rc = unique_covers_key(c, (rt_table *)rel, x, "UNIQUE")))
		return rc;
	/* ON ONLY: the partitions' indexes are attached one by one (ALTER INDEX ... ATTACH PARTITION) */
	return rel->kind == RT_KIND_TABLE && s->relation->inh ? index_to_partitions(c, (rt_table *)rel, x) : RT_OK;
}

/* ---- ALTER TABLE ... RENAME CONSTRAINT, ALTER INDEX ... RENAME ---- */

/* A copy of `o` under a new name (graph keys hold the name), in place of `o`. */
static int
renamed_copy(ddl_ctx *c, rt_object *o, const char *name, rt_object **out)
{
	rt_object *n;
	int rc, i;
	if ((rc = rt_graph_copy_object(&n, c->g, o, name, c->err)))
		return rc;
	for (i = 0; i < o->ndeps; i++)
		if ((rc = rt_graph_add_dep(c->g, n, o->deps[i], c->err)))
			return rc;
	rt_graph_remove(c->g, o);
	*out = n;
	return RT_OK;
}

/* RenameConstraint / RenameRelation on an index: a PRIMARY KEY, UNIQUE or EXCLUDE constraint
 * and its index always share their name, so renaming either renames both. */
static int
rename_constraint_index(ddl_ctx *c, rt_table *t, rt_constraint *con, rt_index *x, const char *to)
{
	const char *name = rt_graph_strdup(c->g, to);
	const char *schema = t ? t->obj.schema : x->obj.schema;
	rt_object *n;
	int rc;
	if (!name)
		return rt_error_nomem(c->err);
	if (x && rt_ddl__name_used(c->relnames, schema, name))
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", name);
	if (con && rt_ddl__name_used(c->connames, schema, name) &&
	    rt_graph_find(c->g, RT_KIND_CONSTRAINT, schema, con->obj.table, name))
		return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" for relation \"%s\" already exists", name,
				      con->obj.table);
	if (x) {
		replident_follow(c, x, name);
		rt_ddl__name_del(&c->relnames, schema, x->obj.name);
		if ((rc = renamed_copy(c, &x->obj, name, &n)))
			return rc;
		x = (rt_index *)n;
		if ((rc = rt_ddl__name_add(c, &c->relnames, schema, name)))
			return rc;
		rt_ddl__name_find(c->relnames, schema, name)->obj = &x->obj;
		if (con)
			x->constraint = name;
	}
	if (con) {
		ddl_name *pk = con->type == 'p' ? rt_ddl__name_find(c->pkeys, schema, con->obj.table) : NULL;
		rt_ddl__name_del(&c->connames, schema, con->obj.name);
		if ((rc = renamed_copy(c, &con->obj, name, &n)))
			return rc;
		if ((rc = rt_ddl__name_add(c, &c->connames, schema, name)))
			return rc;
		if (pk && pk->obj == &con->obj)
			pk->obj = n;
	}
	return RT_OK;
}

int
rt_ddl__rename(ddl_ctx *c, const PgQuery__RenameStmt *s)
{
	const char *schema = s->relation && s->relation->schemaname[0] ? s->relation->schemaname : NULL;
	if (!s->newname || !s->newname[0] || !s->relation)
		return rt_ddl__unsupported(c, "ALTER ... RENAME");
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE)
		return rt_ddl__rename_attribute(c, s);
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT) {
		rt_table *t = rt_ddl__find_table(c, schema, s->relation->relname);
		rt_constraint *con;
		rt_index *x = NULL;
		if (!t)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", s->relation->relname);
		con = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, s->subname);
		if (!con)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" for table \"%s\" does not exist",
					      s->subname, t->obj.name);
		if (con->type == 'p' || con->type == 'u' || con->type == 'x')
			x = (rt_index *)rt_graph_find(c->g, RT_KIND_INDEX, t->obj.schema, t->obj.name, con->obj.name);
		return rename_constraint_index(c, t, con, x, s->newname);
	}
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
		ddl_name *e = NULL;
		rt_index *x;
		rt_constraint *con = NULL;
		rt_table *t = NULL;
		int i;
		if (schema)
			e = rt_ddl__name_find(c->relnames, schema, s->relation->relname);
		for (i = 0; !schema && !e && i < c->nsearch; i++)
			e = rt_ddl__name_find(c->relnames, c->search_path[i], s->relation->relname);
		x = e && e->obj && e->obj->kind == RT_KIND_INDEX ? (rt_index *)e->obj : NULL;
		if (!x)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "index \"%s\" does not exist", s->relation->relname);
		if (x->constraint) {
			t = rt_ddl__find_table(c, x->obj.schema, x->obj.table);
			con = (rt_constraint *)rt_graph_find(c->g, RT_KIND_CONSTRAINT, x->obj.schema, x->obj.table,
							     x->constraint);
		}
		return rename_constraint_index(c, t, con, x, s->newname);
	}
	return rt_ddl__unsupported(c, "ALTER ... RENAME (this object kind)");
}

/* ---- extended statistics ---- */

rt_statistics *
rt_ddl__find_statistics(ddl_ctx *c, PgQuery__Node **items, size_t n, const char **name_out)
{
	const char *schema, *name;
	int i;
	*name_out = NULL;
	if (rt_ddl__qualname(c, items, n, &schema, &name))
		return NULL;
	*name_out = name;
	if (schema)
		return (rt_statistics *)rt_graph_find(c->g, RT_KIND_STATISTICS, schema, NULL, name);
	for (i = 0; i < c->nsearch; i++) {
		rt_object *o = rt_graph_find(c->g, RT_KIND_STATISTICS, c->search_path[i], NULL, name);
		if (o)
			return (rt_statistics *)o;
	}
	return NULL;
}

void
rt_ddl__drop_rel_statistics(ddl_ctx *c, const rt_object *rel, const char *col)
{
	rt_object **all;
	int cnt = rt_graph_sorted(&all, c->g, NULL), i, k;
	rt_object **copy = rt_arena_alloc(c->tmp, sizeof *copy * ((size_t)cnt + 1));
	if (!copy)
		return;
	memcpy(copy, all, sizeof *copy * (size_t)cnt);
	for (i = 0; i < cnt; i++) {
		rt_statistics *x = (rt_statistics *)copy[i];
		bool uses = col == NULL;
		if (copy[i]->kind != RT_KIND_STATISTICS || strcmp(x->rel_schema, rel->schema) ||
		    strcmp(x->rel_table, rel->name))
			continue;
		/* a column dropped takes every statistics object using it, whatever its other keys */
		for (k = 0; !uses && k < x->ncolumns; k++)
			uses = !strcmp(x->columns[k], col);
		for (k = 0; !uses && k < x->nexprs; k++)
			uses = text_refs_column(c, x->exprs[k], col);
		if (uses)
			rt_graph_remove(c->g, &x->obj);
	}
}

static int
cmp_attnum(const void *a, const void *b)
{
	const rt_column *x = *(const rt_column *const *)a, *y = *(const rt_column *const *)b;
	return (x->attnum > y->attnum) - (x->attnum < y->attnum);
}

/* CreateStatistics(): keys as stxkeys keeps them (columns by attnum, a parenthesised plain
 * column is a column), expressions in the order written, kinds defaulting to all three for
 * two or more keys.  PostgreSQL 15's grammar requires a name. */
int
rt_ddl__create_statistics(ddl_ctx *c, const PgQuery__CreateStatsStmt *s)
{
	const char *schema, *name;
	const PgQuery__RangeVar *rv;
	rt_object *rel;
	rt_table *t;
	rt_statistics *x;
	const rt_column **cols;
	char kinds[4] = "";
	size_t i;
	int ncols = 0, k, rc;
	if (s->n_defnames == 0)
		return rt_ddl__errorf(c, RT_EUNSUPPORTED, "CREATE STATISTICS without a name is not supported");
	if ((rc = rt_ddl__qualname(c, s->defnames, s->n_defnames, &schema, &name)))
		return rc;
	if (!schema && !(schema = rt_ddl__creation_schema(c)))
		return RT_EINVALID;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	if (s->n_relations != 1 || s->relations[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return rt_ddl__errorf(c, RT_EUNSUPPORTED, "only a single relation is allowed in CREATE STATISTICS");
	rv = s->relations[0]->range_var;
	rel = rt_ddl__find_relation(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!rel)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", rv->relname);
	if (rel->kind != RT_KIND_TABLE && rel->kind != RT_KIND_MATVIEW)
		return rt_ddl__errorf(c, RT_EINVALID, "cannot define statistics for relation \"%s\"", rv->relname);
	if (rt_graph_find(c->g, RT_KIND_STATISTICS, schema, NULL, name)) {
		if (s->if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "statistics object \"%s\" already exists", name);
	}
	if ((rc = rt_graph_add((rt_object **)&x, c->g, RT_KIND_STATISTICS, schema, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &x->obj);
	x->rel_schema = rel->schema;
	x->rel_table = rel->name;
	x->stattarget = -1;
	cols = rt_arena_alloc(c->tmp, sizeof *cols * (s->n_exprs + 1));
	x->columns = rt_graph_alloc(c->g, sizeof *x->columns * (s->n_exprs + 1));
	x->exprs = rt_graph_alloc(c->g, sizeof *x->exprs * (s->n_exprs + 1));
	if (!cols || !x->columns || !x->exprs)
		return rt_error_nomem(c->err);
	t = rel->kind == RT_KIND_TABLE ? (rt_table *)rel : NULL;
	for (i = 0; i < s->n_exprs; i++) {
		const PgQuery__StatsElem *e;
		const char *colname = NULL;
		if (s->exprs[i]->node_case != PG_QUERY__NODE__NODE_STATS_ELEM)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid statistics key");
		e = s->exprs[i]->stats_elem;
		if (e->name && e->name[0])
			colname = e->name;
		else if (e->expr && e->expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			 e->expr->column_ref->n_fields == 1 && rt_ddl__str(e->expr->column_ref->fields[0]))
			colname = rt_ddl__str(e->expr->column_ref->fields[0]); /* (a) is the column a */
		if (colname && !t) {
			/* a materialized view's columns are known once the server has read it back:
			 * rt_ddl__finish_statistics puts them in order */
			for (k = 0; k < x->ncolumns; k++)
				if (!strcmp(x->columns[k], colname))
					return rt_ddl__errorf(c, RT_EINVALID,
							      "duplicate column name in statistics definition");
			x->columns[x->ncolumns++] = rt_graph_strdup(c->g, colname);
			ncols++;
			continue;
		}
		if (colname) {
			const rt_column *col = rt_ddl__find_column(t, colname);
			if (!col)
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" does not exist", colname);
			for (k = 0; k < ncols; k++)
				if (cols[k] == col)
					return rt_ddl__errorf(c, RT_EINVALID,
							      "duplicate column name in statistics definition");
			cols[ncols++] = col;
			continue;
		}
		if (!e->expr)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid statistics key");
		if (!(x->exprs[x->nexprs++] = rt_ddl__expr_text(c, e->expr)))
			return rt_error_nomem(c->err);
	}
	if (ncols + x->nexprs < 2 && (x->nexprs != 1 || s->n_stat_types))
		return rt_ddl__errorf(c, RT_EINVALID, x->nexprs ? "when building statistics on a single expression, "
								  "statistics kinds may not be specified"
								: "extended statistics require at least 2 columns");
	if (t) {
		qsort(cols, (size_t)ncols, sizeof *cols, cmp_attnum);
		for (k = 0; k < ncols; k++)
			x->columns[x->ncolumns++] = rt_graph_strdup(c->g, cols[k]->name);
	}
	if (!s->n_stat_types && ncols + x->nexprs >= 2)
		strcpy(kinds, "dfm");
	for (i = 0; i < s->n_stat_types; i++) {
		static const char *names[] = {"ndistinct", "dependencies", "mcv"};
		const char *kind = rt_ddl__str(s->stat_types[i]);
		for (k = 0; k < 3; k++)
			if (kind && !strcmp(kind, names[k]))
				break;
		if (k == 3)
			return rt_ddl__errorf(c, RT_EINVALID, "unrecognized statistics kind \"%s\"", kind ? kind : "");
		kinds[k] = "dfm"[k];
	}
	/* kinds[k] is "dfm"[k] when asked for: pack them, order kept */
	{
		char out[4];
		int n = 0;
		for (k = 0; k < 3; k++)
			if (kinds[k] == "dfm"[k])
				out[n++] = "dfm"[k];
		out[n] = 0;
		x->kinds = rt_graph_strdup(c->g, out);
	}
	if (!x->kinds)
		return rt_error_nomem(c->err);
	if ((rc = rt_ddl__schema_dep(c, &x->obj)))
		return rc;
	return rt_graph_add_dep(c->g, &x->obj, rel, c->err);
}

int
rt_ddl__alter_statistics(ddl_ctx *c, const PgQuery__AlterStatsStmt *s)
{
	const char *name;
	rt_statistics *x = rt_ddl__find_statistics(c, s->defnames, s->n_defnames, &name);
	if (!x) {
		if (s->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "statistics object \"%s\" does not exist", name ? name : "");
	}
	/* the server clamps to 10000 and stores -1 for the default */
	x->stattarget = s->stxstattarget > 10000 ? 10000 : s->stxstattarget < 0 ? -1 : s->stxstattarget;
	return RT_OK;
}

static int
view_colpos(const rt_view *v, const char *name)
{
	for (int i = 0; i < v->ncolumns; i++)
		if (!strcmp(v->columns[i].name, name))
			return i;
	return v->ncolumns;
}

int
rt_ddl__finish_statistics(ddl_ctx *c)
{
	rt_object **all;
	int n = rt_graph_sorted(&all, c->g, c->err), i, j, k;
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		rt_statistics *x = (rt_statistics *)all[i];
		const rt_view *v;
		if (all[i]->kind != RT_KIND_STATISTICS)
			continue;
		v = (const rt_view *)rt_graph_find(c->g, RT_KIND_MATVIEW, x->rel_schema, NULL, x->rel_table);
		if (!v || !v->ncolumns)
			continue; /* offline: no columns to order by */
		for (j = 0; j < x->ncolumns; j++)
			if (view_colpos(v, x->columns[j]) == v->ncolumns) {
				c->path = x->obj.src_path;
				c->stmt_line = x->obj.src_line;
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" does not exist", x->columns[j]);
			}
		/* insertion sort by position: a handful of keys */
		for (j = 1; j < x->ncolumns; j++)
			for (k = j; k > 0 && view_colpos(v, x->columns[k - 1]) > view_colpos(v, x->columns[k]); k--) {
				const char *tmp = x->columns[k];
				x->columns[k] = x->columns[k - 1];
				x->columns[k - 1] = tmp;
			}
	}
	return RT_OK;
}
