#include "retort/pgtmp.h"
#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/error.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Enough lock slots for 10,000 tables created in one transaction: each table with a serial
 * key, a unique constraint, a foreign key and an index takes about 12 locks (table, index,
 * sequence, toast table and index, ...); the shared lock table holds
 * max_locks_per_transaction * (max_connections + background processes) = 4096 * 86 of
 * them, three times what such a schema measured (123k). */
#define DEFAULT_MAX_LOCKS 4096
/* Tests run 8 concurrent clients, plus the retort processes they start. */
#define MAX_CONNECTIONS 64
#define MAX_ARGS 24
#define MAX_LIVE 64
/* sizeof(sockaddr_un.sun_path) on Linux; the socket is DIR/.s.PGSQL.<port>. */
#define SUN_PATH_MAX 108

/* An argv that needs no allocation to run: the signal handler and the watchdog execute the
 * prebuilt stop command, and neither may call malloc. */
typedef struct cmd {
	char *argv[MAX_ARGS];
	int n;
} cmd;

struct rt_pgtmp {
	char *dir;          /* mkdtemp result: socket, logs, data/ */
	char *datadir;
	char *datadir_real; /* realpath of datadir, as /proc/<pid>/cwd shows it */
	char *pidfile;      /* datadir/postmaster.pid */
	char *bindir;
	char *initdb;
	char *pg_ctl;
	char *runuser;      /* non-NULL when running as root: servers run as "postgres" */
	char *conninfo;
	int port;
	pid_t owner;        /* the process that started it; forked children leave it alone */
	pid_t server_pid;
	volatile pid_t child;          /* initdb or pg_ctl in flight, for the signal path */
	volatile sig_atomic_t is_stopped;
	uid_t pg_uid;
	gid_t pg_gid;
	int watchdog_fd;    /* write end of the watchdog's pipe; EOF tells it we are gone */
	int slot;
	cmd stop;
};

/* ---- process-global registry: what atexit and SIGINT/SIGTERM must stop ----------------- */

static rt_pgtmp *_Atomic live[MAX_LIVE];
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static bool atexit_done;
static volatile sig_atomic_t handlers_installed;
static const int hooked_signals[2] = {SIGINT, SIGTERM};
static struct sigaction old_actions[2];
static bool hooked[2];

static void cluster_cleanup(rt_pgtmp *p);

static void
cleanup_all(void)
{
	pid_t self = getpid();
	int i;
	for (i = 0; i < MAX_LIVE; i++) {
		rt_pgtmp *p = atomic_load(&live[i]);
		if (p && p->owner == self)
			cluster_cleanup(p);
	}
}

static void
on_exit_cleanup(void)
{
	cleanup_all();
}

/* Stops every cluster of this process, then lets the signal do what it would have done
 * without us: the previous action (normally the default, terminate) is restored and the
 * signal raised again; it is delivered once the handler returns. */
static void
on_signal(int sig)
{
	int saved = errno, i;
	cleanup_all();
	for (i = 0; i < 2; i++)
		if (hooked[i])
			sigaction(hooked_signals[i], &old_actions[i], NULL);
	handlers_installed = 0;
	raise(sig);
	errno = saved;
}

/* A signal someone chose to ignore (nohup, a shell's background job) stays ignored. */
static void
install_handlers(void)
{
	struct sigaction sa, cur;
	int i;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	for (i = 0; i < 2; i++) {
		hooked[i] = false;
		if (sigaction(hooked_signals[i], NULL, &cur) < 0)
			continue;
		if (!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == SIG_IGN)
			continue;
		old_actions[i] = cur;
		hooked[i] = true;
		sigaction(hooked_signals[i], &sa, NULL);
	}
	handlers_installed = 1;
}

static int
registry_add(rt_pgtmp *p, rt_error *err)
{
	int i, rc = RT_OK;
	pthread_mutex_lock(&live_lock);
	if (!atexit_done) {
		if (atexit(on_exit_cleanup) != 0) {
			rc = rt_error_set(err, RT_ERROR, "cannot register the throwaway cluster cleanup");
			goto cleanup;
		}
		atexit_done = true;
	}
	if (!handlers_installed)
		install_handlers();
	for (i = 0; i < MAX_LIVE; i++) {
		rt_pgtmp *expect = NULL;
		if (atomic_compare_exchange_strong(&live[i], &expect, p)) {
			p->slot = i;
			goto cleanup;
		}
	}
	rc = rt_error_set(err, RT_ERROR, "too many throwaway clusters in one process (%d)", MAX_LIVE);
cleanup:
	pthread_mutex_unlock(&live_lock);
	return rc;
}

static void
registry_remove(rt_pgtmp *p)
{
	if (p->slot >= 0)
		atomic_store(&live[p->slot], NULL);
	p->slot = -1;
}

static bool
port_in_use_here(int port)
{
	int i;
	for (i = 0; i < MAX_LIVE; i++) {
		rt_pgtmp *p = atomic_load(&live[i]);
		if (p && p->port == port)
			return true;
	}
	return false;
}

/* ---- async-signal-safe process and file helpers ----------------------------------------
 * Everything below up to cluster_cleanup runs in the signal handler and in the watchdog too:
 * fork, execve, waitpid, open, unlinkat, getdents64; no malloc, no stdio. */

static void
close_from(int lowfd)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0)
		return;
#endif
	for (int fd = lowfd; fd < 4096; fd++)
		close(fd);
}

/* In a forked child: stdin from /dev/null, stdout and stderr to logfd (or /dev/null), no
 * other descriptor (a host's pipe must not stay open in a long-lived postmaster), no
 * blocked signal (the mask survives exec). */
static void
child_setup(int logfd, const char *cwd)
{
	sigset_t none;
	int nul, out;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	nul = open("/dev/null", O_RDWR);
	if (nul >= 0 && nul < 3)
		nul = fcntl(nul, F_DUPFD, 3);
	if (logfd >= 0 && logfd < 3)
		logfd = fcntl(logfd, F_DUPFD, 3);
	out = logfd >= 0 ? logfd : nul;
	if (out >= 0) {
		dup2(out, 1);
		dup2(out, 2);
	}
	if (nul >= 0)
		dup2(nul, 0);
	close_from(3);
	if (cwd && chdir(cwd) < 0) {
		/* not fatal: the tools take absolute paths */
	}
}

/* Runs c (argv[0] an absolute path) and waits; returns the wait status or -1.  The pid is
 * published in *child meanwhile so that the signal path can end it first. */
static int
spawn_wait(const cmd *c, int logfd, const char *cwd, volatile pid_t *child)
{
	int status;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		child_setup(logfd, cwd);
		execve(c->argv[0], c->argv, environ);
		_exit(127);
	}
	if (child)
		*child = pid;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}
	if (child)
		*child = 0;
	return status;
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Empties the directory open as fd.  Entries are removed while reading, which may make
 * getdents skip some, so it rereads until a pass removes nothing. */
static void
rmtree_fd(int fd, int depth)
{
	char buf[2048] __attribute__((aligned(8)));
	bool again = true;
	while (again) {
		again = false;
		if (lseek(fd, 0, SEEK_SET) < 0)
			return;
		for (;;) {
			long n = syscall(SYS_getdents64, fd, buf, sizeof buf), off;
			if (n <= 0)
				break;
			for (off = 0; off < n;) {
				struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
				int sub;
				off += d->d_reclen;
				if (d->d_name[0] == '.' && (d->d_name[1] == '\0' ||
				    (d->d_name[1] == '.' && d->d_name[2] == '\0')))
					continue;
				if (d->d_type != DT_DIR) {
					if (unlinkat(fd, d->d_name, 0) == 0) {
						again = true;
						continue;
					}
					if (errno != EISDIR)
						continue;
				}
				/* O_NOFOLLOW: a symlink (pg_tblspc) is removed, never followed */
				sub = openat(fd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (sub >= 0) {
					if (depth < 32)
						rmtree_fd(sub, depth + 1);
					close(sub);
				}
				if (unlinkat(fd, d->d_name, AT_REMOVEDIR) == 0)
					again = true;
			}
		}
	}
}

static void
rmtree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	rmtree_fd(fd, 0);
	close(fd);
	rmdir(path);
}

/* First line of postmaster.pid, or 0. */
static pid_t
read_pidfile(const char *path)
{
	char buf[32];
	ssize_t n;
	pid_t pid = 0;
	int fd, i;
	if (!path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		pid = pid * 10 + (buf[i] - '0');
	return pid;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* True when /proc says process pid has dir as its working directory.  No snprintf: it is
 * not async-signal-safe. */
static bool
works_in(pid_t pid, const char *dir)
{
	char link[64] = "/proc/", digits[16], target[4096];
	int nd = 0, i = 6;
	ssize_t n;
	if (!dir || pid <= 0)
		return false;
	do {
		digits[nd++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid > 0);
	while (nd > 0)
		link[i++] = digits[--nd];
	memcpy(link + i, "/cwd", 5);
	n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	return strcmp(target, dir) == 0;
}

/* Stops the server and deletes the directory; safe to repeat, from any of its three callers
 * (rt_pgtmp_stop, atexit or a signal handler in the owner, the watchdog). */
static void
cluster_cleanup(rt_pgtmp *p)
{
	pid_t pid;
	int status;
	if (p->is_stopped)
		return;
	if (p->child > 0) {
		pid_t c = p->child;
		kill(c, SIGTERM);
		while (waitpid(c, NULL, 0) < 0 && errno == EINTR)
			;
		p->child = 0;
	}
	if (p->pidfile && access(p->pidfile, F_OK) == 0) {
		status = spawn_wait(&p->stop, -1, p->dir, &p->child);
		/* pg_ctl gave up (its 60 s wait ran out): the postmaster gets an immediate
		 * shutdown, the one signal PostgreSQL documents for that.  A stale pid file may
		 * name someone else's process by now; a postmaster works in its data directory. */
		if ((status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) &&
		    (pid = read_pidfile(p->pidfile)) > 0 && works_in(pid, p->datadir_real) &&
		    kill(pid, SIGQUIT) == 0) {
			for (int i = 0; i < 100 && kill(pid, 0) == 0 &&
			     access(p->pidfile, F_OK) == 0; i++)
				sleep_ms(50);
		}
	}
	if (p->dir)
		rmtree(p->dir);
	p->is_stopped = 1;
}

/* The watchdog is a grandchild (nobody's child to wait for, in its own session so that a
 * terminal's ^C or a process-group kill meant for the owner does not reach it) that blocks
 * on a pipe only the owner holds open.  EOF means the owner is gone: if it left the cluster
 * running (SIGKILL, a crash, _exit), the watchdog stops it.  After a clean stop it finds
 * nothing to do. */
static void
watchdog_main(rt_pgtmp *p, int rfd)
{
	struct sigaction sa;
	char c;
	ssize_t n;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	setsid();
	if (rfd < 3)
		rfd = fcntl(rfd, F_DUPFD, 3);
	dup2(rfd, 0);
	{
		/* stdin is the pipe: child_setup would replace it */
		int nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			dup2(nul, 1);
			dup2(nul, 2);
		}
		close_from(3);
	}
	if (chdir("/") < 0) {
		/* harmless */
	}
	p->child = 0;
	while ((n = read(0, &c, 1)) != 0) {
		if (n < 0 && errno != EINTR)
			break;
	}
	cluster_cleanup(p);
	_exit(0);
}

static int
watchdog_start(rt_pgtmp *p, rt_error *err)
{
	int fds[2], status;
	pid_t pid;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return rt_error_set(err, RT_EIO, "cannot create a pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return rt_error_set(err, RT_ERROR, "cannot fork: %s", strerror(errno));
	}
	if (pid == 0) {
		pid_t g;
		close(fds[1]);
		g = fork();
		if (g != 0)
			_exit(g < 0 ? 1 : 0);
		watchdog_main(p, fds[0]);
	}
	close(fds[0]);
	/* the watchdog is a safety net: should its fork have failed, the atexit and signal
	 * paths still clean up, so its status is not an error */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	p->watchdog_fd = fds[1];
	return RT_OK;
}

/* ---- finding the server binaries ------------------------------------------------------- */

static bool
has_server_bins(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/initdb", dir);
	if (access(path, X_OK) != 0)
		return false;
	snprintf(path, sizeof path, "%s/pg_ctl", dir);
	return access(path, X_OK) == 0;
}

/* `pg_config --bindir`, trimmed, or NULL.  On Debian that is /usr/bin (client tools only)
 * unless the server package's pg_config comes first in PATH; the caller checks for initdb. */
static char *
pg_config_bindir(void)
{
	int fds[2], status;
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		char *const argv[] = {"pg_config", "--bindir", NULL};
		child_setup(fds[1], NULL);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while (len < sizeof buf - 1) {
		n = read(fds[0], buf + len, sizeof buf - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return NULL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return NULL;
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		len--;
	buf[len] = '\0';
	return len > 0 && buf[0] == '/' && !memchr(buf, '\n', len) ? rt_strdup(buf) : NULL;
}

/* "15" -> 1500, "9.6" -> 906; -1 when the name is not a version. */
static int
version_rank(const char *s)
{
	int major = 0, minor = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s))
		major = major * 10 + (*s++ - '0');
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			minor = minor * 10 + (*s++ - '0');
	}
	return *s ? -1 : major * 100 + minor;
}

static char *
newest_debian_bindir(void)
{
	DIR *d = opendir("/usr/lib/postgresql");
	struct dirent *e;
	char path[4096], best[4096] = "";
	int best_rank = -1, r;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if ((r = version_rank(e->d_name)) <= best_rank)
			continue;
		snprintf(path, sizeof path, "/usr/lib/postgresql/%s/bin", e->d_name);
		if (!has_server_bins(path))
			continue;
		best_rank = r;
		memcpy(best, path, sizeof best);
	}
	closedir(d);
	return best_rank >= 0 ? rt_strdup(best) : NULL;
}

static int
find_bindir(char **out, const rt_pgtmp_opts *opts, rt_error *err)
{
	char *dir;
	*out = NULL;
	if (opts && opts->bindir) {
		if (!has_server_bins(opts->bindir)) {
			rt_error_set(err, RT_ENOTFOUND,
				     "PostgreSQL server binaries (initdb, pg_ctl) not found in %s; "
				     "install the Debian package postgresql", opts->bindir);
			rt_error_hint(err, "bindir must name the directory holding initdb and pg_ctl, "
				      "such as /usr/lib/postgresql/15/bin");
			return RT_ENOTFOUND;
		}
		dir = rt_strdup(opts->bindir);
	} else {
		dir = pg_config_bindir();
		if (dir && !has_server_bins(dir)) {
			rt_free(dir);
			dir = NULL;
		}
		if (!dir)
			dir = newest_debian_bindir();
		if (!dir) {
			rt_error_set(err, RT_ENOTFOUND,
				     "PostgreSQL server binaries (initdb, pg_ctl) not found; "
				     "install the Debian package postgresql");
			rt_error_hint(err, "or give a database URL; retort looked at pg_config --bindir "
				      "and /usr/lib/postgresql/*/bin");
			return RT_ENOTFOUND;
		}
	}
	if (!dir)
		return rt_error_nomem(err);
	*out = dir;
	return RT_OK;
}

/* ---- building the cluster -------------------------------------------------------------- */

static void
cmd_push(cmd *c, const char *arg)
{
	if (c->n < MAX_ARGS - 1)
		c->argv[c->n++] = (char *)arg;
	c->argv[c->n] = NULL;
}

/* PostgreSQL refuses to run as root, so as root every server program runs as "postgres". */
static void
cmd_start(cmd *c, const rt_pgtmp *p, const char *prog)
{
	c->n = 0;
	c->argv[0] = NULL;
	if (p->runuser) {
		cmd_push(c, p->runuser);
		cmd_push(c, "-u");
		cmd_push(c, "postgres");
		cmd_push(c, "--");
	}
	cmd_push(c, prog);
}

static char *
path_join(const char *dir, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_printf(&b, "%s/%s", dir, name);
	if (rt_buf_failed(&b)) {
		rt_buf_dispose(&b);
		return NULL;
	}
	return rt_buf_detach(&b);
}

/* libpq conninfo value: bare when it has no space, quote or backslash, else single-quoted
 * with \' and \\ escaped. */
static void
conninfo_value(rt_buf *b, const char *v)
{
	const char *s;
	bool bare = *v != '\0';
	for (s = v; *s && bare; s++)
		if (isspace((unsigned char)*s) || *s == '\'' || *s == '\\')
			bare = false;
	if (bare) {
		rt_buf_puts(b, v);
		return;
	}
	rt_buf_putc(b, '\'');
	for (s = v; *s; s++) {
		if (*s == '\'' || *s == '\\')
			rt_buf_putc(b, '\\');
		rt_buf_putc(b, *s);
	}
	rt_buf_putc(b, '\'');
}

static char *
make_conninfo(const rt_pgtmp *p, const char *dbname)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_puts(&b, "host=");
	conninfo_value(&b, p->dir);
	rt_buf_printf(&b, " port=%d user=postgres dbname=", p->port);
	conninfo_value(&b, dbname);
	if (rt_buf_failed(&b)) {
		rt_buf_dispose(&b);
		return NULL;
	}
	return rt_buf_detach(&b);
}

/* The directory reaches pg_ctl's shell command line (inside double quotes) and
 * unix_socket_directories (a comma-separated list), so it keeps to characters that mean
 * nothing to either. */
static bool
is_plain_path(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("/._-+@%:~=", *s))
			return false;
	return true;
}

static int
make_tempdir(rt_pgtmp *p, const rt_pgtmp_opts *opts, rt_error *err)
{
	const char *parent = opts ? opts->tmp_parent : NULL;
	char abs[4096];
	size_t plen;
	rt_buf b = RT_BUF_INIT;
	int rc = RT_OK;
	if (!parent || !*parent)
		parent = getenv("TMPDIR");
	if (!parent || !*parent)
		parent = "/tmp";
	/* libpq reads a host starting with '/' as a socket directory, anything else as a name */
	if (parent[0] != '/') {
		if (!realpath(parent, abs)) {
			rc = rt_error_set(err, RT_EIO, "cannot use %s as a temporary directory: %s",
					  parent, strerror(errno));
			goto cleanup;
		}
		parent = abs;
	}
	if (!is_plain_path(parent)) {
		rc = rt_error_set(err, RT_EINVALID,
				  "temporary directory %s has characters a PostgreSQL socket path cannot carry",
				  parent);
		rt_error_hint(err, "set TMPDIR to a plain path such as /tmp");
		goto cleanup;
	}
	plen = strlen(parent);
	while (plen > 1 && parent[plen - 1] == '/')
		plen--;
	rt_buf_printf(&b, "%.*s/rt-pgtmp-XXXXXX", (int)(plen > 1 ? plen : 0), parent);
	if (rt_buf_failed(&b)) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	if (b.len + strlen("/.s.PGSQL.65535") >= SUN_PATH_MAX) {
		rc = rt_error_set(err, RT_EINVALID,
				  "temporary directory %s is too long for a unix socket path", parent);
		rt_error_hint(err, "set TMPDIR to a shorter path such as /tmp");
		goto cleanup;
	}
	if (!mkdtemp(b.ptr)) {
		rc = rt_error_set(err, RT_EIO, "cannot create a temporary directory in %s: %s",
				  parent, strerror(errno));
		goto cleanup;
	}
	p->dir = rt_buf_detach(&b);
cleanup:
	rt_buf_dispose(&b);
	return rc;
}

static unsigned
random_seed(void)
{
	unsigned v = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &v, sizeof v) != (ssize_t)sizeof v)
			v = 0;
		close(fd);
	}
	return v ^ (unsigned)getpid() ^ (unsigned)time(NULL);
}

static bool
tcp_port_free(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;
	if (fd < 0)
		return true; /* no network at all: nothing to collide with */
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* The server listens on no TCP address, and the socket lives in our own directory, so any
 * number would do; a port free on loopback and unused by our other clusters keeps tools
 * that print or compare ports unsurprised. */
static int
pick_port(void)
{
	unsigned seed = random_seed();
	int i, port = 0;
	for (i = 0; i < 100; i++) {
		seed = seed * 1103515245u + 12345u;
		port = 20000 + (int)((seed >> 8) % 30000);
		if (!port_in_use_here(port) && tcp_port_free(port))
			break;
	}
	return port;
}

/* Single-quoted for postgresql.conf: quotes doubled, backslashes escaped. */
static void
conf_line(rt_buf *b, const char *name, const char *value)
{
	const char *s;
	rt_buf_printf(b, "%s = '", name);
	for (s = value; *s; s++) {
		if (*s == '\'' || *s == '\\')
			rt_buf_putc(b, *s);
		rt_buf_putc(b, *s);
	}
	rt_buf_puts(b, "'\n");
}

/* Settings go into postgresql.conf rather than through pg_ctl -o, which pg_ctl hands to a
 * shell. */
static int
write_settings(const rt_pgtmp *p, int max_locks, rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	char num[32];
	char *path = NULL;
	FILE *f = NULL;
	int rc = RT_OK;
	rt_buf_puts(&b, "\n# retort pgtmp: a throwaway cluster, durability off\n");
	conf_line(&b, "listen_addresses", "");
	conf_line(&b, "unix_socket_directories", p->dir);
	snprintf(num, sizeof num, "%d", p->port);
	conf_line(&b, "port", num);
	snprintf(num, sizeof num, "%d", MAX_CONNECTIONS);
	conf_line(&b, "max_connections", num);
	snprintf(num, sizeof num, "%d", max_locks);
	conf_line(&b, "max_locks_per_transaction", num);
	conf_line(&b, "fsync", "off");
	conf_line(&b, "full_page_writes", "off");
	conf_line(&b, "synchronous_commit", "off");
	conf_line(&b, "timezone", "UTC");
	conf_line(&b, "log_timezone", "UTC");
	if (rt_buf_failed(&b) || !(path = path_join(p->datadir, "postgresql.conf"))) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	if (!(f = fopen(path, "a")) || fwrite(b.ptr, 1, b.len, f) != b.len) {
		rc = rt_error_set(err, RT_EIO, "cannot write %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (fclose(f) != 0) {
		f = NULL;
		rc = rt_error_set(err, RT_EIO, "cannot write %s: %s", path, strerror(errno));
		goto cleanup;
	}
	f = NULL;
cleanup:
	if (f)
		fclose(f);
	rt_free(path);
	rt_buf_dispose(&b);
	return rc;
}

/* The last lines of a log, as much as fits in err->detail. */
static void
detail_from_log(rt_error *err, const char *path)
{
	char buf[sizeof err->detail];
	char *start;
	ssize_t n;
	off_t size;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	if (size > (off_t)sizeof buf - 1)
		lseek(fd, size - (off_t)(sizeof buf - 1), SEEK_SET);
	else
		lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	start = buf;
	if (size > (off_t)sizeof buf - 1) {
		char *nl = strchr(buf, '\n');
		if (nl)
			start = nl + 1;
	}
	if (*start)
		rt_error_detail(err, "%s", start);
}

static bool
status_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void
describe_status(char *out, size_t n, int status)
{
	if (status == -1)
		snprintf(out, n, "could not be run");
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(out, n, "could not be executed");
	else if (WIFEXITED(status))
		snprintf(out, n, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(out, n, "was killed by signal %d", WTERMSIG(status));
	else
		snprintf(out, n, "failed");
}

/* Runs c with its output in DIR/<log>; on failure the error names what failed and carries
 * the tail of `tail_log` (the server's log says more than pg_ctl's). */
static int
run_logged(rt_pgtmp *p, const cmd *c, const char *what, const char *log, const char *tail_log,
	   rt_error *err)
{
	char *path = path_join(p->dir, log), *tail_path = NULL, how[64];
	int fd = -1, status, rc = RT_OK;
	if (!path || !(tail_path = path_join(p->dir, tail_log))) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = rt_error_set(err, RT_EIO, "cannot create %s: %s", path, strerror(errno));
		goto cleanup;
	}
	status = spawn_wait(c, fd, p->dir, &p->child);
	if (!status_ok(status)) {
		describe_status(how, sizeof how, status);
		rc = rt_error_set(err, RT_ERROR, "%s %s", what, how);
		detail_from_log(err, tail_path);
		if (!err || !err->detail[0])
			detail_from_log(err, path);
		if (p->runuser && err && strstr(err->detail, "Permission denied")) {
			const char *slash = strrchr(p->dir, '/');
			int len = slash && slash != p->dir ? (int)(slash - p->dir) : 1;
			rt_error_hint(err, "running as root, the cluster belongs to the user postgres, "
				      "which must be able to reach %.*s", len, p->dir);
		}
	}
cleanup:
	if (fd >= 0)
		close(fd);
	rt_free(tail_path);
	rt_free(path);
	return rc;
}

static const char *
find_runuser(void)
{
	static const char *const paths[] = {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser",
					    "/bin/runuser"};
	size_t i;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static int
setup_identity(rt_pgtmp *p, rt_error *err)
{
	struct passwd pwbuf, *pw = NULL;
	char strings[4096];
	const char *ru;
	if (geteuid() != 0)
		return RT_OK;
	if (getpwnam_r("postgres", &pwbuf, strings, sizeof strings, &pw) != 0 || !pw) {
		rt_error_set(err, RT_ENOTFOUND, "running as root needs a \"postgres\" user to run the server");
		rt_error_hint(err, "install the Debian package postgresql, which creates it, or run as another user");
		return RT_ENOTFOUND;
	}
	if (!(ru = find_runuser())) {
		rt_error_set(err, RT_ENOTFOUND, "running as root needs runuser to run the server as postgres");
		rt_error_hint(err, "install the Debian package util-linux, or run as another user");
		return RT_ENOTFOUND;
	}
	p->pg_uid = pw->pw_uid;
	p->pg_gid = pw->pw_gid;
	if (!(p->runuser = rt_strdup(ru)))
		return rt_error_nomem(err);
	return RT_OK;
}

static void
pgtmp_free(rt_pgtmp *p)
{
	if (!p)
		return;
	if (p->watchdog_fd >= 0)
		close(p->watchdog_fd);
	rt_free(p->dir);
	rt_free(p->datadir);
	rt_free(p->datadir_real);
	rt_free(p->pidfile);
	rt_free(p->bindir);
	rt_free(p->initdb);
	rt_free(p->pg_ctl);
	rt_free(p->runuser);
	rt_free(p->conninfo);
	rt_free(p);
}

int
rt_pgtmp_start(rt_pgtmp **out, const rt_pgtmp_opts *opts, rt_error *err)
{
	rt_pgtmp *p = NULL;
	cmd c;
	int rc, max_locks;
	if (!out)
		return rt_error_set(err, RT_EINVALID, "rt_pgtmp_start: out is NULL");
	*out = NULL;
	max_locks = opts && opts->max_locks_per_transaction > 0 ? opts->max_locks_per_transaction
							       : DEFAULT_MAX_LOCKS;
	if (!(p = rt_calloc(1, sizeof *p)))
		return rt_error_nomem(err);
	p->watchdog_fd = -1;
	p->slot = -1;
	p->owner = getpid();
	if ((rc = find_bindir(&p->bindir, opts, err)) < 0 ||
	    (rc = setup_identity(p, err)) < 0)
		goto cleanup;
	if (!(p->initdb = path_join(p->bindir, "initdb")) ||
	    !(p->pg_ctl = path_join(p->bindir, "pg_ctl"))) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	if ((rc = make_tempdir(p, opts, err)) < 0)
		goto cleanup;
	/* From here on the directory exists: registered first, so that a signal or exit at any
	 * later point removes it. */
	if (!(p->datadir = path_join(p->dir, "data")) ||
	    !(p->pidfile = path_join(p->datadir, "postmaster.pid"))) {
		rmtree(p->dir);
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	{
		char real[4096];
		/* NULL only disables cleanup's last resort (SIGQUIT) */
		if (realpath(p->dir, real))
			p->datadir_real = path_join(real, "data");
	}
	cmd_start(&p->stop, p, p->pg_ctl);
	cmd_push(&p->stop, "-D");
	cmd_push(&p->stop, p->datadir);
	cmd_push(&p->stop, "-m");
	cmd_push(&p->stop, "fast");
	cmd_push(&p->stop, "-w");
	cmd_push(&p->stop, "stop");
	if ((rc = registry_add(p, err)) < 0) {
		rmtree(p->dir);
		goto cleanup;
	}
	p->port = pick_port();
	if (!(p->conninfo = make_conninfo(p, "postgres"))) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	if (p->runuser && chown(p->dir, p->pg_uid, p->pg_gid) < 0) {
		rc = rt_error_set(err, RT_EIO, "cannot give %s to the user postgres: %s", p->dir,
				  strerror(errno));
		goto cleanup;
	}
	if ((rc = watchdog_start(p, err)) < 0)
		goto cleanup;

	cmd_start(&c, p, p->initdb);
	cmd_push(&c, "-D");
	cmd_push(&c, p->datadir);
	cmd_push(&c, "-U");
	cmd_push(&c, "postgres");
	cmd_push(&c, "-A");
	cmd_push(&c, "trust");
	cmd_push(&c, "-E");
	cmd_push(&c, "UTF8");
	cmd_push(&c, "--locale=C");
	cmd_push(&c, "--no-sync");
	if ((rc = run_logged(p, &c, "initdb", "initdb.log", "initdb.log", err)) < 0)
		goto cleanup;
	if ((rc = write_settings(p, max_locks, err)) < 0)
		goto cleanup;

	cmd_start(&c, p, p->pg_ctl);
	cmd_push(&c, "-D");
	cmd_push(&c, p->datadir);
	cmd_push(&c, "-l");
	{
		/* the server's own log; pg_ctl's chatter goes to pg_ctl.log */
		char *log = path_join(p->dir, "server.log");
		if (!log) {
			rc = rt_error_nomem(err);
			goto cleanup;
		}
		cmd_push(&c, log);
		cmd_push(&c, "-w");
		cmd_push(&c, "-t");
		cmd_push(&c, "60");
		cmd_push(&c, "start");
		rc = run_logged(p, &c, "the PostgreSQL server did not start: pg_ctl", "pg_ctl.log",
				"server.log", err);
		rt_free(log);
		if (rc < 0)
			goto cleanup;
	}
	p->server_pid = read_pidfile(p->pidfile);
	*out = p;
	p = NULL;
	rc = RT_OK;
cleanup:
	if (p) {
		if (p->slot >= 0) {
			cluster_cleanup(p);
			registry_remove(p);
		}
		pgtmp_free(p);
	}
	return rc;
}

void
rt_pgtmp_stop(rt_pgtmp *p)
{
	if (!p)
		return;
	/* a forked child only drops its copy: the cluster belongs to the parent */
	if (p->owner == getpid())
		cluster_cleanup(p);
	registry_remove(p);
	pgtmp_free(p);
}

const char *
rt_pgtmp_conninfo(const rt_pgtmp *p)
{
	return p ? p->conninfo : NULL;
}

const char *
rt_pgtmp_dir(const rt_pgtmp *p)
{
	return p ? p->dir : NULL;
}

const char *
rt_pgtmp_datadir(const rt_pgtmp *p)
{
	return p ? p->datadir : NULL;
}

int
rt_pgtmp_port(const rt_pgtmp *p)
{
	return p ? p->port : 0;
}

int
rt_pgtmp_server_pid(const rt_pgtmp *p)
{
	return p ? (int)p->server_pid : 0;
}

const char *
rt_pgtmp_bindir(const rt_pgtmp *p)
{
	return p ? p->bindir : NULL;
}

static void
error_from_result(rt_error *err, const PGresult *res, const char *fallback)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rt_error_set(err, RT_EDB, "%s", msg ? msg : fallback);
	if (detail)
		rt_error_detail(err, "%s", detail);
	if (hint)
		rt_error_hint(err, "%s", hint);
	if (err && state)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
}

int
rt_pgtmp_create_db(char **out, rt_pgtmp *p, const char *name, rt_error *err)
{
	PGconn *conn = NULL;
	PGresult *res = NULL;
	char *ident = NULL, *conninfo = NULL;
	rt_buf sql = RT_BUF_INIT;
	int rc = RT_OK;
	if (!out || !p || !name || !*name)
		return rt_error_set(err, RT_EINVALID, "rt_pgtmp_create_db: missing argument");
	*out = NULL;
	conn = PQconnectdb(p->conninfo);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s", conn ? PQerrorMessage(conn) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		rc = rt_error_set(err, RT_EDB, "cannot connect to the throwaway cluster: %s", msg);
		goto cleanup;
	}
	if (!(ident = PQescapeIdentifier(conn, name, strlen(name)))) {
		rc = rt_error_set(err, RT_EINVALID, "invalid database name: %s", name);
		goto cleanup;
	}
	rt_buf_printf(&sql, "CREATE DATABASE %s", ident);
	if (rt_buf_failed(&sql) || !(conninfo = make_conninfo(p, name))) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	res = PQexec(conn, sql.ptr);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		error_from_result(err, res, "CREATE DATABASE failed");
		rt_error_object(err, "database %s", name);
		rc = RT_EDB;
		goto cleanup;
	}
	*out = conninfo;
	conninfo = NULL;
cleanup:
	PQclear(res);
	if (ident)
		PQfreemem(ident);
	PQfinish(conn);
	rt_free(conninfo);
	rt_buf_dispose(&sql);
	return rc;
}
