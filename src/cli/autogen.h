/* The state autogenerate and check work from: the chain, where the database stands, the
 * schema the migrations give (database or replayed chain) and the plans to the models. */
#ifndef RETORT_CLI_AUTOGEN_H
#define RETORT_CLI_AUTOGEN_H

#include "cli/migrate.h"
#include "retort/plan.h"

typedef struct rt_cli_state {
	rt_chain *chain;            /* NULL when there is no versions directory yet */
	size_t nheads;
	rt_buf heads;               /* "a1b2, c3d4" or "base" */
	rt_buf current;             /* the database's revisions, or the heads when replayed */
	rt_chain_status status;
	bool from_database;         /* a --url database, not the embedded default */
	rt_graph *from, *to;
	rt_plan *up, *down;
	rt_cli_job *models;         /* the models, loading meanwhile */
} rt_cli_state;

/* Chain, version status and the `from` graph (the database, or the chain replayed). */
int rt_cli_migration_state(rt_cli_state *st, rt_cli *cli, rt_error *err);
/* The models (started loading by rt_cli_migration_state) into `to`, then the upgrade and
 * downgrade plans. */
int rt_cli_migration_plans(rt_cli_state *st, const rt_plan_opts *popts, rt_error *err);
void rt_cli_state_dispose(rt_cli_state *st);

/* JSON of a plan pair (cmd_diff.c); caller frees. */
char *rt_cli_plan_json(const rt_plan *up, const rt_plan *down);

#endif
