/* retort history [-v] [-r A:B] [-i]: the chain newest first, as `alembic history` prints it.
 * Only -i (mark the database's current revisions) connects, read-only. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_history(rt_cli *cli, int argc, char **argv)
{
	rt_error err = RT_ERROR_INIT;
	rt_chain *c = NULL;
	rt_runner *r = NULL;
	rt_revlist hist = RT_REVLIST_INIT;
	rt_buf out = RT_BUF_INIT;
	const char *range = NULL;
	char **rows = NULL;
	size_t nrows = 0, i, k;
	bool verbose = false, indicate = false;
	int status = RT_EXIT_OK;
	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = true;
		else if (!strcmp(argv[i], "-i") || !strcmp(argv[i], "--indicate-current"))
			indicate = true;
		else if ((!strcmp(argv[i], "-r") || !strcmp(argv[i], "--rev-range")) && i + 1 < (size_t)argc)
			range = argv[++i];
		else if (!strncmp(argv[i], "--rev-range=", 12))
			range = argv[i] + 12;
		else
			return rt_cli_usage(cli, "history", "unexpected argument '%s'", argv[i]);
	}
	if (rt_cli_chain(&c, cli, &err) < 0 || rt_chain_history(&hist, c, range, &err) < 0)
		goto fail;
	if (indicate && (rt_cli_runner(&r, cli, &err) < 0 || rt_runner_current(&rows, &nrows, r, &err) < 0))
		goto fail;
	for (i = 0; i < hist.n; i++) {
		bool cur = false;
		for (k = 0; k < nrows; k++)
			cur = cur || !strcmp(rows[k], hist.v[i]->id);
		if (verbose) {
			rt_cli_rev_entry(&out, c, hist.v[i], cur);
		} else {
			rt_cli_rev_line(&out, c, hist.v[i], RT_CLI_REV_PARENTS | RT_CLI_REV_DOC | RT_CLI_REV_TREE, cur);
			rt_buf_putc(&out, '\n');
		}
	}
	fputs(rt_buf_cstr(&out), stdout);
	goto cleanup;
fail:
	status = rt_cli_fail(cli, &err);
cleanup:
	rt_buf_dispose(&out);
	rt_revlist_dispose(&hist);
	rt_strv_free(rows);
	rt_runner_free(r);
	rt_chain_free(c);
	return status;
}
