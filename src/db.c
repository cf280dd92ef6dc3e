/* libpq glue shared by introspection, the runner and the DDL normalizer. */
#include "retort/introspect.h"
#include "retort/buf.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

int
rt_db_error(rt_error *err, const PGconn *conn, const void *vres, const char *what)
{
	const PGresult *res = vres;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	char tmp[512];
	size_t n;
	if (!msg) {
		snprintf(tmp, sizeof tmp, "%s", conn ? PQerrorMessage(conn) : "no connection");
		n = strlen(tmp);
		while (n > 0 && (tmp[n - 1] == '\n' || tmp[n - 1] == ' '))
			tmp[--n] = '\0';
		msg = tmp;
	}
	rt_error_set(err, RT_EDB, "%s: %s", what, msg);
	if (err) {
		if (state)
			snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
		if (detail)
			rt_error_detail(err, "%s", detail);
		if (hint)
			rt_error_hint(err, "%s", hint);
	}
	return RT_EDB;
}

/* libpq's own connection errors never echo the password; the conninfo is not repeated in
 * the message for the same reason. */
int
rt_db_connect(PGconn **out, const char *conninfo, rt_error *err)
{
	PGconn *conn = PQconnectdb(conninfo ? conninfo : "");
	PGresult *res;
	if (!conn)
		return rt_error_nomem(err);
	if (PQstatus(conn) != CONNECTION_OK) {
		rt_db_error(err, conn, NULL, "cannot connect to the database");
		PQfinish(conn);
		return RT_EDB;
	}
	res = PQexec(conn, "SET client_min_messages = warning");
	PQclear(res);
	*out = conn;
	return RT_OK;
}
