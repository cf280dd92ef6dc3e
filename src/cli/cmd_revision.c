/* retort revision [-m MSG] [--rev-id ID] [--head REV]: an empty migration skeleton whose
 * Revises is the current head (Alembic's `revision` without --autogenerate). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_revision(rt_cli *cli, int argc, char **argv)
{
	rt_revision_new_opts opts = RT_REVISION_NEW_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_chain *c = NULL;
	char *path = NULL;
	int i, status = RT_EXIT_OK;
	for (i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-m") || !strcmp(argv[i], "--message")) && i + 1 < argc)
			opts.message = argv[++i];
		else if (!strncmp(argv[i], "--message=", 10))
			opts.message = argv[i] + 10;
		else if (!strcmp(argv[i], "--rev-id") && i + 1 < argc)
			opts.rev_id = argv[++i];
		else if (!strncmp(argv[i], "--rev-id=", 9))
			opts.rev_id = argv[i] + 9;
		else if (!strcmp(argv[i], "--head") && i + 1 < argc)
			opts.head = argv[++i];
		else if (!strncmp(argv[i], "--head=", 7))
			opts.head = argv[i] + 7;
		else
			return rt_cli_usage(cli, "revision", "unexpected argument '%s'", argv[i]);
	}
	if (rt_cli_chain(&c, cli, &err) < 0 ||
	    rt_revision_create(&path, c, cli->versions, &opts, &err) < 0)
		status = rt_cli_fail(cli, &err);
	else
		printf("%s\n", path);
	free(path);
	rt_chain_free(c);
	return status;
}
