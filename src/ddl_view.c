/* DDL front-end: views and materialized views.
 *
 * The server rewrites a view body heavily (every column qualified, `*` expanded, casts added,
 * joins reshaped, pretty-printed by pg_get_viewdef), so no parse-only normalization reaches
 * what introspection reads.  We ask a server instead: once every model file is read, and only
 * if the models contain views or functions (ddl_func.c), all of their statements are replayed in ONE transaction that
 * is ALWAYS rolled back, on opts->server_conninfo (a scratch database where the models'
 * objects do not exist yet) or, when that is NULL, on a throwaway pgtmp cluster.  Then, with
 * `SET LOCAL search_path = ''` exactly like introspection, we read pg_get_viewdef(oid, true),
 * the reloptions and the columns (name, format_type, collation, default) back.  Nothing the
 * transaction did survives it.  Comments on views and their columns come from the models. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "retort/introspect.h"
#include "retort/pgtmp.h"
#include "retort/plan.h"
#include "retort/sql.h"

#include "ddl_int.h"

static int view_deps(ddl_ctx *c, rt_object *v, PgQuery__Node *query);

static void
collect_rangevars(ProtobufCMessage *m, ddl_ctx *c, rt_object *v)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	unsigned i;
	if (d == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *rv = (PgQuery__RangeVar *)m;
		rt_object *o = rt_ddl__find_relation(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
		if (o && o != v)
			rt_graph_add_dep(c->g, v, o, NULL);
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
					collect_rangevars(arr[j], c, v);
		} else {
			ProtobufCMessage *sub = *(ProtobufCMessage **)(base + f->offset);
			if (sub)
				collect_rangevars(sub, c, v);
		}
	}
}

void
rt_ddl__rangevar_deps(ddl_ctx *c, rt_object *o, const PgQuery__Node *n)
{
	if (n)
		collect_rangevars((ProtobufCMessage *)&n->base, c, o);
}

static int
view_deps(ddl_ctx *c, rt_object *v, PgQuery__Node *query)
{
	rt_ddl__rangevar_deps(c, v, query);
	return rt_ddl__schema_dep(c, v);
}

static int
new_view(ddl_ctx *c, const PgQuery__RangeVar *rv, rt_kind kind, bool replace, bool if_not_exists,
	 PgQuery__Node *query, rt_view **out)
{
	const char *schema;
	rt_object *old;
	int rc;
	*out = NULL;
	if (!rv)
		return rt_ddl__errorf(c, RT_EPARSE, "missing view name");
	if (rv->relpersistence[0] == 't')
		return rt_ddl__unsupported(c, "CREATE TEMPORARY VIEW");
	schema = rv->schemaname[0] ? rv->schemaname : rt_ddl__creation_schema(c);
	if (!schema)
		return c->err->code;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	old = rt_graph_find(c->g, kind, schema, NULL, rv->relname);
	if (old && replace) {
		rt_graph_remove(c->g, old);
		rt_ddl__name_del(&c->relnames, schema, rv->relname);
		c->nviews--;
	} else if (rt_ddl__name_used(c->relnames, schema, rv->relname)) {
		if (if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", rv->relname);
	}
	if ((rc = rt_graph_add((rt_object **)out, c->g, kind, schema, NULL, rv->relname, c->err)))
		return rc;
	rt_ddl__set_src(c, &(*out)->obj);
	if (old)
		(*out)->obj.comment = old->comment;
	if ((rc = rt_ddl__name_add(c, &c->relnames, schema, rv->relname)))
		return rc;
	rt_ddl__name_find(c->relnames, schema, rv->relname)->obj = &(*out)->obj;
	c->nviews++;
	/* offline, the definition is our own deparse of the query */
	(*out)->definition = query ? rt_graph_strdup(c->g, rt_norm__deparse_stmt(c->stmt, query)) : NULL;
	return view_deps(c, &(*out)->obj, query);
}

int
rt_ddl__create_view(ddl_ctx *c, const PgQuery__ViewStmt *s)
{
	rt_view *v;
	int rc;
	if ((rc = new_view(c, s->view, RT_KIND_VIEW, s->replace, false, s->query, &v)) || !v)
		return rc;
	if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
		v->check_option = "local";
	else if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		v->check_option = "cascaded";
	return rt_ddl__reloptions(c, s->options, s->n_options, &v->reloptions, &v->nreloptions, true);
}

int
rt_ddl__create_matview(ddl_ctx *c, const PgQuery__CreateTableAsStmt *s)
{
	rt_view *v;
	int rc;
	if (!s->into)
		return rt_ddl__errorf(c, RT_EPARSE, "missing materialized view name");
	if ((rc = new_view(c, s->into->rel, RT_KIND_MATVIEW, false, s->if_not_exists, s->query, &v)) || !v)
		return rc;
	v->with_no_data = s->into->skip_data;
	return rt_ddl__reloptions(c, s->into->options, s->into->n_options, &v->reloptions, &v->nreloptions, true);
}

/* ---- the server round trip ---- */

int
rt_ddl__exec(PGconn *conn, const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(r);
	PQclear(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
}

/* Runs `sql` in a savepoint: 0 when it ran, 1 when it failed and was rolled back (the
 * transaction goes on; *res keeps the failure when res is not NULL), -1 when even the rollback
 * failed. */
static int
in_savepoint(PGconn *conn, rt_buf *q, const char *sql, PGresult **res)
{
	PGresult *r;
	ExecStatusType st;
	rt_buf_clear(q);
	rt_buf_puts(q, "SAVEPOINT rt_replay;\n");
	rt_buf_puts(q, sql);
	rt_buf_puts(q, "\n;\nRELEASE SAVEPOINT rt_replay");
	if (rt_buf_failed(q))
		return -1;
	r = PQexec(conn, q->ptr);
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	if (res)
		*res = r;
	else
		PQclear(r);
	return rt_ddl__exec(conn, "ROLLBACK TO SAVEPOINT rt_replay; RELEASE SAVEPOINT rt_replay") ? -1 : 1;
}

/* The full replay: every statement of the models, in order, each in a savepoint (a statement
 * retort skipped, or one the server cannot run like CREATE INDEX CONCURRENTLY, must not spoil
 * the views); only a view that fails is an error. */
int
rt_ddl__full_replay(ddl_ctx *c, PGconn *conn)
{
	ddl_replay *r;
	rt_buf q = RT_BUF_INIT;
	int rc = RT_OK;
	/* a SQL function's body may read a table a later statement creates */
	if (rt_ddl__exec(conn, "SET LOCAL check_function_bodies = off"))
		return rt_db_error(c->err, conn, NULL, "replaying the models");
	for (r = c->replay; r; r = r->next) {
		PGresult *res = NULL;
		int st;
		if (r->file_start && rt_ddl__exec(conn, "RESET search_path")) {
			rc = rt_db_error(c->err, conn, NULL, "resetting search_path");
			break;
		}
		st = in_savepoint(conn, &q, r->sql, &res);
		if (st && !r->optional && r->is_view) {
			rc = rt_db_error(c->err, conn, res, r->cls == RP_FUNC ? "normalizing a function on the server"
							    : r->cls == RP_TRIG ? "normalizing a trigger on the server"
							    : r->cls == RP_POLICY ? "normalizing a policy on the server"
									       : "normalizing a view on the server");
			rt_error_at_line(c->err, r->path, r->line, 0);
		} else if (st < 0) {
			rc = rt_buf_failed(&q) ? rt_error_nomem(c->err) : rt_db_error(c->err, conn, NULL, "replaying the models");
		}
		PQclear(res);
		if (rc)
			break;
	}
	rt_buf_dispose(&q);
	return rc;
}

/* ---- the short replay ----
 * The full replay costs the server as much as loading the whole schema (minutes at 10,000
 * tables), yet a view body depends only on the relations it reads and on the types in scope.
 * So first the short replay: the schemas, extensions, enums, domains (without defaults and
 * checks), composite and range types, and the sequences the views read, built from the graph as one plan; the tables the
 * views read as views of the same name and columns (`SELECT NULL::type COLLATE c AS col`: no
 * files, no TOAST, no index; a view body prints the same over either), except the tables a
 * view with GROUP BY reads, made as tables with their primary key (GROUP BY may rely on it);
 * then, in file order, the view statements, SET statements and the
 * statements retort does not model (each in a savepoint, failure ignored).  When a model
 * statement changes the columns of a relation after a view read it (a `*` would expand
 * differently), or when anything of the short replay fails, the full replay runs instead. */

typedef struct ptr_item {
	const void *p;
	UT_hash_handle hh;
} ptr_item;

static bool
ptr_has(ptr_item *set, const void *p)
{
	ptr_item *it;
	HASH_FIND_PTR(set, &p, it);
	return it != NULL;
}

/* 1 when added, 0 when already there, -1 out of memory */
static int
ptr_add(ddl_ctx *c, ptr_item **set, const void *p)
{
	ptr_item *it;
	if (ptr_has(*set, p))
		return 0;
	if (!(it = rt_arena_alloc(c->tmp, sizeof *it)))
		return -1;
	it->p = p;
	HASH_ADD_PTR(*set, p, it);
	return 1;
}

static int
push_rel(ddl_ctx *c, rt_object *d, rt_object ***rels, int *nrels, int *cap)
{
	if (*nrels == *cap) {
		int ncap = *cap ? *cap * 2 : 64;
		rt_object **n = rt_arena_alloc(c->tmp, sizeof *n * (size_t)ncap);
		if (!n)
			return rt_error_nomem(c->err);
		if (*nrels)
			memcpy(n, *rels, sizeof *n * (size_t)*nrels);
		*rels = n;
		*cap = ncap;
	}
	(*rels)[(*nrels)++] = d;
	return RT_OK;
}

/* Adds the relations view `v` reads, through other views, to `set` (tables and sequences to
 * `rels` too). */
static int
add_read(ddl_ctx *c, ptr_item **set, rt_object *v, rt_object ***rels, int *nrels, int *cap)
{
	int i, st;
	for (i = 0; i < v->ndeps; i++) {
		rt_object *d = v->deps[i];
		if (d->kind != RT_KIND_TABLE && d->kind != RT_KIND_SEQUENCE && d->kind != RT_KIND_VIEW &&
		    d->kind != RT_KIND_MATVIEW)
			continue;
		if ((st = ptr_add(c, set, d)) < 0)
			return rt_error_nomem(c->err);
		if (!st)
			continue;
		if (d->kind == RT_KIND_VIEW || d->kind == RT_KIND_MATVIEW) {
			if ((st = add_read(c, set, d, rels, nrels, cap)))
				return st;
			continue;
		}
		if ((st = push_rel(c, d, rels, nrels, cap)))
			return st;
	}
	return RT_OK;
}

/* The copy of `o` in `sub`, stripped to what a view can see. */
static int
copy_stripped(ddl_ctx *c, rt_graph *sub, rt_object *o)
{
	rt_object *k;
	int rc, i;
	if ((rc = rt_graph_copy_object(&k, sub, o, NULL, c->err)))
		return rc;
	k->comment = NULL;
	k->renamed_from = NULL;
	switch (k->kind) {
	case RT_KIND_DOMAIN: {
		rt_domain *d = (rt_domain *)k;
		d->default_expr = NULL;
		d->not_null = false;
		d->checks = NULL;
		d->nchecks = 0;
		break;
	}
	case RT_KIND_SEQUENCE: {
		rt_sequence *q = (rt_sequence *)k;
		q->owned_table = q->owned_schema = q->owned_column = NULL;
		break;
	}
	case RT_KIND_COMPOSITE: {
		/* attribute comments and annotations are nothing a view can see */
		rt_composite *t = (rt_composite *)k;
		rt_column *attrs = rt_graph_alloc(sub, sizeof *attrs * ((size_t)t->nattrs + 1));
		if (!attrs)
			return rt_error_nomem(c->err);
		for (i = 0; i < t->nattrs; i++) {
			attrs[i] = t->attrs[i];
			attrs[i].comment = NULL;
			attrs[i].renamed_from = NULL;
		}
		t->attrs = attrs;
		break;
	}
	case RT_KIND_TABLE: {
		rt_table *t = (rt_table *)k;
		rt_column *cols = rt_graph_alloc(sub, sizeof *cols * ((size_t)t->ncolumns + 1));
		if (!cols)
			return rt_error_nomem(c->err);
		for (i = 0; i < t->ncolumns; i++) {
			cols[i] = t->columns[i];
			cols[i].not_null = false;
			cols[i].default_expr = NULL;
			cols[i].identity = 0;
			cols[i].identity_seq = NULL;
			cols[i].identity_comment = NULL;
			cols[i].generated = 0;
			cols[i].comment = NULL;
			cols[i].renamed_from = NULL;
		}
		t->columns = cols;
		t->capcolumns = t->ncolumns + 1;
		t->reloptions = NULL;
		t->nreloptions = 0;
		t->row_security = t->force_row_security = false;
		t->replident = 0;
		t->replident_index = NULL;
		break;
	}
	case RT_KIND_CONSTRAINT: {
		rt_constraint *p = (rt_constraint *)k;
		p->include = NULL;
		p->ninclude = 0;
		p->reloptions = NULL;
		p->nreloptions = 0;
		p->not_valid = false;
		break;
	}
	default:
		break;
	}
	return RT_OK;
}

/* `CREATE VIEW t AS SELECT NULL::type AS col, ...` standing in for table t. */
static void
stub_view(rt_buf *out, const rt_table *t)
{
	int i;
	rt_buf_puts(out, "CREATE VIEW ");
	rt_sql_qualified(out, t->obj.schema, t->obj.name);
	rt_buf_puts(out, " AS SELECT");
	for (i = 0; i < t->ncolumns; i++) {
		rt_buf_printf(out, "%s NULL::%s", i ? "," : "", t->columns[i].type);
		if (t->columns[i].collation)
			rt_buf_printf(out, " COLLATE %s", t->columns[i].collation);
		rt_buf_puts(out, " AS ");
		rt_sql_ident(out, t->columns[i].name);
	}
	rt_buf_puts(out, ";\n");
}

static bool
has_group_by(const char *sql)
{
	const char *p;
	for (p = strcasestr(sql, "group"); p; p = strcasestr(p + 5, "group")) {
		const char *q = p + 5;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (!strncasecmp(q, "by", 2))
			return true;
	}
	return false;
}

/* The SQL that creates what the views need (see above) into `out`. */
static int
short_prelude(ddl_ctx *c, rt_buf *out)
{
	ptr_item *read = NULL, *keyed = NULL, *it, *tmp;
	rt_object **rels = NULL, **krels = NULL, **all, **copied = NULL;
	rt_graph *sub = NULL, *empty = NULL;
	rt_plan *plan = NULL;
	rt_buf stubs = RT_BUF_INIT;
	ddl_replay *r;
	int nrels = 0, cap = 0, nkrels = 0, kcap = 0, nall, ncopied = 0, i, j, rc = RT_OK;
	for (r = c->replay; r && !rc; r = r->next) {
		/* a trigger or a policy needs a real table (a stand-in view takes only INSTEAD OF
		 * triggers, and no policy); what a policy's subqueries read may be stand-ins */
		if ((r->cls == RP_TRIG || r->cls == RP_POLICY) && r->rel && r->rel->kind == RT_KIND_TABLE) {
			int st = ptr_add(c, &read, r->rel);
			if (st < 0 || ptr_add(c, &keyed, r->rel) < 0)
				rc = rt_error_nomem(c->err);
			else if (st > 0)
				rc = push_rel(c, r->rel, &rels, &nrels, &cap);
			if (!rc && r->cls == RP_POLICY && r->obj)
				rc = add_read(c, &read, r->obj, &rels, &nrels, &cap);
			continue;
		}
		if (r->cls != RP_VIEW || !r->rel)
			continue;
		if (ptr_add(c, &read, r->rel) >= 0)
			rc = add_read(c, &read, r->rel, &rels, &nrels, &cap);
		if (!rc && has_group_by(r->sql) && ptr_add(c, &keyed, r->rel) >= 0)
			rc = add_read(c, &keyed, r->rel, &krels, &nkrels, &kcap);
	}
	HASH_ITER(hh, read, it, tmp) HASH_DEL(read, it);
	if (rc) {
		HASH_ITER(hh, keyed, it, tmp) HASH_DEL(keyed, it);
		return rc;
	}
	if ((nall = rt_graph_sorted(&all, c->g, c->err)) < 0)
		return c->err->code;
	if (!(copied = rt_arena_alloc(c->tmp, sizeof *copied * ((size_t)nall + 2 * (size_t)nrels + 1))))
		return rt_error_nomem(c->err);
	if ((rc = rt_graph_new(&sub, c->err)) || (rc = rt_graph_new(&empty, c->err)))
		goto done;
	for (i = 0; i < nall; i++)
		if ((all[i]->kind == RT_KIND_SCHEMA && !RT_IS_PUBLIC_SCHEMA(all[i])) ||
		    all[i]->kind == RT_KIND_EXTENSION || all[i]->kind == RT_KIND_ENUM ||
		    all[i]->kind == RT_KIND_DOMAIN || all[i]->kind == RT_KIND_COMPOSITE ||
		    all[i]->kind == RT_KIND_RANGE || all[i]->kind == RT_KIND_COLLATION)
			copied[ncopied++] = all[i];
	for (i = 0; i < nrels; i++) {
		if (rels[i]->kind == RT_KIND_TABLE && !ptr_has(keyed, rels[i]) &&
		    ((rt_table *)rels[i])->ncolumns > 0) {
			stub_view(&stubs, (rt_table *)rels[i]);
			continue;
		}
		copied[ncopied++] = rels[i];
		if (rels[i]->kind == RT_KIND_TABLE) {
			ddl_name *pk = rt_ddl__name_find(c->pkeys, rels[i]->schema, rels[i]->name);
			if (pk && pk->obj && rt_graph_find(c->g, RT_KIND_CONSTRAINT, pk->obj->schema, pk->obj->table,
							   pk->obj->name) == pk->obj)
				copied[ncopied++] = pk->obj;
		}
	}
	for (i = 0; i < ncopied && !rc; i++)
		if (!rt_graph_find(sub, copied[i]->kind, copied[i]->schema, copied[i]->table, copied[i]->name))
			rc = copy_stripped(c, sub, copied[i]); /* a relation dropped and made again: once */
	for (i = 0; i < ncopied && !rc; i++) {
		rt_object *k = rt_graph_find(sub, copied[i]->kind, copied[i]->schema, copied[i]->table,
					     copied[i]->name);
		for (j = 0; j < copied[i]->ndeps && !rc; j++) {
			rt_object *d = copied[i]->deps[j];
			rt_object *kd = rt_graph_find(sub, d->kind, d->schema, d->table, d->name);
			if (kd)
				rc = rt_graph_add_dep(sub, k, kd, c->err);
		}
	}
	if (!rc)
		rc = rt_plan_build(&plan, empty, sub, NULL, c->err);
	for (i = 0; !rc && i < rt_plan_count(plan); i++) {
		rt_buf_puts(out, rt_plan_get(plan, i)->sql);
		rt_buf_putc(out, '\n');
	}
	if (!rc)
		rt_buf_putn(out, stubs.ptr ? stubs.ptr : "", stubs.len);
	if (!rc && (rt_buf_failed(out) || rt_buf_failed(&stubs)))
		rc = rt_error_nomem(c->err);
done:
	HASH_ITER(hh, keyed, it, tmp) HASH_DEL(keyed, it);
	rt_buf_dispose(&stubs);
	rt_plan_free(plan);
	rt_graph_free(sub);
	rt_graph_free(empty);
	return rc;
}

/* Whether the short replay gives the views what the full one would. */
static bool
short_replay_applies(ddl_ctx *c)
{
	ptr_item *read = NULL, *it, *tmp;
	ddl_replay *r;
	bool any_view = false, ok = true;
	for (r = c->replay; r && ok; r = r->next) {
		/* a policy's subquery may read `*` too */
		rt_object *reader = r->cls == RP_VIEW ? r->rel : r->cls == RP_POLICY ? r->obj : NULL;
		if (reader) {
			int i;
			any_view = true;
			for (i = 0; i < reader->ndeps && ok; i++)
				ok = ptr_add(c, &read, reader->deps[i]) >= 0;
		} else if (r->cls == RP_MODEL && r->shape && any_view && (!r->rel || ptr_has(read, r->rel))) {
			ok = false;
		}
	}
	HASH_ITER(hh, read, it, tmp) HASH_DEL(read, it);
	return ok;
}

/* The short replay.  *done is false when the full replay must run instead (the transaction
 * may then be aborted: roll it back first). */
static int
short_replay(ddl_ctx *c, PGconn *conn, bool *done)
{
	rt_buf q = RT_BUF_INIT, one = RT_BUF_INIT;
	ddl_replay *r;
	int rc = RT_OK;
	*done = false;
	if (!short_replay_applies(c))
		return RT_OK;
	rt_buf_puts(&q, "SET LOCAL check_function_bodies = off;\n");
	if ((rc = short_prelude(c, &q)))
		goto cleanup;
	for (r = c->replay; r; r = r->next) {
		if (r->file_start)
			rt_buf_puts(&q, "RESET search_path;\n");
		if (r->cls == RP_VIEW || r->cls == RP_FUNC || r->cls == RP_TRIG || r->cls == RP_POLICY ||
		    r->cls == RP_SET) {
			rt_buf_puts(&q, r->sql);
			rt_buf_puts(&q, "\n;\n");
		} else if (r->cls == RP_OTHER) {
			/* what came before runs first, then this one on its own */
			if (rt_buf_failed(&q))
				break;
			if (q.len && rt_ddl__exec(conn, q.ptr))
				goto cleanup;
			rt_buf_clear(&q);
			if (in_savepoint(conn, &one, r->sql, NULL) < 0)
				goto cleanup;
		}
	}
	if (rt_buf_failed(&q)) {
		rc = rt_error_nomem(c->err);
		goto cleanup;
	}
	*done = !q.len || !rt_ddl__exec(conn, q.ptr);
cleanup:
	if (!rc && (rt_buf_failed(&q) || rt_buf_failed(&one)))
		rc = rt_error_nomem(c->err);
	rt_buf_dispose(&q);
	rt_buf_dispose(&one);
	return rc;
}

static rt_view *
view_of(ddl_ctx *c, const char *schema, const char *name)
{
	rt_object *o = rt_graph_find(c->g, RT_KIND_VIEW, schema, NULL, name);
	if (!o)
		o = rt_graph_find(c->g, RT_KIND_MATVIEW, schema, NULL, name);
	return (rt_view *)o;
}

static const char *NS =
	"n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
	"AND n.nspname !~ '^pg_(toast_)?temp_' ";

static int
read_views(ddl_ctx *c, PGconn *conn)
{
	PGresult *res = NULL;
	rt_buf q = RT_BUF_INIT;
	int rc = RT_OK, i;
	if (rt_ddl__exec(conn, "SET LOCAL search_path = ''"))
		return rt_db_error(c->err, conn, NULL, "setting search_path");
	rt_buf_printf(&q,
		"SELECT n.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid, true) "
		"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"WHERE c.relkind IN ('v', 'm') AND %s", NS);
	res = PQexec(conn, rt_buf_cstr(&q));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading view definitions");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res); i++) {
		rt_view *v = view_of(c, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		char *def;
		size_t len;
		if (!v)
			continue;
		def = (char *)rt_graph_strdup(c->g, PQgetvalue(res, i, 2));
		if (!def) {
			rc = rt_error_nomem(c->err);
			goto cleanup;
		}
		len = strlen(def);
		while (len > 0 && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
			def[--len] = '\0';
		v->definition = def;
		v->reloptions = NULL;
		v->nreloptions = 0;
		v->check_option = NULL;
		v->columns = NULL;
		v->ncolumns = 0;
	}
	PQclear(res);
	rt_buf_clear(&q);
	rt_buf_printf(&q,
		"SELECT n.nspname, c.relname, u.o FROM pg_catalog.pg_class c "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, "
		"unnest(c.reloptions) WITH ORDINALITY AS u(o, k) WHERE c.relkind IN ('v', 'm') AND %s "
		"ORDER BY 1, 2, u.k", NS);
	res = PQexec(conn, rt_buf_cstr(&q));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading view options");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res); i++) {
		rt_view *v = view_of(c, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		const char *o = PQgetvalue(res, i, 2);
		const char **arr;
		if (!v)
			continue;
		if (!strncmp(o, "check_option=", 13)) {
			v->check_option = rt_graph_strdup(c->g, o + 13);
			continue;
		}
		arr = rt_graph_alloc(c->g, sizeof *arr * ((size_t)v->nreloptions + 1));
		if (!arr) {
			rc = rt_error_nomem(c->err);
			goto cleanup;
		}
		if (v->nreloptions)
			memcpy(arr, v->reloptions, sizeof *arr * (size_t)v->nreloptions);
		arr[v->nreloptions++] = rt_graph_strdup(c->g, o);
		v->reloptions = arr;
	}
	PQclear(res);
	rt_buf_clear(&q);
	/* the same column query introspect.c runs, restricted to views */
	rt_buf_printf(&q,
		"SELECT n.nspname, c.relname, a.attname, "
		"pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
		"pg_catalog.pg_get_expr(d.adbin, d.adrelid), "
		"CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN "
		"  pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END "
		"FROM pg_catalog.pg_attribute a "
		"JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('v', 'm') "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
		"LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
		"LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
		"LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
		"WHERE a.attnum > 0 AND NOT a.attisdropped AND %s "
		"ORDER BY n.nspname, c.relname, a.attnum", NS);
	res = PQexec(conn, rt_buf_cstr(&q));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading view columns");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res); i++) {
		rt_view *v = view_of(c, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		rt_column *cols, *col;
		if (!v)
			continue;
		cols = rt_graph_alloc(c->g, sizeof *cols * ((size_t)v->ncolumns + 1));
		if (!cols) {
			rc = rt_error_nomem(c->err);
			goto cleanup;
		}
		if (v->ncolumns)
			memcpy(cols, v->columns, sizeof *cols * (size_t)v->ncolumns);
		col = &cols[v->ncolumns];
		memset(col, 0, sizeof *col);
		col->name = rt_graph_strdup(c->g, PQgetvalue(res, i, 2));
		col->type = rt_graph_strdup(c->g, PQgetvalue(res, i, 3));
		col->not_null = PQgetvalue(res, i, 4)[0] == 't';
		if (!PQgetisnull(res, i, 5))
			col->default_expr = rt_graph_strdup(c->g, PQgetvalue(res, i, 5));
		if (!PQgetisnull(res, i, 6))
			col->collation = rt_graph_strdup(c->g, PQgetvalue(res, i, 6));
		col->attnum = v->ncolumns + 1;
		v->columns = cols;
		v->ncolumns++;
	}
cleanup:
	PQclear(res);
	rt_buf_dispose(&q);
	return rc;
}

static int
apply_view_comments(ddl_ctx *c)
{
	ddl_view_comment *vc;
	int i;
	for (vc = c->view_comments; vc; vc = vc->next) {
		bool found = false;
		if (rt_graph_find(c->g, vc->view->obj.kind, vc->view->obj.schema, NULL, vc->view->obj.name) !=
		    &vc->view->obj)
			continue;
		for (i = 0; i < vc->view->ncolumns; i++)
			if (!strcmp(vc->view->columns[i].name, vc->column)) {
				vc->view->columns[i].comment = vc->comment;
				found = true;
			}
		if (!found && !c->opts->offline) {
			c->path = vc->path;
			c->stmt_line = vc->line;
			return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
					      vc->column, vc->view->obj.name);
		}
	}
	return RT_OK;
}

int
rt_ddl__finish_views(ddl_ctx *c)
{
	rt_pgtmp *tmp = NULL;
	PGconn *conn = NULL;
	const char *conninfo = c->opts->server_conninfo;
	bool done = false;
	int rc = RT_OK;
	if ((c->nviews <= 0 && c->nfuncs <= 0 && c->ntrigs <= 0 && c->npolicy_exprs <= 0 &&
	     !c->opts->server_spelling) ||
	    c->opts->offline)
		return apply_view_comments(c);
	if (!conninfo && c->opts->server_conninfo_fn &&
	    !(conninfo = c->opts->server_conninfo_fn(c->opts->server_conninfo_payload, c->err)))
		return c->err ? c->err->code : RT_ERROR;
	if (!conninfo) {
		rt_pgtmp_opts po = RT_PGTMP_OPTS_INIT;
		if ((rc = rt_pgtmp_start(&tmp, &po, c->err))) {
			rt_error_prefix(c->err, "normalizing view and function definitions needs a PostgreSQL server");
			return rc;
		}
		conninfo = rt_pgtmp_conninfo(tmp);
	}
	rt_trace("models: normalizing");
	if (c->early_conn && conninfo == c->opts->server_conninfo) {
		conn = c->early_conn;
		c->early_conn = NULL;
		if ((rc = rt_db_connect_finish(conn, c->err))) {
			conn = NULL;
			goto cleanup;
		}
	} else if ((rc = rt_db_connect(&conn, conninfo, c->err))) {
		goto cleanup;
	}
	rt_trace("models: connected to the normalizing server");
	/* our own session: jit costs the catalog reads more than it saves */
	if (rt_ddl__exec(conn, "SET jit = off; BEGIN")) {
		rc = rt_db_error(c->err, conn, NULL, "starting a transaction");
		goto cleanup;
	}
	if (!(rc = short_replay(c, conn, &done)) && !done) {
		/* start again, with everything */
		if (rt_ddl__exec(conn, "ROLLBACK") || rt_ddl__exec(conn, "BEGIN"))
			rc = rt_db_error(c->err, conn, NULL, "starting a transaction");
		else
			rc = rt_ddl__full_replay(c, conn);
	}
	rt_trace("models: replayed");
	if (!rc)
		rc = read_views(c, conn);
	if (!rc)
		rc = rt_ddl__read_functions(c, conn);
	if (!rc)
		rc = rt_ddl__read_triggers(c, conn);
	if (!rc)
		rc = rt_ddl__read_policies(c, conn);
	/* whatever happened, nothing the models did may stay on that server */
	rt_ddl__exec(conn, "ROLLBACK");
	rt_trace("models: normalized");
	if (!rc)
		rc = apply_view_comments(c);
	if (!rc && c->opts->server_spelling)
		rc = rt_ddl__server_spelling(c, conn);
cleanup:
	if (conn)
		PQfinish(conn);
	rt_pgtmp_stop(tmp);
	return rc;
}
