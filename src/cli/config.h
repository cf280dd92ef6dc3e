/* retort configuration: retort.ini (inih) and the environment under the command-line flags.
 * It does not parse flags (main.c does) and does not validate the values it hands over. */
#ifndef RETORT_CLI_CONFIG_H
#define RETORT_CLI_CONFIG_H

#include "cli/cli.h"

/* The file `retort init` writes and every command reads when present. */
#define RT_CLI_CONFIG_FILE "retort.ini"
#define RT_CLI_DEFAULT_VERSIONS "migrations/versions"
#define RT_CLI_DEFAULT_MODELS "schema"
#define RT_CLI_DEFAULT_VERSION_TABLE "alembic_version"

/* Fills what the flags left unset, by precedence: flags (already in cli), then the environment
 * ($RETORT_DATABASE_URL, then $DATABASE_URL) for the url, then the [retort] section of
 * --config FILE (an error if it does not exist) or of ./retort.ini (when present): url,
 * models (comma- or line-separated), versions, version_table; relative paths in a config file
 * are relative to its directory and "%(here)s" is that directory.  Then the defaults.
 * A field counts as unset when NULL or still equal to its default, so it works whether or not
 * main.c presets the defaults.  Idempotent: later calls do nothing.  The strings live until
 * rt_cli_config_dispose (or the end of the process).  RT_EPARSE names file:line. */
int rt_cli_load_config(rt_cli *cli, rt_error *err);
void rt_cli_config_dispose(void);

#endif
