/*
 * measure OUT ERR CMD [ARG...]: runs CMD once (fork + execvp, stdout to OUT, stderr to ERR, stdin /dev/null) and
 * prints one line: "wall_ms user_ms sys_ms maxrss_kb exit_code". Wall time is CLOCK_MONOTONIC around fork..wait4;
 * user/sys CPU and max RSS come from wait4's rusage: the same numbers /usr/bin/time -v reports ("Maximum resident
 * set size"), without its own fork/exec in the timed span. Used by bench/run.sh for every timed run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: measure OUT ERR CMD [ARG...]\n"); return 2; }
  int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || err < 0 || in < 0) { perror("measure: open"); return 2; }
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  pid_t pid = fork();
  if (pid < 0) { perror("measure: fork"); return 2; }
  if (pid == 0) {
    dup2(in, 0); dup2(out, 1); dup2(err, 2);
    execvp(argv[3], argv + 3);
    perror("measure: exec");
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) { perror("measure: wait4"); return 2; }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double wall = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
  double user = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3;
  double sys = ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%.3f %.1f %.1f %ld %d\n", wall, user, sys, ru.ru_maxrss, code);
  return 0;
}
