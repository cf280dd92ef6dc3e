/* Shared by the migration commands: config, chain, connection, and Alembic's output forms. */
#include "cli/migrate.h"
#include "cli/config.h"
#include "retort/arena.h"

#include <stdlib.h>
#include <string.h>

int
rt_cli_chain(rt_chain **out, rt_cli *cli, rt_error *err)
{
	int rc;
	*out = NULL;
	if ((rc = rt_cli_load_config(cli, err)) < 0)
		return rc;
	return rt_chain_load(out, cli->versions, err);
}

static void
log_stderr(void *payload, const char *msg)
{
	(void)payload;
	fprintf(stderr, "%s\n", msg);
	fflush(stderr);
}

const char *
rt_cli_database_url(const rt_cli *cli)
{
	static const char *const pgvars[] = {"PGHOST", "PGDATABASE", "PGSERVICE", "PGPORT", "PGUSER"};
	if (cli->url)
		return cli->url;
	/* libpq's own variables name a database too: an empty conninfo lets libpq read them */
	for (size_t i = 0; i < sizeof pgvars / sizeof pgvars[0]; i++)
		if (getenv(pgvars[i]) && *getenv(pgvars[i]))
			return "";
	return NULL;
}

int
rt_cli_runner(rt_runner **out, rt_cli *cli, rt_error *err)
{
	rt_runner_opts opts = RT_RUNNER_OPTS_INIT;
	const char *url;
	int rc;
	*out = NULL;
	if ((rc = rt_cli_load_config(cli, err)) < 0)
		return rc;
	url = rt_cli_database_url(cli);
	if (!url) {
		rc = rt_error_set(err, RT_EINVALID, "no database to connect to");
		rt_error_hint(err, "give --url, set $RETORT_DATABASE_URL or $DATABASE_URL, or set url in retort.ini");
		return rc;
	}
	opts.version_table = cli->version_table;
	opts.log = log_stderr;
	return rt_runner_connect(out, url, &opts, err);
}

bool
rt_cli_split_range(const char *spec, char *from, size_t from_sz, char *to, size_t to_sz)
{
	const char *colon = strchr(spec, ':');
	size_t n;
	if (!colon)
		return false;
	n = (size_t)(colon - spec);
	if (n >= from_sz)
		n = from_sz - 1;
	memcpy(from, spec, n);
	from[n] = '\0';
	snprintf(to, to_sz, "%s", colon + 1);
	return true;
}

int
rt_cli_offline_start(const char ***out, size_t *n, const rt_chain *c, const char *from, rt_error *err)
{
	const char **v = calloc(rt_chain_count(c) + 1, sizeof *v);
	size_t i;
	int rc;
	*out = NULL;
	*n = 0;
	if (!v)
		return rt_error_nomem(err);
	if (!strcmp(from, "heads")) {
		for (i = 0; i < rt_chain_count(c); i++)
			if (rt_chain_flags(c, rt_chain_at(c, i)) & RT_REV_HEAD)
				v[(*n)++] = rt_chain_at(c, i)->id;
	} else if (strcmp(from, "base") != 0 && *from) {
		const rt_revision *r = NULL;
		if ((rc = rt_chain_resolve(&r, c, from, err)) < 0) {
			free(v);
			return rc;
		}
		if (r)
			v[(*n)++] = r->id;
	}
	*out = v;
	return RT_OK;
}

static void
put_down(rt_buf *out, const rt_revision *rev)
{
	size_t i;
	if (rev->n_down == 0)
		rt_buf_puts(out, "<base>");
	for (i = 0; i < rev->n_down; i++)
		rt_buf_printf(out, "%s%s", i ? ", " : "", rev->down[i]);
}

void
rt_cli_rev_line(rt_buf *out, const rt_chain *c, const rt_revision *rev, unsigned what, bool is_current)
{
	unsigned f = rt_chain_flags(c, rev);
	size_t i;
	if (what & RT_CLI_REV_PARENTS) {
		put_down(out, rev);
		if (rev->n_depends_on) {
			rt_buf_puts(out, " (");
			for (i = 0; i < rev->n_depends_on; i++)
				rt_buf_printf(out, "%s%s", i ? ", " : "", rev->depends_on[i]);
			rt_buf_putc(out, ')');
		}
		rt_buf_puts(out, " -> ");
	}
	rt_buf_puts(out, rev->id);
	if (f & RT_REV_HEAD)
		rt_buf_puts(out, " (head)");
	if (f & RT_REV_EFFECTIVE_HEAD)
		rt_buf_puts(out, " (effective head)");
	if (is_current)
		rt_buf_puts(out, " (current)");
	if (what & RT_CLI_REV_TREE) {
		if (f & RT_REV_BRANCHPOINT)
			rt_buf_puts(out, " (branchpoint)");
		if (f & RT_REV_MERGEPOINT)
			rt_buf_puts(out, " (mergepoint)");
	}
	if (what & RT_CLI_REV_DOC) {
		rt_buf_puts(out, ", ");
		rt_revision_doc(out, rev);
	}
}

void
rt_cli_rev_entry(rt_buf *out, const rt_chain *c, const rt_revision *rev, bool is_current)
{
	unsigned f = rt_chain_flags(c, rev);
	rt_revlist kids = RT_REVLIST_INIT;
	rt_buf doc = RT_BUF_INIT;
	const char *p;
	size_t i;
	rt_buf_printf(out, "Rev: %s%s%s%s%s\n", rev->id, f & RT_REV_HEAD ? " (head)" : "",
		      f & RT_REV_BRANCHPOINT ? " (branchpoint)" : "", f & RT_REV_MERGEPOINT ? " (mergepoint)" : "",
		      is_current ? " (current)" : "");
	rt_buf_puts(out, f & RT_REV_MERGEPOINT ? "Merges: " : "Parent: ");
	put_down(out, rev);
	rt_buf_putc(out, '\n');
	if (rev->n_depends_on) {
		rt_buf_puts(out, "Also depends on: ");
		for (i = 0; i < rev->n_depends_on; i++)
			rt_buf_printf(out, "%s%s", i ? ", " : "", rev->depends_on[i]);
		rt_buf_putc(out, '\n');
	}
	if ((f & RT_REV_BRANCHPOINT) && rt_chain_children(&kids, c, rev, NULL) == RT_OK) {
		rt_buf_puts(out, "Branches into: ");
		for (i = 0; i < kids.n; i++)
			rt_buf_printf(out, "%s%s", i ? ", " : "", kids.v[i]->id);
		rt_buf_putc(out, '\n');
	}
	rt_buf_printf(out, "Path: %s\n\n", rev->path ? rev->path : "");
	/* Alembic prints the module docstring; ours is the header's message and keys */
	rt_buf_puts(&doc, rev->message ? rev->message : "");
	if (rev->kind == RT_REVISION_SQL) {
		rt_buf_printf(&doc, "\n\nRevision ID: %s\nRevises: ", rev->id);
		for (i = 0; i < rev->n_down; i++)
			rt_buf_printf(&doc, "%s%s", i ? ", " : "", rev->down[i]);
		if (rev->create_date)
			rt_buf_printf(&doc, "\nCreate Date: %s", rev->create_date);
	}
	for (p = rt_buf_cstr(&doc);;) {
		size_t n = strcspn(p, "\n");
		rt_buf_printf(out, "    %.*s\n", (int)n, p);
		if (!p[n])
			break;
		p += n + 1;
	}
	rt_buf_putc(out, '\n');
	rt_buf_dispose(&doc);
	rt_revlist_dispose(&kids);
}

/* upgrade, downgrade and stamp: the same shape, online or --sql */
int
rt_cli_run_migration(rt_cli *cli, int argc, char **argv, rt_run_action action)
{
	const char *name = argv[0], *target = NULL;
	char from[128] = "", to[128] = "";
	rt_error err = RT_ERROR_INIT;
	rt_chain *c = NULL;
	rt_runner *r = NULL;
	rt_steps *steps = NULL;
	rt_buf sql = RT_BUF_INIT;
	const char **start = NULL;
	size_t nstart = 0;
	bool offline = false;
	int i, rc, status = RT_EXIT_OK;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--sql"))
			offline = true;
		else if (!target && (argv[i][0] != '-' || (argv[i][1] >= '0' && argv[i][1] <= '9')))
			target = argv[i];
		else
			return rt_cli_usage(cli, name, "unexpected argument '%s'", argv[i]);
	}
	if (!target) {
		if (action == RT_RUN_UPGRADE)
			target = "head";
		else
			return rt_cli_usage(cli, name, "needs a target revision%s",
					    action == RT_RUN_DOWNGRADE ? " (-1, base, or a revision)" : " (a revision, head or base)");
	}
	if ((rc = rt_cli_chain(&c, cli, &err)) < 0)
		goto fail;
	if (!offline) {
		if (strchr(target, ':')) {
			rt_cli_usage(cli, name, "a FROM:TO range needs --sql");
			status = RT_EXIT_ERROR;
			goto cleanup;
		}
		if ((rc = rt_cli_runner(&r, cli, &err)) < 0 ||
		    (rc = rt_runner_run(NULL, r, c, action, target, &err)) < 0)
			goto fail;
		goto cleanup;
	}
	/* offline: where to start is not read from a database but given (Alembic FROM:TO) */
	if (rt_cli_split_range(target, from, sizeof from, to, sizeof to)) {
		target = to;
	} else {
		snprintf(from, sizeof from, "%s", action == RT_RUN_DOWNGRADE ? "heads" : "base");
	}
	if (!*target) {
		rt_cli_usage(cli, name, "--sql range '%s' has no target", argv[1]);
		status = RT_EXIT_ERROR;
		goto cleanup;
	}
	if ((rc = rt_cli_offline_start(&start, &nstart, c, from, &err)) < 0)
		goto fail;
	switch (action) {
	case RT_RUN_UPGRADE:
		rc = rt_chain_upgrade(&steps, c, start, nstart, target, &err);
		break;
	case RT_RUN_DOWNGRADE:
		rc = rt_chain_downgrade(&steps, c, start, nstart, target, &err);
		break;
	default:
		rc = rt_chain_stamp(&steps, c, start, nstart, target, &err);
		break;
	}
	if (rc < 0 || (rc = rt_runner_render_sql(&sql, steps, cli->version_table, &err)) < 0)
		goto fail;
	fputs(rt_buf_cstr(&sql), stdout);
	goto cleanup;
fail:
	status = rt_cli_fail(cli, &err);
cleanup:
	free(start);
	rt_buf_dispose(&sql);
	rt_steps_free(steps);
	rt_runner_free(r);
	rt_chain_free(c);
	return status;
}
