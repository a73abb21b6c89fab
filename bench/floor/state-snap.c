/*
 * The untimed bookkeeping of bench/run.sh between timed runs: what a run changed in a state dir, and putting it back.
 *
 *   state-snap snap DIR
 *     prints every entry under DIR, sorted bytewise (as LC_ALL=C sort), one a line: "PATH<TAB>d" for a directory (by
 *     name only: its mtime changes with its entries), else "PATH<TAB><type><size>:<mtime s.ns>:<mode octal>", type
 *     f (file), l (symbolic link) or o (other). PATH is relative to DIR.
 *   state-snap restore WORK SNAP OUT
 *     snaps WORK the same way and compares it with SNAP (a snap of the pristine copy). An entry WORK has and SNAP lacks
 *     that is an archived file, "<path>.deleted.<stamp>" (no '/' in the stamp) whose <path> SNAP lists with the same
 *     type, size, mtime and mode while WORK lacks it, is renamed back to <path> (a run archives by rename: same inode,
 *     size, mtime), one per <path>; OUT.archived gets those <path>s, absolute, sorted. Every other entry WORK has and
 *     SNAP lacks (or lists otherwise) goes to OUT.rm, every entry SNAP lists and WORK then lacks to OUT.cp, relative
 *     and sorted. Prints "renamed N rm N cp N". bench/run.sh then removes OUT.rm and copies OUT.cp from pristine.
 *
 * This is what `find -printf | sort`, comm and an awk plan did, in one process: a keep-only of 100,000 entries leaves
 * 136,000 archived files to match, which took those tools ~4 s of CPU a run; here it is the lstat of each entry and
 * the renames. Exit 1 on any I/O error (nothing is left half-known: bench/run.sh stops).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct { char *path; char *attrs; } entry;
typedef struct { entry *v; size_t n, cap; } list;

static void oom(void) { fprintf(stderr, "state-snap: out of memory\n"); exit(1); }

static void push(list *l, char *path, char *attrs) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 4096;
    l->v = realloc(l->v, l->cap * sizeof(entry));
    if (!l->v) oom();
  }
  l->v[l->n].path = path;
  l->v[l->n].attrs = attrs;
  l->n++;
}

static char *dup_text(const char *s) { char *d = strdup(s); if (!d) oom(); return d; }

/* The lstat of a directory's entries, split over two threads when it is large: a 100,000-session state has ~145,000
   entries in one directory, and the bench runs this ~60 times a run, untimed, on 2 cores. */
typedef struct { int dirfd; char **names; struct stat *st; size_t from, to; int err; size_t failed; } stat_job;

static void *stat_range(void *arg) {
  stat_job *j = arg;
  for (size_t i = j->from; i < j->to; i++)
    if (fstatat(j->dirfd, j->names[i], &j->st[i], AT_SYMLINK_NOFOLLOW) != 0) { j->err = errno; j->failed = i; return NULL; }
  return NULL;
}

static void stat_all(int dirfd, char **names, struct stat *st, size_t n, const char *rel) {
  stat_job jobs[2] = { { dirfd, names, st, 0, n / 2, 0, 0 }, { dirfd, names, st, n / 2, n, 0, 0 } };
  pthread_t second;
  int threaded = n >= 4096 && pthread_create(&second, NULL, stat_range, &jobs[1]) == 0;
  if (!threaded) jobs[0].to = n;
  stat_range(&jobs[0]);
  if (threaded && pthread_join(second, NULL) != 0) { fprintf(stderr, "state-snap: pthread_join failed\n"); exit(1); }
  for (int k = 0; k < 2; k++)
    if (jobs[k].err) {
      errno = jobs[k].err;
      fprintf(stderr, "%s%s%s: %s\n", rel, rel[0] ? "/" : "", names[jobs[k].failed], strerror(errno));
      exit(1);
    }
}

static void walk(int dirfd, const char *rel, list *out) {
  DIR *d = fdopendir(dirfd);
  if (!d) { perror(rel[0] ? rel : "."); exit(1); }
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0;
  errno = 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      names = realloc(names, cap * sizeof(char *));
      if (!names) oom();
    }
    names[n++] = dup_text(e->d_name);
    errno = 0;
  }
  if (errno != 0) { perror(rel[0] ? rel : "."); exit(1); }
  struct stat *sts = malloc((n ? n : 1) * sizeof(struct stat));
  if (!sts) oom();
  stat_all(dirfd, names, sts, n, rel);
  for (size_t i = 0; i < n; i++) {
    struct stat *st = &sts[i];
    char *path;
    if (asprintf(&path, "%s%s%s", rel, rel[0] ? "/" : "", names[i]) < 0) oom();
    char attrs[96];
    if (S_ISDIR(st->st_mode)) {
      push(out, path, dup_text("d"));
      int sub = openat(dirfd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) { perror(path); exit(1); }
      walk(sub, path, out);
    } else {
      char type = S_ISREG(st->st_mode) ? 'f' : S_ISLNK(st->st_mode) ? 'l' : S_ISFIFO(st->st_mode) ? 'p' : S_ISSOCK(st->st_mode) ? 's' : S_ISCHR(st->st_mode) ? 'c' : 'b';
      snprintf(attrs, sizeof attrs, "%c%lld:%lld.%09ld:%o", type, (long long)st->st_size, (long long)st->st_mtim.tv_sec,
               st->st_mtim.tv_nsec, (unsigned)(st->st_mode & 07777));
      push(out, path, dup_text(attrs));
    }
    free(names[i]);
  }
  free(names);
  free(sts);
  closedir(d);
}

static int by_path(const void *a, const void *b) { return strcmp(((const entry *)a)->path, ((const entry *)b)->path); }

static list snap(const char *dir) {
  list l = {0};
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) { perror(dir); exit(1); }
  walk(fd, "", &l);
  qsort(l.v, l.n, sizeof(entry), by_path);
  return l;
}

static list read_snap(const char *file) {
  FILE *f = fopen(file, "r");
  if (!f) { perror(file); exit(1); }
  list l = {0};
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) > 0) {
    if (line[len - 1] == '\n') line[--len] = 0;
    char *tab = strchr(line, '\t');
    if (!tab) { fprintf(stderr, "state-snap: no tab in %s: '%s'\n", file, line); exit(1); }
    *tab = 0;
    push(&l, dup_text(line), dup_text(tab + 1));
  }
  if (ferror(f)) { perror(file); exit(1); }
  fclose(f);
  free(line);
  for (size_t i = 1; i < l.n; i++)
    if (strcmp(l.v[i - 1].path, l.v[i].path) >= 0) { fprintf(stderr, "state-snap: %s is not sorted\n", file); exit(1); }
  return l;
}

static FILE *create(const char *prefix, const char *suffix) {
  char *name;
  if (asprintf(&name, "%s.%s", prefix, suffix) < 0) oom();
  FILE *f = fopen(name, "w");
  if (!f) { perror(name); exit(1); }
  free(name);
  return f;
}

static void finish(FILE *f) { if (fflush(f) != 0 || ferror(f) || fclose(f) != 0) { perror("state-snap: write"); exit(1); } }

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "snap") == 0) {
    list l = snap(argv[2]);
    for (size_t i = 0; i < l.n; i++) printf("%s\t%s\n", l.v[i].path, l.v[i].attrs);
    if (fflush(stdout) != 0) { perror("state-snap: stdout"); return 1; }
    return 0;
  }
  if (argc != 5 || strcmp(argv[1], "restore") != 0) {
    fprintf(stderr, "usage: state-snap snap DIR | state-snap restore WORK SNAP OUT\n");
    return 2;
  }
  const char *work = argv[2];
  list want = read_snap(argv[3]);
  list cur = snap(work);

  /* missing: in want, not in cur with the same attrs; extra: in cur, not in want with the same attrs (as comm -13/-23
     on whole lines) */
  list missing = {0}, extra = {0};
  size_t i = 0, j = 0;
  while (i < want.n || j < cur.n) {
    int c = i == want.n ? 1 : j == cur.n ? -1 : strcmp(want.v[i].path, cur.v[j].path);
    if (c == 0 && strcmp(want.v[i].attrs, cur.v[j].attrs) == 0) { i++; j++; continue; }
    if (c <= 0) push(&missing, want.v[i].path, want.v[i].attrs), i++;
    if (c >= 0) push(&extra, cur.v[j].path, cur.v[j].attrs), j++;
  }
  char *done = calloc(missing.n ? missing.n : 1, 1);
  if (!done) oom();
  FILE *rm = create(argv[4], "rm"), *cp = create(argv[4], "cp");
  list archived = {0};
  long renamed = 0, removed = 0, copied = 0;
  for (size_t k = 0; k < extra.n; k++) {
    char *p = extra.v[k].path;
    char *slash = strrchr(p, '/');
    char *mark = strstr(slash ? slash + 1 : p, ".deleted.");
    if (mark) {
      *mark = 0; /* p is now <path> */
      entry key = { p, NULL };
      entry *hit = bsearch(&key, missing.v, missing.n, sizeof(entry), by_path);
      if (hit && !done[hit - missing.v] && strcmp(hit->attrs, extra.v[k].attrs) == 0) {
        char *from, *to;
        *mark = '.';
        if (asprintf(&from, "%s/%s", work, p) < 0) oom();
        *mark = 0;
        if (asprintf(&to, "%s/%s", work, p) < 0) oom();
        if (rename(from, to) != 0) { perror(from); return 1; }
        done[hit - missing.v] = 1;
        push(&archived, to, NULL);
        free(from);
        renamed++;
        continue;
      }
      *mark = '.';
    }
    fprintf(rm, "%s\n", p);
    removed++;
  }
  for (size_t k = 0; k < missing.n; k++)
    if (!done[k]) { fprintf(cp, "%s\n", missing.v[k].path); copied++; }
  finish(rm);
  finish(cp);
  qsort(archived.v, archived.n, sizeof(entry), by_path);
  FILE *a = create(argv[4], "archived");
  for (size_t k = 0; k < archived.n; k++) fprintf(a, "%s\n", archived.v[k].path);
  finish(a);
  printf("renamed %ld rm %ld cp %ld\n", renamed, removed, copied);
  return 0;
}
