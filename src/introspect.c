/* Live database → graph.  One snapshot (REPEATABLE READ, READ ONLY), search_path '' so that
 * every name the server renders (types, functions, sequences in nextval, view bodies) comes
 * out schema-qualified exactly as pg_dump would print it; a fixed list of set-based queries,
 * each over all objects of its kind, joined in C through oid hash tables. */
#include "retort/introspect.h"
#include "retort/buf.h"
#include "retort/normalize.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#undef uthash_malloc
#undef uthash_free
#define uthash_malloc(sz) rt_malloc(sz)
#define uthash_free(ptr, sz) rt_free(ptr)

/* One entry per catalog object we modelled, keyed by (catalog, oid).  `attnames` maps a
 * relation's attnum to its column (dropped columns leave holes). */
typedef struct oidref {
	struct { char cat; unsigned oid; } k;
	rt_object *obj;
	rt_column **bynum;          /* relations: attnum → column */
	const char **colls;         /* relations: attnum → collation oid text, for index keys */
	int maxnum;
	const char *name;           /* opclasses, collations: the qualified name */
	UT_hash_handle hh;
} oidref;

#define INDEX_MAX_KEYS_GUESS 64

/* The queries are sent in one batch and their results read in order: the server computes the
 * next one while retort digests the last.  So every loader runs twice: first to collect its
 * query (run() returns COLLECTED), then to read its result. */
enum { MODE_COLLECT, MODE_FETCH };
#define COLLECTED 1

typedef struct ctx {
	int mode;
	rt_buf batch;               /* MODE_COLLECT: the queries so far */
	rt_graph *g;
	PGconn *conn;
	rt_introspect_opts *opts;
	rt_error *err;
	oidref *refs;
	const char *version_table;
} ctx;

/* Catalog tags for oidref keys. */
enum { CAT_NS = 'n', CAT_CLASS = 'c', CAT_TYPE = 't', CAT_CON = 'k', CAT_EXT = 'e', CAT_PROC = 'p',
       CAT_OPCLASS = 'o', CAT_COLLATION = 'l', CAT_POLICY = 'y' };

static oidref *
ref_find(ctx *c, char cat, unsigned oid)
{
	oidref key, *r = NULL;
	memset(&key.k, 0, sizeof key.k);
	key.k.cat = cat;
	key.k.oid = oid;
	HASH_FIND(hh, c->refs, &key.k, sizeof key.k, r);
	return r;
}

static oidref *
ref_add(ctx *c, char cat, unsigned oid, rt_object *o)
{
	oidref *r = rt_arena_alloc(rt_graph_arena(c->g), sizeof *r);
	if (!r)
		return NULL;
	r->k.cat = cat;
	r->k.oid = oid;
	r->obj = o;
	HASH_ADD(hh, c->refs, k, sizeof r->k, r);
	return r;
}

static int
run(ctx *c, PGresult **out, const char *sql, const char *what)
{
	PGresult *res;
	if (c->mode == MODE_COLLECT) {
		rt_buf_puts(&c->batch, sql);
		rt_buf_puts(&c->batch, ";\n");
		c->opts->queries++;
		return rt_buf_failed(&c->batch) ? rt_error_nomem(c->err) : COLLECTED;
	}
	res = PQgetResult(c->conn);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = rt_db_error(c->err, c->conn, res, what);
		PQclear(res);
		return rc;
	}
	*out = res;
	return RT_OK;
}

static const char *
val(ctx *c, PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return rt_graph_strdup(c->g, PQgetvalue(res, row, col));
}

static bool
bval(PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

static unsigned
oval(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : (unsigned)strtoul(PQgetvalue(res, row, col), NULL, 10);
}

static long long
llval(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* Parses a one-dimensional array literal as PostgreSQL's array_out writes it ({a,"b c",NULL})
 * into arena strings.  NULL elements become NULL pointers. */
static int
parse_array(ctx *c, const char *s, const char ***out, int *n)
{
	const char **items;
	int cap = 1, k = 0;
	const char *p;
	rt_buf cur = RT_BUF_INIT;
	*out = NULL;
	*n = 0;
	if (!s || s[0] != '{')
		return RT_OK;
	for (p = s; *p; p++)
		if (*p == ',')
			cap++;
	items = rt_graph_alloc(c->g, sizeof *items * (size_t)cap);
	if (!items)
		return rt_error_nomem(c->err);
	p = s + 1;
	if (*p == '}') {
		*out = items;
		return RT_OK;
	}
	while (*p && *p != '}') {
		bool quoted = false;
		rt_buf_clear(&cur);
		rt_buf_puts(&cur, "");
		if (*p == '"') {
			quoted = true;
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				rt_buf_putc(&cur, *p);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != '}')
				rt_buf_putc(&cur, *p++);
		}
		if (!quoted && !strcmp(rt_buf_cstr(&cur), "NULL"))
			items[k++] = NULL;
		else
			items[k++] = rt_graph_strdup(c->g, rt_buf_cstr(&cur));
		if (*p == ',')
			p++;
	}
	if (rt_buf_failed(&cur)) {
		rt_buf_dispose(&cur);
		return rt_error_nomem(c->err);
	}
	rt_buf_dispose(&cur);
	*out = items;
	*n = k;
	return RT_OK;
}

/* int2vector / oidvector text: space-separated numbers. */
static int
parse_vector(const char *s, long *out, int max)
{
	int n = 0;
	char *end;
	if (!s)
		return 0;
	while (*s && n < max) {
		long v = strtol(s, &end, 10);
		if (end == s)
			break;
		out[n++] = v;
		s = end;
		while (*s == ' ')
			s++;
	}
	return n;
}

/* reloptions keep the catalog's order (pg_dump prints them so); diff compares them as sets. */
static int
reloptions(ctx *c, PGresult *res, int row, int col, const char ***out, int *n)
{
	return parse_array(c, PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col), out, n);
}

static const char *NS_FILTER =
	"n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
	"AND n.nspname !~ '^pg_(toast_)?temp_' ";

/* Members of extensions (deptype 'e') are the extension's business. */
#define NOT_EXT(cls, oidcol) \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '" cls \
	"'::pg_catalog.regclass AND e.objid = " oidcol " AND e.deptype = 'e') "

static int
load_schemas(ctx *c)
{
	PGresult *res;
	rt_buf q = RT_BUF_INIT;
	int rc, i;
	rt_buf_printf(&q,
		"SELECT n.oid, n.nspname, NULLIF(pg_catalog.obj_description(n.oid, 'pg_namespace'), "
		"  CASE n.nspname WHEN 'public' THEN '" RT_PUBLIC_SCHEMA_COMMENT "' END) "
		"FROM pg_catalog.pg_namespace n WHERE %s" NOT_EXT("pg_namespace", "n.oid")
		"ORDER BY 2", NS_FILTER);
	rc = run(c, &res, rt_buf_cstr(&q), "schemas");
	rt_buf_dispose(&q);
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_object *o;
		const char *name = PQgetvalue(res, i, 1);
		if ((rc = rt_graph_add(&o, c->g, RT_KIND_SCHEMA, NULL, NULL, name, c->err)))
			break;
		o->comment = val(c, res, i, 2);
		if (!ref_add(c, CAT_NS, oval(res, i, 0), o)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

static int
load_extensions(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "SELECT x.oid, x.extname, n.nspname, x.extversion, "
		 "NULLIF(pg_catalog.obj_description(x.oid, 'pg_extension'), a.comment) "
		 "FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace "
		 "LEFT JOIN pg_catalog.pg_available_extensions a ON a.name = x.extname "
		 "WHERE x.extname <> 'plpgsql' ORDER BY 2", "extensions");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_extension *x;
		if ((rc = rt_graph_add((rt_object **)&x, c->g, RT_KIND_EXTENSION, NULL, NULL,
				       PQgetvalue(res, i, 1), c->err)))
			break;
		x->ext_schema = val(c, res, i, 2);
		x->version = val(c, res, i, 3);
		/* only a comment the user set: the one from the extension's own script is not */
		x->obj.comment = val(c, res, i, 4);
		if (!ref_add(c, CAT_EXT, oval(res, i, 0), &x->obj)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

/* Enums, domains, composite and range types in one pass; domain CHECKs come with the
 * constraints query, a composite's attributes with the columns query (its pg_class row,
 * relkind 'c').  A table's row type is the table's business, not a composite type of its
 * own; a range's multirange type is the range's. */
static int
load_types(ctx *c)
{
	PGresult *res;
	rt_buf q = RT_BUF_INIT;
	int rc, i;
	rt_buf_printf(&q,
		"SELECT t.oid, n.nspname, t.typname, t.typtype, "
		"CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e "
		"  WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END, "
		"CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END, "
		"t.typnotnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0), "
		"CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN "
		"  pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END, "
		"pg_catalog.obj_description(t.oid, 'pg_type'), t.typrelid, "
		"pg_catalog.format_type(rg.rngsubtype, NULL), "
		"CASE WHEN NOT opc.opcdefault THEN "
		"  pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END, "
		"CASE WHEN rg.rngcollation <> 0 AND rg.rngcollation <> st.typcollation THEN "
		"  pg_catalog.quote_ident(rcn.nspname) || '.' || pg_catalog.quote_ident(rco.collname) END, "
		"CASE WHEN rg.rngsubdiff <> 0 THEN rg.rngsubdiff::pg_catalog.regproc::pg_catalog.text END, "
		"mn.nspname, mt.typname, rg.rngmultitypid "
		"FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
		"LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype "
		"LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation "
		"LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
		"LEFT JOIN pg_catalog.pg_class rc ON rc.oid = t.typrelid "
		"LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid "
		"LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype "
		"LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = rg.rngsubopc "
		"LEFT JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace "
		"LEFT JOIN pg_catalog.pg_collation rco ON rco.oid = rg.rngcollation "
		"LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rco.collnamespace "
		"LEFT JOIN pg_catalog.pg_type mt ON mt.oid = rg.rngmultitypid "
		"LEFT JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace "
		"WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND rc.relkind = 'c')) AND %s"
		NOT_EXT("pg_type", "t.oid")
		"ORDER BY 2, 3", NS_FILTER);
	rc = run(c, &res, rt_buf_cstr(&q), "types");
	rt_buf_dispose(&q);
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_object *o;
		char typtype = PQgetvalue(res, i, 3)[0];
		rt_kind kind = typtype == 'e' ? RT_KIND_ENUM : typtype == 'd' ? RT_KIND_DOMAIN
			     : typtype == 'r' ? RT_KIND_RANGE : RT_KIND_COMPOSITE;
		if ((rc = rt_graph_add(&o, c->g, kind, PQgetvalue(res, i, 1), NULL, PQgetvalue(res, i, 2), c->err)))
			break;
		o->comment = val(c, res, i, 9);
		if (kind == RT_KIND_COMPOSITE) {
			/* its attributes come with the columns of its pg_class row */
			if (!ref_add(c, CAT_CLASS, oval(res, i, 10), o)) {
				rc = rt_error_nomem(c->err);
				break;
			}
		} else if (kind == RT_KIND_RANGE) {
			rt_range *r = (rt_range *)o;
			r->subtype = val(c, res, i, 11);
			r->opclass = val(c, res, i, 12);
			r->collation = val(c, res, i, 13);
			r->subtype_diff = val(c, res, i, 14);
			r->multirange_schema = val(c, res, i, 15);
			r->multirange = val(c, res, i, 16);
			/* a column of the multirange type needs the range */
			if (!ref_add(c, CAT_TYPE, oval(res, i, 17), o)) {
				rc = rt_error_nomem(c->err);
				break;
			}
		} else if (kind == RT_KIND_ENUM) {
			rt_enum *e = (rt_enum *)o;
			if ((rc = parse_array(c, PQgetvalue(res, i, 4), &e->labels, &e->nlabels)))
				break;
		} else {
			rt_domain *d = (rt_domain *)o;
			d->base_type = val(c, res, i, 5);
			d->not_null = bval(res, i, 6);
			d->default_expr = val(c, res, i, 7);
			d->collation = val(c, res, i, 8);
		}
		if (!ref_add(c, CAT_TYPE, oval(res, i, 0), o)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

/* Tables, views, materialized views and sequences.  Identity sequences are columns' business
 * (deptype 'i' on the table), not objects of their own. */
static int
load_relations(ctx *c)
{
	PGresult *res;
	rt_buf q = RT_BUF_INIT;
	int rc, i;
	rt_buf_printf(&q,
		"SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, "
		"ds.description, "
		"CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END, "
		"c.relispopulated, c.reltype, "
		"CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
		"CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
		"c.relrowsecurity, c.relforcerowsecurity, c.relreplident, "
		"CASE WHEN c.relowner <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) "
		"  THEN pg_catalog.pg_get_userbyid(c.relowner) END "
		"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid "
		"  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0 "
		"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND %s" NOT_EXT("pg_class", "c.oid")
		"AND NOT (c.relkind = 'r' AND c.relname = ",
		NS_FILTER);
	{
		char *lit = PQescapeLiteral(c->conn, c->version_table, strlen(c->version_table));
		rt_buf_puts(&q, lit ? lit : "''");
		PQfreemem(lit);
	}
	rt_buf_puts(&q, ") AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
		    "WHERE d.classid = 'pg_class'::pg_catalog.regclass AND d.objid = c.oid "
		    "AND d.refclassid = 'pg_class'::pg_catalog.regclass AND d.deptype = 'i')) "
		    "ORDER BY 2, 3");
	rc = run(c, &res, rt_buf_cstr(&q), "relations");
	rt_buf_dispose(&q);
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_object *o;
		char relkind = PQgetvalue(res, i, 3)[0];
		rt_kind kind = relkind == 'r' || relkind == 'p' ? RT_KIND_TABLE : relkind == 'v' ? RT_KIND_VIEW
			     : relkind == 'm' ? RT_KIND_MATVIEW : RT_KIND_SEQUENCE;
		if ((rc = rt_graph_add(&o, c->g, kind, PQgetvalue(res, i, 1), NULL,
				       PQgetvalue(res, i, 2), c->err)))
			break;
		o->comment = val(c, res, i, 6);
		if (kind == RT_KIND_TABLE) {
			rt_table *t = (rt_table *)o;
			t->unlogged = PQgetvalue(res, i, 4)[0] == 'u';
			t->partbound = val(c, res, i, 10);
			t->row_security = bval(res, i, 12);
			t->force_row_security = bval(res, i, 13);
			t->replident = PQgetvalue(res, i, 14)[0] == 'd' ? 0 : PQgetvalue(res, i, 14)[0];
			t->owner = val(c, res, i, 15);
			rc = reloptions(c, res, i, 5, &t->reloptions, &t->nreloptions);
			if (!rc && !PQgetisnull(res, i, 11))
				rc = rt_norm_partkey(c->g, PQgetvalue(res, i, 11), &t->partstrat, &t->partkeys,
						    &t->npartkeys, c->err);
		} else if (kind == RT_KIND_SEQUENCE) {
			((rt_sequence *)o)->unlogged = PQgetvalue(res, i, 4)[0] == 'u';
		} else if (kind == RT_KIND_VIEW || kind == RT_KIND_MATVIEW) {
			rt_view *v = (rt_view *)o;
			const char **opts;
			int n, k, m = 0;
			char *def = (char *)val(c, res, i, 7);
			size_t len = def ? strlen(def) : 0;
			while (len > 0 && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
				def[--len] = '\0';
			v->definition = def;
			v->with_no_data = kind == RT_KIND_MATVIEW && !bval(res, i, 8);
			if ((rc = reloptions(c, res, i, 5, &opts, &n)))
				break;
			/* check_option is a reloption in the catalog but a clause in DDL */
			for (k = 0; k < n; k++) {
				if (!strncmp(opts[k], "check_option=", 13))
					v->check_option = opts[k] + 13;
				else
					opts[m++] = opts[k];
			}
			v->reloptions = opts;
			v->nreloptions = m;
		}
		if (rc)
			break;
		if (!ref_add(c, CAT_CLASS, oval(res, i, 0), o)) {
			rc = rt_error_nomem(c->err);
			break;
		}
		/* a function taking or returning the row type needs the relation first */
		if (oval(res, i, 9) && !ref_add(c, CAT_TYPE, oval(res, i, 9), o)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

/* Functions and procedures (aggregates and window functions are not modelled).  The name
 * carries the identity arguments so overloads are distinct objects. */
static int
load_functions(ctx *c)
{
	PGresult *res;
	rt_buf q = RT_BUF_INIT;
	int rc, i;
	rt_buf_printf(&q, "SELECT p.oid, " RT_FUNCTION_COLUMNS RT_FUNCTION_FROM
		"WHERE p.prokind IN ('f', 'p') AND " RT_FUNCTION_NOT_INTERNAL "AND %s" NOT_EXT("pg_proc", "p.oid")
		"ORDER BY 2, 3, 4", NS_FILTER);
	rc = run(c, &res, rt_buf_cstr(&q), "functions");
	rt_buf_dispose(&q);
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_function *f;
		if ((rc = rt_introspect_function(&f, c->g, res, i, 1, c->err)))
			break;
		if (!ref_add(c, CAT_PROC, oval(res, i, 0), &f->obj)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

int
rt_introspect_function(rt_function **out, rt_graph *g, const PGresult *res, int row, int at, rt_error *err)
{
	rt_function *f;
	int rc;
#define COL(k) (PQgetisnull(res, row, at + (k)) ? NULL : PQgetvalue(res, row, at + (k)))
	if ((rc = rt_graph_add_function(&f, g, COL(0), COL(1), COL(9), COL(2), err)))
		return rc;
	f->is_procedure = COL(3)[0] == 'p';
	f->arguments = rt_graph_strdup(g, COL(4));
	f->result = rt_graph_strdup(g, COL(5));
	f->language = rt_graph_strdup(g, COL(6));
	f->definition = rt_graph_function_def(g, COL(7));
	f->obj.comment = rt_graph_strdup(g, COL(8));
#undef COL
	if (!f->arguments || !f->language || !f->definition)
		return rt_error_nomem(err);
	*out = f;
	return RT_OK;
}

/* Triggers of the modelled relations (not the internal ones of FKs, not the clones on
 * partitions). */
static int
load_triggers(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid), t.tgfoid, ds.description, "
		 "t.tgenabled "
		 "FROM pg_catalog.pg_trigger t "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = t.oid "
		 "  AND ds.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND ds.objsubid = 0 "
		 "WHERE NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY 1, 2", "triggers");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		oidref *rel = ref_find(c, CAT_CLASS, oval(res, i, 0));
		oidref *fn = ref_find(c, CAT_PROC, oval(res, i, 3));
		rt_trigger *t;
		if (!rel || !rel->obj)
			continue;
		if ((rc = rt_graph_add((rt_object **)&t, c->g, RT_KIND_TRIGGER, rel->obj->schema, rel->obj->name,
				       PQgetvalue(res, i, 1), c->err)))
			break;
		t->definition = val(c, res, i, 2);
		t->obj.comment = val(c, res, i, 4);
		t->enabled = PQgetvalue(res, i, 5)[0] == 'O' ? 0 : PQgetvalue(res, i, 5)[0];
		if (fn && fn->obj && (rc = rt_graph_add_dep(c->g, &t->obj, fn->obj, c->err)))
			break;
	}
	PQclear(res);
	return rc;
}

/* Row level security policies of the modelled tables.  Roles come as names (0, PUBLIC, as
 * "public"), sorted here as the DDL side sorts them. */
static int
load_policies(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "SELECT p.oid, p.polrelid, p.polname, p.polcmd, p.polpermissive, "
		 "ARRAY(SELECT CASE WHEN u.r = 0 THEN 'public' ELSE COALESCE(a.rolname, u.r::pg_catalog.text) END "
		 "  FROM pg_catalog.unnest(p.polroles) AS u(r) "
		 "  LEFT JOIN pg_catalog.pg_roles a ON a.oid = u.r), "
		 "pg_catalog.pg_get_expr(p.polqual, p.polrelid), "
		 "pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), ds.description "
		 "FROM pg_catalog.pg_policy p "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = p.oid "
		 "  AND ds.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND ds.objsubid = 0 "
		 "ORDER BY 2, 3", "policies");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		oidref *rel = ref_find(c, CAT_CLASS, oval(res, i, 1));
		rt_policy *p;
		if (!rel || !rel->obj || rel->obj->kind != RT_KIND_TABLE)
			continue;
		if ((rc = rt_graph_add((rt_object **)&p, c->g, RT_KIND_POLICY, rel->obj->schema, rel->obj->name,
				       PQgetvalue(res, i, 2), c->err)))
			break;
		p->cmd = PQgetvalue(res, i, 3)[0];
		p->permissive = bval(res, i, 4);
		if ((rc = parse_array(c, PQgetvalue(res, i, 5), &p->roles, &p->nroles)))
			break;
		rt_policy_sort_roles(p);
		p->using_expr = val(c, res, i, 6);
		p->check_expr = val(c, res, i, 7);
		p->obj.comment = val(c, res, i, 8);
		if (!ref_add(c, CAT_POLICY, oval(res, i, 0), &p->obj)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

/* Room for one more column of r.  The first array holds relnatts columns (r->maxnum), which
 * no relation exceeds: the doubling is only a guard. */
static int
add_column(ctx *c, oidref *r, rt_column **cols, int *n, int *cap)
{
	rt_column *nc;
	if (*n == *cap) {
		int ncap = *cap ? *cap * 2 : r->maxnum > 0 ? r->maxnum : 8;
		nc = rt_graph_alloc(c->g, sizeof *nc * (size_t)ncap);
		if (!nc)
			return rt_error_nomem(c->err);
		if (*n)
			memcpy(nc, *cols, sizeof *nc * (size_t)*n);
		*cols = nc;
		*cap = ncap;
		/* the attnum map points into the old array: rebuild it */
		for (int k = 0; k < *n; k++)
			r->bynum[(*cols)[k].attnum] = &(*cols)[k];
	}
	return RT_OK;
}

/* Columns of every relation in one query, ordered by (relation, attnum).  attnum is kept per
 * relation in a map so constraints and indexes (which store attnums) find their columns.  A
 * default cannot read a column, so it is rendered without its relation (pg_get_expr with a
 * relation opens it: on a fresh backend that was most of this query); only a generated
 * column's expression needs it. */
static int
load_columns(ctx *c)
{
	PGresult *res;
	int rc = RT_OK, i, capcols = 0, ncols = 0;
	unsigned cur_oid = 0;
	oidref *r = NULL;
	rt_column *cols = NULL;
	rc = run(c, &res,
		 "SELECT a.attrelid, a.attnum, a.attname, "
		 "pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
		 "CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) "
		 "  ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, a.attidentity, a.attgenerated, "
		 "CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN "
		 "  pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END, "
		 "ds.description, a.attcollation, c.relnatts, "
		 "CASE WHEN c.relkind IN ('r', 'p') AND a.attstattarget >= 0 THEN a.attstattarget END, "
		 "a.attinhcount, a.attislocal "
		 "FROM pg_catalog.pg_attribute a "
		 "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'v', 'm', 'c') "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid "
		 "  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum "
		 "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		 "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
		 "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
		 "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
		 "LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
		 "WHERE a.attnum > 0 AND NOT a.attisdropped "
		 "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
		 "AND n.nspname !~ '^pg_(toast_)?temp_' "
		 "ORDER BY a.attrelid, a.attnum", "columns");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		unsigned oid = oval(res, i, 0);
		int attnum = (int)llval(res, i, 1);
		rt_column *col;
		if (oid != cur_oid) {
			cur_oid = oid;
			r = ref_find(c, CAT_CLASS, oid);
			if (r) {
				int maxnum = (int)llval(res, i, 11);
				r->maxnum = maxnum;
				r->bynum = rt_graph_alloc(c->g, sizeof *r->bynum * ((size_t)maxnum + 1));
				r->colls = rt_graph_alloc(c->g, sizeof *r->colls * ((size_t)maxnum + 1));
				if (!r->bynum || !r->colls) {
					rc = rt_error_nomem(c->err);
					break;
				}
				cols = NULL;
				ncols = capcols = 0;
			}
		}
		if (!r || !r->obj)
			continue;
		if ((rc = add_column(c, r, &cols, &ncols, &capcols)))
			break;
		col = &cols[ncols++];
		col->name = val(c, res, i, 2);
		col->type = val(c, res, i, 3);
		col->not_null = bval(res, i, 4);
		col->default_expr = val(c, res, i, 5);
		col->identity = PQgetvalue(res, i, 6)[0];
		col->generated = PQgetvalue(res, i, 7)[0];
		col->collation = val(c, res, i, 8);
		col->comment = val(c, res, i, 9);
		col->stattarget = val(c, res, i, 12);
		col->inhcount = (int)llval(res, i, 13);
		col->not_local = !bval(res, i, 14);
		col->attnum = attnum; /* raw until the relation is complete; renumbered below */
		r->bynum[attnum] = col;
		r->colls[attnum] = val(c, res, i, 10);
		if (r->obj->kind == RT_KIND_TABLE) {
			((rt_table *)r->obj)->columns = cols;
			((rt_table *)r->obj)->ncolumns = ncols;
		} else if (r->obj->kind == RT_KIND_COMPOSITE) {
			((rt_composite *)r->obj)->attrs = cols;
			((rt_composite *)r->obj)->nattrs = ncols;
		} else {
			((rt_view *)r->obj)->columns = cols;
			((rt_view *)r->obj)->ncolumns = ncols;
		}
	}
	PQclear(res);
	return rc;
}

/* A relation's columns carry 1-based positions among live columns (so a dropped column does
 * not make two equal tables differ).  An identity column whose sequence was not read (it
 * always is) still gets options, so that nothing downstream meets NULL. */
static void
renumber_columns(ctx *c)
{
	static const rt_seqopts none = {0};
	oidref *r, *tmp;
	HASH_ITER(hh, c->refs, r, tmp) {
		const rt_column *cols = NULL;
		int n = 0;
		/* a composite type has two refs (its type and its pg_class row): once is enough */
		if (!r->obj || r->k.cat != CAT_CLASS)
			continue;
		rt_object_columns(r->obj, &cols, &n);
		for (int k = 0; k < n; k++) {
			((rt_column *)cols)[k].attnum = k + 1;
			if (cols[k].identity && !cols[k].identity_opts)
				((rt_column *)cols)[k].identity_opts = &none;
		}
	}
}

static const char *
attname(oidref *r, long attnum)
{
	if (!r || attnum <= 0 || attnum > r->maxnum || !r->bynum[attnum])
		return NULL;
	return r->bynum[attnum]->name;
}

static int
attnames(ctx *c, oidref *r, const char *vec, const char ***out, int *n)
{
	long nums[INDEX_MAX_KEYS_GUESS];
	int k, cnt;
	const char **names;
	/* conkey/confkey arrive as {1,2}: accept braces and commas */
	char tmp[1024];
	size_t j;
	snprintf(tmp, sizeof tmp, "%s", vec ? vec : "");
	for (j = 0; tmp[j]; j++)
		if (tmp[j] == '{' || tmp[j] == '}' || tmp[j] == ',')
			tmp[j] = ' ';
	cnt = parse_vector(tmp, nums, INDEX_MAX_KEYS_GUESS);
	names = rt_graph_alloc(c->g, sizeof *names * ((size_t)cnt + 1));
	if (!names)
		return rt_error_nomem(c->err);
	for (k = 0; k < cnt; k++)
		names[k] = attname(r, nums[k]);
	*out = names;
	*n = cnt;
	return RT_OK;
}

/* All sequences, identity ones included: those fill their column's identity options.  OWNED BY
 * comes from the sequence's 'a' dependency on a table column. */
static int
load_sequences(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, "
		 "s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, d.refobjid, "
		 "d.refobjsubid, d.deptype, sc.relname, ds.description "
		 "FROM pg_catalog.pg_sequence s "
		 "JOIN pg_catalog.pg_class sc ON sc.oid = s.seqrelid "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = s.seqrelid "
		 "  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0 "
		 "LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_class'::pg_catalog.regclass "
		 "AND d.objid = s.seqrelid AND d.refclassid = 'pg_class'::pg_catalog.regclass "
		 "AND d.deptype IN ('a', 'i') "
		 "ORDER BY s.seqrelid", "sequences");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_seqopts o;
		oidref *owner = PQgetisnull(res, i, 8) ? NULL : ref_find(c, CAT_CLASS, oval(res, i, 8));
		const char *deptype = PQgetvalue(res, i, 10);
		oidref *self = ref_find(c, CAT_CLASS, oval(res, i, 0));
		o.data_type = val(c, res, i, 1);
		o.start = llval(res, i, 2);
		o.increment = llval(res, i, 3);
		o.min = llval(res, i, 4);
		o.max = llval(res, i, 5);
		o.cache = llval(res, i, 6);
		o.cycle = bval(res, i, 7);
		if (deptype[0] == 'i') {
			long num = (long)llval(res, i, 9);
			rt_column *col = owner && owner->bynum && num > 0 && num <= owner->maxnum
					 ? owner->bynum[num] : NULL;
			rt_seqopts *copy;
			if (col) {
				if (!(copy = rt_graph_alloc(c->g, sizeof *copy)))
					return rt_error_nomem(c->err);
				*copy = o;
				col->identity_opts = copy;
				col->identity_seq = val(c, res, i, 11);
				col->identity_comment = val(c, res, i, 12);
			}
			continue;
		}
		if (self && self->obj && self->obj->kind == RT_KIND_SEQUENCE) {
			rt_sequence *s = (rt_sequence *)self->obj;
			s->opts = o;
			if (owner && owner->obj) {
				s->owned_schema = owner->obj->schema;
				s->owned_table = owner->obj->name;
				s->owned_column = attname(owner, (long)llval(res, i, 9));
			}
		}
	}
	PQclear(res);
	return RT_OK;
}

static char
action(const char *s)
{
	return s && *s ? s[0] : 'a';
}

/* Table constraints and domain CHECKs.  Keys come as attnum arrays, mapped to names in C. */
static int
load_constraints(ctx *c)
{
	PGresult *res;
	int rc = RT_OK, i;
	rc = run(c, &res,
		 "SELECT con.oid, con.conrelid, con.contypid, con.conname, con.contype, "
		 "con.condeferrable, con.condeferred, con.convalidated, con.connoinherit, "
		 "con.conkey, con.confrelid, con.confkey, con.confupdtype, con.confdeltype, "
		 "con.confmatchtype, "
		 "CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END, "
		 "CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid) END, "
		 "con.conindid, ds.description, con.confdelsetcols, "
		 "con.coninhcount, con.conislocal "
		 "FROM pg_catalog.pg_constraint con "
		 "JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = con.oid "
		 "  AND ds.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND ds.objsubid = 0 "
		 "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') "
		 /* a FOREIGN KEY to a partitioned table gets one more row per partition it references,
		  * on the same table: the server's own bookkeeping, made and dropped with the key */
		 "AND NOT (con.contype = 'f' AND con.conparentid <> 0 AND EXISTS (SELECT 1 FROM "
		 "  pg_catalog.pg_constraint pc WHERE pc.oid = con.conparentid AND pc.conrelid = con.conrelid)) "
		 "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
		 "AND n.nspname !~ '^pg_(toast_)?temp_' "
		 "ORDER BY con.conrelid, con.contypid, con.conname", "constraints");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		oidref *rel = ref_find(c, CAT_CLASS, oval(res, i, 1));
		char type = PQgetvalue(res, i, 4)[0];
		rt_constraint *k;
		if (oval(res, i, 2)) {
			/* a domain CHECK */
			oidref *dr = ref_find(c, CAT_TYPE, oval(res, i, 2));
			rt_domain *d;
			rt_check *nc;
			if (!dr || !dr->obj || dr->obj->kind != RT_KIND_DOMAIN || type != 'c')
				continue;
			d = (rt_domain *)dr->obj;
			nc = rt_graph_alloc(c->g, sizeof *nc * ((size_t)d->nchecks + 1));
			if (!nc) {
				rc = rt_error_nomem(c->err);
				break;
			}
			if (d->nchecks)
				memcpy(nc, d->checks, sizeof *nc * (size_t)d->nchecks);
			nc[d->nchecks].name = val(c, res, i, 3);
			nc[d->nchecks].expr = val(c, res, i, 15);
			nc[d->nchecks].not_valid = !bval(res, i, 7);
			nc[d->nchecks].comment = val(c, res, i, 18);
			d->checks = nc;
			d->nchecks++;
			continue;
		}
		if (!rel || !rel->obj || rel->obj->kind != RT_KIND_TABLE)
			continue;
		if ((rc = rt_graph_add((rt_object **)&k, c->g, RT_KIND_CONSTRAINT, rel->obj->schema,
				       rel->obj->name, PQgetvalue(res, i, 3), c->err)))
			break;
		k->type = type;
		k->deferrable = bval(res, i, 5);
		k->deferred = bval(res, i, 6);
		k->not_valid = !bval(res, i, 7);
		/* connoinherit means something for a CHECK only (a PRIMARY KEY has it or not depending on
		 * whether it was made on a partition or cloned there) */
		k->no_inherit = type == 'c' && bval(res, i, 8);
		k->inhcount = (int)llval(res, i, 20);
		k->not_local = !bval(res, i, 21);
		k->obj.comment = val(c, res, i, 18);
		if (type != 'c' && type != 'x' &&
		    (rc = attnames(c, rel, PQgetvalue(res, i, 9), &k->columns, &k->ncolumns)))
			break;
		if (type == 'f') {
			oidref *ref = ref_find(c, CAT_CLASS, oval(res, i, 10));
			if (ref && ref->obj) {
				k->ref_schema = ref->obj->schema;
				k->ref_table = ref->obj->name;
				if ((rc = attnames(c, ref, PQgetvalue(res, i, 11), &k->ref_columns,
						   &k->nref_columns)))
					break;
			}
			k->on_update = action(PQgetvalue(res, i, 12));
			k->on_delete = action(PQgetvalue(res, i, 13));
			k->match = PQgetvalue(res, i, 14)[0];
			if (!PQgetisnull(res, i, 19) &&
			    (rc = attnames(c, rel, PQgetvalue(res, i, 19), &k->delete_set_columns,
					   &k->ndelete_set_columns)))
				break;
		}
		k->expr = val(c, res, i, 15);
		k->definition = val(c, res, i, 16);
		if (!ref_add(c, CAT_CON, oval(res, i, 0), &k->obj)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

/* The qualified names of collations and of the opclasses that are not their type's default,
 * for index keys (pg_index keeps oid vectors: resolving them here, not per key on the server). */
static int
load_lookups(ctx *c)
{
	PGresult *res;
	rt_buf q = RT_BUF_INIT;
	int rc, i, v = PQserverVersion(c->conn);
	/* the ICU locale's column: colliculocale in 15 and 16, colllocale from 17 */
	rt_buf_printf(&q,
		 "SELECT 'o', oc.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(oc.opcname), "
		 "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
		 "FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_namespace n ON n.oid = oc.opcnamespace "
		 "WHERE NOT oc.opcdefault UNION ALL "
		 "SELECT 'l', co.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(co.collname), "
		 "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
		 "  AND n.nspname !~ '^pg_(toast_)?temp_' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e "
		 "  WHERE e.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass AND e.objid = co.oid "
		 "  AND e.deptype = 'e'), "
		 "n.nspname, co.collname, co.collprovider, co.collisdeterministic, co.collcollate, co.collctype, "
		 "%s, ds.description "
		 "FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = co.oid "
		 "  AND ds.classoid = 'pg_catalog.pg_collation'::pg_catalog.regclass AND ds.objsubid = 0",
		 v >= 170000 ? "co.colllocale" : v >= 150000 ? "co.colliculocale" : "NULL::text");
	if (rt_buf_failed(&q))
		return rt_error_nomem(c->err);
	rc = run(c, &res, rt_buf_cstr(&q), "opclasses and collations");
	rt_buf_dispose(&q);
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		bool coll = PQgetvalue(res, i, 0)[0] == 'l';
		rt_collation *k = NULL;
		oidref *r;
		/* a collation of the user's: an object of the graph */
		if (coll && bval(res, i, 3)) {
			if ((rc = rt_graph_add((rt_object **)&k, c->g, RT_KIND_COLLATION, PQgetvalue(res, i, 4), NULL,
					       PQgetvalue(res, i, 5), c->err)))
				break;
			k->provider = PQgetvalue(res, i, 6)[0];
			k->deterministic = bval(res, i, 7);
			k->lc_collate = val(c, res, i, 8);
			k->lc_ctype = val(c, res, i, 9);
			k->icu_locale = val(c, res, i, 10);
			k->obj.comment = val(c, res, i, 11);
		}
		r = ref_add(c, coll ? CAT_COLLATION : CAT_OPCLASS, oval(res, i, 1), k ? &k->obj : NULL);
		if (!r || !(r->name = val(c, res, i, 2)))
			rc = rt_error_nomem(c->err);
	}
	PQclear(res);
	return rc;
}

/* Indexes from raw pg_index columns; only expression keys are rendered by the server.
 * Opclasses show when not the default for their type, collations when not the key's own. */
static int
load_indexes(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "SELECT i.indexrelid, i.indrelid, ic.relname, am.amname, i.indisunique, "
		 "i.indnullsnotdistinct, i.indnkeyatts, i.indnatts, i.indkey, i.indoption, "
		 "i.indclass, i.indcollation, "
		 "CASE WHEN i.indexprs IS NOT NULL THEN ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN "
		 "  pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END "
		 "  FROM generate_series(1, i.indnkeyatts) k ORDER BY k) END, "
		 "pg_catalog.pg_get_expr(i.indpred, i.indrelid, true), ic.reloptions, "
		 "ds.description, con.oid, con.conname, i.indisclustered, i.indisreplident "
		 "FROM pg_catalog.pg_index i "
		 "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = i.indexrelid "
		 "  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0 "
		 "JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace "
		 "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
		 "LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid "
		 "  AND con.contype IN ('p', 'u', 'x') AND con.conrelid = i.indrelid "
		 "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
		 "AND n.nspname !~ '^pg_(toast_)?temp_' "
		 "ORDER BY i.indrelid, ic.relname", "indexes");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		oidref *rel = ref_find(c, CAT_CLASS, oval(res, i, 1));
		rt_index *x;
		long keys[INDEX_MAX_KEYS_GUESS], opts[INDEX_MAX_KEYS_GUESS];
		long opc[INDEX_MAX_KEYS_GUESS], colls[INDEX_MAX_KEYS_GUESS];
		const char **exprs = NULL;
		int nkeyatts, natts, nk, no, nopc, ncoll, nexpr = 0, k;
		if (!rel || !rel->obj || (rel->obj->kind != RT_KIND_TABLE &&
					  rel->obj->kind != RT_KIND_MATVIEW))
			continue;
		if ((rc = rt_graph_add((rt_object **)&x, c->g, RT_KIND_INDEX, rel->obj->schema,
				       rel->obj->name, PQgetvalue(res, i, 2), c->err)))
			break;
		x->method = val(c, res, i, 3);
		x->unique = bval(res, i, 4);
		x->nulls_not_distinct = bval(res, i, 5);
		nkeyatts = (int)llval(res, i, 6);
		natts = (int)llval(res, i, 7);
		nk = parse_vector(PQgetvalue(res, i, 8), keys, INDEX_MAX_KEYS_GUESS);
		no = parse_vector(PQgetvalue(res, i, 9), opts, INDEX_MAX_KEYS_GUESS);
		nopc = parse_vector(PQgetvalue(res, i, 10), opc, INDEX_MAX_KEYS_GUESS);
		ncoll = parse_vector(PQgetvalue(res, i, 11), colls, INDEX_MAX_KEYS_GUESS);
		if (!PQgetisnull(res, i, 12) && (rc = parse_array(c, PQgetvalue(res, i, 12), &exprs, &nexpr)))
			break;
		x->keys = rt_graph_alloc(c->g, sizeof *x->keys * ((size_t)nkeyatts + 1));
		x->include = rt_graph_alloc(c->g, sizeof *x->include * ((size_t)natts + 1));
		if (!x->keys || !x->include) {
			rc = rt_error_nomem(c->err);
			break;
		}
		for (k = 0; k < nk && k < natts; k++) {
			if (k >= nkeyatts) {
				x->include[x->ninclude++] = attname(rel, keys[k]);
				continue;
			}
			rt_index_key *key = &x->keys[x->nkeys++];
			if (keys[k])
				key->column = attname(rel, keys[k]);
			else
				key->expr = k < nexpr ? exprs[k] : NULL;
			if (k < nopc) {
				/* only opclasses that are not their type's default are listed */
				oidref *o = ref_find(c, CAT_OPCLASS, (unsigned)opc[k]);
				key->opclass = o ? o->name : NULL;
			}
			if (k < no) {
				key->desc = (opts[k] & 1) != 0;        /* INDOPTION_DESC */
				key->nulls_first = (opts[k] & 2) != 0; /* INDOPTION_NULLS_FIRST */
			}
			if (k < ncoll && colls[k]) {
				/* dropped when the column's own collation, or the default */
				unsigned coid = (unsigned)colls[k];
				const char *own = keys[k] && keys[k] <= rel->maxnum ? rel->colls[keys[k]] : NULL;
				bool same = own ? (unsigned)strtoul(own, NULL, 10) == coid : coid == 100;
				oidref *o = ref_find(c, CAT_COLLATION, coid);
				if (!same && o)
					key->collation = o->name;
			}
		}
		x->predicate = val(c, res, i, 13);
		if ((rc = reloptions(c, res, i, 14, &x->reloptions, &x->nreloptions)))
			break;
		x->obj.comment = val(c, res, i, 15);
		x->clustered = bval(res, i, 18);
		if (bval(res, i, 19) && rel->obj->kind == RT_KIND_TABLE)
			((rt_table *)rel->obj)->replident_index = x->obj.name;
		if (!PQgetisnull(res, i, 16)) {
			oidref *cr = ref_find(c, CAT_CON, oval(res, i, 16));
			x->constraint = val(c, res, i, 17);
			if (cr && cr->obj) {
				rt_constraint *k2 = (rt_constraint *)cr->obj;
				k2->include = x->include;
				k2->ninclude = x->ninclude;
				k2->reloptions = x->reloptions;
				k2->nreloptions = x->nreloptions;
				k2->nulls_not_distinct = x->nulls_not_distinct;
			}
		}
		if (!ref_add(c, CAT_CLASS, oval(res, i, 0), &x->obj)) {
			rc = rt_error_nomem(c->err);
			break;
		}
	}
	PQclear(res);
	return rc;
}

/* "(a + b)" → "a + b": the parentheses pg_get_statisticsobjdef_expressions puts around
 * anything but a function call, when they enclose the whole text (quotes respected). */
static const char *
strip_outer_parens(ctx *c, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int depth = 0;
	char quote = 0;
	if (n < 2 || s[0] != '(' || s[n - 1] != ')')
		return s;
	for (size_t i = 0; i < n; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '\'' || s[i] == '"') {
			quote = s[i];
		} else if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')' && --depth == 0 && i != n - 1) {
			return s;
		}
	}
	{
		char *t = rt_graph_alloc(c->g, n - 1);
		if (!t)
			return s;
		memcpy(t, s + 1, n - 2);
		t[n - 2] = 0;
		return t;
	}
}

/* Extended statistics: keys from stxkeys (attnum order), expressions as the server prints
 * them, kinds without 'e' (implied by any expression). */
static int
load_statistics(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "SELECT s.oid, n.nspname, s.stxname, s.stxrelid, s.stxkeys, s.stxkind, s.stxstattarget, "
		 "pg_catalog.pg_get_statisticsobjdef_expressions(s.oid), ds.description "
		 "FROM pg_catalog.pg_statistic_ext s "
		 "JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace "
		 "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = s.oid "
		 "  AND ds.classoid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass AND ds.objsubid = 0 "
		 "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
		 "AND n.nspname !~ '^pg_(toast_)?temp_' "
		 NOT_EXT("pg_catalog.pg_statistic_ext", "s.oid")
		 "ORDER BY n.nspname, s.stxname", "statistics");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		oidref *rel = ref_find(c, CAT_CLASS, oval(res, i, 3));
		rt_statistics *x;
		long keys[INDEX_MAX_KEYS_GUESS];
		const char *kind = PQgetvalue(res, i, 5);
		char kinds[4];
		int nk, k, nkinds = 0;
		if (!rel || !rel->obj || (rel->obj->kind != RT_KIND_TABLE && rel->obj->kind != RT_KIND_MATVIEW))
			continue;
		if ((rc = rt_graph_add((rt_object **)&x, c->g, RT_KIND_STATISTICS, PQgetvalue(res, i, 1), NULL,
				       PQgetvalue(res, i, 2), c->err)))
			break;
		x->rel_schema = rel->obj->schema;
		x->rel_table = rel->obj->name;
		nk = parse_vector(PQgetvalue(res, i, 4), keys, INDEX_MAX_KEYS_GUESS);
		x->columns = rt_graph_alloc(c->g, sizeof *x->columns * ((size_t)nk + 1));
		if (!x->columns) {
			rc = rt_error_nomem(c->err);
			break;
		}
		for (k = 0; k < nk; k++)
			x->columns[x->ncolumns++] = attname(rel, keys[k]);
		if (!PQgetisnull(res, i, 7) && (rc = parse_array(c, PQgetvalue(res, i, 7), &x->exprs, &x->nexprs)))
			break;
		for (k = 0; k < x->nexprs; k++)
			x->exprs[k] = strip_outer_parens(c, x->exprs[k]);
		/* stxkind is a "char"[] ({d,f,m,e}): keep d, f, m in that order */
		for (k = 0; k < 3; k++)
			if (strchr(kind, "dfm"[k]))
				kinds[nkinds++] = "dfm"[k];
		kinds[nkinds] = 0;
		x->kinds = rt_graph_strdup(c->g, kinds);
		x->stattarget = (int)llval(res, i, 6);
		x->obj.comment = val(c, res, i, 8);
		if ((rc = rt_graph_add_dep(c->g, &x->obj, rel->obj, c->err)))
			break;
	}
	PQclear(res);
	return rc;
}

/* pg_inherits: a table's parents (INHERITS, or the partitioned table of a partition) in
 * inhseqno order, and the partitioned index each index of a partition is attached to. */
static int
load_inherits(ctx *c)
{
	PGresult *res;
	int rc = RT_OK, i;
	rc = run(c, &res, "SELECT i.inhrelid, i.inhparent FROM pg_catalog.pg_inherits i "
		 "ORDER BY i.inhrelid, i.inhseqno", "inheritance");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		oidref *child = ref_find(c, CAT_CLASS, oval(res, i, 0));
		oidref *parent = ref_find(c, CAT_CLASS, oval(res, i, 1));
		if (!child || !child->obj || !parent || !parent->obj || child->obj->kind != parent->obj->kind)
			continue;
		if (child->obj->kind == RT_KIND_INDEX) {
			((rt_index *)child->obj)->parent_index = parent->obj->name;
			continue;
		}
		if (child->obj->kind != RT_KIND_TABLE)
			continue;
		if ((rc = rt_graph_table_add_parent((rt_table *)child->obj, c->g, parent->obj->schema,
						    parent->obj->name, c->err)) ||
		    (rc = rt_graph_add_dep(c->g, child->obj, parent->obj, c->err)))
			break;
	}
	PQclear(res);
	return rc;
}

/* Maps a catalog reference to the object we modelled: a view's rewrite rule is the view, a
 * default is its table, an array type is its element type, a constraint's index is the
 * constraint. */
static rt_object *
dep_target(ctx *c, char cat, unsigned oid)
{
	oidref *r = ref_find(c, cat, oid);
	rt_object *o = r ? r->obj : NULL;
	if (o && o->kind == RT_KIND_INDEX && ((rt_index *)o)->constraint) {
		rt_object *k = rt_graph_find(c->g, RT_KIND_CONSTRAINT, o->schema, o->table,
					     ((rt_index *)o)->constraint);
		if (k)
			return k;
	}
	return o;
}

static int
load_depends(ctx *c)
{
	PGresult *res;
	int rc, i;
	rc = run(c, &res,
		 "WITH d AS (SELECT "
		 " CASE d.classid WHEN 'pg_rewrite'::pg_catalog.regclass THEN 'c' "
		 "  WHEN 'pg_attrdef'::pg_catalog.regclass THEN 'c' "
		 "  WHEN 'pg_class'::pg_catalog.regclass THEN 'c' WHEN 'pg_type'::pg_catalog.regclass THEN 't' "
		 "  WHEN 'pg_constraint'::pg_catalog.regclass THEN 'k' "
		 "  WHEN 'pg_proc'::pg_catalog.regclass THEN 'p' "
		 "  WHEN 'pg_policy'::pg_catalog.regclass THEN 'y' END AS cat, "
		 " COALESCE(r.ev_class, ad.adrelid, d.objid) AS oid, "
		 " CASE d.refclassid WHEN 'pg_class'::pg_catalog.regclass THEN 'c' "
		 "  WHEN 'pg_type'::pg_catalog.regclass THEN 't' "
		 "  WHEN 'pg_constraint'::pg_catalog.regclass THEN 'k' "
		 "  WHEN 'pg_extension'::pg_catalog.regclass THEN 'e' "
		 "  WHEN 'pg_proc'::pg_catalog.regclass THEN 'p' "
		 "  WHEN 'pg_collation'::pg_catalog.regclass THEN 'l' END AS refcat, "
		 " COALESCE(NULLIF(t.typelem, 0), d.refobjid) AS refoid "
		 "FROM pg_catalog.pg_depend d "
		 "LEFT JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_rewrite'::pg_catalog.regclass "
		 "  AND r.oid = d.objid "
		 "LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_attrdef'::pg_catalog.regclass "
		 "  AND ad.oid = d.objid "
		 "LEFT JOIN pg_catalog.pg_type t ON d.refclassid = 'pg_type'::pg_catalog.regclass "
		 "  AND t.oid = d.refobjid AND t.typcategory = 'A' "
		 "WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 "
		 "AND d.classid IN ('pg_rewrite'::pg_catalog.regclass, 'pg_attrdef'::pg_catalog.regclass, "
		 " 'pg_class'::pg_catalog.regclass, 'pg_type'::pg_catalog.regclass, "
		 " 'pg_constraint'::pg_catalog.regclass, 'pg_proc'::pg_catalog.regclass, "
		 " 'pg_policy'::pg_catalog.regclass)) "
		 "SELECT DISTINCT cat, oid, refcat, refoid FROM d WHERE refcat IS NOT NULL "
		 "ORDER BY 1, 2, 3, 4", "dependencies");
	if (rc)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		rt_object *o = dep_target(c, PQgetvalue(res, i, 0)[0], oval(res, i, 1));
		rt_object *d = dep_target(c, PQgetvalue(res, i, 2)[0], oval(res, i, 3));
		if (!o || !d || o == d)
			continue;
		/* OWNED BY points from the sequence at its table, but the table's default needs the
		 * sequence first: ownership is rendered after both exist, not as an order edge. */
		if (o->kind == RT_KIND_SEQUENCE && d->kind == RT_KIND_TABLE)
			continue;
		if ((rc = rt_graph_add_dep(c->g, o, d, c->err)))
			break;
	}
	PQclear(res);
	return rc;
}

/* Every object needs its schema; indexes and constraints need their table. */
static int
structural_deps(ctx *c)
{
	rt_object **all;
	int n = rt_graph_sorted(&all, c->g, c->err), i, rc;
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		rt_object *o = all[i];
		if (o->schema && (rc = rt_graph_add_dep(c->g, o, rt_graph_find(c->g, RT_KIND_SCHEMA,
							NULL, NULL, o->schema), c->err)))
			return rc;
		if (o->kind == RT_KIND_EXTENSION &&
		    (rc = rt_graph_add_dep(c->g, o, rt_graph_find(c->g, RT_KIND_SCHEMA, NULL, NULL,
				((rt_extension *)o)->ext_schema), c->err)))
			return rc;
		if (o->table && (rc = rt_graph_add_dep(c->g, o,
				rt_graph_find_relation(c->g, o->schema, o->table), c->err)))
			return rc;
	}
	return RT_OK;
}

static int (*const loaders[])(ctx *) = {
	load_schemas, load_extensions, load_types, load_relations, load_functions, load_triggers,
	load_policies, load_columns, load_sequences,
	load_constraints, load_lookups, load_indexes, load_statistics, load_inherits, load_depends,
};

#define TUNING "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; " \
	       "SET LOCAL max_parallel_workers_per_gather = 0"

int
rt_introspect_conn(rt_graph *g, PGconn *conn, rt_introspect_opts *opts, rt_error *err)
{
	rt_introspect_opts local = RT_INTROSPECT_OPTS_INIT;
	ctx c = {0};
	PGresult *res;
	oidref *r, *tmp;
	int rc;
	c.g = g;
	c.conn = conn;
	c.opts = opts ? opts : &local;
	c.err = err;
	c.version_table = c.opts->version_table ? c.opts->version_table : "alembic_version";
	c.opts->queries = 0;
	rt_trace("introspect: connected");
	/* jit off: compiling the catalog queries costs more than running them (a third of the
	 * batch on a fresh backend at 1,000 tables); sorts in memory; no parallel workers (their
	 * start costs more than these scans, and retort parses the models meanwhile) */
	res = PQexec(conn, c.opts->in_transaction
				   ? "SET LOCAL search_path = ''; " TUNING
				   : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
				     "SET LOCAL search_path = ''; SET LOCAL statement_timeout = 0; " TUNING);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = rt_db_error(err, conn, res, "starting introspection");
		PQclear(res);
		return rc;
	}
	PQclear(res);
	for (c.mode = MODE_COLLECT; c.mode <= MODE_FETCH; c.mode++) {
		for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
			rc = loaders[i](&c);
			if (c.mode == MODE_FETCH)
				rt_trace("introspect: loader %zu read", i);
			if (c.mode == MODE_COLLECT && rc == COLLECTED)
				continue;
			if (rc)
				goto cleanup;
		}
		if (c.mode == MODE_COLLECT && !PQsendQuery(conn, rt_buf_cstr(&c.batch))) {
			rc = rt_db_error(err, conn, NULL, "sending the catalog queries");
			goto cleanup;
		}
	}
	renumber_columns(&c);
	rc = structural_deps(&c);
	rt_trace("introspect: done");
cleanup:
	/* whatever was not read (after an error) */
	while ((res = PQgetResult(conn)))
		PQclear(res);
	rt_buf_dispose(&c.batch);
	if (!c.opts->in_transaction) {
		res = PQexec(conn, "ROLLBACK");
		PQclear(res);
	}
	HASH_ITER(hh, c.refs, r, tmp) HASH_DELETE(hh, c.refs, r);
	return rc;
}

int
rt_introspect_load(rt_graph *g, const char *conninfo, rt_introspect_opts *opts, rt_error *err)
{
	PGconn *conn = NULL;
	int rc;
	if ((rc = rt_db_connect(&conn, conninfo, err)))
		return rc;
	rc = rt_introspect_conn(g, conn, opts, err);
	PQfinish(conn);
	return rc;
}
