/* DDL front-end: expressions spelled as the server prints them (rt_ddl_opts.server_spelling).
 *
 * The model side keeps its own deparse of each expression (`amount >= 0`); introspection
 * keeps the server's (`(amount >= (0)::numeric)`).  Diff compares them as normalized trees, so
 * either spelling does.  `retort inspect --models` wants more: the very bytes `inspect --url`
 * prints for the same schema.  With server_spelling, once the graph is complete (views and
 * functions read back), the models are built on the normalizing server in a transaction that
 * is always rolled back — their statements sent as one script, which costs the server what
 * loading them with psql does; if any fails, replayed one by one in savepoints (ddl_view.c) —
 * and that server is introspected in the same transaction.  Every model object that diff
 * finds equal to its counterpart there takes the counterpart's expression texts; one that
 * differs keeps its own text, so a real difference stays visible.  Every object found there
 * also takes the server's dependencies (pg_depend) and an extension its installed version,
 * which the files may not name. */
#include <string.h>

#include <libpq-fe.h>

#include "retort/buf.h"
#include "retort/diff.h"
#include "retort/introspect.h"

#include "ddl_int.h"

static const char *
take(ddl_ctx *c, const char *server_text)
{
	return server_text ? rt_graph_strdup(c->g, server_text) : NULL;
}

static void
table_spelling(ddl_ctx *c, rt_table *t, const rt_table *s)
{
	/* the server's own bound of the partition the models made: the values as its types'
	 * output functions print them */
	if (t->partbound && s->partbound)
		t->partbound = take(c, s->partbound);
	for (int i = 0; i < t->ncolumns; i++) {
		rt_column *col = &t->columns[i];
		const char *field = NULL;
		for (int k = 0; k < s->ncolumns; k++)
			if (!strcmp(s->columns[k].name, col->name) &&
			    rt_column_equal(col, &s->columns[k], &field)) {
				col->default_expr = take(c, s->columns[k].default_expr);
				break;
			}
	}
}

/* o and s are equal objects of the same kind: o takes s's expression texts. */
static void
object_spelling(ddl_ctx *c, rt_object *o, const rt_object *s)
{
	switch (o->kind) {
	case RT_KIND_DOMAIN: {
		rt_domain *d = (rt_domain *)o;
		const rt_domain *sd = (const rt_domain *)s;
		d->default_expr = take(c, sd->default_expr);
		for (int i = 0; i < d->nchecks; i++)
			for (int k = 0; k < sd->nchecks; k++)
				if (!strcmp(d->checks[i].name, sd->checks[k].name))
					d->checks[i].expr = take(c, sd->checks[k].expr);
		break;
	}
	case RT_KIND_INDEX: {
		rt_index *x = (rt_index *)o;
		const rt_index *sx = (const rt_index *)s;
		for (int i = 0; i < x->nkeys && i < sx->nkeys; i++)
			x->keys[i].expr = take(c, sx->keys[i].expr);
		x->predicate = take(c, sx->predicate);
		break;
	}
	case RT_KIND_CONSTRAINT: {
		rt_constraint *k = (rt_constraint *)o;
		const rt_constraint *sk = (const rt_constraint *)s;
		k->expr = take(c, sk->expr);
		k->definition = take(c, sk->definition);
		break;
	}
	case RT_KIND_EXTENSION:
		((rt_extension *)o)->version = take(c, ((const rt_extension *)s)->version);
		break;
	case RT_KIND_STATISTICS: {
		rt_statistics *x = (rt_statistics *)o;
		const rt_statistics *sx = (const rt_statistics *)s;
		for (int i = 0; i < x->nexprs && i < sx->nexprs; i++)
			x->exprs[i] = take(c, sx->exprs[i]);
		break;
	}
	default:
		break;
	}
}

/* Builds the models on the server, in an open transaction that the caller rolls back: their
 * statements as one script first (one round trip, as psql -f would run them); if any fails,
 * one by one, each in a savepoint. */
static int
build_on_server(ddl_ctx *c, PGconn *conn)
{
	rt_buf script = RT_BUF_INIT;
	int rc = RT_OK;
	if (rt_ddl__exec(conn, "BEGIN"))
		return rt_db_error(c->err, conn, NULL, "starting a transaction");
	rt_buf_puts(&script, "SET LOCAL check_function_bodies = off;\n");
	for (const ddl_replay *r = c->replay; r; r = r->next) {
		if (r->cls == RP_NOISE)
			continue;
		if (r->file_start)
			rt_buf_puts(&script, "RESET search_path;\n");
		rt_buf_puts(&script, r->sql);
		rt_buf_puts(&script, "\n;\n");
	}
	if (rt_buf_failed(&script)) {
		rc = rt_error_nomem(c->err);
		goto out;
	}
	if (!rt_ddl__exec(conn, script.ptr))
		goto out; /* all of it ran */
	/* the models' own statements, one by one */
	if (rt_ddl__exec(conn, "ROLLBACK") || rt_ddl__exec(conn, "BEGIN"))
		rc = rt_db_error(c->err, conn, NULL, "starting a transaction");
	else
		rc = rt_ddl__full_replay(c, conn);
out:
	rt_buf_dispose(&script);
	return rc;
}

int
rt_ddl__server_spelling(ddl_ctx *c, PGconn *conn)
{
	rt_introspect_opts io = RT_INTROSPECT_OPTS_INIT;
	rt_graph *server = NULL;
	rt_object **all;
	int rc, n;
	if ((rc = rt_graph_new(&server, c->err)))
		return rc;
	io.in_transaction = true;
	if ((rc = build_on_server(c, conn)) || (rc = rt_introspect_conn(server, conn, &io, c->err)))
		goto out;
	if ((n = rt_graph_sorted(&all, c->g, c->err)) < 0) {
		rc = c->err->code;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		rt_object *o = all[i];
		const rt_object *s = rt_graph_find(server, o->kind, o->schema, o->table, o->name);
		const char *field = NULL;
		if (!s)
			continue;
		/* the server's dependencies (pg_depend: a view on the PRIMARY KEY its GROUP BY relies
		 * on, ...) are the ones introspection prints */
		o->ndeps = 0;
		for (int k = 0; k < s->ndeps; k++) {
			const rt_object *d = s->deps[k];
			rt_object *mine = rt_graph_find(c->g, d->kind, d->schema, d->table, d->name);
			if (mine && (rc = rt_graph_add_dep(c->g, o, mine, c->err)))
				goto out;
		}
		if (o->kind == RT_KIND_TABLE)
			table_spelling(c, (rt_table *)o, (const rt_table *)s);
		else if (rt_object_equal(o, s, &field))
			object_spelling(c, o, s);
	}
	rc = RT_OK;
out:
	/* nothing built may stay on that server */
	rt_ddl__exec(conn, "ROLLBACK");
	rt_graph_free(server);
	return rc;
}
