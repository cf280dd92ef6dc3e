#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "retort/buf.h"

typedef struct cmd_entry {
	const char *name;
	rt_cmd_fn fn;
	const char *summary;
} cmd_entry;

static const cmd_entry commands[] = {
#define CLI_COMMAND(name, fn, summary) {name, fn, summary},
#include "cli/commands.h"
#undef CLI_COMMAND
};

/* The heap is grown 32 MiB at a time and offered to transparent huge pages: a page fault is dear
 * in a virtual machine, and parsing and reading the catalog allocate tens of MiB that are
 * touched once (at 1,000 tables this took 6,500 page faults and a fifth of retort's CPU time; the
 * arenas do the same for their blocks).  One malloc arena: the model thread and the main thread
 * share the advised heap.  Only glibc has these knobs; elsewhere nothing changes. */
static void
tune_heap(void)
{
#if defined(M_TOP_PAD) && defined(M_ARENA_MAX) && defined(MADV_HUGEPAGE)
	const uintptr_t huge = 2u << 20;
	uintptr_t from, to;
	void *p;
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 32 << 20);
	/* larger than what the loader left on the heap: the heap grows now, by the pad */
	p = malloc(512 << 10);
	to = (uintptr_t)sbrk(0);
	from = ((uintptr_t)p + huge - 1) / huge * huge;
	if (p && to > from && to - from >= huge)
		madvise((void *)from, (to - from) / huge * huge, MADV_HUGEPAGE);
	free(p);
#endif
}

static void
usage(FILE *f)
{
	size_t i;
	fputs("usage: retort [--url URL] [--models PATH]... [--versions DIR] [--config FILE] COMMAND ...\n\n"
	      "  URL   postgres:// URI or libpq key=value string; default $RETORT_DATABASE_URL,\n"
	      "        then $DATABASE_URL, then retort.ini\n"
	      "  PATH  a .sql file or a directory of them (read in sorted order); default schema/\n"
	      "  DIR   default migrations/versions\n\ncommands:\n", f);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fputs("\nexit status: 0 ok or in sync, 1 error, 2 drift found, 3 refused\n", f);
}

int
rt_cli_fail(const rt_cli *cli, const rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	rt_error_format(&b, err);
	fprintf(stderr, "%s: %s", cli && cli->prog ? cli->prog : "retort", rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	switch (err->code) {
	case RT_EDRIFT:
		return RT_EXIT_DRIFT;
	case RT_EREFUSED:
		return RT_EXIT_REFUSED;
	default:
		return RT_EXIT_ERROR;
	}
}

int
rt_cli_usage(const rt_cli *cli, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s %s: ", cli->prog, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see %s --help)\n", cli->prog);
	return RT_EXIT_ERROR;
}

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past what it used. */
static const char *
opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* Global options may stand before or after the command (`retort diff --url X` is as good as
 * `retort --url X diff`); everything else goes to the command in order. */
int
main(int argc, char **argv)
{
	rt_cli cli = {0};
	const char *v;
	char **rest;
	int nrest = 0, i;
	size_t k;

	rt_trace("start");
	tune_heap();
	cli.prog = "retort";
	cli.versions = "migrations/versions";
	cli.version_table = "alembic_version";
	rest = calloc((size_t)argc + 1, sizeof *rest);
	if (!rest)
		return RT_EXIT_ERROR;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				rest[nrest++] = argv[i++];
			break;
		}
		if ((!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) && nrest == 0) {
			usage(stdout);
			free(rest);
			return RT_EXIT_OK;
		} else if ((v = opt_value(argc, argv, &i, "--url"))) {
			cli.url = v;
			cli.url_is_flag = true;
		} else if ((v = opt_value(argc, argv, &i, "--models"))) {
			if (cli.nmodels == (int)(sizeof cli.models / sizeof cli.models[0])) {
				free(rest);
				return rt_cli_usage(&cli, "", "too many --models");
			}
			cli.models[cli.nmodels++] = v;
		} else if ((v = opt_value(argc, argv, &i, "--versions"))) {
			cli.versions = v;
		} else if ((v = opt_value(argc, argv, &i, "--config"))) {
			cli.config = v;
		} else if (!strcmp(argv[i], "--skip-unsupported")) {
			cli.skip_unsupported = true;
		} else if (nrest == 0 && argv[i][0] == '-') {
			fprintf(stderr, "retort: unknown option %s (see retort --help)\n", argv[i]);
			free(rest);
			return RT_EXIT_ERROR;
		} else {
			rest[nrest++] = argv[i];
		}
	}
	if (nrest == 0) {
		usage(stderr);
		free(rest);
		return RT_EXIT_ERROR;
	}
	if (getenv("RETORT_SKIP_UNSUPPORTED") && strcmp(getenv("RETORT_SKIP_UNSUPPORTED"), "0"))
		cli.skip_unsupported = true;
	/* a scratch database for normalizing view bodies (tests, or to avoid a throwaway cluster) */
	if (getenv("RETORT_NORMALIZE_URL") && *getenv("RETORT_NORMALIZE_URL"))
		cli.normalize_url = getenv("RETORT_NORMALIZE_URL");
	if (!cli.url)
		cli.url = getenv("RETORT_DATABASE_URL");
	if (!cli.url || !*cli.url)
		cli.url = getenv("DATABASE_URL");
	if (cli.url && !*cli.url)
		cli.url = NULL;
	for (k = 0; k < sizeof commands / sizeof commands[0]; k++) {
		if (!strcmp(commands[k].name, rest[0])) {
			rt_error err = RT_ERROR_INIT;
			if (strcmp(rest[0], "init") && rt_cli_load_config(&cli, &err) != RT_OK) {
				free(rest);
				return rt_cli_fail(&cli, &err);
			}
			int status = commands[k].fn(&cli, nrest, rest);
			free(rest);
			return status;
		}
	}
	fprintf(stderr, "retort: unknown command '%s' (see retort --help)\n", rest[0]);
	free(rest);
	return RT_EXIT_ERROR;
}
