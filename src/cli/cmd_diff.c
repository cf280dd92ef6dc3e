/* retort diff [--from SRC] [--to SRC] [--downgrade] [--format sql|json] [--exit-code]
 *             [--no-infer-renames] [--concurrently]
 * The upgrade (or downgrade) SQL between two schemas; SRC is a URL or model files. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "retort/buf.h"
#include "retort/plan.h"
#include "cli/autogen.h"
#include "cli/config.h"

static json_t *
object_json(const rt_object *o)
{
	json_t *j;
	if (!o)
		return json_null();
	j = json_pack("{s:s, s:o, s:s}", "kind", rt_kind_name(o->kind), "schema",
		      o->schema ? json_string(o->schema) : json_null(), "name", o->name);
	if (o->table)
		json_object_set_new(j, "table", json_string(o->table));
	return j;
}

static json_t *
hazards_json(unsigned h)
{
	json_t *arr = json_array();
	rt_buf b = RT_BUF_INIT;
	char *s, *tok, *save = NULL;
	rt_hazard_names(&b, h);
	s = rt_buf_detach(&b);
	for (tok = strtok_r(s, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		json_array_append_new(arr, json_string(tok));
	free(s);
	return arr;
}

char *
rt_cli_plan_json(const rt_plan *up, const rt_plan *down)
{
	static const char *kinds[] = {"create", "drop", "alter"};
	const rt_changes *ch = rt_plan_changes(up);
	json_t *root = json_object(), *changes = json_array(), *stmts;
	char *text;
	for (int i = 0; i < rt_changes_count(ch); i++) {
		const rt_change *c = rt_changes_get(ch, i);
		json_t *j;
		if (rt_change_implied(c))
			continue;
		j = json_pack("{s:s, s:o}", "change", kinds[c->kind], "object",
				      object_json(c->to ? c->to : c->from));
		if (c->renamed) {
			json_object_set_new(j, "renamed_from", object_json(c->from));
			json_object_set_new(j, "inferred", json_boolean(c->inferred));
		}
		if (c->field)
			json_object_set_new(j, "field", json_string(c->field));
		json_array_append_new(changes, j);
	}
	json_object_set_new(root, "changes", changes);
	for (int pass = 0; pass < 2; pass++) {
		const rt_plan *p = pass ? down : up;
		if (!p)
			continue;
		stmts = json_array();
		for (int i = 0; i < rt_plan_count(p); i++) {
			const rt_stmt *s = rt_plan_get(p, i);
			json_t *j = json_pack("{s:s, s:o}", "sql", s->sql, "hazards", hazards_json(s->hazards));
			if (s->note)
				json_object_set_new(j, "note", json_string(s->note));
			json_array_append_new(stmts, j);
		}
		json_object_set_new(root, pass ? "downgrade" : "upgrade", stmts);
		json_object_set_new(root, pass ? "downgrade_hazards" : "upgrade_hazards",
				    hazards_json(rt_plan_hazards(p)));
	}
	json_object_set_new(root, "transactional", json_boolean(!rt_plan_no_transaction(up)));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return text;
}

int
cmd_diff(rt_cli *cli, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *format = "sql";
	bool downgrade = false, exit_code = false;
	rt_plan_opts popts = RT_PLAN_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *gf = NULL, *gt = NULL;
	rt_cli_job *job = NULL;
	rt_plan *up = NULL, *down = NULL;
	rt_buf out = RT_BUF_INIT;
	int rc, status = RT_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(argv[i], "--downgrade"))
			downgrade = true;
		else if (!strcmp(argv[i], "--exit-code"))
			exit_code = true;
		else if (!strcmp(argv[i], "--no-infer-renames"))
			popts.no_infer_renames = true;
		else if (!strcmp(argv[i], "--concurrently"))
			popts.concurrently = true;
		else
			return rt_cli_usage(cli, "diff", "unexpected argument '%s'", argv[i]);
	}
	if (strcmp(format, "sql") && strcmp(format, "json"))
		return rt_cli_usage(cli, "diff", "--format must be sql or json");
	/* model files on the `to` side load while the `from` side does */
	if (to && rt_cli_is_url(to))
		rc = rt_cli_load_source(&gt, cli, to, &err);
	else if (to)
		rc = rt_cli_models_start(&job, cli, (const char *const *)&to, 1, &err);
	else
		rc = rt_cli_models_start(&job, cli, cli->models, cli->nmodels, &err);
	if (rc)
		goto fail;
	if (from)
		rc = rt_cli_load_source(&gf, cli, from, &err);
	else if (rt_cli_load_config(cli, &err) == RT_OK && rt_cli_database_url(cli))
		rc = rt_cli_load_db(&gf, cli, rt_cli_database_url(cli), &err);
	else
		rc = rt_cli_load_embedded(&gf, cli, &err);
	rt_trace("diff: from side loaded");
	if (!rc && job)
		rc = rt_cli_models_wait(job, &gt, &err);
	else if (job)
		rt_cli_models_wait(job, NULL, NULL);
	rt_trace("diff: both sides loaded");
	job = NULL;
	if (rc)
		goto fail;
	/* only the direction asked for (JSON shows both) */
	if ((!downgrade || !strcmp(format, "json")) && (rc = rt_plan_build(&up, gf, gt, &popts, &err)))
		goto fail;
	rt_trace("diff: planned");
	popts.downgrade = true;
	if ((downgrade || !strcmp(format, "json")) && (rc = rt_plan_build(&down, gt, gf, &popts, &err)))
		goto fail;
	if (!strcmp(format, "json")) {
		char *text = rt_cli_plan_json(up, down);
		printf("%s\n", text ? text : "{}");
		free(text);
	} else {
		rt_plan_render(&out, downgrade ? down : up);
		fputs(rt_buf_cstr(&out), stdout);
	}
	rt_trace("diff: printed");
	if (exit_code && rt_plan_count(downgrade ? down : up) > 0)
		status = RT_EXIT_DRIFT;
	goto cleanup;
fail:
	status = rt_cli_fail(cli, &err);
cleanup:
	rt_buf_dispose(&out);
	rt_plan_free(up);
	rt_plan_free(down);
	rt_graph_free(gf);
	rt_graph_free(gt);
	return status;
}
