/* DDL front-end: type names as format_type() prints them, collations, enums, domains and
 * sequences.  The canonical strings here are exactly what introspection reads back with
 * format_type(atttypid, atttypmod) under search_path '' (pg_catalog types bare, every other
 * type schema-qualified and quoted as quote_identifier would). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/sql.h"

#include "ddl_int.h"

enum tstyle {
	T_PLAIN,        /* typname, no typmod */
	T_LEN,          /* display(n) when a typmod is given */
	T_NUMERIC,      /* numeric(p,s) */
	T_TIME,         /* display(p) + suffix */
	T_INTERVAL,
	T_BPCHAR
};

static const struct builtin {
	const char *typname;
	const char *display;
	enum tstyle style;
	const char *suffix;
} builtins[] = {
	{"int2", "smallint", T_PLAIN, NULL},
	{"int4", "integer", T_PLAIN, NULL},
	{"int8", "bigint", T_PLAIN, NULL},
	{"float4", "real", T_PLAIN, NULL},
	{"float8", "double precision", T_PLAIN, NULL},
	{"numeric", "numeric", T_NUMERIC, NULL},
	{"bool", "boolean", T_PLAIN, NULL},
	{"bpchar", "character", T_BPCHAR, NULL},
	{"varchar", "character varying", T_LEN, NULL},
	{"bit", "bit", T_LEN, NULL},
	{"varbit", "bit varying", T_LEN, NULL},
	{"time", "time", T_TIME, " without time zone"},
	{"timetz", "time", T_TIME, " with time zone"},
	{"timestamp", "timestamp", T_TIME, " without time zone"},
	{"timestamptz", "timestamp", T_TIME, " with time zone"},
	{"interval", "interval", T_INTERVAL, NULL},
	{"char", "\"char\"", T_PLAIN, NULL},
	{"text", "text", T_PLAIN, NULL}, {"name", "name", T_PLAIN, NULL},
	{"bytea", "bytea", T_PLAIN, NULL}, {"date", "date", T_PLAIN, NULL},
	{"uuid", "uuid", T_PLAIN, NULL}, {"json", "json", T_PLAIN, NULL},
	{"jsonb", "jsonb", T_PLAIN, NULL}, {"jsonpath", "jsonpath", T_PLAIN, NULL},
	{"xml", "xml", T_PLAIN, NULL}, {"inet", "inet", T_PLAIN, NULL},
	{"cidr", "cidr", T_PLAIN, NULL}, {"macaddr", "macaddr", T_PLAIN, NULL},
	{"macaddr8", "macaddr8", T_PLAIN, NULL}, {"money", "money", T_PLAIN, NULL},
	{"point", "point", T_PLAIN, NULL}, {"line", "line", T_PLAIN, NULL},
	{"lseg", "lseg", T_PLAIN, NULL}, {"box", "box", T_PLAIN, NULL},
	{"path", "path", T_PLAIN, NULL}, {"polygon", "polygon", T_PLAIN, NULL},
	{"circle", "circle", T_PLAIN, NULL}, {"tsvector", "tsvector", T_PLAIN, NULL},
	{"tsquery", "tsquery", T_PLAIN, NULL}, {"oid", "oid", T_PLAIN, NULL},
	{"regclass", "regclass", T_PLAIN, NULL}, {"regproc", "regproc", T_PLAIN, NULL},
	{"regprocedure", "regprocedure", T_PLAIN, NULL}, {"regoper", "regoper", T_PLAIN, NULL},
	{"regoperator", "regoperator", T_PLAIN, NULL}, {"regtype", "regtype", T_PLAIN, NULL},
	{"regnamespace", "regnamespace", T_PLAIN, NULL}, {"regrole", "regrole", T_PLAIN, NULL},
	{"regconfig", "regconfig", T_PLAIN, NULL}, {"regdictionary", "regdictionary", T_PLAIN, NULL},
	{"regcollation", "regcollation", T_PLAIN, NULL},
	{"int4range", "int4range", T_PLAIN, NULL}, {"int8range", "int8range", T_PLAIN, NULL},
	{"numrange", "numrange", T_PLAIN, NULL}, {"tsrange", "tsrange", T_PLAIN, NULL},
	{"tstzrange", "tstzrange", T_PLAIN, NULL}, {"daterange", "daterange", T_PLAIN, NULL},
	{"int4multirange", "int4multirange", T_PLAIN, NULL},
	{"int8multirange", "int8multirange", T_PLAIN, NULL},
	{"nummultirange", "nummultirange", T_PLAIN, NULL},
	{"tsmultirange", "tsmultirange", T_PLAIN, NULL},
	{"tstzmultirange", "tstzmultirange", T_PLAIN, NULL},
	{"datemultirange", "datemultirange", T_PLAIN, NULL},
	{"pg_lsn", "pg_lsn", T_PLAIN, NULL}, {"txid_snapshot", "txid_snapshot", T_PLAIN, NULL},
	{"pg_snapshot", "pg_snapshot", T_PLAIN, NULL}, {"xid", "xid", T_PLAIN, NULL},
	{"xid8", "xid8", T_PLAIN, NULL}, {"cid", "cid", T_PLAIN, NULL}, {"tid", "tid", T_PLAIN, NULL},
	{"oidvector", "oidvector", T_PLAIN, NULL}, {"int2vector", "int2vector", T_PLAIN, NULL},
	{"refcursor", "refcursor", T_PLAIN, NULL}, {"aclitem", "aclitem", T_PLAIN, NULL},
	{"gtsvector", "gtsvector", T_PLAIN, NULL}, {"record", "record", T_PLAIN, NULL},
	{NULL, NULL, T_PLAIN, NULL}};

/* Types that well-known extensions create in their schema. */
static const struct {
	const char *type, *ext;
} ext_types[] = {
	{"citext", "citext"}, {"hstore", "hstore"}, {"ltree", "ltree"}, {"lquery", "ltree"},
	{"ltxtquery", "ltree"}, {"cube", "cube"}, {"seg", "seg"}, {"isbn", "isn"},
	{"isbn13", "isn"}, {"ismn", "isn"}, {"ismn13", "isn"}, {"issn", "isn"}, {"issn13", "isn"},
	{"ean13", "isn"}, {"upc", "isn"}, {"lo", "lo"}, {"earth", "earthdistance"},
	{"geometry", "postgis"}, {"geography", "postgis"}, {"box2d", "postgis"},
	{"box3d", "postgis"}, {"vector", "vector"}, {"halfvec", "vector"},
	{"sparsevec", "vector"}, {NULL, NULL}};

static const struct builtin *
find_builtin(const char *name)
{
	int i;
	for (i = 0; builtins[i].typname; i++)
		if (strcmp(builtins[i].typname, name) == 0)
			return &builtins[i];
	return NULL;
}

static bool
int_typmods(const PgQuery__TypeName *tn, int *mods, int *n)
{
	size_t i;
	*n = 0;
	for (i = 0; i < tn->n_typmods && i < 4; i++) {
		const PgQuery__Node *m = tn->typmods[i];
		if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
		    m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
			return false;
		mods[(*n)++] = m->a_const->ival->ival;
	}
	return true;
}

static const char *
interval_fields(int mask)
{
#define IM(b) (1 << (b))
	enum { MONTH = 1, YEAR = 2, DAY = 3, HOUR = 10, MINUTE = 11, SECOND = 12 };
	switch (mask) {
	case IM(YEAR): return " year";
	case IM(MONTH): return " month";
	case IM(DAY): return " day";
	case IM(HOUR): return " hour";
	case IM(MINUTE): return " minute";
	case IM(SECOND): return " second";
	case IM(YEAR) | IM(MONTH): return " year to month";
	case IM(DAY) | IM(HOUR): return " day to hour";
	case IM(DAY) | IM(HOUR) | IM(MINUTE): return " day to minute";
	case IM(DAY) | IM(HOUR) | IM(MINUTE) | IM(SECOND): return " day to second";
	case IM(HOUR) | IM(MINUTE): return " hour to minute";
	case IM(HOUR) | IM(MINUTE) | IM(SECOND): return " hour to second";
	case IM(MINUTE) | IM(SECOND): return " minute to second";
	default: return "";
	}
#undef IM
}

static int
format_builtin(ddl_ctx *c, rt_buf *b, const struct builtin *bt, const PgQuery__TypeName *tn)
{
	int mods[4], n;
	if (!int_typmods(tn, mods, &n))
		return rt_ddl__errorf(c, RT_EPARSE, "type modifiers of %s must be integer constants",
				      bt->typname);
	switch (bt->style) {
	case T_PLAIN:
		if (n)
			return rt_ddl__errorf(c, RT_EPARSE, "type modifier is not allowed for type %s",
					      bt->display);
		rt_buf_puts(b, bt->display);
		break;
	case T_BPCHAR:
		if (n)
			rt_buf_printf(b, "character(%d)", mods[0]);
		else
			rt_buf_puts(b, "bpchar");
		break;
	case T_LEN:
		rt_buf_puts(b, bt->display);
		if (n)
			rt_buf_printf(b, "(%d)", mods[0]);
		break;
	case T_NUMERIC:
		rt_buf_puts(b, "numeric");
		if (n >= 2)
			rt_buf_printf(b, "(%d,%d)", mods[0], mods[1]);
		else if (n == 1)
			rt_buf_printf(b, "(%d,0)", mods[0]);
		break;
	case T_TIME:
		rt_buf_puts(b, bt->display);
		if (n)
			rt_buf_printf(b, "(%d)", mods[0] > 6 ? 6 : mods[0]);
		rt_buf_puts(b, bt->suffix);
		break;
	case T_INTERVAL:
		rt_buf_puts(b, "interval");
		if (n) {
			rt_buf_puts(b, interval_fields(mods[0] & 0x7FFF));
			if (n >= 2 && mods[1] != 0xFFFF)
				rt_buf_printf(b, "(%d)", mods[1] > 6 ? 6 : mods[1]);
		}
		break;
	}
	return RT_OK;
}

rt_object *
rt_ddl__find_type(ddl_ctx *c, const char *schema, const char *name)
{
	rt_object *o;
	if ((o = rt_graph_find(c->g, RT_KIND_ENUM, schema, NULL, name)))
		return o;
	if ((o = rt_graph_find(c->g, RT_KIND_DOMAIN, schema, NULL, name)))
		return o;
	if ((o = rt_graph_find(c->g, RT_KIND_COMPOSITE, schema, NULL, name)))
		return o;
	if ((o = rt_graph_find(c->g, RT_KIND_RANGE, schema, NULL, name)))
		return o;
	/* a multirange type is its range's */
	for (int i = 0; i < c->nranges; i++) {
		rt_range *r = c->ranges[i];
		if (!strcmp(r->multirange, name) && !strcmp(r->multirange_schema, schema) &&
		    rt_graph_find(c->g, RT_KIND_RANGE, r->obj.schema, NULL, r->obj.name) == &r->obj)
			return &r->obj;
	}
	return NULL;
}

/* A user type, a table's row type or an extension's type in `schema`. */
static bool
type_in_schema(ddl_ctx *c, const char *schema, const char *name, rt_object **dep)
{
	rt_object *o;
	int i;
	if ((o = rt_ddl__find_type(c, schema, name)) || (o = rt_graph_find_relation(c->g, schema, name))) {
		if (o->kind == RT_KIND_SEQUENCE)
			return false;
		*dep = o;
		return true;
	}
	for (i = 0; ext_types[i].type; i++) {
		rt_extension *x;
		if (strcmp(ext_types[i].type, name) != 0)
			continue;
		x = (rt_extension *)rt_graph_find(c->g, RT_KIND_EXTENSION, NULL, NULL, ext_types[i].ext);
		if (x && x->ext_schema && strcmp(x->ext_schema, schema) == 0) {
			*dep = &x->obj;
			return true;
		}
	}
	return false;
}

/* Any extension living in `schema` that could have created an unknown type there. */
static rt_extension *
some_extension_in(ddl_ctx *c, const char *schema)
{
	return rt_ddl__extension_in(c, schema);
}

int
rt_ddl__format_type(ddl_ctx *c, const PgQuery__TypeName *tn, const char **out, rt_object **dep)
{
	rt_buf b = RT_BUF_INIT;
	const char *schema = NULL, *name = NULL, *found_schema = NULL;
	const struct builtin *bt = NULL;
	rt_object *d = NULL;
	int rc = RT_OK, i;
	*dep = NULL;
	if (!tn || tn->n_names == 0)
		return rt_ddl__errorf(c, RT_EPARSE, "missing type name");
	if (tn->pct_type)
		return rt_ddl__unsupported(c, "%TYPE references");
	if ((rc = rt_ddl__qualname(c, tn->names, tn->n_names, &schema, &name)))
		return rc;
	if (!schema || strcmp(schema, "pg_catalog") == 0)
		bt = find_builtin(name);
	if (!bt && name[0] == '_' && (!schema || strcmp(schema, "pg_catalog") == 0) &&
	    (bt = find_builtin(name + 1))) {
		/* _int4 is int4[] */
		if ((rc = format_builtin(c, &b, bt, tn)))
			goto cleanup;
		rt_buf_puts(&b, "[]");
		goto done;
	}
	if (bt) {
		if ((rc = format_builtin(c, &b, bt, tn)))
			goto cleanup;
	} else {
		if (schema && strcmp(schema, "pg_catalog") == 0) {
			rc = rt_ddl__errorf(c, RT_ENOTFOUND, "type pg_catalog.%s does not exist", name);
			goto cleanup;
		}
		if (schema && !strcmp(schema, "information_schema") &&
		    (!strcmp(name, "cardinal_number") || !strcmp(name, "character_data") ||
		     !strcmp(name, "sql_identifier") || !strcmp(name, "time_stamp") || !strcmp(name, "yes_or_no"))) {
			found_schema = schema;
		} else if (schema) {
			if (type_in_schema(c, schema, name, &d))
				found_schema = schema;
		} else {
			for (i = 0; i < c->nsearch && !found_schema; i++)
				if (rt_ddl__schema_exists(c, c->search_path[i]) &&
				    type_in_schema(c, c->search_path[i], name, &d))
					found_schema = c->search_path[i];
		}
		if (!found_schema) {
			/* an extension we do not know the types of may have made it */
			rt_extension *x = NULL;
			if (schema)
				x = some_extension_in(c, schema);
			for (i = 0; !schema && i < c->nsearch && !x; i++)
				if ((x = some_extension_in(c, c->search_path[i])))
					found_schema = c->search_path[i];
			if (x && schema)
				found_schema = schema;
			d = x ? &x->obj : NULL;
		}
		if (!found_schema) {
			rc = rt_ddl__errorf(c, RT_ENOTFOUND, "type %s%s%s does not exist",
					    schema ? schema : "", schema ? "." : "", name);
			goto cleanup;
		}
		rt_sql_qualified(&b, found_schema, name);
		if (tn->n_typmods) {
			int mods[4], n;
			if (int_typmods(tn, mods, &n) && n) {
				rt_buf_putc(&b, '(');
				for (i = 0; i < n; i++)
					rt_buf_printf(&b, "%s%d", i ? "," : "", mods[i]);
				rt_buf_putc(&b, ')');
			}
		}
	}
done:
	if (tn->n_array_bounds)
		rt_buf_puts(&b, "[]");
	if (rt_buf_failed(&b)) {
		rc = rt_error_nomem(c->err);
		goto cleanup;
	}
	*out = rt_graph_strdup(c->g, b.ptr);
	if (d && d->kind == RT_KIND_EXTENSION)
		d = NULL;
	*dep = d;
	if (!*out)
		rc = rt_error_nomem(c->err);
cleanup:
	rt_buf_dispose(&b);
	return rc;
}

/* A collation of the models by (schema or NULL, name): an unqualified name goes through
 * search_path, after the built-in names pg_catalog always answers first. */
rt_object *
rt_ddl__find_collation(ddl_ctx *c, const char *schema, const char *name)
{
	static const char *const builtin[] = {"C", "POSIX", "ucs_basic", "default"};
	if (schema)
		return rt_graph_find(c->g, RT_KIND_COLLATION, schema, NULL, name);
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (!strcmp(name, builtin[i]))
			return NULL;
	for (int i = 0; i < c->nsearch; i++) {
		rt_object *o = rt_graph_find(c->g, RT_KIND_COLLATION, c->search_path[i], NULL, name);
		if (o)
			return o;
	}
	return NULL;
}

const char *
rt_ddl__collation(ddl_ctx *c, PgQuery__Node **names, size_t n, rt_object *owner)
{
	rt_buf b = RT_BUF_INIT;
	const char *schema = NULL, *name = NULL, *out;
	rt_object *k;
	if (!n || rt_ddl__qualname(c, names, n, &schema, &name) != RT_OK)
		return NULL;
	if (strcmp(name, "default") == 0 && (!schema || strcmp(schema, "pg_catalog") == 0))
		return NULL;
	if ((k = rt_ddl__find_collation(c, schema, name))) {
		schema = k->schema;
		if (owner && owner != k && rt_graph_add_dep(c->g, owner, k, c->err))
			return NULL;
	}
	rt_sql_qualified(&b, schema ? schema : "pg_catalog", name);
	out = rt_buf_failed(&b) ? NULL : rt_graph_strdup(c->g, b.ptr);
	rt_buf_dispose(&b);
	return out;
}

static bool
defel_bool(const char *v, bool *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return false;
	return true;
}

/* CREATE COLLATION name (options) | FROM other, as DefineCollation reads it: LOCALE sets
 * LC_COLLATE and LC_CTYPE (libc) or the ICU locale; libc needs both, ICU its locale.  FROM
 * copies a collation of the models, or "C" / "POSIX"; the server's other collations are not
 * known here. */
int
rt_ddl__create_collation(ddl_ctx *c, const PgQuery__DefineStmt *s)
{
	const char *schema = NULL, *name = NULL, *locale = NULL, *lc_collate = NULL, *lc_ctype = NULL;
	rt_collation *k, *from = NULL;
	char provider = 'c';
	bool deterministic = true, from_builtin = false;
	int rc;
	if ((rc = rt_ddl__qualname(c, s->defnames, s->n_defnames, &schema, &name)))
		return rc;
	if (!schema && !(schema = rt_ddl__creation_schema(c)))
		return c->err->code;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	if (rt_graph_find(c->g, RT_KIND_COLLATION, schema, NULL, name)) {
		if (s->if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "collation \"%s\" already exists", name);
	}
	for (size_t i = 0; i < s->n_definition; i++) {
		const PgQuery__DefElem *d = s->definition[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM
					    ? s->definition[i]->def_elem : NULL;
		const char *v;
		if (!d)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid CREATE COLLATION");
		if (!strcmp(d->defname, "from")) {
			const char *fs = NULL, *fn = NULL;
			if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST ||
			    (rc = rt_ddl__qualname(c, d->arg->list->items, d->arg->list->n_items, &fs, &fn)))
				return rt_ddl__errorf(c, RT_EPARSE, "invalid CREATE COLLATION ... FROM");
			from = (rt_collation *)rt_ddl__find_collation(c, fs, fn);
			if (!from && (!fs || !strcmp(fs, "pg_catalog")) && (!strcmp(fn, "C") || !strcmp(fn, "POSIX"))) {
				from_builtin = true;
				locale = fn;
			} else if (!from) {
				return rt_ddl__errorf(c, RT_EUNSUPPORTED,
						      "CREATE COLLATION ... FROM \"%s\": only the models' collations, \"C\" "
						      "and \"POSIX\" are known here; spell out its provider and locale", fn);
			}
			continue;
		}
		if (!(v = rt_ddl__defel_string(c, d)))
			return rt_ddl__errorf(c, RT_EPARSE, "collation attribute \"%s\" needs a value", d->defname);
		if (!strcmp(d->defname, "provider")) {
			if (!strcmp(v, "icu"))
				provider = 'i';
			else if (!strcmp(v, "libc"))
				provider = 'c';
			else
				return rt_ddl__errorf(c, RT_EINVALID, "unrecognized collation provider: %s", v);
		} else if (!strcmp(d->defname, "locale")) {
			locale = v;
		} else if (!strcmp(d->defname, "lc_collate")) {
			lc_collate = v;
		} else if (!strcmp(d->defname, "lc_ctype")) {
			lc_ctype = v;
		} else if (!strcmp(d->defname, "deterministic")) {
			if (!defel_bool(v, &deterministic))
				return rt_ddl__errorf(c, RT_EINVALID, "deterministic requires a Boolean value");
		} else if (strcmp(d->defname, "version")) {
			return rt_ddl__errorf(c, RT_EINVALID, "collation attribute \"%s\" not recognized", d->defname);
		}
	}
	if ((rc = rt_graph_add((rt_object **)&k, c->g, RT_KIND_COLLATION, schema, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &k->obj);
	if (from) {
		k->provider = from->provider;
		k->lc_collate = from->lc_collate;
		k->lc_ctype = from->lc_ctype;
		k->icu_locale = from->icu_locale;
		k->deterministic = from->deterministic;
		return rt_ddl__schema_dep(c, &k->obj);
	}
	k->provider = from_builtin ? 'c' : provider;
	k->deterministic = deterministic;
	if (k->provider == 'i') {
		if (!locale)
			return rt_ddl__errorf(c, RT_EINVALID, "parameter \"locale\" must be specified");
		k->icu_locale = rt_graph_strdup(c->g, locale);
	} else {
		if (!deterministic)
			return rt_ddl__errorf(c, RT_EINVALID, "nondeterministic collations not supported with this provider");
		if (!(lc_collate = lc_collate ? lc_collate : locale))
			return rt_ddl__errorf(c, RT_EINVALID, "parameter \"lc_collate\" must be specified");
		if (!(lc_ctype = lc_ctype ? lc_ctype : locale))
			return rt_ddl__errorf(c, RT_EINVALID, "parameter \"lc_ctype\" must be specified");
		k->lc_collate = rt_graph_strdup(c->g, lc_collate);
		k->lc_ctype = rt_graph_strdup(c->g, lc_ctype);
	}
	return rt_ddl__schema_dep(c, &k->obj);
}

/* ---- sequences ---- */

static void
type_range(const char *type, int64_t *min, int64_t *max)
{
	if (type && strcmp(type, "smallint") == 0) {
		*min = -32768;
		*max = 32767;
	} else if (type && strcmp(type, "integer") == 0) {
		*min = INT32_MIN;
		*max = INT32_MAX;
	} else {
		*min = INT64_MIN;
		*max = INT64_MAX;
	}
}

void
rt_ddl__seqopts_defaults(rt_seqopts *o, const char *type)
{
	memset(o, 0, sizeof *o);
	o->data_type = type ? type : "bigint";
	o->increment = 1;
	o->cache = 1;
	o->cycle = false;
	o->min = 1;
	type_range(o->data_type, &(int64_t){0}, &o->max);
	o->start = 1;
}

int
rt_ddl__defel_int64(ddl_ctx *c, const PgQuery__DefElem *d, int64_t *out)
{
	const PgQuery__Node *a = d->arg;
	const char *s = NULL;
	char *end;
	if (!a)
		return rt_ddl__errorf(c, RT_EPARSE, "option \"%s\" needs a value", d->defname);
	if (a->node_case == PG_QUERY__NODE__NODE_INTEGER) {
		*out = a->integer->ival;
		return RT_OK;
	}
	if (a->node_case == PG_QUERY__NODE__NODE_FLOAT)
		s = a->float_->fval;
	else if (a->node_case == PG_QUERY__NODE__NODE_STRING)
		s = a->string->sval;
	else if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		 a->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		*out = a->a_const->ival->ival;
		return RT_OK;
	}
	if (!s || !*s)
		return rt_ddl__errorf(c, RT_EPARSE, "option \"%s\" needs an integer", d->defname);
	*out = strtoll(s, &end, 10);
	if (*end)
		return rt_ddl__errorf(c, RT_EPARSE, "option \"%s\" needs an integer, not %s", d->defname, s);
	return RT_OK;
}

/* init_params() of commands/sequence.c: explicit options, then defaults that depend on the
 * direction and the data type; on ALTER, a changed AS type moves a bound that was at the old
 * type's default to the new type's. */
int
rt_ddl__seqopts_apply(ddl_ctx *c, rt_seqopts *o, PgQuery__Node **opts, size_t n, bool is_init,
		      const char **owned_by, bool *owned_none, const char **seqname)
{
	const PgQuery__DefElem *as = NULL, *inc = NULL, *min = NULL, *max = NULL, *start = NULL,
			       *cache = NULL, *cycle = NULL;
	bool reset_min = false, reset_max = false, asc;
	int64_t tmin, tmax, v;
	size_t i;
	int rc;
	if (owned_by)
		owned_by[0] = owned_by[1] = owned_by[2] = NULL;
	if (owned_none)
		*owned_none = false;
	for (i = 0; i < n; i++) {
		const PgQuery__DefElem *d;
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = opts[i]->def_elem;
		if (!strcmp(d->defname, "as"))
			as = d;
		else if (!strcmp(d->defname, "increment"))
			inc = d;
		else if (!strcmp(d->defname, "minvalue"))
			min = d;
		else if (!strcmp(d->defname, "maxvalue"))
			max = d;
		else if (!strcmp(d->defname, "start"))
			start = d;
		else if (!strcmp(d->defname, "cache"))
			cache = d;
		else if (!strcmp(d->defname, "cycle"))
			cycle = d;
		else if (!strcmp(d->defname, "restart"))
			; /* the current value is data, not schema */
		else if (!strcmp(d->defname, "owned_by")) {
			PgQuery__Node *a = d->arg;
			if (!owned_by || !a || a->node_case != PG_QUERY__NODE__NODE_LIST)
				continue;
			if (a->list->n_items == 1 && rt_ddl__str(a->list->items[0]) &&
			    !strcmp(rt_ddl__str(a->list->items[0]), "none")) {
				if (owned_none)
					*owned_none = true;
			} else if (a->list->n_items >= 2) {
				size_t k = a->list->n_items;
				owned_by[2] = rt_ddl__str(a->list->items[k - 1]);
				owned_by[1] = rt_ddl__str(a->list->items[k - 2]);
				owned_by[0] = k >= 3 ? rt_ddl__str(a->list->items[k - 3]) : NULL;
			} else {
				return rt_ddl__errorf(c, RT_EPARSE, "invalid OWNED BY option");
			}
		} else if (!strcmp(d->defname, "sequence_name")) {
			PgQuery__Node *a = d->arg;
			if (seqname && a && a->node_case == PG_QUERY__NODE__NODE_LIST && a->list->n_items)
				*seqname = rt_ddl__str(a->list->items[a->list->n_items - 1]);
		} else {
			return rt_ddl__errorf(c, RT_EPARSE, "unrecognized sequence option \"%s\"", d->defname);
		}
	}
	if (as) {
		const char *t;
		rt_object *dep;
		int64_t omin, omax;
		if (!as->arg || as->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid AS option");
		if ((rc = rt_ddl__format_type(c, as->arg->type_name, &t, &dep)))
			return rc;
		if (strcmp(t, "smallint") && strcmp(t, "integer") && strcmp(t, "bigint"))
			return rt_ddl__errorf(c, RT_EPARSE, "sequence type must be smallint, integer, or bigint");
		if (!is_init && strcmp(t, o->data_type) != 0) {
			type_range(o->data_type, &omin, &omax);
			asc = o->increment > 0;
			if ((asc && o->max == omax) || (!asc && o->max == -1))
				reset_max = true;
			if ((asc && o->min == 1) || (!asc && o->min == omin))
				reset_min = true;
		}
		o->data_type = t;
	}
	if (inc) {
		if ((rc = rt_ddl__defel_int64(c, inc, &v)))
			return rc;
		if (v == 0)
			return rt_ddl__errorf(c, RT_EPARSE, "INCREMENT must not be zero");
		o->increment = v;
	} else if (is_init) {
		o->increment = 1;
	}
	if (cycle)
		o->cycle = cycle->arg && cycle->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN
			   ? cycle->arg->boolean->boolval : true;
	else if (is_init)
		o->cycle = false;
	asc = o->increment > 0;
	type_range(o->data_type, &tmin, &tmax);
	if (max && max->arg) {
		if ((rc = rt_ddl__defel_int64(c, max, &o->max)))
			return rc;
	} else if (is_init || max || reset_max) {
		o->max = asc ? tmax : -1;
	}
	if (min && min->arg) {
		if ((rc = rt_ddl__defel_int64(c, min, &o->min)))
			return rc;
	} else if (is_init || min || reset_min) {
		o->min = asc ? 1 : tmin;
	}
	if (o->min >= o->max)
		return rt_ddl__errorf(c, RT_EPARSE, "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
				      (long long)o->min, (long long)o->max);
	if (o->max > tmax || o->min < tmin)
		return rt_ddl__errorf(c, RT_EPARSE, "MINVALUE or MAXVALUE out of range for sequence data type %s",
				      o->data_type);
	if (start) {
		if ((rc = rt_ddl__defel_int64(c, start, &o->start)))
			return rc;
	} else if (is_init) {
		o->start = asc ? o->min : o->max;
	}
	if (o->start < o->min || o->start > o->max)
		return rt_ddl__errorf(c, RT_EPARSE, "START value (%lld) cannot be outside MINVALUE and MAXVALUE",
				      (long long)o->start);
	if (cache) {
		if ((rc = rt_ddl__defel_int64(c, cache, &o->cache)))
			return rc;
		if (o->cache <= 0)
			return rt_ddl__errorf(c, RT_EPARSE, "CACHE (%lld) must be greater than zero",
					      (long long)o->cache);
	} else if (is_init) {
		o->cache = 1;
	}
	return RT_OK;
}

static int
set_owned_by(ddl_ctx *c, rt_sequence *s, const char **owned_by, bool none)
{
	rt_table *t;
	if (none) {
		s->owned_schema = s->owned_table = s->owned_column = NULL;
		return RT_OK;
	}
	if (!owned_by[1])
		return RT_OK;
	t = rt_ddl__find_table(c, owned_by[0], owned_by[1]);
	if (!t)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "relation \"%s\" does not exist", owned_by[1]);
	if (strcmp(t->obj.schema, s->obj.schema) != 0)
		return rt_ddl__errorf(c, RT_EINVALID, "sequence must be in same schema as table it is linked to");
	if (!rt_ddl__find_column(t, owned_by[2]))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
				      owned_by[2], t->obj.name);
	s->owned_schema = t->obj.schema;
	s->owned_table = t->obj.name;
	s->owned_column = rt_ddl__find_column(t, owned_by[2])->name;
	return RT_OK;
}

int
rt_ddl__create_seq(ddl_ctx *c, const PgQuery__CreateSeqStmt *st)
{
	const char *schema, *owned_by[3];
	rt_sequence *s;
	bool none;
	int rc;
	if (!st->sequence)
		return rt_ddl__errorf(c, RT_EPARSE, "missing sequence name");
	if (st->sequence->relpersistence && st->sequence->relpersistence[0] == 't')
		return rt_ddl__unsupported(c, "CREATE TEMPORARY SEQUENCE");
	schema = st->sequence->schemaname[0] ? st->sequence->schemaname : rt_ddl__creation_schema(c);
	if (!schema)
		return c->err ? c->err->code : RT_EINVALID;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	if (rt_ddl__name_used(c->relnames, schema, st->sequence->relname)) {
		if (st->if_not_exists)
			return RT_OK;
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", st->sequence->relname);
	}
	if ((rc = rt_graph_add((rt_object **)&s, c->g, RT_KIND_SEQUENCE, schema, NULL,
			       st->sequence->relname, c->err)))
		return rc;
	rt_ddl__set_src(c, &s->obj);
	s->unlogged = st->sequence->relpersistence && st->sequence->relpersistence[0] == 'u';
	rt_ddl__seqopts_defaults(&s->opts, "bigint");
	if ((rc = rt_ddl__seqopts_apply(c, &s->opts, st->options, st->n_options, true, owned_by, &none, NULL)))
		return rc;
	if ((rc = rt_ddl__name_add(c, &c->relnames, schema, s->obj.name)) ||
	    (rc = rt_ddl__schema_dep(c, &s->obj)))
		return rc;
	return set_owned_by(c, s, owned_by, none);
}

int
rt_ddl__alter_seq(ddl_ctx *c, const PgQuery__AlterSeqStmt *st)
{
	const char *owned_by[3];
	bool none;
	rt_object *o;
	ddl_name *nm = NULL;
	int rc, i;
	if (!st->sequence)
		return rt_ddl__errorf(c, RT_EPARSE, "missing sequence name");
	o = rt_ddl__find_relation(c, st->sequence->schemaname[0] ? st->sequence->schemaname : NULL,
				  st->sequence->relname);
	if (!o || o->kind != RT_KIND_SEQUENCE) {
		/* an identity column's sequence is no object of its own: find its column */
		rt_buf key = RT_BUF_INIT;
		for (i = 0; i < c->nsearch || st->sequence->schemaname[0]; i++) {
			const char *s = st->sequence->schemaname[0] ? st->sequence->schemaname : c->search_path[i];
			rt_buf_clear(&key);
			rt_buf_printf(&key, "%s\x1f%s", s, st->sequence->relname);
			HASH_FIND_STR(c->relnames, rt_buf_cstr(&key), nm);
			if (nm || st->sequence->schemaname[0])
				break;
		}
		rt_buf_dispose(&key);
		if (nm && nm->table && nm->column) {
			rt_column *col = rt_ddl__find_column(nm->table, nm->column);
			rt_seqopts *io;
			if (col && col->identity)
				return (io = rt_ddl__identity_opts(c, col))
					       ? rt_ddl__seqopts_apply(c, io, st->options, st->n_options, false,
								       NULL, NULL, NULL)
					       : c->err->code;
		}
		if (st->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "sequence \"%s\" does not exist", st->sequence->relname);
	}
	if ((rc = rt_ddl__seqopts_apply(c, &((rt_sequence *)o)->opts, st->options, st->n_options, false,
					owned_by, &none, NULL)))
		return rc;
	return set_owned_by(c, (rt_sequence *)o, owned_by, none);
}

/* ---- enums ---- */

static int
type_name_target(ddl_ctx *c, PgQuery__Node **names, size_t n, const char **schema, const char **name)
{
	int rc;
	if ((rc = rt_ddl__qualname(c, names, n, schema, name)))
		return rc;
	if (!*schema && !(*schema = rt_ddl__creation_schema(c)))
		return c->err ? c->err->code : RT_EINVALID;
	if (!rt_ddl__schema_exists(c, *schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", *schema);
	if (rt_ddl__find_type(c, *schema, *name))
		return rt_ddl__errorf(c, RT_EINVALID, "type \"%s\" already exists", *name);
	return RT_OK;
}

/* Is there code on p's line between max(line start, from) and p? */
static bool
code_before(const char *t, int from, int p)
{
	while (p > from && t[p - 1] != '\n')
		if (!isspace((unsigned char)t[--p]))
			return true;
	return false;
}

/* `-- @renamed from=OLD` ending a line of an enum label (`'new', -- @renamed from=old`), inside
 * the parentheses, renames that label.  Labels carry no location in the parse tree, so the statement is scanned: the
 * n-th string constant inside the parentheses is label n, and a comment belongs to the last
 * label before it, as a column's does to its column.  The scanner, not a text search, finds
 * the comments: a label may hold `--` or `@renamed`. */
static int
enum_label_renames(ddl_ctx *c, rt_enum *e)
{
	int end = c->stmt_end > c->stmt_loc ? c->stmt_end : c->stmt_loc, depth = 0, nlab = 0, cur = -1;
	int cur_start = 0;
	char *text;
	PgQueryScanResult res;
	PgQuery__ScanResult *sr = NULL;
	ProtobufCAllocator al;
	size_t i;
	if (!e->nlabels || !memmem(c->text + c->stmt_loc, (size_t)(end - c->stmt_loc), "@renamed", 8))
		return RT_OK;
	if (!(text = rt_arena_strndup(c->stmt, c->text + c->stmt_loc, (size_t)(end - c->stmt_loc))))
		return rt_error_nomem(c->err);
	res = pg_query_scan(text);
	if (!res.error) {
		rt_norm__allocator(&al, c->stmt);
		sr = pg_query__scan_result__unpack(&al, res.pbuf.len, (const uint8_t *)res.pbuf.data);
	}
	pg_query_free_scan_result(res);
	if (!sr)
		return RT_OK; /* it parsed: the scanner cannot fail on it but for memory */
	for (i = 0; i < sr->n_tokens; i++) {
		const PgQuery__ScanToken *tk = sr->tokens[i];
		const char *old;
		switch (tk->token) {
		case PG_QUERY__TOKEN__ASCII_40:
			depth++;
			break;
		case PG_QUERY__TOKEN__ASCII_41:
			depth--;
			break;
		case PG_QUERY__TOKEN__SCONST:
		case PG_QUERY__TOKEN__USCONST:
			if (depth == 1 && nlab < e->nlabels) {
				cur = nlab++;
				cur_start = tk->start;
			}
			break;
		case PG_QUERY__TOKEN__SQL_COMMENT:
			/* inside the parentheses only: `); -- ...` is no label's */
			if (cur < 0 || depth != 1 || !code_before(text, cur_start, tk->start))
				break;
			old = rt_ddl__renamed_in(c, c->stmt_loc + tk->start, c->stmt_loc + tk->end, false);
			if (!old)
				break;
			if (!e->label_renamed_from &&
			    !(e->label_renamed_from = rt_graph_alloc(c->g, sizeof *e->label_renamed_from *
									       ((size_t)e->nlabels + 1))))
				return rt_error_nomem(c->err);
			e->label_renamed_from[cur] = old;
			cur = -1; /* one annotation per label: the first */
			break;
		default:
			break;
		}
	}
	return RT_OK;
}

int
rt_ddl__create_enum(ddl_ctx *c, const PgQuery__CreateEnumStmt *st)
{
	const char *schema, *name;
	rt_enum *e;
	size_t i;
	int rc;
	if ((rc = type_name_target(c, st->type_name, st->n_type_name, &schema, &name)))
		return rc;
	if ((rc = rt_graph_add((rt_object **)&e, c->g, RT_KIND_ENUM, schema, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &e->obj);
	e->obj.renamed_from = rt_ddl__renamed_in(c, -1, c->stmt_loc, false);
	e->labels = rt_graph_alloc(c->g, sizeof *e->labels * (st->n_vals + 1));
	if (!e->labels)
		return rt_error_nomem(c->err);
	for (i = 0; i < st->n_vals; i++) {
		const char *v = rt_ddl__str(st->vals[i]);
		int k;
		if (!v)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid enum label");
		for (k = 0; k < e->nlabels; k++)
			if (!strcmp(e->labels[k], v))
				return rt_ddl__errorf(c, RT_EINVALID, "enum label \"%s\" used more than once", v);
		e->labels[e->nlabels++] = rt_graph_strdup(c->g, v);
	}
	if ((rc = enum_label_renames(c, e)))
		return rc;
	return rt_ddl__schema_dep(c, &e->obj);
}

static rt_object *
find_type_path(ddl_ctx *c, PgQuery__Node **names, size_t n, rt_kind kind)
{
	const char *schema = NULL, *name = NULL;
	int i;
	if (rt_ddl__qualname(c, names, n, &schema, &name))
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

int
rt_ddl__alter_enum(ddl_ctx *c, const PgQuery__AlterEnumStmt *st)
{
	rt_enum *e = (rt_enum *)find_type_path(c, st->type_name, st->n_type_name, RT_KIND_ENUM);
	const char **labels;
	int k, pos;
	if (!e)
		return rt_ddl__errorf(c, RT_ENOTFOUND, "type \"%s\" does not exist",
				      st->n_type_name ? rt_ddl__str(st->type_name[st->n_type_name - 1]) : "?");
	if (st->old_val && st->old_val[0]) {
		for (k = 0; k < e->nlabels; k++)
			if (!strcmp(e->labels[k], st->old_val)) {
				e->labels[k] = rt_graph_strdup(c->g, st->new_val);
				return RT_OK;
			}
		return rt_ddl__errorf(c, RT_ENOTFOUND, "\"%s\" is not an existing enum label", st->old_val);
	}
	for (k = 0; k < e->nlabels; k++)
		if (!strcmp(e->labels[k], st->new_val)) {
			if (st->skip_if_new_val_exists)
				return RT_OK;
			return rt_ddl__errorf(c, RT_EINVALID, "enum label \"%s\" already exists", st->new_val);
		}
	pos = e->nlabels;
	if (st->new_val_neighbor && st->new_val_neighbor[0]) {
		for (k = 0; k < e->nlabels; k++)
			if (!strcmp(e->labels[k], st->new_val_neighbor))
				break;
		if (k == e->nlabels)
			return rt_ddl__errorf(c, RT_ENOTFOUND, "\"%s\" is not an existing enum label",
					      st->new_val_neighbor);
		pos = st->new_val_is_after ? k + 1 : k;
	}
	labels = rt_graph_alloc(c->g, sizeof *labels * ((size_t)e->nlabels + 1));
	if (!labels)
		return rt_error_nomem(c->err);
	memcpy(labels, e->labels, sizeof *labels * (size_t)pos);
	labels[pos] = rt_graph_strdup(c->g, st->new_val);
	memcpy(labels + pos + 1, e->labels + pos, sizeof *labels * (size_t)(e->nlabels - pos));
	if (e->label_renamed_from) {
		/* the annotations stay with their labels */
		const char **from = rt_graph_alloc(c->g, sizeof *from * ((size_t)e->nlabels + 1));
		if (!from)
			return rt_error_nomem(c->err);
		memcpy(from, e->label_renamed_from, sizeof *from * (size_t)pos);
		memcpy(from + pos + 1, e->label_renamed_from + pos, sizeof *from * (size_t)(e->nlabels - pos));
		e->label_renamed_from = from;
	}
	e->labels = labels;
	e->nlabels++;
	return RT_OK;
}

/* ---- domains ---- */

static bool
domain_check_name_used(rt_domain *d, const char *name)
{
	int k;
	for (k = 0; k < d->nchecks; k++)
		if (!strcmp(d->checks[k].name, name))
			return true;
	return false;
}

static int
domain_add_check(ddl_ctx *c, rt_domain *d, const PgQuery__Constraint *k)
{
	rt_check *nc;
	const char *name;
	int rc;
	if (k->conname && k->conname[0]) {
		if (domain_check_name_used(d, k->conname))
			return rt_ddl__errorf(c, RT_EINVALID, "constraint \"%s\" for domain \"%s\" already exists",
					      k->conname, d->obj.name);
		name = rt_graph_strdup(c->g, k->conname);
	} else {
		name = rt_ddl__choose_conname(c, d->obj.schema, d->obj.name, NULL, "check", NULL, 0);
	}
	if (!name)
		return rt_error_nomem(c->err);
	if ((rc = rt_ddl__name_add(c, &c->connames, d->obj.schema, name)))
		return rc;
	nc = rt_graph_alloc(c->g, sizeof *nc * ((size_t)d->nchecks + 1));
	if (!nc)
		return rt_error_nomem(c->err);
	/* in name order, as introspection reads them (conname, byte order) */
	int at = 0;
	while (at < d->nchecks && strcmp(d->checks[at].name, name) < 0)
		at++;
	if (at)
		memcpy(nc, d->checks, sizeof *nc * (size_t)at);
	if (d->nchecks > at)
		memcpy(nc + at + 1, d->checks + at, sizeof *nc * (size_t)(d->nchecks - at));
	memset(&nc[at], 0, sizeof *nc);
	nc[at].name = name;
	if (!(nc[at].expr = rt_ddl__expr_text(c, k->raw_expr)))
		return c->err ? c->err->code : RT_ERROR;
	nc[at].not_valid = k->skip_validation;
	d->checks = nc;
	d->nchecks++;
	return RT_OK;
}

static bool
is_null_default(const PgQuery__Node *n)
{
	while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		n = n->type_cast->arg;
	return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->isnull;
}

static int
domain_constraint(ddl_ctx *c, rt_domain *d, const PgQuery__Constraint *k)
{
	switch (k->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		d->not_null = true;
		return RT_OK;
	case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
		d->not_null = false;
		return RT_OK;
	case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		if (is_null_default(k->raw_expr)) {
			d->default_expr = NULL;
			return RT_OK;
		}
		if (!(d->default_expr = rt_ddl__default_text(c, k->raw_expr)))
			return c->err ? c->err->code : RT_ERROR;
		return RT_OK;
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		return domain_add_check(c, d, k);
	default:
		return rt_ddl__unsupported(c, "this kind of domain constraint");
	}
}

int
rt_ddl__create_domain(ddl_ctx *c, const PgQuery__CreateDomainStmt *st)
{
	const char *schema, *name;
	rt_domain *d;
	rt_object *dep;
	size_t i;
	int rc;
	if ((rc = type_name_target(c, st->domainname, st->n_domainname, &schema, &name)))
		return rc;
	if ((rc = rt_graph_add((rt_object **)&d, c->g, RT_KIND_DOMAIN, schema, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &d->obj);
	d->obj.renamed_from = rt_ddl__renamed_in(c, -1, c->stmt_loc, false);
	if ((rc = rt_ddl__format_type(c, st->type_name, &d->base_type, &dep)))
		return rc;
	if (st->coll_clause)
		d->collation = rt_ddl__collation(c, st->coll_clause->collname, st->coll_clause->n_collname, &d->obj);
	if (d->collation && dep && dep->kind == RT_KIND_DOMAIN && ((rt_domain *)dep)->collation &&
	    !strcmp(((rt_domain *)dep)->collation, d->collation))
		d->collation = NULL;
	for (i = 0; i < st->n_constraints; i++) {
		if (st->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		if ((rc = domain_constraint(c, d, st->constraints[i]->constraint)))
			return rc;
	}
	if ((rc = rt_graph_add_dep(c->g, &d->obj, dep, c->err)))
		return rc;
	return rt_ddl__schema_dep(c, &d->obj);
}

int
rt_ddl__alter_domain(ddl_ctx *c, const PgQuery__AlterDomainStmt *st)
{
	rt_domain *d = (rt_domain *)find_type_path(c, st->type_name, st->n_type_name, RT_KIND_DOMAIN);
	int k;
	if (!d) {
		if (st->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "type \"%s\" does not exist",
				      st->n_type_name ? rt_ddl__str(st->type_name[st->n_type_name - 1]) : "?");
	}
	switch (st->subtype ? st->subtype[0] : 0) {
	case 'T':
		if (!st->def || is_null_default(st->def)) {
			d->default_expr = NULL;
			return RT_OK;
		}
		d->default_expr = rt_ddl__default_text(c, st->def);
		return d->default_expr ? RT_OK : (c->err ? c->err->code : RT_ERROR);
	case 'N':
		d->not_null = false;
		return RT_OK;
	case 'O':
		d->not_null = true;
		return RT_OK;
	case 'C':
		if (!st->def || st->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid ALTER DOMAIN ADD");
		return domain_constraint(c, d, st->def->constraint);
	case 'X':
		for (k = 0; k < d->nchecks; k++)
			if (!strcmp(d->checks[k].name, st->name)) {
				rt_ddl__name_del(&c->connames, d->obj.schema, st->name);
				memmove(&d->checks[k], &d->checks[k + 1],
					sizeof *d->checks * (size_t)(d->nchecks - k - 1));
				d->nchecks--;
				return RT_OK;
			}
		if (st->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" of domain \"%s\" does not exist",
				      st->name, d->obj.name);
	case 'V':
		for (k = 0; k < d->nchecks; k++)
			if (!strcmp(d->checks[k].name, st->name)) {
				d->checks[k].not_valid = false;
				return RT_OK;
			}
		return rt_ddl__errorf(c, RT_ENOTFOUND, "constraint \"%s\" of domain \"%s\" does not exist",
				      st->name, d->obj.name);
	default:
		return rt_ddl__unsupported(c, "this form of ALTER DOMAIN");
	}
}

/* ---- composite types ----
 * A composite type lives in two namespaces: pg_type (its name is a type's) and pg_class (a
 * relation of relkind 'c' holds its attributes), so its name is taken among the relation
 * names too, as the server takes it. */

rt_composite *
rt_ddl__find_composite(ddl_ctx *c, const char *schema, const char *name)
{
	int i;
	if (schema && schema[0])
		return (rt_composite *)rt_graph_find(c->g, RT_KIND_COMPOSITE, schema, NULL, name);
	for (i = 0; i < c->nsearch; i++) {
		rt_object *o;
		if (!rt_ddl__schema_exists(c, c->search_path[i]))
			continue;
		if ((o = rt_graph_find(c->g, RT_KIND_COMPOSITE, c->search_path[i], NULL, name)))
			return (rt_composite *)o;
		/* a relation of that name hides later schemas' types (the shared pg_class namespace
		 * is searched the same way) */
		if (rt_ddl__name_used(c->relnames, c->search_path[i], name) ||
		    rt_ddl__find_type(c, c->search_path[i], name))
			return NULL;
	}
	return NULL;
}

static rt_column *
find_attr(rt_composite *t, const char *name)
{
	for (int i = 0; i < t->nattrs; i++)
		if (!strcmp(t->attrs[i].name, name))
			return &t->attrs[i];
	return NULL;
}

/* Type and collation of an attribute from its ColumnDef (the same canonical forms as a
 * table column's); the type it names becomes a dependency of the composite type. */
static int
attr_type(ddl_ctx *c, rt_composite *t, rt_column *a, const PgQuery__ColumnDef *cd)
{
	rt_object *dep = NULL;
	int rc;
	if (!cd->type_name)
		return rt_ddl__errorf(c, RT_EPARSE, "attribute \"%s\" has no type", a->name);
	if ((rc = rt_ddl__format_type(c, cd->type_name, &a->type, &dep)))
		return rc;
	if (dep == &t->obj)
		return rt_ddl__errorf(c, RT_EINVALID, "composite type %s cannot be made a member of itself",
				      t->obj.name);
	a->collation = NULL;
	if (cd->coll_clause) {
		a->collation = rt_ddl__collation(c, cd->coll_clause->collname, cd->coll_clause->n_collname, &t->obj);
		if (a->collation && dep && dep->kind == RT_KIND_DOMAIN && ((rt_domain *)dep)->collation &&
		    !strcmp(((rt_domain *)dep)->collation, a->collation))
			a->collation = NULL;
	}
	return dep ? rt_graph_add_dep(c->g, &t->obj, dep, c->err) : RT_OK;
}

static int
add_attr(ddl_ctx *c, rt_composite *t, const PgQuery__ColumnDef *cd, int end)
{
	rt_column *attrs, *a;
	if (!cd->colname || !cd->colname[0])
		return rt_ddl__errorf(c, RT_EPARSE, "missing attribute name");
	if (find_attr(t, cd->colname))
		return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" specified more than once", cd->colname);
	if (cd->n_constraints || cd->raw_default)
		return rt_ddl__errorf(c, RT_EINVALID, "attribute \"%s\": a composite type's attributes take no "
				      "constraints or defaults", cd->colname);
	attrs = rt_graph_alloc(c->g, sizeof *attrs * ((size_t)t->nattrs + 1));
	if (!attrs)
		return rt_error_nomem(c->err);
	if (t->nattrs)
		memcpy(attrs, t->attrs, sizeof *attrs * (size_t)t->nattrs);
	t->attrs = attrs;
	a = &attrs[t->nattrs];
	memset(a, 0, sizeof *a);
	if (!(a->name = rt_graph_strdup(c->g, cd->colname)))
		return rt_error_nomem(c->err);
	a->renamed_from = rt_ddl__column_renamed(c, cd, end);
	t->nattrs++;
	a->attnum = t->nattrs;
	return attr_type(c, t, a, cd);
}

int
rt_ddl__create_composite(ddl_ctx *c, const PgQuery__CompositeTypeStmt *st)
{
	const PgQuery__RangeVar *rv = st->typevar;
	const char *schema;
	rt_composite *t;
	size_t i;
	int rc;
	if (!rv || !rv->relname[0])
		return rt_ddl__errorf(c, RT_EPARSE, "missing type name");
	schema = rv->schemaname[0] ? rv->schemaname : rt_ddl__creation_schema(c);
	if (!schema)
		return c->err ? c->err->code : RT_EINVALID;
	if (!rt_ddl__schema_exists(c, schema))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "schema \"%s\" does not exist", schema);
	if (rt_ddl__find_type(c, schema, rv->relname) || rt_graph_find_relation(c->g, schema, rv->relname))
		return rt_ddl__errorf(c, RT_EINVALID, "type \"%s\" already exists", rv->relname);
	if (rt_ddl__name_used(c->relnames, schema, rv->relname))
		return rt_ddl__errorf(c, RT_EINVALID, "relation \"%s\" already exists", rv->relname);
	if ((rc = rt_graph_add((rt_object **)&t, c->g, RT_KIND_COMPOSITE, schema, NULL, rv->relname, c->err)))
		return rc;
	rt_ddl__set_src(c, &t->obj);
	t->obj.renamed_from = rt_ddl__renamed_in(c, -1, c->stmt_loc, false);
	if ((rc = rt_ddl__name_add(c, &c->relnames, schema, t->obj.name)))
		return rc;
	for (i = 0; i < st->n_coldeflist; i++) {
		const PgQuery__Node *e = st->coldeflist[i];
		if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return rt_ddl__errorf(c, RT_EPARSE, "invalid attribute of composite type \"%s\"", t->obj.name);
		if ((rc = add_attr(c, t, e->column_def, rt_ddl__element_end(c, st->coldeflist, st->n_coldeflist, i))))
			return rc;
	}
	return rt_ddl__schema_dep(c, &t->obj);
}

static void
drop_attr(rt_composite *t, rt_column *a)
{
	int k = (int)(a - t->attrs);
	memmove(&t->attrs[k], &t->attrs[k + 1], sizeof *t->attrs * (size_t)(t->nattrs - k - 1));
	t->nattrs--;
	for (k = 0; k < t->nattrs; k++)
		t->attrs[k].attnum = k + 1;
}

int
rt_ddl__alter_composite(ddl_ctx *c, const PgQuery__AlterTableStmt *st)
{
	rt_composite *t;
	size_t i;
	int rc;
	if (!st->relation)
		return rt_ddl__errorf(c, RT_EPARSE, "missing type name");
	t = rt_ddl__find_composite(c, st->relation->schemaname[0] ? st->relation->schemaname : NULL,
				   st->relation->relname);
	if (!t) {
		if (st->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "composite type \"%s\" does not exist", st->relation->relname);
	}
	for (i = 0; i < st->n_cmds; i++) {
		const PgQuery__AlterTableCmd *cmd;
		const PgQuery__ColumnDef *cd;
		rt_column *a;
		if (st->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		cmd = st->cmds[i]->alter_table_cmd;
		cd = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ? cmd->def->column_def : NULL;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			if (!cd)
				return rt_ddl__errorf(c, RT_EPARSE, "invalid ADD ATTRIBUTE");
			if ((rc = add_attr(c, t, cd, rt_ddl__element_end(c, st->cmds, st->n_cmds, i))))
				return rc;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			if (!(a = find_attr(t, cmd->name))) {
				if (cmd->missing_ok)
					break;
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
						      cmd->name, t->obj.name);
			}
			drop_attr(t, a);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			if (!cd)
				return rt_ddl__errorf(c, RT_EPARSE, "invalid ALTER ATTRIBUTE ... TYPE");
			if (!(a = find_attr(t, cmd->name)))
				return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist",
						      cmd->name, t->obj.name);
			if ((rc = attr_type(c, t, a, cd)))
				return rc;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
			break;
		default:
			return rt_ddl__unsupported(c, "ALTER TYPE (this subcommand)");
		}
	}
	return RT_OK;
}

int
rt_ddl__rename_attribute(ddl_ctx *c, const PgQuery__RenameStmt *st)
{
	rt_composite *t = rt_ddl__find_composite(c, st->relation->schemaname[0] ? st->relation->schemaname : NULL,
						 st->relation->relname);
	rt_column *a;
	if (!t) {
		if (st->missing_ok)
			return RT_OK;
		return rt_ddl__errorf(c, RT_ENOTFOUND, "composite type \"%s\" does not exist", st->relation->relname);
	}
	if (!(a = find_attr(t, st->subname)))
		return rt_ddl__errorf(c, RT_ENOTFOUND, "column \"%s\" of relation \"%s\" does not exist", st->subname,
				      t->obj.name);
	if (find_attr(t, st->newname))
		return rt_ddl__errorf(c, RT_EINVALID, "column \"%s\" of relation \"%s\" already exists", st->newname,
				      t->obj.name);
	if (!(a->name = rt_graph_strdup(c->g, st->newname)))
		return rt_error_nomem(c->err);
	return RT_OK;
}

/* ---- range types ---- */

/* makeMultirangeTypeName(): "range" in the name becomes "multirange", else "_multirange" is
 * appended (to the name clipped at NAMEDATALEN - 12 bytes); then clipped to 63 bytes. */
static const char *
default_multirange_name(ddl_ctx *c, const char *range)
{
	const char *r = strstr(range, "range");
	char buf[RT_NAMEDATALEN * 2 + 16];
	if (r)
		snprintf(buf, sizeof buf, "%.*smulti%s", (int)(r - range), range, r);
	else
		snprintf(buf, sizeof buf, "%.*s_multirange",
			 rt_ddl__mbcliplen(range, (int)strlen(range), RT_NAMEDATALEN - 12), range);
	buf[rt_ddl__mbcliplen(buf, (int)strlen(buf), RT_NAMEDATALEN - 1)] = '\0';
	return rt_graph_strdup(c->g, buf);
}

/* The names of a DefElem argument: a TypeName's (any_name), or a single string. */
static int
defel_names(ddl_ctx *c, const PgQuery__DefElem *d, const char **schema, const char **name)
{
	const PgQuery__Node *a = d->arg;
	*schema = NULL;
	*name = NULL;
	if (a && a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && a->type_name->n_names)
		return rt_ddl__qualname(c, a->type_name->names, a->type_name->n_names, schema, name);
	if (a && a->node_case == PG_QUERY__NODE__NODE_STRING) {
		*name = a->string->sval;
		return RT_OK;
	}
	return rt_ddl__errorf(c, RT_EPARSE, "option \"%s\" needs a name", d->defname);
}

/* A function as regproc prints it under search_path '': pg_catalog's bare, others qualified.
 * Unqualified, it is one the models create (in the creation schema) or a built-in. */
static const char *
regproc_text(ddl_ctx *c, const char *schema, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	const char *out;
	if (!schema) {
		for (ddl_funcname *fn = c->funcnames; fn && !schema; fn = fn->next)
			if (!strcmp(fn->name, name))
				schema = rt_ddl__creation_schema(c);
	}
	if (schema && strcmp(schema, "pg_catalog"))
		rt_sql_qualified(&b, schema, name);
	else
		rt_sql_ident(&b, name);
	out = rt_buf_failed(&b) ? NULL : rt_graph_strdup(c->g, b.ptr);
	rt_buf_dispose(&b);
	return out;
}

int
rt_ddl__create_range(ddl_ctx *c, const PgQuery__CreateRangeStmt *st)
{
	const char *schema, *name, *s, *n;
	const PgQuery__DefElem *subtype = NULL;
	rt_range *r;
	rt_object *dep = NULL;
	size_t i;
	int rc;
	if ((rc = type_name_target(c, st->type_name, st->n_type_name, &schema, &name)))
		return rc;
	if ((rc = rt_graph_add((rt_object **)&r, c->g, RT_KIND_RANGE, schema, NULL, name, c->err)))
		return rc;
	rt_ddl__set_src(c, &r->obj);
	r->obj.renamed_from = rt_ddl__renamed_in(c, -1, c->stmt_loc, false);
	for (i = 0; i < st->n_params; i++) {
		const PgQuery__DefElem *d;
		if (st->params[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = st->params[i]->def_elem;
		if (!strcmp(d->defname, "subtype")) {
			if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
				return rt_ddl__errorf(c, RT_EPARSE, "SUBTYPE needs a type name");
			subtype = d;
			continue;
		}
		if (!strcmp(d->defname, "canonical"))
			return rt_ddl__unsupported(c, "CREATE TYPE ... AS RANGE (CANONICAL = ...)");
		if ((rc = defel_names(c, d, &s, &n)))
			return rc;
		if (!strcmp(d->defname, "subtype_opclass")) {
			rt_buf b = RT_BUF_INIT;
			rt_sql_qualified(&b, s ? s : "pg_catalog", n);
			r->opclass = rt_buf_failed(&b) ? NULL : rt_graph_strdup(c->g, b.ptr);
			rt_buf_dispose(&b);
			if (!r->opclass)
				return rt_error_nomem(c->err);
		} else if (!strcmp(d->defname, "collation")) {
			PgQuery__Node **names = d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
						? d->arg->type_name->names : NULL;
			size_t nn = names ? d->arg->type_name->n_names : 0;
			r->collation = names ? rt_ddl__collation(c, names, nn, &r->obj)
					     : strcmp(n, "default") ? rt_ddl__printf(c, "pg_catalog.%s", n) : NULL;
		} else if (!strcmp(d->defname, "subtype_diff")) {
			if (!(r->subtype_diff = regproc_text(c, s, n)))
				return rt_error_nomem(c->err);
		} else if (!strcmp(d->defname, "multirange_type_name")) {
			r->multirange_schema = rt_graph_strdup(c->g, s ? s : r->obj.schema);
			r->multirange = rt_graph_strdup(c->g, n);
		} else {
			return rt_ddl__errorf(c, RT_EPARSE, "type attribute \"%s\" not recognized", d->defname);
		}
	}
	if (!subtype)
		return rt_ddl__errorf(c, RT_EPARSE, "type attribute \"subtype\" is required");
	if ((rc = rt_ddl__format_type(c, subtype->arg->type_name, &r->subtype, &dep)))
		return rc;
	if (!r->multirange) {
		r->multirange_schema = r->obj.schema; /* `schema` may point into the parse tree */
		r->multirange = default_multirange_name(c, name);
	}
	if (!r->multirange || !r->multirange_schema)
		return rt_error_nomem(c->err);
	if (rt_ddl__find_type(c, r->multirange_schema, r->multirange))
		return rt_ddl__errorf(c, RT_EINVALID, "type \"%s\" already exists", r->multirange);
	if (c->nranges == c->capranges) {
		int cap = c->capranges ? c->capranges * 2 : 8;
		rt_range **v = rt_arena_alloc(c->tmp, sizeof *v * (size_t)cap);
		if (!v)
			return rt_error_nomem(c->err);
		if (c->nranges)
			memcpy(v, c->ranges, sizeof *v * (size_t)c->nranges);
		c->ranges = v;
		c->capranges = cap;
	}
	c->ranges[c->nranges++] = r;
	if (dep && (rc = rt_graph_add_dep(c->g, &r->obj, dep, c->err)))
		return rc;
	return rt_ddl__schema_dep(c, &r->obj);
}
