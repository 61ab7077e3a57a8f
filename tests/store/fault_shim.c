/* LD_PRELOAD shim for store_fault_test: makes fsync/fdatasync fail with EIO, or writes fail with
 * ENOSPC, from the Nth call after arming until disarmed (a disk that broke and stays broken), or
 * for a limited number of calls (a disk that hiccupped). The test arms it through ow_fault_arm()
 * or ow_fault_arm_limited(), found with dlsym. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/types.h>
#include <unistd.h>

enum { OW_FAULT_NONE = 0, OW_FAULT_SYNC = 1, OW_FAULT_WRITE = 2 };
static int g_mode = OW_FAULT_NONE;
static long g_countdown = 0;
static long g_hits = 0;
static long g_max_hits = -1; /* -1: no limit */

void ow_fault_arm(int mode, long after_calls) {
  g_mode = mode;
  g_countdown = after_calls;
  g_hits = 0;
  g_max_hits = -1;
}
void ow_fault_arm_limited(int mode, long after_calls, long max_failures) {
  ow_fault_arm(mode, after_calls);
  g_max_hits = max_failures;
}
long ow_fault_hits(void) { return g_hits; }

static int should_fail(int mode, int fd) {
  if (g_mode != mode || fd <= 2) return 0;
  if (g_max_hits >= 0 && g_hits >= g_max_hits) return 0;
  if (g_countdown > 0) {
    --g_countdown;
    return 0;
  }
  ++g_hits;
  return 1;
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  if (should_fail(OW_FAULT_SYNC, fd)) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  if (should_fail(OW_FAULT_SYNC, fd)) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

ssize_t write(int fd, const void* buf, size_t n) {
  static ssize_t (*real)(int, const void*, size_t);
  if (!real) real = (ssize_t (*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
  if (should_fail(OW_FAULT_WRITE, fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
  static ssize_t (*real)(int, const void*, size_t, off_t);
  if (!real) real = (ssize_t (*)(int, const void*, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
  if (should_fail(OW_FAULT_WRITE, fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t off) {
  static ssize_t (*real)(int, const void*, size_t, off_t);
  if (!real) real = (ssize_t (*)(int, const void*, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
  if (should_fail(OW_FAULT_WRITE, fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real(fd, buf, n, off);
}
