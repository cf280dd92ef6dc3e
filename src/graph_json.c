/* The graph as JSON: every object in sorted order with every field, for machines and for
 * comparing graphs by eye. */
#include "retort/graph.h"

#include <jansson.h>
#include <string.h>

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
str_array(const char *const *a, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, str_or_null(a[i]));
	return arr;
}

static json_t *
seqopts(const rt_seqopts *o)
{
	return json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:b}", "type", str_or_null(o->data_type),
			 "start", (json_int_t)o->start, "increment", (json_int_t)o->increment,
			 "min", (json_int_t)o->min, "max", (json_int_t)o->max,
			 "cache", (json_int_t)o->cache, "cycle", o->cycle);
}

static json_t *
columns(const rt_column *cols, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const rt_column *c = &cols[i];
		json_t *o = json_pack("{s:s, s:o, s:b}", "name", c->name, "type", str_or_null(c->type),
				      "not_null", c->not_null);
		if (c->default_expr)
			json_object_set_new(o, c->generated ? "generated" : "default", json_string(c->default_expr));
		if (c->identity) {
			json_object_set_new(o, "identity", json_string(c->identity == 'a' ? "always" : "by default"));
			json_object_set_new(o, "identity_sequence", str_or_null(c->identity_seq));
			json_object_set_new(o, "identity_options", seqopts(c->identity_opts));
			if (c->identity_comment)
				json_object_set_new(o, "identity_comment", json_string(c->identity_comment));
		}
		if (c->collation)
			json_object_set_new(o, "collation", json_string(c->collation));
		if (c->comment)
			json_object_set_new(o, "comment", json_string(c->comment));
		if (c->stattarget)
			json_object_set_new(o, "statistics", json_string(c->stattarget));
		if (c->inhcount)
			json_object_set_new(o, "inhcount", json_integer(c->inhcount));
		if (c->not_local)
			json_object_set_new(o, "not_local", json_true());
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
index_keys(const rt_index_key *keys, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const rt_index_key *k = &keys[i];
		json_t *jk = json_object();
		json_object_set_new(jk, k->column ? "column" : "expr", str_or_null(k->column ? k->column : k->expr));
		if (k->collation)
			json_object_set_new(jk, "collation", json_string(k->collation));
		if (k->opclass)
			json_object_set_new(jk, "opclass", json_string(k->opclass));
		json_object_set_new(jk, "desc", json_boolean(k->desc));
		json_object_set_new(jk, "nulls_first", json_boolean(k->nulls_first));
		json_array_append_new(arr, jk);
	}
	return arr;
}

static void
kind_fields(json_t *j, const rt_object *o)
{
	switch (o->kind) {
	case RT_KIND_COLLATION: {
		const rt_collation *k = (const rt_collation *)o;
		json_object_set_new(j, "provider", json_string(k->provider == 'i' ? "icu" : "libc"));
		json_object_set_new(j, "lc_collate", str_or_null(k->lc_collate));
		json_object_set_new(j, "lc_ctype", str_or_null(k->lc_ctype));
		json_object_set_new(j, "icu_locale", str_or_null(k->icu_locale));
		json_object_set_new(j, "deterministic", json_boolean(k->deterministic));
		break;
	}
	case RT_KIND_EXTENSION:
		json_object_set_new(j, "ext_schema", str_or_null(((const rt_extension *)o)->ext_schema));
		json_object_set_new(j, "version", str_or_null(((const rt_extension *)o)->version));
		break;
	case RT_KIND_ENUM:
		json_object_set_new(j, "labels", str_array(((const rt_enum *)o)->labels, ((const rt_enum *)o)->nlabels));
		break;
	case RT_KIND_DOMAIN: {
		const rt_domain *d = (const rt_domain *)o;
		json_t *checks = json_array();
		json_object_set_new(j, "base_type", str_or_null(d->base_type));
		json_object_set_new(j, "default", str_or_null(d->default_expr));
		json_object_set_new(j, "collation", str_or_null(d->collation));
		json_object_set_new(j, "not_null", json_boolean(d->not_null));
		for (int i = 0; i < d->nchecks; i++)
			json_array_append_new(checks, json_pack("{s:s, s:o, s:b, s:o}", "name", d->checks[i].name,
								"expr", str_or_null(d->checks[i].expr),
								"not_valid", d->checks[i].not_valid,
								"comment", str_or_null(d->checks[i].comment)));
		json_object_set_new(j, "checks", checks);
		break;
	}
	case RT_KIND_COMPOSITE:
		json_object_set_new(j, "attributes", columns(((const rt_composite *)o)->attrs,
							     ((const rt_composite *)o)->nattrs));
		break;
	case RT_KIND_RANGE: {
		const rt_range *r = (const rt_range *)o;
		json_object_set_new(j, "subtype", str_or_null(r->subtype));
		json_object_set_new(j, "subtype_opclass", str_or_null(r->opclass));
		json_object_set_new(j, "collation", str_or_null(r->collation));
		json_object_set_new(j, "subtype_diff", str_or_null(r->subtype_diff));
		json_object_set_new(j, "multirange_schema", str_or_null(r->multirange_schema));
		json_object_set_new(j, "multirange", str_or_null(r->multirange));
		break;
	}
	case RT_KIND_SEQUENCE: {
		const rt_sequence *s = (const rt_sequence *)o;
		json_object_set_new(j, "options", seqopts(&s->opts));
		if (s->unlogged)
			json_object_set_new(j, "unlogged", json_true());
		if (s->owned_table)
			json_object_set_new(j, "owned_by", json_pack("{s:o, s:s, s:o}", "schema",
				str_or_null(s->owned_schema), "table", s->owned_table, "column",
				str_or_null(s->owned_column)));
		break;
	}
	case RT_KIND_FUNCTION: {
		const rt_function *f = (const rt_function *)o;
		json_object_set_new(j, "proname", str_or_null(f->proname));
		json_object_set_new(j, "identity_args", str_or_null(f->identity_args));
		json_object_set_new(j, "arguments", str_or_null(f->arguments));
		json_object_set_new(j, "result", str_or_null(f->result));
		json_object_set_new(j, "language", str_or_null(f->language));
		json_object_set_new(j, "procedure", json_boolean(f->is_procedure));
		json_object_set_new(j, "definition", str_or_null(f->definition));
		break;
	}
	case RT_KIND_TRIGGER:
		json_object_set_new(j, "definition", str_or_null(((const rt_trigger *)o)->definition));
		if (((const rt_trigger *)o)->enabled) {
			char e[2] = {((const rt_trigger *)o)->enabled, 0};
			json_object_set_new(j, "enabled", json_string(e));
		}
		break;
	case RT_KIND_TABLE: {
		const rt_table *t = (const rt_table *)o;
		json_object_set_new(j, "unlogged", json_boolean(t->unlogged));
		json_object_set_new(j, "columns", columns(t->columns, t->ncolumns));
		json_object_set_new(j, "reloptions", str_array(t->reloptions, t->nreloptions));
		if (t->nparents) {
			json_t *ps = json_array();
			for (int i = 0; i < t->nparents; i++)
				json_array_append_new(ps, json_pack("{s:s, s:s}", "schema", t->parents[i].schema,
								    "name", t->parents[i].name));
			json_object_set_new(j, "parents", ps);
		}
		if (t->partstrat) {
			char st[2] = {t->partstrat, 0};
			json_object_set_new(j, "partition_strategy", json_string(st));
			json_object_set_new(j, "partition_key", index_keys(t->partkeys, t->npartkeys));
		}
		if (t->partbound)
			json_object_set_new(j, "partition_bound", json_string(t->partbound));
		json_object_set_new(j, "row_security", json_boolean(t->row_security));
		json_object_set_new(j, "force_row_security", json_boolean(t->force_row_security));
		if (t->replident) {
			char r[2] = {t->replident, 0};
			json_object_set_new(j, "replica_identity", json_string(r));
			json_object_set_new(j, "replica_identity_index", str_or_null(t->replident_index));
		}
		break;
	}
	case RT_KIND_POLICY: {
		const rt_policy *p = (const rt_policy *)o;
		char cmd[2] = {p->cmd, 0};
		json_object_set_new(j, "cmd", json_string(cmd));
		json_object_set_new(j, "permissive", json_boolean(p->permissive));
		json_object_set_new(j, "roles", str_array(p->roles, p->nroles));
		json_object_set_new(j, "using", str_or_null(p->using_expr));
		json_object_set_new(j, "with_check", str_or_null(p->check_expr));
		break;
	}
	case RT_KIND_VIEW:
	case RT_KIND_MATVIEW: {
		const rt_view *v = (const rt_view *)o;
		json_object_set_new(j, "definition", str_or_null(v->definition));
		json_object_set_new(j, "reloptions", str_array(v->reloptions, v->nreloptions));
		json_object_set_new(j, "check_option", str_or_null(v->check_option));
		json_object_set_new(j, "columns", columns(v->columns, v->ncolumns));
		if (o->kind == RT_KIND_MATVIEW)
			json_object_set_new(j, "with_no_data", json_boolean(v->with_no_data));
		break;
	}
	case RT_KIND_INDEX: {
		const rt_index *x = (const rt_index *)o;
		json_t *keys = index_keys(x->keys, x->nkeys);
		json_object_set_new(j, "method", str_or_null(x->method));
		json_object_set_new(j, "unique", json_boolean(x->unique));
		json_object_set_new(j, "nulls_not_distinct", json_boolean(x->nulls_not_distinct));
		json_object_set_new(j, "keys", keys);
		json_object_set_new(j, "include", str_array(x->include, x->ninclude));
		json_object_set_new(j, "predicate", str_or_null(x->predicate));
		json_object_set_new(j, "reloptions", str_array(x->reloptions, x->nreloptions));
		json_object_set_new(j, "constraint", str_or_null(x->constraint));
		json_object_set_new(j, "clustered", json_boolean(x->clustered));
		if (x->parent_index)
			json_object_set_new(j, "parent_index", json_string(x->parent_index));
		break;
	}
	case RT_KIND_STATISTICS: {
		const rt_statistics *x = (const rt_statistics *)o;
		json_object_set_new(j, "rel_schema", str_or_null(x->rel_schema));
		json_object_set_new(j, "rel_table", str_or_null(x->rel_table));
		json_object_set_new(j, "columns", str_array(x->columns, x->ncolumns));
		json_object_set_new(j, "exprs", str_array(x->exprs, x->nexprs));
		json_object_set_new(j, "kinds", str_or_null(x->kinds));
		json_object_set_new(j, "stattarget", json_integer(x->stattarget));
		break;
	}
	case RT_KIND_CONSTRAINT: {
		const rt_constraint *k = (const rt_constraint *)o;
		char t[2] = {k->type, 0};
		json_object_set_new(j, "type", json_string(t));
		if (k->ncolumns)
			json_object_set_new(j, "columns", str_array(k->columns, k->ncolumns));
		if (k->ninclude)
			json_object_set_new(j, "include", str_array(k->include, k->ninclude));
		if (k->nreloptions)
			json_object_set_new(j, "reloptions", str_array(k->reloptions, k->nreloptions));
		if (k->nulls_not_distinct)
			json_object_set_new(j, "nulls_not_distinct", json_true());
		if (k->type == RT_CON_FOREIGN) {
			char m[2] = {k->match, 0}, u[2] = {k->on_update, 0}, d[2] = {k->on_delete, 0};
			json_object_set_new(j, "ref_schema", str_or_null(k->ref_schema));
			json_object_set_new(j, "ref_table", str_or_null(k->ref_table));
			json_object_set_new(j, "ref_columns", str_array(k->ref_columns, k->nref_columns));
			json_object_set_new(j, "match", json_string(m));
			json_object_set_new(j, "on_update", json_string(u));
			json_object_set_new(j, "on_delete", json_string(d));
			if (k->ndelete_set_columns)
				json_object_set_new(j, "on_delete_columns",
						    str_array(k->delete_set_columns, k->ndelete_set_columns));
		}
		if (k->expr)
			json_object_set_new(j, "expr", json_string(k->expr));
		if (k->definition)
			json_object_set_new(j, "definition", json_string(k->definition));
		if (k->no_inherit)
			json_object_set_new(j, "no_inherit", json_true());
		if (k->inhcount)
			json_object_set_new(j, "inhcount", json_integer(k->inhcount));
		if (k->not_local)
			json_object_set_new(j, "not_local", json_true());
		json_object_set_new(j, "deferrable", json_boolean(k->deferrable));
		json_object_set_new(j, "deferred", json_boolean(k->deferred));
		json_object_set_new(j, "not_valid", json_boolean(k->not_valid));
		break;
	}
	default:
		break;
	}
}

int
rt_graph_to_json(char **out, rt_graph *g, rt_error *err)
{
	rt_object **all;
	int n = rt_graph_sorted(&all, g, err);
	json_t *root, *objs;
	char *text;
	if (n < 0)
		return n;
	objs = json_array();
	for (int i = 0; i < n; i++) {
		const rt_object *o = all[i];
		json_t *j = json_pack("{s:s, s:o, s:s}", "kind", rt_kind_name(o->kind), "schema",
				      str_or_null(o->schema), "name", o->name);
		if (o->table)
			json_object_set_new(j, "table", json_string(o->table));
		kind_fields(j, o);
		if (o->comment)
			json_object_set_new(j, "comment", json_string(o->comment));
		if (o->ndeps) {
			json_t *deps = json_array();
			for (int k = 0; k < o->ndeps; k++) {
				const rt_object *d = o->deps[k];
				json_array_append_new(deps, json_pack("{s:s, s:o, s:s}", "kind",
					rt_kind_name(d->kind), "schema", str_or_null(d->schema), "name", d->name));
			}
			json_object_set_new(j, "depends_on", deps);
		}
		json_array_append_new(objs, j);
	}
	root = json_pack("{s:o}", "objects", objs);
	text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
	json_decref(root);
	if (!text)
		return rt_error_nomem(err);
	*out = text;
	return RT_OK;
}
