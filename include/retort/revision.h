/* retort revisions: the files in the versions directory (ids, Alembic slugs, the header, the
 * upgrade and downgrade sections), the chain they form (heads, bases, history) and the steps
 * an upgrade, downgrade or stamp takes, with the alembic_version changes each step makes.
 * It does not touch a database (runner.h applies steps) and does not compute schema changes
 * (the SQL bodies are the caller's text). */
#ifndef RETORT_REVISION_H
#define RETORT_REVISION_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/buf.h"
#include "retort/error.h"

/* alembic_version.version_num is varchar(32). */
#define RT_REVISION_ID_MAX 32
/* Alembic's truncate_slug_length default. */
#define RT_REVISION_SLUG_MAX 40

typedef enum rt_revision_kind {
	RT_REVISION_SQL = 0,  /* <rev>_<slug>.sql written by retort; runnable */
	RT_REVISION_PY        /* an Alembic .py file: part of the chain, never run by retort */
} rt_revision_kind;

/* One revision.  Inside a chain everything is owned by the chain; a caller filling one for
 * rt_revision_render/_write owns its own strings. */
typedef struct rt_revision {
	const char *id;
	const char *const *down;        /* Revises (Alembic down_revision), in file order */
	size_t n_down;
	const char *const *depends_on;  /* Alembic depends_on / retort "Depends On" */
	size_t n_depends_on;
	const char *message;            /* the whole message, may span lines; never NULL in a chain */
	const char *create_date;        /* as written, "YYYY-MM-DD HH:MM:SS.ffffff"; may be NULL */
	const char *const *hazards;     /* one line each, from the hazard summary */
	size_t n_hazards;
	bool no_transaction;            /* -- retort:no-transaction */
	rt_revision_kind kind;
	const char *path;               /* file it was read from; NULL when built in memory */
	const char *upgrade_sql;        /* section bodies (NULL for .py files) */
	const char *downgrade_sql;
	int upgrade_line;               /* 1-based line of the file where each body starts */
	int downgrade_line;
} rt_revision;

/* ---- ids, slugs, dates -------------------------------------------------------------- */

/* 12 lowercase hex characters from the OS CSPRNG (getrandom, else /dev/urandom) into out. */
int rt_revision_new_id(char out[13], rt_error *err);
/* RT_EINVALID unless id is 1..32 characters of [A-Za-z0-9_] (what --rev-id accepts). */
int rt_revision_check_id(const char *id, rt_error *err);
/* Alembic's slug: "_".join(re.findall(r"\w+", message)).lower(), then when longer than
 * max_len code points, cut to max_len, back to the last '_' and a '_' appended.  Python 3
 * semantics for \w and str.lower() (any script, Final_Sigma included).  Appends UTF-8. */
void rt_revision_slug(rt_buf *out, const char *message, size_t max_len);
/* The Create Date for a new file: $RETORT_CREATE_DATE when set (for reproducible output;
 * RT_EINVALID unless it is "YYYY-MM-DD HH:MM:SS[.ffffff]"), else now in UTC. */
int rt_revision_create_date(char out[32], rt_error *err);
/* Alembic's Script.doc: the message up to its first blank line, trimmed.  Appends. */
void rt_revision_doc(rt_buf *out, const rt_revision *rev);

/* ---- files --------------------------------------------------------------------------- */

/* The file's text: header comments (message, Revision ID, Revises, Create Date, optional
 * Depends On, hazard summary, flags), then "-- retort:upgrade" and "-- retort:downgrade"
 * sections.  rev->id must be set; a NULL create_date becomes rt_revision_create_date(). */
int rt_revision_render(rt_buf *out, const rt_revision *rev, rt_error *err);
/* Writes rev to <dir>/<id>_<slug>.sql (never overwriting; RT_EINVALID if it exists).
 * *out_path (caller frees) gets the path. */
int rt_revision_write(char **out_path, const char *dir, const rt_revision *rev, rt_error *err);

/* ---- the chain ----------------------------------------------------------------------- */

typedef struct rt_chain rt_chain;

/* Reads every *.sql and *.py in dir (sorted by name) into a validated chain.  RT_ENOTFOUND
 * when dir does not exist; RT_EPARSE naming the file (path:line) for an unreadable header,
 * a file name that does not start with its Revision ID, a duplicate id, a Revises or
 * Depends On naming a missing revision, or a cycle. */
int rt_chain_load(rt_chain **out, const char *dir, rt_error *err);
/* Building a chain by hand (tests, tools): new, add each (copied), then link. */
int rt_chain_new(rt_chain **out, rt_error *err);
int rt_chain_add(rt_chain *c, const rt_revision *rev, rt_error *err);
int rt_chain_link(rt_chain *c, rt_error *err);
void rt_chain_free(rt_chain *c);  /* NULL is fine */
/* The directory it was loaded from (NULL when built by hand). */
const char *rt_chain_dir(const rt_chain *c);

size_t rt_chain_count(const rt_chain *c);
/* i-th revision in load order (file name order). */
const rt_revision *rt_chain_at(const rt_chain *c, size_t i);
/* Exact id, or NULL. */
const rt_revision *rt_chain_find(const rt_chain *c, const char *id);

/* A list of borrowed revisions. */
typedef struct rt_revlist {
	const rt_revision **v;
	size_t n, cap;
} rt_revlist;
#define RT_REVLIST_INIT {NULL, 0, 0}
void rt_revlist_dispose(rt_revlist *l);

/* Flags of a revision in its chain, as `alembic history` shows them. */
enum {
	RT_REV_HEAD = 1,            /* nothing revises or depends on it */
	RT_REV_EFFECTIVE_HEAD = 2,  /* nothing revises it, but something depends on it */
	RT_REV_BRANCHPOINT = 4,     /* revised by more than one revision */
	RT_REV_MERGEPOINT = 8,      /* revises more than one revision */
	RT_REV_BASE = 16            /* revises nothing */
};
unsigned rt_chain_flags(const rt_chain *c, const rt_revision *rev);
/* Revisions whose Revises names rev (Alembic nextrev), load order. */
int rt_chain_children(rt_revlist *out, const rt_chain *c, const rt_revision *rev, rt_error *err);
/* Heads (nothing revises them: `alembic heads`), load order.  Empty chain: empty list. */
int rt_chain_heads(rt_revlist *out, const rt_chain *c, rt_error *err);
/* Bases (they revise nothing), load order. */
int rt_chain_bases(rt_revlist *out, const rt_chain *c, rt_error *err);

/* A revision named by the user: a full id or a unique prefix, "head" (the single head),
 * "base" (*out NULL), or a relative "REV+N" / "REV-N".  RT_ENOTFOUND for no match;
 * RT_EINVALID for an ambiguous prefix (the message lists the candidates) or several heads. */
int rt_chain_resolve(const rt_revision **out, const rt_chain *c, const char *name, rt_error *err);

/* `alembic history -r range`: newest first (a topological order: every revision before what
 * it revises).  range NULL or "A:B", "A:", ":B"; A defaults to base, B to heads; A may be
 * "-N" (N below the heads), B "+N" (N above A).  RT_EINVALID when A is not an ancestor of B. */
int rt_chain_history(rt_revlist *out, const rt_chain *c, const char *range, rt_error *err);

/* ---- steps: what upgrade / downgrade / stamp do --------------------------------------- */

typedef enum rt_version_op_kind {
	RT_VERSION_INSERT,  /* INSERT INTO alembic_version (version_num) VALUES (to) */
	RT_VERSION_DELETE,  /* DELETE ... WHERE version_num = from */
	RT_VERSION_UPDATE   /* UPDATE ... SET version_num = to WHERE version_num = from */
} rt_version_op_kind;

typedef struct rt_version_op {
	rt_version_op_kind kind;
	const char *from, *to;
} rt_version_op;

typedef struct rt_step {
	const rt_revision *rev;   /* NULL for a stamp */
	bool is_upgrade;
	const char *from_label;   /* Alembic's short log: "<from> -> <to>", ids comma-separated, */
	const char *to_label;     /* "" for base */
	rt_version_op *ops;       /* the version-table changes, in order (HeadMaintainer's) */
	size_t n_ops;
} rt_step;

typedef struct rt_steps {
	rt_step *v;
	size_t n;
	const char **heads_before;  /* the version table before and after all steps */
	size_t n_heads_before;
	const char **heads_after;
	size_t n_heads_after;
	struct rt_arena *arena;
} rt_steps;

/* Steps from the applied heads `current` (the version table's rows) to `target`, with
 * Alembic's semantics: upgrade "head" (one head, else RT_EINVALID naming them), "heads",
 * "+N", "REV", "REV+N"; downgrade "-N", "base", "REV", "REV-N"; stamp "REV", "head",
 * "heads", "base".  A current id not in the chain is RT_ENOTFOUND.  Free with rt_steps_free. */
int rt_chain_upgrade(rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
		     const char *target, rt_error *err);
int rt_chain_downgrade(rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
		       const char *target, rt_error *err);
int rt_chain_stamp(rt_steps **out, const rt_chain *c, const char *const *current, size_t n_current,
		   const char *target, rt_error *err);
void rt_steps_free(rt_steps *s);  /* NULL is fine */

/* Where a database stands against the chain (for `check` and `autogenerate`). */
typedef struct rt_chain_status {
	bool at_head;        /* current == the chain's heads (an empty chain and database count) */
	size_t pending;      /* revisions `upgrade heads` would apply */
	bool unknown;        /* current names a revision the chain does not have */
} rt_chain_status;
int rt_chain_status_of(rt_chain_status *out, const rt_chain *c, const char *const *current,
		       size_t n_current, rt_error *err);

/* Alembic's new-revision flow for `revision` and `autogenerate`: a fresh (or given) id,
 * Revises = the chain's head (head NULL: the single head, RT_EINVALID if several; "heads":
 * a merge of all; else a head named by id or prefix), the Create Date, and the caller's
 * bodies and hazard lines.  Writes <dir>/<id>_<slug>.sql; *out_path (caller frees). */
typedef struct rt_revision_new_opts {
	const char *message;          /* NULL: "empty message" with an empty slug, as Alembic */
	const char *rev_id;           /* NULL: rt_revision_new_id() */
	const char *head;
	const char *const *hazards;
	size_t n_hazards;
	bool no_transaction;
	const char *upgrade_sql;      /* NULL: an empty section */
	const char *downgrade_sql;
} rt_revision_new_opts;
#define RT_REVISION_NEW_OPTS_INIT {0}
int rt_revision_create(char **out_path, const rt_chain *c, const char *dir,
		       const rt_revision_new_opts *opts, rt_error *err);

#endif
