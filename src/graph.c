#include "retort/graph.h"
#include "retort/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#undef uthash_malloc
#undef uthash_free
#define uthash_malloc(sz) rt_malloc(sz)
#define uthash_free(ptr, sz) rt_free(ptr)

struct rt_graph {
	rt_arena *arena;
	rt_object *objects;         /* uthash head, keyed on obj->key */
	rt_object **sorted;         /* cache for rt_graph_sorted / create_order */
	int nsorted;
	bool sorted_valid;
	rt_object **order;
	int norder;
};

static const char *kind_names[RT_KIND__COUNT] = {
	"schema", "extension", "type", "domain", "composite type", "range type", "sequence", "function", "table", "view",
	"materialized view", "index", "constraint", "trigger", "statistics", "policy", "collation",
};

static const size_t kind_sizes[RT_KIND__COUNT] = {
	sizeof(rt_schema), sizeof(rt_extension), sizeof(rt_enum), sizeof(rt_domain),
	sizeof(rt_composite), sizeof(rt_range), sizeof(rt_sequence), sizeof(rt_function), sizeof(rt_table), sizeof(rt_view), sizeof(rt_view),
	sizeof(rt_index), sizeof(rt_constraint), sizeof(rt_trigger), sizeof(rt_statistics),
	sizeof(rt_policy), sizeof(rt_collation),
};

const char *
rt_kind_name(rt_kind k)
{
	return (unsigned)k < RT_KIND__COUNT ? kind_names[k] : "object";
}

int
rt_graph_new(rt_graph **out, rt_error *err)
{
	rt_graph *g = rt_calloc(1, sizeof *g);
	if (!g || !(g->arena = rt_arena_new())) {
		rt_free(g);
		return rt_error_nomem(err);
	}
	*out = g;
	return RT_OK;
}

void
rt_graph_free(rt_graph *g)
{
	if (!g)
		return;
	HASH_CLEAR(hh, g->objects);
	rt_free(g->sorted);
	rt_free(g->order);
	rt_arena_free(g->arena);
	rt_free(g);
}

rt_arena *
rt_graph_arena(rt_graph *g)
{
	return g->arena;
}

const char *
rt_graph_strdup(rt_graph *g, const char *s)
{
	return rt_arena_strdup(g->arena, s);
}

void *
rt_graph_alloc(rt_graph *g, size_t n)
{
	return rt_arena_alloc(g->arena, n);
}

/* Relations (tables, views, matviews, sequences) and indexes share one namespace per schema in
 * PostgreSQL; types and domains share another.  The key keeps kinds apart, so callers that need
 * the shared namespace use rt_graph_find_relation. */
static size_t
make_key(char *dst, size_t cap, rt_kind kind, const char *schema, const char *table,
	 const char *name)
{
	/* "%d\x1f%s\x1f%s\x1f%s" without snprintf: this runs for every lookup */
	const char *parts[3] = {schema ? schema : "", table ? table : "", name ? name : ""};
	size_t len[3], n = 0, i;
	char head[16];
	int hn = 0, k = (int)kind;
	do
		head[hn++] = (char)('0' + k % 10);
	while ((k /= 10) > 0);
	for (i = 0; i < 3; i++)
		len[i] = strlen(parts[i]);
	n = (size_t)hn + 3 + len[0] + len[1] + len[2];
	if (dst && cap > n) {
		char *p = dst;
		while (hn > 0)
			*p++ = head[--hn];
		for (i = 0; i < 3; i++) {
			*p++ = '\x1f';
			memcpy(p, parts[i], len[i]);
			p += len[i];
		}
		*p = '\0';
	}
	return n;
}

int
rt_graph_add(rt_object **out, rt_graph *g, rt_kind kind, const char *schema, const char *table,
	     const char *name, rt_error *err)
{
	rt_object *o, *old = NULL;
	char *key;
	size_t klen;
	if ((unsigned)kind >= RT_KIND__COUNT || !name)
		return rt_error_set(err, RT_EINVALID, "invalid object kind or name");
	klen = make_key(NULL, 0, kind, schema, table, name);
	key = rt_arena_alloc(g->arena, klen + 1);
	o = rt_arena_alloc(g->arena, kind_sizes[kind]);
	if (!key || !o)
		return rt_error_nomem(err);
	make_key(key, klen + 1, kind, schema, table, name);
	HASH_FIND(hh, g->objects, key, klen, old);
	if (old) {
		rt_error_set(err, RT_EINVALID, "%s %s%s%s%s%s already exists", kind_names[kind],
			     schema ? schema : "", schema ? "." : "", table ? table : "",
			     table ? "." : "", name);
		return err ? err->code : RT_EINVALID;
	}
	o->kind = kind;
	o->schema = rt_arena_strdup(g->arena, schema);
	o->table = rt_arena_strdup(g->arena, table);
	o->name = rt_arena_strdup(g->arena, name);
	o->key = key;
	if ((schema && !o->schema) || (table && !o->table) || !o->name)
		return rt_error_nomem(err);
	HASH_ADD_KEYPTR(hh, g->objects, o->key, klen, o);
	g->sorted_valid = false;
	*out = o;
	return RT_OK;
}

int
rt_graph_copy_object(rt_object **out, rt_graph *dst, const rt_object *o, const char *name,
		     rt_error *err)
{
	rt_object *c;
	int rc;
	if ((rc = rt_graph_add(&c, dst, o->kind, o->schema, o->table, name ? name : o->name, err)))
		return rc;
	memcpy((char *)c + sizeof *c, (const char *)o + sizeof *o, kind_sizes[o->kind] - sizeof *o);
	c->comment = o->comment;
	c->src_path = o->src_path;
	c->src_line = o->src_line;
	c->renamed_from = o->renamed_from;
	*out = c;
	return RT_OK;
}

int
rt_graph_table_add_parent(rt_table *t, rt_graph *g, const char *schema, const char *name, rt_error *err)
{
	rt_table_ref *v = rt_graph_alloc(g, sizeof *v * ((size_t)t->nparents + 1));
	if (!v)
		return rt_error_nomem(err);
	if (t->nparents)
		memcpy(v, t->parents, sizeof *v * (size_t)t->nparents);
	v[t->nparents].schema = rt_graph_strdup(g, schema);
	v[t->nparents].name = rt_graph_strdup(g, name);
	if (!v[t->nparents].schema || !v[t->nparents].name)
		return rt_error_nomem(err);
	t->parents = v;
	t->nparents++;
	return RT_OK;
}

rt_object *
rt_graph_find(const rt_graph *g, rt_kind kind, const char *schema, const char *table,
	      const char *name)
{
	char buf[1024], *key = buf;
	size_t klen = make_key(buf, sizeof buf, kind, schema, table, name);
	rt_object *o = NULL;
	if (klen >= sizeof buf) {
		if (!(key = rt_malloc(klen + 1)))
			return NULL;
		make_key(key, klen + 1, kind, schema, table, name);
	}
	HASH_FIND(hh, g->objects, key, klen, o);
	if (key != buf)
		rt_free(key);
	return o;
}

void
rt_graph_remove(rt_graph *g, rt_object *o)
{
	HASH_DELETE(hh, g->objects, o);
	g->sorted_valid = false;
}

int
rt_graph_add_function(rt_function **out, rt_graph *g, const char *schema, const char *proname,
		      const char *types, const char *identity_args, rt_error *err)
{
	size_t n = strlen(proname), m = strlen(types);
	char *name = rt_arena_alloc(g->arena, n + m + 3);
	int rc;
	if (!name)
		return rt_error_nomem(err);
	memcpy(name, proname, n);
	name[n] = '(';
	memcpy(name + n + 1, types, m);
	name[n + m + 1] = ')';
	name[n + m + 2] = '\0';
	if ((rc = rt_graph_add((rt_object **)out, g, RT_KIND_FUNCTION, schema, NULL, name, err)))
		return rc;
	(*out)->proname = rt_graph_strdup(g, proname);
	(*out)->identity_args = rt_graph_strdup(g, identity_args);
	if (!(*out)->proname || !(*out)->identity_args)
		return rt_error_nomem(err);
	return RT_OK;
}

const char *
rt_graph_function_def(rt_graph *g, const char *text)
{
	char *d = (char *)rt_graph_strdup(g, text);
	size_t len = d ? strlen(d) : 0;
	while (len > 0 && (d[len - 1] == '\n' || d[len - 1] == ' ' || d[len - 1] == ';'))
		d[--len] = '\0';
	return d;
}

const rt_column *
rt_table_column(const rt_table *t, const char *name)
{
	for (int i = 0; t && i < t->ncolumns; i++)
		if (!strcmp(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

rt_table *
rt_graph_find_table(const rt_graph *g, const char *schema, const char *name)
{
	return (rt_table *)rt_graph_find(g, RT_KIND_TABLE, schema, NULL, name);
}

rt_object *
rt_graph_find_relation(const rt_graph *g, const char *schema, const char *name)
{
	static const rt_kind kinds[] = {RT_KIND_TABLE, RT_KIND_VIEW, RT_KIND_MATVIEW,
					RT_KIND_SEQUENCE};
	size_t i;
	rt_object *o;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if ((o = rt_graph_find(g, kinds[i], schema, NULL, name)))
			return o;
	return NULL;
}

void
rt_object_columns(const rt_object *o, const rt_column **cols, int *n)
{
	*cols = NULL;
	*n = 0;
	switch (o->kind) {
	case RT_KIND_TABLE:
		*cols = ((const rt_table *)o)->columns;
		*n = ((const rt_table *)o)->ncolumns;
		break;
	case RT_KIND_VIEW:
	case RT_KIND_MATVIEW:
		*cols = ((const rt_view *)o)->columns;
		*n = ((const rt_view *)o)->ncolumns;
		break;
	case RT_KIND_COMPOSITE:
		*cols = ((const rt_composite *)o)->attrs;
		*n = ((const rt_composite *)o)->nattrs;
		break;
	default:
		break;
	}
}

int
rt_graph_add_dep(rt_graph *g, rt_object *o, rt_object *dep, rt_error *err)
{
	int i;
	if (!dep || dep == o)
		return RT_OK;
	for (i = 0; i < o->ndeps; i++)
		if (o->deps[i] == dep)
			return RT_OK;
	if (o->ndeps == o->capdeps) {
		int cap = o->capdeps ? o->capdeps * 2 : 4;
		rt_object **d = rt_arena_alloc(g->arena, sizeof *d * (size_t)cap);
		if (!d)
			return rt_error_nomem(err);
		if (o->ndeps)
			memcpy(d, o->deps, sizeof *d * (size_t)o->ndeps);
		o->deps = d;
		o->capdeps = cap;
	}
	o->deps[o->ndeps++] = dep;
	return RT_OK;
}

int
rt_graph_count(const rt_graph *g)
{
	return (int)HASH_COUNT(g->objects);
}

static int
strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int
rt_object_cmp(const rt_object *a, const rt_object *b)
{
	int c;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if ((c = strcmp_null(a->schema, b->schema)))
		return c;
	if ((c = strcmp_null(a->table, b->table)))
		return c;
	return strcmp_null(a->name, b->name);
}

static int
cmp_obj_ptr(const void *a, const void *b)
{
	return rt_object_cmp(*(rt_object *const *)a, *(rt_object *const *)b);
}

int
rt_graph_sorted(rt_object ***out, rt_graph *g, rt_error *err)
{
	rt_object *o, *tmp;
	int n = 0;
	if (!g->sorted_valid) {
		rt_free(g->sorted);
		g->sorted = rt_malloc(sizeof *g->sorted * ((size_t)HASH_COUNT(g->objects) + 1));
		if (!g->sorted)
			return rt_error_nomem(err);
		HASH_ITER(hh, g->objects, o, tmp) g->sorted[n++] = o;
		qsort(g->sorted, (size_t)n, sizeof *g->sorted, cmp_obj_ptr);
		for (int i = 0; i < n; i++)
			g->sorted[i]->id = i;
		g->nsorted = n;
		g->sorted_valid = true;
	}
	*out = g->sorted;
	return g->nsorted;
}

/* Depth-first over dependencies, visiting roots and each object's deps in sorted order, so the
 * result is deterministic and moves objects as little as possible from (kind, schema, name)
 * order.  An object already on the stack is a cycle: it is skipped there and emitted later,
 * which breaks the cycle at the edge that closed it. */
int
rt_graph_create_order(rt_object ***out, int *nout, rt_graph *g, rt_error *err)
{
	rt_object **all;
	int n, i, sp, nord = 0;
	unsigned char *state = NULL; /* 0 new, 1 on stack, 2 done */
	struct frame { rt_object *o; int next; } *stack = NULL;
	int rc = RT_OK;

	if ((n = rt_graph_sorted(&all, g, err)) < 0)
		return n;
	rt_free(g->order);
	g->order = rt_malloc(sizeof *g->order * ((size_t)n + 1));
	state = rt_calloc((size_t)n + 1, 1);
	stack = rt_malloc(sizeof *stack * ((size_t)n + 1));
	if (!g->order || !state || !stack) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		if (state[i])
			continue;
		sp = 0;
		stack[sp].o = all[i];
		stack[sp].next = 0;
		state[i] = 1;
		while (sp >= 0) {
			struct frame *f = &stack[sp];
			if (f->next < f->o->ndeps) {
				rt_object *d = f->o->deps[f->next++];
				/* a dependency that is not in this graph (removed) is ignored */
				if (d->id < n && all[d->id] == d && state[d->id] == 0) {
					state[d->id] = 1;
					sp++;
					stack[sp].o = d;
					stack[sp].next = 0;
				}
				continue;
			}
			state[f->o->id] = 2;
			g->order[nord++] = f->o;
			sp--;
		}
	}
	g->norder = nord;
	*out = g->order;
	*nout = nord;
cleanup:
	rt_free(state);
	rt_free(stack);
	return rc;
}

bool
rt_strs_same_set(const char *const *a, int na, const char *const *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++) {
		bool found = false;
		for (int k = 0; k < nb && !found; k++)
			found = a[i] && b[k] ? !strcmp(a[i], b[k]) : a[i] == b[k];
		if (!found)
			return false;
	}
	return true;
}

static int
cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
rt_policy_sort_roles(rt_policy *p)
{
	int n = 0;
	if (p->nroles < 2)
		return;
	qsort(p->roles, (size_t)p->nroles, sizeof *p->roles, cmp_str_ptr);
	for (int i = 0; i < p->nroles; i++)
		if (!n || strcmp(p->roles[n - 1], p->roles[i]))
			p->roles[n++] = p->roles[i];
	p->nroles = n;
}
