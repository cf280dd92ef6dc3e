/* Turning a SRC argument (a database URL, or model files) into a graph. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "retort/ddl.h"
#include "retort/introspect.h"

bool
rt_cli_is_url(const char *src)
{
	return !strncmp(src, "postgres://", 11) || !strncmp(src, "postgresql://", 13) ||
	       strchr(src, '=') != NULL;
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
	opts.server_conninfo = cli->normalize_url;
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

int
rt_cli_load_embedded(rt_graph **out, const rt_cli *cli, rt_error *err)
{
	(void)out;
	(void)cli;
	rt_error_set(err, RT_EUNSUPPORTED, "no database to compare with");
	rt_error_hint(err, "pass --url (or set RETORT_DATABASE_URL); replaying the migrations into "
			   "a throwaway cluster is not available yet");
	return RT_EUNSUPPORTED;
}
