/* libFuzzer target for the DDL front-end: any byte string must load or fail with an error,
 * never crash, leak or read out of bounds.  Offline (no server for views), unsupported
 * statements skipped so the fuzzer reaches deeper into the tables it builds.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Iinclude -Isrc \
 *     -I/usr/include/postgresql tests/fuzz/fuzz_ddl.c $(ls src/[a-z]*.c) -o build/fuzz_ddl \
 *     -lpg_query -lprotobuf-c -lpq -ljansson -linih -lm
 *   build/fuzz_ddl -max_total_time=60 -max_len=4096 tests/fuzz/seeds
 * Every other expression also goes through rt_norm_expr_equal. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "retort/ddl.h"
#include "retort/graph.h"
#include "retort/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rt_ddl_opts opts = RT_DDL_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_graph *g = NULL;
	char *sql = malloc(size + 1);
	if (!sql)
		return 0;
	memcpy(sql, data, size);
	sql[size] = '\0';
	opts.offline = true;
	opts.skip_unsupported = size % 2 == 0;
	if (rt_graph_new(&g, &err) == RT_OK) {
		(void)rt_ddl_load_string(g, sql, "fuzz.sql", &opts, &err);
		rt_graph_free(g);
	}
	/* the normalizer sees arbitrary text too */
	(void)rt_norm_expr_equal(sql, "a > 0");
	(void)rt_norm_query_equal(sql, "select 1");
	free(sql);
	return 0;
}
