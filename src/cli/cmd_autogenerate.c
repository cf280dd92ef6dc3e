/* retort autogenerate -m MSG [--rev-id ID] [--no-infer-renames] [--concurrently]
 * Alembic's `revision --autogenerate`: the next migration, from the database at head (or the
 * chain replayed into a throwaway cluster) to the models. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/autogen.h"

/* One summary line per hazardous statement: "data-loss: DROP TABLE public.old". */
static char **
hazard_lines(const rt_plan *p, size_t *n)
{
	char **lines = calloc((size_t)rt_plan_count(p) + 1, sizeof *lines);
	*n = 0;
	for (int i = 0; lines && i < rt_plan_count(p); i++) {
		const rt_stmt *s = rt_plan_get(p, i);
		rt_buf b = RT_BUF_INIT;
		if (!s->hazards)
			continue;
		rt_hazard_names(&b, s->hazards);
		rt_buf_printf(&b, ": %.*s", (int)strcspn(s->sql, "\n"), s->sql);
		lines[(*n)++] = rt_buf_detach(&b);
	}
	return lines;
}

int
cmd_autogenerate(rt_cli *cli, int argc, char **argv)
{
	const char *message = NULL, *rev_id = NULL;
	rt_plan_opts popts = RT_PLAN_OPTS_INIT;
	rt_cli_state st;
	rt_error err = RT_ERROR_INIT;
	rt_revision_new_opts ropts = RT_REVISION_NEW_OPTS_INIT;
	rt_buf up = RT_BUF_INIT, down = RT_BUF_INIT;
	char *path = NULL, **hz = NULL;
	size_t nhz = 0;
	int rc, status = RT_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-m") || !strcmp(argv[i], "--message")) && i + 1 < argc)
			message = argv[++i];
		else if (!strcmp(argv[i], "--rev-id") && i + 1 < argc)
			rev_id = argv[++i];
		else if (!strcmp(argv[i], "--no-infer-renames"))
			popts.no_infer_renames = true;
		else if (!strcmp(argv[i], "--concurrently"))
			popts.concurrently = true;
		else
			return rt_cli_usage(cli, "autogenerate", "unexpected argument '%s'", argv[i]);
	}
	if (!message)
		return rt_cli_usage(cli, "autogenerate", "-m MESSAGE is required");
	memset(&st, 0, sizeof st);
	if ((rc = rt_cli_migration_state(&st, cli, &err)))
		goto fail;
	if (st.nheads > 1) {
		rc = rt_error_set(&err, RT_EINVALID, "multiple heads are present: %s", rt_buf_cstr(&st.heads));
		rt_error_hint(&err, "merge them first (retort revision -m merge ... revising both)");
		goto fail;
	}
	if (st.from_database && (!st.status.at_head || st.status.unknown)) {
		rc = rt_error_set(&err, RT_EINVALID, "database is not up to date (at %s, head is %s)",
				  rt_buf_cstr(&st.current), rt_buf_cstr(&st.heads));
		rt_error_hint(&err, "run retort upgrade head first");
		goto fail;
	}
	if ((rc = rt_cli_migration_plans(&st, &popts, &err)))
		goto fail;
	if (rt_plan_count(st.up) == 0) {
		printf("No changes detected\n");
		goto cleanup;
	}
	rt_plan_render(&up, st.up);
	rt_plan_render(&down, st.down);
	hz = hazard_lines(st.up, &nhz);
	ropts.message = message;
	ropts.rev_id = rev_id;
	ropts.upgrade_sql = rt_buf_cstr(&up);
	ropts.downgrade_sql = rt_buf_cstr(&down);
	ropts.hazards = (const char *const *)hz;
	ropts.n_hazards = nhz;
	ropts.no_transaction = rt_plan_no_transaction(st.up) || rt_plan_no_transaction(st.down);
	if (!st.chain && (rc = rt_chain_load(&st.chain, cli->versions, &err)) == RT_ENOTFOUND) {
		rt_error_set(&err, RT_ENOTFOUND, "versions directory %s does not exist", cli->versions);
		rt_error_hint(&err, "run retort init, or pass --versions DIR");
		goto fail;
	} else if (rc) {
		goto fail;
	}
	if ((rc = rt_revision_create(&path, st.chain, cli->versions, &ropts, &err)))
		goto fail;
	printf("Generating %s ...  done\n", path);
	goto cleanup;
fail:
	status = rt_cli_fail(cli, &err);
cleanup:
	for (size_t i = 0; hz && i < nhz; i++)
		free(hz[i]);
	free(hz);
	free(path);
	rt_buf_dispose(&up);
	rt_buf_dispose(&down);
	rt_cli_state_dispose(&st);
	return status;
}
