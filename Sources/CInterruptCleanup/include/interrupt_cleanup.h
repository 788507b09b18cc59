#ifndef GENESYS_LINT_INTERRUPT_CLEANUP_H
#define GENESYS_LINT_INTERRUPT_CLEANUP_H

// The list of temporary files to remove when the run is interrupted (SIGINT, SIGTERM, SIGHUP),
// and the handler that removes them. In C because a signal handler may only touch memory that
// needs no initialisation, allocation or lock to read, which Swift globals do not promise.

/// Installs the handler for SIGINT, SIGTERM and SIGHUP, and unblocks them on the calling thread.
void gl_interrupt_cleanup_install(void);

/// Creates (or truncates) the file at `path` for writing, as `fopen(path, "w")` would, listed
/// for removal on interruption from before it exists: no signal can leave it behind. Returns
/// the descriptor, or -1 with `errno` set. `*slot` is where the path is listed, for
/// `gl_interrupt_cleanup_forget`; -1 when the list is full and the file is not listed.
int gl_interrupt_cleanup_create(const char *path, int *slot);

/// Takes the path in `slot` off the list (the file has been renamed into place or removed).
/// A slot of -1 is ignored.
void gl_interrupt_cleanup_forget(int slot);

/// Creates a file for reading and writing in `directory` that has no name: O_TMPFILE where the
/// file system supports it, else a file made by mkstemp and unlinked at once, both under the
/// list's lock with the three signals blocked, so that no interruption can leave it behind.
/// The kernel frees it when the descriptor is closed, however the process ends. Returns the
/// descriptor, or -1 with `errno` set.
int gl_anonymous_temporary_file(const char *directory);

#endif
