/* Expression equality as normalized parse trees.
 *
 * Both sides of the contract describe the same expression with different text: introspection
 * stores what the server prints back (pg_get_expr: implicit casts added, IN rewritten to
 * = ANY (ARRAY[...]), BETWEEN expanded, functions and types qualified when not visible under
 * search_path ''), the DDL side stores its own deparse of what the user wrote.  Both texts are
 * parsed with libpg_query, every "location" is zeroed, and the rewrites below bring the two
 * spellings to one tree, which is then compared as packed protobuf bytes.
 *
 * The rewrites may equate expressions the server would keep apart (a cast of a column to text
 * is dropped whoever wrote it); they never make equal expressions differ.  Normalized trees
 * are for comparing only, never for executing. */
#include "retort/normalize.h"
#include "retort/sql.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddl_int.h"

/* ---- protobuf plumbing ---- */

static void *
arena_pb_alloc(void *data, size_t n)
{
	return rt_arena_alloc_raw(data, n ? n : 1);
}

static void
arena_pb_free(void *data, void *p)
{
	(void)data;
	(void)p;
}

void
rt_norm__allocator(ProtobufCAllocator *out, rt_arena *a)
{
	out->alloc = arena_pb_alloc;
	out->free = arena_pb_free;
	out->allocator_data = a;
}

PgQuery__ParseResult *
rt_norm__parse(rt_arena *a, const char *sql, char **errmsg, int *cursorpos)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;
	ProtobufCAllocator al;
	if (errmsg)
		*errmsg = NULL;
	if (cursorpos)
		*cursorpos = 0;
	if (res.error) {
		if (errmsg)
			*errmsg = rt_arena_strdup(a, res.error->message ? res.error->message : "syntax error");
		if (cursorpos)
			*cursorpos = res.error->cursorpos;
		goto cleanup;
	}
	rt_norm__allocator(&al, a);
	tree = pg_query__parse_result__unpack(&al, res.parse_tree.len,
					      (const uint8_t *)res.parse_tree.data);
	if (!tree && errmsg)
		*errmsg = rt_arena_strdup(a, "cannot read the parse tree");
cleanup:
	pg_query_free_protobuf_parse_result(res);
	return tree;
}

static char *
deparse_result(rt_arena *a, PgQuery__ParseResult *pr)
{
	PgQueryProtobuf pb;
	PgQueryDeparseResult dr;
	char *out = NULL;
	size_t len = protobuf_c_message_get_packed_size(&pr->base);
	uint8_t *buf = rt_malloc(len ? len : 1);
	if (!buf)
		return NULL;
	protobuf_c_message_pack(&pr->base, buf);
	pb.len = len;
	pb.data = (char *)buf;
	dr = pg_query_deparse_protobuf(pb);
	if (!dr.error && dr.query)
		out = rt_arena_strdup(a, dr.query);
	pg_query_free_deparse_result(dr);
	rt_free(buf);
	return out;
}

char *
rt_norm__deparse_stmt(rt_arena *a, const PgQuery__Node *stmt)
{
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *rawp = &raw;
	raw.stmt = (PgQuery__Node *)stmt;
	pr.version = 150001;
	pr.n_stmts = 1;
	pr.stmts = &rawp;
	return deparse_result(a, &pr);
}

char *
rt_norm__deparse_expr(rt_arena *a, const PgQuery__Node *expr)
{
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	PgQuery__Node rtnode = PG_QUERY__NODE__INIT, selnode = PG_QUERY__NODE__INIT;
	PgQuery__Node *rtp = &rtnode;
	char *s;
	rt.val = (PgQuery__Node *)expr;
	rtnode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	rtnode.res_target = &rt;
	sel.n_target_list = 1;
	sel.target_list = &rtp;
	sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	selnode.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	selnode.select_stmt = &sel;
	s = rt_norm__deparse_stmt(a, &selnode);
	if (!s || strncmp(s, "SELECT ", 7) != 0)
		return NULL;
	return s + 7;
}

/* Active message-typed fields of m: calls fn(sub, arg) for each. */
typedef void (*msg_fn)(ProtobufCMessage *sub, void *arg);

static void
for_each_submessage(ProtobufCMessage *m, msg_fn fn, void *arg)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	unsigned i;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char *base = (char *)m;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (*(uint32_t *)(base + f->quantifier_offset) != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)(base + f->quantifier_offset), j;
			ProtobufCMessage **arr = *(ProtobufCMessage ***)(base + f->offset);
			for (j = 0; j < n; j++)
				if (arr && arr[j])
					fn(arr[j], arg);
		} else {
			ProtobufCMessage *sub = *(ProtobufCMessage **)(base + f->offset);
			if (sub)
				fn(sub, arg);
		}
	}
}

static void
strip_cb(ProtobufCMessage *sub, void *arg)
{
	(void)arg;
	rt_norm__strip_locations(sub);
}

void
rt_norm__strip_locations(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d;
	unsigned i;
	if (!m)
		return;
	d = m->descriptor;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type == PROTOBUF_C_TYPE_INT32 && f->label != PROTOBUF_C_LABEL_REPEATED &&
		    !(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && strcmp(f->name, "location") == 0)
			*(int32_t *)((char *)m + f->offset) = 0;
	}
	for_each_submessage(m, strip_cb, NULL);
}

/* ---- node construction ---- */

PgQuery__Node *
rt_norm__node(rt_arena *a)
{
	PgQuery__Node *n = rt_arena_alloc(a, sizeof *n);
	if (n)
		pg_query__node__init(n);
	return n;
}

#define NEW_MSG(a, var, initfn) do { (var) = rt_arena_alloc((a), sizeof *(var)); if (var) initfn(var); } while (0)

static PgQuery__Node *
mk_string_node(rt_arena *a, const char *s)
{
	PgQuery__Node *n = rt_norm__node(a);
	PgQuery__String *str;
	NEW_MSG(a, str, pg_query__string__init);
	if (!n || !str)
		return NULL;
	str->sval = rt_arena_strdup(a, s);
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	return n;
}

static PgQuery__Node *
mk_aexpr(rt_arena *a, PgQuery__AExprKind kind, const char *op, PgQuery__Node *l, PgQuery__Node *r)
{
	PgQuery__Node *n = rt_norm__node(a);
	PgQuery__AExpr *e;
	NEW_MSG(a, e, pg_query__a__expr__init);
	PgQuery__Node **names = rt_arena_alloc(a, sizeof *names);
	if (!n || !e || !names || !(names[0] = mk_string_node(a, op)))
		return NULL;
	e->kind = kind;
	e->n_name = 1;
	e->name = names;
	e->lexpr = l;
	e->rexpr = r;
	n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	n->a_expr = e;
	return n;
}

static PgQuery__Node *
mk_bool(rt_arena *a, PgQuery__BoolExprType t, PgQuery__Node *x, PgQuery__Node *y)
{
	PgQuery__Node *n = rt_norm__node(a);
	PgQuery__BoolExpr *b;
	NEW_MSG(a, b, pg_query__bool_expr__init);
	PgQuery__Node **args = rt_arena_alloc(a, sizeof *args * 2);
	if (!n || !b || !args)
		return NULL;
	b->boolop = t;
	args[0] = x;
	args[1] = y;
	b->n_args = y ? 2 : 1;
	b->args = args;
	n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
	n->bool_expr = b;
	return n;
}

/* ---- the rewrites ---- */

/* The type a constant is read as, when known: the type a string literal is cast to
 * ('1 day'::interval), or the type the grammar gives a bare number or boolean (42 is int4,
 * 1.5e10 numeric, true bool).  A bare string literal's type comes from its context, which
 * the text alone does not tell; equal_as takes it from the constant in the same place of the
 * other expression (the server always prints the cast). */
typedef struct const_type {
	PgQuery__AConst *c;
	const char *type;           /* pg_catalog name ("int4", "interval"); NULL unknown */
	bool is_array;
	bool is_cast;               /* the type was written (or printed), not inferred */
} const_type;

typedef struct norm_ctx {
	rt_arena *a;
	const_type *types;          /* NULL: not recorded (rt_norm__expr) */
	size_t ntypes, cap;
	bool record;
} norm_ctx;

static const_type *
const_type_find(const norm_ctx *x, const PgQuery__AConst *c)
{
	size_t i;
	for (i = 0; i < x->ntypes; i++)
		if (x->types[i].c == c)
			return &x->types[i];
	return NULL;
}

static const_type *
const_type_add(norm_ctx *x, PgQuery__AConst *c)
{
	const_type *t = const_type_find(x, c);
	if (t || !x->record)
		return t;
	if (x->ntypes == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		const_type *n = rt_arena_alloc(x->a, sizeof *n * cap);
		if (!n)
			return NULL;
		if (x->ntypes)
			memcpy(n, x->types, sizeof *n * x->ntypes);
		x->types = n;
		x->cap = cap;
	}
	t = &x->types[x->ntypes++];
	memset(t, 0, sizeof *t);
	t->c = c;
	return t;
}

/* make_const: an integer that overflows int4 is int8 if it fits, any other number numeric. */
static const char *
number_type(const char *s)
{
	const char *p = s + (*s == '-');
	size_t n = strlen(p);
	if (!n || strspn(p, "0123456789") != n)
		return "numeric";
	while (n > 1 && *p == '0') {
		p++;
		n--;
	}
	if (n < 19 || (n == 19 && strcmp(p, *s == '-' ? "9223372036854775808" : "9223372036854775807") <= 0))
		return "int8";
	return "numeric";
}

static const char *
node_str(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string ? n->string->sval : NULL;
}

static const char *
last_name(PgQuery__Node **names, size_t n)
{
	return n ? node_str(names[n - 1]) : NULL;
}

static bool
is_const(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST;
}

static bool
is_null_const(const PgQuery__Node *n)
{
	return is_const(n) && n->a_const->isnull;
}

/* Casts the server adds to a column reference on its own (varchar to text for text operators,
 * int to numeric or bigint for cross-type comparisons); any cast of a constant is the server's
 * (or means the same as the bare literal in its context). */
static bool
implicit_cast_target(const char *t)
{
	static const char *const types[] = {"text", "varchar", "bpchar", "numeric", "int8", "int4", "int2",
					     "float8", "float4", "name", "timestamptz", NULL};
	int i;
	if (!t)
		return false;
	for (i = 0; types[i]; i++)
		if (strcmp(t, types[i]) == 0)
			return true;
	return false;
}

static void
norm_typename(rt_arena *a, PgQuery__TypeName *tn)
{
	if (tn->n_names > 1) {
		tn->names[0] = tn->names[tn->n_names - 1];
		tn->n_names = 1;
	}
	/* float(p), timestamptz spelled out, int4 vs integer: the grammar already maps keyword
	 * spellings to pg_catalog names; only a few unqualified aliases remain */
	if (tn->n_names == 1) {
		const char *s = node_str(tn->names[0]);
		static const char *const alias[][2] = {
			{"int", "int4"}, {"integer", "int4"}, {"smallint", "int2"}, {"bigint", "int8"},
			{"real", "float4"}, {"float", "float8"}, {"boolean", "bool"},
			{"decimal", "numeric"}, {"character varying", "varchar"}, {"character", "bpchar"},
			{"char", "bpchar"}, {"serial", "int4"}, {"bigserial", "int8"},
			{"smallserial", "int2"}, {NULL, NULL}};
		int i;
		for (i = 0; s && alias[i][0]; i++)
			if (strcmp(s, alias[i][0]) == 0) {
				tn->names[0] = mk_string_node(a, alias[i][1]);
				break;
			}
	}
	tn->typemod = -1;
	if (tn->n_array_bounds > 1)
		tn->n_array_bounds = 1;
	if (tn->n_array_bounds == 1) {
		PgQuery__Node *b = rt_norm__node(a);
		PgQuery__Integer *iv;
		NEW_MSG(a, iv, pg_query__integer__init);
		if (b && iv) {
			iv->ival = -1;
			b->node_case = PG_QUERY__NODE__NODE_INTEGER;
			b->integer = iv;
			tn->array_bounds[0] = b;
		}
	}
}

static void
norm_const(norm_ctx *x, PgQuery__AConst *c)
{
	rt_arena *a = x->a;
	char buf[64];
	const char *txt = NULL;
	char *bits = NULL;
	PgQuery__String *s;
	const_type *ct;
	if (c->isnull) {
		c->val_case = PG_QUERY__A__CONST__VAL__NOT_SET;
		return;
	}
	if ((ct = const_type_add(x, c)) && !ct->is_cast) {
		if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			ct->type = "int4";
		else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
			ct->type = number_type(c->fval && c->fval->fval ? c->fval->fval : "");
		else if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
			ct->type = "bool";
		ct->is_cast = c->val_case != PG_QUERY__A__CONST__VAL_SVAL; /* typed by the grammar */
	}
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		snprintf(buf, sizeof buf, "%d", c->ival ? c->ival->ival : 0);
		txt = buf;
		break;
	case PG_QUERY__A__CONST__VAL_FVAL:
		txt = c->fval ? c->fval->fval : "";
		break;
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		txt = c->boolval && c->boolval->boolval ? "true" : "false";
		break;
	case PG_QUERY__A__CONST__VAL_BSVAL: {
		const char *b = c->bsval ? c->bsval->bsval : "";
		if (b[0] == 'x' || b[0] == 'X') {
			size_t n = strlen(b + 1), i;
			bits = rt_arena_alloc(a, n * 4 + 1);
			for (i = 0; bits && i < n; i++) {
				int v = b[1 + i] <= '9' ? b[1 + i] - '0' : (b[1 + i] | 0x20) - 'a' + 10;
				int k;
				for (k = 0; k < 4; k++)
					bits[i * 4 + (size_t)k] = (v >> (3 - k)) & 1 ? '1' : '0';
			}
			txt = bits ? bits : b;
		} else {
			txt = b[0] == 'b' || b[0] == 'B' ? b + 1 : b;
		}
		break;
	}
	case PG_QUERY__A__CONST__VAL_SVAL:
		return;
	default:
		return;
	}
	NEW_MSG(a, s, pg_query__string__init);
	if (!s)
		return;
	s->sval = rt_arena_strdup(a, txt);
	c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
	c->sval = s;
}

/* Structural rewrites that must happen before the children are visited (they create
 * children that then get normalized like any other). */
static void
pre_rewrite(rt_arena *a, PgQuery__Node *n)
{
	PgQuery__AExpr *e;
	if (n->node_case != PG_QUERY__NODE__NODE_A_EXPR || !(e = n->a_expr))
		return;
	switch (e->kind) {
	case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
		/* x IN (a, b) is x = ANY (ARRAY[a, b]); with one element, x = a */
		const char *op = last_name(e->name, e->n_name);
		bool neg = op && strcmp(op, "<>") == 0;
		PgQuery__Node *r = e->rexpr;
		if (!r || r->node_case != PG_QUERY__NODE__NODE_LIST || !r->list)
			return;
		if (r->list->n_items == 1) {
			e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
			e->rexpr = r->list->items[0];
		} else {
			PgQuery__Node *arr = rt_norm__node(a);
			PgQuery__AArrayExpr *ae;
			NEW_MSG(a, ae, pg_query__a__array_expr__init);
			if (!arr || !ae)
				return;
			ae->n_elements = r->list->n_items;
			ae->elements = r->list->items;
			arr->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
			arr->a_array_expr = ae;
			e->kind = neg ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
			e->rexpr = arr;
		}
		break;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
		/* transformAExprBetween: x BETWEEN lo AND hi is (x >= lo AND x <= hi) ... */
		PgQuery__Node *x = e->lexpr, *r = e->rexpr, *lo, *hi, *out;
		PgQuery__AExprKind k = e->kind;
		if (!r || r->node_case != PG_QUERY__NODE__NODE_LIST || !r->list || r->list->n_items != 2)
			return;
		lo = r->list->items[0];
		hi = r->list->items[1];
		if (k == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN) {
			out = mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
				      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">=", x, lo),
				      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<=", x, hi));
		} else if (k == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN) {
			out = mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR,
				      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<", x, lo),
				      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">", x, hi));
		} else if (k == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM) {
			out = mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR,
				      mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">=", x, lo),
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<=", x, hi)),
				      mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">=", x, hi),
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<=", x, lo)));
		} else {
			out = mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
				      mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR,
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<", x, lo),
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">", x, hi)),
				      mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR,
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<", x, hi),
					      mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">", x, lo)));
		}
		if (out)
			*n = *out;
		break;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
		/* printed back as NOT (x IS DISTINCT FROM y) */
		PgQuery__Node *inner = mk_aexpr(a, PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT, "=", e->lexpr,
						e->rexpr);
		PgQuery__Node *out = inner ? mk_bool(a, PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR, inner, NULL) : NULL;
		if (out)
			*n = *out;
		break;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
	case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
	case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
		/* LIKE is printed back as the ~~ operator it stands for */
		e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
		break;
	default:
		break;
	}
}

static void norm_msg(norm_ctx *x, ProtobufCMessage *m);
static void norm_node(norm_ctx *x, PgQuery__Node *n);

static void
norm_cb(ProtobufCMessage *sub, void *arg)
{
	norm_msg(arg, sub);
}

static void
norm_msg(norm_ctx *x, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__node__descriptor) {
		norm_node(x, (PgQuery__Node *)m);
		return;
	}
	for_each_submessage(m, norm_cb, x);
	if (m->descriptor == &pg_query__type_name__descriptor)
		norm_typename(x->a, (PgQuery__TypeName *)m);
	else if (m->descriptor == &pg_query__a__const__descriptor)
		norm_const(x, (PgQuery__AConst *)m);
}

/* A string literal cast to `tn` is read by that type's input function (an array type's
 * elements by the element type's); the cast the server prints names it. */
static void
note_cast_type(norm_ctx *x, PgQuery__Node *arg, const PgQuery__TypeName *tn, bool elements)
{
	const_type *ct;
	size_t i;
	if (!arg || !tn)
		return;
	if (arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && arg->a_array_expr) {
		for (i = 0; i < arg->a_array_expr->n_elements; i++)
			note_cast_type(x, arg->a_array_expr->elements[i], tn, true);
		return;
	}
	if (!is_const(arg) || !(ct = const_type_add(x, arg->a_const)) || ct->is_cast)
		return;
	ct->is_cast = true;
	ct->is_array = !elements && tn->n_array_bounds > 0;
	ct->type = last_name(tn->names, tn->n_names);
	/* interval is the one type whose input function reads the typmod ('1' day) */
	if (ct->type && strcmp(ct->type, "interval") == 0 && tn->n_typmods)
		ct->type = NULL;
}

static bool
array_of_consts(const PgQuery__Node *n)
{
	size_t i;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR || !n->a_array_expr)
		return false;
	for (i = 0; i < n->a_array_expr->n_elements; i++)
		if (!is_const(n->a_array_expr->elements[i]) &&
		    !array_of_consts(n->a_array_expr->elements[i]))
			return false;
	return true;
}

static void
flatten_bool(rt_arena *a, PgQuery__BoolExpr *b)
{
	size_t i, n = 0, cap = 0;
	PgQuery__Node **out;
	bool any = false;
	if (b->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR)
		return;
	for (i = 0; i < b->n_args; i++) {
		PgQuery__Node *x = b->args[i];
		if (x && x->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && x->bool_expr->boolop == b->boolop) {
			cap += x->bool_expr->n_args;
			any = true;
		} else {
			cap++;
		}
	}
	if (!any || !(out = rt_arena_alloc(a, sizeof *out * cap)))
		return;
	for (i = 0; i < b->n_args; i++) {
		PgQuery__Node *x = b->args[i];
		if (x && x->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && x->bool_expr->boolop == b->boolop) {
			memcpy(out + n, x->bool_expr->args, sizeof *out * x->bool_expr->n_args);
			n += x->bool_expr->n_args;
		} else {
			out[n++] = x;
		}
	}
	b->args = out;
	b->n_args = n;
}

static void
post_rewrite(norm_ctx *x, PgQuery__Node *n)
{
	rt_arena *a = x->a;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		PgQuery__TypeCast *tc = n->type_cast;
		PgQuery__Node *arg = tc ? tc->arg : NULL;
		const char *t = tc && tc->type_name ? last_name(tc->type_name->names, tc->type_name->n_names) : NULL;
		if (!arg)
			break;
		if (is_const(arg) || array_of_consts(arg)) {
			note_cast_type(x, arg, tc->type_name, false);
			*n = *arg;
		} else if (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && implicit_cast_target(t)) {
			*n = *arg;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *e = n->a_expr;
		if (e->n_name > 1) {
			e->name[0] = e->name[e->n_name - 1];
			e->n_name = 1;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = n->func_call;
		const char *fn;
		if (f->n_funcname > 1) {
			f->funcname[0] = f->funcname[f->n_funcname - 1];
			f->n_funcname = 1;
		}
		f->funcformat = PG_QUERY__COERCION_FORM__COERCION_FORM_UNDEFINED;
		fn = last_name(f->funcname, f->n_funcname);
		/* nextval('s.t_id_seq'::regclass): the server qualifies the sequence name under
		 * search_path ''; compare the unqualified name */
		if (fn && f->n_args >= 1 && is_const(f->args[0]) && f->args[0]->a_const->val_case ==
		    PG_QUERY__A__CONST__VAL_SVAL && (strcmp(fn, "nextval") == 0 ||
		    strcmp(fn, "currval") == 0 || strcmp(fn, "setval") == 0)) {
			const char *s = f->args[0]->a_const->sval->sval, *p, *last = s;
			bool inq = false;
			char *out, *o;
			for (p = s; *p; p++) {
				if (*p == '"')
					inq = !inq;
				else if (*p == '.' && !inq)
					last = p + 1;
			}
			out = o = rt_arena_alloc(a, strlen(last) + 1);
			if (!out)
				break;
			for (p = last; *p; p++) {
				if (*p == '"') {
					if (inq && p[1] == '"') {
						*o++ = '"';
						p++;
					} else {
						inq = !inq;
					}
				} else {
					*o++ = inq ? *p : (*p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p);
				}
			}
			*o = '\0';
			f->args[0]->a_const->sval->sval = out;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		flatten_bool(a, n->bool_expr);
		break;
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		/* ruleutils always prints ELSE; a missing ELSE is ELSE NULL */
		if (is_null_const(n->case_expr->defresult))
			n->case_expr->defresult = NULL;
		break;
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: {
		PgQuery__CollateClause *cc = n->collate_clause;
		if (cc->n_collname > 1) {
			cc->collname[0] = cc->collname[cc->n_collname - 1];
			cc->n_collname = 1;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_NULL_TEST:
		n->null_test->argisrow = false;
		break;
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		n->row_expr->row_format = PG_QUERY__COERCION_FORM__COERCION_FORM_UNDEFINED;
		break;
	default:
		break;
	}
}

static void
norm_node(norm_ctx *x, PgQuery__Node *n)
{
	if (!n)
		return;
	pre_rewrite(x->a, n);
	for_each_submessage(&n->base, norm_cb, x);
	post_rewrite(x, n);
}

void
rt_norm__expr(rt_arena *a, PgQuery__Node *n)
{
	norm_ctx x = {0};
	x.a = a;
	norm_node(&x, n);
}

/* ---- FigureColnameInternal (parser/parse_target.c), for index column names ---- */

static int
figure_colname(const PgQuery__Node *n, const char **name)
{
	int strength;
	if (!n)
		return 0;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const char *f = NULL;
		size_t i;
		for (i = 0; i < n->column_ref->n_fields; i++)
			if (node_str(n->column_ref->fields[i]))
				f = node_str(n->column_ref->fields[i]);
		if (f) {
			*name = f;
			return 2;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_A_INDIRECTION: {
		const char *f = NULL;
		size_t i;
		for (i = 0; i < n->a_indirection->n_indirection; i++)
			if (node_str(n->a_indirection->indirection[i]))
				f = node_str(n->a_indirection->indirection[i]);
		if (f) {
			*name = f;
			return 2;
		}
		return figure_colname(n->a_indirection->arg, name);
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		if (n->func_call->n_funcname) {
			*name = last_name(n->func_call->funcname, n->func_call->n_funcname);
			return 2;
		}
		break;
	case PG_QUERY__NODE__NODE_A_EXPR:
		if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
			*name = "nullif";
			return 2;
		}
		break;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		strength = figure_colname(n->type_cast->arg, name);
		if (strength <= 1 && n->type_cast->type_name && n->type_cast->type_name->n_names) {
			*name = last_name(n->type_cast->type_name->names, n->type_cast->type_name->n_names);
			return 1;
		}
		return strength;
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return figure_colname(n->collate_clause->arg, name);
	case PG_QUERY__NODE__NODE_GROUPING_FUNC:
		*name = "grouping";
		return 2;
	case PG_QUERY__NODE__NODE_SUB_LINK:
		switch (n->sub_link->sub_link_type) {
		case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
			*name = "exists";
			return 2;
		case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
			*name = "array";
			return 2;
		default:
			break;
		}
		break;
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		strength = figure_colname(n->case_expr->defresult, name);
		if (strength <= 1) {
			*name = "case";
			return 1;
		}
		return strength;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		*name = "array";
		return 2;
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		*name = "row";
		return 2;
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		*name = "coalesce";
		return 2;
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		*name = n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
		return 2;
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		switch (n->sqlvalue_function->op) {
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE: *name = "current_date"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N: *name = "current_time"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N: *name = "current_timestamp"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N: *name = "localtime"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N: *name = "localtimestamp"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE: *name = "current_role"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER: *name = "current_user"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER: *name = "user"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER: *name = "session_user"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG: *name = "current_catalog"; return 2;
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA: *name = "current_schema"; return 2;
		default: break;
		}
		break;
	case PG_QUERY__NODE__NODE_XML_SERIALIZE:
		*name = "xmlserialize";
		return 2;
	default:
		break;
	}
	return 0;
}

const char *
rt_norm__figure_colname(const PgQuery__Node *n)
{
	const char *name = NULL;
	figure_colname(n, &name);
	return name ? name : "expr";
}

/* ---- public comparisons ---- */

typedef enum { AS_EXPR, AS_QUERY, AS_CONSTRAINT, AS_PARTBOUND } parse_as;

/* The normalized tree of `text` (types of its constants recorded in x), or NULL when it does
 * not parse. */
static ProtobufCMessage *
normalized_tree(norm_ctx *x, const char *text, parse_as how)
{
	rt_buf sql = RT_BUF_INIT;
	PgQuery__ParseResult *pr;
	ProtobufCMessage *root = NULL;
	if (how == AS_EXPR)
		rt_buf_printf(&sql, "SELECT %s\n", text);
	else if (how == AS_CONSTRAINT)
		rt_buf_printf(&sql, "ALTER TABLE x ADD %s\n", text);
	else if (how == AS_PARTBOUND)
		rt_buf_printf(&sql, "CREATE TABLE x PARTITION OF y %s\n", text);
	else
		rt_buf_printf(&sql, "%s\n", text);
	if (rt_buf_failed(&sql)) {
		rt_buf_dispose(&sql);
		return NULL;
	}
	pr = rt_norm__parse(x->a, sql.ptr, NULL, NULL);
	rt_buf_dispose(&sql);
	if (!pr || pr->n_stmts != 1 || !pr->stmts[0]->stmt)
		return NULL;
	if (how == AS_EXPR) {
		PgQuery__Node *s = pr->stmts[0]->stmt;
		PgQuery__SelectStmt *sel;
		if (s->node_case != PG_QUERY__NODE__NODE_SELECT_STMT || !(sel = s->select_stmt) ||
		    sel->n_target_list != 1 || sel->n_from_clause || sel->where_clause ||
		    sel->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
		    sel->target_list[0]->res_target->name[0])
			return NULL;
		root = &sel->target_list[0]->res_target->val->base;
	} else if (how == AS_PARTBOUND) {
		PgQuery__Node *s = pr->stmts[0]->stmt;
		if (s->node_case != PG_QUERY__NODE__NODE_CREATE_STMT || !s->create_stmt->partbound)
			return NULL;
		root = &s->create_stmt->partbound->base;
	} else {
		root = &pr->stmts[0]->stmt->base;
		pr->stmts[0]->stmt_len = 0;
		pr->stmts[0]->stmt_location = 0;
	}
	norm_msg(x, root);
	rt_norm__strip_locations(root);
	return root;
}

typedef struct const_list {
	rt_arena *a;
	PgQuery__AConst **v;
	size_t n, cap;
} const_list;

static void
collect_cb(ProtobufCMessage *m, void *arg)
{
	const_list *l = arg;
	if (m->descriptor == &pg_query__a__const__descriptor &&
	    ((PgQuery__AConst *)m)->val_case == PG_QUERY__A__CONST__VAL_SVAL && ((PgQuery__AConst *)m)->sval) {
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 16;
			PgQuery__AConst **n = rt_arena_alloc(l->a, sizeof *n * cap);
			if (!n)
				return;
			if (l->n)
				memcpy(n, l->v, sizeof *n * l->n);
			l->v = n;
			l->cap = cap;
		}
		l->v[l->n++] = (PgQuery__AConst *)m;
	}
	for_each_submessage(m, collect_cb, arg);
}

static void
set_value(rt_arena *a, PgQuery__AConst *c, const char *type, bool is_array)
{
	const char *v = type ? rt_norm__value(a, type, is_array, c->sval->sval) : NULL;
	if (v)
		c->sval->sval = (char *)v;
}

/* Every constant's value as the server prints it back for its type.  With a second tree of the
 * same shape, a bare string literal takes the type of the constant in the same place there:
 * comparing a model's `DEFAULT '1 day 2 hours'` with the server's '1 day 02:00:00'::interval
 * means comparing two intervals. */
static void
canonical_values(norm_ctx *x, ProtobufCMessage *rx, norm_ctx *y, ProtobufCMessage *ry)
{
	const_list lx = {0}, ly = {0};
	size_t i;
	lx.a = ly.a = x->a;
	collect_cb(rx, &lx);
	if (ry)
		collect_cb(ry, &ly);
	for (i = 0; i < lx.n; i++) {
		const_type *tx = const_type_find(x, lx.v[i]);
		const_type *ty = ry && lx.n == ly.n ? const_type_find(y, ly.v[i]) : NULL;
		const_type none = {0};
		if (!tx)
			tx = &none;
		if (!ty)
			ty = &none;
		set_value(x->a, lx.v[i], tx->is_cast || !ty->type ? tx->type : ty->type,
			  tx->is_cast || !ty->type ? tx->is_array : ty->is_array);
		if (ry && lx.n == ly.n)
			set_value(x->a, ly.v[i], ty->is_cast || !tx->type ? ty->type : tx->type,
				  ty->is_cast || !tx->type ? ty->is_array : tx->is_array);
	}
	for (i = lx.n == ly.n ? ly.n : 0; i < ly.n; i++) {
		const_type *ty = const_type_find(y, ly.v[i]);
		if (ty)
			set_value(x->a, ly.v[i], ty->type, ty->is_array);
	}
}

static uint8_t *
packed(rt_arena *a, ProtobufCMessage *root, size_t *len)
{
	uint8_t *out;
	*len = protobuf_c_message_get_packed_size(root);
	out = rt_arena_alloc(a, *len + 1);
	if (out)
		protobuf_c_message_pack(root, out);
	return out;
}

static bool
equal_uncached(const char *x, const char *y, parse_as how)
{
	rt_arena *a;
	norm_ctx cx = {0}, cy = {0};
	ProtobufCMessage *rx, *ry;
	uint8_t *bx, *by;
	size_t lx = 0, ly = 0;
	bool eq = false;
	if (!(a = rt_arena_new()))
		return false;
	cx.a = cy.a = a;
	cx.record = cy.record = true;
	rx = normalized_tree(&cx, x, how);
	ry = normalized_tree(&cy, y, how);
	if (rx && ry) {
		canonical_values(&cx, rx, &cy, ry);
		bx = packed(a, rx, &lx);
		by = packed(a, ry, &ly);
		eq = bx && by && lx == ly && memcmp(bx, by, lx) == 0;
	}
	rt_arena_free(a);
	return eq;
}

/* Answers remembered by the pair of texts for the life of the process: the same default or
 * CHECK is written on many tables, and each comparison would parse both sides again.  (The
 * comparison is of a pair, not of two forms: a bare literal takes its type from the other
 * side.) */
typedef struct norm_memo {
	char *key;                  /* how, x, NUL, y */
	size_t klen;
	bool eq;
	UT_hash_handle hh;
} norm_memo;

static norm_memo *memo;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
equal_as(const char *x, const char *y, parse_as how)
{
	size_t lx, ly, klen;
	norm_memo *m = NULL;
	char *key;
	bool eq;
	if (!x || !y)
		return x == y;
	if (strcmp(x, y) == 0)
		return true;
	lx = strlen(x);
	ly = strlen(y);
	klen = lx + ly + 2;
	if (!(key = rt_malloc(klen + 1)))
		return equal_uncached(x, y, how);
	key[0] = (char)('0' + how);
	memcpy(key + 1, x, lx + 1);
	memcpy(key + 2 + lx, y, ly + 1);
	pthread_mutex_lock(&memo_lock);
	HASH_FIND(hh, memo, key, klen, m);
	pthread_mutex_unlock(&memo_lock);
	if (m) {
		rt_free(key);
		return m->eq;
	}
	eq = equal_uncached(x, y, how);
	if (!(m = rt_calloc(1, sizeof *m))) {
		rt_free(key);
		return eq;
	}
	m->key = key;
	m->klen = klen;
	m->eq = eq;
	pthread_mutex_lock(&memo_lock);
	{
		norm_memo *old = NULL;
		HASH_FIND(hh, memo, key, klen, old);
		if (old) { /* another thread got there first */
			rt_free(m->key);
			rt_free(m);
		} else {
			HASH_ADD_KEYPTR(hh, memo, m->key, klen, m);
		}
	}
	pthread_mutex_unlock(&memo_lock);
	return eq;
}

bool
rt_norm_expr_equal(const char *a, const char *b)
{
	return equal_as(a, b, AS_EXPR);
}

bool
rt_norm_query_equal(const char *a, const char *b)
{
	return equal_as(a, b, AS_QUERY);
}

bool
rt_norm_constraint_equal(const char *a, const char *b)
{
	return equal_as(a, b, AS_CONSTRAINT);
}

bool
rt_norm_partbound_equal(const char *a, const char *b)
{
	return equal_as(a, b, AS_PARTBOUND);
}

char *
rt_norm_expr_canonical(const char *expr)
{
	rt_arena *a;
	rt_buf sql = RT_BUF_INIT;
	PgQuery__ParseResult *pr;
	char *out = NULL, *s;
	if (!expr || !(a = rt_arena_new()))
		return NULL;
	rt_buf_printf(&sql, "SELECT %s\n", expr);
	if (rt_buf_failed(&sql))
		goto cleanup;
	pr = rt_norm__parse(a, sql.ptr, NULL, NULL);
	if (!pr || pr->n_stmts != 1 || !pr->stmts[0]->stmt ||
	    pr->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
	    pr->stmts[0]->stmt->select_stmt->n_target_list != 1)
		goto cleanup;
	{
		PgQuery__Node *t = pr->stmts[0]->stmt->select_stmt->target_list[0];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			goto cleanup;
		norm_ctx x = {0};
		x.a = a;
		x.record = true;
		norm_msg(&x, &t->res_target->val->base);
		canonical_values(&x, &t->res_target->val->base, NULL, NULL);
		if ((s = rt_norm__deparse_expr(a, t->res_target->val)))
			out = rt_strdup(s);
	}
cleanup:
	rt_buf_dispose(&sql);
	rt_arena_free(a);
	return out;
}

bool
rt_norm_text_calls(const char *expr, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (!expr || !n)
		return false;
	for (const char *p = strstr(expr, name); p; p = strstr(p + 1, name)) {
		const char *q = p + n;
		if (p > expr && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
				 (p[-1] >= '0' && p[-1] <= '9')))
			continue;
		if (*q == '"')
			q++;
		if (*q == '(')
			return true;
	}
	return false;
}

/* "schema.name" from a list of String nodes, each part quoted as the server quotes it. */
static const char *
qualified_names(rt_graph *g, PgQuery__Node **names, size_t n)
{
	rt_buf b = RT_BUF_INIT;
	const char *out;
	if (n == 1)
		rt_buf_puts(&b, "pg_catalog.");
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i]->node_case == PG_QUERY__NODE__NODE_STRING ? names[i]->string->sval : "?";
		if (i)
			rt_buf_putc(&b, '.');
		rt_sql_ident(&b, s);
	}
	out = rt_buf_failed(&b) ? NULL : rt_graph_strdup(g, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	return out;
}

int
rt_norm_partkey(rt_graph *g, const char *def, char *strat, rt_index_key **keys, int *nkeys, rt_error *err)
{
	rt_arena *a = rt_arena_new();
	rt_buf sql = RT_BUF_INIT;
	PgQuery__ParseResult *pr;
	PgQuery__PartitionSpec *ps;
	int rc = RT_OK;
	if (!a)
		return rt_error_nomem(err);
	rt_buf_printf(&sql, "CREATE TABLE x () PARTITION BY %s", def);
	pr = rt_buf_failed(&sql) ? NULL : rt_norm__parse(a, sql.ptr, NULL, NULL);
	if (!pr || pr->n_stmts != 1 || pr->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_STMT ||
	    !(ps = pr->stmts[0]->stmt->create_stmt->partspec)) {
		rc = rt_error_set(err, RT_EPARSE, "partition key \"%s\" does not parse", def);
		goto cleanup;
	}
	*strat = !strcmp(ps->strategy, "list") ? 'l' : !strcmp(ps->strategy, "hash") ? 'h' : 'r';
	*keys = rt_graph_alloc(g, sizeof **keys * (ps->n_part_params + 1));
	*nkeys = 0;
	if (!*keys) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	for (size_t i = 0; i < ps->n_part_params; i++) {
		const PgQuery__PartitionElem *e;
		rt_index_key *k = &(*keys)[(*nkeys)++];
		memset(k, 0, sizeof *k);
		if (ps->part_params[i]->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM)
			continue;
		e = ps->part_params[i]->partition_elem;
		if (e->name && e->name[0])
			k->column = rt_graph_strdup(g, e->name);
		else
			k->expr = rt_graph_strdup(g, rt_norm__deparse_expr(a, e->expr));
		/* pg_get_partkeydef leaves what pg_catalog holds unqualified, even under an empty
		 * search_path: qualified here as index keys are */
		if (e->n_collation)
			k->collation = qualified_names(g, e->collation, e->n_collation);
		if (e->n_opclass)
			k->opclass = qualified_names(g, e->opclass, e->n_opclass);
		if ((!k->column && !k->expr))
			rc = rt_error_nomem(err);
	}
cleanup:
	rt_buf_dispose(&sql);
	rt_arena_free(a);
	return rc;
}
