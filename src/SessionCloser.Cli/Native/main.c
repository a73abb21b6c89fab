// The Native AOT program's entry point (CustomNativeMain in SessionCloser.Cli.csproj; docs/architecture.md,
// "Start-up"). `session-closer --version` alone is answered here, before the .NET runtime starts: the runtime's own
// start (its GC heap, ~2,700 static bases, a finalizer thread, a few hundred page faults) is most of what such a call
// would cost. Everything else, and --version whenever its line cannot be written, goes to the managed Main, which
// starts the runtime on entry and prints or fails exactly as it always has (VersionAnswer).
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

// Program.Main, through the runtime's entry stub (it starts the runtime first).
extern int __managed__Main(int argc, char* argv[]);

// The InformationalVersion, what System.CommandLine's --version prints (then a newline): written by the build
// (GenerateVersionText), from the same property as VersionText.Informational.
extern const char session_closer_version[];

// Writes the version line to stdout: 0 when it was written; -1 when a write failed, and the managed path then
// answers as it always has (it writes the line again: a closed pipe is success, a full disk or a closed stdout the
// same failure and exit code). As the console's stream does, an interrupted write is retried and a non-blocking
// stdout is waited for. SIGPIPE is ignored meanwhile, as the runtime ignores it, so a closed pipe is an error
// (EPIPE) here and not the signal's death.
static int write_version_line(void)
{
    char buffer[256];
    size_t length = strlen(session_closer_version);
    if (length + 1 > sizeof buffer)
    {
        return -1;
    }

    memcpy(buffer, session_closer_version, length);
    buffer[length] = '\n';

    struct sigaction ignore, previous;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    if (sigaction(SIGPIPE, &ignore, &previous) != 0)
    {
        return -1;
    }

    const char* line = buffer;
    size_t left = length + 1;
    int result = 0;
    while (left > 0)
    {
        ssize_t n = write(STDOUT_FILENO, line, left);
        if (n > 0)
        {
            line += n;
            left -= (size_t)n;
        }
        else if (n < 0 && errno == EINTR)
        {
            continue;
        }
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            struct pollfd out = { STDOUT_FILENO, POLLOUT, 0 };
            (void)poll(&out, 1, -1);
        }
        else
        {
            result = -1;
            break;
        }
    }

    sigaction(SIGPIPE, &previous, NULL);
    return result;
}

int main(int argc, char* argv[])
{
    if (argc == 2 && strcmp(argv[1], "--version") == 0 && write_version_line() == 0)
    {
        return 0;
    }

    return __managed__Main(argc, argv);
}
