/* What the migration commands (revision, upgrade, downgrade, stamp, current, heads, history)
 * share: loading the chain and connecting as configured, and Alembic's ways of printing a
 * revision.  It holds no command logic of its own. */
#ifndef RETORT_CLI_MIGRATE_H
#define RETORT_CLI_MIGRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "retort/revision.h"
#include "retort/runner.h"

/* Config (rt_cli_load_config), then the chain in cli->versions. */
int rt_cli_chain(rt_chain **out, rt_cli *cli, rt_error *err);
/* The configured database: cli->url, else "" when libpq's PG* variables name one, else NULL
 * (no database: the embedded default). */
const char *rt_cli_database_url(const rt_cli *cli);
/* Config, then a connection to cli->url (or, with none, to what libpq's PG* variables name;
 * an error when none of those is set either).  Progress lines go to stderr. */
int rt_cli_runner(rt_runner **out, rt_cli *cli, rt_error *err);
/* For --sql: the revision ids a "FROM" in FROM:TO stands for ("base", "head", "heads", an
 * id or prefix); *out (free with free()) holds borrowed ids, *n of them. */
int rt_cli_offline_start(const char ***out, size_t *n, const rt_chain *c, const char *from, rt_error *err);
/* Splits "FROM:TO" (either part may be empty) into the two buffers; false without a ':'. */
bool rt_cli_split_range(const char *spec, char *from, size_t from_sz, char *to, size_t to_sz);

/* The body of upgrade, downgrade and stamp: [TARGET] [--sql]; online through rt_runner_run,
 * offline (--sql, TARGET may be FROM:TO) through rt_runner_render_sql.  An exit status. */
int rt_cli_run_migration(rt_cli *cli, int argc, char **argv, rt_run_action action);

/* Alembic's one-line forms (Script._head_only): `current` and `heads` print "rev (head)...",
 * `history` prints "down -> rev (head), doc". */
enum { RT_CLI_REV_PARENTS = 1, RT_CLI_REV_DOC = 2, RT_CLI_REV_TREE = 4 };
void rt_cli_rev_line(rt_buf *out, const rt_chain *c, const rt_revision *rev, unsigned what, bool is_current);
/* Alembic's verbose form (Script.log_entry), ending with a blank line. */
void rt_cli_rev_entry(rt_buf *out, const rt_chain *c, const rt_revision *rev, bool is_current);

#endif
