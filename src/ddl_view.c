/* DDL front-end: views and materialized views.
 *
 * The server rewrites a view body heavily (every column qualified, `*` expanded, casts added,
 * joins reshaped, pretty-printed by pg_get_viewdef), so no parse-only normalization reaches
 * what introspection reads.  We ask a server instead: once every model file is read, and only
 * if the models contain views, all of their statements are replayed in ONE transaction that
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

static int
view_deps(ddl_ctx *c, rt_object *v, PgQuery__Node *query)
{
	if (query)
		collect_rangevars(&query->base, c, v);
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

static int
exec_ok(PGconn *conn, const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(r);
	PQclear(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
}

static int
replay(ddl_ctx *c, PGconn *conn)
{
	ddl_replay *r;
	rt_buf q = RT_BUF_INIT;
	int rc = RT_OK;
	for (r = c->replay; r; r = r->next) {
		PGresult *res;
		ExecStatusType st;
		if (r->file_start && exec_ok(conn, "RESET search_path")) {
			rc = rt_db_error(c->err, conn, NULL, "resetting search_path");
			break;
		}
		/* each statement in a savepoint: a statement retort skipped (or one the server
		 * cannot run, like CREATE INDEX CONCURRENTLY) must not spoil the views */
		rt_buf_clear(&q);
		rt_buf_puts(&q, "SAVEPOINT rt_replay;\n");
		rt_buf_puts(&q, r->sql);
		rt_buf_puts(&q, "\n;\nRELEASE SAVEPOINT rt_replay");
		if (rt_buf_failed(&q)) {
			rc = rt_error_nomem(c->err);
			break;
		}
		res = PQexec(conn, q.ptr);
		st = PQresultStatus(res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			if (!r->optional && r->is_view) {
				rc = rt_db_error(c->err, conn, res, "normalizing a view on the server");
				rt_error_at_line(c->err, r->path, r->line, 0);
				PQclear(res);
				break;
			}
			PQclear(res);
			if (exec_ok(conn, "ROLLBACK TO SAVEPOINT rt_replay; RELEASE SAVEPOINT rt_replay")) {
				rc = rt_db_error(c->err, conn, NULL, "replaying the models");
				break;
			}
			continue;
		}
		PQclear(res);
	}
	rt_buf_dispose(&q);
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
	if (exec_ok(conn, "SET LOCAL search_path = ''"))
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
	int rc = RT_OK;
	if (c->nviews <= 0 || c->opts->offline)
		return apply_view_comments(c);
	if (!conninfo && c->opts->server_conninfo_fn &&
	    !(conninfo = c->opts->server_conninfo_fn(c->opts->server_conninfo_payload, c->err)))
		return c->err ? c->err->code : RT_ERROR;
	if (!conninfo) {
		rt_pgtmp_opts po = RT_PGTMP_OPTS_INIT;
		if ((rc = rt_pgtmp_start(&tmp, &po, c->err))) {
			rt_error_prefix(c->err, "normalizing view definitions needs a PostgreSQL server");
			return rc;
		}
		conninfo = rt_pgtmp_conninfo(tmp);
	}
	if ((rc = rt_db_connect(&conn, conninfo, c->err)))
		goto cleanup;
	if (exec_ok(conn, "BEGIN")) {
		rc = rt_db_error(c->err, conn, NULL, "starting a transaction");
		goto cleanup;
	}
	if (!(rc = replay(c, conn)))
		rc = read_views(c, conn);
	/* whatever happened, nothing the models did may stay on that server */
	exec_ok(conn, "ROLLBACK");
	if (!rc)
		rc = apply_view_comments(c);
cleanup:
	if (conn)
		PQfinish(conn);
	rt_pgtmp_stop(tmp);
	return rc;
}
