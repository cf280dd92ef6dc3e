/* Changes → ordered statements.
 *
 * Every object of both graphs gets an action (keep, alter, replace, recreate, drop, create).
 * Recreating or dropping something recreates the views that read it, and a table whose
 * columns change type or go away does the same for its views (PostgreSQL refuses to alter a
 * column a view uses).  Statements then come in four phases:
 *   1. drops of views, constraints, indexes and tables, dependents first (from's order reversed);
 *   2. creates and alters in to's dependency order (types before tables before constraints),
 *      then the cluster marks (ALTER TABLE ... CLUSTER ON / SET WITHOUT CLUSTER);
 *   3. late drops: sequences, types, extensions, schemas, once nothing uses them;
 *   4. sequence ownership and comments.
 * The downgrade is the same planner run to → from: pairing (and so renames) is symmetric. */
#include "retort/plan.h"
#include "retort/normalize.h"
#include "retort/sql.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool str_eq(const char *a, const char *b);

enum action { A_KEEP = 0, A_ALTER, A_REPLACE, A_RECREATE, A_DROP, A_CREATE };

struct rt_plan {
	rt_stmt *items;
	int n, cap;
	bool no_transaction;
	unsigned hazards;
	rt_changes *changes;
	const rt_plan_opts *opts;
	rt_plan_opts optbuf;
	/* per-object state, indexed by each graph's sorted ids */
	unsigned char *fact, *tact, *fbroken;
	int *tchange;               /* to-object id → 1 + index of its ALTER change, or 0 */
	rt_object **fall, **tall;
	int nf, nt;
	rt_graph *from, *to;
	/* inheritance, by sorted id: a from/to table that has children; a to table whose set of
	 * existing children changes: RELINK_GAINS (a table that stays becomes its child) or
	 * RELINK_LOSES (a child that stays leaves it) */
	unsigned char *fparent, *tparent, *relinked;
	rt_buf cur;                 /* statement being built */
	bool bodies_unchecked;      /* SET check_function_bodies = off emitted */
	/* enums whose new labels this migration uses (see labels_used_early): rebuilt, by to id */
	unsigned char *rebuilt_enums;
	struct added_label { int stmt, id; const char *label; } *added; /* ALTER TYPE ... ADD VALUE */
	int nadded;
};

/* ---------- statements ---------- */

static int
emit(rt_plan *p, const rt_object *o, unsigned hazards, const char *note)
{
	rt_stmt *s;
	size_t len;
	if (rt_buf_failed(&p->cur))
		return RT_ENOMEM;
	if (p->n == p->cap) {
		int cap = p->cap ? p->cap * 2 : 32;
		rt_stmt *n = rt_realloc(p->items, sizeof *n * (size_t)cap);
		if (!n)
			return RT_ENOMEM;
		p->items = n;
		p->cap = cap;
	}
	/* one statement per item, without the trailing newline */
	len = p->cur.len;
	while (len > 0 && p->cur.ptr[len - 1] == '\n')
		len--;
	rt_buf_truncate(&p->cur, len);
	s = &p->items[p->n];
	memset(s, 0, sizeof *s);
	s->sql = rt_buf_detach(&p->cur);
	s->note = note ? rt_strdup(note) : NULL;
	if (!s->sql || (note && !s->note)) {
		rt_free(s->sql);
		rt_free(s->note);
		return RT_ENOMEM;
	}
	s->hazards = hazards;
	s->object = o;
	p->hazards |= hazards;
	p->n++;
	return RT_OK;
}

/* Some renderers append several statements ("...;\n...;\n"): split them into items. */
static int
emit_multi(rt_plan *p, const rt_object *o, unsigned hazards, const char *note)
{
	char *all = rt_buf_detach(&p->cur), *line = all, *nl;
	int rc = RT_OK;
	rt_buf acc = RT_BUF_INIT;
	if (!all)
		return RT_ENOMEM;
	/* statements end with ";\n" at the end of a line; bodies may span lines */
	while (*line && !rc) {
		nl = strstr(line, ";\n");
		if (!nl) {
			rt_buf_puts(&acc, line);
			break;
		}
		rt_buf_putn(&acc, line, (size_t)(nl - line) + 1);
		p->cur = acc;
		acc = (rt_buf)RT_BUF_INIT;
		rc = emit(p, o, hazards, note);
		note = NULL;
		line = nl + 2;
	}
	if (!rc && acc.len) {
		p->cur = acc;
		acc = (rt_buf)RT_BUF_INIT;
		rc = emit(p, o, hazards, note);
	}
	rt_buf_dispose(&acc);
	rt_free(all);
	return rc;
}

static void
alter_table_prefix(rt_plan *p, const char *schema, const char *table)
{
	rt_buf_puts(&p->cur, "ALTER TABLE ");
	rt_sql_qualified(&p->cur, schema, table);
	rt_buf_putc(&p->cur, ' ');
}

static void
column_prefix(rt_plan *p, const rt_object *t, const char *col)
{
	alter_table_prefix(p, t->schema, t->name);
	rt_buf_puts(&p->cur, "ALTER COLUMN ");
	rt_sql_ident(&p->cur, col);
	rt_buf_putc(&p->cur, ' ');
}

static bool has_children(rt_plan *p, const rt_object *t);
static bool has_parent(const rt_table *t, const char *schema, const char *name);
static bool parent_dropped_late(rt_plan *p, const rt_object *o);
static int inherit_stmt(rt_plan *p, const rt_object *t, const char *schema, const char *name, bool no);
static int partition_stmt(rt_plan *p, const rt_object *t, const char *schema, const char *name, const char *bound);

/* SET/DROP DEFAULT reaches the children too unless ONLY: each table's default is its own. */
static void
default_prefix(rt_plan *p, const rt_object *t, const char *col)
{
	if (!has_children(p, t)) {
		column_prefix(p, t, col);
		return;
	}
	rt_buf_puts(&p->cur, "ALTER TABLE ONLY ");
	rt_sql_qualified(&p->cur, t->schema, t->name);
	rt_buf_puts(&p->cur, " ALTER COLUMN ");
	rt_sql_ident(&p->cur, col);
	rt_buf_putc(&p->cur, ' ');
}

/* ---------- actions ---------- */

static unsigned char *
fslot(rt_plan *p, const rt_object *o)
{
	return (o->id >= 0 && o->id < p->nf && p->fall[o->id] == o) ? &p->fact[o->id] : NULL;
}

static unsigned char *
tslot(rt_plan *p, const rt_object *o)
{
	return (o->id >= 0 && o->id < p->nt && p->tall[o->id] == o) ? &p->tact[o->id] : NULL;
}

/* Whether an action (a slot, or NULL) builds its object in this migration. */
static bool
made(const unsigned char *a)
{
	return a && (*a == A_CREATE || *a == A_RECREATE);
}

/* Whether u depends on o directly. */
static bool
depends_on(const rt_object *u, const rt_object *o)
{
	for (int k = 0; k < u->ndeps; k++)
		if (u->deps[k] == o)
			return true;
	return false;
}

/* Label k of the from enum under its name in `to` (renamed when diff paired it with another
 * name), or as it is when it is removed. */
static const char *
label_in_to(const rt_changes *c, const rt_enum *f, const rt_enum *t, int k)
{
	for (int i = 0; i < t->nlabels; i++)
		if (rt_changes_enum_label_from(c, &t->obj, i, NULL) == k)
			return t->labels[i];
	return f->labels[k];
}

/* Are the from labels, renamed, in `to` in the same order (ADD VALUE can do the rest)? */
static bool
labels_only_added(const rt_changes *c, const rt_enum *f, const rt_enum *t)
{
	int j = 0;
	for (int i = 0; i < t->nlabels && j < f->nlabels; i++)
		if (!strcmp(label_in_to(c, f, t, j), t->labels[i]))
			j++;
	return j == f->nlabels;
}

static bool
view_replaceable(const rt_view *a, const rt_view *b)
{
	if (a->obj.kind != RT_KIND_VIEW || b->ncolumns < a->ncolumns)
		return false;
	for (int i = 0; i < a->ncolumns; i++)
		if (strcmp(a->columns[i].name, b->columns[i].name) ||
		    strcmp(a->columns[i].type, b->columns[i].type))
			return false;
	return a->nreloptions == b->nreloptions && b->nreloptions == 0 &&
	       ((!a->check_option && !b->check_option) ||
		(a->check_option && b->check_option && !strcmp(a->check_option, b->check_option)));
}

/* What an ALTER change needs: in place, CREATE OR REPLACE, or drop + create. */
static enum action
alter_action(const rt_plan *p, const rt_change *ch)
{
	const rt_object *f = ch->from, *t = ch->to;
	/* diff compared them with renames followed: its field is what is left to change */
	const char *field = ch->field;
	if (f->kind == RT_KIND_FUNCTION) {
		/* CREATE OR REPLACE refuses another result type, other parameter names, modes or
		 * fewer defaults, and a function turned procedure: those are dropped and created */
		const rt_function *a = (const rt_function *)f, *b = (const rt_function *)t;
		if (a->is_procedure != b->is_procedure || !str_eq(a->result, b->result) ||
		    !str_eq(a->arguments, b->arguments))
			return A_RECREATE;
		return str_eq(a->definition, b->definition) ? A_ALTER : A_REPLACE;
	}
	if (!field || !strcmp(field, "comment"))
		return A_ALTER;
	switch (f->kind) {
	case RT_KIND_VIEW:
		return view_replaceable((const rt_view *)f, (const rt_view *)t) ? A_REPLACE : A_RECREATE;
	case RT_KIND_MATVIEW:
		return A_RECREATE;
	case RT_KIND_TRIGGER:
		return !strcmp(field, "enabled") ? A_ALTER : A_RECREATE;
	case RT_KIND_INDEX: {
		const rt_index *a = (const rt_index *)f, *b = (const rt_index *)t;
		/* an index owned by a renamed constraint is renamed with it */
		if (field && !strcmp(field, "constraint") && a->constraint && b->constraint)
			return A_ALTER;
		if (field && !strcmp(field, "table"))
			return A_ALTER; /* follows its renamed table */
		if (field && !strcmp(field, "clustered"))
			return A_ALTER; /* compared last: only the mark moves (cluster_marks) */
		if (field && !strcmp(field, "parent_index"))
			return A_ALTER; /* follows its table's ATTACH / DETACH PARTITION */
		return A_RECREATE;
	}
	case RT_KIND_CONSTRAINT: {
		const rt_constraint *a = (const rt_constraint *)f, *b = (const rt_constraint *)t;
		if (field && !strcmp(field, "not_valid") && a->not_valid && !b->not_valid)
			return A_ALTER; /* VALIDATE CONSTRAINT */
		if (field && (!strcmp(field, "inhcount") || !strcmp(field, "not_local")))
			return A_ALTER; /* follows the table's [NO] INHERIT */
		if (a->not_local && b->not_local)
			return A_ALTER; /* recreated with its parent's */
		return A_RECREATE;
	}
	case RT_KIND_ENUM:
		return labels_only_added(p->changes, (const rt_enum *)f, (const rt_enum *)t) &&
			       !(p->rebuilt_enums && p->rebuilt_enums[t->id]) ? A_ALTER : A_RECREATE;
	case RT_KIND_DOMAIN: {
		const rt_domain *a = (const rt_domain *)f, *b = (const rt_domain *)t;
		if (strcmp(a->base_type, b->base_type) ||
		    (a->collation ? !b->collation || strcmp(a->collation, b->collation) : b->collation != NULL))
			return A_RECREATE;
		return A_ALTER;
	}
	case RT_KIND_EXTENSION:
		return A_ALTER;
	case RT_KIND_COLLATION:
		/* there is no ALTER for what a collation is */
		return A_RECREATE;
	case RT_KIND_TABLE:
		/* a partition key cannot change: the table is made again */
		return !strcmp(field, "partition_key") ? A_RECREATE : A_ALTER;
	case RT_KIND_RANGE:
		/* nothing of a range type can change but its names ("multirange" is compared last) */
		return !strcmp(field, "multirange") ? A_ALTER : A_RECREATE;
	case RT_KIND_POLICY: {
		/* ALTER POLICY changes the roles and sets USING / WITH CHECK, but cannot change the
		 * command or permissiveness, nor take an expression away */
		const rt_policy *a = (const rt_policy *)f, *b = (const rt_policy *)t;
		if (a->cmd != b->cmd || a->permissive != b->permissive || (a->using_expr && !b->using_expr) ||
		    (a->check_expr && !b->check_expr))
			return A_RECREATE;
		return A_ALTER;
	}
	case RT_KIND_STATISTICS:
		/* "stattarget" is compared last: only the target changes */
		return !strcmp(field, "stattarget") ? A_ALTER : A_RECREATE;
	default:
		return A_ALTER;
	}
}

static bool
table_breaks_views(rt_plan *p, const rt_table *f, const rt_table *t)
{
	for (int i = 0; i < f->ncolumns; i++) {
		const rt_column *fc = &f->columns[i], *tc = NULL;
		for (int k = 0; k < t->ncolumns && !tc; k++)
			if (rt_changes_column_from(p->changes, &t->obj, &t->columns[k]) == fc)
				tc = &t->columns[k];
		if (!tc || strcmp(rt_changes_type_to(p->changes, fc->type), tc->type) ||
		    (fc->collation ? !tc->collation || strcmp(fc->collation, tc->collation) : tc->collation != NULL) ||
		    fc->generated != tc->generated)
			return true;
	}
	return false;
}

/* Whether `word` occurs in `text` as a whole identifier (quoted or not): a text match, which
 * may find more than the expression reads, never less. */
static bool
mentions_ident(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;
	if (!text || !n)
		return false;
	for (p = strstr(text, word); p; p = strstr(p + 1, word)) {
		unsigned char before = p > text ? (unsigned char)p[-1] : ' ', after = (unsigned char)p[n];
		bool ident_before = before == '_' || before == '$' || before >= 0x80 || isalnum(before);
		bool ident_after = after == '_' || after == '$' || after >= 0x80 || isalnum(after);
		if (!ident_before && !ident_after)
			return true;
	}
	return false;
}

/* A policy reads the columns of its table and of the tables its subqueries read, a trigger
 * those of its UPDATE OF list and WHEN; the server refuses to drop such a column or change its
 * type while they exist.  True when `text` or `text2` mentions a column of from-table `ft` that
 * goes away or changes type. */
static bool
reads_broken_column(rt_plan *p, const char *text, const char *text2, const rt_table *ft)
{
	const rt_object *tt = rt_changes_peer_to(p->changes, &ft->obj);
	for (int i = 0; i < ft->ncolumns; i++) {
		const rt_column *fc = &ft->columns[i], *tc = NULL;
		if (!mentions_ident(text, fc->name) && !mentions_ident(text2, fc->name))
			continue;
		if (!tt)
			return true;
		for (int k = 0; k < ((const rt_table *)tt)->ncolumns && !tc; k++)
			if (rt_changes_column_from(p->changes, tt, &((const rt_table *)tt)->columns[k]) == fc)
				tc = &((const rt_table *)tt)->columns[k];
		if (!tc || !str_eq(fc->type, tc->type) || !str_eq(fc->collation, tc->collation) ||
		    fc->generated != tc->generated)
			return true;
	}
	return false;
}

/* From-object o (action slot a) and its peer are made again, unless o is dropped anyway. */
static void
recreate_pair(rt_plan *p, const rt_object *o, unsigned char *a)
{
	const rt_object *t;
	unsigned char *ta;
	if (*a == A_DROP)
		return;
	t = rt_changes_peer_to(p->changes, o);
	ta = t ? tslot(p, t) : NULL;
	*a = A_RECREATE;
	if (ta)
		*ta = A_RECREATE;
}

/* Views over something that is dropped, recreated or broken are recreated; so are
 * constraints and indexes on a table that goes away only if the table stays (never). */
static void
cascade(rt_plan *p, rt_object **order, int n)
{
	for (int i = 0; i < n; i++) {
		rt_object *o = order[i];
		unsigned char *a = fslot(p, o);
		bool hit = false;
		if (!a)
			continue;
		for (int k = 0; k < o->ndeps && !hit; k++) {
			rt_object *d = o->deps[k];
			unsigned char *da = fslot(p, d);
			if (!da)
				continue;
			if (*da == A_RECREATE || *da == A_DROP || p->fbroken[d->id])
				hit = true;
		}
		if (!hit)
			continue;
		if (o->kind == RT_KIND_VIEW || o->kind == RT_KIND_MATVIEW) {
			recreate_pair(p, o, a);
			p->fbroken[o->id] = 1;
		} else if (o->kind == RT_KIND_TABLE) {
			/* its views follow, the table itself is altered; a function its defaults call
			 * changes nothing in its shape */
			bool shape = false;
			for (int k = 0; k < o->ndeps; k++) {
				unsigned char *da = fslot(p, o->deps[k]);
				if (da && o->deps[k]->kind != RT_KIND_FUNCTION &&
				    (*da == A_RECREATE || *da == A_DROP || p->fbroken[o->deps[k]->id]))
					shape = true;
			}
			if (shape)
				p->fbroken[o->id] = 1;
		} else if (o->kind == RT_KIND_FUNCTION) {
			/* a parameter or result of a type made again (an enum rebuilt): the old type
			 * cannot go while the function names it, so the function goes first and comes
			 * back with the new one (what calls it follows, below) */
			bool typed = false;
			for (int k = 0; k < o->ndeps; k++) {
				rt_object *d = o->deps[k];
				unsigned char *da = fslot(p, d);
				if (da && *da == A_RECREATE &&
				    (d->kind == RT_KIND_ENUM || d->kind == RT_KIND_DOMAIN ||
				     d->kind == RT_KIND_COMPOSITE || d->kind == RT_KIND_RANGE))
					typed = true;
			}
			if (typed)
				recreate_pair(p, o, a);
		} else if (o->kind == RT_KIND_CONSTRAINT || o->kind == RT_KIND_INDEX ||
			   o->kind == RT_KIND_TRIGGER || o->kind == RT_KIND_POLICY) {
			/* on a recreated domain/enum, function or view, or a dropped referenced table;
			 * a policy also around a change of a column it reads */
			bool dep_dropped = false;
			for (int k = 0; k < o->ndeps; k++) {
				rt_object *d = o->deps[k];
				unsigned char *da = fslot(p, d);
				if (da && (*da == A_DROP || *da == A_RECREATE))
					dep_dropped = true;
				if (da && o->kind == RT_KIND_POLICY && d->kind == RT_KIND_TABLE && p->fbroken[d->id] &&
				    reads_broken_column(p, ((const rt_policy *)o)->using_expr,
							((const rt_policy *)o)->check_expr, (const rt_table *)d))
					dep_dropped = true;
				/* UPDATE OF and WHEN hold their columns (the name may match elsewhere in
				 * the definition: a trigger made again for nothing, never a failure) */
				if (da && o->kind == RT_KIND_TRIGGER && d->kind == RT_KIND_TABLE && p->fbroken[d->id] &&
				    reads_broken_column(p, ((const rt_trigger *)o)->definition, NULL, (const rt_table *)d))
					dep_dropped = true;
			}
			if (dep_dropped)
				recreate_pair(p, o, a);
		}
	}
}

/* A table column of the from-side domain o (the other users follow through cascade). */
static bool
domain_in_use(rt_plan *p, const rt_object *o)
{
	for (int k = 0; k < p->nf; k++)
		if (p->fall[k]->kind == RT_KIND_TABLE && depends_on(p->fall[k], o))
			return true;
	return false;
}

/* ---------- phase 1 & 3: drops ---------- */

static bool
late_drop_kind(rt_kind k)
{
	/* a function may be called by a default or CHECK that phase 2 changes */
	return k == RT_KIND_SEQUENCE || k == RT_KIND_ENUM || k == RT_KIND_DOMAIN ||
	       k == RT_KIND_COMPOSITE || k == RT_KIND_RANGE || k == RT_KIND_FUNCTION || k == RT_KIND_EXTENSION ||
	       k == RT_KIND_SCHEMA || k == RT_KIND_COLLATION;
}

/* A function dropped and created again (its result or parameters change): the column
 * defaults that call it are dropped first, since the server refuses to drop what a default
 * calls, and set again once it exists (restore_defaults_calling).  The views and constraints
 * that call it are recreated around it by cascade(). */
static int
drop_defaults_calling(rt_plan *p, const rt_object *o, const char **note)
{
	const char *name = ((const rt_function *)o)->proname;
	int rc;
	for (int i = 0; i < p->nf; i++) {
		const rt_table *t = (const rt_table *)p->fall[i];
		bool uses;
		if (t->obj.kind != RT_KIND_TABLE || !fslot(p, &t->obj) || *fslot(p, &t->obj) == A_DROP)
			continue;
		uses = depends_on(&t->obj, o);
		for (int k = 0; uses && k < t->ncolumns; k++) {
			const rt_column *c = &t->columns[k];
			if (!rt_norm_text_calls(c->default_expr, name))
				continue;
			if (c->generated) {
				*note = "a generated column calls it: the server refuses the drop: review";
				continue;
			}
			column_prefix(p, &t->obj, c->name);
			rt_buf_puts(&p->cur, "DROP DEFAULT;");
			if ((rc = emit(p, &t->obj, 0, "the default calls a function that is dropped and created again")))
				return rc;
		}
	}
	return RT_OK;
}

static int
drop_object(rt_plan *p, const rt_object *o, bool recreate)
{
	unsigned haz = 0;
	const char *note = NULL;
	if (o->kind == RT_KIND_INDEX && ((const rt_index *)o)->constraint)
		return RT_OK; /* goes with its constraint */
	if (o->kind == RT_KIND_CONSTRAINT && ((const rt_constraint *)o)->not_local)
		return RT_OK; /* goes with its parent's */
	if (o->kind == RT_KIND_INDEX && ((const rt_index *)o)->parent_index)
		return RT_OK; /* a partition's: goes with its partitioned index or its partition */
	if (o->kind == RT_KIND_TABLE && p->fparent[o->id]) {
		/* children that stay leave it first */
		for (int i = 0; i < p->nf; i++) {
			const rt_table *c = (const rt_table *)p->fall[i];
			int rc;
			if (c->obj.kind != RT_KIND_TABLE || !has_parent(c, o->schema, o->name) ||
			    !fslot(p, &c->obj) || *fslot(p, &c->obj) == A_DROP)
				continue;
			if ((rc = c->partbound ? partition_stmt(p, &c->obj, o->schema, o->name, NULL)
					       : inherit_stmt(p, &c->obj, o->schema, o->name, true)))
				return rc;
		}
	}
	if (o->table && !(o->kind == RT_KIND_CONSTRAINT &&
			  ((const rt_constraint *)o)->type == RT_CON_FOREIGN)) {
		/* constraints and indexes of a table that is dropped go with it; FKs are dropped
		 * first all the same, since the table they point at may go before theirs */
		rt_object *tab = rt_graph_find_relation(p->from, o->schema, o->table);
		unsigned char *ta = tab ? fslot(p, tab) : NULL;
		if (ta && *ta == A_DROP)
			return RT_OK;
	}
	if (o->kind == RT_KIND_SEQUENCE) {
		const rt_sequence *s = (const rt_sequence *)o;
		if (s->owned_table) {
			/* an owned sequence goes with its table or column */
			rt_table *tab = rt_graph_find_table(p->from, s->owned_schema, s->owned_table);
			unsigned char *ta = tab ? fslot(p, &tab->obj) : NULL;
			const rt_object *tt = tab ? rt_changes_peer_to(p->changes, &tab->obj) : NULL;
			if (ta && *ta == A_DROP)
				return RT_OK;
			if (tt) {
				bool kept = false;
				const rt_table *tto = (const rt_table *)tt;
				for (int k = 0; k < tto->ncolumns; k++) {
					const rt_column *fc = rt_changes_column_from(p->changes, tt, &tto->columns[k]);
					if (fc && s->owned_column && !strcmp(fc->name, s->owned_column))
						kept = true;
				}
				if (!kept)
					return RT_OK;
			}
		}
	}
	switch (o->kind) {
	case RT_KIND_TABLE:
		haz = RT_HAZ_DATA_LOSS | RT_HAZ_ACCESS_EXCLUSIVE;
		break;
	case RT_KIND_INDEX:
		if (p->opts->concurrently && !recreate) {
			rt_buf_puts(&p->cur, "DROP INDEX CONCURRENTLY ");
			rt_sql_qualified(&p->cur, o->schema, o->name);
			rt_buf_putc(&p->cur, ';');
			p->no_transaction = true;
			return emit(p, o, 0, NULL);
		}
		break;
	case RT_KIND_ENUM:
	case RT_KIND_SEQUENCE:
		haz = recreate ? 0 : RT_HAZ_DATA_LOSS;
		break;
	case RT_KIND_MATVIEW:
		note = recreate ? "recreated: its data is refreshed on create" : NULL;
		break;
	case RT_KIND_FUNCTION: {
		int rc;
		if (recreate && (rc = drop_defaults_calling(p, o, &note)))
			return rc;
		break;
	}
	default:
		break;
	}
	rt_sql_drop(&p->cur, o);
	return emit(p, o, haz, note);
}

/* A function dropped while another of its name is created (its parameters change) goes first
 * when nothing that stays calls it: what phase 2 makes then never sees both, where a call that
 * fits both would be ambiguous. */
static bool
function_dropped_early(rt_plan *p, const rt_object *o)
{
	bool created = false;
	if (o->kind != RT_KIND_FUNCTION)
		return false;
	for (int i = 0; i < p->nt && !created; i++) {
		const rt_object *t = p->tall[i];
		created = t->kind == RT_KIND_FUNCTION && p->tact[i] == A_CREATE && str_eq(t->schema, o->schema) &&
			  !strcmp(((const rt_function *)t)->proname, ((const rt_function *)o)->proname);
	}
	for (int i = 0; i < p->nf && created; i++)
		if (depends_on(p->fall[i], o) && p->fact[i] != A_RECREATE &&
		    (p->fact[i] != A_DROP || late_drop_kind(p->fall[i]->kind)))
			return false;
	return created;
}

static int
phase_drops(rt_plan *p, rt_object **order, int n, bool late)
{
	int rc;
	for (int i = n - 1; i >= 0; i--) {
		rt_object *o = order[i];
		unsigned char *a = fslot(p, o);
		if (!a || (*a != A_DROP && *a != A_RECREATE))
			continue;
		/* enums, collations and domains in use are recreated in place (rename, create, move
		 * the columns, drop the old one) in phase 2 */
		if ((o->kind == RT_KIND_ENUM || o->kind == RT_KIND_COLLATION ||
		     (o->kind == RT_KIND_DOMAIN && domain_in_use(p, o))) && *a == A_RECREATE)
			continue;
		if (late != ((late_drop_kind(o->kind) || parent_dropped_late(p, o)) && *a == A_DROP &&
			     !function_dropped_early(p, o)))
			continue;
		if ((rc = drop_object(p, o, *a == A_RECREATE)))
			return rc;
	}
	return RT_OK;
}

/* ---------- phase 2: creates and alters ---------- */

static bool
table_is_new(rt_plan *p, const char *schema, const char *table)
{
	rt_object *t = rt_graph_find_relation(p->to, schema, table);
	return !t || !rt_changes_peer_from(p->changes, t);
}

/* identity → serial: the new sequence takes the name the identity's implicit sequence has,
 * so the identity goes first (alter_column's DROP IDENTITY IF EXISTS then does nothing). */
static int
free_identity_name(rt_plan *p, const rt_object *seq)
{
	rt_object **all;
	int n = rt_graph_sorted(&all, p->from, NULL);
	for (int i = 0; i < n; i++) {
		const rt_table *ft = (const rt_table *)all[i];
		const rt_object *tt;
		if (all[i]->kind != RT_KIND_TABLE || strcmp(all[i]->schema, seq->schema))
			continue;
		for (int k = 0; k < ft->ncolumns; k++) {
			const rt_column *c = &ft->columns[k];
			if (!c->identity || !c->identity_seq || strcmp(c->identity_seq, seq->name))
				continue;
			tt = rt_changes_peer_to(p->changes, all[i]);
			column_prefix(p, tt ? tt : all[i], c->name);
			rt_buf_puts(&p->cur, "DROP IDENTITY IF EXISTS;");
			return emit(p, all[i], 0, NULL);
		}
	}
	return RT_OK;
}

/* A SQL function's body is checked against the catalog when it is created, but it may read
 * tables created later in the plan (functions come before the tables whose defaults call
 * them): body checks are turned off for the rest of the migration, as pg_dump does. */
static int
create_function(rt_plan *p, const rt_object *o)
{
	const rt_function *f = (const rt_function *)o;
	int rc;
	if (!p->bodies_unchecked && f->language && !strcmp(f->language, "sql")) {
		rt_buf_puts(&p->cur, "SET check_function_bodies = off;");
		if ((rc = emit(p, o, 0, NULL)))
			return rc;
		p->bodies_unchecked = true;
	}
	rt_sql_create(&p->cur, o);
	return emit(p, o, 0, NULL); /* one statement: its body may hold ";\n" */
}

/* The defaults drop_defaults_calling dropped, set again (those that change are set by the
 * table's own alter). */
static int
restore_defaults_calling(rt_plan *p, const rt_object *f, const rt_object *t)
{
	const char *name = ((const rt_function *)f)->proname;
	int rc;
	for (int i = 0; i < p->nf; i++) {
		const rt_table *ft = (const rt_table *)p->fall[i];
		const rt_table *tt;
		bool uses = false;
		if (ft->obj.kind != RT_KIND_TABLE || !fslot(p, &ft->obj) || *fslot(p, &ft->obj) == A_DROP ||
		    !(tt = (const rt_table *)rt_changes_peer_to(p->changes, &ft->obj)))
			continue;
		for (int k = 0; k < ft->obj.ndeps && !uses; k++)
			uses = ft->obj.deps[k] == f;
		for (int k = 0; uses && k < tt->ncolumns; k++) {
			const rt_column *tc = &tt->columns[k];
			const rt_column *fc = rt_changes_column_from(p->changes, &tt->obj, tc);
			if (!fc || fc->generated || !rt_norm_text_calls(fc->default_expr, name) || !tc->default_expr ||
			    !rt_norm_expr_equal(fc->default_expr, tc->default_expr))
				continue;
			column_prefix(p, &tt->obj, tc->name);
			rt_buf_printf(&p->cur, "SET DEFAULT %s;", tc->default_expr);
			if ((rc = emit(p, &tt->obj, 0, NULL)))
				return rc;
		}
	}
	(void)t;
	return RT_OK;
}

/* ALTER SEQUENCE ... AS for the identity sequence of column c of table t: a type other than its
 * column's (CREATE TABLE ... LIKE makes bigint ones) that GENERATED ... AS IDENTITY cannot say,
 * or a change between that and the column's own. */
static int
identity_seq_type(rt_plan *p, const rt_object *t, const rt_column *c)
{
	if (!c->identity_seq)
		return RT_OK;
	rt_buf_puts(&p->cur, "ALTER SEQUENCE ");
	rt_sql_qualified(&p->cur, t->schema, c->identity_seq);
	rt_buf_printf(&p->cur, " AS %s MINVALUE %lld MAXVALUE %lld;", c->identity_opts->data_type,
		      (long long)c->identity_opts->min, (long long)c->identity_opts->max);
	return emit(p, t, 0, NULL);
}

static int
create_object(rt_plan *p, const rt_object *o)
{
	unsigned haz = 0;
	const char *note = NULL;
	int rc;
	if (o->kind == RT_KIND_FUNCTION)
		return create_function(p, o);
	if (o->kind == RT_KIND_SEQUENCE && (rc = free_identity_name(p, o)))
		return rc;
	if (o->kind == RT_KIND_INDEX) {
		const rt_index *x = (const rt_index *)o;
		if (x->constraint)
			return RT_OK;
		if (x->parent_index)
			return RT_OK; /* the server makes it with its partitioned index or its partition */
		if (p->opts->concurrently && !table_is_new(p, o->schema, o->table)) {
			rt_sql_index_def(&p->cur, x, true);
			rt_buf_putc(&p->cur, ';');
			p->no_transaction = true;
			return emit(p, o, 0, NULL);
		}
		if (!table_is_new(p, o->schema, o->table))
			haz = RT_HAZ_INDEX_BUILD;
		rt_sql_index_def(&p->cur, x, false);
		rt_buf_putc(&p->cur, ';');
		return emit(p, o, haz, NULL);
	}
	if (o->kind == RT_KIND_CONSTRAINT) {
		const rt_constraint *k = (const rt_constraint *)o;
		bool existing = !table_is_new(p, o->schema, o->table);
		if (k->not_local)
			return RT_OK;   /* comes with its parent's, or with CREATE TABLE ... INHERITS */
		/* FKs and CHECKs on a table with rows: add NOT VALID (no long lock), then VALIDATE */
		if (existing && (k->type == RT_CON_FOREIGN || k->type == RT_CON_CHECK) && !k->not_valid) {
			rt_constraint tmp = *k;
			int rc;
			tmp.not_valid = true;
			rt_sql_create(&p->cur, &tmp.obj);
			if ((rc = emit(p, o, 0, NULL)))
				return rc;
			alter_table_prefix(p, o->schema, o->table);
			rt_buf_puts(&p->cur, "VALIDATE CONSTRAINT ");
			rt_sql_ident(&p->cur, o->name);
			rt_buf_putc(&p->cur, ';');
			return emit(p, o, 0, NULL);
		}
		if (existing && (k->type == RT_CON_PRIMARY || k->type == RT_CON_UNIQUE ||
				 k->type == RT_CON_EXCLUDE))
			haz = RT_HAZ_INDEX_BUILD;
	}
	if (o->kind == RT_KIND_TABLE && p->opts->downgrade) {
		haz |= RT_HAZ_NOT_RESTORED;
		note = "data not restored: the table comes back empty";
	}
	rt_sql_create(&p->cur, o);
	if ((rc = emit_multi(p, o, haz, note)))
		return rc;
	for (int i = 0; o->kind == RT_KIND_TABLE && i < ((const rt_table *)o)->ncolumns; i++) {
		const rt_column *c = &((const rt_table *)o)->columns[i];
		if (c->identity && c->identity_opts && c->identity_opts->data_type &&
		    strcmp(c->identity_opts->data_type, c->type) && (rc = identity_seq_type(p, o, c)))
			return rc;
	}
	if (o->kind != RT_KIND_TABLE || !((const rt_table *)o)->nparents)
		return RT_OK;
	rt_sql_inherited_fixups(&p->cur, p->to, (const rt_table *)o);
	return p->cur.len ? emit_multi(p, o, 0, NULL) : RT_OK;
}

static void
rename_stmt(rt_plan *p, const rt_object *f, const rt_object *t)
{
	switch (f->kind) {
	case RT_KIND_POLICY:
		/* its table is renamed already (the policy comes after it) */
		rt_buf_puts(&p->cur, "ALTER POLICY ");
		rt_sql_ident(&p->cur, f->name);
		rt_buf_puts(&p->cur, " ON ");
		rt_sql_qualified(&p->cur, t->schema, t->table);
		rt_buf_puts(&p->cur, " RENAME TO ");
		rt_sql_ident(&p->cur, t->name);
		break;
	case RT_KIND_CONSTRAINT:
		alter_table_prefix(p, t->schema, t->table);
		rt_buf_puts(&p->cur, "RENAME CONSTRAINT ");
		rt_sql_ident(&p->cur, f->name);
		rt_buf_puts(&p->cur, " TO ");
		rt_sql_ident(&p->cur, t->name);
		break;
	case RT_KIND_ENUM:
	case RT_KIND_DOMAIN:
	case RT_KIND_COMPOSITE:
	case RT_KIND_RANGE:
	case RT_KIND_SEQUENCE:
	case RT_KIND_TABLE:
	case RT_KIND_VIEW:
	case RT_KIND_MATVIEW:
	case RT_KIND_INDEX:
	case RT_KIND_SCHEMA:
	case RT_KIND_STATISTICS:
	case RT_KIND_COLLATION:
		rt_buf_puts(&p->cur, "ALTER ");
		rt_sql_object_ref(&p->cur, f);
		rt_buf_puts(&p->cur, " RENAME TO ");
		rt_sql_ident(&p->cur, t->name);
		break;
	default:
		break;
	}
	rt_buf_putc(&p->cur, ';');
}

static bool
volatile_default(const char *expr)
{
	static const char *fns[] = {"nextval(", "random(", "gen_random_uuid(", "uuid_generate",
				    "clock_timestamp(", "timeofday(", NULL};
	for (int i = 0; expr && fns[i]; i++)
		if (strstr(expr, fns[i]))
			return true;
	return false;
}

/* A helper constraint's name; PostgreSQL limits names to 63 bytes.  Caller frees. */
static char *
tmp_name(const char *table, const char *col, const char *label)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_printf(&b, "%.20s_%.20s_%s", table, col, label);
	return rt_buf_detach(&b);
}

static int
set_not_null_safely(rt_plan *p, const rt_object *t, const char *col)
{
	char *name = tmp_name(t->name, col, "not_null");
	int rc;
	if (!name)
		return RT_ENOMEM;
	alter_table_prefix(p, t->schema, t->name);
	rt_buf_puts(&p->cur, "ADD CONSTRAINT ");
	rt_sql_ident(&p->cur, name);
	rt_buf_puts(&p->cur, " CHECK (");
	rt_sql_ident(&p->cur, col);
	rt_buf_puts(&p->cur, " IS NOT NULL) NOT VALID;");
	if ((rc = emit(p, t, 0, "SET NOT NULL without a long lock: check NOT VALID, validate, then set")))
		goto out;
	alter_table_prefix(p, t->schema, t->name);
	rt_buf_puts(&p->cur, "VALIDATE CONSTRAINT ");
	rt_sql_ident(&p->cur, name);
	rt_buf_putc(&p->cur, ';');
	if ((rc = emit(p, t, 0, NULL)))
		goto out;
	column_prefix(p, t, col);
	rt_buf_puts(&p->cur, "SET NOT NULL;");
	if ((rc = emit(p, t, 0, NULL)))
		goto out;
	alter_table_prefix(p, t->schema, t->name);
	rt_buf_puts(&p->cur, "DROP CONSTRAINT ");
	rt_sql_ident(&p->cur, name);
	rt_buf_putc(&p->cur, ';');
	rc = emit(p, t, 0, NULL);
out:
	rt_free(name);
	return rc;
}

static int
add_column(rt_plan *p, const rt_object *t, const rt_column *c)
{
	int rc;
	bool simple = !c->not_null || c->default_expr || c->identity || c->generated;
	/* a downgrade adding a column back restores its definition, not what it held */
	bool lost = p->opts->downgrade && !c->generated;
	if (simple) {
		unsigned haz = lost ? RT_HAZ_NOT_RESTORED : 0;
		if ((c->default_expr && volatile_default(c->default_expr) && !c->generated) ||
		    c->generated || c->identity)
			haz |= RT_HAZ_TABLE_REWRITE | RT_HAZ_ACCESS_EXCLUSIVE;
		alter_table_prefix(p, t->schema, t->name);
		rt_buf_puts(&p->cur, "ADD COLUMN ");
		rt_sql_column_def(&p->cur, t, c);
		rt_buf_putc(&p->cur, ';');
		return emit(p, t, haz, lost ? "data not restored: the column comes back without its values" : NULL);
	}
	/* NOT NULL and no default: never invent a value.  Add it nullable, then a guard that stops
	 * the migration (and rolls it back) while rows lack a value, then SET NOT NULL. */
	{
		rt_column tmp = *c;
		tmp.not_null = false;
		alter_table_prefix(p, t->schema, t->name);
		rt_buf_puts(&p->cur, "ADD COLUMN ");
		rt_sql_column_def(&p->cur, t, &tmp);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, t, 0, NULL)))
			return rc;
	}
	{
		rt_buf msg = RT_BUF_INIT, qt = RT_BUF_INIT, lit = RT_BUF_INIT;
		rt_sql_qualified(&qt, t->schema, t->name);
		rt_buf_printf(&msg, "retort: backfill %s.%s (NOT NULL, no default) before this migration can run", t->name, c->name);
		rt_sql_literal(&lit, rt_buf_cstr(&msg));
		rt_buf_printf(&p->cur, "-- backfill: write the UPDATE that gives every existing row a value, e.g.\n"
			      "-- UPDATE %s SET ", rt_buf_cstr(&qt));
		rt_sql_ident(&p->cur, c->name);
		rt_buf_printf(&p->cur, " = ... WHERE ");
		rt_sql_ident(&p->cur, c->name);
		rt_buf_printf(&p->cur, " IS NULL;\nDO $retort$ BEGIN IF EXISTS (SELECT 1 FROM %s WHERE ", rt_buf_cstr(&qt));
		rt_sql_ident(&p->cur, c->name);
		rt_buf_printf(&p->cur, " IS NULL) THEN RAISE EXCEPTION %s; END IF; END $retort$;", rt_buf_cstr(&lit));
		rt_buf_dispose(&msg);
		rt_buf_dispose(&qt);
		rt_buf_dispose(&lit);
		if ((rc = emit(p, t, RT_HAZ_BACKFILL, "NOT NULL column without a default: rows need a value")))
			return rc;
	}
	column_prefix(p, t, c->name);
	rt_buf_puts(&p->cur, "SET NOT NULL;");
	return emit(p, t, 0, NULL);
}

static bool
str_eq(const char *a, const char *b)
{
	return (!a || !b) ? a == b : !strcmp(a, b);
}

/* varchar(n) → varchar(m≥n) or text, and the like, need no rewrite and lose nothing. */
static unsigned
type_change_hazards(const char *from, const char *to)
{
	int n1, n2;
	if (sscanf(from, "character varying(%d)", &n1) == 1) {
		if (!strcmp(to, "text") || !strcmp(to, "character varying"))
			return 0;
		if (sscanf(to, "character varying(%d)", &n2) == 1)
			return n2 >= n1 ? 0 : RT_HAZ_DATA_LOSS | RT_HAZ_ACCESS_EXCLUSIVE;
	}
	if ((!strcmp(from, "character varying") && !strcmp(to, "text")) ||
	    (!strcmp(from, "text") && !strcmp(to, "character varying")))
		return 0;
	return RT_HAZ_TABLE_REWRITE | RT_HAZ_ACCESS_EXCLUSIVE;
}

static void
seq_option_diffs(rt_buf *b, const rt_seqopts *f, const rt_seqopts *t, const char *set)
{
	if (f->increment != t->increment)
		rt_buf_printf(b, " %sINCREMENT BY %lld", set, (long long)t->increment);
	if (f->min != t->min)
		rt_buf_printf(b, " %sMINVALUE %lld", set, (long long)t->min);
	if (f->max != t->max)
		rt_buf_printf(b, " %sMAXVALUE %lld", set, (long long)t->max);
	if (f->start != t->start)
		rt_buf_printf(b, " %sSTART WITH %lld", set, (long long)t->start);
	if (f->cache != t->cache)
		rt_buf_printf(b, " %sCACHE %lld", set, (long long)t->cache);
	if (f->cycle != t->cycle)
		rt_buf_printf(b, " %s%s", set, t->cycle ? "CYCLE" : "NO CYCLE");
	/* a narrower range may exclude the current value: restart at the new start (the server
	 * refuses otherwise); nothing tells us how far the sequence had got */
	if ((t->min > f->min || t->max < f->max) && (f->start < t->min || f->start > t->max))
		rt_buf_puts(b, " RESTART");
}

/* A from-side default that is a label of an enum whose label the plan renames (`'new'::t`
 * becoming `'fresh'::t`): ALTER TYPE ... RENAME VALUE carries the stored default along, so
 * the default needs no SET DEFAULT of its own.  True when `fc`'s default, with its label
 * renamed as the enum of `tc`'s type renames it, equals `tc`'s default (a label with a quote
 * in it is left alone: a SET DEFAULT too many is harmless). */
static bool
default_follows_label_rename(rt_plan *p, const rt_column *fc, const rt_column *tc)
{
	const char *d = fc->default_expr, *end;
	const char *type = rt_changes_type_to(p->changes, fc->type);
	bool same = false;
	if (!d || !tc->default_expr || d[0] != '\'' || strcmp(type, tc->type))
		return false;
	/* only a plain literal label, cast or not: 'new'::public.status or 'new' */
	end = strchr(d + 1, '\'');
	if (!end || (end[1] && strncmp(end + 1, "::", 2)))
		return false;
	for (int i = 0; i < p->nt && !same; i++) {
		const rt_enum *e = (const rt_enum *)p->tall[i];
		const rt_object *fe;
		rt_buf q = RT_BUF_INIT;
		if (e->obj.kind != RT_KIND_ENUM || !(fe = rt_changes_peer_from(p->changes, &e->obj)))
			continue;
		rt_sql_qualified(&q, e->obj.schema, e->obj.name);
		if (!rt_buf_failed(&q) && !strcmp(q.ptr, tc->type)) {
			for (int k = 0; k < e->nlabels && !same; k++) {
				bool inferred;
				int j = rt_changes_enum_label_from(p->changes, &e->obj, k, &inferred);
				const char *old = j >= 0 ? ((const rt_enum *)fe)->labels[j] : NULL;
				rt_buf nd = RT_BUF_INIT;
				if (!old || !strcmp(old, e->labels[k]) || strlen(old) != (size_t)(end - d - 1) ||
				    strncmp(old, d + 1, (size_t)(end - d - 1)))
					continue;
				rt_sql_literal(&nd, e->labels[k]);
				rt_buf_puts(&nd, end + 1);
				same = !rt_buf_failed(&nd) && rt_norm_expr_equal(nd.ptr, tc->default_expr);
				rt_buf_dispose(&nd);
			}
		}
		rt_buf_dispose(&q);
	}
	return same;
}

static int
alter_column(rt_plan *p, const rt_object *t, const rt_column *fc, const rt_column *tc, bool inferred)
{
	int rc;
	/* an inherited column is renamed by its parent's RENAME COLUMN (the server recurses, and
	 * refuses the child's own) */
	if (strcmp(fc->name, tc->name) && !(fc->inhcount > 0 && tc->inhcount > 0)) {
		alter_table_prefix(p, t->schema, t->name);
		rt_buf_puts(&p->cur, "RENAME COLUMN ");
		rt_sql_ident(&p->cur, fc->name);
		rt_buf_puts(&p->cur, " TO ");
		rt_sql_ident(&p->cur, tc->name);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, t, 0, inferred ? "inferred rename: review" : NULL)))
			return rc;
	}
	/* a generation expression cannot be added to or changed on an existing column */
	if (tc->generated && (!fc->generated || !str_eq(fc->default_expr, tc->default_expr))) {
		alter_table_prefix(p, t->schema, t->name);
		rt_buf_puts(&p->cur, "DROP COLUMN ");
		rt_sql_ident(&p->cur, tc->name);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, t, RT_HAZ_ACCESS_EXCLUSIVE, "generated column recomputed: dropped and added")))
			return rc;
		return add_column(p, t, tc);
	}
	if (fc->generated && !tc->generated) {
		column_prefix(p, t, tc->name);
		rt_buf_puts(&p->cur, "DROP EXPRESSION;");
		if ((rc = emit(p, t, 0, NULL)))
			return rc;
	}
	if (fc->identity && !tc->identity) {
		column_prefix(p, t, tc->name);
		rt_buf_puts(&p->cur, "DROP IDENTITY IF EXISTS;");
		if ((rc = emit(p, t, 0, NULL)))
			return rc;
	}
	/* a column of a renamed type follows it (ALTER TYPE ... RENAME, or the rebuild's casts) */
	bool type_changed = !str_eq(rt_changes_type_to(p->changes, fc->type), tc->type) ||
			    !str_eq(fc->collation, tc->collation);
	bool default_changed = !tc->generated && !fc->generated &&
			       !rt_norm_expr_equal(fc->default_expr, tc->default_expr) &&
			       !default_follows_label_rename(p, fc, tc);
	/* an inherited column changes type with its parent's (the server refuses it alone) */
	if (fc->inhcount && tc->inhcount)
		type_changed = false;
	if (type_changed) {
		if (fc->default_expr && !fc->generated && !fc->identity) {
			default_prefix(p, t, tc->name);
			rt_buf_puts(&p->cur, "DROP DEFAULT;");
			if ((rc = emit(p, t, 0, NULL)))
				return rc;
			default_changed = tc->default_expr != NULL;
		}
		column_prefix(p, t, tc->name);
		rt_buf_printf(&p->cur, "TYPE %s", tc->type);
		if (tc->collation)
			rt_buf_printf(&p->cur, " COLLATE %s", tc->collation);
		rt_buf_puts(&p->cur, " USING ");
		rt_sql_ident(&p->cur, tc->name);
		rt_buf_printf(&p->cur, "::%s;", tc->type);
		if ((rc = emit(p, t, type_change_hazards(fc->type, tc->type), NULL)))
			return rc;
	}
	if (default_changed) {
		default_prefix(p, t, tc->name);
		if (tc->default_expr)
			rt_buf_printf(&p->cur, "SET DEFAULT %s;", tc->default_expr);
		else
			rt_buf_puts(&p->cur, "DROP DEFAULT;");
		if ((rc = emit(p, t, 0, NULL)))
			return rc;
	}
	if (!fc->not_null && tc->not_null && !(tc->identity && !fc->identity)) {
		if ((rc = set_not_null_safely(p, t, tc->name)))
			return rc;
	}
	if (tc->identity && !fc->identity) {
		/* serial → identity: the old owned sequence usually has the very name the identity
		 * sequence takes, so it goes first (its default was dropped above) */
		rt_object *old = tc->identity_seq ? rt_graph_find(p->from, RT_KIND_SEQUENCE, t->schema, NULL,
								   tc->identity_seq) : NULL;
		unsigned char *oa = old ? fslot(p, old) : NULL;
		if (oa && *oa == A_DROP) {
			rt_sql_drop(&p->cur, old);
			if ((rc = emit(p, old, 0, NULL)))
				return rc;
			*oa = A_KEEP;
		}
		column_prefix(p, t, tc->name);
		rt_buf_printf(&p->cur, "ADD GENERATED %s AS IDENTITY (", tc->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
		if (tc->identity_seq) {
			rt_buf_puts(&p->cur, "SEQUENCE NAME ");
			rt_sql_qualified(&p->cur, t->schema, tc->identity_seq);
		}
		rt_sql_seqopts(&p->cur, tc->identity_opts, false);
		rt_buf_puts(&p->cur, ");");
		if ((rc = emit(p, t, 0, NULL)))
			return rc;
	} else if (tc->identity && fc->identity) {
		rt_buf opts = RT_BUF_INIT;
		if (fc->identity != tc->identity)
			rt_buf_printf(&opts, " SET GENERATED %s", tc->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
		seq_option_diffs(&opts, fc->identity_opts, tc->identity_opts, "SET ");
		if (opts.len) {
			column_prefix(p, t, tc->name);
			rt_buf_truncate(&p->cur, p->cur.len - 1);
			rt_buf_printf(&p->cur, "%s;", rt_buf_cstr(&opts));
			rt_buf_dispose(&opts);
			if ((rc = emit(p, t, 0, NULL)))
				return rc;
		}
		rt_buf_dispose(&opts);
		if (fc->identity_seq && tc->identity_seq && strcmp(fc->identity_seq, tc->identity_seq)) {
			rt_buf_puts(&p->cur, "ALTER SEQUENCE ");
			rt_sql_qualified(&p->cur, t->schema, fc->identity_seq);
			rt_buf_puts(&p->cur, " RENAME TO ");
			rt_sql_ident(&p->cur, tc->identity_seq);
			rt_buf_putc(&p->cur, ';');
			if ((rc = emit(p, t, 0, NULL)))
				return rc;
		}
		/* the sequence's own type (ALTER COLUMN ... TYPE changes it with the column's) */
		if (tc->identity_opts->data_type &&
		    !str_eq(fc->identity_opts->data_type, tc->identity_opts->data_type) &&
		    !strcmp(rt_changes_type_to(p->changes, fc->type), tc->type) &&
		    (rc = identity_seq_type(p, t, tc)))
			return rc;
	}
	if (fc->not_null && !tc->not_null) {
		column_prefix(p, t, tc->name);
		rt_buf_puts(&p->cur, "DROP NOT NULL;");
		if ((rc = emit(p, t, 0, NULL)))
			return rc;
	}
	return RT_OK;
}

static void
reloption_key(rt_buf *b, const char *opt)
{
	const char *eq = strchr(opt, '=');
	rt_buf_putn(b, opt, eq ? (size_t)(eq - opt) : strlen(opt));
}

static bool
has_opt(const char *const *opts, int n, const char *opt, bool key_only)
{
	for (int i = 0; i < n; i++) {
		if (!key_only && !strcmp(opts[i], opt))
			return true;
		if (key_only) {
			size_t k = strcspn(opt, "=");
			if (!strncmp(opts[i], opt, k) && (opts[i][k] == '=' || !opts[i][k]))
				return true;
		}
	}
	return false;
}

static int
alter_reloptions(rt_plan *p, const rt_object *t, const char *what, const char *const *fo, int nf,
		 const char *const *to, int nt)
{
	int rc, nset = 0, nreset = 0;
	rt_buf set = RT_BUF_INIT, reset = RT_BUF_INIT;
	for (int i = 0; i < nt; i++)
		if (!has_opt(fo, nf, to[i], false))
			rt_buf_printf(&set, "%s%s", nset++ ? ", " : "", to[i]);
	for (int i = 0; i < nf; i++)
		if (!has_opt(to, nt, fo[i], true)) {
			if (nreset++)
				rt_buf_puts(&reset, ", ");
			reloption_key(&reset, fo[i]);
		}
	rc = RT_OK;
	if (nset) {
		rt_buf_printf(&p->cur, "ALTER %s ", what);
		rt_sql_qualified(&p->cur, t->schema, t->name);
		rt_buf_printf(&p->cur, " SET (%s);", rt_buf_cstr(&set));
		rc = emit(p, t, 0, NULL);
	}
	if (!rc && nreset) {
		rt_buf_printf(&p->cur, "ALTER %s ", what);
		rt_sql_qualified(&p->cur, t->schema, t->name);
		rt_buf_printf(&p->cur, " RESET (%s);", rt_buf_cstr(&reset));
		rc = emit(p, t, 0, NULL);
	}
	rt_buf_dispose(&set);
	rt_buf_dispose(&reset);
	return rc;
}


/* ---------- inheritance ---------- */

static bool
has_parent(const rt_table *t, const char *schema, const char *name)
{
	for (int i = 0; i < t->nparents; i++)
		if (!strcmp(t->parents[i].schema, schema) && !strcmp(t->parents[i].name, name))
			return true;
	return false;
}

static bool
has_children(rt_plan *p, const rt_object *t)
{
	const rt_object *f = tslot(p, t) ? rt_changes_peer_from(p->changes, t) : t;
	const rt_object *to = tslot(p, t) ? t : rt_changes_peer_to(p->changes, t);
	return (f && fslot(p, f) && p->fparent[f->id]) || (to && tslot(p, to) && p->tparent[to->id]);
}

enum { RELINK_GAINS = 1, RELINK_LOSES = 2 };

static unsigned
table_relinked(rt_plan *p, const rt_object *t)
{
	return tslot(p, t) ? p->relinked[t->id] : 0;
}

/* A relinked parent's column drops wait for the children that leave it (they keep what the
 * drop would take); they come before the children that join it (which need not have the
 * columns).  Its adds wait for both: they reach exactly the new children. */
static bool
drops_wait(rt_plan *p, const rt_object *t)
{
	return (table_relinked(p, t) & RELINK_LOSES) != 0;
}

/* A dropped table that children keep being: they leave it late, once they joined their new
 * parents, and it is dropped then. */
static bool
parent_dropped_late(rt_plan *p, const rt_object *o)
{
	if (o->kind != RT_KIND_TABLE || !p->fparent[o->id])
		return false;
	for (int i = 0; i < p->nf; i++) {
		const rt_table *c = (const rt_table *)p->fall[i];
		if (c->obj.kind == RT_KIND_TABLE && has_parent(c, o->schema, o->name) && p->fact[i] != A_DROP)
			return true;
	}
	return false;
}

/* Does a new column of `t` arrive from a parent's ADD COLUMN (which reaches the children, and
 * waits for the relinks when the parent's children change)?  A parent that already had it
 * (or is new) does not bring it: the table must have it before it may INHERIT. */
static bool
column_from_parent(rt_plan *p, const rt_table *t, const rt_column *tc)
{
	if (!tc->not_local)
		return false;
	for (int i = 0; i < t->nparents; i++) {
		const rt_table *pt = rt_graph_find_table(p->to, t->parents[i].schema, t->parents[i].name);
		const rt_table *pf = pt ? (const rt_table *)rt_changes_peer_from(p->changes, &pt->obj) : NULL;
		if (pt && pf && rt_table_column(pt, tc->name) && !rt_changes_column_from(p->changes, &pt->obj,
											 rt_table_column(pt, tc->name)))
			return true;
	}
	return false;
}

/* Does an inherited column of from-table `f` go away with a parent's DROP COLUMN (a parent
 * before and after that loses it)? */
static bool
column_goes_with_parent(rt_plan *p, const rt_table *f, const rt_table *t, const rt_column *fc)
{
	for (int i = 0; i < f->nparents; i++) {
		const rt_table *pf = rt_graph_find_table(p->from, f->parents[i].schema, f->parents[i].name);
		const rt_table *pt = pf ? (const rt_table *)rt_changes_peer_to(p->changes, &pf->obj) : NULL;
		const rt_column *pc = pf ? rt_table_column(pf, fc->name) : NULL;
		bool kept = false;
		if (!pc || !pt || !has_parent(t, pt->obj.schema, pt->obj.name))
			continue;
		for (int k = 0; k < pt->ncolumns && !kept; k++)
			kept = rt_changes_column_from(p->changes, &pt->obj, &pt->columns[k]) == pc;
		if (!kept)
			return true;
	}
	return false;
}

/* Whether a parent of t (in to) has its children changing (its column adds then wait). */
static bool
parents_relinked(rt_plan *p, const rt_table *t)
{
	for (int i = 0; i < t->nparents; i++) {
		const rt_table *pt = rt_graph_find_table(p->to, t->parents[i].schema, t->parents[i].name);
		if (pt && table_relinked(p, &pt->obj))
			return true;
	}
	return false;
}

/* A column a parent's ADD COLUMN brought: the default and NOT NULL the table has of its own. */
static int
inherited_column_fixups(rt_plan *p, const rt_table *t, const rt_column *tc)
{
	rt_table one = *t;
	one.columns = (rt_column *)tc;
	one.ncolumns = 1;
	rt_sql_inherited_fixups(&p->cur, p->to, &one);
	return p->cur.len ? emit_multi(p, &t->obj, 0, NULL) : RT_OK;
}

static int
drop_column_stmt(rt_plan *p, const rt_object *t, const char *col)
{
	alter_table_prefix(p, t->schema, t->name);
	rt_buf_puts(&p->cur, "DROP COLUMN ");
	rt_sql_ident(&p->cur, col);
	rt_buf_putc(&p->cur, ';');
	return emit(p, t, RT_HAZ_DATA_LOSS | RT_HAZ_ACCESS_EXCLUSIVE, NULL);
}

static int
inherit_stmt(rt_plan *p, const rt_object *t, const char *schema, const char *name, bool no)
{
	alter_table_prefix(p, t->schema, t->name);
	rt_buf_puts(&p->cur, no ? "NO INHERIT " : "INHERIT ");
	rt_sql_qualified(&p->cur, schema, name);
	rt_buf_putc(&p->cur, ';');
	return emit(p, t, 0, NULL);
}

/* ALTER TABLE parent ATTACH PARTITION t FOR VALUES ... (bound), or DETACH PARTITION t (NULL):
 * the rows stay in t. */
static int
partition_stmt(rt_plan *p, const rt_object *t, const char *schema, const char *name, const char *bound)
{
	alter_table_prefix(p, schema, name);
	rt_buf_puts(&p->cur, bound ? "ATTACH PARTITION " : "DETACH PARTITION ");
	rt_sql_qualified(&p->cur, t->schema, t->name);
	if (bound)
		rt_buf_printf(&p->cur, " %s", bound);
	rt_buf_putc(&p->cur, ';');
	/* DETACH locks the partitioned table, ATTACH the table it scans for rows outside the bound */
	return emit(p, t, RT_HAZ_ACCESS_EXCLUSIVE, NULL);
}

/* A partition that changes its partitioned table or its bound is detached from the old one,
 * then attached to the new one with the new bound; a table that becomes a partition is
 * attached, a partition that becomes a table detached.  A partitioned table that is dropped
 * detached the partitions that stay already (drop_object). */
static int
relink_partition(rt_plan *p, const rt_table *f, const rt_table *t)
{
	const rt_table *pf = f->partbound && f->nparents ? rt_graph_find_table(p->from, f->parents[0].schema,
									       f->parents[0].name) : NULL;
	const rt_object *pft = pf ? rt_changes_peer_to(p->changes, &pf->obj) : NULL;
	/* a partitioned table made again detached its partitions when it was dropped (drop_object) */
	unsigned char *pa = pf ? fslot(p, &pf->obj) : NULL;
	bool detached = pa && (*pa == A_DROP || *pa == A_RECREATE);
	bool same = pft && t->partbound && t->nparents && !strcmp(pft->schema, t->parents[0].schema) &&
		    !strcmp(pft->name, t->parents[0].name) &&
		    (!strcmp(f->partbound, t->partbound) || rt_norm_partbound_equal(f->partbound, t->partbound));
	int rc;
	if (same && !detached)
		return RT_OK;
	if (pft) {
		if (!detached && (rc = partition_stmt(p, &t->obj, pft->schema, pft->name, NULL)))
			return rc;
		/* what the partition had from its partitioned table is its own once detached: what
		 * the table does not keep is dropped now (it could not be before) */
		for (int i = 0; i < p->nf; i++) {
			const rt_object *o = p->fall[i];
			bool inherited = (o->kind == RT_KIND_INDEX && ((const rt_index *)o)->parent_index &&
					  !((const rt_index *)o)->constraint) ||
					 (o->kind == RT_KIND_CONSTRAINT && ((const rt_constraint *)o)->inhcount);
			if (!inherited || strcmp(o->schema, f->obj.schema) || strcmp(o->table, f->obj.name) ||
			    rt_changes_peer_to(p->changes, o))
				continue;
			if (o->kind == RT_KIND_CONSTRAINT) {
				alter_table_prefix(p, t->obj.schema, t->obj.name);
				rt_buf_puts(&p->cur, "DROP CONSTRAINT ");
				rt_sql_ident(&p->cur, o->name);
				rt_buf_putc(&p->cur, ';');
			} else {
				rt_buf_puts(&p->cur, "DROP INDEX ");
				rt_sql_qualified(&p->cur, o->schema, o->name);
				rt_buf_putc(&p->cur, ';');
			}
			if ((rc = emit(p, &t->obj, 0, NULL)))
				return rc;
		}
	}
	if (t->partbound && t->nparents)
		return partition_stmt(p, &t->obj, t->parents[0].schema, t->parents[0].name, t->partbound);
	return RT_OK;
}

/* ALTER TABLE ... INHERIT the new parents first, then NO INHERIT the old ones: a column both
 * give stays inherited (never local) in between.  A parent that is dropped was left already,
 * before its drop (drop_object). */
static int
relink(rt_plan *p, const rt_table *f, const rt_table *t)
{
	int rc;
	if (f->partbound || t->partbound)
		return relink_partition(p, f, t);
	for (int i = 0; i < t->nparents; i++) {
		const rt_table *pt = rt_graph_find_table(p->to, t->parents[i].schema, t->parents[i].name);
		const rt_object *pf = pt ? rt_changes_peer_from(p->changes, &pt->obj) : NULL;
		if (pf && has_parent(f, pf->schema, pf->name))
			continue;
		if ((rc = inherit_stmt(p, &t->obj, t->parents[i].schema, t->parents[i].name, false)))
			return rc;
	}
	for (int i = 0; i < f->nparents; i++) {
		const rt_table *pf = rt_graph_find_table(p->from, f->parents[i].schema, f->parents[i].name);
		const rt_object *pt = pf ? rt_changes_peer_to(p->changes, &pf->obj) : NULL;
		if (!pt || has_parent(t, pt->schema, pt->name))
			continue;   /* dropped (left before), or still a parent */
		if ((rc = inherit_stmt(p, &t->obj, pt->schema, pt->name, true)))
			return rc;
	}
	return RT_OK;
}

/* After phase 2: the column drops and adds of parents whose children were relinked (so that
 * they reach exactly the new children), then the inherited columns a table loses that no
 * parent's drop took away (a parent it left). */
static int
phase_inherited_columns(rt_plan *p, rt_object **order, int n)
{
	int rc;
	for (int i = 0; i < n; i++) {
		const rt_table *t = (const rt_table *)order[i], *f;
		if (order[i]->kind != RT_KIND_TABLE || !(f = (const rt_table *)rt_changes_peer_from(p->changes, order[i])))
			continue;
		if (table_relinked(p, &t->obj)) {
			for (int k = 0; k < f->ncolumns && drops_wait(p, &t->obj); k++) {
				bool kept = false;
				for (int j = 0; j < t->ncolumns && !kept; j++)
					kept = rt_changes_column_from(p->changes, &t->obj, &t->columns[j]) == &f->columns[k];
				if (!kept && !f->columns[k].inhcount && (rc = drop_column_stmt(p, &t->obj, f->columns[k].name)))
					return rc;
			}
			for (int k = 0; k < t->ncolumns; k++)
				if (!rt_changes_column_from(p->changes, &t->obj, &t->columns[k]) &&
				    !column_from_parent(p, t, &t->columns[k]) &&
				    (rc = add_column(p, &t->obj, &t->columns[k])))
					return rc;
		}
		for (int k = 0; k < f->ncolumns; k++) {
			const rt_column *fc = &f->columns[k];
			bool kept = false;
			if (!fc->inhcount)
				continue;
			for (int j = 0; j < t->ncolumns && !kept; j++)
				kept = rt_changes_column_from(p->changes, &t->obj, &t->columns[j]) == fc;
			if (!kept && !column_goes_with_parent(p, f, t, fc) && (rc = drop_column_stmt(p, &t->obj, fc->name)))
				return rc;
		}
	}
	return RT_OK;
}

/* The parents of both graphs' tables, for has_children and table_relinked. */
static int
inheritance_marks(rt_plan *p)
{
	p->fparent = rt_calloc((size_t)p->nf + 1, 1);
	p->tparent = rt_calloc((size_t)p->nt + 1, 1);
	p->relinked = rt_calloc((size_t)p->nt + 1, 1);
	if (!p->fparent || !p->tparent || !p->relinked)
		return RT_ENOMEM;
	for (int i = 0; i < p->nf; i++) {
		const rt_table *f = (const rt_table *)p->fall[i];
		const rt_table *t;
		if (f->obj.kind != RT_KIND_TABLE)
			continue;
		for (int k = 0; k < f->nparents; k++) {
			rt_table *pf = rt_graph_find_table(p->from, f->parents[k].schema, f->parents[k].name);
			const rt_object *pt = pf ? rt_changes_peer_to(p->changes, &pf->obj) : NULL;
			if (pf && fslot(p, &pf->obj))
				p->fparent[pf->obj.id] = 1;
			/* a link that goes away from a table that stays */
			t = (const rt_table *)rt_changes_peer_to(p->changes, &f->obj);
			if (t && pt && tslot(p, pt) && !has_parent(t, pt->schema, pt->name))
				p->relinked[pt->id] |= RELINK_LOSES;
		}
	}
	for (int i = 0; i < p->nt; i++) {
		const rt_table *t = (const rt_table *)p->tall[i];
		const rt_table *f;
		if (t->obj.kind != RT_KIND_TABLE)
			continue;
		f = (const rt_table *)rt_changes_peer_from(p->changes, &t->obj);
		for (int k = 0; k < t->nparents; k++) {
			rt_table *pt = rt_graph_find_table(p->to, t->parents[k].schema, t->parents[k].name);
			const rt_object *pf = pt ? rt_changes_peer_from(p->changes, &pt->obj) : NULL;
			if (!pt || !tslot(p, &pt->obj))
				continue;
			p->tparent[pt->obj.id] = 1;
			/* a link that comes to a table that was there */
			if (f && pf && !has_parent(f, pf->schema, pf->name))
				p->relinked[pt->obj.id] |= RELINK_GAINS;
		}
	}
	return RT_OK;
}

static int
alter_table(rt_plan *p, const rt_change *ch)
{
	const rt_table *f = (const rt_table *)ch->from, *t = (const rt_table *)ch->to;
	int rc;
	if (strcmp(f->obj.name, t->obj.name)) {
		rename_stmt(p, &f->obj, &t->obj);
		if ((rc = emit(p, &t->obj, 0, ch->inferred ? "inferred rename: review" : NULL)))
			return rc;
	}
	/* columns that go away first (their names may be reused), then renames and alters,
	 * then new columns */
	for (int i = 0; i < f->ncolumns; i++) {
		bool kept = false;
		for (int k = 0; k < t->ncolumns && !kept; k++)
			kept = rt_changes_column_from(p->changes, &t->obj, &t->columns[k]) == &f->columns[i];
		/* inherited ones, and those of a parent whose children change: after phase 2 */
		if (kept || f->columns[i].inhcount || drops_wait(p, &t->obj))
			continue;
		if ((rc = drop_column_stmt(p, &t->obj, f->columns[i].name)))
			return rc;
	}
	/* a column a generated column reads cannot change type: generated columns (derived
	 * data, nothing lost) are dropped first and added back after the other changes */
	bool retype = false, *regen = rt_calloc((size_t)t->ncolumns + 1, sizeof *regen);
	if (!regen)
		return RT_ENOMEM;
	for (int k = 0; k < t->ncolumns; k++) {
		const rt_column *fc = rt_changes_column_from(p->changes, &t->obj, &t->columns[k]);
		if (fc && (!str_eq(rt_changes_type_to(p->changes, fc->type), t->columns[k].type) ||
			   !str_eq(fc->collation, t->columns[k].collation)))
			retype = true;
	}
	for (int k = 0; retype && k < t->ncolumns; k++) {
		const rt_column *tc = &t->columns[k];
		const rt_column *fc = rt_changes_column_from(p->changes, &t->obj, tc);
		if (!fc || !fc->generated || !tc->generated)
			continue;
		regen[k] = true;
		alter_table_prefix(p, t->obj.schema, t->obj.name);
		rt_buf_puts(&p->cur, "DROP COLUMN ");
		rt_sql_ident(&p->cur, fc->name);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, &t->obj, RT_HAZ_ACCESS_EXCLUSIVE, "generated column recomputed around a type change")))
			goto out;
	}
	for (int k = 0; k < t->ncolumns; k++) {
		const rt_column *tc = &t->columns[k];
		const rt_column *fc = rt_changes_column_from(p->changes, &t->obj, tc);
		if (regen[k])
			continue;
		if (fc)
			rc = alter_column(p, &t->obj, fc, tc, rt_changes_column_inferred(p->changes, &t->obj, tc));
		else if (!table_relinked(p, &t->obj) && !column_from_parent(p, t, tc))
			rc = add_column(p, &t->obj, tc);
		else if (column_from_parent(p, t, tc) && !parents_relinked(p, t))
			rc = inherited_column_fixups(p, t, tc);
		if (rc)
			goto out;
	}
	for (int k = 0; k < t->ncolumns; k++)
		if (regen[k] && (rc = add_column(p, &t->obj, &t->columns[k])))
			goto out;
	rt_free(regen);
	regen = NULL;
	if (f->row_security != t->row_security) {
		rt_sql_row_security(&p->cur, t, false, t->row_security);
		if ((rc = emit(p, &t->obj, 0, NULL)))
			return rc;
	}
	if (f->force_row_security != t->force_row_security) {
		rt_sql_row_security(&p->cur, t, true, t->force_row_security);
		if ((rc = emit(p, &t->obj, 0, NULL)))
			return rc;
	}
	if ((rc = relink(p, f, t)))
		return rc;
	if (f->unlogged != t->unlogged) {
		alter_table_prefix(p, t->obj.schema, t->obj.name);
		rt_buf_puts(&p->cur, t->unlogged ? "SET UNLOGGED;" : "SET LOGGED;");
		if ((rc = emit(p, &t->obj, RT_HAZ_TABLE_REWRITE | RT_HAZ_ACCESS_EXCLUSIVE, NULL)))
			return rc;
	}
	return alter_reloptions(p, &t->obj, "TABLE", f->reloptions, f->nreloptions, t->reloptions,
				t->nreloptions);
out:
	rt_free(regen);
	return rc;
}

/* ALTER TYPE ... RENAME VALUE for each label diff paired with a label of another name, on
 * the type as it is called when they run (`type`, qualified and quoted).  A new name is never
 * an old label (diff pairs same names first), so the order does not matter. */
static int
rename_enum_values(rt_plan *p, const rt_change *ch, const char *type)
{
	const rt_enum *f = (const rt_enum *)ch->from, *t = (const rt_enum *)ch->to;
	int rc;
	for (int i = 0; i < t->nlabels; i++) {
		bool inferred;
		int k = rt_changes_enum_label_from(p->changes, &t->obj, i, &inferred);
		if (k < 0 || !strcmp(f->labels[k], t->labels[i]))
			continue;
		rt_buf_printf(&p->cur, "ALTER TYPE %s RENAME VALUE ", type);
		rt_sql_literal(&p->cur, f->labels[k]);
		rt_buf_puts(&p->cur, " TO ");
		rt_sql_literal(&p->cur, t->labels[i]);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, &t->obj, 0, inferred ? "inferred rename: review" : NULL)))
			return rc;
	}
	return RT_OK;
}

static int
alter_enum(rt_plan *p, const rt_change *ch)
{
	const rt_enum *t = (const rt_enum *)ch->to;
	rt_buf q = RT_BUF_INIT;
	int rc;
	/* the type is renamed already (alter_object) */
	rt_sql_qualified(&q, t->obj.schema, t->obj.name);
	rc = rt_buf_failed(&q) ? RT_ENOMEM : rename_enum_values(p, ch, rt_buf_cstr(&q));
	rt_buf_dispose(&q);
	if (rc)
		return rc;
	for (int i = 0; i < t->nlabels; i++) {
		if (rt_changes_enum_label_from(p->changes, &t->obj, i, NULL) >= 0)
			continue;
		rt_buf_puts(&p->cur, "ALTER TYPE ");
		rt_sql_qualified(&p->cur, t->obj.schema, t->obj.name);
		rt_buf_puts(&p->cur, " ADD VALUE ");
		rt_sql_literal(&p->cur, t->labels[i]);
		/* labels before this one exist by now (old or just added) */
		if (i > 0) {
			rt_buf_puts(&p->cur, " AFTER ");
			rt_sql_literal(&p->cur, t->labels[i - 1]);
		} else if (t->nlabels > 1) {
			rt_buf_puts(&p->cur, " BEFORE ");
			rt_sql_literal(&p->cur, t->labels[1]);
		}
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, &t->obj, 0, NULL)))
			return rc;
		if (p->nadded % 8 == 0) {
			struct added_label *n = rt_realloc(p->added, sizeof *n * ((size_t)p->nadded + 8));
			if (!n)
				return RT_ENOMEM;
			p->added = n;
		}
		p->added[p->nadded++] = (struct added_label){p->n - 1, t->obj.id, t->labels[i]};
	}
	return RT_OK;
}

/* Removing or reordering labels: PostgreSQL cannot, so the type is rebuilt under its name and
 * every column that uses it is cast through text.  Also when the labels are only added but the
 * migration uses one (labels_used_early): then no label is lost.  A domain in use whose base
 * type or collation changes is rebuilt the same way, its columns cast to the new one. */
static int
recreate_type(rt_plan *p, const rt_change *ch)
{
	const rt_object *f = ch->from, *t = ch->to;
	bool is_enum = f->kind == RT_KIND_ENUM;
	const char *kw = is_enum ? "TYPE" : "DOMAIN";
	rt_buf oldq = RT_BUF_INIT, newq = RT_BUF_INIT, oldname = RT_BUF_INIT;
	rt_object **all;
	bool added_only = is_enum && labels_only_added(p->changes, (const rt_enum *)f, (const rt_enum *)t);
	unsigned haz = (is_enum && !added_only ? RT_HAZ_DATA_LOSS : 0) | RT_HAZ_TABLE_REWRITE |
		       RT_HAZ_ACCESS_EXCLUSIVE;
	const char *cast_note = !is_enum ? "rows that do not fit the new domain make this fail"
			       : added_only ? NULL : "rows holding a removed label make this fail";
	int n, rc = RT_OK;
	rt_buf_printf(&oldname, "%.50s__retort_old", f->name);
	rt_sql_qualified(&oldq, f->schema, f->name);
	rt_sql_qualified(&newq, t->schema, t->name);
	if (rt_buf_failed(&oldq))
		rc = RT_ENOMEM;
	/* renamed labels first, so the rows holding them cast through text to the new type */
	else if (is_enum)
		rc = rename_enum_values(p, ch, rt_buf_cstr(&oldq));
	if (rc)
		goto out;
	rt_buf_printf(&p->cur, "ALTER %s %s RENAME TO ", kw, rt_buf_cstr(&oldq));
	rt_sql_ident(&p->cur, rt_buf_cstr(&oldname));
	rt_buf_putc(&p->cur, ';');
	if ((rc = emit(p, t, 0, !is_enum ? "the domain's base type or collation changes: it is rebuilt"
				: added_only ? "a label added here is used in the same transaction, "
					       "where ADD VALUE is not yet committed: the type is rebuilt"
					     : "enum labels removed or reordered: the type is rebuilt")))
		goto out;
	rt_sql_create(&p->cur, t);
	if ((rc = emit(p, t, 0, NULL)))
		goto out;
	n = rt_graph_sorted(&all, p->from, NULL);
	for (int i = 0; i < n; i++) {
		const rt_table *ft = (const rt_table *)all[i];
		const rt_object *tt;
		if (all[i]->kind != RT_KIND_TABLE)
			continue;
		tt = rt_changes_peer_to(p->changes, all[i]);
		for (int k = 0; k < ft->ncolumns; k++) {
			const rt_column *c = &ft->columns[k];
			const char *name = tt ? tt->name : ft->obj.name;
			bool arr;
			if (strncmp(c->type, rt_buf_cstr(&oldq), oldq.len) ||
			    (c->type[oldq.len] && strcmp(c->type + oldq.len, "[]")))
				continue;
			arr = c->type[oldq.len] != '\0';
			if (c->default_expr) {
				alter_table_prefix(p, ft->obj.schema, name);
				rt_buf_puts(&p->cur, "ALTER COLUMN ");
				rt_sql_ident(&p->cur, c->name);
				rt_buf_puts(&p->cur, " DROP DEFAULT;");
				if ((rc = emit(p, all[i], 0, NULL)))
					goto out;
			}
			alter_table_prefix(p, ft->obj.schema, name);
			rt_buf_puts(&p->cur, "ALTER COLUMN ");
			rt_sql_ident(&p->cur, c->name);
			rt_buf_printf(&p->cur, " TYPE %s%s USING ", rt_buf_cstr(&newq), arr ? "[]" : "");
			rt_sql_ident(&p->cur, c->name);
			if (is_enum)
				rt_buf_printf(&p->cur, "::text%s", arr ? "[]" : "");
			rt_buf_printf(&p->cur, "::%s%s;", rt_buf_cstr(&newq), arr ? "[]" : "");
			if ((rc = emit(p, all[i], haz, cast_note)))
				goto out;
			if (c->default_expr) {
				const rt_column *tc = NULL;
				if (tt)
					for (int j = 0; j < ((const rt_table *)tt)->ncolumns && !tc; j++)
						if (rt_changes_column_from(p->changes, tt, &((const rt_table *)tt)->columns[j]) == c)
							tc = &((const rt_table *)tt)->columns[j];
				if (tc && tc->default_expr) {
					alter_table_prefix(p, ft->obj.schema, name);
					rt_buf_puts(&p->cur, "ALTER COLUMN ");
					rt_sql_ident(&p->cur, c->name);
					rt_buf_printf(&p->cur, " SET DEFAULT %s;", tc->default_expr);
					if ((rc = emit(p, all[i], 0, NULL)))
						goto out;
				}
			}
		}
	}
	rt_buf_printf(&p->cur, "DROP %s ", kw);
	rt_sql_qualified(&p->cur, f->schema, rt_buf_cstr(&oldname));
	rt_buf_putc(&p->cur, ';');
	rc = emit(p, t, 0, NULL);
out:
	rt_buf_dispose(&oldq);
	rt_buf_dispose(&newq);
	rt_buf_dispose(&oldname);
	return rc;
}

/* A collation's definition cannot change: it is made again beside the old one (renamed out of
 * the way), the columns that use it move over (ALTER COLUMN ... TYPE ... COLLATE: no rewrite,
 * their indexes are rebuilt), and the old one goes. */
static int
recreate_collation(rt_plan *p, const rt_object *f, const rt_object *t)
{
	rt_buf oldq = RT_BUF_INIT, newq = RT_BUF_INIT, oldname = RT_BUF_INIT;
	rt_object **all;
	int n, rc;
	rt_buf_printf(&oldname, "%.50s__retort_old", f->name);
	rt_sql_qualified(&oldq, f->schema, f->name);
	rt_sql_qualified(&newq, t->schema, t->name);
	if (rt_buf_failed(&oldname) || rt_buf_failed(&oldq) || rt_buf_failed(&newq)) {
		rc = RT_ENOMEM;
		goto out;
	}
	rt_buf_printf(&p->cur, "ALTER COLLATION %s RENAME TO ", rt_buf_cstr(&oldq));
	rt_sql_ident(&p->cur, rt_buf_cstr(&oldname));
	rt_buf_putc(&p->cur, ';');
	if ((rc = emit(p, t, 0, "a collation cannot be altered: it is made again")))
		goto out;
	rt_sql_create(&p->cur, t);
	if ((rc = emit(p, t, 0, NULL)))
		goto out;
	n = rt_graph_sorted(&all, p->from, NULL);
	for (int i = 0; i < n; i++) {
		const rt_table *ft = (const rt_table *)all[i];
		const rt_object *tt;
		if (all[i]->kind != RT_KIND_TABLE || !fslot(p, all[i]) || *fslot(p, all[i]) == A_DROP ||
		    *fslot(p, all[i]) == A_RECREATE)
			continue;
		tt = rt_changes_peer_to(p->changes, all[i]);
		for (int k = 0; k < ft->ncolumns; k++) {
			const rt_column *c = &ft->columns[k];
			if (!c->collation || strcmp(c->collation, rt_buf_cstr(&oldq)) || c->inhcount)
				continue;
			alter_table_prefix(p, ft->obj.schema, tt ? tt->name : ft->obj.name);
			rt_buf_puts(&p->cur, "ALTER COLUMN ");
			rt_sql_ident(&p->cur, c->name);
			rt_buf_printf(&p->cur, " TYPE %s COLLATE %s;", rt_changes_type_to(p->changes, c->type),
				      rt_buf_cstr(&newq));
			if ((rc = emit(p, all[i], RT_HAZ_ACCESS_EXCLUSIVE, NULL)))
				goto out;
		}
	}
	rt_buf_puts(&p->cur, "DROP COLLATION ");
	rt_sql_qualified(&p->cur, f->schema, rt_buf_cstr(&oldname));
	rt_buf_putc(&p->cur, ';');
	rc = emit(p, t, 0, NULL);
out:
	rt_buf_dispose(&oldq);
	rt_buf_dispose(&newq);
	rt_buf_dispose(&oldname);
	return rc;
}

static int
alter_domain(rt_plan *p, const rt_change *ch)
{
	const rt_domain *f = (const rt_domain *)ch->from, *t = (const rt_domain *)ch->to;
	int rc, *from_of = NULL;
	bool *kept = NULL;
	rt_buf q = RT_BUF_INIT;
	rt_sql_qualified(&q, t->obj.schema, t->obj.name);
	if (!str_eq(f->default_expr, t->default_expr)) {
		if (t->default_expr)
			rt_buf_printf(&p->cur, "ALTER DOMAIN %s SET DEFAULT %s;", rt_buf_cstr(&q), t->default_expr);
		else
			rt_buf_printf(&p->cur, "ALTER DOMAIN %s DROP DEFAULT;", rt_buf_cstr(&q));
		if ((rc = emit(p, &t->obj, 0, NULL)))
			goto out2;
	}
	if (f->not_null != t->not_null) {
		rt_buf_printf(&p->cur, "ALTER DOMAIN %s %s NOT NULL;", rt_buf_cstr(&q), t->not_null ? "SET" : "DROP");
		if ((rc = emit(p, &t->obj, 0, NULL)))
			goto out2;
	}
	/* each check of t: the same-named one of f, else one of f with the same expression whose
	 * name t does not use (a rename: the implicit name follows a renamed domain), else new */
	from_of = rt_calloc((size_t)t->nchecks + 1, sizeof *from_of);
	kept = rt_calloc((size_t)f->nchecks + 1, sizeof *kept);
	if (!from_of || !kept) {
		rc = RT_ENOMEM;
		goto out2;
	}
	for (int k = 0; k < t->nchecks; k++) {
		from_of[k] = -1;
		for (int i = 0; i < f->nchecks && from_of[k] < 0; i++)
			if (!strcmp(f->checks[i].name, t->checks[k].name))
				from_of[k] = i;
	}
	for (int k = 0; k < t->nchecks; k++) {
		if (from_of[k] >= 0)
			continue;
		for (int i = 0; i < f->nchecks && from_of[k] < 0; i++) {
			bool taken = false;
			for (int j = 0; j < t->nchecks && !taken; j++)
				taken = !strcmp(t->checks[j].name, f->checks[i].name) || from_of[j] == i;
			if (!taken && rt_norm_expr_equal(f->checks[i].expr, t->checks[k].expr))
				from_of[k] = i;
		}
	}
	for (int k = 0; k < t->nchecks; k++)
		if (from_of[k] >= 0 && rt_norm_expr_equal(f->checks[from_of[k]].expr, t->checks[k].expr))
			kept[from_of[k]] = true;
	for (int i = 0; i < f->nchecks; i++) {
		if (kept[i])
			continue;
		rt_buf_printf(&p->cur, "ALTER DOMAIN %s DROP CONSTRAINT ", rt_buf_cstr(&q));
		rt_sql_ident(&p->cur, f->checks[i].name);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, &t->obj, 0, NULL)))
			goto out2;
	}
	for (int k = 0; k < t->nchecks; k++) {
		const rt_check *fk = from_of[k] >= 0 && kept[from_of[k]] ? &f->checks[from_of[k]] : NULL;
		if (!fk) {
			rt_sql_domain_check(&p->cur, t, &t->checks[k]);
			if ((rc = emit(p, &t->obj, 0, NULL)))
				goto out2;
			continue;
		}
		if (strcmp(fk->name, t->checks[k].name)) {
			rt_buf_printf(&p->cur, "ALTER DOMAIN %s RENAME CONSTRAINT ", rt_buf_cstr(&q));
			rt_sql_ident(&p->cur, fk->name);
			rt_buf_puts(&p->cur, " TO ");
			rt_sql_ident(&p->cur, t->checks[k].name);
			rt_buf_putc(&p->cur, ';');
			if ((rc = emit(p, &t->obj, 0, NULL)))
				goto out2;
		}
		if (fk->not_valid && !t->checks[k].not_valid) {
			rt_buf_printf(&p->cur, "ALTER DOMAIN %s VALIDATE CONSTRAINT ", rt_buf_cstr(&q));
			rt_sql_ident(&p->cur, t->checks[k].name);
			rt_buf_putc(&p->cur, ';');
			if ((rc = emit(p, &t->obj, 0, NULL)))
				goto out2;
		}
	}
	rc = RT_OK;
out2:
	rt_free(from_of);
	rt_free(kept);
	rt_buf_dispose(&q);
	return rc;
}

/* Does a stored value hold composite type `o` of the from graph: a column of a table or
 * materialized view of it, of an array of it, or of a domain or composite type that does?
 * The server then refuses ALTER ATTRIBUTE ... TYPE (it would have to rewrite those values). */
static bool
composite_stored(const rt_plan *p, const rt_object *o, int depth)
{
	if (depth > 32)
		return true; /* a cycle the server would not have let happen: be careful */
	for (int i = 0; i < p->nf; i++) {
		const rt_object *u = p->fall[i];
		if (!depends_on(u, o))
			continue;
		if (u->kind == RT_KIND_TABLE || u->kind == RT_KIND_MATVIEW)
			return true;
		if ((u->kind == RT_KIND_COMPOSITE || u->kind == RT_KIND_DOMAIN) && composite_stored(p, u, depth + 1))
			return true;
	}
	return false;
}

/* ALTER TYPE ... ADD ATTRIBUTE appends, so a composite type reaches the attribute order of
 * `to` by keeping the longest prefix of `to` whose attributes exist already, in their old
 * order, and dropping and adding again everything after it.  An attribute whose type changes
 * ends the prefix too when values of the type are stored (composite_stored).  Returns the
 * length of that prefix. */
static int
composite_kept(const rt_plan *p, const rt_composite *f, const rt_composite *t)
{
	bool stored = composite_stored(p, &f->obj, 0);
	int last = -1;
	for (int k = 0; k < t->nattrs; k++) {
		const rt_column *fc = rt_changes_column_from(p->changes, &t->obj, &t->attrs[k]);
		if (!fc || fc - f->attrs <= last)
			return k;
		if (stored && (!str_eq(rt_changes_type_to(p->changes, fc->type), t->attrs[k].type) ||
			       !str_eq(fc->collation, t->attrs[k].collation)))
			return k;
		last = (int)(fc - f->attrs);
	}
	return t->nattrs;
}

static void
alter_type_prefix(rt_plan *p, const rt_object *t)
{
	rt_buf_puts(&p->cur, "ALTER TYPE ");
	rt_sql_qualified(&p->cur, t->schema, t->name);
	rt_buf_putc(&p->cur, ' ');
}

/* Attributes dropped (those gone, and those after the kept prefix: composite_kept), the kept
 * ones renamed and retyped in place, then the rest added in order.  The type is renamed
 * already (alter_object). */
static int
alter_composite(rt_plan *p, const rt_change *ch)
{
	const rt_composite *f = (const rt_composite *)ch->from, *t = (const rt_composite *)ch->to;
	int kept = composite_kept(p, f, t), rc;
	bool stored = composite_stored(p, &f->obj, 0);
	for (int i = 0; i < f->nattrs; i++) {
		int k = -1;
		for (int j = 0; j < t->nattrs && k < 0; j++)
			if (rt_changes_column_from(p->changes, &t->obj, &t->attrs[j]) == &f->attrs[i])
				k = j;
		if (k >= 0 && k < kept)
			continue;
		alter_type_prefix(p, &t->obj);
		rt_buf_puts(&p->cur, "DROP ATTRIBUTE ");
		rt_sql_ident(&p->cur, f->attrs[i].name);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, &t->obj, RT_HAZ_DATA_LOSS,
			       k < 0 ? NULL : stored && !str_eq(f->attrs[i].type, t->attrs[k].type)
				       ? "its type changes while values of the type are stored: dropped and added again"
				       : "dropped and added again to reach the attribute order")))
			return rc;
	}
	for (int k = 0; k < kept; k++) {
		const rt_column *tc = &t->attrs[k];
		const rt_column *fc = rt_changes_column_from(p->changes, &t->obj, tc);
		if (strcmp(fc->name, tc->name)) {
			alter_type_prefix(p, &t->obj);
			rt_buf_puts(&p->cur, "RENAME ATTRIBUTE ");
			rt_sql_ident(&p->cur, fc->name);
			rt_buf_puts(&p->cur, " TO ");
			rt_sql_ident(&p->cur, tc->name);
			rt_buf_putc(&p->cur, ';');
			if ((rc = emit(p, &t->obj, 0, rt_changes_column_inferred(p->changes, &t->obj, tc)
						       ? "inferred rename: review" : NULL)))
				return rc;
		}
		if (!str_eq(rt_changes_type_to(p->changes, fc->type), tc->type) ||
		    !str_eq(fc->collation, tc->collation)) {
			alter_type_prefix(p, &t->obj);
			rt_buf_puts(&p->cur, "ALTER ATTRIBUTE ");
			rt_sql_ident(&p->cur, tc->name);
			rt_buf_printf(&p->cur, " TYPE %s", tc->type);
			if (tc->collation)
				rt_buf_printf(&p->cur, " COLLATE %s", tc->collation);
			rt_buf_putc(&p->cur, ';');
			if ((rc = emit(p, &t->obj, 0, NULL)))
				return rc;
		}
	}
	for (int k = kept; k < t->nattrs; k++) {
		/* a downgrade adding back an attribute of stored values restores its definition only */
		bool lost = p->opts->downgrade && stored;
		alter_type_prefix(p, &t->obj);
		rt_buf_puts(&p->cur, "ADD ATTRIBUTE ");
		rt_sql_attribute_def(&p->cur, &t->attrs[k]);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, &t->obj, lost ? RT_HAZ_NOT_RESTORED : 0,
			       lost ? "data not restored: the attribute comes back without its values" : NULL)))
			return rc;
	}
	return RT_OK;
}

/* ALTER POLICY with what changed among the roles, USING and WITH CHECK (alter_action sent
 * the other changes to DROP + CREATE). */
static int
alter_policy(rt_plan *p, const rt_policy *a, const rt_policy *b)
{
	bool roles = !rt_strs_same_set(a->roles, a->nroles, b->roles, b->nroles);
	bool qual = !rt_norm_expr_equal(a->using_expr, b->using_expr) && b->using_expr;
	bool check = !rt_norm_expr_equal(a->check_expr, b->check_expr) && b->check_expr;
	if (!roles && !qual && !check)
		return RT_OK;
	rt_buf_puts(&p->cur, "ALTER POLICY ");
	rt_sql_ident(&p->cur, b->obj.name);
	rt_buf_puts(&p->cur, " ON ");
	rt_sql_qualified(&p->cur, b->obj.schema, b->obj.table);
	if (roles)
		rt_sql_policy_roles(&p->cur, b);
	if (qual)
		rt_buf_printf(&p->cur, " USING (%s)", b->using_expr);
	if (check)
		rt_buf_printf(&p->cur, " WITH CHECK (%s)", b->check_expr);
	rt_buf_putc(&p->cur, ';');
	return emit(p, &b->obj, 0, NULL);
}

static int
alter_object(rt_plan *p, const rt_change *ch)
{
	const rt_object *f = ch->from, *t = ch->to;
	int rc;
	if (f->kind == RT_KIND_TABLE)
		return alter_table(p, ch);
	if (strcmp(f->name, t->name) &&
	    !(f->kind == RT_KIND_INDEX && ((const rt_index *)f)->constraint)) {
		rename_stmt(p, f, t);
		if ((rc = emit(p, t, 0, ch->inferred ? "inferred rename: review" : NULL)))
			return rc;
	}
	switch (f->kind) {
	case RT_KIND_ENUM:
		return alter_enum(p, ch);
	case RT_KIND_DOMAIN:
		return alter_domain(p, ch);
	case RT_KIND_COMPOSITE:
		return alter_composite(p, ch);
	case RT_KIND_RANGE: {
		const rt_range *a = (const rt_range *)f, *b = (const rt_range *)t;
		if (str_eq(a->multirange, b->multirange))
			return RT_OK;
		rt_buf_puts(&p->cur, "ALTER TYPE ");
		rt_sql_qualified(&p->cur, a->multirange_schema, a->multirange);
		rt_buf_puts(&p->cur, " RENAME TO ");
		rt_sql_ident(&p->cur, b->multirange);
		rt_buf_putc(&p->cur, ';');
		return emit(p, t, 0, NULL);
	}
	case RT_KIND_SEQUENCE: {
		const rt_sequence *a = (const rt_sequence *)f, *b = (const rt_sequence *)t;
		rt_buf opts = RT_BUF_INIT;
		if (!str_eq(a->opts.data_type, b->opts.data_type))
			rt_buf_printf(&opts, " AS %s", b->opts.data_type);
		seq_option_diffs(&opts, &a->opts, &b->opts, "");
		if (opts.len) {
			rt_buf_puts(&p->cur, "ALTER SEQUENCE ");
			rt_sql_qualified(&p->cur, t->schema, t->name);
			rt_buf_printf(&p->cur, "%s;", rt_buf_cstr(&opts));
			if ((rc = emit(p, t, 0, NULL))) {
				rt_buf_dispose(&opts);
				return rc;
			}
		}
		rt_buf_dispose(&opts);
		if (a->unlogged != b->unlogged) {
			rt_buf_puts(&p->cur, "ALTER SEQUENCE ");
			rt_sql_qualified(&p->cur, t->schema, t->name);
			rt_buf_puts(&p->cur, b->unlogged ? " SET UNLOGGED;" : " SET LOGGED;");
			return emit(p, t, 0, NULL);
		}
		return RT_OK;
	}
	case RT_KIND_CONSTRAINT: {
		const rt_constraint *a = (const rt_constraint *)f, *b = (const rt_constraint *)t;
		if (a->not_valid && !b->not_valid) {
			alter_table_prefix(p, t->schema, t->table);
			rt_buf_puts(&p->cur, "VALIDATE CONSTRAINT ");
			rt_sql_ident(&p->cur, t->name);
			rt_buf_putc(&p->cur, ';');
			return emit(p, t, 0, NULL);
		}
		return RT_OK;
	}
	case RT_KIND_POLICY:
		return alter_policy(p, (const rt_policy *)f, (const rt_policy *)t);
	case RT_KIND_TRIGGER:
		if (((const rt_trigger *)f)->enabled == ((const rt_trigger *)t)->enabled)
			return RT_OK;
		rt_sql_trigger_state(&p->cur, (const rt_trigger *)t);
		return emit(p, t, 0, NULL);
	case RT_KIND_STATISTICS: {
		const rt_statistics *a = (const rt_statistics *)f, *b = (const rt_statistics *)t;
		if (a->stattarget == b->stattarget)
			return RT_OK;
		rt_sql_stattarget(&p->cur, b);
		return emit(p, t, 0, NULL);
	}
	case RT_KIND_EXTENSION: {
		const rt_extension *a = (const rt_extension *)f, *b = (const rt_extension *)t;
		if (!str_eq(a->ext_schema, b->ext_schema) && b->ext_schema) {
			rt_buf_puts(&p->cur, "ALTER EXTENSION ");
			rt_sql_ident(&p->cur, t->name);
			rt_buf_puts(&p->cur, " SET SCHEMA ");
			rt_sql_ident(&p->cur, b->ext_schema);
			rt_buf_putc(&p->cur, ';');
			return emit(p, t, 0, NULL);
		}
		return RT_OK;
	}
	default:
		return RT_OK;
	}
}

static int
replace_view(rt_plan *p, const rt_object *t)
{
	rt_buf tmp = RT_BUF_INIT;
	char *s;
	rt_sql_create(&tmp, t);
	s = rt_buf_detach(&tmp);
	if (!s)
		return RT_ENOMEM;
	/* "CREATE VIEW" → "CREATE OR REPLACE VIEW" */
	rt_buf_printf(&p->cur, "CREATE OR REPLACE %s", s + 7);
	rt_free(s);
	return emit(p, t, 0, NULL);
}

/* A partition's index that the server made in this migration (with its partitioned index, or
 * with the partition) has the server's name: renamed to the models' when they differ. */
static int
name_server_clones(rt_plan *p, rt_object **order, int n)
{
	int rc;
	for (int i = 0; i < n; i++) {
		const rt_index *x = (const rt_index *)order[i];
		unsigned char *a = tslot(p, order[i]);
		if (order[i]->kind != RT_KIND_INDEX || !a || *a != A_CREATE || !x->parent_index ||
		    x->constraint || !x->server_name || !strcmp(x->server_name, x->obj.name))
			continue;
		rt_buf_puts(&p->cur, "ALTER INDEX ");
		rt_sql_qualified(&p->cur, x->obj.schema, x->server_name);
		rt_buf_puts(&p->cur, " RENAME TO ");
		rt_sql_ident(&p->cur, x->obj.name);
		rt_buf_putc(&p->cur, ';');
		if ((rc = emit(p, order[i], 0, "the server names a partition's index itself")))
			return rc;
	}
	return RT_OK;
}

/* The partitions a partitioned table made again detached when it was dropped (drop_object):
 * those that stay as they are go back now; one that changes is attached by its own ALTER
 * (relink_partition), one made again is created as a partition. */
static int
reattach_partitions(rt_plan *p, const rt_table *t)
{
	int rc;
	for (int i = 0; i < p->nt; i++) {
		const rt_table *c = (const rt_table *)p->tall[i];
		if (c->obj.kind != RT_KIND_TABLE || !c->partbound || !c->nparents ||
		    strcmp(c->parents[0].schema, t->obj.schema) || strcmp(c->parents[0].name, t->obj.name) ||
		    p->tact[i] != A_KEEP || !rt_changes_peer_from(p->changes, &c->obj))
			continue;
		if ((rc = partition_stmt(p, &c->obj, t->obj.schema, t->obj.name, c->partbound)))
			return rc;
	}
	return RT_OK;
}

static int
phase_creates(rt_plan *p, rt_object **order, int n)
{
	int rc = RT_OK;
	for (int i = 0; i < n && !rc; i++) {
		rt_object *t = order[i];
		unsigned char *a = tslot(p, t);
		const rt_object *f;
		if (!a)
			continue;
		switch (*a) {
		case A_CREATE:
			rc = create_object(p, t);
			break;
		case A_RECREATE:
			f = rt_changes_peer_from(p->changes, t);
			if (t->kind == RT_KIND_FUNCTION && f) {
				if (!(rc = create_object(p, t)))
					rc = restore_defaults_calling(p, f, t);
			} else if ((t->kind == RT_KIND_ENUM || (t->kind == RT_KIND_DOMAIN && domain_in_use(p, f))) &&
				   f) {
				rt_change ch = {RT_CHANGE_ALTER, f, t, false, false, NULL};
				rc = recreate_type(p, &ch);
			} else if (t->kind == RT_KIND_COLLATION && f) {
				rc = recreate_collation(p, f, t);
			} else {
				rc = create_object(p, t);
				if (!rc && t->kind == RT_KIND_TABLE)
					rc = reattach_partitions(p, (const rt_table *)t);
			}
			break;
		case A_REPLACE:
			f = rt_changes_peer_from(p->changes, t);
			if (f && strcmp(f->name, t->name)) {
				rename_stmt(p, f, t);
				if ((rc = emit(p, t, 0, NULL)))
					break;
			}
			rc = t->kind == RT_KIND_FUNCTION ? create_function(p, t) : replace_view(p, t);
			break;
		case A_ALTER:
			f = rt_changes_peer_from(p->changes, t);
			if (f) {
				rt_change ch = {RT_CHANGE_ALTER, f, t, strcmp(f->name, t->name) != 0, false, NULL};
				if (p->tchange[t->id])
					ch = *rt_changes_get(p->changes, p->tchange[t->id] - 1);
				rc = alter_object(p, &ch);
			}
			break;
		default:
			break;
		}
	}
	return rc;
}

/* ---------- the cluster mark ---------- */

/* Is from-index `fx` still there after phases 1 and 2 (neither it nor its constraint dropped
 * or rebuilt)?  A rebuilt index comes back without the mark. */
static bool
index_kept(rt_plan *p, const rt_object *fx)
{
	const rt_index *x = (const rt_index *)fx;
	unsigned char *a = fslot(p, fx);
	if (!a || *a == A_DROP || *a == A_RECREATE)
		return false;
	if (x->constraint) {
		rt_object *k = rt_graph_find(p->from, RT_KIND_CONSTRAINT, fx->schema, fx->table, x->constraint);
		unsigned char *ka = k ? fslot(p, k) : NULL;
		if (ka && (*ka == A_DROP || *ka == A_RECREATE))
			return false;
	}
	return true;
}

/* pg_index.indisclustered, set after the indexes exist.  CLUSTER ON moves the mark from any
 * other index of the table, so SET WITHOUT CLUSTER is only for a table left with none; a
 * dropped index takes its mark with it.  Only the mark: no CLUSTER, which would rewrite the
 * table under an exclusive lock. */
static int
cluster_marks(rt_plan *p, rt_object **order, int n)
{
	int rc;
	for (int i = 0; i < p->nf; i++) {
		const rt_object *fx = p->fall[i], *tx;
		bool moved = false;
		if (fx->kind != RT_KIND_INDEX || !((const rt_index *)fx)->clustered || !index_kept(p, fx))
			continue;
		tx = rt_changes_peer_to(p->changes, fx);
		if (!tx || ((const rt_index *)tx)->clustered)
			continue;
		for (int k = 0; k < p->nt && !moved; k++) {
			const rt_object *o = p->tall[k];
			moved = o->kind == RT_KIND_INDEX && ((const rt_index *)o)->clustered &&
				!strcmp(o->schema, tx->schema) && !strcmp(o->table, tx->table);
		}
		if (moved)
			continue;
		alter_table_prefix(p, tx->schema, tx->table);
		rt_buf_puts(&p->cur, "SET WITHOUT CLUSTER;");
		if ((rc = emit(p, tx, 0, NULL)))
			return rc;
	}
	for (int i = 0; i < n; i++) {
		const rt_object *tx = order[i], *fx;
		if (tx->kind != RT_KIND_INDEX || !((const rt_index *)tx)->clustered)
			continue;
		fx = rt_changes_peer_from(p->changes, tx);
		if (fx && ((const rt_index *)fx)->clustered && index_kept(p, fx))
			continue;
		rt_sql_cluster_on(&p->cur, (const rt_index *)tx);
		if ((rc = emit(p, tx, 0, NULL)))
			return rc;
	}
	return RT_OK;
}

/* Whether the to-side index x is built in this migration (made, or made again), by itself or
 * by its constraint. */
static bool
index_built(rt_plan *p, const rt_object *x)
{
	const rt_object *k;
	if (made(tslot(p, x)))
		return true;
	if (!((const rt_index *)x)->constraint)
		return false;
	k = rt_graph_find(p->to, RT_KIND_CONSTRAINT, x->schema, x->table, ((const rt_index *)x)->constraint);
	return k && made(tslot(p, k));
}

/* REPLICA IDENTITY, after the indexes exist: set where it differs from what the table has (a
 * new or remade table has DEFAULT), or where its index is built again (the mark goes with the
 * index it was on). */
static int
replica_identities(rt_plan *p, rt_object **order, int n)
{
	int rc;
	for (int i = 0; i < n; i++) {
		const rt_table *t = (const rt_table *)order[i], *f;
		unsigned char *a = tslot(p, order[i]);
		char have;
		const char *have_index;
		const rt_object *x;
		if (order[i]->kind != RT_KIND_TABLE || !a)
			continue;
		f = made(a) ? NULL : (const rt_table *)rt_changes_peer_from(p->changes, order[i]);
		have = f ? f->replident : 0;
		have_index = f ? f->replident_index : NULL;
		x = t->replident == 'i' && t->replident_index
			    ? rt_graph_find(p->to, RT_KIND_INDEX, t->obj.schema, t->obj.name, t->replident_index) : NULL;
		if (have == t->replident && str_eq(have_index, t->replident_index) && !(x && index_built(p, x)))
			continue;
		rt_sql_replica_identity(&p->cur, t);
		if ((rc = emit(p, order[i], 0, NULL)))
			return rc;
	}
	return RT_OK;
}

/* ---------- phase 4: ownership and comments ---------- */

static int
comment_stmt(rt_plan *p, const rt_object *t, const char *col, const char *text)
{
	if (!text && !col && RT_IS_PUBLIC_SCHEMA(t))
		text = RT_PUBLIC_SCHEMA_COMMENT; /* "none" is the comment every database has */
	if (col) {
		rt_buf_puts(&p->cur, "COMMENT ON COLUMN ");
		rt_sql_qualified(&p->cur, t->schema, t->name);
		rt_buf_putc(&p->cur, '.');
		rt_sql_ident(&p->cur, col);
	} else {
		rt_buf_puts(&p->cur, "COMMENT ON ");
		rt_sql_object_ref(&p->cur, t);
	}
	rt_sql_comment_is(&p->cur, text);
	return emit(p, t, 0, NULL);
}

static int
phase_post(rt_plan *p, rt_object **order, int n)
{
	int rc;
	for (int i = 0; i < n; i++) {
		rt_object *t = order[i];
		unsigned char *a = tslot(p, t);
		const rt_object *f = rt_changes_peer_from(p->changes, t);
		bool fresh = made(a);
		if (t->kind != RT_KIND_SEQUENCE)
			continue;
		{
			const rt_sequence *ts = (const rt_sequence *)t, *fs = (const rt_sequence *)f;
			bool changed = fresh || !fs || !str_eq(fs->owned_table, ts->owned_table) ||
				       !str_eq(fs->owned_column, ts->owned_column) ||
				       !str_eq(fs->owned_schema, ts->owned_schema);
			if (!changed)
				continue;
			if (ts->owned_table && fresh) {
				/* the server links a sequence only to a table of the same owner: a table that
				 * stays keeps its owner, read from whichever side is a database */
				rt_object *tt = rt_graph_find_relation(p->to, ts->owned_schema, ts->owned_table);
				const rt_object *ft = tt ? rt_changes_peer_from(p->changes, tt) : NULL;
				unsigned char *ta = tt ? tslot(p, tt) : NULL;
				const char *owner = !ft || ft->kind != RT_KIND_TABLE || (ta && *ta == A_RECREATE) ? NULL
						    : ((const rt_table *)tt)->owner ? ((const rt_table *)tt)->owner
						    : ((const rt_table *)ft)->owner;
				if (owner) {
					rt_buf_puts(&p->cur, "ALTER SEQUENCE ");
					rt_sql_qualified(&p->cur, t->schema, t->name);
					rt_buf_puts(&p->cur, " OWNER TO ");
					rt_sql_ident(&p->cur, owner);
					rt_buf_puts(&p->cur, ";\n");
				}
			}
			if (ts->owned_table)
				rt_sql_owned_by(&p->cur, ts);
			else if (fs && fs->owned_table) {
				rt_buf_puts(&p->cur, "ALTER SEQUENCE ");
				rt_sql_qualified(&p->cur, t->schema, t->name);
				rt_buf_puts(&p->cur, " OWNED BY NONE;\n");
			}
			if (p->cur.len && (rc = emit(p, t, 0, NULL)))
				return rc;
		}
	}
	for (int i = 0; i < n; i++) {
		rt_object *t = order[i];
		unsigned char *a = tslot(p, t);
		const rt_object *f = rt_changes_peer_from(p->changes, t);
		bool fresh = !f || (a && *a == A_RECREATE);
		const rt_column *tcols, *fcols;
		int ntc, nfc;
		if (fresh ? t->comment != NULL : !str_eq(f->comment, t->comment))
			if ((rc = comment_stmt(p, t, NULL, t->comment)))
				return rc;
		if (t->kind == RT_KIND_DOMAIN) {
			const rt_domain *td = (const rt_domain *)t, *fd = (const rt_domain *)f;
			for (int k = 0; k < td->nchecks; k++) {
				const char *old = NULL;
				for (int j = 0; !fresh && fd && j < fd->nchecks; j++)
					if (!strcmp(fd->checks[j].name, td->checks[k].name))
						old = fd->checks[j].comment;
				if (str_eq(old, td->checks[k].comment))
					continue;
				rt_buf_puts(&p->cur, "COMMENT ON CONSTRAINT ");
				rt_sql_ident(&p->cur, td->checks[k].name);
				rt_buf_puts(&p->cur, " ON DOMAIN ");
				rt_sql_qualified(&p->cur, t->schema, t->name);
				rt_sql_comment_is(&p->cur, td->checks[k].comment);
				if ((rc = emit(p, t, 0, NULL)))
					return rc;
			}
		}
		rt_object_columns(t, &tcols, &ntc);
		rt_object_columns(f ? f : t, &fcols, &nfc);
		/* attributes past the kept prefix are added afresh (alter_composite) */
		int kept = t->kind == RT_KIND_COMPOSITE && !fresh
			   ? composite_kept(p, (const rt_composite *)f, (const rt_composite *)t) : ntc;
		for (int k = 0; k < ntc; k++) {
			const rt_column *fc = NULL;
			if (!fresh && (t->kind == RT_KIND_TABLE || t->kind == RT_KIND_COMPOSITE) && k < kept)
				fc = rt_changes_column_from(p->changes, t, &tcols[k]);
			else if (!fresh && t->kind != RT_KIND_COMPOSITE)
				for (int j = 0; j < nfc && !fc; j++)
					if (!strcmp(fcols[j].name, tcols[k].name))
						fc = &fcols[j];
			if (fc ? !str_eq(fc->comment, tcols[k].comment) : tcols[k].comment != NULL)
				if ((rc = comment_stmt(p, t, tcols[k].name, tcols[k].comment)))
					return rc;
			if (t->kind == RT_KIND_TABLE &&
			    (fc ? !str_eq(fc->stattarget, tcols[k].stattarget) : tcols[k].stattarget != NULL)) {
				column_prefix(p, t, tcols[k].name);
				rt_buf_printf(&p->cur, "SET STATISTICS %s;",
					      tcols[k].stattarget ? tcols[k].stattarget : "-1");
				if ((rc = emit(p, t, 0, NULL)))
					return rc;
			}
			if (tcols[k].identity && tcols[k].identity_seq &&
			    (fc && fc->identity ? !str_eq(fc->identity_comment, tcols[k].identity_comment)
						: tcols[k].identity_comment != NULL)) {
				rt_buf_puts(&p->cur, "COMMENT ON SEQUENCE ");
				rt_sql_qualified(&p->cur, t->schema, tcols[k].identity_seq);
				rt_sql_comment_is(&p->cur, tcols[k].identity_comment);
				if ((rc = emit(p, t, 0, NULL)))
					return rc;
			}
		}
	}
	return RT_OK;
}

/* ---------- build ---------- */

static int
check_supported(rt_plan *p, rt_error *err)
{
	for (int i = 0; i < p->nf; i++) {
		rt_object *o = p->fall[i];
		if (o->kind == RT_KIND_RANGE && p->fact[i] == A_RECREATE) {
			/* dropped and created again: nothing may use it */
			for (int k = 0; k < p->nf; k++)
				if (p->fall[k]->kind != RT_KIND_SCHEMA && depends_on(p->fall[k], o)) {
					rt_error_set(err, RT_EUNSUPPORTED,
						     "changing the definition of a range type in use is not supported");
					rt_error_object(err, "range type %s.%s (used by %s %s)", o->schema, o->name,
							rt_kind_name(p->fall[k]->kind), p->fall[k]->name);
					return RT_EUNSUPPORTED;
				}
			continue;
		}
		if (o->kind != RT_KIND_DOMAIN || p->fact[i] != A_RECREATE)
			continue;
		/* a domain in use is rebuilt under its name and its columns move over (recreate_type);
		 * a type built over it would have to follow, which is not done */
		for (int k = 0; k < p->nf; k++) {
			rt_kind dk = p->fall[k]->kind;
			if ((dk == RT_KIND_DOMAIN || dk == RT_KIND_COMPOSITE || dk == RT_KIND_RANGE) &&
			    depends_on(p->fall[k], o)) {
				rt_error_set(err, RT_EUNSUPPORTED,
					     "changing the base type or collation of a domain another type uses is not supported");
				rt_error_object(err, "domain %s.%s (used by %s %s)", o->schema, o->name,
						rt_kind_name(dk), p->fall[k]->name);
				return RT_EUNSUPPORTED;
			}
		}
	}
	return RT_OK;
}

static int
build(rt_plan **out, rt_graph *from, rt_graph *to, const rt_plan_opts *opts, unsigned char *rebuilt,
      rt_error *err)
{
	rt_plan *p = rt_calloc(1, sizeof *p);
	rt_diff_opts dopts = RT_DIFF_OPTS_INIT;
	rt_object **forder, **torder, **fcopy = NULL;
	int nfo, nto, rc;
	if (!p) {
		rt_free(rebuilt);
		return rt_error_nomem(err);
	}
	if (opts)
		p->optbuf = *opts;
	p->opts = &p->optbuf;
	p->from = from;
	p->to = to;
	p->rebuilt_enums = rebuilt;
	dopts.no_infer_renames = p->opts->no_infer_renames;
	rt_trace("plan: start");
	if ((rc = rt_diff(&p->changes, from, to, &dopts, err)))
		goto fail;
	if ((p->nf = rt_graph_sorted(&p->fall, from, err)) < 0 ||
	    (p->nt = rt_graph_sorted(&p->tall, to, err)) < 0) {
		rc = p->nf < 0 ? p->nf : p->nt;
		goto fail;
	}
	p->fact = rt_calloc((size_t)p->nf + 1, 1);
	p->fbroken = rt_calloc((size_t)p->nf + 1, 1);
	p->tact = rt_calloc((size_t)p->nt + 1, 1);
	p->tchange = rt_calloc((size_t)p->nt + 1, sizeof *p->tchange);
	if (!p->fact || !p->tact || !p->fbroken || !p->tchange)
		goto nomem;
	for (int i = 0; i < rt_changes_count(p->changes); i++) {
		const rt_change *ch = rt_changes_get(p->changes, i);
		unsigned char *fa = ch->from ? fslot(p, ch->from) : NULL;
		unsigned char *ta = ch->to ? tslot(p, ch->to) : NULL;
		enum action a;
		switch (ch->kind) {
		case RT_CHANGE_CREATE:
			if (ta)
				*ta = A_CREATE;
			break;
		case RT_CHANGE_DROP:
			if (fa)
				*fa = A_DROP;
			break;
		case RT_CHANGE_ALTER:
			a = alter_action(p, ch);
			if (ta)
				p->tchange[ch->to->id] = i + 1;
			if (fa)
				*fa = (unsigned char)a;
			if (ta)
				*ta = (unsigned char)a;
			if (ch->from->kind == RT_KIND_TABLE &&
			    table_breaks_views(p, (const rt_table *)ch->from, (const rt_table *)ch->to))
				p->fbroken[ch->from->id] = 1;
			break;
		}
	}
	/* the sorted arrays stay valid: nothing is added to either graph from here on */
	rt_trace("plan: diffed");
	if ((rc = rt_graph_create_order(&forder, &nfo, from, err)))
		goto fail;
	fcopy = rt_malloc(sizeof *fcopy * ((size_t)nfo + 1));
	if (!fcopy)
		goto nomem;
	memcpy(fcopy, forder, sizeof *fcopy * (size_t)nfo);
	cascade(p, fcopy, nfo);
	if (inheritance_marks(p))
		goto nomem;
	if ((rc = check_supported(p, err)))
		goto fail;
	if ((rc = rt_graph_create_order(&torder, &nto, to, err)))
		goto fail;
	rt_trace("plan: ordered");
	if ((rc = phase_drops(p, fcopy, nfo, false)) || (rc = phase_creates(p, torder, nto)) ||
	    (rc = name_server_clones(p, torder, nto)) ||
	    (rc = phase_inherited_columns(p, torder, nto)) ||
	    (rc = cluster_marks(p, torder, nto)) || (rc = replica_identities(p, torder, nto)) ||
	    (rc = phase_drops(p, fcopy, nfo, true)) || (rc = phase_post(p, torder, nto)))
		goto nomem;
	rt_free(fcopy);
	*out = p;
	return RT_OK;
nomem:
	rc = rt_error_nomem(err);
fail:
	rt_free(fcopy);
	rt_plan_free(p);
	return rc;
}

/* A label that ALTER TYPE ... ADD VALUE adds cannot be used before that commits ("unsafe use of
 * new value"), and a migration is one transaction: the enums whose new labels a later
 * statement holds as a literal (a default, a view, a CHECK...) into *out, by to id, for a plan
 * that rebuilds them instead (recreate_type).  A literal that only looks like the label costs a
 * rebuild, never a failure. */
static int
labels_used_early(const rt_plan *p, unsigned char **out)
{
	rt_buf lit = RT_BUF_INIT;
	int rc = RT_OK;
	*out = NULL;
	for (int i = 0; i < p->nadded && !rc; i++) {
		const struct added_label *a = &p->added[i];
		rt_buf_clear(&lit);
		rt_sql_literal(&lit, a->label);
		if (rt_buf_failed(&lit)) {
			rc = RT_ENOMEM;
			break;
		}
		for (int j = a->stmt + 1, k = i + 1; j < p->n; j++) {
			/* ADD VALUE ... AFTER a label just added is fine */
			while (k < p->nadded && p->added[k].stmt < j)
				k++;
			if ((k < p->nadded && p->added[k].stmt == j) || !strstr(p->items[j].sql, rt_buf_cstr(&lit)))
				continue;
			if (!*out && !(*out = rt_calloc((size_t)p->nt + 1, 1)))
				rc = RT_ENOMEM;
			else
				(*out)[a->id] = 1;
			break;
		}
	}
	rt_buf_dispose(&lit);
	return rc;
}

int
rt_plan_build(rt_plan **out, rt_graph *from, rt_graph *to, const rt_plan_opts *opts, rt_error *err)
{
	unsigned char *rebuilt;
	int rc = build(out, from, to, opts, NULL, err);
	if (rc || !(*out)->nadded)
		return rc;
	rc = labels_used_early(*out, &rebuilt);
	if (rc || !rebuilt) {
		if (rc) {
			rt_plan_free(*out);
			*out = NULL;
			return rt_error_nomem(err);
		}
		return RT_OK;
	}
	rt_plan_free(*out);
	*out = NULL;
	return build(out, from, to, opts, rebuilt, err);
}

void
rt_plan_free(rt_plan *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++) {
		rt_free(p->items[i].sql);
		rt_free(p->items[i].note);
	}
	rt_free(p->items);
	rt_free(p->fact);
	rt_free(p->tact);
	rt_free(p->fbroken);
	rt_free(p->tchange);
	rt_free(p->fparent);
	rt_free(p->tparent);
	rt_free(p->relinked);
	rt_free(p->rebuilt_enums);
	rt_free(p->added);
	rt_buf_dispose(&p->cur);
	rt_changes_free(p->changes);
	rt_free(p);
}

int
rt_plan_count(const rt_plan *p)
{
	return p->n;
}

const rt_stmt *
rt_plan_get(const rt_plan *p, int i)
{
	return &p->items[i];
}

bool
rt_plan_no_transaction(const rt_plan *p)
{
	return p->no_transaction;
}

unsigned
rt_plan_hazards(const rt_plan *p)
{
	return p->hazards;
}

const rt_changes *
rt_plan_changes(const rt_plan *p)
{
	return p->changes;
}

void
rt_hazard_names(rt_buf *out, unsigned h)
{
	static const char *names[] = {"data-loss", "table-rewrite", "access-exclusive-lock",
				      "blocking-index-build", "backfill-required", "data-not-restored"};
	int n = 0;
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (h & (1u << i))
			rt_buf_printf(out, "%s%s", n++ ? ", " : "", names[i]);
}

void
rt_plan_render(rt_buf *out, const rt_plan *p)
{
	for (int i = 0; i < p->n; i++) {
		const rt_stmt *s = &p->items[i];
		if (s->hazards) {
			rt_buf_puts(out, "-- hazard: ");
			rt_hazard_names(out, s->hazards);
			rt_buf_putc(out, '\n');
		}
		if (s->note)
			rt_buf_printf(out, "-- %s\n", s->note);
		rt_buf_printf(out, "%s\n", s->sql);
	}
}
