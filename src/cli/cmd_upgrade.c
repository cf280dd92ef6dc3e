/* retort upgrade [TARGET] [--sql]: apply migrations up to TARGET (head by default: the
 * single head; heads, +N, a revision or unique prefix).  --sql prints what would run,
 * starting from base or from FROM in FROM:TARGET, without connecting. */
#include "cli/cli.h"
#include "cli/migrate.h"

int
cmd_upgrade(rt_cli *cli, int argc, char **argv)
{
	return rt_cli_run_migration(cli, argc, argv, RT_RUN_UPGRADE);
}
