/* retort heads [-v]: the chain's head revisions (`alembic heads`); needs no database. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_heads(rt_cli *cli, int argc, char **argv)
{
	rt_error err = RT_ERROR_INIT;
	rt_chain *c = NULL;
	rt_revlist heads = RT_REVLIST_INIT;
	rt_buf out = RT_BUF_INIT;
	bool verbose = false;
	size_t i;
	int status = RT_EXIT_OK;
	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = true;
		else
			return rt_cli_usage(cli, "heads", "unexpected argument '%s'", argv[i]);
	}
	if (rt_cli_chain(&c, cli, &err) < 0 || rt_chain_heads(&heads, c, &err) < 0) {
		status = rt_cli_fail(cli, &err);
		goto cleanup;
	}
	for (i = 0; i < heads.n; i++) {
		if (verbose) {
			rt_cli_rev_entry(&out, c, heads.v[i], false);
		} else {
			rt_cli_rev_line(&out, c, heads.v[i], 0, false);
			rt_buf_putc(&out, '\n');
		}
	}
	fputs(rt_buf_cstr(&out), stdout);
cleanup:
	rt_buf_dispose(&out);
	rt_revlist_dispose(&heads);
	rt_chain_free(c);
	return status;
}
