/* retort plan: the ordered statements that turn `from` into `to`, safe on populated tables,
 * with hazards labelled; the downgrade is the plan of to → from with the same pairing.
 * It does not apply anything; a plan owns its SQL text. */
#ifndef RETORT_PLAN_H
#define RETORT_PLAN_H

#include <stdbool.h>

#include "retort/buf.h"
#include "retort/diff.h"

typedef enum rt_hazard {
	RT_HAZ_DATA_LOSS = 1 << 0,      /* drops data: table, column, enum value, narrowing type */
	RT_HAZ_TABLE_REWRITE = 1 << 1,  /* rewrites the whole table */
	RT_HAZ_ACCESS_EXCLUSIVE = 1 << 2, /* blocks reads and writes while it runs */
	RT_HAZ_INDEX_BUILD = 1 << 3,    /* builds an index while blocking writes */
	RT_HAZ_BACKFILL = 1 << 4,       /* needs data the user must provide */
	RT_HAZ_NOT_RESTORED = 1 << 5,   /* recreates an object whose data is gone */
} rt_hazard;

typedef struct rt_stmt {
	char *sql;                  /* one statement, ending with ";" (no newline) */
	unsigned hazards;           /* rt_hazard bits */
	char *note;                 /* a comment line for the reader, or NULL */
	const rt_object *object;    /* the object it concerns, for reports */
} rt_stmt;

typedef struct rt_plan rt_plan;

typedef struct rt_plan_opts {
	bool no_infer_renames;
	bool concurrently;          /* CREATE/DROP INDEX CONCURRENTLY; plan is non-transactional */
	bool downgrade;             /* a downgrade: tables and columns it brings back come back
	                               empty, and say so ("data not restored") */
} rt_plan_opts;

#define RT_PLAN_OPTS_INIT {false, false, false}

/* Plans from → to.  Codes: RT_ENOMEM; RT_EUNSUPPORTED when a change cannot be expressed (the
 * message names the object). */
int rt_plan_build(rt_plan **out, rt_graph *from, rt_graph *to, const rt_plan_opts *opts,
		  rt_error *err);
void rt_plan_free(rt_plan *p);
int rt_plan_count(const rt_plan *p);
const rt_stmt *rt_plan_get(const rt_plan *p, int i);
bool rt_plan_no_transaction(const rt_plan *p);
unsigned rt_plan_hazards(const rt_plan *p); /* union of all statements' hazards */
/* The changes the plan was built from (borrowed from the plan). */
const rt_changes *rt_plan_changes(const rt_plan *p);

/* SQL text: each statement preceded by its hazard labels and note as "-- " comments. */
void rt_plan_render(rt_buf *out, const rt_plan *p);
/* "data-loss, table-rewrite" for a hazard set; empty string when none. */
void rt_hazard_names(rt_buf *out, unsigned hazards);

#endif
