/* retort throwaway PostgreSQL clusters: initdb in a fresh temp dir, a unix socket in that dir,
 * a free port, fsync off; stopped and deleted on rt_pgtmp_stop, at exit and on SIGINT/SIGTERM.
 * It does not manage long-lived servers or anything outside its own temp dir. */
#ifndef RETORT_PGTMP_H
#define RETORT_PGTMP_H

#include <stdbool.h>

#include "retort/error.h"

typedef struct rt_pgtmp rt_pgtmp;

typedef struct rt_pgtmp_opts {
	const char *bindir;         /* server binaries; NULL: pg_config --bindir, then /usr/lib/postgresql/<newest>/bin */
	int max_locks_per_transaction; /* 0: a value that takes a 10,000-table schema in one transaction */
	const char *tmp_parent;     /* NULL: $TMPDIR, then /tmp */
} rt_pgtmp_opts;

#define RT_PGTMP_OPTS_INIT {NULL, 0, NULL}

/* Starts a private cluster; the caller stops it with rt_pgtmp_stop.  RT_ENOTFOUND when no
 * server binaries exist (the message names the Debian package), RT_ERROR when initdb or the
 * server fails (the detail carries the tail of its log).
 * The cluster is initialised with UTF8 encoding, the C locale and timezone UTC, whatever the
 * environment says, so that what it prints is the same on every machine.  When the process
 * runs as root the server runs as the "postgres" user (through runuser).  Should the process
 * die without stopping it (SIGKILL, a crash), a watchdog process stops it and deletes the
 * directory. */
int rt_pgtmp_start(rt_pgtmp **out, const rt_pgtmp_opts *opts, rt_error *err);
/* libpq key=value connection string for the "postgres" database, superuser "postgres". */
const char *rt_pgtmp_conninfo(const rt_pgtmp *p);
/* Creates database `name` (CREATE DATABASE) and returns its conninfo in *out (caller frees).
 * RT_EDB when the server refuses (the name exists, ...). */
int rt_pgtmp_create_db(char **out, rt_pgtmp *p, const char *name, rt_error *err);
/* The cluster's temp directory: it holds the unix socket (the conninfo's host), the logs and,
 * under data/, the data directory.  Tools like psql or pg_dump take -h DIR -p PORT. */
const char *rt_pgtmp_dir(const rt_pgtmp *p);
int rt_pgtmp_port(const rt_pgtmp *p);
const char *rt_pgtmp_bindir(const rt_pgtmp *p);
/* The data directory (DIR/data) and the postmaster's process id. */
const char *rt_pgtmp_datadir(const rt_pgtmp *p);
int rt_pgtmp_server_pid(const rt_pgtmp *p);
/* Stops the server (fast shutdown) and deletes its directory.  NULL is fine.  In a process
 * forked from the one that started the cluster it only releases the memory: the cluster
 * stays with its owner (the exit and signal cleanup of a forked child leave it alone too). */
void rt_pgtmp_stop(rt_pgtmp *p);

#endif
