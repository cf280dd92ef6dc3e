/* retort command line: global options, config, and one function per subcommand.
 * Only this directory prints or chooses exit statuses. */
#ifndef RETORT_CLI_H
#define RETORT_CLI_H

#include <stdbool.h>

#include "retort/error.h"

/* Exit statuses (DESIGN.md): the same for every command. */
enum { RT_EXIT_OK = 0, RT_EXIT_ERROR = 1, RT_EXIT_DRIFT = 2, RT_EXIT_REFUSED = 3 };

typedef struct rt_cli {
	const char *url;            /* --url, $RETORT_DATABASE_URL, $DATABASE_URL, retort.ini */
	bool url_is_flag;           /* url came from --url (not the environment or config) */
	const char *models[32];     /* --models, repeatable; default schema/ */
	int nmodels;
	const char *versions;       /* --versions; default migrations/versions */
	const char *config;         /* --config; default retort.ini when present */
	const char *version_table;  /* retort.ini version_table; default alembic_version */
	bool skip_unsupported;
	bool server_spelling;       /* models: expressions as the server prints them (inspect) */
	const char *normalize_url;  /* server used to normalize view bodies; NULL: the --url one */
	const char *prog;
} rt_cli;

typedef int (*rt_cmd_fn)(rt_cli *cli, int argc, char **argv);

/* Prints an error as "retort: path:line:col: message" (+ caret, DETAIL, HINT) to stderr and
 * returns the exit status for its code. */
int rt_cli_fail(const rt_cli *cli, const rt_error *err);
/* Prints a usage error for a command and returns RT_EXIT_ERROR. */
int rt_cli_usage(const rt_cli *cli, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct rt_graph;
/* SRC is a database when it is a postgres:// URI or a key=value string, else model files. */
bool rt_cli_is_url(const char *src);
int rt_cli_load_source(struct rt_graph **out, const rt_cli *cli, const char *src, rt_error *err);
int rt_cli_load_db(struct rt_graph **out, const rt_cli *cli, const char *url, rt_error *err);
/* Model files: `paths` (n of them), or the configured --models when n is 0. */
int rt_cli_load_models(struct rt_graph **out, const rt_cli *cli, const char *const *paths, int n,
		       rt_error *err);

/* Model files loaded in a thread of their own, while the caller loads the other side (the
 * server answering the catalog queries and libpg_query parsing overlap).  wait hands the graph
 * over (or the error) and frees the job; a job that could not start a thread loads in wait. */
typedef struct rt_cli_job rt_cli_job;
int rt_cli_models_start(rt_cli_job **out, const rt_cli *cli, const char *const *paths, int n,
			rt_error *err);
int rt_cli_models_wait(rt_cli_job *job, struct rt_graph **out, rt_error *err);

/* The embedded default: a throwaway cluster with the migration chain replayed into it. */
int rt_cli_load_embedded(struct rt_graph **out, rt_cli *cli, rt_error *err);

/* One line per command: the CLI_COMMAND(name, function, summary) list lives in commands.h. */
#define CLI_COMMAND(name, fn, summary) int fn(rt_cli *cli, int argc, char **argv);
#include "cli/commands.h"
#undef CLI_COMMAND

#endif
