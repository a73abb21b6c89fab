/*
 * json-fields FILE PATH...: checks that FILE is one well-formed JSON document (RFC 8259: the grammar, no control
 * characters in strings, valid escapes, well-formed UTF-8) and prints one line per PATH, in order. A PATH is dot-separated
 * object keys (summary.closedKeys); a last component "length" on an array gives its element count (sessions.length).
 * It prints a string's text between its quotes (escapes as written), a number or literal as written, "[object]" or
 * "[array]" for a container, "undefined" for a path not there (as JavaScript would). The last of duplicate keys wins,
 * as in JSON.parse. Exit 1 (with the byte offset) when FILE is not valid JSON, 2 on usage or I/O errors.
 *
 * bench/run.sh reads each run's --json output with it: one pass at ~1 GB/s over the ~100 MB a keep-only or list of
 * 100,000 entries prints, where Node's JSON.parse took 5-6 s of CPU and ~400 MB per call. Not timed. Lone surrogate
 * escapes (\ud83d, which OpenClaw writes in labels) are valid JSON text and pass, as in JSON.parse.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 512
#define MAX_PATHS 32
#define MAX_PARTS 16

typedef struct { const char *s; size_t n; } slice;

static const unsigned char *p, *end, *start;
static int npaths;
static slice parts[MAX_PATHS][MAX_PARTS];
static int nparts[MAX_PATHS];
static int wants_length[MAX_PATHS];
static slice found[MAX_PATHS]; /* the value's text (a string without its quotes) */
static long found_len[MAX_PATHS]; /* an array's element count, -1 when not an array */
static int found_kind[MAX_PATHS]; /* 0 undefined, 1 scalar, 2 object, 3 array */
/* The current path: the key of each enclosing object member (arrays: no key, never matched). */
static slice stack[MAX_DEPTH];
static int keyed[MAX_DEPTH];
static int depth;

static void fail(const char *what) {
  fprintf(stderr, "json-fields: not valid JSON at byte %ld: %s\n", (long)(p - start), what);
  exit(1);
}

static void ws(void) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
}

/* Does the value now starting at `depth` sit at path i (or, with wants_length, is it the array named by path i)? */
static int at_path(int i) {
  int n = nparts[i] - wants_length[i];
  if (n != depth) return 0;
  for (int d = 0; d < depth; d++)
    if (!keyed[d] || stack[d].n != parts[i][d].n || memcmp(stack[d].s, parts[i][d].s, stack[d].n) != 0) return 0;
  return 1;
}

static void string(slice *out) {
  if (p >= end || *p != '"') fail("expected a string");
  const unsigned char *s = ++p;
  for (;;) {
    if (p >= end) fail("unterminated string");
    unsigned char c = *p;
    if (c == '"') break;
    if (c < 0x20) fail("control character in a string");
    if (c == '\\') {
      p++;
      if (p >= end) fail("unterminated escape");
      switch (*p) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': p++; break;
        case 'u':
          for (int k = 1; k <= 4; k++)
            if (p + k >= end || !strchr("0123456789abcdefABCDEF", p[k]) || !p[k]) fail("bad \\u escape");
          p += 5;
          break;
        default: fail("bad escape");
      }
      continue;
    }
    if (c < 0x80) { p++; continue; }
    /* UTF-8: the shortest form, no surrogates, at most U+10FFFF */
    int n; unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
    else fail("invalid UTF-8");
    if (p + n >= end) fail("truncated UTF-8");
    for (int k = 1; k <= n; k++) {
      if ((p[k] & 0xC0) != 0x80) fail("invalid UTF-8");
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) fail("invalid UTF-8");
    p += n + 1;
  }
  if (out) { out->s = (const char *)s; out->n = (size_t)(p - s); }
  p++;
}

static void number(void) {
  if (p < end && *p == '-') p++;
  if (p >= end) fail("bad number");
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') while (p < end && *p >= '0' && *p <= '9') p++;
  else fail("bad number");
  if (p < end && *p == '.') {
    p++;
    if (p >= end || *p < '0' || *p > '9') fail("bad number");
    while (p < end && *p >= '0' && *p <= '9') p++;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    if (p >= end || *p < '0' || *p > '9') fail("bad number");
    while (p < end && *p >= '0' && *p <= '9') p++;
  }
}

static void literal(const char *word) {
  size_t n = strlen(word);
  if ((size_t)(end - p) < n || memcmp(p, word, n) != 0) fail("unexpected character");
  p += n;
}

static void value(void) {
  int hits[MAX_PATHS], nhits = 0;
  for (int i = 0; i < npaths; i++) if (at_path(i)) hits[nhits++] = i;
  ws();
  if (p >= end) fail("expected a value");
  const unsigned char *v = p;
  int kind = 1;
  long count = -1;
  slice text;
  if (*p == '{' || *p == '[') {
    if (depth >= MAX_DEPTH - 1) fail("nested too deep");
    int object = *p == '{';
    kind = object ? 2 : 3;
    count = 0;
    p++;
    ws();
    if (p < end && *p == (object ? '}' : ']')) p++;
    else for (;;) {
      if (object) {
        ws();
        string(&stack[depth]);
        keyed[depth] = 1;
        ws();
        if (p >= end || *p != ':') fail("expected ':'");
        p++;
      } else keyed[depth] = 0;
      depth++;
      value();
      depth--;
      count++;
      ws();
      if (p < end && *p == ',') { p++; continue; }
      if (p < end && *p == (object ? '}' : ']')) { p++; break; }
      fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    text.s = (const char *)v; text.n = 0;
  } else if (*p == '"') {
    string(&text);
  } else {
    if (*p == 't') literal("true");
    else if (*p == 'f') literal("false");
    else if (*p == 'n') literal("null");
    else number();
    text.s = (const char *)v; text.n = (size_t)(p - v);
  }
  for (int h = 0; h < nhits; h++) {
    int i = hits[h];
    if (wants_length[i]) {
      if (kind == 3) { found_kind[i] = 1; found_len[i] = count; }
      else found_kind[i] = 0; /* only an array's length is asked for */
    } else { found_kind[i] = kind; found[i] = text; found_len[i] = -1; }
  }
}

int main(int argc, char **argv) {
  if (argc < 3 || argc - 2 > MAX_PATHS) { fprintf(stderr, "usage: json-fields FILE PATH... (at most %d paths)\n", MAX_PATHS); return 2; }
  npaths = argc - 2;
  for (int i = 0; i < npaths; i++) {
    char *path = argv[i + 2];
    int n = 0;
    for (char *s = path;; ) {
      char *dot = strchr(s, '.');
      if (n == MAX_PARTS) { fprintf(stderr, "json-fields: path '%s' is too long\n", path); return 2; }
      parts[i][n].s = s; parts[i][n].n = dot ? (size_t)(dot - s) : strlen(s);
      n++;
      if (!dot) break;
      s = dot + 1;
    }
    nparts[i] = n;
    wants_length[i] = n > 0 && parts[i][n - 1].n == 6 && memcmp(parts[i][n - 1].s, "length", 6) == 0;
  }
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) { perror(argv[1]); return 2; }
  struct stat st;
  if (fstat(fd, &st) != 0) { perror(argv[1]); return 2; }
  if (st.st_size == 0) { p = start = end = (const unsigned char *)""; fail("empty file"); }
  start = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (start == MAP_FAILED) { perror("json-fields: mmap"); return 2; }
  madvise((void *)start, (size_t)st.st_size, MADV_SEQUENTIAL);
  p = start; end = start + st.st_size;
  value();
  ws();
  if (p != end) fail("text after the document");
  for (int i = 0; i < npaths; i++) {
    if (found_kind[i] == 0) puts("undefined");
    else if (wants_length[i] && found_len[i] >= 0) printf("%ld\n", found_len[i]);
    else if (found_kind[i] == 2) puts("[object]");
    else if (found_kind[i] == 3) puts("[array]");
    else printf("%.*s\n", (int)found[i].n, found[i].s);
  }
  return 0;
}
