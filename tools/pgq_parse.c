/* pgq_parse FILE...: libpg_query alone, the parse floor for scripts/bench.
 *
 * Reads each file, calls pg_query_parse_protobuf on its whole text, frees the result, and
 * prints the seconds spent inside the parser (reading the files is not counted) as one number
 * on stdout.  Exit 1 on a read or parse error.  Not retort: it links only libpg_query.
 *
 *   cc -O2 -o build/pgq_parse tools/pgq_parse.c -lpg_query */
#define _POSIX_C_SOURCE 200809L
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL) {
		if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else
			buf[len] = '\0';
	}
	fclose(f);
	return buf;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	double total = 0;
	int i;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char *text = slurp(argv[i]);
		PgQueryProtobufParseResult r;
		double t0;
		if (!text) {
			fprintf(stderr, "pgq_parse: cannot read %s\n", argv[i]);
			return 1;
		}
		t0 = now();
		r = pg_query_parse_protobuf(text);
		if (r.error) {
			fprintf(stderr, "pgq_parse: %s: %s at offset %d\n", argv[i], r.error->message,
				r.error->cursorpos);
			pg_query_free_protobuf_parse_result(r);
			free(text);
			return 1;
		}
		pg_query_free_protobuf_parse_result(r);
		total += now() - t0;
		free(text);
	}
	printf("%.3f\n", total);
	return 0;
}
