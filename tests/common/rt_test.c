#include "rt_test.h"

#include "retort/buf.h"
#include "retort/error.h"
#include "retort/pgtmp.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t cluster_lock = PTHREAD_MUTEX_INITIALIZER;
static rt_pgtmp *cluster;
static atomic_uint db_counter;

static void
stop_cluster(void)
{
	rt_pgtmp *p = cluster;
	cluster = NULL;
	rt_pgtmp_stop(p);
}

/* A test that cannot get a server has nothing to test: say why in TAP terms and leave. */
static void
die(const char *what, const rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	const char *s, *nl;
	rt_error_format(&b, err);
	fflush(stdout);
	printf("not ok - %s: %s\n", what, err->message[0] ? err->message : "unknown error");
	for (s = rt_buf_cstr(&b); *s; s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		printf("# %.*s\n", (int)(nl - s), s);
	}
	fflush(stdout);
	fprintf(stderr, "%s: %s", what, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	exit(1);
}

rt_pgtmp *
rt_test_pgtmp(void)
{
	rt_pgtmp_opts opts = RT_PGTMP_OPTS_INIT;
	rt_error err = RT_ERROR_INIT;
	rt_pgtmp *p;
	pthread_mutex_lock(&cluster_lock);
	if (!cluster) {
		opts.bindir = getenv("RT_TEST_PG_BINDIR");
		if (rt_pgtmp_start(&cluster, &opts, &err) < 0) {
			pthread_mutex_unlock(&cluster_lock);
			die("cannot start a throwaway PostgreSQL for the tests", &err);
		}
		/* registered after pgtmp's own exit hook, so it runs first and frees too */
		atexit(stop_cluster);
	}
	p = cluster;
	pthread_mutex_unlock(&cluster_lock);
	return p;
}

const char *
rt_test_cluster(void)
{
	return rt_pgtmp_conninfo(rt_test_pgtmp());
}

const char *
rt_test_bindir(void)
{
	return rt_pgtmp_bindir(rt_test_pgtmp());
}

char *
rt_test_fresh_db(const char *prefix)
{
	rt_error err = RT_ERROR_INIT;
	char name[64], *conninfo = NULL;
	size_t i, n = 0;
	unsigned seq = atomic_fetch_add(&db_counter, 1) + 1;
	rt_pgtmp *p = rt_test_pgtmp();
	if (!prefix || !*prefix)
		prefix = "t";
	/* room for "_<pid>_<n>" within PostgreSQL's 63 bytes */
	for (i = 0; prefix[i] && n < 40; i++) {
		unsigned char c = (unsigned char)prefix[i];
		name[n++] = isalnum(c) ? (char)tolower(c) : '_';
	}
	snprintf(name + n, sizeof name - n, "_%ld_%u", (long)getpid(), seq);
	if (rt_pgtmp_create_db(&conninfo, p, name, &err) < 0)
		die("cannot create a test database", &err);
	return conninfo;
}

static void
discard_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static char *
trimmed_dup(const char *s)
{
	char *d = strdup(s ? s : "");
	size_t n;
	if (!d)
		return NULL;
	n = strlen(d);
	while (n > 0 && isspace((unsigned char)d[n - 1]))
		d[--n] = '\0';
	return d;
}

static PGconn *
connect_or_message(const char *conninfo, char **errmsg)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		if (errmsg)
			*errmsg = trimmed_dup(conn ? PQerrorMessage(conn) : "out of memory");
		PQfinish(conn);
		return NULL;
	}
	PQsetNoticeProcessor(conn, discard_notice, NULL);
	return conn;
}

int
rt_test_exec(const char *conninfo, const char *sql, char **errmsg)
{
	PGconn *conn;
	PGresult *res;
	int rc = 0;
	if (errmsg)
		*errmsg = NULL;
	if (!(conn = connect_or_message(conninfo, errmsg)))
		return -1;
	res = PQexec(conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		break;
	default:
		if (errmsg)
			*errmsg = trimmed_dup(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		rc = -1;
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

int
rt_test_exec_file(const char *conninfo, const char *path, char **errmsg)
{
	char *sql = rt_test_read_file(path);
	int rc;
	if (errmsg)
		*errmsg = NULL;
	if (!sql) {
		if (errmsg) {
			size_t n = strlen(path) + 64;
			if ((*errmsg = malloc(n)))
				snprintf(*errmsg, n, "cannot read %s: %s", path, strerror(errno));
		}
		return -1;
	}
	rc = rt_test_exec(conninfo, sql, errmsg);
	free(sql);
	return rc;
}

int
rt_test_ensure_roles(const char *path, char **errmsg)
{
	char *text = rt_test_read_file(path), *line, *save = NULL, *sql;
	size_t cap;
	int rc = 0;
	if (errmsg)
		*errmsg = NULL;
	if (!text)
		return 0;
	cap = strlen(text) * 4 + 256;
	for (line = strtok_r(text, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line), k = 0;
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		if (!n)
			continue;
		if (!(sql = malloc(cap)))
			break;
		k = (size_t)snprintf(sql, cap, "DO $rt$ DECLARE r text := '");
		for (size_t i = 0; i < n; i++) {
			if (line[i] == '\'')
				sql[k++] = '\'';
			sql[k++] = line[i];
		}
		snprintf(sql + k, cap - k, "'; BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) "
			 "THEN EXECUTE pg_catalog.format('CREATE ROLE %%I', r); END IF; END $rt$");
		rc = rt_test_exec(rt_test_cluster(), sql, errmsg);
		free(sql);
	}
	free(text);
	return rc;
}

char *
rt_test_query_value(const char *conninfo, const char *sql)
{
	PGconn *conn;
	PGresult *res;
	char *v = NULL;
	if (!(conn = connect_or_message(conninfo, NULL)))
		return NULL;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && PQnfields(res) > 0 &&
	    !PQgetisnull(res, 0, 0))
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return v;
}

const char *
rt_test_retort_bin(void)
{
	const char *s = getenv("RETORT_BIN");
	return s && *s ? s : "build/retort";
}

static const char *
tmp_parent(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

static int
capture_file(char *path, size_t n)
{
	snprintf(path, n, "%s/rt-test-out-XXXXXX", tmp_parent());
	return mkostemp(path, O_CLOEXEC);
}

static char *
read_fd(int fd)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(nb = realloc(buf, cap))) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

/* Output goes to unlinked temp files rather than pipes: a program writing a lot to both
 * streams cannot block on one while we wait on the other. */
int
rt_test_run_in(const char *cwd, char **out, char **errout, const char *const argv[])
{
	char opath[4096], epath[4096];
	int ofd = -1, efd = -1, status, rc = -1;
	pid_t pid;
	if (out)
		*out = NULL;
	if (errout)
		*errout = NULL;
	if (!argv || !argv[0])
		return -1;
	if ((ofd = capture_file(opath, sizeof opath)) < 0)
		goto cleanup;
	unlink(opath);
	if ((efd = capture_file(epath, sizeof epath)) < 0)
		goto cleanup;
	unlink(epath);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		goto cleanup;
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		if (cwd && chdir(cwd) < 0) {
			fprintf(stderr, "rt_test_run: cannot enter %s: %s\n", cwd, strerror(errno));
			_exit(127);
		}
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "rt_test_run: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			goto cleanup;
	}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (out)
		*out = read_fd(ofd);
	if (errout)
		*errout = read_fd(efd);
cleanup:
	if (ofd >= 0)
		close(ofd);
	if (efd >= 0)
		close(efd);
	return rc;
}

int
rt_test_run(char **out, char **errout, const char *const argv[])
{
	return rt_test_run_in(NULL, out, errout, argv);
}

char *
rt_test_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	if (!f)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int
mkdir_parents(const char *path)
{
	char *d = strdup(path), *s;
	int rc = 0;
	if (!d)
		return -1;
	for (s = d + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(d, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(d);
	return rc;
}

int
rt_test_write_file(const char *path, const char *text)
{
	FILE *f;
	size_t n = strlen(text);
	int rc = 0;
	if (mkdir_parents(path) < 0 || !(f = fopen(path, "wb")))
		return -1;
	if (fwrite(text, 1, n, f) != n)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

char *
rt_test_mkdtemp(void)
{
	size_t n = strlen(tmp_parent()) + 32;
	char *d = malloc(n);
	if (!d)
		return NULL;
	snprintf(d, n, "%s/rt-test-XXXXXX", tmp_parent());
	if (!mkdtemp(d)) {
		free(d);
		return NULL;
	}
	return d;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

int
rt_test_rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}
