/* retort init: retort.ini, schema/ and migrations/versions/ in the current directory (or
 * --config FILE, --models DIR, --versions DIR).  It never overwrites a config file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "retort/buf.h"

/* mkdir -p */
static int
make_dirs(const char *path, rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	size_t i;
	int rc = RT_OK;
	rt_buf_puts(&b, path);
	if (rt_buf_failed(&b))
		return rt_error_nomem(err);
	for (i = 1; i <= b.len && rc == RT_OK; i++) {
		if (b.ptr[i] == '/' || b.ptr[i] == '\0') {
			char saved = b.ptr[i];
			b.ptr[i] = '\0';
			if (mkdir(b.ptr, 0755) != 0 && errno != EEXIST)
				rc = rt_error_set(err, RT_EIO, "cannot create directory %s: %s", b.ptr, strerror(errno));
			b.ptr[i] = saved;
		}
	}
	rt_buf_dispose(&b);
	return rc;
}

int
cmd_init(rt_cli *cli, int argc, char **argv)
{
	const char *path = cli->config ? cli->config : RT_CLI_CONFIG_FILE;
	const char *models = cli->nmodels ? cli->models[0] : RT_CLI_DEFAULT_MODELS;
	const char *versions = cli->versions ? cli->versions : RT_CLI_DEFAULT_VERSIONS;
	const char *table = cli->version_table ? cli->version_table : RT_CLI_DEFAULT_VERSION_TABLE;
	rt_error err = RT_ERROR_INIT;
	rt_buf text = RT_BUF_INIT;
	FILE *f;
	int fd, i;
	for (i = 1; i < argc; i++)
		return rt_cli_usage(cli, "init", "unexpected argument '%s'", argv[i]);
	rt_buf_puts(&text,
		    "# retort configuration.  Flags win over the environment, which wins over this file.\n"
		    "[retort]\n"
		    "# The database: a postgres:// URI or a libpq key=value string.  Empty: $RETORT_DATABASE_URL,\n"
		    "# then $DATABASE_URL, then libpq's PG* variables.  Keep passwords out of version control.\n");
	rt_buf_printf(&text, "url =%s%s\n", cli->url_is_flag && cli->url ? " " : "",
		      cli->url_is_flag && cli->url ? cli->url : "");
	rt_buf_printf(&text,
		      "# The models: .sql files or directories of them, comma-separated, read in sorted order.\n"
		      "models = %s\n"
		      "# The migrations (<rev>_<slug>.sql; Alembic .py files are read too).\n"
		      "versions = %s\n"
		      "# The table recording applied revisions (Alembic's).\n"
		      "version_table = %s\n",
		      models, versions, table);
	if (rt_buf_failed(&text)) {
		rt_error_nomem(&err);
		goto fail;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		rt_error_set(&err, errno == EEXIST ? RT_EINVALID : RT_EIO, "cannot create %s: %s", path,
			     errno == EEXIST ? "it already exists" : strerror(errno));
		if (errno == EEXIST)
			rt_error_hint(&err, "retort init does not overwrite a configuration; edit it instead");
		goto fail;
	}
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		rt_error_set(&err, RT_EIO, "cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	fputs(text.ptr, f);
	if (fclose(f) != 0) {
		rt_error_set(&err, RT_EIO, "cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	printf("Creating %s\n", path);
	if (make_dirs(models, &err) < 0)
		goto fail;
	printf("Creating directory %s\n", models);
	if (make_dirs(versions, &err) < 0)
		goto fail;
	printf("Creating directory %s\n", versions);
	rt_buf_dispose(&text);
	return RT_EXIT_OK;
fail:
	rt_buf_dispose(&text);
	return rt_cli_fail(cli, &err);
}
