/* lab-tsan.h — marks that tell ThreadSanitizer of a hand-over between threads
 *
 * Debian's GLib is not built for ThreadSanitizer, and its GMutex, GCond, GThreadPool and
 * GTask pass work between threads through futexes TSan does not see: what one thread wrote
 * before the hand-over, the other reads as a race. Where work crosses so, the giving side
 * marks LAB_TSAN_RELEASE (p) just before and the taking side LAB_TSAN_ACQUIRE (p) just after,
 * with the same address. Outside a TSan build the marks are nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define LAB_TSAN_RELEASE(p) __tsan_release ((void *) (p))
#define LAB_TSAN_ACQUIRE(p) __tsan_acquire ((void *) (p))
#else
#define LAB_TSAN_RELEASE(p) ((void) (p))
#define LAB_TSAN_ACQUIRE(p) ((void) (p))
#endif
