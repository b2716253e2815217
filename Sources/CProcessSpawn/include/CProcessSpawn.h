#ifndef REDRESS_CPROCESSSPAWN_H
#define REDRESS_CPROCESSSPAWN_H

#include <spawn.h>

// GNU extensions the Swift Glibc module does not show (they need _GNU_SOURCE), wrapped so the
// process runner can create close-on-exec pipes atomically and set a child's working folder.

/// pipe2(fds, O_CLOEXEC): no other thread's child can inherit the pipe between creation and exec.
int redress_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc >= 2.29).
int redress_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Makes this process the reaper of its orphaned descendants (Linux); -1 elsewhere.
int redress_become_child_subreaper(void);

#endif
