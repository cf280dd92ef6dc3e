/* Applying revisions.  The version-table statements are Alembic's own text (HeadMaintainer
 * through SQLAlchemy's PostgreSQL dialect) so that `--sql` output reads like alembic's and an
 * Alembic project's table is used as is. */
#include "retort/runner.h"
#include "retort/arena.h"
#include "retort/sql.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <pg_query.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rt_runner {
	PGconn *conn;
	char *conninfo;      /* kept to scrub the password out of libpq messages */
	char *table;         /* version table name */
	rt_buf qtable;       /* ...quoted for SQL */
	rt_buf qpkey;        /* its primary key constraint, <table>_pkc */
	long long key;       /* advisory lock key */
	bool locked;
	rt_runner_log_fn log;
	void *log_payload;
};

static void
logf_(rt_runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
logf_(rt_runner *r, const char *fmt, ...)
{
	rt_buf b = RT_BUF_INIT;
	va_list ap;
	if (!r->log)
		return;
	va_start(ap, fmt);
	rt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!rt_buf_failed(&b))
		r->log(r->log_payload, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
}

/* ---- passwords -------------------------------------------------------------------------- */

static bool
is_uri(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void
percent_decode(rt_buf *out, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			rt_buf_putc(out, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else {
			rt_buf_putc(out, s[i]);
		}
	}
	if (!out->ptr)
		rt_buf_puts(out, "");
}

/* Passwords found while redacting, for scrubbing messages. */
typedef struct secrets {
	char *v[8];
	size_t n;
} secrets;

static void
secret_add(secrets *s, const char *p, size_t n)
{
	if (!s || s->n == sizeof s->v / sizeof s->v[0] || n == 0)
		return;
	if ((s->v[s->n] = rt_malloc(n + 1))) {
		memcpy(s->v[s->n], p, n);
		s->v[s->n][n] = '\0';
		s->n++;
	}
}

static void
secrets_dispose(secrets *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		rt_free(s->v[i]);
	s->n = 0;
}

static void redact(rt_buf *out, const char *ci, secrets *sec, int depth);

/* postgresql://user:password@host/db?password=...: libpq takes user[:password] up to the
 * first '@' seen before any '/'. */
static void
redact_uri(rt_buf *out, const char *s, secrets *sec)
{
	const char *p = strstr(s, "://") + 3, *q, *at = NULL;
	rt_buf dec = RT_BUF_INIT;
	rt_buf_putn(out, s, (size_t)(p - s));
	for (q = p; *q && *q != '/'; q++) {
		if (*q == '@') {
			at = q;
			break;
		}
	}
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		if (colon) {
			rt_buf_putn(out, p, (size_t)(colon - p) + 1);
			rt_buf_puts(out, "****");
			secret_add(sec, colon + 1, (size_t)(at - colon - 1));
			percent_decode(&dec, colon + 1, (size_t)(at - colon - 1));
			secret_add(sec, dec.ptr, dec.len);
			rt_buf_clear(&dec);
		} else {
			rt_buf_putn(out, p, (size_t)(at - p));
		}
		p = at;
	}
	q = strchr(p, '?');
	if (!q) {
		rt_buf_puts(out, p);
		rt_buf_dispose(&dec);
		return;
	}
	rt_buf_putn(out, p, (size_t)(q - p) + 1);
	p = q + 1;
	while (*p) {
		size_t n = strcspn(p, "&");
		const char *eq = memchr(p, '=', n);
		if (eq && eq - p == 8 && !strncmp(p, "password", 8)) {
			rt_buf_puts(out, "password=****");
			secret_add(sec, eq + 1, n - 9);
			percent_decode(&dec, eq + 1, n - 9);
			secret_add(sec, dec.ptr, dec.len);
			rt_buf_clear(&dec);
		} else {
			rt_buf_putn(out, p, n);
		}
		p += n;
		if (*p == '&')
			rt_buf_putc(out, *p++);
	}
	rt_buf_dispose(&dec);
}

/* key = value pairs as libpq's conninfo_parse reads them: values bare or single-quoted,
 * backslash escapes either way.  A dbname that is itself a URI or key=value string (libpq
 * expands it) is redacted too.  Anything after malformed input is not shown. */
static void
redact_kv(rt_buf *out, const char *s, secrets *sec, int depth)
{
	const char *p = s;
	rt_buf val = RT_BUF_INIT, inner = RT_BUF_INIT;
	while (*p) {
		const char *k, *v0;
		size_t kn;
		bool quoted = false;
		if (isspace((unsigned char)*p)) {
			rt_buf_putc(out, *p++);
			continue;
		}
		k = p;
		while (*p && *p != '=' && !isspace((unsigned char)*p))
			p++;
		kn = (size_t)(p - k);
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '=') {
			rt_buf_putn(out, k, kn);
			if (*p)
				rt_buf_puts(out, " ...");
			break;
		}
		rt_buf_putn(out, k, kn);
		rt_buf_putc(out, '=');
		p++;
		while (isspace((unsigned char)*p))
			p++;
		v0 = p;
		rt_buf_clear(&val);
		if (*p == '\'') {
			quoted = true;
			p++;
			while (*p && *p != '\'') {
				if (*p == '\\' && p[1])
					p++;
				rt_buf_putc(&val, *p++);
			}
			if (*p)
				p++;
		} else {
			while (*p && !isspace((unsigned char)*p)) {
				if (*p == '\\' && p[1])
					p++;
				rt_buf_putc(&val, *p++);
			}
		}
		(void)quoted;
		if (kn == 8 && !strncmp(k, "password", 8)) {
			rt_buf_puts(out, "****");
			secret_add(sec, rt_buf_cstr(&val), val.len);
			secret_add(sec, v0, (size_t)(p - v0));
		} else if (kn == 6 && !strncmp(k, "dbname", 6) && depth == 0 && val.len &&
			   (is_uri(val.ptr) || strchr(val.ptr, '='))) {
			const char *c;
			rt_buf_clear(&inner);
			redact(&inner, val.ptr, sec, depth + 1);
			rt_buf_putc(out, '\'');
			for (c = rt_buf_cstr(&inner); *c; c++) {
				if (*c == '\'' || *c == '\\')
					rt_buf_putc(out, '\\');
				rt_buf_putc(out, *c);
			}
			rt_buf_putc(out, '\'');
		} else {
			rt_buf_putn(out, v0, (size_t)(p - v0));
		}
	}
	rt_buf_dispose(&val);
	rt_buf_dispose(&inner);
}

static void
redact(rt_buf *out, const char *ci, secrets *sec, int depth)
{
	if (is_uri(ci))
		redact_uri(out, ci, sec);
	else
		redact_kv(out, ci, sec, depth);
}

void
rt_conninfo_redact(rt_buf *out, const char *conninfo)
{
	redact(out, conninfo ? conninfo : "", NULL, 0);
	if (!out->ptr)
		rt_buf_puts(out, "");
}

void
rt_conninfo_scrub(rt_buf *out, const char *text, const char *conninfo)
{
	secrets sec = {{0}, 0};
	rt_buf ignore = RT_BUF_INIT;
	const char *p = text ? text : "";
	redact(&ignore, conninfo ? conninfo : "", &sec, 0);
	rt_buf_dispose(&ignore);
	while (*p) {
		size_t i, best = 0;
		for (i = 0; i < sec.n; i++) {
			size_t n = strlen(sec.v[i]);
			if (n >= 3 && n > best && !strncmp(p, sec.v[i], n))
				best = n;
		}
		if (best) {
			rt_buf_puts(out, "****");
			p += best;
		} else {
			rt_buf_putc(out, *p++);
		}
	}
	if (!out->ptr)
		rt_buf_puts(out, "");
	secrets_dispose(&sec);
}

/* ---- connection ------------------------------------------------------------------------- */

long long
rt_runner_lock_key(const char *version_table)
{
	uint64_t h = 14695981039346656037ULL;
	const char *p;
	for (p = "retort:"; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (p = version_table ? version_table : "alembic_version"; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (long long)h;
}

/* Trailing newlines off a libpq message, the password out of it. */
static void
clean_message(rt_buf *out, const rt_runner *r, const char *msg)
{
	rt_buf t = RT_BUF_INIT;
	size_t n = strlen(msg ? msg : "");
	rt_buf_putn(&t, msg ? msg : "", n);
	while (t.len && (t.ptr[t.len - 1] == '\n' || t.ptr[t.len - 1] == ' '))
		rt_buf_truncate(&t, t.len - 1);
	rt_conninfo_scrub(out, rt_buf_cstr(&t), r->conninfo);
	rt_buf_dispose(&t);
}

static int
db_error(rt_runner *r, const PGresult *res, const char *what, rt_error *err)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rt_buf m = RT_BUF_INIT;
	clean_message(&m, r, msg ? msg : PQerrorMessage(r->conn));
	rt_error_set(err, RT_EDB, "%s: %s%s%s%s", what, rt_buf_cstr(&m), state ? " (SQLSTATE " : "",
		     state ? state : "", state ? ")" : "");
	if (err && state)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	if (res && PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL))
		rt_error_detail(err, "%s", PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
	if (res && PQresultErrorField(res, PG_DIAG_MESSAGE_HINT))
		rt_error_hint(err, "%s", PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
	rt_buf_dispose(&m);
	return RT_EDB;
}

static void
ignore_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

int
rt_runner_connect(rt_runner **out, const char *conninfo, const rt_runner_opts *opts, rt_error *err)
{
	static const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *vals[3];
	rt_runner *r;
	PGresult *res;
	*out = NULL;
	r = rt_calloc(1, sizeof *r);
	if (!r)
		return rt_error_nomem(err);
	r->conninfo = rt_strdup(conninfo ? conninfo : "");
	r->table = rt_strdup(opts && opts->version_table ? opts->version_table : "alembic_version");
	if (!r->conninfo || !r->table)
		goto nomem;
	if (opts) {
		r->log = opts->log;
		r->log_payload = opts->log_payload;
	}
	if (!*r->table) {
		rt_runner_free(r);
		return rt_error_set(err, RT_EINVALID, "the version table name is empty");
	}
	rt_sql_ident(&r->qtable, r->table);
	{
		rt_buf pk = RT_BUF_INIT;
		rt_buf_printf(&pk, "%s_pkc", r->table);
		rt_sql_ident(&r->qpkey, rt_buf_cstr(&pk));
		rt_buf_dispose(&pk);
	}
	if (rt_buf_failed(&r->qtable) || rt_buf_failed(&r->qpkey))
		goto nomem;
	r->key = rt_runner_lock_key(r->table);
	vals[0] = r->conninfo;
	vals[1] = "retort";
	vals[2] = NULL;
	r->conn = PQconnectdbParams(keys, vals, 1);
	if (!r->conn)
		goto nomem;
	if (PQstatus(r->conn) != CONNECTION_OK) {
		rt_buf target = RT_BUF_INIT, m = RT_BUF_INIT;
		rt_conninfo_redact(&target, r->conninfo);
		clean_message(&m, r, PQerrorMessage(r->conn));
		rt_error_set(err, RT_EDB, "cannot connect to %s: %s",
			     target.len ? rt_buf_cstr(&target) : "the default database (libpq PG* variables)",
			     rt_buf_cstr(&m));
		rt_buf_dispose(&target);
		rt_buf_dispose(&m);
		rt_runner_free(r);
		return RT_EDB;
	}
	PQsetNoticeReceiver(r->conn, ignore_notice, NULL);
	/* A killed client is noticed within a second even while a statement runs, so its
	 * transaction and our advisory lock go with it (PostgreSQL 14+; older ones refuse the
	 * setting, which is harmless). */
	res = PQexec(r->conn, "SET client_connection_check_interval = '1s'");
	PQclear(res);
	*out = r;
	return RT_OK;
nomem:
	rt_runner_free(r);
	return rt_error_nomem(err);
}

void
rt_runner_free(rt_runner *r)
{
	if (!r)
		return;
	if (r->conn)
		PQfinish(r->conn);
	rt_free(r->conninfo);
	rt_free(r->table);
	rt_buf_dispose(&r->qtable);
	rt_buf_dispose(&r->qpkey);
	rt_free(r);
}

void
rt_strv_free(char **v)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; v[i]; i++)
		rt_free(v[i]);
	rt_free(v);
}

/* Runs one statement of our own; the result is cleared unless kept. */
static int
exec_ok(rt_runner *r, const char *sql, const char *what, PGresult **keep, rt_error *err)
{
	PGresult *res = PQexec(r->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		db_error(r, res, what, err);
		PQclear(res);
		return RT_EDB;
	}
	if (keep)
		*keep = res;
	else
		PQclear(res);
	return RT_OK;
}

static int
table_exists(bool *out, rt_runner *r, rt_error *err)
{
	const char *params[1] = {rt_buf_cstr(&r->qtable)};
	PGresult *res = PQexecParams(r->conn, "SELECT to_regclass($1) IS NOT NULL", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		db_error(r, res, "cannot look for the version table", err);
		PQclear(res);
		return RT_EDB;
	}
	*out = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	return RT_OK;
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
read_rows(char ***out, size_t *n_out, rt_runner *r, rt_error *err)
{
	rt_buf q = RT_BUF_INIT;
	PGresult *res = NULL;
	char **v;
	bool exists;
	int rc, i, n;
	*out = NULL;
	*n_out = 0;
	if ((rc = table_exists(&exists, r, err)) < 0)
		return rc;
	if (!exists) {
		if (!(*out = rt_calloc(1, sizeof **out)))
			return rt_error_nomem(err);
		return RT_OK;
	}
	rt_buf_printf(&q, "SELECT version_num FROM %s", rt_buf_cstr(&r->qtable));
	if (rt_buf_failed(&q))
		return rt_error_nomem(err);
	rc = exec_ok(r, q.ptr, "cannot read the version table", &res, err);
	rt_buf_dispose(&q);
	if (rc < 0)
		return rc;
	n = PQntuples(res);
	v = rt_calloc((size_t)n + 1, sizeof *v);
	if (!v) {
		PQclear(res);
		return rt_error_nomem(err);
	}
	for (i = 0; i < n; i++) {
		if (!(v[i] = rt_strdup(PQgetvalue(res, i, 0)))) {
			PQclear(res);
			rt_strv_free(v);
			return rt_error_nomem(err);
		}
	}
	PQclear(res);
	qsort(v, (size_t)n, sizeof *v, cmp_strp);
	*out = v;
	*n_out = (size_t)n;
	return RT_OK;
}

int
rt_runner_current(char ***out, size_t *n_out, rt_runner *r, rt_error *err)
{
	return read_rows(out, n_out, r, err);
}

int
rt_runner_status(rt_chain_status *out, rt_runner *r, const rt_chain *c, rt_error *err)
{
	char **rows = NULL;
	size_t n;
	int rc;
	if ((rc = read_rows(&rows, &n, r, err)) < 0)
		return rc;
	rc = rt_chain_status_of(out, c, (const char *const *)rows, n, err);
	rt_strv_free(rows);
	return rc;
}

/* ---- the statements ---------------------------------------------------------------------- */

static void
create_table_sql(rt_buf *b, const char *qtable, const char *qpkey)
{
	/* SQLAlchemy's CREATE TABLE for Alembic's Table, byte for byte (its "NOT NULL, " too) */
	rt_buf_printf(b,
		      "CREATE TABLE %s (\n"
		      "    version_num VARCHAR(32) NOT NULL, \n"
		      "    CONSTRAINT %s PRIMARY KEY (version_num)\n"
		      ")",
		      qtable, qpkey);
}

static void
version_sql(rt_buf *b, const rt_version_op *op, const char *qt)
{
	switch (op->kind) {
	case RT_VERSION_INSERT:
		rt_buf_printf(b, "INSERT INTO %s (version_num) VALUES (", qt);
		rt_sql_literal(b, op->to);
		rt_buf_printf(b, ") RETURNING %s.version_num", qt);
		break;
	case RT_VERSION_UPDATE:
		rt_buf_printf(b, "UPDATE %s SET version_num=", qt);
		rt_sql_literal(b, op->to);
		rt_buf_printf(b, " WHERE %s.version_num = ", qt);
		rt_sql_literal(b, op->from);
		break;
	case RT_VERSION_DELETE:
		rt_buf_printf(b, "DELETE FROM %s WHERE %s.version_num = ", qt, qt);
		rt_sql_literal(b, op->from);
		break;
	}
}

static const char *
step_body(const rt_step *st)
{
	if (!st->rev)
		return NULL;
	return st->is_upgrade ? st->rev->upgrade_sql : st->rev->downgrade_sql;
}

static int
step_line(const rt_step *st)
{
	return st->is_upgrade ? st->rev->upgrade_line : st->rev->downgrade_line;
}

/* Alembic's log line: "Running upgrade a -> b, doc" / "Running stamp_revision a -> b";
 * --sql comments leave the doc out, as Alembic's do. */
static void
step_log_line(rt_buf *b, const rt_step *st, bool with_doc)
{
	rt_buf_printf(b, "Running %s %s -> %s", st->rev ? (st->is_upgrade ? "upgrade" : "downgrade") : "stamp_revision",
		      st->from_label, st->to_label);
	if (st->rev && with_doc) {
		rt_buf doc = RT_BUF_INIT;
		rt_revision_doc(&doc, st->rev);
		if (doc.len)
			rt_buf_printf(b, ", %s", rt_buf_cstr(&doc));
		rt_buf_dispose(&doc);
	}
}

static int
refuse_python(const rt_steps *steps, rt_error *err)
{
	size_t i;
	for (i = 0; i < steps->n; i++) {
		const rt_revision *rev = steps->v[i].rev;
		if (rev && rev->kind == RT_REVISION_PY) {
			int rc = rt_error_set(err, RT_EUNSUPPORTED,
					      "revision %s is an Alembic Python migration; retort does not run Python", rev->id);
			rt_error_at_line(err, rev->path, 0, 0);
			rt_error_hint(err, "apply it with `alembic %s %s`, or rewrite it as %s_<slug>.sql, then run retort again",
				      steps->v[i].is_upgrade ? "upgrade" : "downgrade",
				      steps->v[i].is_upgrade ? rev->id : (rev->n_down ? rev->down[0] : "base"), rev->id);
			return rc;
		}
	}
	return RT_OK;
}

/* Statement text has no terminator when it is the last one and the author left it off. */
static bool
needs_terminator(const char *body)
{
	PgQuerySplitResult sr = pg_query_split_with_parser(body);
	bool need = false;
	if (!sr.error && sr.n_stmts > 0) {
		const PgQuerySplitStmt *last = sr.stmts[sr.n_stmts - 1];
		const char *p = body + last->stmt_location + last->stmt_len;
		while (*p && isspace((unsigned char)*p))
			p++;
		need = *p != ';';
	}
	pg_query_free_split_result(sr);
	return need;
}

int
rt_runner_render_sql(rt_buf *out, const rt_steps *steps, const char *version_table, rt_error *err)
{
	rt_buf qt = RT_BUF_INIT, qpk = RT_BUF_INIT, pk = RT_BUF_INIT;
	const char *table = version_table ? version_table : "alembic_version";
	bool need_create = steps->n_heads_before == 0, stamp_tx = false;
	long heads = (long)steps->n_heads_before;
	size_t i, k;
	int rc;
	if ((rc = refuse_python(steps, err)) < 0)
		return rc;
	rt_sql_ident(&qt, table);
	rt_buf_printf(&pk, "%s_pkc", table);
	rt_sql_ident(&qpk, rt_buf_cstr(&pk));
	for (i = 0; i < steps->n; i++) {
		const rt_step *st = &steps->v[i];
		const char *body = step_body(st);
		bool tx = !(st->rev && st->rev->no_transaction);
		/* stamps share one transaction, as rt_runner_run does them */
		if (!st->rev && stamp_tx) {
			tx = false;
		} else if (tx) {
			rt_buf_puts(out, "BEGIN;\n\n");
			stamp_tx = !st->rev;
		}
		if (need_create) {
			create_table_sql(out, rt_buf_cstr(&qt), rt_buf_cstr(&qpk));
			rt_buf_puts(out, ";\n\n");
			need_create = false;
		}
		rt_buf_puts(out, "-- ");
		step_log_line(out, st, false);  /* Alembic's short_log: no message */
		rt_buf_puts(out, "\n\n");
		if (body && *body) {
			rt_buf_puts(out, body);
			if (needs_terminator(body))
				rt_buf_puts(out, "\n;");
			rt_buf_puts(out, "\n\n");
		}
		for (k = 0; k < st->n_ops; k++) {
			version_sql(out, &st->ops[k], rt_buf_cstr(&qt));
			rt_buf_puts(out, ";\n\n");
			heads += st->ops[k].kind == RT_VERSION_INSERT ? 1 : st->ops[k].kind == RT_VERSION_DELETE ? -1 : 0;
		}
		if (tx && st->rev)
			rt_buf_puts(out, "COMMIT;\n\n");
	}
	if (stamp_tx)
		rt_buf_puts(out, "COMMIT;\n\n");
	/* back at base: Alembic's offline mode drops its version table too */
	if (steps->n > 0 && heads <= 0)
		rt_buf_printf(out, "DROP TABLE %s;\n\n", rt_buf_cstr(&qt));
	rt_buf_dispose(&qt);
	rt_buf_dispose(&qpk);
	rt_buf_dispose(&pk);
	if (rt_buf_failed(out))
		return rt_error_nomem(err);
	if (!out->ptr)
		rt_buf_puts(out, "");
	return RT_OK;
}

/* ---- running a migration ------------------------------------------------------------------ */

/* Byte length of the first `chars` characters of UTF-8 text (the server counts characters). */
static size_t
chars_to_bytes(const char *s, size_t len, long chars)
{
	size_t i = 0;
	while (i < len && chars > 0) {
		unsigned char c = (unsigned char)s[i++];
		if (c >= 0xC0)
			while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
				i++;
		chars--;
	}
	return i;
}

/* Offset of the first token of a statement: past whitespace and comments. */
static size_t
first_token(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (isspace((unsigned char)s[i])) {
			i++;
		} else if (s[i] == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			int depth = 0;
			do {
				if (s[i] == '/' && i + 1 < len && s[i + 1] == '*')
					depth++, i += 2;
				else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/')
					depth--, i += 2;
				else
					i++;
			} while (i < len && depth > 0);
		} else {
			break;
		}
	}
	return i < len ? i : 0;
}

static void
heads_text(rt_buf *b, char *const *heads, size_t n)
{
	size_t i;
	if (n == 0)
		rt_buf_puts(b, "base (no revision)");
	for (i = 0; i < n; i++)
		rt_buf_printf(b, "%s%s", i ? ", " : "", heads[i]);
}

typedef struct run_ctx {
	rt_runner *r;
	const rt_step *st;
	char **heads;  /* the version table as of the last commit, for messages */
	size_t n_heads;
} run_ctx;

/* A statement of a migration failed: where it is in the file, what it was, what the server
 * said, and where the database was left. */
static int
statement_error(run_ctx *x, const char *body, size_t loc, size_t len, const PGresult *res, bool tx, size_t done,
		rt_error *err)
{
	const rt_revision *rev = x->st->rev;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	rt_buf stmt = RT_BUF_INIT, where = RT_BUF_INIT, h = RT_BUF_INIT;
	size_t off = loc + first_token(body + loc, len), i;
	int line_base = step_line(x->st), rc;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	rt_buf msg = RT_BUF_INIT;
	char saved_detail[sizeof err->detail];
	bool space = false;
	clean_message(&msg, x->r, primary ? primary : PQerrorMessage(x->r->conn));
	if (pos && atol(pos) > 0)
		off = loc + chars_to_bytes(body + loc, len, atol(pos) - 1);
	/* the statement on one line, shortened */
	for (i = first_token(body + loc, len); i < len && stmt.len < 300; i++) {
		char ch = body[loc + i];
		if (isspace((unsigned char)ch)) {
			space = stmt.len > 0;
			continue;
		}
		if (space)
			rt_buf_putc(&stmt, ' ');
		space = false;
		rt_buf_putc(&stmt, ch);
	}
	if (i < len)
		rt_buf_puts(&stmt, " ...");
	rc = rt_error_set(err, RT_EDB, "%s %s -> %s failed: %s%s%s%s", x->st->is_upgrade ? "upgrade" : "downgrade",
			  x->st->from_label[0] ? x->st->from_label : "<base>",
			  x->st->to_label[0] ? x->st->to_label : "<base>", rt_buf_cstr(&msg), state ? " (SQLSTATE " : "",
			  state ? state : "", state ? ")" : "");
	if (err && state)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	rt_error_at_offset(err, rev->path ? rev->path : rev->id, body, (int)off);
	if (err)
		err->line += line_base > 0 ? line_base - 1 : 0;
	snprintf(saved_detail, sizeof saved_detail, "%s%sstatement: %s", detail ? detail : "", detail ? "\n" : "",
		 rt_buf_cstr(&stmt));
	rt_error_detail(err, "%s", saved_detail);
	heads_text(&where, x->heads, x->n_heads);
	if (hint)
		rt_buf_printf(&h, "%s\n", hint);
	if (tx)
		rt_buf_printf(&h, "the migration was rolled back; the database is still at %s", rt_buf_cstr(&where));
	else
		rt_buf_printf(&h, "this migration runs outside a transaction (-- retort:no-transaction): %zu statement%s before "
			      "this one stayed applied; the version table still says %s",
			      done, done == 1 ? "" : "s", rt_buf_cstr(&where));
	rt_error_hint(err, "%s", rt_buf_cstr(&h));
	rt_buf_dispose(&stmt);
	rt_buf_dispose(&where);
	rt_buf_dispose(&h);
	rt_buf_dispose(&msg);
	return rc;
}

static int
exec_statement(run_ctx *x, const char *body, size_t loc, size_t len, bool tx, size_t done, rt_error *err)
{
	char *sql = rt_malloc(len + 1);
	PGresult *res;
	ExecStatusType st;
	int rc = RT_OK;
	if (!sql)
		return rt_error_nomem(err);
	memcpy(sql, body + loc, len);
	sql[len] = '\0';
	res = PQexec(x->r->conn, sql);
	st = PQresultStatus(res);
	if (st == PGRES_COPY_IN) {
		PQputCopyEnd(x->r->conn, "COPY FROM STDIN is not supported in a migration");
		PQclear(res);
		res = PQgetResult(x->r->conn);
		st = PQresultStatus(res);
	} else if (st == PGRES_COPY_OUT) {
		char *buf;
		while (PQgetCopyData(x->r->conn, &buf, 0) > 0)
			PQfreemem(buf);
		PQclear(res);
		res = PQgetResult(x->r->conn);
		st = PQresultStatus(res);
	}
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = statement_error(x, body, loc, len, res, tx, done, err);
	PQclear(res);
	while ((res = PQgetResult(x->r->conn)))
		PQclear(res);
	rt_free(sql);
	return rc;
}

/* A COMMIT inside a migration would commit half of it without its version-table row; such
 * a migration must say -- retort:no-transaction and own its transactions. */
static int
check_tx_control(run_ctx *x, const char *body, size_t loc, size_t len, rt_error *err)
{
	static const char *const words[] = {"begin", "commit", "rollback", "end", "start", "abort"};
	size_t t = first_token(body + loc, len), n = 0, i;
	const char *w = body + loc + t;
	int rc;
	while (t + n < len && (isalpha((unsigned char)w[n]) || w[n] == '_'))
		n++;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (n == strlen(words[i]) && !strncasecmp(w, words[i], n))
			break;
	}
	if (i == sizeof words / sizeof words[0])
		return RT_OK;
	rc = rt_error_set(err, RT_EINVALID, "revision %s has its own %.*s; retort runs each migration in a transaction",
			  x->st->rev->id, (int)n, w);
	rt_error_at_offset(err, x->st->rev->path ? x->st->rev->path : x->st->rev->id, body, (int)(loc + t));
	if (err)
		err->line += step_line(x->st) - 1;
	rt_error_hint(err, "remove it, or mark the file with -- retort:no-transaction to manage transactions yourself");
	return rc;
}

/* The migration's own statements, one at a time so a failure can name its statement. */
static int
run_body(run_ctx *x, bool tx, rt_error *err)
{
	const char *body = step_body(x->st);
	PgQuerySplitResult sr;
	int i, rc = RT_OK;
	if (!body || !*body)
		return RT_OK;
	sr = pg_query_split_with_parser(body);
	if (sr.error) {
		/* Our parser may be older than the server: inside a transaction the server can take
		 * the whole text at once and still report the position; outside one it cannot. */
		if (tx) {
			rc = exec_statement(x, body, 0, strlen(body), tx, 0, err);
		} else {
			int off = sr.error->cursorpos > 0 ? sr.error->cursorpos - 1 : 0;
			rc = rt_error_set(err, RT_EPARSE, "cannot split revision %s into statements: %s", x->st->rev->id,
					  sr.error->message);
			rt_error_at_offset(err, x->st->rev->path, body, off);
			if (err)
				err->line += step_line(x->st) - 1;
		}
		pg_query_free_split_result(sr);
		return rc;
	}
	for (i = 0; i < sr.n_stmts && rc == RT_OK; i++) {
		size_t loc = (size_t)sr.stmts[i]->stmt_location;
		size_t len = sr.stmts[i]->stmt_len ? (size_t)sr.stmts[i]->stmt_len : strlen(body) - loc;
		if (tx && (rc = check_tx_control(x, body, loc, len, err)) < 0)
			break;
		rc = exec_statement(x, body, loc, len, tx, (size_t)i, err);
	}
	pg_query_free_split_result(sr);
	return rc;
}

static int
run_version_ops(run_ctx *x, const rt_step *st, rt_error *err)
{
	rt_buf q = RT_BUF_INIT;
	size_t k;
	int rc = RT_OK;
	for (k = 0; k < st->n_ops && rc == RT_OK; k++) {
		const rt_version_op *op = &st->ops[k];
		PGresult *res = NULL;
		rt_buf_clear(&q);
		version_sql(&q, op, rt_buf_cstr(&x->r->qtable));
		if (rt_buf_failed(&q)) {
			rc = rt_error_nomem(err);
			break;
		}
		if ((rc = exec_ok(x->r, q.ptr, "cannot update the version table", &res, err)) < 0)
			break;
		/* HeadMaintainer: an UPDATE or DELETE must hit exactly one row, or someone else
		 * changed the table under us */
		if (op->kind != RT_VERSION_INSERT && strcmp(PQcmdTuples(res), "1") != 0) {
			rc = rt_error_set(err, RT_EDB,
					  "online migration expected to match one row when %s '%s'%s%s in '%s'; %s found",
					  op->kind == RT_VERSION_UPDATE ? "updating" : "deleting", op->from,
					  op->kind == RT_VERSION_UPDATE ? " to " : "",
					  op->kind == RT_VERSION_UPDATE ? op->to : "", x->r->table, PQcmdTuples(res));
			rt_error_hint(err, "the version table changed outside retort; check it with retort current");
		}
		PQclear(res);
	}
	rt_buf_dispose(&q);
	return rc;
}

/* Mirrors the ops on our copy of the table, for the "still at" messages. */
static int
track_ops(run_ctx *x, const rt_step *st)
{
	size_t k, i;
	for (k = 0; k < st->n_ops; k++) {
		const rt_version_op *op = &st->ops[k];
		if (op->kind == RT_VERSION_INSERT) {
			char **v = rt_realloc(x->heads, (x->n_heads + 2) * sizeof *v);
			if (!v)
				return RT_ENOMEM;
			x->heads = v;
			if (!(v[x->n_heads] = rt_strdup(op->to)))
				return RT_ENOMEM;
			v[++x->n_heads] = NULL;
			continue;
		}
		for (i = 0; i < x->n_heads && strcmp(x->heads[i], op->from); i++)
			;
		if (i == x->n_heads)
			continue;
		if (op->kind == RT_VERSION_DELETE) {
			rt_free(x->heads[i]);
			memmove(&x->heads[i], &x->heads[i + 1], (x->n_heads - i) * sizeof *x->heads);
			x->n_heads--;
		} else {
			char *s = rt_strdup(op->to);
			if (!s)
				return RT_ENOMEM;
			rt_free(x->heads[i]);
			x->heads[i] = s;
		}
	}
	return RT_OK;
}

static int
create_table(run_ctx *x, rt_error *err)
{
	rt_buf q = RT_BUF_INIT;
	int rc;
	create_table_sql(&q, rt_buf_cstr(&x->r->qtable), rt_buf_cstr(&x->r->qpkey));
	if (rt_buf_failed(&q))
		return rt_error_nomem(err);
	rc = exec_ok(x->r, q.ptr, "cannot create the version table", NULL, err);
	rt_buf_dispose(&q);
	return rc;
}

static void
rollback(rt_runner *r)
{
	PGresult *res = PQexec(r->conn, "ROLLBACK");
	PQclear(res);
}

static int
apply_step(run_ctx *x, bool *need_create, rt_error *err)
{
	const rt_step *st = x->st;
	bool tx = !st->rev->no_transaction;
	rt_buf line = RT_BUF_INIT;
	int rc;
	step_log_line(&line, st, true);
	logf_(x->r, "%s", rt_buf_cstr(&line));
	rt_buf_dispose(&line);
	if (tx && (rc = exec_ok(x->r, "BEGIN", "cannot begin a transaction", NULL, err)) < 0)
		return rc;
	if (*need_create && (rc = create_table(x, err)) < 0)
		goto fail;
	if ((rc = run_body(x, tx, err)) < 0)
		goto fail;
	if (!tx && (rc = exec_ok(x->r, "BEGIN", "cannot begin a transaction", NULL, err)) < 0)
		goto fail;
	if ((rc = run_version_ops(x, st, err)) < 0)
		goto fail;
	if ((rc = exec_ok(x->r, "COMMIT", "cannot commit", NULL, err)) < 0)
		goto fail;
	*need_create = false;
	if (track_ops(x, st) < 0)
		return rt_error_nomem(err);
	return RT_OK;
fail:
	if (PQtransactionStatus(x->r->conn) != PQTRANS_IDLE)
		rollback(x->r);
	if (!tx && *need_create && rc < 0) {
		/* the table was created in autocommit before a failing no-transaction body */
		bool exists = false;
		rt_error ignore = RT_ERROR_INIT;
		if (table_exists(&exists, x->r, &ignore) == RT_OK && exists)
			*need_create = false;
	}
	if (err && st->rev->path && !err->path[0])
		rt_error_prefix(err, "%s", st->rev->path);
	return rc;
}

/* Stamps move only the version table: all of them in one transaction. */
static int
apply_stamps(run_ctx *x, const rt_steps *steps, bool need_create, size_t *done, rt_error *err)
{
	size_t i;
	int rc;
	if ((rc = exec_ok(x->r, "BEGIN", "cannot begin a transaction", NULL, err)) < 0)
		return rc;
	if (need_create && steps->n && (rc = create_table(x, err)) < 0)
		goto fail;
	for (i = 0; i < steps->n; i++) {
		rt_buf line = RT_BUF_INIT;
		x->st = &steps->v[i];
		step_log_line(&line, x->st, true);
		logf_(x->r, "%s", rt_buf_cstr(&line));
		rt_buf_dispose(&line);
		if ((rc = run_version_ops(x, x->st, err)) < 0)
			goto fail;
	}
	if ((rc = exec_ok(x->r, "COMMIT", "cannot commit", NULL, err)) < 0)
		goto fail;
	*done = steps->n;
	return RT_OK;
fail:
	rollback(x->r);
	return rc;
}

static int
lock(rt_runner *r, rt_error *err)
{
	char key[32], q[96];
	const char *params[1] = {key};
	PGresult *res;
	bool got;
	snprintf(key, sizeof key, "%lld", r->key);
	res = PQexecParams(r->conn, "SELECT pg_try_advisory_lock($1::bigint)", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		db_error(r, res, "cannot take the migration lock", err);
		PQclear(res);
		return RT_EDB;
	}
	got = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (!got) {
		logf_(r, "waiting for the migration lock: another retort is migrating this database (pg_advisory_lock(%lld))",
		      r->key);
		snprintf(q, sizeof q, "SELECT pg_advisory_lock(%lld::bigint)", r->key);
		if (exec_ok(r, q, "cannot take the migration lock", NULL, err) < 0)
			return RT_EDB;
	}
	r->locked = true;
	return RT_OK;
}

static void
unlock(rt_runner *r)
{
	char q[96];
	PGresult *res;
	if (!r->locked)
		return;
	snprintf(q, sizeof q, "SELECT pg_advisory_unlock(%lld::bigint)", r->key);
	res = PQexec(r->conn, q);
	PQclear(res);
	r->locked = false;
}

int
rt_runner_run(size_t *applied, rt_runner *r, const rt_chain *c, rt_run_action action, const char *target,
	      rt_error *err)
{
	run_ctx x = {r, NULL, NULL, 0};
	rt_steps *steps = NULL;
	size_t i, done = 0;
	bool exists = false, need_create;
	int rc;
	if (applied)
		*applied = 0;
	if ((rc = lock(r, err)) < 0)
		return rc;
	if ((rc = table_exists(&exists, r, err)) < 0)
		goto cleanup;
	if ((rc = read_rows(&x.heads, &x.n_heads, r, err)) < 0)
		goto cleanup;
	switch (action) {
	case RT_RUN_UPGRADE:
		rc = rt_chain_upgrade(&steps, c, (const char *const *)x.heads, x.n_heads, target, err);
		break;
	case RT_RUN_DOWNGRADE:
		rc = rt_chain_downgrade(&steps, c, (const char *const *)x.heads, x.n_heads, target, err);
		break;
	default:
		rc = rt_chain_stamp(&steps, c, (const char *const *)x.heads, x.n_heads, target, err);
		break;
	}
	if (rc < 0 || (rc = refuse_python(steps, err)) < 0)
		goto cleanup;
	need_create = !exists;
	if (action == RT_RUN_STAMP) {
		rc = apply_stamps(&x, steps, need_create, &done, err);
		goto cleanup;
	}
	for (i = 0; i < steps->n; i++) {
		x.st = &steps->v[i];
		if ((rc = apply_step(&x, &need_create, err)) < 0)
			goto cleanup;
		done++;
	}
cleanup:
	unlock(r);
	if (applied)
		*applied = done;
	rt_steps_free(steps);
	rt_strv_free(x.heads);
	return rc;
}
