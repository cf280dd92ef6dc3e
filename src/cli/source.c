/* Turning a SRC argument (a database URL, or model files) into a graph. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "retort/ddl.h"
#include "retort/introspect.h"
#include "retort/pgtmp.h"
#include "cli/migrate.h"

bool
rt_cli_is_url(const char *src)
{
	return !strncmp(src, "postgres://", 11) || !strncmp(src, "postgresql://", 13) ||
	       strchr(src, '=') != NULL;
}

static const char *normalize_url(const rt_cli *cli, rt_error *err);

static const char *
normalize_url_cb(void *payload, rt_error *err)
{
	return normalize_url(payload, err);
}

static void
log_stderr(void *payload, int level, const char *msg)
{
	(void)payload;
	if (level >= RT_LOG_WARNING)
		fprintf(stderr, "retort: warning: %s\n", msg);
}

int
rt_cli_load_models(rt_graph **out, const rt_cli *cli, const char *const *paths, int n, rt_error *err)
{
	rt_ddl_opts opts = RT_DDL_OPTS_INIT;
	static const char *const def[] = {"schema"};
	rt_graph *g = NULL;
	int rc;
	if (n == 0) {
		paths = def;
		n = 1;
	}
	opts.skip_unsupported = cli->skip_unsupported;
	opts.server_spelling = cli->server_spelling;
	if (!(opts.server_conninfo = cli->normalize_url))
		opts.server_conninfo_fn = normalize_url_cb;
	opts.server_conninfo_payload = (void *)cli;
	opts.log = log_stderr;
	if ((rc = rt_graph_new(&g, err)))
		return rc;
	if ((rc = rt_ddl_load(g, paths, n, &opts, err))) {
		rt_graph_free(g);
		return rc;
	}
	*out = g;
	return RT_OK;
}

struct rt_cli_job {
	const rt_cli *cli;
	const char *const *paths;
	int n;
	rt_graph *graph;
	rt_error err;
	int rc;
	bool threaded;
	pthread_t thread;
};

static void *
models_job(void *arg)
{
	rt_cli_job *job = arg;
	job->rc = rt_cli_load_models(&job->graph, job->cli, job->paths, job->n, &job->err);
	return NULL;
}

int
rt_cli_models_start(rt_cli_job **out, const rt_cli *cli, const char *const *paths, int n, rt_error *err)
{
	rt_cli_job *job = calloc(1, sizeof *job);
	if (!job)
		return rt_error_nomem(err);
	job->cli = cli;
	job->paths = paths;
	job->n = n;
	job->threaded = pthread_create(&job->thread, NULL, models_job, job) == 0;
	*out = job;
	return RT_OK;
}

int
rt_cli_models_wait(rt_cli_job *job, rt_graph **out, rt_error *err)
{
	int rc;
	if (!job)
		return RT_OK;
	if (job->threaded)
		pthread_join(job->thread, NULL);
	else
		models_job(job);
	rc = job->rc;
	if (rc && err)
		*err = job->err;
	if (out)
		*out = job->graph;
	else
		rt_graph_free(job->graph);
	free(job);
	return rc;
}

int
rt_cli_load_db(rt_graph **out, const rt_cli *cli, const char *url, rt_error *err)
{
	rt_introspect_opts opts = RT_INTROSPECT_OPTS_INIT;
	rt_graph *g = NULL;
	int rc;
	opts.version_table = cli->version_table;
	if ((rc = rt_graph_new(&g, err)))
		return rc;
	if ((rc = rt_introspect_load(g, url, &opts, err))) {
		rt_graph_free(g);
		return rc;
	}
	*out = g;
	return RT_OK;
}

int
rt_cli_load_source(rt_graph **out, const rt_cli *cli, const char *src, rt_error *err)
{
	if (rt_cli_is_url(src))
		return rt_cli_load_db(out, cli, src, err);
	return rt_cli_load_models(out, cli, &src, 1, err);
}

/* One throwaway cluster per process serves both the embedded default (the chain replayed
 * into it) and the normalization of view bodies in the models (a database of its own, never
 * the user's); pgtmp stops it at exit. */
static rt_pgtmp *embedded;
/* the models may be loading in a thread of their own (rt_cli_models_start) */
static pthread_mutex_t embedded_lock = PTHREAD_MUTEX_INITIALIZER;

static int
embedded_db(char **out, const char *name, rt_error *err)
{
	int rc = RT_OK;
	pthread_mutex_lock(&embedded_lock);
	if (!embedded) {
		rt_pgtmp_opts opts = RT_PGTMP_OPTS_INIT;
		rc = rt_pgtmp_start(&embedded, &opts, err);
	}
	if (!rc)
		rc = rt_pgtmp_create_db(out, embedded, name, err);
	pthread_mutex_unlock(&embedded_lock);
	return rc;
}

static const char *
normalize_url(const rt_cli *cli, rt_error *err)
{
	static char *url;
	(void)cli;
	if (!url && embedded_db(&url, "retort_models", err))
		return NULL;
	return url;
}

static void
log_runner(void *payload, const char *msg)
{
	(void)payload;
	(void)msg; /* replaying the chain is an internal step: quiet */
}

int
rt_cli_load_embedded(rt_graph **out, rt_cli *cli, rt_error *err)
{
	rt_chain *chain = NULL;
	rt_runner *r = NULL;
	rt_runner_opts ropts = RT_RUNNER_OPTS_INIT;
	char *url = NULL;
	int rc;
	*out = NULL;
	if ((rc = rt_cli_chain(&chain, cli, err)) == RT_ENOTFOUND) {
		/* no versions directory yet: the migrations so far are none */
		rt_error_clear(err);
		rc = RT_OK;
	}
	if (rc || (rc = embedded_db(&url, "retort_chain", err)))
		goto cleanup;
	if (chain) {
		ropts.version_table = cli->version_table;
		ropts.log = log_runner;
		if ((rc = rt_runner_connect(&r, url, &ropts, err)) ||
		    (rc = rt_runner_run(NULL, r, chain, RT_RUN_UPGRADE, "heads", err))) {
			rt_error_prefix(err, "replaying the migrations into a throwaway cluster");
			goto cleanup;
		}
	}
	rc = rt_cli_load_db(out, cli, url, err);
cleanup:
	rt_runner_free(r);
	rt_chain_free(chain);
	free(url);
	return rc;
}
