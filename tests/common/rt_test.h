/* retort test support: one throwaway PostgreSQL per test program, fresh databases in it, SQL
 * and program runners that capture everything.  It does not know any retort module beyond
 * pgtmp; round-trip logic belongs in the tests.
 *
 * Strings returned as `char *` are malloc'd: the caller frees them with free().  Functions
 * returning int give 0 for success, -1 for failure (or a program's exit status). */
#ifndef RT_TEST_H
#define RT_TEST_H

#include "retort/pgtmp.h"

/* Conninfo of the "postgres" database of this process's cluster, started on first use and
 * stopped at exit ($RT_TEST_PG_BINDIR picks the server binaries, as rt_pgtmp_opts.bindir).  When no cluster can start, prints why and exits the program with
 * status 1 (a test cannot run without it).  Thread-safe. */
const char *rt_test_cluster(void);
/* The cluster itself, for rt_pgtmp_dir/port (psql -h DIR -p PORT); started as above. */
rt_pgtmp *rt_test_pgtmp(void);
/* The server bin dir of the cluster (psql, pg_dump, ...). */
const char *rt_test_bindir(void);
/* Creates a new database named "<prefix>_<pid>_<n>" (prefix lower-cased to [a-z0-9_],
 * NULL means "t") and returns its conninfo; exits like rt_test_cluster on failure. */
char *rt_test_fresh_db(const char *prefix);

/* Runs SQL text, any number of statements (PQexec: one implicit transaction unless the text
 * has its own BEGIN/COMMIT).  0, or -1 with *errmsg the server's message (errmsg may be
 * NULL).  Notices are discarded. */
int rt_test_exec(const char *conninfo, const char *sql, char **errmsg);
int rt_test_exec_file(const char *conninfo, const char *path, char **errmsg);
/* First column of the first row, or NULL on error, no row, or an SQL NULL. */
char *rt_test_query_value(const char *conninfo, const char *sql);

/* Creates in the cluster every role named in the file at `path` (one name a line, used as
 * it is; blank lines skipped) that does not exist yet: roles are cluster-wide, so a fixture
 * that needs some says so in such a file (a pair's roles.txt).  A missing file is 0. */
int rt_test_ensure_roles(const char *path, char **errmsg);

/* $RETORT_BIN, else build/retort. */
const char *rt_test_retort_bin(void);
/* Runs argv[0] (a path, or a name looked up in PATH) with stdin from /dev/null and returns
 * its exit status, or -1 when it could not be run or died from a signal.  *out and *errout
 * (either may be NULL) receive all of stdout and stderr, also when -1 is returned after the
 * program ran. */
int rt_test_run(char **out, char **errout, const char *const argv[]);
/* The same, in working directory cwd (NULL: the current one). */
int rt_test_run_in(const char *cwd, char **out, char **errout, const char *const argv[]);

/* Whole file, NUL-terminated, or NULL. */
char *rt_test_read_file(const char *path);
/* Writes text to path, creating the parent directories.  0 or -1. */
int rt_test_write_file(const char *path, const char *text);
/* A fresh empty directory under $TMPDIR or /tmp; remove it with rt_test_rmtree. */
char *rt_test_mkdtemp(void);
/* rm -rf; symlinks are removed, not followed.  0 or -1. */
int rt_test_rmtree(const char *path);

#endif
