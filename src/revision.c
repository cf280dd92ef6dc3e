/* Revision files and the chain they form.  Traversals follow Alembic's RevisionMap
 * (alembic/script/revision.py) and its HeadMaintainer (alembic/runtime/migration.py) closely,
 * because an Alembic project's alembic_version rows must mean the same thing to both tools. */
#include "retort/revision.h"
#include "retort/arena.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "revision_ucd.h"

/* ---- Unicode: Python's \w and str.lower() ---------------------------------------------- */

/* One code point from UTF-8.  Invalid, overlong or truncated input gives one byte as a
 * lone surrogate (what Python's surrogateescape makes of it): never a word character. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		goto invalid;
	}
	if (n < len)
		goto invalid;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto invalid;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto invalid;
	*cp = c;
	return len;
invalid:
	*cp = 0xDC00 | s[0];
	return 1;
}

static void
utf8_put(rt_buf *b, uint32_t c)
{
	char s[4];
	size_t n;
	if (c < 0x80) {
		s[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6)), s[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12)), s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	} else {
		s[0] = (char)(0xF0 | (c >> 18)), s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F)), s[3] = (char)(0x80 | (c & 0x3F)), n = 4;
	}
	rt_buf_putn(b, s, n);
}

static unsigned
ucd_flags(uint32_t c)
{
	size_t lo = 0, hi = sizeof ucd_word / sizeof ucd_word[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < ucd_word[mid].lo)
			hi = mid;
		else if (c > ucd_word[mid].hi)
			lo = mid + 1;
		else
			return ucd_word[mid].flags;
	}
	return 0;
}

static uint32_t
ucd_tolower(uint32_t c)
{
	size_t lo = 0, hi = sizeof ucd_lower / sizeof ucd_lower[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < ucd_lower[mid].lo) {
			hi = mid;
		} else if (c > ucd_lower[mid].hi) {
			lo = mid + 1;
		} else {
			if ((c - ucd_lower[mid].lo) % ucd_lower[mid].stride == 0)
				return (uint32_t)((int32_t)c + ucd_lower[mid].delta);
			return c;
		}
	}
	return c;
}

/* Python's handle_capital_sigma(): U+03A3 lowers to final U+03C2 when preceded by a cased
 * letter (skipping case-ignorable ones) and not followed by one. */
static bool
final_sigma(const uint32_t *s, size_t n, size_t i)
{
	uint32_t c = 0;
	size_t j;
	bool fs = false;
	for (j = i; j > 0; j--) {
		c = s[j - 1];
		if (!(ucd_flags(c) & UCD_IGNORABLE))
			break;
	}
	fs = j > 0 && (ucd_flags(c) & UCD_CASED);
	if (fs && i + 1 < n) {
		for (j = i + 1; j < n; j++) {
			c = s[j];
			if (!(ucd_flags(c) & UCD_IGNORABLE))
				break;
		}
		fs = j == n || !(ucd_flags(c) & UCD_CASED);
	}
	return fs;
}

/* Alembic: slug = "_".join(re.findall(r"\w+", message)).lower(); if len(slug) > 40:
 * slug = slug[:40].rsplit("_", 1)[0] + "_" -- lengths in code points, after lowering. */
void
rt_revision_slug(rt_buf *out, const char *message, size_t max_len)
{
	const unsigned char *s = (const unsigned char *)(message ? message : "");
	size_t len = strlen((const char *)s), i = 0, nj = 0, nl = 0, keep;
	uint32_t *joined = NULL, *low = NULL, c;
	bool in_word = false;
	if (max_len == 0)
		max_len = RT_REVISION_SLUG_MAX;  /* Alembic: truncate_slug_length or 40 */
	joined = rt_malloc((2 * len + 1) * sizeof *joined);
	low = rt_malloc((4 * len + 2) * sizeof *low);
	if (!joined || !low) {
		out->failed = true;
		goto cleanup;
	}
	while (i < len) {
		i += utf8_decode(s + i, len - i, &c);
		if (ucd_flags(c) & UCD_WORD) {
			if (!in_word && nj > 0)
				joined[nj++] = '_';
			joined[nj++] = c;
			in_word = true;
		} else {
			in_word = false;
		}
	}
	for (i = 0; i < nj; i++) {
		c = joined[i];
		if (c == 0x3A3) {
			low[nl++] = final_sigma(joined, nj, i) ? 0x3C2 : 0x3C3;
		} else if (c == 0x130) {
			/* the one full mapping longer than a code point (UCD_SPECIAL_LOWER_COUNT) */
			low[nl++] = 0x69;
			low[nl++] = 0x307;
		} else {
			low[nl++] = ucd_tolower(c);
		}
	}
	keep = nl;
	if (nl > max_len) {
		keep = max_len;
		for (i = max_len; i > 0; i--) {
			if (low[i - 1] == '_') {
				keep = i - 1;
				break;
			}
		}
	}
	for (i = 0; i < keep; i++)
		utf8_put(out, low[i]);
	if (nl > max_len)
		rt_buf_putc(out, '_');
	if (!out->ptr)
		rt_buf_puts(out, "");
cleanup:
	rt_free(joined);
	rt_free(low);
}

/* ---- ids and dates ---------------------------------------------------------------------- */

int
rt_revision_new_id(char out[13], rt_error *err)
{
	unsigned char r[6];
	size_t got = 0;
	int i;
	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	if (got < sizeof r) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		got = 0;
		if (fd < 0)
			return rt_error_set(err, RT_EIO, "cannot open /dev/urandom: %s", strerror(errno));
		while (got < sizeof r) {
			ssize_t n = read(fd, r + got, sizeof r - got);
			if (n <= 0 && errno != EINTR) {
				close(fd);
				return rt_error_set(err, RT_EIO, "cannot read /dev/urandom: %s",
						    n < 0 ? strerror(errno) : "end of file");
			}
			if (n > 0)
				got += (size_t)n;
		}
		close(fd);
	}
	for (i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return RT_OK;
}

int
rt_revision_check_id(const char *id, rt_error *err)
{
	size_t i, n = id ? strlen(id) : 0;
	if (n == 0)
		return rt_error_set(err, RT_EINVALID, "revision id is empty");
	if (n > RT_REVISION_ID_MAX)
		return rt_error_set(err, RT_EINVALID,
				    "revision id '%s' is longer than %d characters (alembic_version.version_num is varchar(%d))",
				    id, RT_REVISION_ID_MAX, RT_REVISION_ID_MAX);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)id[i];
		if (!(isascii(ch) && (isalnum(ch) || ch == '_')))
			return rt_error_set(err, RT_EINVALID,
					    "revision id '%s' may only contain letters, digits and '_'", id);
	}
	return RT_OK;
}

/* Ids read from files (Alembic's may be anything without '@', '-' or '+'): we only refuse
 * what would break our own header syntax or the version table. */
static bool
loadable_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > RT_REVISION_ID_MAX)
		return false;
	return strcspn(id, "@-+, \t\r\n'\"") == n;
}

static bool
valid_date(const char *d)
{
	/* YYYY-MM-DD HH:MM:SS[.f{1,6}] */
	static const char pat[] = "dddd-dd-dd dd:dd:dd";
	size_t i, n = strlen(d);
	if (n < sizeof pat - 1)
		return false;
	for (i = 0; i < sizeof pat - 1; i++) {
		if (pat[i] == 'd' ? !isdigit((unsigned char)d[i]) : d[i] != pat[i])
			return false;
	}
	if (n == sizeof pat - 1)
		return true;
	if (d[i] != '.' || n - i - 1 < 1 || n - i - 1 > 6)
		return false;
	for (i++; i < n; i++)
		if (!isdigit((unsigned char)d[i]))
			return false;
	return true;
}

int
rt_revision_create_date(char out[32], rt_error *err)
{
	const char *env = getenv("RETORT_CREATE_DATE");
	struct timespec ts;
	struct tm tm;
	if (env && *env) {
		if (!valid_date(env) || strlen(env) >= 32)
			return rt_error_set(err, RT_EINVALID,
					    "RETORT_CREATE_DATE '%s' is not YYYY-MM-DD HH:MM:SS[.ffffff]", env);
		snprintf(out, 32, "%s", env);
		return RT_OK;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(out + strlen(out), 32 - strlen(out), ".%06ld", ts.tv_nsec / 1000);
	return RT_OK;
}

/* Alembic: re.split("\n\n", longdoc.strip())[0] */
void
rt_revision_doc(rt_buf *out, const rt_revision *rev)
{
	const char *m = rev->message ? rev->message : "", *end, *para;
	while (*m && isspace((unsigned char)*m))
		m++;
	end = m + strlen(m);
	while (end > m && isspace((unsigned char)end[-1]))
		end--;
	para = strstr(m, "\n\n");
	if (para && para < end)
		end = para;
	rt_buf_putn(out, m, (size_t)(end - m));
	if (!out->ptr)
		rt_buf_puts(out, "");
}

/* ---- rendering ---------------------------------------------------------------------- */

static void
put_comment_lines(rt_buf *b, const char *text, const char *indent)
{
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, "\n");
		size_t m = n;
		while (m > 0 && (p[m - 1] == '\r' || p[m - 1] == ' ' || p[m - 1] == '\t'))
			m--;
		if (m == 0 && !*indent)
			rt_buf_puts(b, "--\n");
		else
			rt_buf_printf(b, "-- %s%.*s\n", indent, (int)m, p);
		if (!p[n])
			break;
		p += n + 1;
	}
}

static void
put_list(rt_buf *b, const char *const *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		rt_buf_printf(b, "%s%s", i ? ", " : "", v[i]);
}

/* Section bodies are stored without their surrounding blank lines. */
static void
put_body(rt_buf *b, const char *sql)
{
	const char *s = sql ? sql : "", *e;
	while (*s) {
		size_t n = strcspn(s, "\n");
		size_t k;
		for (k = 0; k < n && isspace((unsigned char)s[k]); k++)
			;
		if (k < n)
			break;
		s += n + (s[n] ? 1 : 0);
	}
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e > s) {
		rt_buf_putn(b, s, (size_t)(e - s));
		rt_buf_putc(b, '\n');
	}
}

int
rt_revision_render(rt_buf *out, const rt_revision *rev, rt_error *err)
{
	char date[32];
	const char *d = rev->create_date;
	size_t i;
	int rc;
	if (!rev->id)
		return rt_error_set(err, RT_EINVALID, "revision has no id");
	if (!d) {
		if ((rc = rt_revision_create_date(date, err)) < 0)
			return rc;
		d = date;
	}
	put_comment_lines(out, rev->message ? rev->message : "empty message", "");
	rt_buf_puts(out, "--\n");
	rt_buf_printf(out, "-- Revision ID: %s\n", rev->id);
	rt_buf_puts(out, "-- Revises:");
	if (rev->n_down) {
		rt_buf_putc(out, ' ');
		put_list(out, rev->down, rev->n_down);
	}
	rt_buf_printf(out, "\n-- Create Date: %s\n", d);
	if (rev->n_depends_on) {
		rt_buf_puts(out, "-- Depends On: ");
		put_list(out, rev->depends_on, rev->n_depends_on);
		rt_buf_putc(out, '\n');
	}
	if (rev->n_hazards) {
		rt_buf_puts(out, "--\n-- Hazards:\n");
		for (i = 0; i < rev->n_hazards; i++)
			put_comment_lines(out, rev->hazards[i], "  ");
	}
	if (rev->no_transaction)
		rt_buf_puts(out, "--\n-- retort:no-transaction\n");
	rt_buf_puts(out, "\n-- retort:upgrade\n");
	put_body(out, rev->upgrade_sql);
	rt_buf_puts(out, "\n-- retort:downgrade\n");
	put_body(out, rev->downgrade_sql);
	if (rt_buf_failed(out))
		return rt_error_nomem(err);
	return RT_OK;
}

int
rt_revision_write(char **out_path, const char *dir, const rt_revision *rev, rt_error *err)
{
	rt_buf text = RT_BUF_INIT, path = RT_BUF_INIT;
	struct stat st;
	FILE *f = NULL;
	int fd = -1, rc;
	*out_path = NULL;
	if ((rc = rt_revision_check_id(rev->id, err)) < 0)
		return rc;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = rt_error_set(err, RT_ENOTFOUND, "versions directory %s does not exist", dir);
		rt_error_hint(err, "create it, or run retort init");
		return rc;
	}
	if ((rc = rt_revision_render(&text, rev, err)) < 0)
		goto cleanup;
	rt_buf_printf(&path, "%s%s%s_", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", rev->id);
	rt_revision_slug(&path, rev->message, RT_REVISION_SLUG_MAX);
	rt_buf_puts(&path, ".sql");
	if (rt_buf_failed(&path)) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = rt_error_set(err, errno == EEXIST ? RT_EINVALID : RT_EIO, "cannot create %s: %s",
				  path.ptr, strerror(errno));
		goto cleanup;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		rc = rt_error_set(err, RT_EIO, "cannot write %s: %s", path.ptr, strerror(errno));
		goto cleanup;
	}
	if (fwrite(text.ptr, 1, text.len, f) != text.len || fflush(f) != 0) {
		rc = rt_error_set(err, RT_EIO, "cannot write %s: %s", path.ptr, strerror(errno));
		fclose(f);
		unlink(path.ptr);
		goto cleanup;
	}
	if (fclose(f) != 0) {
		rc = rt_error_set(err, RT_EIO, "cannot write %s: %s", path.ptr, strerror(errno));
		unlink(path.ptr);
		goto cleanup;
	}
	*out_path = rt_buf_detach(&path);
	rc = *out_path ? RT_OK : rt_error_nomem(err);
cleanup:
	rt_buf_dispose(&text);
	rt_buf_dispose(&path);
	return rc;
}

/* ---- the chain ------------------------------------------------------------------------ */

/* Alembic's Revision attributes, by index: down = down_revision ("versioned"), deps =
 * depends_on, norm_down = down + the deps no ancestor already has (what the version table
 * follows), next/all_next = who names us in down / in down or deps. */
typedef struct node {
	rt_revision rev;  /* first: the chain hands out &node->rev and casts back */
	size_t idx;
	int id_line, down_line, deps_line;
	size_t *down, n_down;
	size_t *deps, n_deps;
	size_t *all_down, n_all_down;
	size_t *norm_down, n_norm_down;
	bool has_norm_deps;
	size_t *next, n_next;
	size_t *all_next, n_all_next;
} node;

struct rt_chain {
	rt_arena *arena;
	node **nodes;   /* load order */
	size_t n, cap;
	node **by_id;   /* sorted by id, after link */
	const char *dir;
	bool linked;
};

#define NODE(c, i) ((c)->nodes[(i)])
#define REVNODE(r) ((const node *)(const void *)(r))

int
rt_chain_new(rt_chain **out, rt_error *err)
{
	rt_chain *c = rt_calloc(1, sizeof *c);
	*out = NULL;
	if (!c || !(c->arena = rt_arena_new())) {
		rt_free(c);
		return rt_error_nomem(err);
	}
	*out = c;
	return RT_OK;
}

void
rt_chain_free(rt_chain *c)
{
	if (!c)
		return;
	rt_free(c->nodes);
	rt_free(c->by_id);
	rt_arena_free(c->arena);
	rt_free(c);
}

const char *
rt_chain_dir(const rt_chain *c)
{
	return c->dir;
}

size_t
rt_chain_count(const rt_chain *c)
{
	return c ? c->n : 0;
}

const rt_revision *
rt_chain_at(const rt_chain *c, size_t i)
{
	return i < c->n ? &c->nodes[i]->rev : NULL;
}

static int
push_node(rt_chain *c, node *nd, rt_error *err)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		node **v = rt_realloc(c->nodes, cap * sizeof *v);
		if (!v)
			return rt_error_nomem(err);
		c->nodes = v;
		c->cap = cap;
	}
	nd->idx = c->n;
	c->nodes[c->n++] = nd;
	c->linked = false;
	return RT_OK;
}

static const char **
copy_strv(rt_arena *a, const char *const *v, size_t n)
{
	const char **r;
	size_t i;
	if (n == 0)
		return NULL;
	r = rt_arena_alloc(a, n * sizeof *r);
	if (!r)
		return NULL;
	for (i = 0; i < n; i++)
		if (!(r[i] = rt_arena_strdup(a, v[i])))
			return NULL;
	return r;
}

int
rt_chain_add(rt_chain *c, const rt_revision *rev, rt_error *err)
{
	rt_arena *a = c->arena;
	node *nd = rt_arena_alloc(a, sizeof *nd);
	if (!nd)
		return rt_error_nomem(err);
	nd->rev = *rev;
	nd->rev.id = rt_arena_strdup(a, rev->id ? rev->id : "");
	nd->rev.message = rt_arena_strdup(a, rev->message ? rev->message : "");
	nd->rev.create_date = rt_arena_strdup(a, rev->create_date);
	nd->rev.path = rt_arena_strdup(a, rev->path);
	nd->rev.upgrade_sql = rt_arena_strdup(a, rev->upgrade_sql);
	nd->rev.downgrade_sql = rt_arena_strdup(a, rev->downgrade_sql);
	nd->rev.down = copy_strv(a, rev->down, rev->n_down);
	nd->rev.depends_on = copy_strv(a, rev->depends_on, rev->n_depends_on);
	nd->rev.hazards = copy_strv(a, rev->hazards, rev->n_hazards);
	if (!nd->rev.id || !nd->rev.message || (rev->n_down && !nd->rev.down) ||
	    (rev->n_depends_on && !nd->rev.depends_on) || (rev->n_hazards && !nd->rev.hazards))
		return rt_error_nomem(err);
	return push_node(c, nd, err);
}

/* Where a revision came from, for error messages. */
static void
at_node(rt_error *err, const node *nd, int line)
{
	if (nd->rev.path)
		rt_error_at_line(err, nd->rev.path, line > 0 ? line : 0, 0);
	else
		rt_error_object(err, "revision %s", nd->rev.id);
}

static int
cmp_node_id(const void *a, const void *b)
{
	const node *x = *(node *const *)a, *y = *(node *const *)b;
	int r = strcmp(x->rev.id, y->rev.id);
	return r ? r : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

static node *
find_node(const rt_chain *c, const char *id)
{
	size_t lo = 0, hi = c->n;
	if (!c->by_id)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(id, c->by_id[mid]->rev.id);
		if (r == 0)
			return c->by_id[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const rt_revision *
rt_chain_find(const rt_chain *c, const char *id)
{
	node *nd = id ? find_node(c, id) : NULL;
	return nd ? &nd->rev : NULL;
}

static size_t *
idx_alloc(rt_chain *c, size_t n)
{
	return n ? rt_arena_alloc(c->arena, n * sizeof(size_t)) : NULL;
}

static bool
idx_has(const size_t *v, size_t n, size_t x)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Revises / Depends On names into indexes; a name not in the chain is the file's error. */
static int
resolve_refs(rt_chain *c, node *nd, const char *const *names, size_t n, size_t **out, size_t *n_out,
	     const char *what, int line, rt_error *err)
{
	size_t i, k = 0;
	*out = idx_alloc(c, n);
	if (n && !*out)
		return rt_error_nomem(err);
	for (i = 0; i < n; i++) {
		node *d = find_node(c, names[i]);
		if (!d) {
			int rc = rt_error_set(err, RT_EPARSE, "%s names revision '%s', which is not in %s",
					      what, names[i], c->dir ? c->dir : "the chain");
			at_node(err, nd, line);
			return rc;
		}
		if (d == nd) {
			int rc = rt_error_set(err, RT_EPARSE, "revision %s %s itself", nd->rev.id,
					      !strcmp(what, "Revises") ? "revises" : "depends on");
			at_node(err, nd, line);
			return rc;
		}
		if (!idx_has(*out, k, d->idx))
			(*out)[k++] = d->idx;
	}
	*n_out = k;
	return RT_OK;
}

/* Marks everything reachable from targets (targets included) along one kind of edge. */
enum walk_edges { E_DOWN, E_NORM_DOWN, E_ALL_DOWN, E_NEXT, E_ALL_NEXT };

static void
edges_of(const node *nd, enum walk_edges e, const size_t **v, size_t *n)
{
	switch (e) {
	case E_DOWN:
		*v = nd->down, *n = nd->n_down;
		break;
	case E_NORM_DOWN:
		*v = nd->norm_down, *n = nd->n_norm_down;
		break;
	case E_ALL_DOWN:
		*v = nd->all_down, *n = nd->n_all_down;
		break;
	case E_NEXT:
		*v = nd->next, *n = nd->n_next;
		break;
	default:
		*v = nd->all_next, *n = nd->n_all_next;
		break;
	}
}

static int
mark_reach(const rt_chain *c, const size_t *targets, size_t nt, enum walk_edges e, uint8_t *mark)
{
	size_t *stack = rt_malloc((c->n + 1) * sizeof *stack), sp = 0, i;
	if (!stack)
		return RT_ENOMEM;
	for (i = 0; i < nt; i++) {
		if (mark[targets[i]])
			continue;
		mark[targets[i]] = 1;
		stack[sp++] = targets[i];
		while (sp) {
			const size_t *v;
			size_t n, k, x = stack[--sp];
			edges_of(NODE(c, x), e, &v, &n);
			for (k = 0; k < n; k++) {
				if (!mark[v[k]]) {
					mark[v[k]] = 1;
					stack[sp++] = v[k];
				}
			}
		}
	}
	rt_free(stack);
	return RT_OK;
}

static uint8_t *
reach(const rt_chain *c, const size_t *targets, size_t nt, enum walk_edges e)
{
	uint8_t *m = rt_calloc(c->n + 1, 1);
	if (m && mark_reach(c, targets, nt, e, m) < 0) {
		rt_free(m);
		return NULL;
	}
	return m;
}

/* A cycle along down + depends_on edges: names every revision on it and its file. */
static int
find_cycle(rt_chain *c, rt_error *err)
{
	uint8_t *color = rt_calloc(c->n + 1, 1);
	size_t *stack = rt_malloc((c->n + 1) * sizeof *stack), *pos = rt_calloc(c->n + 1, sizeof *pos);
	size_t root, sp;
	int rc = RT_OK;
	if (!color || !stack || !pos) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	for (root = 0; root < c->n && rc == RT_OK; root++) {
		if (color[root])
			continue;
		sp = 0;
		stack[sp++] = root;
		color[root] = 1;
		pos[root] = 0;
		while (sp && rc == RT_OK) {
			size_t x = stack[sp - 1];
			node *nd = NODE(c, x);
			if (pos[x] < nd->n_all_down) {
				size_t y = nd->all_down[pos[x]++];
				if (color[y] == 0) {
					color[y] = 1;
					pos[y] = 0;
					stack[sp++] = y;
				} else if (color[y] == 1) {
					rt_buf b = RT_BUF_INIT;
					size_t k = sp;
					while (k > 0 && stack[k - 1] != y)
						k--;
					for (k = k ? k - 1 : 0; k < sp; k++) {
						node *m = NODE(c, stack[k]);
						rt_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", m->rev.id,
							      m->rev.path ? m->rev.path : "in memory");
					}
					rc = rt_error_set(err, RT_EPARSE, "cycle in the revision chain: %s",
							  rt_buf_cstr(&b));
					rt_error_hint(err, "each revision must revise only older ones");
					rt_buf_dispose(&b);
				}
			} else {
				color[x] = 2;
				sp--;
			}
		}
	}
cleanup:
	rt_free(color);
	rt_free(stack);
	rt_free(pos);
	return rc;
}

int
rt_chain_link(rt_chain *c, rt_error *err)
{
	size_t i, k;
	int rc;
	rt_free(c->by_id);
	c->by_id = rt_malloc((c->n + 1) * sizeof *c->by_id);
	if (!c->by_id)
		return rt_error_nomem(err);
	if (c->n)
		memcpy(c->by_id, c->nodes, c->n * sizeof *c->by_id);
	qsort(c->by_id, c->n, sizeof *c->by_id, cmp_node_id);
	for (i = 0; i + 1 < c->n; i++) {
		node *a = c->by_id[i], *b = c->by_id[i + 1];
		if (!strcmp(a->rev.id, b->rev.id)) {
			rc = rt_error_set(err, RT_EPARSE, "duplicate revision id %s: also in %s", b->rev.id,
					  a->rev.path ? a->rev.path : "memory");
			at_node(err, b, b->id_line);
			return rc;
		}
	}
	for (i = 0; i < c->n; i++) {
		node *nd = NODE(c, i);
		if ((rc = resolve_refs(c, nd, nd->rev.down, nd->rev.n_down, &nd->down, &nd->n_down,
				       "Revises", nd->down_line, err)) < 0)
			return rc;
		if ((rc = resolve_refs(c, nd, nd->rev.depends_on, nd->rev.n_depends_on, &nd->deps,
				       &nd->n_deps, "Depends On", nd->deps_line, err)) < 0)
			return rc;
		nd->all_down = idx_alloc(c, nd->n_down + nd->n_deps);
		if ((nd->n_down + nd->n_deps) && !nd->all_down)
			return rt_error_nomem(err);
		nd->n_all_down = 0;
		for (k = 0; k < nd->n_down; k++)
			nd->all_down[nd->n_all_down++] = nd->down[k];
		for (k = 0; k < nd->n_deps; k++)
			if (!idx_has(nd->all_down, nd->n_all_down, nd->deps[k]))
				nd->all_down[nd->n_all_down++] = nd->deps[k];
		nd->n_next = nd->n_all_next = 0;
	}
	/* next lists: count, allocate, fill (children in load order) */
	for (i = 0; i < c->n; i++) {
		node *nd = NODE(c, i);
		for (k = 0; k < nd->n_all_down; k++) {
			node *d = NODE(c, nd->all_down[k]);
			d->n_all_next++;
			if (idx_has(nd->down, nd->n_down, d->idx))
				d->n_next++;
		}
	}
	for (i = 0; i < c->n; i++) {
		node *nd = NODE(c, i);
		nd->next = idx_alloc(c, nd->n_next);
		nd->all_next = idx_alloc(c, nd->n_all_next);
		if ((nd->n_next && !nd->next) || (nd->n_all_next && !nd->all_next))
			return rt_error_nomem(err);
		nd->n_next = nd->n_all_next = 0;
	}
	for (i = 0; i < c->n; i++) {
		node *nd = NODE(c, i);
		for (k = 0; k < nd->n_all_down; k++) {
			node *d = NODE(c, nd->all_down[k]);
			d->all_next[d->n_all_next++] = i;
			if (idx_has(nd->down, nd->n_down, d->idx))
				d->next[d->n_next++] = i;
		}
	}
	if ((rc = find_cycle(c, err)) < 0)
		return rc;
	/* Alembic's _normalize_depends_on: a dependency an ancestor already depends on is not
	 * an immediate down revision of ours. */
	for (i = 0; i < c->n; i++) {
		node *nd = NODE(c, i);
		size_t nn = 0;
		uint8_t *anc = NULL;
		nd->norm_down = idx_alloc(c, nd->n_all_down);
		if (nd->n_all_down && !nd->norm_down)
			return rt_error_nomem(err);
		for (k = 0; k < nd->n_down; k++)
			nd->norm_down[nn++] = nd->down[k];
		if (nd->n_deps) {
			anc = reach(c, &nd->idx, 1, E_DOWN);
			if (!anc)
				return rt_error_nomem(err);
		}
		for (k = 0; k < nd->n_deps; k++) {
			size_t a, dep = nd->deps[k];
			bool implied = false;
			for (a = 0; a < c->n && !implied; a++)
				if (anc[a] && a != i && idx_has(NODE(c, a)->deps, NODE(c, a)->n_deps, dep))
					implied = true;
			if (!implied) {
				nd->has_norm_deps = true;
				if (!idx_has(nd->norm_down, nn, dep))
					nd->norm_down[nn++] = dep;
			}
		}
		nd->n_norm_down = nn;
		rt_free(anc);
	}
	c->linked = true;
	return RT_OK;
}

/* ---- reading files ---------------------------------------------------------------------- */

typedef struct line_iter {
	const char *p;   /* start of the next line */
	int no;          /* its 1-based number */
} line_iter;

/* Next line [*s, *s + *n) without its newline; false at the end. */
static bool
next_line(line_iter *it, const char **s, size_t *n)
{
	size_t k;
	if (!*it->p)
		return false;
	k = strcspn(it->p, "\n");
	*s = it->p;
	*n = k;
	if (k > 0 && it->p[k - 1] == '\r')
		(*n)--;
	it->p += k + (it->p[k] ? 1 : 0);
	it->no++;
	return true;
}

static char *
trimmed(rt_arena *a, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return rt_arena_strndup(a, s, n);
}

/* "a, b" into a list of ids; each must be loadable. */
static int
parse_id_list(const char ***out, size_t *n_out, rt_arena *a, const char *s, size_t n, const char *path,
	      int line, rt_error *err)
{
	const char **v;
	size_t cnt = 1, i, k = 0;
	for (i = 0; i < n; i++)
		cnt += s[i] == ',';
	v = rt_arena_alloc(a, cnt * sizeof *v);
	if (!v)
		return rt_error_nomem(err);
	while (n > 0) {
		size_t m = 0;
		char *id;
		while (m < n && s[m] != ',')
			m++;
		id = trimmed(a, s, m);
		if (!id)
			return rt_error_nomem(err);
		if (*id || m < n) {
			if (!loadable_id(id)) {
				int rc = rt_error_set(err, RT_EPARSE, "'%s' is not a revision id", id);
				rt_error_at_line(err, path, line, 0);
				return rc;
			}
			v[k++] = id;
		}
		s += m + (m < n);
		n -= m + (m < n);
	}
	*out = v;
	*n_out = k;
	return RT_OK;
}

static bool
comment_key(const char *s, size_t n, const char *key, const char **val, size_t *vn)
{
	size_t kn = strlen(key);
	if (n < kn || strncmp(s, key, kn) != 0)
		return false;
	*val = s + kn;
	*vn = n - kn;
	return true;
}

static bool
is_marker(const char *s, size_t n, const char *marker)
{
	size_t mn = strlen(marker);
	if (n < mn || strncmp(s, marker, mn) != 0)
		return false;
	for (; mn < n; mn++)
		if (!isspace((unsigned char)s[mn]))
			return false;
	return true;
}

/* Body between two markers: blank lines around it dropped, *line set to its first line. */
static char *
section(rt_arena *a, const char *from, const char *to, int first_line, int *line)
{
	*line = first_line;
	for (;;) {
		const char *e = from;
		while (e < to && *e != '\n' && isspace((unsigned char)*e))
			e++;
		if (e < to && *e == '\n') {
			from = e + 1;
			(*line)++;
		} else {
			break;
		}
	}
	while (to > from && isspace((unsigned char)to[-1]))
		to--;
	return rt_arena_strndup(a, from, (size_t)(to - from));
}

static int
parse_error(rt_error *err, const char *path, int line, const char *fmt, const char *arg)
{
	int rc = rt_error_set(err, RT_EPARSE, fmt, arg);
	rt_error_at_line(err, path, line, 0);
	return rc;
}

/* The .sql format rt_revision_render writes. */
static int
parse_sql(node *nd, rt_arena *a, const char *path, const char *text, rt_error *err)
{
	line_iter it = {text, 0};
	rt_buf msg = RT_BUF_INIT;
	const char *s, *v, *up_start = NULL, *down_start = NULL, *up_end = NULL;
	const char **hz = NULL;
	size_t n, vn, nhz = 0, caphz = 0, pending_blank = 0;
	bool in_msg = true, in_hazards = false, have_revises = false;
	int rc = RT_OK, up_line = 0, down_line = 0;
	rt_revision *r = &nd->rev;

	r->kind = RT_REVISION_SQL;
	while (next_line(&it, &s, &n)) {
		if (is_marker(s, n, "-- retort:upgrade")) {
			up_start = it.p;
			up_line = it.no + 1;
			break;
		}
		if (n == 0 || strspn(s, " \t") == n) {
			in_hazards = false;
			continue;
		}
		if (n < 2 || s[0] != '-' || s[1] != '-') {
			rc = parse_error(err, path, it.no, "unexpected text before %s in the header",
					 "-- retort:upgrade");
			goto cleanup;
		}
		s += 2, n -= 2;
		if (n > 0 && s[0] == ' ')
			s++, n--;
		if (comment_key(s, n, "Revision ID:", &v, &vn)) {
			in_msg = in_hazards = false;
			if (!(r->id = trimmed(a, v, vn))) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
			if (!loadable_id(r->id)) {
				rc = parse_error(err, path, it.no, "'%s' is not a revision id", r->id);
				goto cleanup;
			}
			nd->id_line = it.no;
		} else if (!in_msg && comment_key(s, n, "Revises:", &v, &vn)) {
			in_hazards = false;
			have_revises = true;
			nd->down_line = it.no;
			if ((rc = parse_id_list((const char ***)&r->down, &r->n_down, a, v, vn, path, it.no, err)) < 0)
				goto cleanup;
		} else if (!in_msg && comment_key(s, n, "Depends On:", &v, &vn)) {
			in_hazards = false;
			nd->deps_line = it.no;
			if ((rc = parse_id_list((const char ***)&r->depends_on, &r->n_depends_on, a, v, vn,
						path, it.no, err)) < 0)
				goto cleanup;
		} else if (!in_msg && comment_key(s, n, "Create Date:", &v, &vn)) {
			in_hazards = false;
			r->create_date = trimmed(a, v, vn);
		} else if (!in_msg && is_marker(s, n, "Hazards:")) {
			in_hazards = true;
		} else if (!in_msg && comment_key(s, n, "retort:", &v, &vn)) {
			in_hazards = false;
			if (is_marker(v, vn, "no-transaction")) {
				r->no_transaction = true;
			} else {
				char *flag = trimmed(a, v, vn);
				rc = parse_error(err, path, it.no, "unknown flag retort:%s (known: no-transaction)",
						 flag ? flag : "");
				goto cleanup;
			}
		} else if (in_hazards && n > 2 && s[0] == ' ' && s[1] == ' ') {
			if (nhz == caphz) {
				const char **nv;
				caphz = caphz ? 2 * caphz : 8;
				nv = rt_arena_alloc(a, caphz * sizeof *nv);
				if (!nv) {
					rc = rt_error_nomem(err);
					goto cleanup;
				}
				if (nhz)
					memcpy(nv, hz, nhz * sizeof *nv);
				hz = nv;
			}
			if (!(hz[nhz++] = trimmed(a, s, n))) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
		} else if (in_msg) {
			/* message lines; blank comment lines inside it are kept, trailing ones not */
			if (n == 0) {
				pending_blank++;
				continue;
			}
			for (; pending_blank; pending_blank--)
				rt_buf_putc(&msg, '\n');
			if (msg.len)
				rt_buf_putc(&msg, '\n');
			rt_buf_putn(&msg, s, n);
		} else {
			in_hazards = false;  /* other comments are the user's */
		}
	}
	if (!up_start) {
		rc = parse_error(err, path, it.no ? it.no : 1, "no %s section marker", "-- retort:upgrade");
		goto cleanup;
	}
	if (!r->id) {
		rc = parse_error(err, path, 1, "no %s line in the header", "-- Revision ID:");
		goto cleanup;
	}
	if (!have_revises) {
		rc = parse_error(err, path, nd->id_line, "no %s line in the header (empty for the first revision)",
				 "-- Revises:");
		goto cleanup;
	}
	while (next_line(&it, &s, &n)) {
		if (is_marker(s, n, "-- retort:upgrade")) {
			rc = parse_error(err, path, it.no, "a second %s marker", "-- retort:upgrade");
			goto cleanup;
		}
		if (is_marker(s, n, "-- retort:downgrade")) {
			if (down_start) {
				rc = parse_error(err, path, it.no, "a second %s marker", "-- retort:downgrade");
				goto cleanup;
			}
			up_end = s;
			down_start = it.p;
			down_line = it.no + 1;
		}
	}
	if (!down_start) {
		rc = parse_error(err, path, it.no, "no %s section marker after the upgrade section",
				 "-- retort:downgrade");
		goto cleanup;
	}
	r->upgrade_sql = section(a, up_start, up_end, up_line, &r->upgrade_line);
	r->downgrade_sql = section(a, down_start, down_start + strlen(down_start), down_line, &r->downgrade_line);
	r->message = rt_arena_strdup(a, rt_buf_cstr(&msg));
	r->hazards = hz;
	r->n_hazards = nhz;
	if (!r->upgrade_sql || !r->downgrade_sql || !r->message || rt_buf_failed(&msg))
		rc = rt_error_nomem(err);
cleanup:
	rt_buf_dispose(&msg);
	return rc;
}

/* ---- Alembic .py files: just the module docstring and four assignments ------------------- */

typedef struct py_lex {
	const char *p, *start;
	int line;
} py_lex;

static void
py_skip_space(py_lex *lx, bool newlines)
{
	for (;;) {
		if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' || *lx->p == '\f') {
			lx->p++;
		} else if (*lx->p == '\\' && lx->p[1] == '\n') {
			lx->p += 2;
			lx->line++;
		} else if (newlines && *lx->p == '\n') {
			lx->p++;
			lx->line++;
		} else if (newlines && *lx->p == '#') {
			while (*lx->p && *lx->p != '\n')
				lx->p++;
		} else {
			return;
		}
	}
}

/* A Python string literal (prefixes r/u/b, single or triple quotes); NULL if not one. */
static char *
py_string(py_lex *lx, rt_arena *a)
{
	const char *p = lx->p;
	rt_buf b = RT_BUF_INIT;
	bool raw = false, triple;
	char q;
	char *r;
	while (*p && strchr("rRuUbB", *p) && p - lx->p < 2) {
		if (*p == 'r' || *p == 'R')
			raw = true;
		p++;
	}
	if (*p != '\'' && *p != '"')
		return NULL;
	q = *p;
	triple = p[1] == q && p[2] == q;
	p += triple ? 3 : 1;
	for (;;) {
		if (!*p || (!triple && *p == '\n')) {
			rt_buf_dispose(&b);
			return NULL;
		}
		if (*p == q && (!triple || (p[1] == q && p[2] == q))) {
			p += triple ? 3 : 1;
			break;
		}
		if (*p == '\\' && p[1] && !raw) {
			char e = p[1];
			p += 2;
			switch (e) {
			case 'n': rt_buf_putc(&b, '\n'); break;
			case 't': rt_buf_putc(&b, '\t'); break;
			case '\n': lx->line++; break;
			default: rt_buf_putc(&b, e); break;
			}
			continue;
		}
		if (*p == '\n')
			lx->line++;
		rt_buf_putc(&b, *p++);
	}
	lx->p = p;
	r = rt_arena_strdup(a, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	return r;
}

/* None | 'str' | ( 'a', 'b' ) | [ 'a', 'b' ]: *n_out items; false if it is anything else. */
static bool
py_value(py_lex *lx, rt_arena *a, const char ***out, size_t *n_out)
{
	const char **v = NULL;
	size_t n = 0, cap = 0;
	char close = 0, *s;
	py_skip_space(lx, false);
	*out = NULL;
	*n_out = 0;
	if (!strncmp(lx->p, "None", 4) && !isalnum((unsigned char)lx->p[4]) && lx->p[4] != '_') {
		lx->p += 4;
		return true;
	}
	if (*lx->p == '(' || *lx->p == '[') {
		close = *lx->p == '(' ? ')' : ']';
		lx->p++;
	}
	for (;;) {
		py_skip_space(lx, close != 0);
		if (close && *lx->p == close) {
			lx->p++;
			break;
		}
		if (!(s = py_string(lx, a)))
			return false;
		if (n == cap) {
			const char **nv;
			cap = cap ? 2 * cap : 4;
			nv = rt_arena_alloc(a, cap * sizeof *nv);
			if (!nv)
				return false;
			if (n)
				memcpy(nv, v, n * sizeof *nv);
			v = nv;
		}
		v[n++] = s;
		if (!close)
			break;
		py_skip_space(lx, true);
		if (*lx->p == ',')
			lx->p++;
		else if (*lx->p != close)
			return false;
	}
	*out = v;
	*n_out = n;
	return true;
}

static int
parse_py(node *nd, rt_arena *a, const char *path, const char *text, rt_error *err)
{
	py_lex lx = {text, text, 1};
	rt_revision *r = &nd->rev;
	bool have_rev = false, have_down = false;
	char *doc = NULL;
	r->kind = RT_REVISION_PY;
	py_skip_space(&lx, true);
	doc = py_string(&lx, a);
	while (*lx.p) {
		static const char *const names[] = {"revision", "down_revision", "depends_on", "branch_labels"};
		const char **v;
		size_t nv, k, len = 0;
		int which = -1, line;
		/* only top-level assignments: a name in column 0 */
		for (k = 0; k < 4; k++) {
			len = strlen(names[k]);
			if (!strncmp(lx.p, names[k], len) && !isalnum((unsigned char)lx.p[len]) && lx.p[len] != '_') {
				which = (int)k;
				break;
			}
		}
		if (which >= 0) {
			const char *eq = lx.p + len, *q = eq;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == ':') {  /* revision: str = "..." */
				eq = q;
				while (*eq && *eq != '=' && *eq != '\n')
					eq++;
				q = eq;
			}
			if (*q == '=' && q[1] != '=') {
				line = lx.line;
				lx.p = q + 1;
				if (!py_value(&lx, a, &v, &nv)) {
					return parse_error(err, path, line,
							   "cannot read %s: retort understands a string, None, or a tuple or list of strings",
							   names[which]);
				}
				for (k = 0; k < nv && which < 3; k++) {
					if (!loadable_id(v[k]))
						return parse_error(err, path, line, "'%s' is not a revision id", v[k]);
				}
				if (which == 0) {
					if (nv != 1)
						return parse_error(err, path, line, "%s must be one string", "revision");
					r->id = v[0];
					nd->id_line = line;
					have_rev = true;
				} else if (which == 1) {
					r->down = v, r->n_down = nv, nd->down_line = line;
					have_down = true;
				} else if (which == 2) {
					r->depends_on = v, r->n_depends_on = nv, nd->deps_line = line;
				}
			}
		}
		/* next line */
		while (*lx.p && *lx.p != '\n') {
			if (*lx.p == '"' || *lx.p == '\'') {
				if (!py_string(&lx, a))
					lx.p++;
			} else {
				lx.p++;
			}
		}
		if (*lx.p == '\n') {
			lx.p++;
			lx.line++;
		}
	}
	if (!have_rev)
		return parse_error(err, path, 1, "no %s = '...' assignment in this Alembic migration", "revision");
	if (!have_down)
		return parse_error(err, path, nd->id_line, "no %s = ... assignment in this Alembic migration",
				   "down_revision");
	r->message = doc ? trimmed(a, doc, strlen(doc)) : rt_arena_strdup(a, "");
	if (!r->message)
		return rt_error_nomem(err);
	return RT_OK;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

int
rt_chain_load(rt_chain **out, const char *dir, rt_error *err)
{
	rt_chain *c = NULL;
	DIR *d = NULL;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	rt_buf text = RT_BUF_INIT;
	int rc;
	*out = NULL;
	if ((rc = rt_chain_new(&c, err)) < 0)
		return rc;
	c->dir = rt_arena_strdup(c->arena, dir);
	d = opendir(dir);
	if (!d) {
		rc = rt_error_set(err, errno == ENOENT ? RT_ENOTFOUND : RT_EIO, "cannot read versions directory %s: %s",
				  dir, strerror(errno));
		if (errno == ENOENT)
			rt_error_hint(err, "run retort init, or point --versions at the migrations");
		goto cleanup;
	}
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		if (nm[0] == '.' || !strncmp(nm, "__init__", 8))
			continue;
		if (!has_suffix(nm, ".sql") && !has_suffix(nm, ".py"))
			continue;
		if (n == cap) {
			char **nv;
			cap = cap ? 2 * cap : 32;
			nv = rt_realloc(names, cap * sizeof *nv);
			if (!nv) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
			names = nv;
		}
		if (!(names[n] = rt_strdup(nm))) {
			rc = rt_error_nomem(err);
			goto cleanup;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		node *nd = rt_arena_alloc(c->arena, sizeof *nd);
		char *path = rt_arena_printf(c->arena, "%s%s%s", dir,
					     dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		struct stat st;
		if (!nd || !path) {
			rc = rt_error_nomem(err);
			goto cleanup;
		}
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			continue;
		nd->rev.path = path;
		rt_buf_clear(&text);
		if ((rc = rt_file_read(&text, path, err)) < 0)
			goto cleanup;
		if (has_suffix(names[i], ".sql")) {
			size_t idn;
			if ((rc = parse_sql(nd, c->arena, path, text.ptr, err)) < 0)
				goto cleanup;
			idn = strlen(nd->rev.id);
			if (strncmp(names[i], nd->rev.id, idn) != 0 ||
			    (names[i][idn] != '_' && strcmp(names[i] + idn, ".sql") != 0)) {
				rc = rt_error_set(err, RT_EPARSE,
						  "file name does not start with its Revision ID %s", nd->rev.id);
				rt_error_at_line(err, path, nd->id_line, 0);
				rt_error_hint(err, "rename it to %s_<slug>.sql, or fix the Revision ID line", nd->rev.id);
				goto cleanup;
			}
		} else if ((rc = parse_py(nd, c->arena, path, text.ptr, err)) < 0) {
			goto cleanup;
		}
		if ((rc = push_node(c, nd, err)) < 0)
			goto cleanup;
	}
	if ((rc = rt_chain_link(c, err)) < 0)
		goto cleanup;
	*out = c;
	c = NULL;
cleanup:
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		rt_free(names[i]);
	rt_free(names);
	rt_buf_dispose(&text);
	rt_chain_free(c);
	return rc;
}

/* ---- queries ---------------------------------------------------------------------------- */

void
rt_revlist_dispose(rt_revlist *l)
{
	rt_free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int
revlist_add(rt_revlist *l, const rt_revision *r)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		const rt_revision **v = rt_realloc(l->v, cap * sizeof *v);
		if (!v)
			return RT_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r;
	return RT_OK;
}

unsigned
rt_chain_flags(const rt_chain *c, const rt_revision *rev)
{
	const node *nd = REVNODE(rev);
	unsigned f = 0;
	(void)c;
	if (nd->n_all_next == 0)
		f |= RT_REV_HEAD;
	else if (nd->n_next == 0)
		f |= RT_REV_EFFECTIVE_HEAD;
	if (nd->n_next > 1)
		f |= RT_REV_BRANCHPOINT;
	if (nd->n_down > 1)
		f |= RT_REV_MERGEPOINT;
	if (nd->n_down == 0)
		f |= RT_REV_BASE;
	return f;
}

int
rt_chain_children(rt_revlist *out, const rt_chain *c, const rt_revision *rev, rt_error *err)
{
	const node *nd = REVNODE(rev);
	size_t i;
	for (i = 0; i < nd->n_next; i++)
		if (revlist_add(out, &NODE(c, nd->next[i])->rev) < 0)
			return rt_error_nomem(err);
	return RT_OK;
}

int
rt_chain_heads(rt_revlist *out, const rt_chain *c, rt_error *err)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (NODE(c, i)->n_next == 0 && revlist_add(out, &NODE(c, i)->rev) < 0)
			return rt_error_nomem(err);
	return RT_OK;
}

int
rt_chain_bases(rt_revlist *out, const rt_chain *c, rt_error *err)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (NODE(c, i)->n_down == 0 && revlist_add(out, &NODE(c, i)->rev) < 0)
			return rt_error_nomem(err);
	return RT_OK;
}

/* ---- index sets -------------------------------------------------------------------------- */

typedef struct idxv {
	size_t *v;
	size_t n, cap;
} idxv;

static int
idxv_add(idxv *x, size_t i)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 8;
		size_t *v = rt_realloc(x->v, cap * sizeof *v);
		if (!v)
			return RT_ENOMEM;
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n++] = i;
	return RT_OK;
}

static int
idxv_add_unique(idxv *x, size_t i)
{
	return idx_has(x->v, x->n, i) ? RT_OK : idxv_add(x, i);
}

static void
idxv_dispose(idxv *x)
{
	rt_free(x->v);
	x->v = NULL;
	x->n = x->cap = 0;
}

/* ---- naming revisions ------------------------------------------------------------------- */

static int
not_linked(rt_error *err)
{
	return rt_error_set(err, RT_EINVALID, "revision chain is not linked");
}

static int
list_ids(rt_buf *b, const rt_chain *c, const size_t *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		rt_buf_printf(b, "%s%s", i ? ", " : "", NODE(c, v[i])->rev.id);
	return rt_buf_failed(b) ? RT_ENOMEM : RT_OK;
}

/* A full id or unique prefix (Alembic's _revision_for_ident). */
static int
ident(size_t *out, const rt_chain *c, const char *name, rt_error *err)
{
	size_t lo = 0, hi = c->n, k, nm = strlen(name), cnt = 0;
	node *exact = find_node(c, name);
	rt_buf b = RT_BUF_INIT;
	int rc;
	if (exact) {
		*out = exact->idx;
		return RT_OK;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(c->by_id[mid]->rev.id, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < c->n && nm > 0 && !strncmp(c->by_id[k]->rev.id, name, nm); k++)
		cnt++;
	if (cnt == 1) {
		*out = c->by_id[lo]->idx;
		return RT_OK;
	}
	if (cnt == 0) {
		rc = rt_error_set(err, RT_ENOTFOUND, "no revision '%s' in %s", name, c->dir ? c->dir : "the chain");
		if (nm < 4)
			rt_error_hint(err, "give at least four characters of a revision id");
		return rc;
	}
	for (k = lo; k < lo + cnt; k++)
		rt_buf_printf(&b, "%s%s", k > lo ? ", " : "", c->by_id[k]->rev.id);
	rc = rt_error_set(err, RT_EINVALID, "revision prefix '%s' is ambiguous: %s", name, rt_buf_cstr(&b));
	rt_error_hint(err, "give more characters of the id");
	rt_buf_dispose(&b);
	return rc;
}

/* Walk results besides an index. */
enum { W_NONE = -1, W_BASE = -2 };

/* Alembic's RevisionMap._walk: up along nextrev (from base: the bases), down along
 * down_revision (from nothing: the heads); one step must have exactly one choice. */
static int
walk(long *out, const rt_chain *c, long start, long steps, bool no_overwalk, rt_error *err)
{
	long cur = start, s;
	for (s = 0; s < labs(steps); s++) {
		const size_t *v = NULL;
		size_t n = 0, i, cnt = 0;
		long only = W_NONE;
		if (steps > 0) {
			if (cur == W_BASE)
				cur = W_NONE;
			if (cur == W_NONE) {
				for (i = 0; i < c->n; i++)
					if (NODE(c, i)->n_down == 0)
						cnt++, only = (long)i;
			} else {
				v = NODE(c, cur)->next, n = NODE(c, cur)->n_next;
				cnt = n;
				if (n)
					only = (long)v[0];
			}
		} else {
			if (cur == W_BASE) {
				cnt = 0;
			} else if (cur == W_NONE) {
				for (i = 0; i < c->n; i++)
					if (NODE(c, i)->n_next == 0)
						cnt++, only = (long)i;
			} else {
				n = NODE(c, cur)->n_down;
				cnt = n ? n : 1;
				only = n ? (long)NODE(c, cur)->down[0] : W_BASE;
			}
		}
		if (cnt == 0) {
			*out = no_overwalk ? W_NONE : cur;
			return RT_OK;
		}
		if (cnt > 1) {
			rt_error_set(err, RT_EINVALID, "ambiguous walk: %s has %zu %s", cur >= 0 ? NODE(c, cur)->rev.id :
				     steps > 0 ? "base" : "the chain", cnt, steps > 0 ? "children" : "parents");
			rt_error_hint(err, "name the revision instead of a relative step");
			return RT_EINVALID;
		}
		cur = only;
	}
	*out = cur;
	return RT_OK;
}

/* "REV+N" / "REV-N" / "+N" / "-N": Alembic's _relative_destination, minus branch labels. */
static bool
parse_relative(const char *s, char *sym, size_t symsz, long *rel)
{
	const char *p = s + strlen(s);
	char *end;
	while (p > s && isdigit((unsigned char)p[-1]))
		p--;
	if (p == s + strlen(s) || p == s || (p[-1] != '+' && p[-1] != '-'))
		return false;
	p--;
	if ((size_t)(p - s) >= symsz)
		return false;
	memcpy(sym, s, (size_t)(p - s));
	sym[p - s] = '\0';
	errno = 0;
	*rel = strtol(p, &end, 10);
	return errno == 0 && *end == '\0';
}

static int
reject_branch_label(const char *name, rt_error *err)
{
	if (strchr(name, '@')) {
		int rc = rt_error_set(err, RT_EUNSUPPORTED, "branch labels ('%s') are not supported", name);
		rt_error_hint(err, "name the revision by id");
		return rc;
	}
	return RT_OK;
}

static int
real_heads(idxv *out, const rt_chain *c)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (NODE(c, i)->n_all_next == 0 && idxv_add(out, i) < 0)
			return RT_ENOMEM;
	return RT_OK;
}

static int
versioned_heads(idxv *out, const rt_chain *c)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (NODE(c, i)->n_next == 0 && idxv_add(out, i) < 0)
			return RT_ENOMEM;
	return RT_OK;
}

static int
multiple_heads(const rt_chain *c, const idxv *h, const char *arg, rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	int rc;
	list_ids(&b, c, h->v, h->n);
	rc = rt_error_set(err, RT_EINVALID, "multiple heads are present for '%s': %s", arg, rt_buf_cstr(&b));
	rt_error_hint(err, "name one of them, or use 'heads' for all of them");
	rt_buf_dispose(&b);
	return rc;
}

/* Alembic get_revisions(): "heads" -> all real heads, "head" -> the single head, "base" ->
 * none, else a full id or unique prefix. */
static int
get_revisions(idxv *out, const rt_chain *c, const char *name, rt_error *err)
{
	size_t i = 0;
	int rc;
	if ((rc = reject_branch_label(name, err)) < 0)
		return rc;
	if (!strcmp(name, "heads"))
		return real_heads(out, c) < 0 ? rt_error_nomem(err) : RT_OK;
	if (!strcmp(name, "head")) {
		idxv h = {0};
		if (versioned_heads(&h, c) < 0)
			return rt_error_nomem(err);
		if (h.n > 1)
			rc = multiple_heads(c, &h, name, err);
		else if (h.n == 1)
			rc = idxv_add(out, h.v[0]) < 0 ? rt_error_nomem(err) : RT_OK;
		idxv_dispose(&h);
		return rc;
	}
	if (!strcmp(name, "base"))
		return RT_OK;
	if (name[0] == '-' && name[1] && strspn(name + 1, "0123456789") == strlen(name + 1)) {
		/* "-N": N below each head (walking past base is base) */
		idxv h = {0};
		long r, steps = -atol(name + 1);
		if (real_heads(&h, c) < 0)
			return rt_error_nomem(err);
		for (i = 0; i < h.n; i++) {
			if ((rc = walk(&r, c, (long)h.v[i], steps, true, err)) < 0)
				break;
			if (r >= 0 && idxv_add_unique(out, (size_t)r) < 0) {
				rc = rt_error_nomem(err);
				break;
			}
		}
		idxv_dispose(&h);
		return rc;
	}
	if ((rc = ident(&i, c, name, err)) < 0)
		return rc;
	return idxv_add(out, i) < 0 ? rt_error_nomem(err) : RT_OK;
}

/* A single revision for a symbol: several heads are an error (Alembic get_revision). */
static int
get_revision(long *out, const rt_chain *c, const char *name, rt_error *err)
{
	idxv v = {0};
	int rc;
	if (!strcmp(name, "heads")) {
		if (real_heads(&v, c) < 0)
			return rt_error_nomem(err);
		if (v.n > 1) {
			rc = multiple_heads(c, &v, name, err);
			idxv_dispose(&v);
			return rc;
		}
		idxv_dispose(&v);
	}
	if ((rc = get_revisions(&v, c, name, err)) < 0)
		goto cleanup;
	*out = v.n ? (long)v.v[0] : W_BASE;
cleanup:
	idxv_dispose(&v);
	return rc;
}

int
rt_chain_resolve(const rt_revision **out, const rt_chain *c, const char *name, rt_error *err)
{
	char sym[128];
	long rel, r = W_BASE;
	int rc;
	*out = NULL;
	if (!c->linked)
		return not_linked(err);
	if (parse_relative(name, sym, sizeof sym, &rel) && sym[0]) {
		if ((rc = get_revision(&r, c, sym, err)) < 0)
			return rc;
		if ((rc = walk(&r, c, r, rel, true, err)) < 0)
			return rc;
		if (r == W_NONE)
			return rt_error_set(err, RT_ENOTFOUND, "'%s' walks past the end of the chain", name);
	} else if ((rc = get_revision(&r, c, name, err)) < 0) {
		return rc;
	}
	*out = r >= 0 ? &NODE(c, r)->rev : NULL;
	return RT_OK;
}

/* ---- Alembic's topological sort (RevisionMap._topological_sort), newest first ---------- */

static int
topo_sort(idxv *out, const rt_chain *c, const uint8_t *todo_in, const size_t *heads, size_t nheads,
	  rt_error *err)
{
	uint8_t *todo = rt_malloc(c->n + 1), **anc = NULL;
	size_t *cur = NULL, ncur = 0, cap, i, left = 0, idx = 0, guard = 0;
	int rc = RT_OK;
	if (!todo)
		return rt_error_nomem(err);
	memcpy(todo, todo_in, c->n + 1);
	for (i = 0; i < c->n; i++)
		left += todo[i] != 0;
	cap = c->n + 1;
	cur = rt_malloc(cap * sizeof *cur);
	anc = rt_calloc(cap, sizeof *anc);
	if (!cur || !anc) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	/* the heads in todo, in load order */
	for (i = 0; i < c->n; i++)
		if (todo[i] && idx_has(heads, nheads, i))
			cur[ncur++] = i;
	for (i = 0; i < ncur; i++)
		if (!(anc[i] = reach(c, &cur[i], 1, E_NORM_DOWN))) {
			rc = rt_error_nomem(err);
			goto cleanup;
		}
	while (ncur > 0) {
		size_t cand = cur[idx], k, nadd = 0, first = 0;
		const node *nd;
		bool blocked = false;
		if (++guard > 4 * (c->n + 1) * (c->n + 1)) {
			rc = rt_error_set(err, RT_ERROR, "internal error: revision sort does not terminate");
			goto cleanup;
		}
		for (k = 0; k < ncur; k++) {
			if (k != idx && anc[k][cand]) {
				idx = k;  /* another head needs us: walk it first */
				blocked = true;
				break;
			}
		}
		if (blocked)
			continue;
		if (todo[cand]) {
			if (idxv_add(out, cand) < 0) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
			todo[cand] = 0;
			left--;
		}
		nd = NODE(c, cand);
		for (k = 0; k < nd->n_norm_down; k++) {
			size_t d = nd->norm_down[k];
			if (todo[d] && !idx_has(cur, ncur, d)) {
				if (nadd++ == 0)
					first = d;
			}
		}
		if (nadd == 0) {
			rt_free(anc[idx]);
			memmove(&cur[idx], &cur[idx + 1], (ncur - idx - 1) * sizeof *cur);
			memmove(&anc[idx], &anc[idx + 1], (ncur - idx - 1) * sizeof *anc);
			ncur--;
			anc[ncur] = NULL;
			idx = idx > 0 ? idx - 1 : 0;
		} else if (!nd->has_norm_deps && nd->n_down == 1) {
			cur[idx] = first;
			anc[idx][cand] = 0;
		} else {
			bool seen_first = false;
			for (k = 0; k < nd->n_norm_down; k++) {
				size_t d = nd->norm_down[k];
				if (!todo[d] || idx_has(cur, ncur, d))
					continue;
				if (!seen_first) {
					seen_first = true;
					continue;
				}
				cur[ncur] = d;
				if (!(anc[ncur] = reach(c, &d, 1, E_NORM_DOWN))) {
					rc = rt_error_nomem(err);
					goto cleanup;
				}
				ncur++;
			}
			cur[idx] = first;
			rt_free(anc[idx]);
			if (!(anc[idx] = reach(c, &first, 1, E_NORM_DOWN))) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
		}
	}
	if (left)
		rc = rt_error_set(err, RT_ERROR, "internal error: %zu revisions left unsorted", left);
cleanup:
	if (anc)
		for (i = 0; i < cap; i++)
			rt_free(anc[i]);
	rt_free(anc);
	rt_free(cur);
	rt_free(todo);
	return rc;
}

/* ---- upgrade / history targets ---------------------------------------------------------- */

/* Alembic _parse_upgrade_target: the revisions to reach, given the current ones. */
static int
upgrade_targets(idxv *out, const rt_chain *c, const idxv *current, const char *target, bool no_overwalk,
		rt_error *err)
{
	char sym[128];
	long rel, r;
	int rc;
	if (!parse_relative(target, sym, sizeof sym, &rel))
		return get_revisions(out, c, target, err);
	if ((rc = reject_branch_label(target, err)) < 0)
		return rc;
	if (rel > 0 && !sym[0]) {
		if (current->n > 1)
			return rt_error_set(err, RT_EINVALID,
					    "ambiguous upgrade from multiple current revisions; name the target");
		if ((rc = walk(&r, c, current->n ? (long)current->v[0] : W_NONE, rel, no_overwalk, err)) < 0)
			return rc;
		if (r == W_NONE || r == W_BASE)
			return rt_error_set(err, RT_EINVALID, "relative revision %s didn't produce %ld migrations",
					    target, rel);
	} else if (!sym[0]) {
		return rt_error_set(err, RT_EINVALID, "relative revision %s didn't produce %ld migrations",
				    target, labs(rel));
	} else {
		if ((rc = get_revision(&r, c, sym, err)) < 0)
			return rc;
		if ((rc = walk(&r, c, r, rel, no_overwalk, err)) < 0)
			return rc;
		if (r == W_NONE)
			return rt_error_set(err, RT_EINVALID, "'%s' walks past the end of the chain", target);
	}
	if (r >= 0 && idxv_add(out, (size_t)r) < 0)
		return rt_error_nomem(err);
	return RT_OK;
}

/* The version table's rows as chain indexes. */
static int
current_indexes(idxv *out, const rt_chain *c, const char *const *current, size_t n, rt_error *err)
{
	size_t i;
	for (i = 0; i < n; i++) {
		node *nd = find_node(c, current[i]);
		if (!nd) {
			int rc = rt_error_set(err, RT_ENOTFOUND,
					      "the database is at revision %s, which is not in %s", current[i],
					      c->dir ? c->dir : "the chain");
			rt_error_hint(err, "restore the missing migration file, or `retort stamp` the database");
			return rc;
		}
		if (idxv_add_unique(out, nd->idx) < 0)
			return rt_error_nomem(err);
	}
	return RT_OK;
}

static int
overlap_check(const rt_chain *c, const idxv *targets, rt_error *err)
{
	size_t i, k;
	for (i = 0; i < targets->n; i++) {
		uint8_t *a = reach(c, &targets->v[i], 1, E_NORM_DOWN);
		if (!a)
			return rt_error_nomem(err);
		for (k = 0; k < targets->n; k++) {
			if (k != i && a[targets->v[k]]) {
				rt_free(a);
				return rt_error_set(err, RT_EINVALID,
						    "requested revision %s overlaps with other requested revision %s",
						    NODE(c, targets->v[k])->rev.id, NODE(c, targets->v[i])->rev.id);
			}
		}
		rt_free(a);
	}
	return RT_OK;
}

int
rt_chain_history(rt_revlist *out, const rt_chain *c, const char *range, rt_error *err)
{
	idxv targets = {0}, lower = {0}, order = {0}, rh = {0};
	uint8_t *req = NULL, *have = NULL, *desc = NULL;
	char lo_s[128] = "base", up_s[128] = "heads";
	size_t i;
	int rc;
	if (!c->linked)
		return not_linked(err);
	if (range) {
		const char *colon = strchr(range, ':');
		size_t ln;
		if (!colon)
			return rt_error_set(err, RT_EINVALID, "history range requires [start]:[end], [start]:, or :[end]");
		ln = (size_t)(colon - range);
		if (ln >= sizeof lo_s || strlen(colon + 1) >= sizeof up_s)
			return rt_error_set(err, RT_EINVALID, "history range '%s' is too long", range);
		if (ln) {
			memcpy(lo_s, range, ln);
			lo_s[ln] = '\0';
		}
		if (colon[1])
			snprintf(up_s, sizeof up_s, "%s", colon + 1);
	}
	/* the lower bound: "base", a revision, or "-N" below each head */
	{
		char sym[128];
		long rel, r;
		if (parse_relative(lo_s, sym, sizeof sym, &rel) && !sym[0] && rel < 0) {
			if (real_heads(&rh, c) < 0) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
			for (i = 0; i < rh.n; i++) {
				if ((rc = walk(&r, c, (long)rh.v[i], rel, false, err)) < 0)
					goto cleanup;
				if (r >= 0 && idxv_add_unique(&lower, (size_t)r) < 0) {
					rc = rt_error_nomem(err);
					goto cleanup;
				}
			}
		} else if ((rc = upgrade_targets(&lower, c, &rh, lo_s, false, err)) < 0) {
			goto cleanup;
		}
	}
	if ((rc = upgrade_targets(&targets, c, &lower, up_s, false, err)) < 0)
		goto cleanup;
	if ((rc = overlap_check(c, &targets, err)) < 0)
		goto cleanup;
	req = reach(c, targets.v, targets.n, E_NORM_DOWN);
	have = reach(c, lower.v, lower.n, E_NORM_DOWN);
	desc = reach(c, lower.v, lower.n, E_NEXT);
	if (!req || !have || !desc) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	for (i = 0; i < lower.n; i++) {
		if (!req[lower.v[i]]) {
			rc = rt_error_set(err, RT_EINVALID,
					  "requested range %s:%s does not refer to ancestor/descendant revisions along the same branch",
					  lo_s, up_s);
			goto cleanup;
		}
	}
	/* inclusive: the lower revisions themselves are shown */
	for (i = 0; i < c->n; i++) {
		bool need = req[i] && (!have[i] || idx_has(lower.v, lower.n, i));
		if (lower.n && !desc[i])
			need = false;
		req[i] = need;
	}
	if ((rc = topo_sort(&order, c, req, targets.v, targets.n, err)) < 0)
		goto cleanup;
	for (i = 0; i < order.n; i++)
		if (revlist_add(out, &NODE(c, order.v[i])->rev) < 0) {
			rc = rt_error_nomem(err);
			goto cleanup;
		}
cleanup:
	idxv_dispose(&targets);
	idxv_dispose(&lower);
	idxv_dispose(&order);
	idxv_dispose(&rh);
	rt_free(req);
	rt_free(have);
	rt_free(desc);
	return rc;
}

/* ---- steps and the version table (Alembic's HeadMaintainer) ------------------------------ */

typedef struct heads_state {
	const char **v;
	size_t n, cap;
} heads_state;

static bool
hs_has(const heads_state *h, const char *id)
{
	size_t i;
	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i], id))
			return true;
	return false;
}

typedef struct step_builder {
	const rt_chain *c;
	rt_steps *s;
	size_t cap;
	heads_state heads;
	rt_error *err;
} step_builder;

static rt_step *
sb_new_step(step_builder *b, const rt_revision *rev, bool up, const char *from, const char *to)
{
	rt_step *st;
	if (b->s->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;
		rt_step *v = rt_arena_alloc(b->s->arena, cap * sizeof *v);
		if (!v)
			return NULL;
		if (b->s->n)
			memcpy(v, b->s->v, b->s->n * sizeof *v);
		b->s->v = v;
		b->cap = cap;
	}
	st = &b->s->v[b->s->n++];
	memset(st, 0, sizeof *st);
	st->rev = rev;
	st->is_upgrade = up;
	st->from_label = from;
	st->to_label = to;
	/* at most one op per head plus one */
	st->ops = rt_arena_alloc(b->s->arena, (b->heads.n + b->c->n + 2) * sizeof *st->ops);
	return st->ops ? st : NULL;
}

static int
sb_op(step_builder *b, rt_step *st, rt_version_op_kind k, const char *from, const char *to)
{
	heads_state *h = &b->heads;
	size_t i;
	switch (k) {
	case RT_VERSION_INSERT:
		if (hs_has(h, to))
			return rt_error_set(b->err, RT_ERROR, "internal error: %s is already in the version table", to);
		if (h->n == h->cap) {
			size_t cap = h->cap ? 2 * h->cap : 8;
			const char **v = rt_realloc(h->v, cap * sizeof *v);
			if (!v)
				return rt_error_nomem(b->err);
			h->v = v;
			h->cap = cap;
		}
		h->v[h->n++] = to;
		break;
	case RT_VERSION_DELETE:
	case RT_VERSION_UPDATE:
		for (i = 0; i < h->n && strcmp(h->v[i], from); i++)
			;
		if (i == h->n)
			return rt_error_set(b->err, RT_ERROR, "internal error: %s is not in the version table", from);
		if (k == RT_VERSION_DELETE) {
			memmove(&h->v[i], &h->v[i + 1], (h->n - i - 1) * sizeof *h->v);
			h->n--;
		} else {
			if (hs_has(h, to))
				return rt_error_set(b->err, RT_ERROR, "internal error: %s is already in the version table", to);
			h->v[i] = to;
		}
		break;
	}
	st->ops[st->n_ops].kind = k;
	st->ops[st->n_ops].from = from;
	st->ops[st->n_ops].to = to;
	st->n_ops++;
	return RT_OK;
}

static const char *
sb_label(step_builder *b, const char *const *ids, size_t n)
{
	rt_buf t = RT_BUF_INIT;
	char *r;
	size_t i;
	for (i = 0; i < n; i++)
		rt_buf_printf(&t, "%s%s", i ? ", " : "", ids[i]);
	r = rt_arena_strdup(b->s->arena, rt_buf_cstr(&t));
	rt_buf_dispose(&t);
	return r;
}

/* Current heads as chain indexes (they are always chain revisions here). */
static int
sb_heads_idx(step_builder *b, idxv *out, const char *except)
{
	size_t i;
	for (i = 0; i < b->heads.n; i++) {
		node *nd;
		if (except && !strcmp(b->heads.v[i], except))
			continue;
		nd = find_node(b->c, b->heads.v[i]);
		if (nd && idxv_add(out, nd->idx) < 0)
			return RT_ENOMEM;
	}
	return RT_OK;
}

/* HeadMaintainer.update_to_step for a RevisionStep. */
static int
sb_revision_step(step_builder *b, size_t ri, bool up)
{
	const rt_chain *c = b->c;
	const node *nd = NODE(c, ri);
	const char *id = nd->rev.id;
	rt_step *st;
	idxv others = {0};
	uint8_t *anc = NULL;
	size_t k, in_heads = 0;
	const char *from_l, *to_l;
	int rc = RT_OK;
	for (k = 0; k < nd->n_norm_down; k++)
		in_heads += hs_has(&b->heads, NODE(c, nd->norm_down[k])->rev.id);
	from_l = up ? sb_label(b, nd->rev.down, nd->rev.n_down) : id;
	to_l = up ? id : sb_label(b, nd->rev.down, nd->rev.n_down);
	if (!from_l || !to_l || !(st = sb_new_step(b, &nd->rev, up, from_l, to_l)))
		return rt_error_nomem(b->err);
	if (up) {
		if (nd->n_norm_down == 0 || in_heads == 0) {
			rc = sb_op(b, st, RT_VERSION_INSERT, NULL, id);  /* a new branch */
		} else if (nd->n_norm_down > 1 && in_heads > 1) {
			/* a merge: delete all but one of the merged heads, update the last */
			const char *from[64];
			size_t nf = 0;
			if (sb_heads_idx(b, &others, NULL) < 0)
				goto nomem;
			/* other heads: current heads that are not our down revisions */
			for (k = 0; k < others.n;) {
				if (idx_has(nd->norm_down, nd->n_norm_down, others.v[k]))
					others.v[k] = others.v[--others.n];
				else
					k++;
			}
			if (others.n && !(anc = reach(c, others.v, others.n, E_NORM_DOWN)))
				goto nomem;
			for (k = 0; k < nd->n_norm_down && nf < 64; k++) {
				size_t d = nd->norm_down[k];
				if ((!anc || !anc[d]) && hs_has(&b->heads, NODE(c, d)->rev.id))
					from[nf++] = NODE(c, d)->rev.id;
			}
			for (k = 0; k + 1 < nf && rc == RT_OK; k++)
				rc = sb_op(b, st, RT_VERSION_DELETE, from[k], NULL);
			if (rc == RT_OK && nf)
				rc = sb_op(b, st, RT_VERSION_UPDATE, from[nf - 1], id);
		} else {
			const char *down = NULL;
			for (k = 0; k < nd->n_norm_down && !down; k++)
				if (nd->n_norm_down == 1 || hs_has(&b->heads, NODE(c, nd->norm_down[k])->rev.id))
					down = NODE(c, nd->norm_down[k])->rev.id;
			rc = sb_op(b, st, RT_VERSION_UPDATE, down, id);
		}
	} else {
		/* downgrade: what replaces us is our down revisions that no other head still has */
		const char *to[64];
		size_t nt = 0;
		bool in = hs_has(&b->heads, id);
		if (sb_heads_idx(b, &others, id) < 0)
			goto nomem;
		if (others.n && !(anc = reach(c, others.v, others.n, E_NORM_DOWN)))
			goto nomem;
		for (k = 0; k < nd->n_norm_down && nt < 64; k++)
			if (!anc || !anc[nd->norm_down[k]])
				to[nt++] = NODE(c, nd->norm_down[k])->rev.id;
		if (in && (nd->n_norm_down == 0 || nt == 0)) {
			rc = sb_op(b, st, RT_VERSION_DELETE, id, NULL);
		} else if (in && nd->n_norm_down > 1) {
			for (k = 0; k + 1 < nt && rc == RT_OK; k++)
				rc = sb_op(b, st, RT_VERSION_INSERT, NULL, to[k]);
			if (rc == RT_OK)
				rc = sb_op(b, st, RT_VERSION_UPDATE, id, to[nt - 1]);
		} else if (nd->n_norm_down == 1) {
			rc = sb_op(b, st, RT_VERSION_UPDATE, id, NODE(c, nd->norm_down[0])->rev.id);
		} else {
			rc = rt_error_set(b->err, RT_ERROR, "cannot downgrade %s: it is not in the version table", id);
		}
	}
	goto cleanup;
nomem:
	rc = rt_error_nomem(b->err);
cleanup:
	idxv_dispose(&others);
	rt_free(anc);
	return rc;
}

static int
sb_begin(step_builder *b, rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
	 idxv *cur, rt_error *err)
{
	rt_steps *s;
	size_t i;
	int rc;
	memset(b, 0, sizeof *b);
	b->c = c;
	b->err = err;
	*out = NULL;
	if (!c->linked)
		return not_linked(err);
	if ((rc = current_indexes(cur, c, current, n_current, err)) < 0)
		return rc;
	s = rt_calloc(1, sizeof *s);
	if (!s || !(s->arena = rt_arena_new())) {
		rt_free(s);
		return rt_error_nomem(err);
	}
	b->s = s;
	s->heads_before = rt_arena_alloc(s->arena, (cur->n + 1) * sizeof *s->heads_before);
	if (!s->heads_before)
		return rt_error_nomem(err);
	for (i = 0; i < cur->n; i++) {
		s->heads_before[s->n_heads_before++] = NODE(c, cur->v[i])->rev.id;
		if (!hs_has(&b->heads, NODE(c, cur->v[i])->rev.id)) {
			heads_state *h = &b->heads;
			if (h->n == h->cap) {
				size_t cap = h->cap ? 2 * h->cap : 8;
				const char **v = rt_realloc(h->v, cap * sizeof *v);
				if (!v)
					return rt_error_nomem(err);
				h->v = v;
				h->cap = cap;
			}
			h->v[h->n++] = NODE(c, cur->v[i])->rev.id;
		}
	}
	return RT_OK;
}

static int
sb_end(step_builder *b, rt_steps **out, int rc)
{
	rt_steps *s = b->s;
	size_t i;
	if (rc == RT_OK && s) {
		s->heads_after = rt_arena_alloc(s->arena, (b->heads.n + 1) * sizeof *s->heads_after);
		if (!s->heads_after) {
			rc = rt_error_nomem(b->err);
		} else {
			for (i = 0; i < b->heads.n; i++)
				s->heads_after[i] = b->heads.v[i];
			s->n_heads_after = b->heads.n;
		}
	}
	rt_free(b->heads.v);
	if (rc < 0) {
		rt_steps_free(s);
		return rc;
	}
	*out = s;
	return RT_OK;
}

void
rt_steps_free(rt_steps *s)
{
	if (!s)
		return;
	rt_arena_free(s->arena);
	rt_free(s);
}

int
rt_chain_upgrade(rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
		 const char *target, rt_error *err)
{
	step_builder b;
	idxv cur = {0}, targets = {0}, order = {0};
	uint8_t *req = NULL, *have = NULL;
	size_t i;
	int rc;
	if ((rc = sb_begin(&b, out, c, current, n_current, &cur, err)) < 0)
		goto cleanup;
	if ((rc = upgrade_targets(&targets, c, &cur, target ? target : "head", true, err)) < 0)
		goto cleanup;
	if ((rc = overlap_check(c, &targets, err)) < 0)
		goto cleanup;
	/* Alembic _collect_upgrade_revisions(implicit_base=True): what the targets need minus
	 * what the current heads already have. */
	req = reach(c, targets.v, targets.n, E_NORM_DOWN);
	have = reach(c, cur.v, cur.n, E_NORM_DOWN);
	if (!req || !have) {
		rc = rt_error_nomem(err);
		goto cleanup;
	}
	for (i = 0; i < c->n; i++)
		req[i] = req[i] && !have[i];
	if ((rc = topo_sort(&order, c, req, targets.v, targets.n, err)) < 0)
		goto cleanup;
	for (i = order.n; i > 0 && rc == RT_OK; i--)
		rc = sb_revision_step(&b, order.v[i - 1], true);
cleanup:
	rc = sb_end(&b, out, rc);
	idxv_dispose(&cur);
	idxv_dispose(&targets);
	idxv_dispose(&order);
	rt_free(req);
	rt_free(have);
	return rc;
}

/* Alembic _parse_downgrade_target: the revision to go down to (W_BASE for base) and, for a
 * relative step from the current state, the revision whose branch it stays on. */
static int
downgrade_target(long *out, long *label, const rt_chain *c, const idxv *cur, const char *target, rt_error *err)
{
	char sym[128];
	long rel, r;
	int rc;
	*label = W_NONE;
	if (!parse_relative(target, sym, sizeof sym, &rel))
		return get_revision(out, c, target, err);
	if ((rc = reject_branch_label(target, err)) < 0)
		return rc;
	if (rel >= 0 && !sym[0])
		return rt_error_set(err, RT_EINVALID, "relative revision %s didn't produce %ld migrations", target, rel);
	if (!sym[0]) {
		if (cur->n == 0)
			return rt_error_set(err, RT_EINVALID, "relative revision %s didn't produce %ld migrations",
					    target, labs(rel));
		r = (long)cur->v[0];
		*label = r;
	} else if ((rc = get_revision(&r, c, sym, err)) < 0) {
		return rc;
	}
	if ((rc = walk(&r, c, r, rel, true, err)) < 0)
		return rc;
	if (r == W_NONE)
		return rt_error_set(err, RT_EINVALID, "relative revision %s didn't produce %ld migrations", target,
				    labs(rel));
	*out = r;
	return RT_OK;
}

int
rt_chain_downgrade(rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
		   const char *target, rt_error *err)
{
	step_builder b;
	idxv cur = {0}, roots = {0}, order = {0};
	uint8_t *drop = NULL, *active = NULL, *anc = NULL;
	long t = W_BASE, label;
	size_t i, left = 0;
	int rc;
	if ((rc = sb_begin(&b, out, c, current, n_current, &cur, err)) < 0)
		goto cleanup;
	if (!target || !*target) {
		rc = rt_error_set(err, RT_EINVALID, "downgrade needs a target (-1, base, or a revision)");
		goto cleanup;
	}
	if ((rc = downgrade_target(&t, &label, c, &cur, target, err)) < 0)
		goto cleanup;
	/* roots: what must go -- every base for "base", else the target's children */
	if (t < 0) {
		for (i = 0; i < c->n; i++)
			if (NODE(c, i)->n_down == 0 && idxv_add(&roots, i) < 0)
				goto nomem;
	} else {
		for (i = 0; i < NODE(c, t)->n_next; i++)
			if (idxv_add(&roots, NODE(c, t)->next[i]) < 0)
				goto nomem;
	}
	if (label >= 0 && roots.n > 1) {
		size_t lab = (size_t)label;
		if (!(anc = reach(c, &lab, 1, E_DOWN)))
			goto nomem;
		for (i = 0; i < roots.n;) {
			if (!anc[roots.v[i]])
				memmove(&roots.v[i], &roots.v[i + 1], (--roots.n - i) * sizeof *roots.v);
			else
				i++;
		}
		if (roots.n == 0) {
			rc = rt_error_set(err, RT_EINVALID, "not a valid downgrade target from current heads");
			goto cleanup;
		}
	}
	drop = reach(c, roots.v, roots.n, E_ALL_NEXT);
	active = reach(c, cur.v, cur.n, E_NORM_DOWN);
	if (!drop || !active)
		goto nomem;
	for (i = 0; i < c->n; i++) {
		drop[i] = drop[i] && active[i];
		left += drop[i];
	}
	if (t >= 0 && left == 0 && !idx_has(cur.v, cur.n, (size_t)t)) {
		rc = rt_error_set(err, RT_EINVALID,
				  "destination %s is not a valid downgrade target from current head(s)", target);
		goto cleanup;
	}
	if ((rc = topo_sort(&order, c, drop, cur.v, cur.n, err)) < 0)
		goto cleanup;
	for (i = 0; i < order.n && rc == RT_OK; i++)
		rc = sb_revision_step(&b, order.v[i], false);
	goto cleanup;
nomem:
	rc = rt_error_nomem(err);
cleanup:
	rc = sb_end(&b, out, rc);
	idxv_dispose(&cur);
	idxv_dispose(&roots);
	idxv_dispose(&order);
	rt_free(drop);
	rt_free(active);
	rt_free(anc);
	return rc;
}

/* HeadMaintainer.update_to_step for a StampStep(from, to, is_upgrade, branch_move); like
 * Alembic it looks at the heads as they are when the step runs, not when it was planned. */
static int
sb_stamp_ops(step_builder *b, rt_step *st, const char *const *from, size_t nfrom, const char *to, bool branch_move)
{
	size_t i;
	int rc = RT_OK;
	bool from_missing = false;
	for (i = 0; i < nfrom; i++)
		from_missing = from_missing || !hs_has(&b->heads, from[i]);
	if (!st->is_upgrade && branch_move)
		return sb_op(b, st, RT_VERSION_DELETE, from[0], NULL);
	if (st->is_upgrade && (branch_move || from_missing) && to && !hs_has(&b->heads, to))
		return sb_op(b, st, RT_VERSION_INSERT, NULL, to);
	if (nfrom == 0 || !to)
		return rt_error_set(b->err, RT_EINVALID, "cannot stamp: the version table does not fit the target");
	for (i = 0; i + 1 < nfrom && rc == RT_OK; i++)
		rc = sb_op(b, st, RT_VERSION_DELETE, from[i], NULL);
	if (rc == RT_OK)
		rc = sb_op(b, st, RT_VERSION_UPDATE, from[nfrom - 1], to);
	return rc;
}

/* ScriptDirectory._stamp_revs + StampStep: no migration runs, only the version table moves. */
int
rt_chain_stamp(rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
	       const char *target, rt_error *err)
{
	step_builder b;
	idxv cur = {0}, dests = {0}, shares = {0}, filtered = {0};
	const char *tgt = target && *target ? target : "base";
	const char **fids = NULL;
	size_t i, k;
	int rc;
	if ((rc = sb_begin(&b, out, c, current, n_current, &cur, err)) < 0)
		goto cleanup;
	if ((rc = get_revisions(&dests, c, tgt, err)) < 0)
		goto cleanup;
	/* filter_for_lineage: the current heads related to the target (all of them for base) */
	if ((rc = get_revisions(&shares, c, tgt, err)) < 0)
		goto cleanup;
	for (i = 0; i < cur.n; i++) {
		uint8_t *up, *down;
		bool keep = shares.n == 0;
		if (!keep) {
			up = reach(c, &cur.v[i], 1, E_ALL_NEXT);
			down = reach(c, &cur.v[i], 1, E_NORM_DOWN);
			if (!up || !down) {
				rt_free(up);
				rt_free(down);
				goto nomem;
			}
			for (k = 0; k < shares.n; k++)
				keep = keep || up[shares.v[k]] || down[shares.v[k]];
			rt_free(up);
			rt_free(down);
		}
		if (keep && idxv_add_unique(&filtered, cur.v[i]) < 0)
			goto nomem;
	}
	fids = rt_arena_alloc(b.s->arena, (filtered.n + 1) * sizeof *fids);
	if (!fids)
		goto nomem;
	for (i = 0; i < filtered.n; i++)
		fids[i] = NODE(c, filtered.v[i])->rev.id;
	if (dests.n == 0) {
		for (i = 0; i < filtered.n && rc == RT_OK; i++) {
			rt_step *st = sb_new_step(&b, NULL, false, fids[i], "");
			if (!st)
				goto nomem;
			rc = sb_stamp_ops(&b, st, &fids[i], 1, NULL, true);
		}
	}
	for (k = 0; k < dests.n && rc == RT_OK; k++) {
		size_t d = dests.v[k];
		const char *did = NODE(c, d)->rev.id;
		uint8_t *desc, *anc;
		bool is_desc = false, is_anc = false;
		rt_step *st;
		const char *fl;
		if (idx_has(filtered.v, filtered.n, d))
			continue;  /* already in the table */
		desc = reach(c, &d, 1, E_ALL_NEXT);
		anc = reach(c, &d, 1, E_NORM_DOWN);
		if (!desc || !anc) {
			rt_free(desc);
			rt_free(anc);
			goto nomem;
		}
		for (i = 0; i < filtered.n; i++) {
			is_desc = is_desc || desc[filtered.v[i]];
			is_anc = is_anc || anc[filtered.v[i]];
		}
		rt_free(desc);
		rt_free(anc);
		if (is_desc || is_anc) {
			/* heads above (a downgrade) or below (an upgrade): one merged step */
			if (!(fl = sb_label(&b, fids, filtered.n)) || !(st = sb_new_step(&b, NULL, !is_desc, fl, did)))
				goto nomem;
			rc = sb_stamp_ops(&b, st, fids, filtered.n, did, false);
		} else {
			/* on a branch not in the table: a new row */
			if (!(st = sb_new_step(&b, NULL, true, "", did)))
				goto nomem;
			rc = sb_stamp_ops(&b, st, NULL, 0, did, true);
		}
	}
	goto cleanup;
nomem:
	rc = rt_error_nomem(err);
cleanup:
	rc = sb_end(&b, out, rc);
	idxv_dispose(&cur);
	idxv_dispose(&dests);
	idxv_dispose(&shares);
	idxv_dispose(&filtered);
	return rc;
}

int
rt_chain_status_of(rt_chain_status *out, const rt_chain *c, const char *const *current, size_t n_current,
		   rt_error *err)
{
	rt_steps *s = NULL;
	idxv rh = {0};
	size_t i;
	int rc;
	memset(out, 0, sizeof *out);
	if (!c->linked)
		return not_linked(err);
	for (i = 0; i < n_current; i++) {
		if (!find_node(c, current[i])) {
			out->unknown = true;
			return RT_OK;
		}
	}
	if ((rc = rt_chain_upgrade(&s, c, current, n_current, "heads", err)) < 0)
		return rc;
	out->pending = s->n;
	rt_steps_free(s);
	if (real_heads(&rh, c) < 0)
		return rt_error_nomem(err);
	out->at_head = out->pending == 0 && rh.n == n_current;
	for (i = 0; i < rh.n && out->at_head; i++) {
		size_t k;
		bool found = false;
		for (k = 0; k < n_current && !found; k++)
			found = !strcmp(current[k], NODE(c, rh.v[i])->rev.id);
		out->at_head = found;
	}
	idxv_dispose(&rh);
	return RT_OK;
}

int
rt_revision_create(char **out_path, const rt_chain *c, const char *dir, const rt_revision_new_opts *opts,
		   rt_error *err)
{
	rt_revision rev = {0};
	idxv down = {0};
	const char *dv[64];
	char id[RT_REVISION_ID_MAX + 1], date[32];
	size_t i;
	int rc, tries;
	*out_path = NULL;
	if (!c->linked)
		return not_linked(err);
	if (opts->rev_id) {
		if ((rc = rt_revision_check_id(opts->rev_id, err)) < 0)
			return rc;
		if (find_node(c, opts->rev_id))
			return rt_error_set(err, RT_EINVALID, "revision %s already exists in %s", opts->rev_id,
					    c->dir ? c->dir : "the chain");
		snprintf(id, sizeof id, "%s", opts->rev_id);
	} else {
		for (tries = 0;; tries++) {
			if ((rc = rt_revision_new_id(id, err)) < 0)
				return rc;
			if (!find_node(c, id))
				break;
			if (tries > 100)
				return rt_error_set(err, RT_ERROR, "cannot find an unused revision id");
		}
	}
	if (!opts->head) {
		if (versioned_heads(&down, c) < 0)
			return rt_error_nomem(err);
		if (down.n > 1) {
			rt_buf b = RT_BUF_INIT;
			list_ids(&b, c, down.v, down.n);
			rc = rt_error_set(err, RT_EINVALID, "multiple heads are present: %s", rt_buf_cstr(&b));
			rt_error_hint(err, "name the head to build on with --head, or merge them with --head heads");
			rt_buf_dispose(&b);
			goto cleanup;
		}
	} else if (!strcmp(opts->head, "heads")) {
		if (real_heads(&down, c) < 0)
			return rt_error_nomem(err);
	} else {
		long r;
		if ((rc = get_revision(&r, c, opts->head, err)) < 0)
			goto cleanup;
		if (r >= 0) {
			if (NODE(c, r)->n_next) {
				rc = rt_error_set(err, RT_EINVALID, "revision %s is not a head revision",
						  NODE(c, r)->rev.id);
				goto cleanup;
			}
			if (idxv_add(&down, (size_t)r) < 0) {
				rc = rt_error_nomem(err);
				goto cleanup;
			}
		}
	}
	if (down.n > sizeof dv / sizeof dv[0]) {
		rc = rt_error_set(err, RT_EINVALID, "too many heads to merge (%zu)", down.n);
		goto cleanup;
	}
	for (i = 0; i < down.n; i++)
		dv[i] = NODE(c, down.v[i])->rev.id;
	if ((rc = rt_revision_create_date(date, err)) < 0)
		goto cleanup;
	rev.id = id;
	rev.down = dv;
	rev.n_down = down.n;
	rev.message = opts->message;  /* NULL: "empty message", slug "" (Alembic) */
	rev.create_date = date;
	rev.hazards = opts->hazards;
	rev.n_hazards = opts->n_hazards;
	rev.no_transaction = opts->no_transaction;
	rev.upgrade_sql = opts->upgrade_sql;
	rev.downgrade_sql = opts->downgrade_sql;
	rc = rt_revision_write(out_path, dir, &rev, err);
cleanup:
	idxv_dispose(&down);
	return rc;
}
