/* retort runner: applies revision steps to a live database through libpq -- Alembic's
 * version table, one transaction per migration together with its version-table change, and a
 * session advisory lock held for the whole run -- or renders the same steps as SQL (--sql)
 * without connecting.  It does not decide what to apply (revision.h computes the steps),
 * never prints (progress goes to the log callback) and never lets a password into a message. */
#ifndef RETORT_RUNNER_H
#define RETORT_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/buf.h"
#include "retort/error.h"
#include "retort/revision.h"

/* Progress lines such as "Running upgrade a1 -> b2, add users" (no trailing newline). */
typedef void (*rt_runner_log_fn)(void *payload, const char *msg);

typedef struct rt_runner_opts {
	const char *version_table;  /* NULL: "alembic_version" */
	rt_runner_log_fn log;       /* NULL: quiet */
	void *log_payload;
} rt_runner_opts;

#define RT_RUNNER_OPTS_INIT {NULL, NULL, NULL}

typedef struct rt_runner rt_runner;

/* Opens a connection (URI or key=value conninfo).  RT_EDB on failure; the message names the
 * target with its password removed and never contains the password. */
int rt_runner_connect(rt_runner **out, const char *conninfo, const rt_runner_opts *opts, rt_error *err);
void rt_runner_free(rt_runner *r);  /* NULL is fine; releases the lock by closing */

/* The version table's rows, sorted; an absent table is no rows.  Read-only: never creates
 * the table and takes no lock.  *out is NULL-terminated (rt_strv_free). */
int rt_runner_current(char ***out, size_t *n_out, rt_runner *r, rt_error *err);
void rt_strv_free(char **v);  /* NULL is fine */

typedef enum rt_run_action { RT_RUN_UPGRADE, RT_RUN_DOWNGRADE, RT_RUN_STAMP } rt_run_action;

/* The whole online run: takes pg_advisory_lock on a key derived from the version table name
 * (waiting, with a log line, while another process holds it), reads the version table,
 * computes the steps to `target` (rt_chain_upgrade / _downgrade / _stamp) and applies each
 * migration in its own transaction with its version-table change; `-- retort:no-transaction`
 * migrations run statement by statement in autocommit.  The version table is created only
 * when a step is about to change it.  A failing statement rolls its migration back and
 * returns RT_EDB with the file:line of the statement, the statement, the server's message
 * and SQLSTATE; earlier migrations stay applied.  An Alembic .py migration among the steps is
 * RT_EUNSUPPORTED before anything runs.  *applied (may be NULL) counts the steps done. */
int rt_runner_run(size_t *applied, rt_runner *r, const rt_chain *c, rt_run_action action,
		  const char *target, rt_error *err);

/* Read-only: where the database stands against the chain (rt_chain_status_of on its rows). */
int rt_runner_status(rt_chain_status *out, rt_runner *r, const rt_chain *c, rt_error *err);

/* Offline (--sql): exactly what rt_runner_run would send for `steps` -- BEGIN/COMMIT around
 * each transactional migration, CREATE TABLE for the version table when the steps start from
 * no rows, each migration's SQL and the version-table statements, in Alembic's layout.
 * RT_EUNSUPPORTED for an Alembic .py step. */
int rt_runner_render_sql(rt_buf *out, const rt_steps *steps, const char *version_table, rt_error *err);

/* The advisory lock key for a version table name (FNV-1a of "retort:" + name). */
long long rt_runner_lock_key(const char *version_table);

/* conninfo with its password (URI user:password@, ?password=, or password=... in key=value
 * form, also inside an expanded dbname) replaced by "****".  Appends to out. */
void rt_conninfo_redact(rt_buf *out, const char *conninfo);
/* Appends text with every occurrence of conninfo's password (as written and percent-decoded,
 * when at least 3 characters long) replaced by "****": for libpq and server messages. */
void rt_conninfo_scrub(rt_buf *out, const char *text, const char *conninfo);

#endif
