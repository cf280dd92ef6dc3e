/* retort diff: two schema graphs → the list of object-level changes (create, drop, alter,
 * rename) that turn `from` into `to`, with objects paired by name, declared rename
 * (`-- @renamed from=`) or unambiguous inference.  It does not order or render statements
 * (plan.h does) and never learns where a graph came from.  Changes borrow from both graphs:
 * free the changes before the graphs. */
#ifndef RETORT_DIFF_H
#define RETORT_DIFF_H

#include <stdbool.h>

#include "retort/graph.h"

typedef enum rt_change_kind {
	RT_CHANGE_CREATE,
	RT_CHANGE_DROP,
	RT_CHANGE_ALTER,            /* same object, some fields differ (may include a rename) */
} rt_change_kind;

typedef struct rt_change {
	rt_change_kind kind;
	const rt_object *from;      /* NULL for CREATE */
	const rt_object *to;        /* NULL for DROP */
	bool renamed;               /* from and to have different names */
	bool inferred;              /* the rename was inferred, not declared */
	const char *field;          /* ALTER: the first differing field, for reports */
} rt_change;

typedef struct rt_changes rt_changes;

typedef struct rt_diff_opts {
	bool no_infer_renames;      /* only declared renames */
} rt_diff_opts;

#define RT_DIFF_OPTS_INIT {false}

/* Object pairing shared by diff and plan: the `to` object paired with a `from` object, and
 * back, or NULL. */
const rt_object *rt_changes_peer_to(const rt_changes *c, const rt_object *from);
const rt_object *rt_changes_peer_from(const rt_changes *c, const rt_object *to);
/* A from-side type name (format_type spelling, arrays too) under the name its type has on the
 * to side, when the type was paired under another name; else `type` itself. */
const char *rt_changes_type_to(const rt_changes *c, const char *type);
/* Column pairing inside a paired table (attributes inside a paired composite type): the `from`
 * column a `to` column came from (by name or rename), or NULL for a new column. */
const rt_column *rt_changes_column_from(const rt_changes *c, const rt_object *to_table,
					const rt_column *to_col);
bool rt_changes_column_inferred(const rt_changes *c, const rt_object *to_table,
				const rt_column *to_col);
/* Label pairing inside a paired enum: the index in the `from` enum of the label that label i
 * of `to_enum` continues (same name, or renamed: declared, or inferred and then *inferred is
 * set), or -1 for a new label. */
int rt_changes_enum_label_from(const rt_changes *c, const rt_object *to_enum, int i, bool *inferred);

/* Compares from → to.  Changes are sorted by (kind of object, schema, name).  Codes: RT_ENOMEM. */
int rt_diff(rt_changes **out, rt_graph *from, rt_graph *to, const rt_diff_opts *opts, rt_error *err);
int rt_changes_count(const rt_changes *c);
const rt_change *rt_changes_get(const rt_changes *c, int i);
/* True for a change that another one in the list already says: the index of a PRIMARY KEY,
 * UNIQUE or EXCLUDE constraint comes and goes with its constraint.  Reports skip it. */
bool rt_change_implied(const rt_change *c);
void rt_changes_free(rt_changes *c);

/* RT_OK when the two graphs are equal (an empty diff, renames not inferred); otherwise
 * RT_EDRIFT and err names the first differing object and field, in sorted order. */
int rt_diff_equal(rt_graph *a, rt_graph *b, rt_error *err);

/* Field-by-field equality of two objects of the same kind, names aside; on a difference,
 * *field names it ("columns.email.type").  Expressions compare as normalized trees. */
bool rt_object_equal(const rt_object *a, const rt_object *b, const char **field);
bool rt_column_equal(const rt_column *a, const rt_column *b, const char **field);

#endif
