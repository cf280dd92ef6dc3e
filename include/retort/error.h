/* retort error objects: what went wrong, where in retort, and where in the user's input.
 * It does not print or exit; only the command line turns an error into output. */
#ifndef RETORT_ERROR_H
#define RETORT_ERROR_H

#include <stdarg.h>
#include <stddef.h>

typedef enum rt_code {
	RT_OK = 0,
	RT_ERROR = -1,     /* generic failure */
	RT_ENOMEM = -2,
	RT_EINVALID = -3,  /* caller's mistake or bad usage */
	RT_ENOTFOUND = -4,
	RT_EPARSE = -5,    /* user input does not parse */
	RT_EDB = -6,       /* the server refused or the connection failed */
	RT_EIO = -7,
	RT_EDRIFT = -8,
	RT_ELOCKED = -9,
	RT_EUNSUPPORTED = -10,
	RT_EREFUSED = -11  /* destructive change not allowed */
} rt_code;

typedef struct rt_error {
	int code;
	char message[512];
	char detail[512];
	char hint[256];
	char sqlstate[6];
	/* where retort raised it */
	const char *src_file;
	int src_line;
	const char *src_func;
	/* where in the user's input: path:line:col, or an object's name in `object` */
	char path[256];
	int line, col;
	char object[256];
	char context_line[256]; /* the offending input line, for a caret display */
} rt_error;

#define RT_ERROR_INIT {0}

int rt_error__set(rt_error *err, const char *file, int line, const char *func, int code,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sets code and message; returns code so that `return rt_error_set(...)` reads well. */
#define rt_error_set(err, code, ...) rt_error__set((err), __FILE__, __LINE__, __func__, (code), __VA_ARGS__)
#define rt_error_nomem(err) rt_error_set((err), RT_ENOMEM, "out of memory")

void rt_error_detail(rt_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_error_hint(rt_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prepend context: "model a.sql: <message>". */
void rt_error_prefix(rt_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Record a location in the user's input given a byte offset into the text (1-based line/col). */
void rt_error_at_offset(rt_error *err, const char *path, const char *text, int offset);
void rt_error_at_line(rt_error *err, const char *path, int line, int col);
void rt_error_object(rt_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_error_clear(rt_error *err);

/* Formats the whole error for a terminal ("path:line:col: message\n  line\n  ^\nDETAIL: ..."). */
struct rt_buf;
void rt_error_format(struct rt_buf *out, const rt_error *err);

/* With RETORT_TRACE set in the environment, prints "retort: trace: <ms> <what>" to stderr: the
 * milliseconds since the first trace of the process, for timing the phases of a command. */
void rt_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
