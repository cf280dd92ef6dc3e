/* retort introspection: a live database into the schema graph, with a fixed number of
 * set-based catalog queries whatever the schema's size, in one read-only snapshot.
 * It leaves out system and temp schemas, extension members and the version table; it never
 * writes to the database. */
#ifndef RETORT_INTROSPECT_H
#define RETORT_INTROSPECT_H

#include "retort/graph.h"

struct pg_conn;

typedef struct rt_introspect_opts {
	const char *version_table;  /* left out of the graph; NULL: "alembic_version" */
	int queries;                /* out: number of catalog queries run */
	bool in_transaction;        /* the connection is in a transaction of the caller's: read in
	                               it (its search_path is changed), neither begin nor end it */
} rt_introspect_opts;

#define RT_INTROSPECT_OPTS_INIT {NULL, 0, false}

/* Connects with `conninfo` (URI or key=value), loads every object into g, disconnects.
 * RT_EDB with the server's message (the password never appears in it). */
int rt_introspect_load(rt_graph *g, const char *conninfo, rt_introspect_opts *opts, rt_error *err);
/* The same on an open connection, in a read-only snapshot of its own (or, with in_transaction,
 * in the caller's open transaction). */
int rt_introspect_conn(rt_graph *g, struct pg_conn *conn, rt_introspect_opts *opts, rt_error *err);

/* Functions are read alike by introspection and by the model side (which reads back what the
 * server made of the models' CREATE FUNCTION): the RT_FUNCTION_COLUMNS of pg_proc p joined as
 * RT_FUNCTION_FROM does (the caller adds its WHERE), and rt_introspect_function, which adds
 * the function of row `row` to g, its columns starting at column `at`. */
#define RT_FUNCTION_COLUMNS \
	"n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind, " \
	"pg_catalog.pg_get_function_arguments(p.oid), " \
	"CASE WHEN p.prokind = 'f' THEN pg_catalog.pg_get_function_result(p.oid) END, " \
	"l.lanname, pg_catalog.pg_get_functiondef(p.oid), ds.description, " \
	"pg_catalog.oidvectortypes(p.proargtypes) "
#define RT_FUNCTION_FROM \
	"FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace " \
	"JOIN pg_catalog.pg_language l ON l.oid = p.prolang " \
	"LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = p.oid " \
	"  AND ds.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ds.objsubid = 0 "
/* The functions the server made itself, as part of another object (a range type's
 * constructors: an internal dependency), are that object's: a WHERE clause keeps them out. */
#define RT_FUNCTION_NOT_INTERNAL \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = " \
	"'pg_catalog.pg_proc'::pg_catalog.regclass AND i.objid = p.oid AND i.deptype = 'i') "
struct pg_result;
int rt_introspect_function(rt_function **out, rt_graph *g, const struct pg_result *res, int row, int at,
			   rt_error *err);

/* Connects with libpq; on failure RT_EDB with the message, password removed. */
int rt_db_connect(struct pg_conn **out, const char *conninfo, rt_error *err);
/* The same in two steps, for a connection wanted later: _start begins it without waiting (the
 * server starts its backend meanwhile; NULL when it cannot even begin), _finish waits for it
 * (and frees it on failure). */
struct pg_conn *rt_db_connect_start(const char *conninfo);
int rt_db_connect_finish(struct pg_conn *conn, rt_error *err);
/* Sets err from a failed PGresult (message, detail, hint, sqlstate). */
int rt_db_error(rt_error *err, const struct pg_conn *conn, const void *res, const char *what);

#endif
