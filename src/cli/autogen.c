/* What autogenerate and check share: the schema the migrations describe (the database at
 * head, or the chain replayed into a throwaway cluster) against the models. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/autogen.h"
#include "retort/introspect.h"

static int
heads_text(rt_buf *out, const rt_chain *c, rt_error *err)
{
	rt_revlist heads = RT_REVLIST_INIT;
	int rc = rt_chain_heads(&heads, c, err);
	for (size_t i = 0; rc == RT_OK && i < heads.n; i++)
		rt_buf_printf(out, "%s%s", i ? ", " : "", heads.v[i]->id);
	if (rc == RT_OK && heads.n == 0)
		rt_buf_puts(out, "base");
	rt_revlist_dispose(&heads);
	return rc;
}

/* A database at a revision the versions directory lacks is not behind: no upgrade brings it to
 * head, so "0 pending" would mislead.  The error `current` and `upgrade` give for it. */
static int
known_revisions(const rt_chain *c, char *const *cur, size_t n, const char *dir, rt_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (c && rt_chain_find(c, cur[i]))
			continue;
		int rc = rt_error_set(err, RT_ENOTFOUND, "the database is at revision %s, which is not in %s",
				      cur[i], dir);
		rt_error_hint(err, "restore the missing migration file, or `retort stamp` the database");
		return rc;
	}
	return RT_OK;
}

int
rt_cli_migration_state(rt_cli_state *st, rt_cli *cli, rt_error *err)
{
	int rc;
	memset(st, 0, sizeof *st);
	if ((rc = rt_cli_models_start(&st->models, cli, cli->models, cli->nmodels, err)))
		return rc;
	if ((rc = rt_cli_chain(&st->chain, cli, err)) == RT_ENOTFOUND) {
		rt_error_clear(err);
		rc = RT_OK;
	}
	if (rc)
		return rc;
	if (st->chain) {
		rt_revlist heads = RT_REVLIST_INIT;
		if ((rc = rt_chain_heads(&heads, st->chain, err)))
			return rc;
		st->nheads = heads.n;
		rt_revlist_dispose(&heads);
		if ((rc = heads_text(&st->heads, st->chain, err)))
			return rc;
	} else {
		rt_buf_puts(&st->heads, "base");
	}
	if (rt_cli_database_url(cli)) {
		rt_runner *r = NULL;
		char **cur = NULL;
		size_t n = 0;
		st->from_database = true;
		if ((rc = rt_cli_runner(&r, cli, err)))
			return rc;
		if ((rc = rt_runner_current(&cur, &n, r, err)) == RT_OK)
			rc = known_revisions(st->chain, cur, n, cli->versions, err);
		if (rc == RT_OK && st->chain)
			rc = rt_runner_status(&st->status, r, st->chain, err);
		else if (rc == RT_OK)
			st->status.at_head = n == 0;
		for (size_t i = 0; rc == RT_OK && i < n; i++)
			rt_buf_printf(&st->current, "%s%s", i ? ", " : "", cur[i]);
		if (rc == RT_OK && n == 0)
			rt_buf_puts(&st->current, "base");
		rt_strv_free(cur);
		rt_runner_free(r);
		if (rc)
			return rc;
		return rt_cli_load_db(&st->from, cli, rt_cli_database_url(cli), err);
	}
	st->status.at_head = true;
	rt_buf_puts(&st->current, rt_buf_cstr(&st->heads));
	return rt_cli_load_embedded(&st->from, cli, err);
}

int
rt_cli_migration_plans(rt_cli_state *st, const rt_plan_opts *popts, rt_error *err)
{
	int rc;
	rc = rt_cli_models_wait(st->models, &st->to, err);
	st->models = NULL;
	if (rc)
		return rc;
	if ((rc = rt_plan_build(&st->up, st->from, st->to, popts, err)))
		return rc;
	{
		rt_plan_opts down = *popts;
		down.downgrade = true;
		return rt_plan_build(&st->down, st->to, st->from, &down, err);
	}
}

void
rt_cli_state_dispose(rt_cli_state *st)
{
	rt_cli_models_wait(st->models, NULL, NULL);
	st->models = NULL;
	rt_plan_free(st->up);
	rt_plan_free(st->down);
	rt_graph_free(st->from);
	rt_graph_free(st->to);
	rt_chain_free(st->chain);
	rt_buf_dispose(&st->heads);
	rt_buf_dispose(&st->current);
}
