/* retort.ini and the environment.  Precedence (DESIGN.md): flags, then environment, then the
 * config file, then built-in defaults. */
#include "cli/config.h"
#include "retort/arena.h"
#include "retort/buf.h"

#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct {
	bool loaded;
	rt_arena *arena;   /* every string handed to rt_cli */
} cfg;

typedef struct ini_state {
	const char *path;
	const char *here;          /* the file's directory */
	char *url, *versions, *version_table;
	const char *models[32];
	int nmodels;
	char bad_key[128];
	int bad_models;
} ini_state;

static bool
is_default(const char *v, const char *def)
{
	return !v || !strcmp(v, def);
}

/* "%(here)s" -> the config file's directory (as Alembic's ini files allow). */
static char *
expand(const ini_state *st, const char *value)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = value, *h;
	char *r;
	while ((h = strstr(p, "%(here)s"))) {
		rt_buf_putn(&b, p, (size_t)(h - p));
		rt_buf_puts(&b, st->here);
		p = h + 8;
	}
	rt_buf_puts(&b, p);
	r = rt_arena_strdup(cfg.arena, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	return r;
}

/* A relative path in the file is relative to the file. */
static char *
path_value(const ini_state *st, const char *value)
{
	char *v = expand(st, value);
	if (!v || v[0] == '/' || !strcmp(st->here, "."))
		return v;
	return rt_arena_printf(cfg.arena, "%s/%s", st->here, v);
}

static int
on_ini(void *user, const char *section, const char *name, const char *value)
{
	ini_state *st = user;
	if (section[0] && strcmp(section, "retort") != 0)
		return 1;  /* other tools' sections are theirs */
	if (!strcmp(name, "url")) {
		st->url = expand(st, value);
	} else if (!strcmp(name, "versions")) {
		st->versions = path_value(st, value);
	} else if (!strcmp(name, "version_table")) {
		st->version_table = expand(st, value);
	} else if (!strcmp(name, "models")) {
		/* comma-separated, and inih hands continuation lines over one by one */
		const char *p = value;
		while (*p) {
			size_t n = strcspn(p, ",");
			char *one = rt_arena_strndup(cfg.arena, p, n), *s, *e;
			if (!one)
				return 0;
			for (s = one; *s == ' ' || *s == '\t'; s++)
				;
			for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
				;
			*e = '\0';
			if (*s) {
				if (st->nmodels == (int)(sizeof st->models / sizeof st->models[0])) {
					st->bad_models = 1;
					return 0;
				}
				if (!(st->models[st->nmodels++] = path_value(st, s)))
					return 0;
			}
			p += n + (p[n] == ',');
		}
	} else {
		snprintf(st->bad_key, sizeof st->bad_key, "%s", name);
		return 0;
	}
	return 1;
}

int
rt_cli_load_config(rt_cli *cli, rt_error *err)
{
	ini_state st;
	const char *path = cli->config;
	const char *env;
	char *dir = NULL;
	struct stat sb;
	int rc = RT_OK, i;
	if (cfg.loaded)
		return RT_OK;
	if (!cfg.arena && !(cfg.arena = rt_arena_new()))
		return rt_error_nomem(err);
	memset(&st, 0, sizeof st);
	/* the environment comes before the file */
	if (!cli->url || !*cli->url) {
		env = getenv("RETORT_DATABASE_URL");
		if (!env || !*env)
			env = getenv("DATABASE_URL");
		cli->url = env && *env ? env : NULL;
	}
	if (path) {
		if (stat(path, &sb) != 0)
			return rt_error_set(err, RT_ENOTFOUND, "config file %s: %s", path, strerror(errno));
	} else if (stat(RT_CLI_CONFIG_FILE, &sb) == 0) {
		path = RT_CLI_CONFIG_FILE;
	}
	if (path) {
		const char *slash = strrchr(path, '/');
		dir = slash ? rt_arena_strndup(cfg.arena, path, slash == path ? 1 : (size_t)(slash - path))
			    : rt_arena_strdup(cfg.arena, ".");
		if (!dir)
			return rt_error_nomem(err);
		st.path = path;
		st.here = dir;
		rc = ini_parse(path, on_ini, &st);
		if (rc == -1)
			return rt_error_set(err, RT_EIO, "cannot read config file %s: %s", path, strerror(errno));
		if (rc == -2)
			return rt_error_nomem(err);
		if (rc > 0) {
			if (st.bad_key[0]) {
				rt_error_set(err, RT_EPARSE, "unknown key '%s' in [retort]", st.bad_key);
				rt_error_hint(err, "the keys are url, models, versions and version_table");
			} else if (st.bad_models) {
				rt_error_set(err, RT_EPARSE, "too many models paths");
			} else {
				rt_error_set(err, RT_EPARSE, "cannot parse this line");
			}
			rt_error_at_line(err, path, rc, 0);
			return RT_EPARSE;
		}
		rc = RT_OK;
		if (!cli->url && st.url && *st.url)
			cli->url = st.url;
		if (is_default(cli->versions, RT_CLI_DEFAULT_VERSIONS) && st.versions && *st.versions)
			cli->versions = st.versions;
		if (is_default(cli->version_table, RT_CLI_DEFAULT_VERSION_TABLE) && st.version_table &&
		    *st.version_table)
			cli->version_table = st.version_table;
		if (cli->nmodels == 0)
			for (i = 0; i < st.nmodels; i++)
				cli->models[cli->nmodels++] = st.models[i];
	}
	if (!cli->versions)
		cli->versions = RT_CLI_DEFAULT_VERSIONS;
	if (!cli->version_table)
		cli->version_table = RT_CLI_DEFAULT_VERSION_TABLE;
	cfg.loaded = true;
	return rc;
}

void
rt_cli_config_dispose(void)
{
	rt_arena_free(cfg.arena);
	cfg.arena = NULL;
	cfg.loaded = false;
}
