/* retort stamp REV|head|heads|base [--sql]: set the version table without running
 * migrations (adopting a database, or after applying a migration by hand). */
#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_stamp(rt_cli *cli, int argc, char **argv)
{
	return rt_cli_run_migration(cli, argc, argv, RT_RUN_STAMP);
}
