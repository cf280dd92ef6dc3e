/* DDL front-end: functions, procedures and triggers.
 *
 * What introspection reads for a function — pg_get_functiondef, the identity arguments, the
 * result type — is the server's own rendering of the catalog, and no parse-only normalization
 * reaches it (defaults re-deparsed, SET options, types resolved, `RETURNS TABLE` split into
 * OUT parameters).  So functions are normalized like view bodies (ddl_view.c): their
 * statements, and COMMENT ON FUNCTION/PROCEDURE, are replayed on the scratch server in the
 * always-rolled-back transaction, then read back here with the query introspect.c runs.
 * While the files are read, a CREATE FUNCTION only records the function's name; the graph's
 * function objects are those the server reports after the replay.  DROP FUNCTION in the
 * models is replayed too, so it needs nothing here either.
 *
 * Offline (rt_ddl_opts.offline) there is no server: a function is then named from its
 * parameter types as written and defined by the models' own deparse (not comparable with a
 * database, as for views). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "retort/introspect.h"
#include "retort/normalize.h"

#include "ddl_int.h"

static int
offline_function(ddl_ctx *c, const PgQuery__CreateFunctionStmt *s, const char *schema,
		 const char *name, PgQuery__Node *stmt)
{
	rt_buf args = RT_BUF_INIT;
	rt_function *f;
	rt_object *old;
	size_t i;
	int rc = RT_OK, n = 0;
	for (i = 0; i < s->n_parameters; i++) {
		const PgQuery__FunctionParameter *fp;
		const char *type = NULL;
		rt_object *dep = NULL;
		if (s->parameters[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			continue;
		fp = s->parameters[i]->function_parameter;
		if (fp->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
		    fp->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE)
			continue;
		if (!fp->arg_type || rt_ddl__format_type(c, fp->arg_type, &type, &dep)) {
			type = "?"; /* a type the models do not create: no server to ask */
			rt_error_clear(c->err);
		}
		rt_buf_printf(&args, "%s%s", n++ ? ", " : "", type);
	}
	if (rt_buf_failed(&args)) {
		rt_buf_dispose(&args);
		return rt_error_nomem(c->err);
	}
	if ((old = rt_graph_find(c->g, RT_KIND_FUNCTION, schema, NULL,
				 rt_ddl__printf(c, "%s(%s)", name, rt_buf_cstr(&args)))))
		rt_graph_remove(c->g, old);
	rc = rt_graph_add_function(&f, c->g, schema, name, rt_buf_cstr(&args), rt_buf_cstr(&args), c->err);
	rt_buf_dispose(&args);
	if (rc)
		return rc;
	rt_ddl__set_src(c, &f->obj);
	f->is_procedure = s->is_procedure;
	f->definition = rt_graph_strdup(c->g, rt_norm__deparse_stmt(c->stmt, stmt));
	return rt_ddl__schema_dep(c, &f->obj);
}

int
rt_ddl__create_function(ddl_ctx *c, const PgQuery__CreateFunctionStmt *s, PgQuery__Node *stmt)
{
	const char *schema, *name;
	ddl_funcname *fn;
	int rc;
	if ((rc = rt_ddl__qualname(c, s->funcname, s->n_funcname, &schema, &name)))
		return rc;
	if (!name)
		return rt_ddl__errorf(c, RT_EPARSE, "missing function name");
	if (!schema && !(schema = rt_ddl__creation_schema(c)))
		return c->err->code;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	/* the read-back keeps only functions of these names: a scratch database may hold others */
	if (!(fn = rt_arena_alloc(c->tmp, sizeof *fn)) || !(fn->name = rt_arena_strdup(c->tmp, name)))
		return rt_error_nomem(c->err);
	fn->next = c->funcnames;
	c->funcnames = fn;
	c->nfuncs++;
	if (c->opts->offline)
		return offline_function(c, s, schema, name, stmt);
	return RT_OK;
}

/* ---- read back from the server ---- */

int
rt_ddl__add_dep_named(ddl_ctx *c, rt_object *o, char kind, const char *schema, const char *name)
{
	rt_object *d = NULL;
	switch (kind) {
	case 'f':
		d = rt_graph_find(c->g, RT_KIND_FUNCTION, schema, NULL, name);
		break;
	case 't':
		d = rt_graph_find(c->g, RT_KIND_ENUM, schema, NULL, name);
		if (!d)
			d = rt_graph_find(c->g, RT_KIND_DOMAIN, schema, NULL, name);
		if (!d)
			d = rt_graph_find(c->g, RT_KIND_RANGE, schema, NULL, name);
		break;
	case 'r':
		/* a type with a pg_class row: a relation's row type or a composite type */
		d = rt_graph_find_relation(c->g, schema, name);
		if (!d)
			d = rt_graph_find(c->g, RT_KIND_COMPOSITE, schema, NULL, name);
		break;
	default:
		break;
	}
	return d ? rt_graph_add_dep(c->g, o, d, c->err) : RT_OK;
}


/* Tables whose defaults, and CHECK constraints whose expressions, call one of the graph's
 * functions need it first.  Matched by name (any overload): only the order depends on it. */
static int
expression_deps(ddl_ctx *c)
{
	rt_object **all;
	int n = rt_graph_sorted(&all, c->g, c->err), i, k, rc;
	rt_object **funcs;
	int nf = 0;
	if (n < 0)
		return c->err->code;
	if (!(funcs = rt_arena_alloc(c->tmp, sizeof *funcs * ((size_t)n + 1))))
		return rt_error_nomem(c->err);
	for (i = 0; i < n; i++)
		if (all[i]->kind == RT_KIND_FUNCTION)
			funcs[nf++] = all[i];
	if (!nf)
		return RT_OK;
	for (i = 0; i < n; i++) {
		rt_object *o = all[i];
		for (k = 0; k < nf; k++) {
			const char *fname = ((rt_function *)funcs[k])->proname;
			bool hit = false;
			if (o->kind == RT_KIND_TABLE) {
				rt_table *t = (rt_table *)o;
				for (int j = 0; j < t->ncolumns && !hit; j++)
					hit = rt_norm_text_calls(t->columns[j].default_expr, fname);
			} else if (o->kind == RT_KIND_CONSTRAINT) {
				rt_constraint *x = (rt_constraint *)o;
				hit = rt_norm_text_calls(x->expr, fname) || rt_norm_text_calls(x->definition, fname);
			} else if (o->kind == RT_KIND_DOMAIN) {
				rt_domain *d = (rt_domain *)o;
				hit = rt_norm_text_calls(d->default_expr, fname);
				for (int j = 0; j < d->nchecks && !hit; j++)
					hit = rt_norm_text_calls(d->checks[j].expr, fname);
			} else if (o->kind == RT_KIND_RANGE && ((rt_range *)o)->subtype_diff) {
				/* "public.f" or "f": the name after the schema */
				const char *diff = ((rt_range *)o)->subtype_diff, *dot = strrchr(diff, '.');
				const char *bare = dot ? dot + 1 : diff;
				hit = !strcmp(bare, fname) || (bare[0] == '"' && !strncmp(bare + 1, fname, strlen(fname)) &&
								bare[strlen(fname) + 1] == '"');
			} else if (o->kind == RT_KIND_INDEX) {
				rt_index *x = (rt_index *)o;
				hit = rt_norm_text_calls(x->predicate, fname);
				for (int j = 0; j < x->nkeys && !hit; j++)
					hit = rt_norm_text_calls(x->keys[j].expr, fname);
			}
			if (hit && (rc = rt_graph_add_dep(c->g, o, funcs[k], c->err)))
				return rc;
		}
	}
	return RT_OK;
}

static const char *NS =
	"n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
	"AND n.nspname !~ '^pg_(toast_)?temp_' ";

int
rt_ddl__read_functions(ddl_ctx *c, PGconn *conn)
{
	PGresult *res = NULL;
	rt_buf q = RT_BUF_INIT, names = RT_BUF_INIT;
	const char *params[1];
	ddl_funcname *fn;
	int rc = RT_OK, i;
	if (c->nfuncs <= 0)
		return RT_OK;
	/* the names as an array literal, each element double-quoted */
	rt_buf_putc(&names, '{');
	for (fn = c->funcnames; fn; fn = fn->next) {
		const char *p;
		rt_buf_puts(&names, fn == c->funcnames ? "\"" : ",\"");
		for (p = fn->name; *p; p++) {
			if (*p == '"' || *p == '\\')
				rt_buf_putc(&names, '\\');
			rt_buf_putc(&names, *p);
		}
		rt_buf_putc(&names, '"');
	}
	rt_buf_putc(&names, '}');
	rt_buf_printf(&q,
		"SELECT " RT_FUNCTION_COLUMNS RT_FUNCTION_FROM
		"WHERE p.prokind IN ('f', 'p') AND p.proname = ANY ($1::pg_catalog.name[]) AND "
		RT_FUNCTION_NOT_INTERNAL "AND %s"
		"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = "
		"  'pg_catalog.pg_proc'::pg_catalog.regclass AND e.objid = p.oid AND e.deptype = 'e') "
		"ORDER BY 1, 2, 3", NS);
	if (rt_buf_failed(&q) || rt_buf_failed(&names)) {
		rc = rt_error_nomem(c->err);
		goto cleanup;
	}
	params[0] = names.ptr;
	res = PQexecParams(conn, q.ptr, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading function definitions");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		rt_function *f;
		rt_object *sch;
		if ((rc = rt_introspect_function(&f, c->g, res, i, 0, c->err)))
			break;
		sch = rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL, f->obj.schema);
		if (sch)
			rc = rt_graph_add_dep(c->g, &f->obj, sch, c->err);
	}
	if (rc)
		goto cleanup;
	PQclear(res);
	/* what the server knows the functions need and what needs them: the types and relations
	 * of their signatures and BEGIN ATOMIC bodies, the functions views call */
	rt_buf_clear(&q);
	rt_buf_puts(&q,
		"WITH f AS (SELECT p.oid, n.nspname, p.proname || '(' || "
		"  pg_catalog.oidvectortypes(p.proargtypes) || ')' AS name "
		"  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
		"  WHERE p.proname = ANY ($1::pg_catalog.name[])) "
		"SELECT 'f', f.nspname, f.name, "
		"  CASE WHEN d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'f' "
		"   WHEN d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass OR t.typrelid <> 0 THEN 'r' "
		"   ELSE 't' END, "
		"  COALESCE(rf.nspname, tn.nspname, cn.nspname), "
		"  COALESCE(rf.name, tc.relname, t.typname, c.relname) "
		"FROM pg_catalog.pg_depend d JOIN f ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
		"  AND d.objid = f.oid "
		"LEFT JOIN f rf ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND rf.oid = d.refobjid "
		"LEFT JOIN pg_catalog.pg_type t0 ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass "
		"  AND t0.oid = d.refobjid "
		"LEFT JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN t0.typcategory = 'A' THEN t0.typelem "
		"  ELSE t0.oid END "
		"LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
		"LEFT JOIN pg_catalog.pg_class tc ON tc.oid = t.typrelid "
		"LEFT JOIN pg_catalog.pg_class c ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
		"  AND c.oid = d.refobjid "
		"LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace "
		"WHERE d.deptype IN ('n', 'a') "
		"UNION ALL "
		"SELECT 'r', vn.nspname, v.relname, 'f', f.nspname, f.name "
		"FROM pg_catalog.pg_depend d JOIN f ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
		"  AND d.refobjid = f.oid "
		"JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
		"  AND r.oid = d.objid "
		"JOIN pg_catalog.pg_class v ON v.oid = r.ev_class "
		"JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace");
	if (rt_buf_failed(&q)) {
		rc = rt_error_nomem(c->err);
		goto cleanup;
	}
	res = PQexecParams(conn, q.ptr, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading function dependencies");
		goto cleanup;
	}
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		rt_object *o;
		const char *kind = PQgetvalue(res, i, 0);
		if (PQgetisnull(res, i, 4) || PQgetisnull(res, i, 5))
			continue;
		o = kind[0] == 'f' ? rt_graph_find(c->g, RT_KIND_FUNCTION, PQgetvalue(res, i, 1), NULL,
						   PQgetvalue(res, i, 2))
				   : rt_graph_find_relation(c->g, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
		if (o)
			rc = rt_ddl__add_dep_named(c, o, PQgetvalue(res, i, 3)[0], PQgetvalue(res, i, 4),
					   PQgetvalue(res, i, 5));
	}
	if (!rc)
		rc = expression_deps(c);
cleanup:
	PQclear(res);
	rt_buf_dispose(&q);
	rt_buf_dispose(&names);
	return rc;
}

/* ---- triggers ----
 * Like functions: CREATE TRIGGER and COMMENT ON TRIGGER are replayed on the server (the short
 * replay builds the tables that have triggers as real tables), then pg_get_triggerdef is read
 * back.  Offline, the definition is the models' own deparse. */

int
rt_ddl__create_trigger(ddl_ctx *c, const PgQuery__CreateTrigStmt *s, PgQuery__Node *stmt)
{
	rt_object *rel = s->relation ? rt_ddl__find_relation(c, s->relation->schemaname[0] ? s->relation->schemaname
											  : NULL,
							    s->relation->relname)
				     : NULL;
	rt_trigger *t;
	rt_object *old;
	int rc;
	if (!rel || (rel->kind != RT_KIND_TABLE && rel->kind != RT_KIND_VIEW))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist or is not a table or view",
				      s->relation ? s->relation->relname : "?");
	c->ntrigs++;
	if (!c->opts->offline)
		return RT_OK;
	if ((old = rt_graph_find(c->g, RT_KIND_TRIGGER, rel->schema, rel->name, s->trigname)))
		rt_graph_remove(c->g, old);
	if ((rc = rt_graph_add((rt_object **)&t, c->g, RT_KIND_TRIGGER, rel->schema, rel->name, s->trigname,
			       c->err)))
		return rc;
	rt_ddl__set_src(c, &t->obj);
	t->definition = rt_graph_strdup(c->g, rt_norm__deparse_stmt(c->stmt, stmt));
	return rt_graph_add_dep(c->g, &t->obj, rel, c->err);
}

int
rt_ddl__read_triggers(ddl_ctx *c, PGconn *conn)
{
	PGresult *res;
	rt_buf q = RT_BUF_INIT;
	int rc = RT_OK, i;
	if (c->ntrigs <= 0)
		return RT_OK;
	rt_buf_printf(&q,
		"SELECT n.nspname, r.relname, t.tgname, pg_catalog.pg_get_triggerdef(t.oid), fn.nspname, "
		"p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', ds.description, t.tgenabled "
		"FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class r ON r.oid = t.tgrelid "
		"JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace "
		"JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid "
		"JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace "
		"LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = t.oid "
		"  AND ds.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND ds.objsubid = 0 "
		"WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND %s ORDER BY 1, 2, 3", NS);
	if (rt_buf_failed(&q)) {
		rt_buf_dispose(&q);
		return rt_error_nomem(c->err);
	}
	res = PQexec(conn, q.ptr);
	rt_buf_dispose(&q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading trigger definitions");
		PQclear(res);
		return rc;
	}
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		rt_object *rel = rt_graph_find_relation(c->g, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		rt_trigger *t;
		if (!rel)
			continue;
		if ((rc = rt_graph_add((rt_object **)&t, c->g, RT_KIND_TRIGGER, rel->schema, rel->name,
				       PQgetvalue(res, i, 2), c->err)))
			break;
		t->definition = rt_graph_strdup(c->g, PQgetvalue(res, i, 3));
		t->obj.comment = PQgetisnull(res, i, 6) ? NULL : rt_graph_strdup(c->g, PQgetvalue(res, i, 6));
		t->enabled = PQgetvalue(res, i, 7)[0] == 'O' ? 0 : PQgetvalue(res, i, 7)[0];
		if (!t->definition) {
			rc = rt_error_nomem(c->err);
			break;
		}
		if (!(rc = rt_graph_add_dep(c->g, &t->obj, rel, c->err)))
			rc = rt_ddl__add_dep_named(c, &t->obj, 'f', PQgetvalue(res, i, 4), PQgetvalue(res, i, 5));
	}
	PQclear(res);
	return rc;
}
