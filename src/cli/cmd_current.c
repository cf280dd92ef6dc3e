/* retort current [-v]: the revision(s) the database is at, as `alembic current` prints them.
 * Read-only: never creates the version table. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_current(rt_cli *cli, int argc, char **argv)
{
	rt_error err = RT_ERROR_INIT;
	rt_chain *c = NULL;
	rt_runner *r = NULL;
	rt_buf out = RT_BUF_INIT;
	char **rows = NULL;
	size_t n = 0, i, k;
	bool verbose = false;
	int status = RT_EXIT_OK;
	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = true;
		else
			return rt_cli_usage(cli, "current", "unexpected argument '%s'", argv[i]);
	}
	if (rt_cli_chain(&c, cli, &err) < 0 || rt_cli_runner(&r, cli, &err) < 0 ||
	    rt_runner_current(&rows, &n, r, &err) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (!rt_chain_find(c, rows[i])) {
			rt_error_set(&err, RT_ENOTFOUND, "the database is at revision %s, which is not in %s", rows[i],
				     cli->versions);
			rt_error_hint(&err, "restore the missing migration file, or `retort stamp` the database");
			goto fail;
		}
	}
	if (verbose) {
		rt_buf_puts(&out, "Current revision(s) for ");
		rt_conninfo_redact(&out, cli->url ? cli->url : "");
		rt_buf_puts(&out, ":\n");
	}
	/* in chain order, so the output does not depend on the table's */
	for (k = 0; k < rt_chain_count(c); k++) {
		const rt_revision *rev = rt_chain_at(c, k);
		for (i = 0; i < n && strcmp(rows[i], rev->id); i++)
			;
		if (i == n)
			continue;
		if (verbose) {
			rt_cli_rev_entry(&out, c, rev, false);
		} else {
			rt_cli_rev_line(&out, c, rev, RT_CLI_REV_TREE, false);
			rt_buf_putc(&out, '\n');
		}
	}
	fputs(rt_buf_cstr(&out), stdout);
	goto cleanup;
fail:
	status = rt_cli_fail(cli, &err);
cleanup:
	rt_buf_dispose(&out);
	rt_strv_free(rows);
	rt_runner_free(r);
	rt_chain_free(c);
	return status;
}
