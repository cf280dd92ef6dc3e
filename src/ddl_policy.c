/* DDL front-end: row level security policies.
 *
 * A policy's name, table, command, permissiveness and roles come from the statement as
 * written: the roles are names only (PUBLIC is "public"), which the server applying a
 * migration must know, not the one that reads the models.  Its USING and WITH CHECK
 * expressions are normalized like view bodies (ddl_view.c): they may hold subqueries, and
 * pg_get_expr qualifies their columns and relations (`members.group_id`, `public.members m`),
 * which no parse-only normalization reaches.  So CREATE POLICY, ALTER POLICY (RENAME TO too)
 * and DROP POLICY are replayed on the scratch server with the views and functions — without
 * their TO clause, since the roles need not exist there — and the expressions are read back
 * with introspection's pg_get_expr(polqual, polrelid) under search_path ''.  Offline, the
 * expressions are the models' own deparse.  Only policies with an expression need the server.
 *
 * `TO CURRENT_USER`, `CURRENT_ROLE` and `SESSION_USER` name a role only the applying server
 * knows: they are unsupported (name the role). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "retort/introspect.h"

#include "ddl_int.h"

static rt_table *
policy_table(ddl_ctx *c, const PgQuery__RangeVar *rv)
{
	rt_object *o;
	if (!rv)
		return NULL;
	o = rt_ddl__find_relation(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!o) {
		rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", rv->relname);
		return NULL;
	}
	if (o->kind != RT_KIND_TABLE) {
		rt_ddl__errorf(c, RT_EINVALID, "\"%s\" is not a table", rv->relname);
		return NULL;
	}
	return (rt_table *)o;
}

/* Whether a TO clause names only roles the models can name (not CURRENT_USER ...). */
static bool
roles_supported(PgQuery__Node **roles, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (roles[i]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC &&
		    roles[i]->role_spec->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC &&
		    roles[i]->role_spec->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
			return false;
	return true;
}

/* The roles of a TO clause, as pg_policy keeps them: PUBLIC alone when it is named at all
 * (the server ignores the others, with a warning), PUBLIC when none is named. */
static int
policy_roles(ddl_ctx *c, rt_policy *p, PgQuery__Node **roles, size_t n)
{
	const char **out = rt_graph_alloc(c->g, sizeof *out * (n + 1));
	size_t i;
	int k = 0;
	if (!out)
		return rt_error_nomem(c->err);
	for (i = 0; i < n; i++) {
		const PgQuery__RoleSpec *r = roles[i]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC ? roles[i]->role_spec
												   : NULL;
		if (!r)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid role in TO");
		switch (r->roletype) {
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
			p->roles = out;
			out[0] = "public";
			p->nroles = 1;
			return RT_OK;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
			if (!(out[k++] = rt_graph_strdup(c->g, r->rolename)))
				return rt_error_nomem(c->err);
			break;
		default:
			return rt_ddl__errorf(c, RT_EUNSUPPORTED, "unsupported role in TO");
		}
	}
	if (!k)
		out[k++] = "public";
	p->roles = out;
	p->nroles = k;
	rt_policy_sort_roles(p);
	return RT_OK;
}

static char
policy_cmd(const char *name)
{
	static const struct { const char *name; char cmd; } cmds[] = {
		{"all", '*'}, {"select", 'r'}, {"insert", 'a'}, {"update", 'w'}, {"delete", 'd'},
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (name && !strcmp(name, cmds[i].name))
			return cmds[i].cmd;
	return 0;
}

/* The statement to replay: `stmt` without its TO clause, deparsed. */
static int
replay_without_roles(ddl_ctx *c, PgQuery__Node *stmt)
{
	const char *sql = rt_norm__deparse_stmt(c->stmt, stmt);
	if (!sql)
		return rt_ddl__errorf(c, RT_EUNSUPPORTED, "cannot deparse this policy statement");
	if (!(c->replay_sql = rt_arena_strdup(c->tmp, sql)))
		return rt_error_nomem(c->err);
	return RT_OK;
}

/* The role of CURRENT_USER and the like is the one connected where the migration runs: the
 * models cannot know its name. */
static int
unsupported_roles(ddl_ctx *c)
{
	return rt_ddl__unsupported(c, "POLICY ... TO CURRENT_USER/CURRENT_ROLE/SESSION_USER (name the role)");
}

/* The checks CreatePolicy/AlterPolicy make on the command, so that a model is refused
 * offline too. */
static int
check_cmd_exprs(ddl_ctx *c, const rt_policy *p)
{
	if ((p->cmd == 'r' || p->cmd == 'd') && p->check_expr)
		return rt_ddl__errorf(c, RT_EINVALID, "WITH CHECK cannot be applied to SELECT or DELETE");
	if (p->cmd == 'a' && p->using_expr)
		return rt_ddl__errorf(c, RT_EINVALID, "only WITH CHECK expression allowed for INSERT");
	return RT_OK;
}

static int
set_exprs(ddl_ctx *c, rt_policy *p, const PgQuery__Node *qual, const PgQuery__Node *check)
{
	if (qual && !(p->using_expr = rt_ddl__expr_text(c, qual)))
		return c->err->code;
	if (check && !(p->check_expr = rt_ddl__expr_text(c, check)))
		return c->err->code;
	/* the relations their subqueries read come first (and go into the short replay) */
	if (qual)
		rt_ddl__rangevar_deps(c, &p->obj, qual);
	if (check)
		rt_ddl__rangevar_deps(c, &p->obj, check);
	if (qual || check)
		c->npolicy_exprs++;
	return RT_OK;
}

int
rt_ddl__create_policy(ddl_ctx *c, const PgQuery__CreatePolicyStmt *s, const char *renamed_from)
{
	rt_table *t = policy_table(c, s->table);
	rt_policy *p;
	int rc;
	if (!t)
		return c->err->code;
	if (!roles_supported(s->roles, s->n_roles))
		return unsupported_roles(c);
	if (rt_graph_find(c->g, RT_KIND_POLICY, t->obj.schema, t->obj.name, s->policy_name))
		return rt_ddl__errorf(c, RT_EINVALID, "policy \"%s\" for table \"%s\" already exists",
				      s->policy_name, t->obj.name);
	if ((rc = rt_graph_add((rt_object **)&p, c->g, RT_KIND_POLICY, t->obj.schema, t->obj.name,
			       s->policy_name, c->err)))
		return rc;
	rt_ddl__set_src(c, &p->obj);
	p->obj.renamed_from = renamed_from;
	if (!(p->cmd = policy_cmd(s->cmd_name)))
		return rt_ddl__errorf(c, RT_EPARSE, "unrecognized policy command \"%s\"", s->cmd_name);
	p->permissive = s->permissive;
	if ((rc = policy_roles(c, p, s->roles, s->n_roles)) ||
	    (rc = set_exprs(c, p, s->qual, s->with_check)) || (rc = check_cmd_exprs(c, p)) ||
	    (rc = rt_graph_add_dep(c->g, &p->obj, &t->obj, c->err)))
		return rc;
	{
		/* TO PUBLIC (the deparser wants a role; the grammar puts PUBLIC when none is named) */
		PgQuery__CreatePolicyStmt copy = *s;
		PgQuery__RoleSpec pub = PG_QUERY__ROLE_SPEC__INIT;
		PgQuery__Node node = PG_QUERY__NODE__INIT, pubnode = PG_QUERY__NODE__INIT, *roles[1] = {&pubnode};
		pub.roletype = PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC;
		pubnode.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
		pubnode.role_spec = &pub;
		copy.n_roles = 1;
		copy.roles = roles;
		node.node_case = PG_QUERY__NODE__NODE_CREATE_POLICY_STMT;
		node.create_policy_stmt = &copy;
		return replay_without_roles(c, &node);
	}
}

static rt_policy *
find_policy(ddl_ctx *c, const PgQuery__RangeVar *rv, const char *name, bool missing_ok, rt_table **table_out)
{
	rt_table *t = policy_table(c, rv);
	rt_policy *p;
	*table_out = t;
	if (!t)
		return NULL;
	p = (rt_policy *)rt_graph_find(c->g, RT_KIND_POLICY, t->obj.schema, t->obj.name, name);
	if (!p && !missing_ok)
		rt_ddl__errorf(c, RT_ENOTFOUND, "policy \"%s\" for table \"%s\" does not exist", name, t->obj.name);
	return p;
}

int
rt_ddl__alter_policy(ddl_ctx *c, const PgQuery__AlterPolicyStmt *s)
{
	rt_table *t;
	rt_policy *p = find_policy(c, s->table, s->policy_name, false, &t);
	int rc;
	if (!p)
		return c->err->code;
	if (!roles_supported(s->roles, s->n_roles))
		return unsupported_roles(c);
	if (s->n_roles && (rc = policy_roles(c, p, s->roles, s->n_roles)))
		return rc;
	if ((rc = set_exprs(c, p, s->qual, s->with_check)) || (rc = check_cmd_exprs(c, p)))
		return rc;
	{
		PgQuery__AlterPolicyStmt copy = *s;
		PgQuery__Node node = PG_QUERY__NODE__INIT;
		copy.n_roles = 0;
		copy.roles = NULL;
		node.node_case = PG_QUERY__NODE__NODE_ALTER_POLICY_STMT;
		node.alter_policy_stmt = &copy;
		return replay_without_roles(c, &node);
	}
}

/* ALTER POLICY ... RENAME TO: the same policy under its new name (its dependencies too). */
int
rt_ddl__rename_policy(ddl_ctx *c, const PgQuery__RenameStmt *s)
{
	rt_table *t;
	rt_policy *p = find_policy(c, s->relation, s->subname, s->missing_ok, &t);
	rt_object *n;
	int rc, i;
	if (!p)
		return t && s->missing_ok ? RT_OK : c->err->code;
	if (rt_graph_find(c->g, RT_KIND_POLICY, t->obj.schema, t->obj.name, s->newname))
		return rt_ddl__errorf(c, RT_EINVALID, "policy \"%s\" for table \"%s\" already exists", s->newname,
				      t->obj.name);
	rt_graph_remove(c->g, &p->obj);
	if ((rc = rt_graph_copy_object(&n, c->g, &p->obj, s->newname, c->err)))
		return rc;
	for (i = 0; i < p->obj.ndeps; i++)
		if ((rc = rt_graph_add_dep(c->g, n, p->obj.deps[i], c->err)))
			return rc;
	return RT_OK;
}

/* DROP POLICY [IF EXISTS] name ON table: `items` is the table's qualified name then the
 * policy's. */
int
rt_ddl__drop_policy(ddl_ctx *c, PgQuery__Node **items, size_t n, bool missing_ok)
{
	PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
	const char *schema = NULL, *table = NULL, *name;
	rt_table *t;
	rt_policy *p;
	int rc;
	if (n < 2 || !(name = rt_ddl__str(items[n - 1])))
		return rt_ddl__errorf(c, RT_EPARSE, "invalid DROP POLICY target");
	if ((rc = rt_ddl__qualname(c, items, n - 1, &schema, &table)))
		return rc;
	rv.schemaname = (char *)(schema ? schema : "");
	rv.relname = (char *)table;
	if (!(p = find_policy(c, &rv, name, missing_ok, &t))) {
		if (!missing_ok)
			return c->err->code;
		/* IF EXISTS skips a missing table too, as the server does */
		rt_error_clear(c->err);
		return RT_OK;
	}
	rt_graph_remove(c->g, &p->obj);
	return RT_OK;
}

rt_policy *
rt_ddl__find_policy(ddl_ctx *c, PgQuery__Node **items, size_t n)
{
	PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
	const char *schema = NULL, *table = NULL, *name;
	rt_table *t;
	if (n < 2 || !(name = rt_ddl__str(items[n - 1])) || rt_ddl__qualname(c, items, n - 1, &schema, &table)) {
		rt_ddl__errorf(c, RT_EPARSE, "invalid POLICY target");
		return NULL;
	}
	rv.schemaname = (char *)(schema ? schema : "");
	rv.relname = (char *)table;
	return find_policy(c, &rv, name, false, &t);
}

/* ---- read back from the server ---- */

int
rt_ddl__read_policies(ddl_ctx *c, PGconn *conn)
{
	PGresult *res;
	int rc = RT_OK, i;
	if (c->npolicy_exprs <= 0)
		return RT_OK;
	if (PQresultStatus(res = PQexec(conn, "SET LOCAL search_path = ''")) != PGRES_COMMAND_OK) {
		rc = rt_db_error(c->err, conn, res, "setting search_path");
		PQclear(res);
		return rc;
	}
	PQclear(res);
	/* the expressions as introspect.c reads them */
	res = PQexec(conn,
		"SELECT n.nspname, c.relname, p.polname, pg_catalog.pg_get_expr(p.polqual, p.polrelid), "
		"pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) "
		"FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ORDER BY 1, 2, 3");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading policy expressions");
		PQclear(res);
		return rc;
	}
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		rt_policy *p = (rt_policy *)rt_graph_find(c->g, RT_KIND_POLICY, PQgetvalue(res, i, 0),
							  PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
		if (!p)
			continue;
		p->using_expr = PQgetisnull(res, i, 3) ? NULL : rt_graph_strdup(c->g, PQgetvalue(res, i, 3));
		p->check_expr = PQgetisnull(res, i, 4) ? NULL : rt_graph_strdup(c->g, PQgetvalue(res, i, 4));
		if ((!PQgetisnull(res, i, 3) && !p->using_expr) || (!PQgetisnull(res, i, 4) && !p->check_expr))
			rc = rt_error_nomem(c->err);
	}
	PQclear(res);
	if (rc)
		return rc;
	/* the functions and types they use, from the server's pg_depend (the relations their
	 * subqueries read were found in the statements) */
	res = PQexec(conn,
		"SELECT n.nspname, c.relname, p.polname, "
		"  CASE WHEN d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'f' ELSE 't' END, "
		"  COALESCE(pn.nspname, tn.nspname), "
		"  COALESCE(pp.proname || '(' || pg_catalog.oidvectortypes(pp.proargtypes) || ')', t.typname) "
		"FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass "
		"  AND d.objid = p.oid "
		"LEFT JOIN pg_catalog.pg_proc pp ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
		"  AND pp.oid = d.refobjid "
		"LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pp.pronamespace "
		"LEFT JOIN pg_catalog.pg_type t ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass "
		"  AND t.oid = d.refobjid "
		"LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
		"WHERE pp.oid IS NOT NULL OR t.oid IS NOT NULL ORDER BY 1, 2, 3, 4, 5, 6");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = rt_db_error(c->err, conn, res, "reading policy dependencies");
		PQclear(res);
		return rc;
	}
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		rt_object *p = rt_graph_find(c->g, RT_KIND_POLICY, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
					     PQgetvalue(res, i, 2));
		if (p)
			rc = rt_ddl__add_dep_named(c, p, PQgetvalue(res, i, 3)[0], PQgetvalue(res, i, 4),
						   PQgetvalue(res, i, 5));
	}
	PQclear(res);
	return rc;
}
