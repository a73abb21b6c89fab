/*
 * rename-pairs LIST: rename(FROM, TO) for each "FROM<TAB>TO" line of LIST. bench/run.sh uses it to put the files a
 * run archived (<path>.deleted.<stamp>, same inode, size and mtime) back where they were, instead of copying 100,000+
 * transcripts back from the pristine state. Not timed. Exit 1 on the first failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: rename-pairs LIST\n"); return 2; }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long n = 0;
  while ((len = getline(&line, &cap, f)) > 0) {
    if (line[len - 1] == '\n') line[--len] = 0;
    char *tab = strchr(line, '\t');
    if (!tab) { fprintf(stderr, "rename-pairs: no tab in '%s'\n", line); return 1; }
    *tab = 0;
    if (rename(line, tab + 1) != 0) { perror(line); return 1; }
    n++;
  }
  printf("%ld\n", n);
  return 0;
}
