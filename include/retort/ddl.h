/* retort DDL front-end: reads model files (plain CREATE ... DDL) with PostgreSQL's own parser
 * (libpg_query, protobuf tree) into the same schema graph introspection builds.
 * It does not connect to the user's database; view bodies are normalized by a server (see opts). */
#ifndef RETORT_DDL_H
#define RETORT_DDL_H

#include <stdbool.h>

#include "retort/graph.h"

typedef void (*rt_log_fn)(void *payload, int level, const char *msg);
enum { RT_LOG_DEBUG = 0, RT_LOG_INFO = 1, RT_LOG_WARNING = 2 };

typedef struct rt_ddl_opts {
	bool skip_unsupported;      /* unsupported statement kinds warn instead of failing */
	const char *server_conninfo; /* a server for normalizing view bodies (in a transaction
	                                that is always rolled back); NULL: a pgtmp cluster */
	rt_log_fn log;              /* warnings go here; NULL: dropped */
	void *log_payload;
	bool offline;               /* never contact or start a server: view definitions are the
	                                models' own deparsed queries and view columns stay empty
	                                (for fuzzing and unit tests; not comparable to a database) */
	/* when server_conninfo is NULL: asked for one only if the models have views (so a host
	 * can share a cluster it starts lazily); NULL or returning NULL: a pgtmp cluster */
	const char *(*server_conninfo_fn)(void *payload, rt_error *err);
	void *server_conninfo_payload;
	/* expressions (defaults, CHECKs, index keys and predicates, ...) spelled as the server
	 * prints them: the whole models are replayed on the normalizing server, which is then
	 * introspected (src/ddl_spelling.c).  Costs a full load of the schema; for inspect. */
	bool server_spelling;
} rt_ddl_opts;

#define RT_DDL_OPTS_INIT {false, NULL, NULL, NULL, false, NULL, NULL, false}

/* Loads each path (a .sql file, or a directory read recursively in sorted path order) into g.
 * Errors carry path:line:col (syntax) or path:line and the object (semantic). */
int rt_ddl_load(rt_graph *g, const char *const *paths, int npaths, const rt_ddl_opts *opts,
		rt_error *err);
/* The same for SQL text held in memory; `name` is used in error locations. */
int rt_ddl_load_string(rt_graph *g, const char *sql, const char *name, const rt_ddl_opts *opts,
		       rt_error *err);

#endif
