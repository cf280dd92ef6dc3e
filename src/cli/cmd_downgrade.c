/* retort downgrade TARGET [--sql]: revert migrations down to TARGET (-N, base, a revision).
 * --sql starts from the heads, or from FROM in FROM:TARGET. */
#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_downgrade(rt_cli *cli, int argc, char **argv)
{
	return rt_cli_run_migration(cli, argc, argv, RT_RUN_DOWNGRADE);
}
