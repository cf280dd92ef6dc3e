/* libpq glue shared by introspection, the runner and the DDL normalizer. */
#include "retort/introspect.h"
#include "retort/buf.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdbool.h>
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

/* Drives a connection begun by PQconnectStart; waits (poll) only when `wait`.  1 when it is
 * made, 0 when it is still on its way, -1 when it failed. */
static int
drive(PGconn *conn, bool wait)
{
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	for (;;) {
		struct pollfd pfd;
		int n;
		pfd.fd = PQsocket(conn);
		pfd.events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
		pfd.revents = 0;
		if (pfd.fd < 0)
			return -1;
		n = poll(&pfd, 1, wait ? -1 : 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return 0;
		st = PQconnectPoll(conn);
		if (st == PGRES_POLLING_OK)
			return 1;
		if (st == PGRES_POLLING_FAILED)
			return -1;
	}
}

PGconn *
rt_db_connect_start(const char *conninfo)
{
	PGconn *conn = PQconnectStart(conninfo ? conninfo : "");
	if (!conn || PQstatus(conn) == CONNECTION_BAD || drive(conn, false) < 0) {
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

int
rt_db_connect_finish(PGconn *conn, rt_error *err)
{
	PGresult *res;
	if (PQstatus(conn) != CONNECTION_OK && drive(conn, true) < 0) {
		rt_db_error(err, conn, NULL, "cannot connect to the database");
		PQfinish(conn);
		return RT_EDB;
	}
	res = PQexec(conn, "SET client_min_messages = warning");
	PQclear(res);
	return RT_OK;
}

/* libpq's own connection errors never echo the password; the conninfo is not repeated in
 * the message for the same reason. */
int
rt_db_connect(PGconn **out, const char *conninfo, rt_error *err)
{
	PGconn *conn = PQconnectdb(conninfo ? conninfo : "");
	int rc;
	if (!conn)
		return rt_error_nomem(err);
	if ((rc = rt_db_connect_finish(conn, err)))
		return rc;
	*out = conn;
	return RT_OK;
}
