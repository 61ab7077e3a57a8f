// SANE backends that read in a thread of their own (pixma, avision, hp, snapscan, plustek and the
// `test` backend, through sanei_thread) make that thread asynchronously cancellable, and
// sane_cancel() cancels it. A cancel that lands inside malloc or free leaves glibc's arena locked,
// and every later thread that uses that arena blocks forever: one cancelled scan freezes the kiosk
// (drivers_scanner_test hung this way in CI). The backends are Debian's, so the kiosk does not let
// any library switch to asynchronous cancellation: this definition is exported from the executable
// (drivers/CMakeLists.txt) and found before libc's by the backends libsane loads later. A reader
// thread then stops at its next cancellation point — the write to its pipe.
#include <dlfcn.h>
#include <pthread.h>

extern "C" int pthread_setcanceltype(int type, int* oldtype) {
  using Fn = int (*)(int, int*);
  static const Fn libc = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "pthread_setcanceltype"));
  if (type == PTHREAD_CANCEL_ASYNCHRONOUS) type = PTHREAD_CANCEL_DEFERRED;
  return libc(type, oldtype);
}
