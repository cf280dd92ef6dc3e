/* retort check [--format text|json]: the drift gate for CI.  Exit 0 in sync; 2 when the
 * database is behind head or the models differ from what the migrations give; 1 on error
 * (several heads, or a database at a revision the migrations lack, included).  Read-only:
 * never creates the version table. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/autogen.h"

int
cmd_check(rt_cli *cli, int argc, char **argv)
{
	const char *format = "text";
	rt_plan_opts popts = RT_PLAN_OPTS_INIT;
	rt_cli_state st;
	rt_error err = RT_ERROR_INIT;
	int rc, status = RT_EXIT_OK;
	bool behind;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strncmp(argv[i], "--format=", 9))
			format = argv[i] + 9;
		else
			return rt_cli_usage(cli, "check", "unexpected argument '%s'", argv[i]);
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return rt_cli_usage(cli, "check", "--format must be text or json");
	memset(&st, 0, sizeof st);
	if ((rc = rt_cli_migration_state(&st, cli, &err)))
		goto fail;
	if (st.nheads > 1) {
		rc = rt_error_set(&err, RT_EINVALID, "multiple heads are present: %s", rt_buf_cstr(&st.heads));
		rt_error_hint(&err, "merge them (retort revision -m merge) before checking");
		goto fail;
	}
	behind = !st.status.at_head || st.status.unknown;
	if (!behind && (rc = rt_cli_migration_plans(&st, &popts, &err)))
		goto fail;
	if (!strcmp(format, "json")) {
		json_t *root = json_pack("{s:b, s:s, s:s, s:I}", "in_sync",
					 !behind && rt_plan_count(st.up) == 0, "current",
					 rt_buf_cstr(&st.current), "head", rt_buf_cstr(&st.heads), "pending",
					 (json_int_t)st.status.pending);
		if (!behind) {
			char *plan = rt_cli_plan_json(st.up, NULL);
			json_t *pj = plan ? json_loads(plan, 0, NULL) : NULL;
			json_object_set_new(root, "drift", pj ? pj : json_null());
			free(plan);
		}
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text ? text : "{}");
		free(text);
		json_decref(root);
	} else if (behind) {
		printf("database is behind: at %s, head is %s: %zu pending\n", rt_buf_cstr(&st.current),
		       rt_buf_cstr(&st.heads), st.status.pending);
	} else if (rt_plan_count(st.up) > 0) {
		rt_buf b = RT_BUF_INIT;
		const rt_changes *ch = rt_plan_changes(st.up);
		int n = 0;
		for (int i = 0; i < rt_changes_count(ch); i++)
			n += !rt_change_implied(rt_changes_get(ch, i));
		printf("models differ from %s (at %s): %d change%s\n",
		       st.from_database ? "the database" : "the migrations", rt_buf_cstr(&st.current),
		       n, n == 1 ? "" : "s");
		for (int i = 0; i < rt_changes_count(ch); i++) {
			static const char *verbs[] = {"create", "drop", "alter"};
			const rt_change *c = rt_changes_get(ch, i);
			const rt_object *o = c->to ? c->to : c->from;
			if (rt_change_implied(c))
				continue;
			printf("  %-6s %s %s%s%s%s%s", verbs[c->kind], rt_kind_name(o->kind),
			       o->schema ? o->schema : "", o->schema ? "." : "", o->table ? o->table : "",
			       o->table ? "." : "", o->name);
			if (c->field)
				printf(" (%s)", c->field);
			putchar('\n');
		}
		rt_plan_render(&b, st.up);
		printf("\nthe migration that would fix it (retort autogenerate -m ...):\n%s", rt_buf_cstr(&b));
		rt_buf_dispose(&b);
	} else {
		printf("in sync: at %s, models match\n", rt_buf_cstr(&st.current));
	}
	if (behind || rt_plan_count(st.up) > 0)
		status = RT_EXIT_DRIFT;
	goto cleanup;
fail:
	status = rt_cli_fail(cli, &err);
cleanup:
	rt_cli_state_dispose(&st);
	return status;
}
