/*
 * The disk's floor for bench/run.sh (issue 13): the least work any tool must do for the same result.
 *
 *   floor close STORE RENAMES   read STORE once, write it once to a temp file in the same directory, fsync it,
 *                               rename it over STORE, rename every path listed in RENAMES (one a line) to
 *                               <path>.deleted.<stamp> (OpenClaw's archive name), then fsync each directory touched
 *                               once (one: the sessions directory). Prints "renamed N ... stamp S".
 *   floor list STORE            read STORE once and stat() every transcript it names (each "sessionFile" value,
 *                               found by a byte scan, no JSON parser). Prints "stat N".
 *
 * The RENAMES list is read inside the timed process, so the floor includes that (small) read. Exit code 1 on any
 * error, with the reason on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what, const char *path) {
  fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static char *read_all(const char *path, size_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open", path);
  struct stat st;
  if (fstat(fd, &st) != 0) die("fstat", path);
  char *buf = malloc((size_t)st.st_size + 1);
  if (!buf) die("malloc for", path);
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
    if (n < 0) { if (errno == EINTR) continue; die("read", path); }
    if (n == 0) break;
    got += (size_t)n;
  }
  close(fd);
  buf[got] = 0;
  *size = got;
  return buf;
}

static void fsync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) die("fsync directory", dir);
  close(fd);
}

static int close_floor(const char *store, const char *renames_path) {
  size_t size, list_size;
  char *bytes = read_all(store, &size);

  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s.floor-%d.tmp", store, (int)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) die("create", tmp);
  for (size_t off = 0; off < size;) {
    ssize_t n = write(fd, bytes + off, size - off);
    if (n < 0) { if (errno == EINTR) continue; die("write", tmp); }
    off += (size_t)n;
  }
  if (fsync(fd) != 0) die("fsync", tmp);
  if (close(fd) != 0) die("close", tmp);
  if (rename(tmp, store) != 0) die("rename over", store);

  /* OpenClaw's archive stamp: ISO-8601 UTC with ':' as '-', e.g. 2026-12-02T10-15-30.565Z. */
  struct timeval tv;
  gettimeofday(&tv, NULL);
  struct tm tm;
  gmtime_r(&tv.tv_sec, &tm);
  char stamp[96];
  snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d-%02d-%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));

  char *list = read_all(renames_path, &list_size);
  long renamed = 0;
  char dirs[8][PATH_MAX];
  int ndirs = 0;
  char storecopy[PATH_MAX];
  snprintf(storecopy, sizeof storecopy, "%s", store);
  snprintf(dirs[ndirs++], PATH_MAX, "%s", dirname(storecopy));
  for (char *line = list, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    if (!*line) continue;
    char to[PATH_MAX];
    snprintf(to, sizeof to, "%s.deleted.%s", line, stamp);
    if (rename(line, to) != 0) die("rename", line);
    renamed++;
    char linecopy[PATH_MAX];
    snprintf(linecopy, sizeof linecopy, "%s", line);
    const char *dir = dirname(linecopy);
    int seen = 0;
    for (int i = 0; i < ndirs; i++) seen |= strcmp(dirs[i], dir) == 0;
    if (!seen && ndirs < 8) snprintf(dirs[ndirs++], PATH_MAX, "%s", dir);
  }
  for (int i = 0; i < ndirs; i++) fsync_dir(dirs[i]);
  printf("renamed %ld dirs-synced %d bytes %zu stamp %s\n", renamed, ndirs, size, stamp);
  return 0;
}

static int list_floor(const char *store) {
  size_t size;
  char *bytes = read_all(store, &size);
  static const char needle[] = "\"sessionFile\": \"";
  long stats = 0, missing = 0;
  struct stat st;
  for (char *p = bytes; (p = memmem(p, (size_t)(bytes + size - p), needle, sizeof needle - 1)); ) {
    p += sizeof needle - 1;
    char *end = strchr(p, '"');
    if (!end) break;
    char path[PATH_MAX];
    size_t len = (size_t)(end - p) < sizeof path - 1 ? (size_t)(end - p) : sizeof path - 1;
    memcpy(path, p, len);
    path[len] = 0;
    if (stat(path, &st) != 0) missing++;
    stats++;
    p = end;
  }
  printf("stat %ld missing %ld bytes %zu\n", stats, missing, size);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "close") == 0) return close_floor(argv[2], argv[3]);
  if (argc == 3 && strcmp(argv[1], "list") == 0) return list_floor(argv[2]);
  fprintf(stderr, "usage: floor close STORE RENAMES | floor list STORE\n");
  return 2;
}
