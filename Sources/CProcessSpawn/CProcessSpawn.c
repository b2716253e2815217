#define _GNU_SOURCE
#include "CProcessSpawn.h"
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int redress_pipe_cloexec(int fds[2]) {
#if defined(__linux__)
    return pipe2(fds, O_CLOEXEC);
#else
    // No pipe2 here: a concurrent spawn could inherit the pipe in this window, which the
    // runner tolerates (it never waits for EOF past the child's exit and a grace period).
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

int redress_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int redress_become_child_subreaper(void) {
#if defined(__linux__)
    // Orphaned descendants (a plugin's double-forked, setsid'd grandchild) are re-parented to
    // this process instead of init, so it can kill and reap them before it exits.
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    return -1;
#endif
}
