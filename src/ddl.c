/* DDL front-end: model files → schema graph, with PostgreSQL's own parser (libpg_query, the
 * protobuf tree walked from C).  This file reads files, splits them into statements, keeps the
 * search_path, dispatches each statement and handles schemas, extensions, comments and DROP;
 * tables live in ddl_table.c, types and sequences in ddl_type.c, views in ddl_view.c.
 *
 * The contract: for any schema S, the graph built here from S's DDL equals, field by field,
 * the graph introspect.c builds from a database loaded with S. */
#include "retort/ddl.h"

#include <ctype.h>
#include <dirent.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "retort/introspect.h"
#include "retort/sql.h"

#include "ddl_int.h"

/* ---- errors and small helpers ---- */

int
rt_ddl__line_of(ddl_ctx *c, int offset)
{
	int line = 1, i;
	for (i = 0; c->text && i < offset && c->text[i]; i++)
		if (c->text[i] == '\n')
			line++;
	return line;
}

int
rt_ddl__errorf(ddl_ctx *c, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rt_error_set(c->err, code, "%s", msg);
	if (c->path)
		rt_error_at_line(c->err, c->path, c->stmt_line, 0);
	return code;
}

int
rt_ddl__error_at(ddl_ctx *c, int code, int offset, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rt_error_set(c->err, code, "%s", msg);
	rt_error_at_offset(c->err, c->path, c->text, offset);
	return code;
}

const char *
rt_ddl__strdup(ddl_ctx *c, const char *s)
{
	return rt_graph_strdup(c->g, s);
}

const char *
rt_ddl__printf(ddl_ctx *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return rt_graph_strdup(c->g, buf);
}

const char *
rt_ddl__str(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string ? n->string->sval : NULL;
}

int
rt_ddl__qualname(ddl_ctx *c, PgQuery__Node **items, size_t n, const char **schema, const char **name)
{
	*schema = NULL;
	*name = NULL;
	if (n == 0 || n > 3 || !rt_ddl__str(items[n - 1]))
		return rt_ddl__errorf(c, RT_EPARSE, "improper qualified name");
	*name = rt_ddl__str(items[n - 1]);
	if (n >= 2 && !(*schema = rt_ddl__str(items[n - 2])))
		return rt_ddl__errorf(c, RT_EPARSE, "improper qualified name");
	return RT_OK;
}

void
rt_ddl__set_src(ddl_ctx *c, rt_object *o)
{
	o->src_path = c->path ? rt_graph_strdup(c->g, c->path) : NULL;
	o->src_line = c->stmt_line;
}

/* 'seq'::regclass names a relation through the search path in force when the statement runs;
 * the server stores the relation itself and prints it qualified ('public.seq').  Do the same
 * here, or the expression means another relation once applied under another search path. */
static char *
qualify_regclass(ddl_ctx *c, char *s)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = s, *q;
	char *out;
	if (!strstr(s, "::regclass"))
		return s;
	while ((q = strchr(p, '\'')) != NULL) {
		const char *end = strchr(q + 1, '\'');
		size_t n;
		if (!end)
			break;
		n = (size_t)(end - q - 1);
		rt_buf_putn(&b, p, (size_t)(q - p));
		if (!strncmp(end + 1, "::regclass", 10) && n > 0 && n < 200 && !memchr(q + 1, '.', n) &&
		    !memchr(q + 1, '"', n)) {
			char name[256];
			const char *schema = NULL;
			memcpy(name, q + 1, n);
			name[n] = '\0';
			for (int i = 0; i < c->nsearch && !schema; i++)
				if (rt_graph_find_relation(c->g, c->search_path[i], name))
					schema = c->search_path[i];
			if (!schema)
				schema = rt_ddl__creation_schema(c);
			rt_buf_putc(&b, '\'');
			if (schema) {
				rt_buf q2 = RT_BUF_INIT;
				rt_sql_qualified(&q2, schema, name);
				/* inside a literal: double any quote */
				for (const char *r = rt_buf_cstr(&q2); *r; r++) {
					if (*r == '\'')
						rt_buf_putc(&b, '\'');
					rt_buf_putc(&b, *r);
				}
				rt_buf_dispose(&q2);
			} else {
				rt_buf_putn(&b, q + 1, n);
			}
			rt_buf_putc(&b, '\'');
		} else {
			rt_buf_putn(&b, q, (size_t)(end - q + 1));
		}
		p = end + 1;
	}
	rt_buf_puts(&b, p);
	if (rt_buf_failed(&b)) {
		rt_buf_dispose(&b);
		return NULL;
	}
	out = rt_arena_strdup(c->stmt, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	return out;
}

char *
rt_ddl__expr_text(ddl_ctx *c, const PgQuery__Node *expr)
{
	char *s;
	if (!expr) {
		rt_ddl__errorf(c, RT_EPARSE, "missing expression");
		return NULL;
	}
	s = rt_norm__deparse_expr(c->stmt, expr);
	if (!s) {
		rt_ddl__errorf(c, RT_EUNSUPPORTED, "cannot deparse an expression of this statement");
		return NULL;
	}
	s = qualify_regclass(c, s);
	s = s ? (char *)rt_graph_strdup(c->g, s) : NULL;
	if (!s)
		rt_error_nomem(c->err);
	return s;
}

/* A DEFAULT clause takes a b_expr: AND/OR/NOT, IS [NOT] NULL, IS TRUE, IN, LIKE, BETWEEN,
 * = ANY, COLLATE, AT TIME ZONE... need parentheses there, which the deparse leaves out (the
 * server prints them back with theirs).  Column and domain defaults, generated expressions. */
static bool
needs_parens_in_default(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
	case PG_QUERY__NODE__NODE_NULL_TEST:
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return true;
	case PG_QUERY__NODE__NODE_A_EXPR:
		return n->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP &&
		       n->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT &&
		       n->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return n->func_call->funcformat == PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX;
	default:
		return false;
	}
}

char *
rt_ddl__default_text(ddl_ctx *c, const PgQuery__Node *expr)
{
	char *s = rt_ddl__expr_text(c, expr), *w;
	if (!s || !needs_parens_in_default(expr))
		return s;
	if (!(w = (char *)rt_graph_alloc(c->g, strlen(s) + 3))) {
		rt_error_nomem(c->err);
		return NULL;
	}
	sprintf(w, "(%s)", s);
	return w;
}

static void
logf_(ddl_ctx *c, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
logf_(ddl_ctx *c, int level, const char *fmt, ...)
{
	char msg[640];
	va_list ap;
	if (!c->opts->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->opts->log(c->opts->log_payload, level, msg);
}

int
rt_ddl__unsupported(ddl_ctx *c, const char *what)
{
	if (c->opts->skip_unsupported) {
		logf_(c, RT_LOG_WARNING, "%s:%d: skipping unsupported statement %s", c->path, c->stmt_line, what);
		return RT_OK;
	}
	rt_ddl__errorf(c, RT_EUNSUPPORTED, "unsupported statement %s: retort does not model it", what);
	rt_error_hint(c->err, "remove it from the models, or pass --skip-unsupported to ignore it with a warning");
	return RT_EUNSUPPORTED;
}

/* A statement that is not schema retort manages: a warning, never an error. */
static int
ignored(ddl_ctx *c, const char *what)
{
	logf_(c, RT_LOG_WARNING, "%s:%d: ignoring %s", c->path, c->stmt_line, what);
	return RT_OK;
}

/* ---- name sets (pg_class and pg_constraint names per schema) ---- */

static char *
name_key(char *buf, size_t cap, const char *schema, const char *name)
{
	size_t ls = strlen(schema), ln = strlen(name), need = ls + ln + 2;
	char *k = need <= cap ? buf : rt_malloc(need);
	if (k) {
		memcpy(k, schema, ls);
		k[ls] = '\x1f';
		memcpy(k + ls + 1, name, ln + 1);
	}
	return k;
}

ddl_name *
rt_ddl__name_find(ddl_name *set, const char *schema, const char *name)
{
	char buf[256], *k = name_key(buf, sizeof buf, schema, name);
	ddl_name *e = NULL;
	if (!k)
		return NULL;
	HASH_FIND_STR(set, k, e);
	if (k != buf)
		rt_free(k);
	return e;
}

bool
rt_ddl__name_used(ddl_name *set, const char *schema, const char *name)
{
	return rt_ddl__name_find(set, schema, name) != NULL;
}

int
rt_ddl__name_add(ddl_ctx *c, ddl_name **set, const char *schema, const char *name)
{
	ddl_name *e;
	size_t need = strlen(schema) + strlen(name) + 2;
	if (rt_ddl__name_find(*set, schema, name))
		return RT_OK;
	e = rt_arena_alloc(c->tmp, sizeof *e);
	if (!e || !(e->key = rt_arena_alloc(c->tmp, need)))
		return rt_error_nomem(c->err);
	name_key(e->key, need, schema, name);
	HASH_ADD_KEYPTR(hh, *set, e->key, strlen(e->key), e);
	return RT_OK;
}

void
rt_ddl__name_del(ddl_name **set, const char *schema, const char *name)
{
	ddl_name *e = rt_ddl__name_find(*set, schema, name);
	if (e)
		HASH_DELETE(hh, *set, e);
}

const char *
rt_ddl__choose_relname(ddl_ctx *c, const char *schema, const char *name1, const char *name2,
		       const char *label, bool isconstraint)
{
	return rt_ddl__choose_relname_but(c, schema, name1, name2, label, isconstraint, NULL);
}

const char *
rt_ddl__choose_relname_but(ddl_ctx *c, const char *schema, const char *name1, const char *name2,
			   const char *label, bool isconstraint, const char *self)
{
	char name[RT_NAMEDATALEN + 16], modlabel[RT_NAMEDATALEN];
	int pass = 0;
	snprintf(modlabel, sizeof modlabel, "%s", label);
	for (;;) {
		rt_ddl__make_object_name(name, name1, name2, modlabel);
		if ((self && !strcmp(name, self)) ||
		    (!rt_ddl__name_used(c->relnames, schema, name) &&
		     (!isconstraint || !rt_ddl__name_used(c->connames, schema, name))))
			break;
		snprintf(modlabel, sizeof modlabel, "%s%d", label, ++pass);
	}
	return rt_graph_strdup(c->g, name);
}

const char *
rt_ddl__choose_conname(ddl_ctx *c, const char *schema, const char *name1, const char *name2,
		       const char *label, const char *const *others, int nothers)
{
	char name[RT_NAMEDATALEN + 16], modlabel[RT_NAMEDATALEN];
	int pass = 0, i;
	snprintf(modlabel, sizeof modlabel, "%s", label);
	for (;;) {
		bool found = false;
		rt_ddl__make_object_name(name, name1, name2, modlabel);
		for (i = 0; i < nothers && !found; i++)
			found = others[i] && strcmp(others[i], name) == 0;
		if (!found && !rt_ddl__name_used(c->connames, schema, name))
			break;
		snprintf(modlabel, sizeof modlabel, "%s%d", label, ++pass);
	}
	return rt_graph_strdup(c->g, name);
}

/* ---- schemas and search_path ---- */

bool
rt_ddl__schema_exists(ddl_ctx *c, const char *schema)
{
	if (!schema || !schema[0])
		return false;
	return rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL, schema) != NULL;
}

const char *
rt_ddl__creation_schema(ddl_ctx *c)
{
	int i;
	for (i = 0; i < c->nsearch; i++)
		if (rt_ddl__schema_exists(c, c->search_path[i]))
			return c->search_path[i];
	rt_ddl__errorf(c, RT_EINVALID, "no schema has been selected to create in");
	return NULL;
}

int
rt_ddl__schema_dep(ddl_ctx *c, rt_object *o)
{
	rt_object *s;
	if (!o->schema)
		return RT_OK;
	s = rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL, o->schema);
	return rt_graph_add_dep(c->g, o, s, c->err);
}

rt_extension *
rt_ddl__extension_in(ddl_ctx *c, const char *schema)
{
	int i;
	for (i = 0; i < c->nexts; i++) {
		rt_extension *x = c->exts[i];
		if (x->ext_schema && !strcmp(x->ext_schema, schema) &&
		    rt_graph_find(c->g, RT_KIND_EXTENSION, NULL, NULL, x->obj.name) == &x->obj)
			return x;
	}
	return NULL;
}

rt_object *
rt_ddl__find_relation(ddl_ctx *c, const char *schema, const char *name)
{
	int i;
	if (schema && schema[0])
		return rt_graph_find_relation(c->g, schema, name);
	for (i = 0; i < c->nsearch; i++) {
		rt_object *o;
		if (!rt_ddl__schema_exists(c, c->search_path[i]))
			continue;
		if ((o = rt_graph_find_relation(c->g, c->search_path[i], name)))
			return o;
		/* the pg_class namespace is shared: an index or an identity sequence hides
		 * later schemas' tables of the same name */
		if (rt_ddl__name_used(c->relnames, c->search_path[i], name))
			return NULL;
	}
	return NULL;
}

rt_table *
rt_ddl__find_table(ddl_ctx *c, const char *schema, const char *name)
{
	rt_object *o = rt_ddl__find_relation(c, schema, name);
	return o && o->kind == RT_KIND_TABLE ? (rt_table *)o : NULL;
}

static void
reset_search_path(ddl_ctx *c)
{
	static const char *const def[] = {"$user", "public"};
	c->search_path = (const char **)def;
	c->nsearch = 2;
}

static int
set_search_path_list(ddl_ctx *c, const char **names, int n)
{
	const char **p = rt_arena_alloc(c->tmp, sizeof *p * ((size_t)n + 1));
	int i;
	if (!p)
		return rt_error_nomem(c->err);
	for (i = 0; i < n; i++)
		if (!(p[i] = rt_arena_strdup(c->tmp, names[i])))
			return rt_error_nomem(c->err);
	c->search_path = p;
	c->nsearch = n;
	return RT_OK;
}

/* SplitIdentifierString: a GUC list as text ("a, \"B\"") into raw names. */
static int
set_search_path_text(ddl_ctx *c, const char *s)
{
	const char *names[64];
	char *buf = rt_arena_strdup(c->tmp, s), *p = buf;
	int n = 0;
	if (!buf)
		return rt_error_nomem(c->err);
	while (*p && n < 64) {
		char *start, *o;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			start = o = ++p;
			while (*p) {
				if (*p == '"') {
					if (p[1] == '"') {
						*o++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*o++ = *p++;
			}
			*o = '\0';
		} else {
			start = p;
			while (*p && *p != ',' && !isspace((unsigned char)*p)) {
				*p = (char)tolower((unsigned char)*p);
				p++;
			}
			if (*p) {
				char ch = *p;
				*p = '\0';
				if (ch == ',') {
					names[n++] = start;
					p++;
					continue;
				}
				p++;
			}
		}
		names[n++] = start;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
	}
	return set_search_path_list(c, names, n);
}

static int
variable_set(ddl_ctx *c, const PgQuery__VariableSetStmt *s)
{
	const char *names[64];
	size_t i;
	int n = 0;
	if (!s->name || strcmp(s->name, "search_path") != 0) {
		if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
			reset_search_path(c);
		return RT_OK; /* other settings do not change the schema */
	}
	switch (s->kind) {
	case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
		for (i = 0; i < s->n_args && n < 64; i++) {
			const PgQuery__Node *a = s->args[i];
			if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			    a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
				names[n++] = a->a_const->sval->sval;
		}
		return set_search_path_list(c, names, n);
	case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
	case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
		reset_search_path(c);
		return RT_OK;
	default:
		return RT_OK;
	}
}

/* pg_dump starts with SELECT pg_catalog.set_config('search_path', '', false): the one SELECT
 * that models may hold. */
static bool
select_set_config(ddl_ctx *c, const PgQuery__SelectStmt *s, int *rc)
{
	const PgQuery__FuncCall *f;
	const char *fn, *var, *val;
	if (s->n_target_list != 1 || s->n_from_clause || s->where_clause ||
	    s->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
	    !s->target_list[0]->res_target->val ||
	    s->target_list[0]->res_target->val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return false;
	f = s->target_list[0]->res_target->val->func_call;
	fn = f->n_funcname ? rt_ddl__str(f->funcname[f->n_funcname - 1]) : NULL;
	if (!fn || strcmp(fn, "set_config") != 0 || f->n_args != 3)
		return false;
	if (f->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    f->args[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
	    f->args[1]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    f->args[1]->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return false;
	var = f->args[0]->a_const->sval->sval;
	val = f->args[1]->a_const->sval->sval;
	*rc = strcmp(var, "search_path") == 0 ? set_search_path_text(c, val) : RT_OK;
	return true;
}

static bool
select_setval(const PgQuery__SelectStmt *s)
{
	const PgQuery__FuncCall *f;
	const char *fn;
	if (s->n_target_list != 1 || s->n_from_clause ||
	    s->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
	    !s->target_list[0]->res_target->val ||
	    s->target_list[0]->res_target->val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return false;
	f = s->target_list[0]->res_target->val->func_call;
	fn = f->n_funcname ? rt_ddl__str(f->funcname[f->n_funcname - 1]) : NULL;
	return fn && strcmp(fn, "setval") == 0;
}

static int
create_schema_elts(ddl_ctx *c, PgQuery__Node **elts, size_t n, const char *schema);

static int
create_schema(ddl_ctx *c, const PgQuery__CreateSchemaStmt *s)
{
	const char *name = s->schemaname;
	rt_object *o;
	int rc;
	if ((!name || !name[0]) && s->authrole && s->authrole->rolename)
		name = s->authrole->rolename;
	if (!name || !name[0])
		return rt_ddl__errorf(c, RT_EPARSE, "missing schema name");
	if (strncmp(name, "pg_", 3) == 0)
		return rt_ddl__errorf(c, RT_EINVALID, "unacceptable schema name \"%s\"", name);
	if (rt_ddl__schema_exists(c, name)) {
		if (s->if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "schema \"%s\" already exists", name);
	}
	if ((rc = rt_graph_add(&o, c->g, RT_KIND_SCHEMA, NULL, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, o);
	return create_schema_elts(c, s->schema_elts, s->n_schema_elts, o->name);
}

static int
create_extension(ddl_ctx *c, const PgQuery__CreateExtensionStmt *s)
{
	const char *schema = NULL, *version = NULL;
	rt_extension *x;
	size_t i;
	int rc;
	/* every database has plpgsql; introspection leaves it out */
	if (!strcmp(s->extname, "plpgsql"))
		return RT_OK;
	if (rt_graph_find(c->g, RT_KIND_EXTENSION, NULL, NULL, s->extname)) {
		if (s->if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "extension \"%s\" already exists", s->extname);
	}
	for (i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d;
		if (s->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = s->options[i]->def_elem;
		if (!strcmp(d->defname, "schema"))
			schema = rt_ddl__str(d->arg);
		else if (!strcmp(d->defname, "new_version"))
			version = rt_ddl__str(d->arg);
	}
	if (schema && !rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	if (!schema && !(schema = rt_ddl__creation_schema(c)))
		return c->err->code;
	if ((rc = rt_graph_add((rt_object **)&x, c->g, RT_KIND_EXTENSION, NULL, NULL, s->extname, c->err)))
		return rc;
	rt_ddl__set_src(c, &x->obj);
	x->ext_schema = rt_graph_strdup(c->g, schema);
	if (c->nexts == c->capexts) {
		int cap = c->capexts ? c->capexts * 2 : 8;
		rt_extension **v = rt_arena_alloc(c->tmp, sizeof *v * (size_t)cap);
		if (!v)
			return rt_error_nomem(c->err);
		if (c->nexts)
			memcpy(v, c->exts, sizeof *v * (size_t)c->nexts);
		c->exts = v;
		c->capexts = cap;
	}
	c->exts[c->nexts++] = x;
	x->version = version ? rt_graph_strdup(c->g, version) : NULL;
	return rt_graph_add_dep(c->g, &x->obj, rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL, schema),
				c->err);
}

/* ---- reloptions and DefElem values ---- */

const char *
rt_ddl__defel_string(ddl_ctx *c, const PgQuery__DefElem *d)
{
	const PgQuery__Node *a = d->arg;
	char buf[64];
	(void)c;
	if (!a)
		return "true";
	switch (a->node_case) {
	case PG_QUERY__NODE__NODE_INTEGER:
		snprintf(buf, sizeof buf, "%d", a->integer->ival);
		return rt_arena_strdup(c->tmp, buf);
	case PG_QUERY__NODE__NODE_FLOAT:
		return a->float_->fval;
	case PG_QUERY__NODE__NODE_BOOLEAN:
		return a->boolean->boolval ? "true" : "false";
	case PG_QUERY__NODE__NODE_STRING:
		return a->string->sval;
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		if (a->type_name->n_names)
			return rt_ddl__str(a->type_name->names[a->type_name->n_names - 1]);
		return NULL;
	case PG_QUERY__NODE__NODE_A_CONST:
		if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			return a->a_const->sval->sval;
		if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
			snprintf(buf, sizeof buf, "%d", a->a_const->ival->ival);
			return rt_arena_strdup(c->tmp, buf);
		}
		if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_FVAL)
			return a->a_const->fval->fval;
		return NULL;
	default:
		return NULL;
	}
}

int
rt_ddl__reloptions(ddl_ctx *c, PgQuery__Node **opts, size_t n, const char ***out, int *nout,
		   bool skip_check_option)
{
	const char **arr;
	size_t i;
	int k = 0;
	*out = NULL;
	*nout = 0;
	if (!n)
		return RT_OK;
	arr = rt_graph_alloc(c->g, sizeof *arr * (n + 1));
	if (!arr)
		return rt_error_nomem(c->err);
	for (i = 0; i < n; i++) {
		const PgQuery__DefElem *d;
		const char *v;
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = opts[i]->def_elem;
		/* toast.* options belong to the TOAST table, not to this relation */
		if (d->defnamespace && d->defnamespace[0])
			continue;
		if (skip_check_option && !strcmp(d->defname, "check_option"))
			continue;
		if (!(v = rt_ddl__defel_string(c, d)))
			return rt_ddl__errorf(c, RT_EPARSE, "invalid value for option \"%s\"", d->defname);
		arr[k++] = rt_ddl__printf(c, "%s=%s", d->defname, v);
	}
	/* the catalog keeps them in the order written, as introspection reads them */
	*out = arr;
	*nout = k;
	return RT_OK;
}

/* ---- annotations ---- */

/* Is there code between the start of p's line (or `from`, if later) and p? */
static bool
code_before(const char *t, int from, const char *p)
{
	const char *q = p;
	while (q > t + from && q[-1] != '\n') {
		q--;
		if (!isspace((unsigned char)*q))
			return true;
	}
	return false;
}

/* `-- @renamed from=NAME` (psqldef's spelling) inside a -- comment of [from, to).  NAME is an
 * identifier: folded to lower case unless double-quoted.  from < 0 means the comments before
 * the current statement.  A column's annotation ends one of the column's lines: a comment on
 * a line of its own inside a table's parentheses belongs to no column. */
const char *
rt_ddl__renamed_in(ddl_ctx *c, int from, int to, bool trailing)
{
	const char *t = c->text, *p, *end;
	if (from < 0)
		from = c->stmt_raw;
	if (!t || from >= to)
		return NULL;
	end = t + to;
	for (p = t + from; p + 1 < end; p++) {
		const char *q, *eol;
		if (p[0] != '-' || p[1] != '-')
			continue;
		eol = p;
		while (eol < end && *eol != '\n')
			eol++;
		if (trailing && !code_before(t, from, p)) {
			p = eol;
			continue;
		}
		for (q = p + 2; q + 8 <= eol; q++) {
			const char *r;
			char name[RT_NAMEDATALEN * 2];
			size_t n = 0;
			if (strncmp(q, "@renamed", 8) != 0)
				continue;
			r = q + 8;
			while (r < eol && (*r == ' ' || *r == '\t'))
				r++;
			if (eol - r < 5 || strncmp(r, "from=", 5) != 0)
				continue;
			r += 5;
			if (r < eol && *r == '"') {
				for (r++; r < eol && n < sizeof name - 1; r++) {
					if (*r == '"') {
						if (r + 1 < eol && r[1] == '"') {
							name[n++] = '"';
							r++;
							continue;
						}
						break;
					}
					name[n++] = *r;
				}
			} else {
				for (; r < eol && !isspace((unsigned char)*r) && n < sizeof name - 1; r++)
					name[n++] = (char)tolower((unsigned char)*r);
			}
			name[n] = '\0';
			return n ? rt_graph_strdup(c->g, name) : NULL;
		}
		p = eol;
	}
	return NULL;
}

/* ---- COMMENT ON ---- */

static rt_object *
relation_of_kind(ddl_ctx *c, const char *schema, const char *name, rt_kind kind)
{
	rt_object *o = rt_ddl__find_relation(c, schema, name);
	return o && o->kind == kind ? o : NULL;
}

static int
list_names(const PgQuery__Node *n, PgQuery__Node ***items, size_t *count)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_LIST)
		return -1;
	*items = n->list->items;
	*count = n->list->n_items;
	return 0;
}

static ddl_name *
find_index_name(ddl_ctx *c, const char *schema, const char *name)
{
	int i;
	if (schema)
		return rt_ddl__name_find(c->relnames, schema, name);
	for (i = 0; i < c->nsearch; i++) {
		ddl_name *e;
		if (!rt_ddl__schema_exists(c, c->search_path[i]))
			continue;
		if ((e = rt_ddl__name_find(c->relnames, c->search_path[i], name)))
			return e;
	}
	return NULL;
}

static rt_object *
find_type_any(ddl_ctx *c, const PgQuery__Node *n, rt_kind kind)
{
	const char *schema, *name;
	int i;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
		return NULL;
	if (rt_ddl__qualname(c, n->type_name->names, n->type_name->n_names, &schema, &name))
		return NULL;
	if (schema)
		return rt_graph_find(c->g, kind, schema, NULL, name);
	for (i = 0; i < c->nsearch; i++) {
		rt_object *o = rt_graph_find(c->g, kind, c->search_path[i], NULL, name);
		if (o)
			return o;
	}
	return NULL;
}

static int
comment_on(ddl_ctx *c, const PgQuery__CommentStmt *s)
{
	const char *text = s->comment && s->comment[0] ? rt_graph_strdup(c->g, s->comment) : NULL;
	PgQuery__Node **items;
	size_t n;
	const char *schema = NULL, *name = NULL;
	rt_object *o = NULL;
	int rc;
	switch (s->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		return RT_OK; /* replayed on the server with the functions (ddl_func.c) */
	case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
		/* a property of the database the models are applied to, not of its schema (pg_dump
		 * writes it only with --create) */
		return ignored(c, "COMMENT ON DATABASE (the database is not part of the models)");
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		name = rt_ddl__str(s->object);
		o = name ? rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL, name) : NULL;
		if (o && text && RT_IS_PUBLIC_SCHEMA(o) && !strcmp(text, RT_PUBLIC_SCHEMA_COMMENT))
			text = NULL; /* the comment every database starts with */
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
		/* introspection keeps an extension's comment only when it is not the one its own
		 * script sets: one written in the models is the user's */
		name = rt_ddl__str(s->object);
		if (name && !strcmp(name, "plpgsql"))
			return RT_OK; /* installed in every database, not an object of the graph */
		o = name ? rt_graph_find(c->g, RT_KIND_EXTENSION, NULL, NULL, name) : NULL;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
		rt_kind k = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ? RT_KIND_TABLE
			  : s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ? RT_KIND_VIEW
			  : s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ? RT_KIND_MATVIEW
			  : s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ? RT_KIND_SEQUENCE
			  : RT_KIND_INDEX;
		if (list_names(s->object, &items, &n) ||
		    (rc = rt_ddl__qualname(c, items, n, &schema, &name)))
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON target");
		if (k == RT_KIND_INDEX) {
			ddl_name *e = find_index_name(c, schema, name);
			o = e && e->obj && e->obj->kind == RT_KIND_INDEX ? e->obj : NULL;
		} else {
			o = relation_of_kind(c, schema, name, k);
		}
		if (!o && k == RT_KIND_SEQUENCE) {
			/* an identity column's implicit sequence is no object of the graph: its comment
			 * belongs to the column (pg_description on the sequence, read back the same way) */
			ddl_name *e = find_index_name(c, schema, name);
			rt_column *col = e && e->table && e->column ? rt_ddl__find_column(e->table, e->column) : NULL;
			if (col && col->identity) {
				col->identity_comment = text;
				return RT_OK;
			}
		}
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		o = find_type_any(c, s->object, RT_KIND_ENUM);
		if (!o)
			o = find_type_any(c, s->object, RT_KIND_DOMAIN);
		if (!o)
			o = find_type_any(c, s->object, RT_KIND_COMPOSITE);
		if (!o)
			o = find_type_any(c, s->object, RT_KIND_RANGE);
		name = "type";
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		o = find_type_any(c, s->object, RT_KIND_DOMAIN);
		name = "domain";
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
		if (list_names(s->object, &items, &n) || (rc = rt_ddl__qualname(c, items, n, &schema, &name)))
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON COLLATION target");
		o = rt_ddl__find_collation(c, schema, name);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT:
		if (list_names(s->object, &items, &n))
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON STATISTICS target");
		o = (rt_object *)rt_ddl__find_statistics(c, items, n, &name);
		if (!name)
			return RT_EPARSE;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: {
		/* (domain type, constraint name) */
		rt_domain *d;
		const char *con;
		if (list_names(s->object, &items, &n) || n != 2 || !(con = rt_ddl__str(items[1])))
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON CONSTRAINT ... ON DOMAIN target");
		if (!(d = (rt_domain *)find_type_any(c, items[0], RT_KIND_DOMAIN)))
			return rt_ddl__errorf(c, RT_ENOTFOUND, "domain of constraint \"%s\" does not exist", con);
		for (int i = 0; i < d->nchecks; i++)
			if (!strcmp(d->checks[i].name, con)) {
				d->checks[i].comment = text;
				return RT_OK;
			}
		return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" of domain \"%s\" does not exist", con,
				      d->obj.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		const char *col, *tschema = NULL, *tname;
		rt_object *rel;
		if (list_names(s->object, &items, &n) || n < 2)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON COLUMN target");
		col = rt_ddl__str(items[n - 1]);
		if ((rc = rt_ddl__qualname(c, items, n - 1, &tschema, &tname)))
			return rc;
		rel = rt_ddl__find_relation(c, tschema, tname);
		if (!rel)
			rel = (rt_object *)rt_ddl__find_composite(c, tschema, tname);
		if (!rel)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", tname);
		if (rel->kind == RT_KIND_COMPOSITE) {
			/* an attribute of a composite type: its pg_class row holds the comment */
			rt_composite *t = (rt_composite *)rel;
			for (int i = 0; i < t->nattrs; i++)
				if (!strcmp(t->attrs[i].name, col)) {
					t->attrs[i].comment = text;
					return RT_OK;
				}
			return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist", col,
					      tname);
		}
		if (rel->kind == RT_KIND_TABLE) {
			rt_column *cc = rt_ddl__find_column((rt_table *)rel, col);
			if (!cc)
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
						      col, tname);
			cc->comment = text;
			return RT_OK;
		}
		if (rel->kind == RT_KIND_VIEW || rel->kind == RT_KIND_MATVIEW) {
			/* view columns are known once the server has normalized the view */
			ddl_view_comment *vc = rt_arena_alloc(c->tmp, sizeof *vc);
			if (!vc)
				return rt_error_nomem(c->err);
			vc->view = (rt_view *)rel;
			vc->column = rt_arena_strdup(c->tmp, col);
			vc->comment = text;
			vc->path = c->path;
			vc->line = c->stmt_line;
			*c->view_comments_tail = vc;
			c->view_comments_tail = &vc->next;
			return RT_OK;
		}
		return rt_ddl__errorf(c, RT_EINVALID, "\"%s\" is not a table or view", tname);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		if (list_names(s->object, &items, &n))
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON POLICY target");
		if (!(o = (rt_object *)rt_ddl__find_policy(c, items, n)))
			return c->err->code;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		const char *tschema = NULL, *tname, *con;
		rt_table *t;
		if (list_names(s->object, &items, &n) || n < 2)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid COMMENT ON CONSTRAINT target");
		con = rt_ddl__str(items[n - 1]);
		if ((rc = rt_ddl__qualname(c, items, n - 1, &tschema, &tname)))
			return rc;
		if (!(t = rt_ddl__find_table(c, tschema, tname)))
			return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", tname);
		o = rt_graph_find(c->g, RT_KIND_CONSTRAINT, t->obj.schema, t->obj.name, con);
		if (!o)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" for table \"%s\" does not exist",
					      con, tname);
		break;
	}
	default:
		return rt_ddl__unsupported(c, "COMMENT ON (this object kind)");
	}
	if (!o)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "%s \"%s\" does not exist", "object", name ? name : "?");
	o->comment = text;
	return RT_OK;
}

/* ---- DROP ---- */

static void
drop_object(ddl_ctx *c, rt_object *o)
{
	switch (o->kind) {
	case RT_KIND_TABLE: {
		/* DROP TABLE ... CASCADE takes the children along (drop_stmt refuses otherwise) */
		int n, i;
		rt_table **kids = rt_ddl__table_children(c, (rt_table *)o, &n);
		for (i = 0; i < n; i++)
			drop_object(c, &kids[i]->obj);
		rt_ddl__drop_table_parts(c, (rt_table *)o);
		rt_ddl__name_del(&c->relnames, o->schema, o->name);
		break;
	}
	case RT_KIND_VIEW:
	case RT_KIND_MATVIEW:
	case RT_KIND_SEQUENCE: {
		rt_object **all;
		int n = rt_graph_sorted(&all, c->g, NULL), i;
		for (i = 0; i < n; i++)
			if (all[i]->kind == RT_KIND_INDEX && all[i]->schema && all[i]->table &&
			    !strcmp(all[i]->schema, o->schema) && !strcmp(all[i]->table, o->name))
				rt_ddl__drop_index(c, (rt_index *)all[i]);
		rt_ddl__name_del(&c->relnames, o->schema, o->name);
		rt_ddl__drop_rel_statistics(c, o, NULL);
		if (o->kind == RT_KIND_VIEW || o->kind == RT_KIND_MATVIEW)
			c->nviews--;
		break;
	}
	case RT_KIND_INDEX:
		rt_ddl__drop_index(c, (rt_index *)o);
		return;
	case RT_KIND_COMPOSITE:
		rt_ddl__name_del(&c->relnames, o->schema, o->name);
		break;
	default:
		break;
	}
	rt_graph_remove(c->g, o);
}

static int
drop_stmt(ddl_ctx *c, const PgQuery__DropStmt *s)
{
	size_t i;
	int rc;
	for (i = 0; i < s->n_objects; i++) {
		const PgQuery__Node *ob = s->objects[i];
		const char *schema = NULL, *name = NULL;
		rt_object *o = NULL;
		PgQuery__Node **items;
		size_t n;
		switch (s->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
			continue; /* replayed on the server, where the functions are (ddl_func.c) */
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
		case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
			rt_kind k = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ? RT_KIND_TABLE
				  : s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ? RT_KIND_VIEW
				  : s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ? RT_KIND_MATVIEW
				  : s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ? RT_KIND_SEQUENCE
				  : RT_KIND_INDEX;
			if (list_names(ob, &items, &n) || (rc = rt_ddl__qualname(c, items, n, &schema, &name)))
				return rt_ddl__errorf(c, RT_EPARSE, "invalid DROP target");
			if (k == RT_KIND_INDEX) {
				ddl_name *e = find_index_name(c, schema, name);
				o = e && e->obj && e->obj->kind == RT_KIND_INDEX ? e->obj : NULL;
			} else {
				o = relation_of_kind(c, schema, name, k);
			}
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
			o = find_type_any(c, ob, RT_KIND_ENUM);
			if (!o)
				o = find_type_any(c, ob, RT_KIND_DOMAIN);
			if (!o && s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
				o = find_type_any(c, ob, RT_KIND_COMPOSITE);
			if (!o && s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
				o = find_type_any(c, ob, RT_KIND_RANGE);
			name = "type";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
			name = rt_ddl__str(ob);
			o = name ? rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL, name) : NULL;
			if (o && s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
				rt_object **all;
				int cnt = rt_graph_sorted(&all, c->g, NULL), j;
				rt_object **copy = rt_arena_alloc(c->tmp, sizeof *copy * ((size_t)cnt + 1));
				if (!copy)
					return rt_error_nomem(c->err);
				memcpy(copy, all, sizeof *copy * (size_t)cnt);
				for (j = 0; j < cnt; j++)
					if (copy[j]->schema && !strcmp(copy[j]->schema, name) &&
					    rt_graph_find(c->g, copy[j]->kind, copy[j]->schema, copy[j]->table,
							  copy[j]->name) == copy[j])
						drop_object(c, copy[j]);
			}
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT:
			if (list_names(ob, &items, &n))
				return rt_ddl__errorf(c, RT_EPARSE, "invalid DROP target");
			o = (rt_object *)rt_ddl__find_statistics(c, items, n, &name);
			if (!name)
				return RT_EPARSE;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
			if (list_names(ob, &items, &n))
				return rt_ddl__errorf(c, RT_EPARSE, "invalid DROP POLICY target");
			if ((rc = rt_ddl__drop_policy(c, items, n, s->missing_ok)))
				return rc;
			continue;
		case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
			name = rt_ddl__str(ob);
			if (name && !strcmp(name, "plpgsql"))
				continue;
			o = name ? rt_graph_find(c->g, RT_KIND_EXTENSION, NULL, NULL, name) : NULL;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
			if (list_names(ob, &items, &n) || (rc = rt_ddl__qualname(c, items, n, &schema, &name)))
				return rt_ddl__errorf(c, RT_EPARSE, "invalid DROP COLLATION target");
			o = rt_ddl__find_collation(c, schema, name);
			break;
		default:
			return rt_ddl__unsupported(c, "DROP (this object kind)");
		}
		if (!o) {
			if (s->missing_ok)
				continue;
			return rt_ddl__errorf(c, RT_ENOTFOUND, "\"%s\" does not exist", name ? name : "object");
		}
		if (o->kind == RT_KIND_INDEX && ((rt_index *)o)->parent_index)
			return rt_ddl__errorf(c, RT_EINVALID, "cannot drop index %s because index %s requires it",
					      o->name, ((rt_index *)o)->parent_index);
		/* a partitioned table's partitions go with it, CASCADE or not */
		if (o->kind == RT_KIND_TABLE && s->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE &&
		    !((rt_table *)o)->partstrat) {
			int nkids;
			rt_table **kids = rt_ddl__table_children(c, (rt_table *)o, &nkids);
			if (nkids)
				return rt_ddl__errorf(c, RT_EINVALID, "cannot drop table %s because table %s inherits from it",
						      o->name, kids[0]->obj.name);
		}
		drop_object(c, o);
	}
	return RT_OK;
}

/* ---- statement dispatch ---- */

static const char *
stmt_kind_name(const PgQuery__Node *n)
{
	static const struct {
		PgQuery__Node__NodeCase c;
		const char *name;
	} names[] = {
		{PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT, "CREATE FUNCTION"},
		{PG_QUERY__NODE__NODE_CREATE_TRIG_STMT, "CREATE TRIGGER"},
		{PG_QUERY__NODE__NODE_GRANT_STMT, "GRANT/REVOKE"},
		{PG_QUERY__NODE__NODE_GRANT_ROLE_STMT, "GRANT/REVOKE (role)"},
		{PG_QUERY__NODE__NODE_RULE_STMT, "CREATE RULE"},
		{PG_QUERY__NODE__NODE_DO_STMT, "DO"},
		{PG_QUERY__NODE__NODE_CREATE_ROLE_STMT, "CREATE ROLE"},
		{PG_QUERY__NODE__NODE_ALTER_ROLE_STMT, "ALTER ROLE"},
		{PG_QUERY__NODE__NODE_DROP_ROLE_STMT, "DROP ROLE"},
		{PG_QUERY__NODE__NODE_DEFINE_STMT, "CREATE AGGREGATE/OPERATOR/COLLATION/TYPE"},
		{PG_QUERY__NODE__NODE_CREATE_PLANG_STMT, "CREATE LANGUAGE"},
		{PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT, "CREATE EVENT TRIGGER"},
		{PG_QUERY__NODE__NODE_CREATE_STATS_STMT, "CREATE STATISTICS"},
		{PG_QUERY__NODE__NODE_CREATE_CAST_STMT, "CREATE CAST"},
		{PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT, "CREATE FOREIGN TABLE"},
		{PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT, "CREATE PUBLICATION"},
		{PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT, "CREATE SUBSCRIPTION"},
		{PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT, "ALTER FUNCTION"},
		{PG_QUERY__NODE__NODE_RENAME_STMT, "ALTER ... RENAME"},
		{PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT, "ALTER ... SET SCHEMA"},
		{PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT, "CREATE TABLE AS"},
		{PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT, "ALTER DEFAULT PRIVILEGES"},
		{PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT, "CREATE OPERATOR CLASS"},
		{PG_QUERY__NODE__NODE_CREATEDB_STMT, "CREATE DATABASE"},
		{PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT, "CREATE TABLESPACE"},
		{PG_QUERY__NODE__NODE_SEC_LABEL_STMT, "SECURITY LABEL"},
		{PG_QUERY__NODE__NODE_CLUSTER_STMT, "CLUSTER"},
		{PG_QUERY__NODE__NODE_VACUUM_STMT, "VACUUM/ANALYZE"},
		{PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT, "REFRESH MATERIALIZED VIEW"},
		{PG_QUERY__NODE__NODE_INSERT_STMT, "INSERT"},
		{PG_QUERY__NODE__NODE_UPDATE_STMT, "UPDATE"},
		{PG_QUERY__NODE__NODE_DELETE_STMT, "DELETE"},
		{PG_QUERY__NODE__NODE_MERGE_STMT, "MERGE"},
		{PG_QUERY__NODE__NODE_SELECT_STMT, "SELECT"},
		{PG_QUERY__NODE__NODE_COPY_STMT, "COPY"},
		{PG_QUERY__NODE__NODE_TRUNCATE_STMT, "TRUNCATE"},
		{PG_QUERY__NODE__NODE_CALL_STMT, "CALL"},
		{PG_QUERY__NODE__NODE_EXPLAIN_STMT, "EXPLAIN"},
		{PG_QUERY__NODE__NODE__NOT_SET, NULL}};
	int i;
	for (i = 0; names[i].name; i++)
		if (names[i].c == n->node_case)
			return names[i].name;
	{
		const ProtobufCFieldDescriptor *f =
			protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, (unsigned)n->node_case);
		return f ? f->name : "statement";
	}
}

static int dispatch(ddl_ctx *c, const PgQuery__Node *n, bool *optional);

static int
create_schema_elts(ddl_ctx *c, PgQuery__Node **elts, size_t n, const char *schema)
{
	const char **saved = c->search_path;
	int nsaved = c->nsearch, rc = RT_OK;
	const char *path[1];
	size_t i;
	if (!n)
		return RT_OK;
	/* the elements are created in the new schema, as if it led the search path */
	path[0] = schema;
	if ((rc = set_search_path_list(c, path, 1)))
		return rc;
	for (i = 0; i < n && rc == RT_OK; i++) {
		bool optional = false;
		rc = dispatch(c, elts[i], &optional);
	}
	c->search_path = saved;
	c->nsearch = nsaved;
	return rc;
}

static int
dispatch(ddl_ctx *c, const PgQuery__Node *n, bool *optional)
{
	int rc = RT_OK;
	*optional = false;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return create_schema(c, n->create_schema_stmt);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return create_extension(c, n->create_extension_stmt);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return rt_ddl__create_enum(c, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return rt_ddl__alter_enum(c, n->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return rt_ddl__create_domain(c, n->create_domain_stmt);
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		return rt_ddl__alter_domain(c, n->alter_domain_stmt);
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		return rt_ddl__create_composite(c, n->composite_type_stmt);
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		return rt_ddl__create_range(c, n->create_range_stmt);
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return rt_ddl__create_collation(c, n->define_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return rt_ddl__create_seq(c, n->create_seq_stmt);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return rt_ddl__alter_seq(c, n->alter_seq_stmt);
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return rt_ddl__create_table(c, n->create_stmt, rt_ddl__renamed_in(c, -1, c->stmt_loc, false));
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (n->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
			return rt_ddl__alter_composite(c, n->alter_table_stmt);
		return rt_ddl__alter_table(c, n->alter_table_stmt);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return rt_ddl__create_index(c, n->index_stmt);
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		return rt_ddl__cluster(c, n->cluster_stmt);
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
		return rt_ddl__create_statistics(c, n->create_stats_stmt);
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
		return rt_ddl__alter_statistics(c, n->alter_stats_stmt);
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return rt_ddl__create_view(c, n->view_stmt);
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return rt_ddl__create_function(c, n->create_function_stmt, (PgQuery__Node *)n);
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return rt_ddl__create_trigger(c, n->create_trig_stmt, (PgQuery__Node *)n);
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		/* SET/RESET, SECURITY, volatility, STRICT, COST...: replayed after its CREATE, and
		 * pg_get_functiondef reads the result back; offline nothing could */
		if (c->opts->offline)
			break;
		return RT_OK;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
			return rt_ddl__create_matview(c, n->create_table_as_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		return rt_ddl__create_policy(c, n->create_policy_stmt, rt_ddl__renamed_in(c, -1, c->stmt_loc, false));
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		return rt_ddl__alter_policy(c, n->alter_policy_stmt);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return comment_on(c, n->comment_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		if (n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY)
			return rt_ddl__rename_policy(c, n->rename_stmt);
		return rt_ddl__rename(c, n->rename_stmt);
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		return variable_set(c, n->variable_set_stmt);
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
		return RT_OK; /* no effect on the schema */
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return drop_stmt(c, n->drop_stmt);
	/* what pg_dump writes beside the schema: privileges and table data.  Neither is part of
	 * the model (privileges are not managed, as with Alembic); they are passed over with a
	 * warning rather than refused, so a dump can serve as models. */
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		*optional = true;
		return ignored(c, "GRANT/REVOKE (privileges are not managed)");
	case PG_QUERY__NODE__NODE_COPY_STMT:
		*optional = true;
		return ignored(c, "COPY (table data is not part of the models)");
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		if (select_set_config(c, n->select_stmt, &rc))
			return rc;
		if (select_setval(n->select_stmt)) {
			/* a sequence's current value is data, but pg_dump writes it among the DDL */
			*optional = true;
			return ignored(c, "SELECT setval() (sequence state is data)");
		}
		/* fall through */
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_MERGE_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		rt_ddl__errorf(c, RT_EINVALID, "%s statements are not allowed in models: they hold the schema only",
			       stmt_kind_name(n));
		return RT_EINVALID;
	default:
		break;
	}
	*optional = true;
	return rt_ddl__unsupported(c, stmt_kind_name(n));
}

/* Skips blanks and comments: the statement's first token. */
static int
skip_blank(const char *t, int pos, int end)
{
	while (pos < end) {
		if (isspace((unsigned char)t[pos])) {
			pos++;
		} else if (t[pos] == '-' && pos + 1 < end && t[pos + 1] == '-') {
			while (pos < end && t[pos] != '\n')
				pos++;
		} else if (t[pos] == '/' && pos + 1 < end && t[pos + 1] == '*') {
			int depth = 1;
			pos += 2;
			while (pos < end && depth > 0) {
				if (t[pos] == '*' && pos + 1 < end && t[pos + 1] == '/') {
					depth--;
					pos += 2;
				} else if (t[pos] == '/' && pos + 1 < end && t[pos + 1] == '*') {
					depth++;
					pos += 2;
				} else {
					pos++;
				}
			}
		} else {
			break;
		}
	}
	return pos;
}

static rt_object *
rangevar_rel(ddl_ctx *c, const PgQuery__RangeVar *rv)
{
	return rv ? rt_ddl__find_relation(c, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname) : NULL;
}

/* How the short replay of ddl_view.c treats statement `n` (already run by dispatch). */
static void
classify_replay(ddl_ctx *c, ddl_replay *r, const PgQuery__Node *n, bool optional)
{
	size_t i;
	r->cls = RP_MODEL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		r->cls = RP_VIEW;
		r->rel = rangevar_rel(c, n->view_stmt->view);
		return;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		r->cls = RP_VIEW;
		r->rel = n->create_table_as_stmt->into ? rangevar_rel(c, n->create_table_as_stmt->into->rel) : NULL;
		return;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		r->cls = RP_FUNC;
		return;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		r->cls = RP_TRIG;
		r->rel = rangevar_rel(c, n->create_trig_stmt->relation);
		return;
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		if (n->comment_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
		    n->comment_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ||
		    n->comment_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE)
			r->cls = RP_FUNC;
		else if (n->comment_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER)
			r->cls = RP_TRIG;
		return;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (n->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
		    n->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
			r->cls = RP_VIEW;
			return;
		}
		r->rel = rangevar_rel(c, n->alter_table_stmt->relation);
		for (i = 0; i < n->alter_table_stmt->n_cmds; i++) {
			const PgQuery__Node *cmd = n->alter_table_stmt->cmds[i];
			if (cmd->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
			    (cmd->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
			     cmd->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn ||
			     cmd->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType))
				r->shape = true;
		}
		/* ENABLE/DISABLE TRIGGER (alone in its statement: rt_ddl__alter_table) is replayed with
		 * the triggers */
		if (n->alter_table_stmt->n_cmds > 0 &&
		    n->alter_table_stmt->cmds[0]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    rt_ddl__trigger_state_cmd(n->alter_table_stmt->cmds[0]->alter_table_cmd))
			r->cls = RP_TRIG;
		return;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		r->cls = RP_POLICY;
		r->rel = rangevar_rel(c, n->create_policy_stmt->table);
		r->obj = r->rel ? rt_graph_find(c->g, RT_KIND_POLICY, r->rel->schema, r->rel->name,
						n->create_policy_stmt->policy_name) : NULL;
		return;
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		r->cls = RP_POLICY;
		r->rel = rangevar_rel(c, n->alter_policy_stmt->table);
		r->obj = r->rel ? rt_graph_find(c->g, RT_KIND_POLICY, r->rel->schema, r->rel->name,
						n->alter_policy_stmt->policy_name) : NULL;
		return;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		if (n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY) {
			r->cls = RP_POLICY;
			r->rel = rangevar_rel(c, n->rename_stmt->relation);
			return;
		}
		r->shape = true;
		return;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		r->cls = RP_SET;
		return;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		/* dispatch let through only set_config() (not optional) and setval() (optional) */
		r->cls = optional ? RP_NOISE : RP_SET;
		return;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		/* a policy dropped must be gone before one of its name is created again */
		r->cls = n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY ? RP_POLICY : RP_OTHER;
		return;
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
		r->cls = RP_NOISE;
		return;
	default:
		if (optional)
			r->cls = RP_OTHER;
		return;
	}
}

static int
record_replay(ddl_ctx *c, const PgQuery__Node *n, int start, int end, bool optional)
{
	ddl_replay *r = rt_arena_alloc(c->tmp, sizeof *r); /* zeroed */
	if (!r || !(r->sql = c->replay_sql ? c->replay_sql
					   : rt_arena_strndup(c->tmp, c->text + start, (size_t)(end - start))))
		return rt_error_nomem(c->err);
	c->replay_sql = NULL;
	r->path = c->path;
	r->line = c->stmt_line;
	r->optional = optional;
	r->is_view = n->node_case == PG_QUERY__NODE__NODE_VIEW_STMT ||
		     n->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT ||
		     n->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT ||
		     n->node_case == PG_QUERY__NODE__NODE_CREATE_TRIG_STMT ||
		     n->node_case == PG_QUERY__NODE__NODE_CREATE_POLICY_STMT ||
		     n->node_case == PG_QUERY__NODE__NODE_ALTER_POLICY_STMT ||
		     (n->node_case == PG_QUERY__NODE__NODE_RENAME_STMT &&
		      n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY);
	classify_replay(c, r, n, optional);
	r->file_start = c->in_file_start;
	c->in_file_start = false;
	*c->replay_tail = r;
	c->replay_tail = &r->next;
	return RT_OK;
}

/* psql meta-commands (pg_dump writes \restrict, \connect ...) are no SQL: blanked in place,
 * offsets unchanged, when a line starts with a backslash.  So are the data rows pg_dump puts
 * after "COPY ... FROM stdin;", up to the "\." line. */
static bool
line_is_copy_from_stdin(const char *p)
{
	const char *end = strchr(p, '\n');
	size_t n = end ? (size_t)(end - p) : strlen(p);
	if (n < 16 || strncasecmp(p, "COPY ", 5))
		return false;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r' || p[n - 1] == '\t'))
		n--;
	return !strncasecmp(p + n - 11, "FROM stdin;", 11);
}

static void
blank_meta_commands(char *t)
{
	char *p = t;
	bool in_copy = false;
	while (*p) {
		if (in_copy || (*p == '\\' && (p == t || p[-1] == '\n'))) {
			if (in_copy && p[0] == '\\' && p[1] == '.')
				in_copy = false;
			while (*p && *p != '\n')
				*p++ = ' ';
		} else if (line_is_copy_from_stdin(p)) {
			in_copy = true;
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
}

/* Runs the statements of one parse result; `base` is the byte offset of the parsed text in
 * the file. */
static int
run_statements(ddl_ctx *c, PgQuery__ParseResult *pr, int base, int limit, int *line, int *linepos)
{
	size_t i;
	int rc = RT_OK;
	for (i = 0; i < pr->n_stmts; i++) {
		const PgQuery__RawStmt *raw = pr->stmts[i];
		int start = base + raw->stmt_location;
		int end = raw->stmt_len ? start + raw->stmt_len : limit;
		bool optional = false;
		if (start < base || start > limit)
			start = base;
		if (end > limit)
			end = limit;
		c->stmt_raw = start;
		c->parse_base = base;
		c->stmt_loc = skip_blank(c->text, start, end);
		c->stmt_end = end;
		/* lines are counted incrementally: statements come in order */
		for (; *linepos < c->stmt_loc; (*linepos)++)
			if (c->text[*linepos] == '\n')
				(*line)++;
		c->stmt_line = *line;
		if (!raw->stmt)
			continue;
		c->replay_sql = NULL;
		if ((rc = dispatch(c, raw->stmt, &optional)))
			break;
		if (raw->stmt->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT &&
		    (rc = record_replay(c, raw->stmt, c->stmt_loc, end, optional)))
			break;
	}
	return rc;
}

static int
syntax_error(ddl_ctx *c, const char *msg, int offset)
{
	rt_error_set(c->err, RT_EPARSE, "%s", msg ? msg : "syntax error");
	rt_error_at_offset(c->err, c->path, c->text, offset);
	return RT_EPARSE;
}

/* Statements are split with the scanner and parsed one at a time: parsing a whole 10,000-table
 * file at once holds its entire tree (and libpg_query's) in memory.  A piece that does not
 * parse alone (BEGIN ATOMIC bodies hold semicolons) is retried joined with the next pieces
 * before it counts as a syntax error. */
static int
load_text(ddl_ctx *c, const char *path, const char *sql)
{
	PgQuerySplitResult sr;
	int rc = RT_OK, len, line = 1, linepos = 0, i;
	c->path = rt_arena_strdup(c->tmp, path);
	c->text = rt_arena_strdup(c->tmp, sql);
	if (!c->path || !c->text)
		return rt_error_nomem(c->err);
	len = (int)strlen(c->text);
	blank_meta_commands((char *)c->text);
	reset_search_path(c);
	c->in_file_start = true;
	sr = pg_query_split_with_scanner(c->text);
	if (sr.error) {
		/* the scanner's own error (an unterminated quote ...): let the parser word it */
		char *msg = NULL;
		int cursor = 0;
		rt_arena *a = rt_arena_new();
		if (!a) {
			pg_query_free_split_result(sr);
			return rt_error_nomem(c->err);
		}
		if (!rt_norm__parse(a, c->text, &msg, &cursor))
			rc = syntax_error(c, msg, cursor > 0 ? cursor - 1 : 0);
		else
			rc = syntax_error(c, sr.error->message, sr.error->cursorpos > 0 ? sr.error->cursorpos - 1 : 0);
		rt_arena_free(a);
		pg_query_free_split_result(sr);
		return rc;
	}
	for (i = 0; i < sr.n_stmts && rc == RT_OK; i++) {
		int base = sr.stmts[i]->stmt_location, j, first_cursor = 0;
		char *msg = NULL, *first_msg = NULL;
		PgQuery__ParseResult *pr = NULL;
		if (!(c->stmt = rt_arena_new())) {
			rc = rt_error_nomem(c->err);
			break;
		}
		for (j = i; j < sr.n_stmts && j < i + 64; j++) {
			int cursor = 0;
			int end = sr.stmts[j]->stmt_location + sr.stmts[j]->stmt_len;
			char *piece = rt_arena_strndup(c->stmt, c->text + base, (size_t)(end - base));
			if (!piece) {
				rc = rt_error_nomem(c->err);
				break;
			}
			if ((pr = rt_norm__parse(c->stmt, piece, &msg, &cursor)))
				break;
			if (j == i) {
				first_msg = msg ? rt_arena_strdup(c->tmp, msg) : NULL;
				first_cursor = cursor;
			}
			/* a scanner error at the very end means "keep reading"; any other is final */
			if (j == i && cursor > 0 && cursor - 1 < (int)strlen(piece) - 1 && !strstr(piece, "ATOMIC") &&
			    !strstr(piece, "atomic"))
				break;
		}
		if (rc == RT_OK && !pr)
			rc = syntax_error(c, first_msg, base + (first_cursor > 0 ? first_cursor - 1 : 0));
		if (rc == RT_OK) {
			int limit = j < sr.n_stmts ? sr.stmts[j]->stmt_location + sr.stmts[j]->stmt_len : len;
			rc = run_statements(c, pr, base, limit, &line, &linepos);
			i = j;
		}
		rt_arena_free(c->stmt);
		c->stmt = NULL;
	}
	pg_query_free_split_result(sr);
	if (rc && c->err && !c->err->path[0])
		rt_error_at_line(c->err, c->path, c->stmt_line, 0);
	return rc;
}

/* ---- public entry points ---- */

static int
ctx_init(ddl_ctx *c, rt_graph *g, const rt_ddl_opts *opts, rt_error *err)
{
	static const rt_ddl_opts defaults = RT_DDL_OPTS_INIT;
	memset(c, 0, sizeof *c);
	c->g = g;
	c->opts = opts ? opts : &defaults;
	c->err = err;
	c->fks_tail = &c->fks;
	c->replay_tail = &c->replay;
	c->view_comments_tail = &c->view_comments;
	if (!(c->tmp = rt_arena_new()))
		return rt_error_nomem(err);
	if (c->opts->server_conninfo && !c->opts->offline)
		c->early_conn = rt_db_connect_start(c->opts->server_conninfo);
	reset_search_path(c);
	/* every database has the public schema (RT_IS_PUBLIC_SCHEMA) */
	if (!rt_graph_find(g, RT_KIND_SCHEMA, NULL, NULL, "public")) {
		rt_object *o;
		return rt_graph_add(&o, g, RT_KIND_SCHEMA, NULL, NULL, "public", err);
	}
	return RT_OK;
}

static void
ctx_dispose(ddl_ctx *c)
{
	HASH_CLEAR(hh, c->relnames);
	HASH_CLEAR(hh, c->connames);
	HASH_CLEAR(hh, c->pkeys);
	HASH_CLEAR(hh, c->clusters);
	rt_arena_free(c->stmt);
	rt_arena_free(c->tmp);
	if (c->early_conn)
		PQfinish(c->early_conn);
}

static int
finish(ddl_ctx *c)
{
	int rc;
	if (!(c->stmt = rt_arena_new()))
		return rt_error_nomem(c->err);
	c->path = NULL;
	c->text = NULL;
	c->stmt_line = 0;
	if ((rc = rt_ddl__finish_fks(c)))
		return rc;
	if ((rc = rt_ddl__finish_views(c)))
		return rc;
	return rt_ddl__finish_statistics(c);
}

int
rt_ddl_load_string(rt_graph *g, const char *sql, const char *name, const rt_ddl_opts *opts,
		   rt_error *err)
{
	ddl_ctx c;
	int rc;
	if (!g || !sql)
		return rt_error_set(err, RT_EINVALID, "rt_ddl_load_string: NULL graph or text");
	if ((rc = ctx_init(&c, g, opts, err)))
		return rc;
	rc = load_text(&c, name ? name : "<string>", sql);
	if (!rc)
		rc = finish(&c);
	ctx_dispose(&c);
	return rc;
}

typedef struct path_list {
	char **v;
	size_t n, cap;
} path_list;

static int
path_push(path_list *l, const char *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = rt_realloc(l->v, sizeof *v * cap);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = rt_strdup(p)))
		return -1;
	l->n++;
	return 0;
}

static int
collect_dir(path_list *l, const char *dir, rt_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = RT_OK;
	if (!d)
		return rt_error_set(err, RT_EIO, "cannot read directory %s", dir);
	while ((e = readdir(d))) {
		char *p;
		struct stat st;
		size_t nl = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) {
			rc = rt_error_nomem(err);
			break;
		}
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = collect_dir(l, p, err);
		else if (nl > 4 && strcmp(e->d_name + nl - 4, ".sql") == 0 && path_push(l, p))
			rc = rt_error_nomem(err);
		free(p);
		if (rc)
			break;
	}
	closedir(d);
	return rc;
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rt_ddl_load(rt_graph *g, const char *const *paths, int npaths, const rt_ddl_opts *opts, rt_error *err)
{
	ddl_ctx c;
	path_list files = {0};
	rt_buf text = RT_BUF_INIT;
	int rc = RT_OK, i;
	size_t k;
	if (!g || (npaths > 0 && !paths))
		return rt_error_set(err, RT_EINVALID, "rt_ddl_load: NULL graph or paths");
	for (i = 0; i < npaths && rc == RT_OK; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			rc = rt_error_set(err, RT_ENOTFOUND, "%s: no such file or directory", paths[i]);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t first = files.n;
			rc = collect_dir(&files, paths[i], err);
			if (rc == RT_OK && files.n > first)
				qsort(files.v + first, files.n - first, sizeof *files.v, cmp_path);
		} else if (path_push(&files, paths[i])) {
			rc = rt_error_nomem(err);
		}
	}
	if (rc == RT_OK && (rc = ctx_init(&c, g, opts, err)) == RT_OK) {
		for (k = 0; k < files.n && rc == RT_OK; k++) {
			rt_buf_clear(&text);
			if ((rc = rt_file_read(&text, files.v[k], err)))
				break;
			rc = load_text(&c, files.v[k], rt_buf_cstr(&text));
		}
		rt_trace("models: parsed");
		if (rc == RT_OK)
			rc = finish(&c);
		ctx_dispose(&c);
		rt_trace("models: loaded");
	}
	for (k = 0; k < files.n; k++)
		rt_free(files.v[k]);
	rt_free(files.v);
	rt_buf_dispose(&text);
	return rc;
}
