// O_TMPFILE (gl_anonymous_temporary_file).
#define _GNU_SOURCE

#include "interrupt_cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

// The handler may run on any thread (the main thread, the framing thread, a worker), at any
// moment. What keeps it safe:
//
// - Paths live in a fixed buffer in static storage: nothing to allocate or initialise.
// - The list is guarded by a spin lock made of one lock-free atomic flag. A thread that takes
//   the lock first blocks the three signals on itself, so the handler never waits for a lock
//   held by the thread it interrupted; on another thread it waits a few microseconds.
// - A path is listed before its file is created, under the lock, and the file is created
//   under the same lock: the handler removes either nothing (the file does not exist yet, and
//   the lock is never given back, so it never will) or the file.
// - The handler keeps the lock: once it has removed the files, no thread can create another.
//   It then restores the default action and raises the signal again, which ends the process.
// - Removing a listed path whose file has already been renamed into place fails harmlessly
//   (ENOENT): the path is that of the temporary file, not of the report.

enum { capacity = 64 };

static char paths[capacity][PATH_MAX];
static _Bool listed[capacity];
static atomic_flag listLock = ATOMIC_FLAG_INIT;
/// Set by the first handler to run; later ones (another signal, on another thread) wait for
/// `removed` rather than end the process before the files are gone.
static atomic_int interrupted = 0;
static atomic_int removed = 0;

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the handler needs lock-free atomics");

static void interruptSignals(sigset_t *signals) {
    sigemptyset(signals);
    sigaddset(signals, SIGINT);
    sigaddset(signals, SIGTERM);
    sigaddset(signals, SIGHUP);
}

static void lockList(void) {
    while (atomic_flag_test_and_set_explicit(&listLock, memory_order_acquire)) {
        // Held by another thread for the length of an open(2), or by a handler for good.
    }
}

static void unlockList(void) {
    atomic_flag_clear_explicit(&listLock, memory_order_release);
}

/// Runs with the three signals blocked on this thread (sa_mask), so it is never re-entered on
/// the thread that holds the lock.
static void removeTemporaryFiles(int received) {
    int savedErrno = errno;
    if (atomic_exchange(&interrupted, 1) == 0) {
        lockList();
        for (int slot = 0; slot < capacity; slot++) {
            if (listed[slot]) unlink(paths[slot]);
        }
        atomic_store(&removed, 1);
    } else {
        while (atomic_load(&removed) == 0) {
            // Another thread's handler is removing the files.
        }
    }
    struct sigaction defaultAction;
    memset(&defaultAction, 0, sizeof defaultAction);
    defaultAction.sa_handler = SIG_DFL;
    sigemptyset(&defaultAction.sa_mask);
    sigaction(received, &defaultAction, NULL);
    raise(received);
    errno = savedErrno;
}

void gl_interrupt_cleanup_install(void) {
    sigset_t signals;
    interruptSignals(&signals);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = removeTemporaryFiles;
    action.sa_mask = signals;
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    // A parent may have started us with them blocked, which would make us impossible to stop.
    pthread_sigmask(SIG_UNBLOCK, &signals, NULL);
}

/// Blocks the three signals on this thread and takes the lock; `restore` gets the old mask.
static void enterList(sigset_t *restore) {
    sigset_t signals;
    interruptSignals(&signals);
    pthread_sigmask(SIG_BLOCK, &signals, restore);
    lockList();
}

static void leaveList(const sigset_t *restore) {
    unlockList();
    pthread_sigmask(SIG_SETMASK, restore, NULL);
}

int gl_interrupt_cleanup_create(const char *path, int *slot) {
    size_t length = strlen(path);
    if (length >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    sigset_t restore;
    enterList(&restore);
    *slot = -1;
    for (int candidate = 0; candidate < capacity; candidate++) {
        if (!listed[candidate]) {
            memcpy(paths[candidate], path, length + 1);
            listed[candidate] = 1;
            *slot = candidate;
            break;
        }
    }
    int descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    int openErrno = errno;
    if (descriptor < 0 && *slot >= 0) {
        listed[*slot] = 0;
        *slot = -1;
    }
    leaveList(&restore);
    errno = openErrno;
    return descriptor;
}

void gl_interrupt_cleanup_forget(int slot) {
    if (slot < 0 || slot >= capacity) return;
    sigset_t restore;
    enterList(&restore);
    listed[slot] = 0;
    leaveList(&restore);
}

int gl_anonymous_temporary_file(const char *directory) {
#ifdef O_TMPFILE
    int descriptor = open(directory, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (descriptor >= 0) return descriptor;
    // EISDIR, EOPNOTSUPP or EINVAL: a kernel or file system without O_TMPFILE. Any other
    // error (no such directory, no permission) mkstemp meets too.
#endif
    char path[PATH_MAX];
    int length = snprintf(path, sizeof path, "%s/genesys-lint-ledger-XXXXXX", directory);
    if (length < 0 || (size_t)length >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    // Under the lock with the signals blocked, as a listed file is created: a handler on
    // another thread waits until the name is gone, and none runs on this one meanwhile.
    sigset_t restore;
    enterList(&restore);
    int made = mkstemp(path);
    int madeErrno = errno;
    if (made >= 0) unlink(path);
    leaveList(&restore);
    if (made >= 0) fcntl(made, F_SETFD, FD_CLOEXEC);
    errno = madeErrno;
    return made;
}
