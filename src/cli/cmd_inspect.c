/* retort inspect [--from SRC] [--format sql|json] [--own-spelling]: the canonical schema of a
 * database or of model files.  Model files print their expressions as the server does (the
 * models are replayed on the normalizing server, rt_ddl_opts.server_spelling), so a database
 * and the models it was loaded from print the same bytes; --own-spelling skips that replay
 * and prints the models' own deparse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "retort/buf.h"
#include "retort/sql.h"

int
cmd_inspect(rt_cli *cli, int argc, char **argv)
{
	const char *from = NULL, *format = "sql";
	rt_error err = RT_ERROR_INIT;
	rt_graph *g = NULL;
	rt_buf out = RT_BUF_INIT;
	int rc, status = RT_EXIT_OK;
	cli->server_spelling = true;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--own-spelling"))
			cli->server_spelling = false;
		else if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = argv[++i];
		else if (!strncmp(argv[i], "--from=", 7))
			from = argv[i] + 7;
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strncmp(argv[i], "--format=", 9))
			format = argv[i] + 9;
		else
			return rt_cli_usage(cli, "inspect", "unexpected argument '%s'", argv[i]);
	}
	if (strcmp(format, "sql") && strcmp(format, "json"))
		return rt_cli_usage(cli, "inspect", "--format must be sql or json");
	if (from)
		rc = rt_cli_load_source(&g, cli, from, &err);
	else if (cli->url && (cli->url_is_flag || cli->nmodels == 0))
		rc = rt_cli_load_db(&g, cli, cli->url, &err);
	else
		rc = rt_cli_load_models(&g, cli, cli->models, cli->nmodels, &err);
	if (rc)
		return rt_cli_fail(cli, &err);
	if (!strcmp(format, "json")) {
		char *text = NULL;
		if ((rc = rt_graph_to_json(&text, g, &err)) == RT_OK)
			printf("%s\n", text);
		free(text);
	} else if ((rc = rt_sql_render_schema(&out, g, &err)) == RT_OK) {
		fputs(rt_buf_cstr(&out), stdout);
	}
	if (rc)
		status = rt_cli_fail(cli, &err);
	rt_buf_dispose(&out);
	rt_graph_free(g);
	return status;
}
