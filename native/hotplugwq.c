/*
 * libhotplugwq: the JNI fast path of hotplug-workqueue (DESIGN §6).
 *
 * Only what is hot lives here: every executed work asks for its CPU twice (start, end), so the ~70 ns of a
 * JNA call matter while a JNI call to glibc's sched_getcpu() (a read of the rseq area since glibc 2.35)
 * costs a few ns. Setup-rate calls (affinity, gettid, netlink) stay in Java through JNA.
 *
 * The JNI names come from the header that `javac -h` generates from org.hotplugwq.linux.NativeCpu.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#if defined(__has_include)
#if __has_include(<sys/rseq.h>)
#include <sys/rseq.h> /* glibc >= 2.35: __rseq_offset, __rseq_size */
#endif
#endif

#include <jni.h>

#include "org_hotplugwq_linux_NativeCpu.h"

/* Must match NativeCpu.ABI_VERSION: the loader refuses a library built from other sources. */
#define HOTPLUGWQ_ABI_VERSION 2

JNIEXPORT jint JNICALL Java_org_hotplugwq_linux_NativeCpu_currentCpu(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return sched_getcpu();
}

/*
 * The calling thread's rseq area (struct rseq; cpu_id at offset 4), or 0 when glibc registered none
 * (__rseq_size == 0: glibc.pthread.rseq=0, an old kernel, or a libc without rseq). The area lives in the
 * thread's TCB at a fixed offset from the thread pointer, for the thread's whole life: Java caches it per
 * thread and reads cpu_id with a plain load (README, Performance).
 */
JNIEXPORT jlong JNICALL Java_org_hotplugwq_linux_NativeCpu_rseqArea(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
#if defined(RSEQ_SIG) && (defined(__x86_64__) || defined(__aarch64__))
    if (__rseq_size == 0) {
        return 0;
    }
    return (jlong)(intptr_t)((char *)__builtin_thread_pointer() + __rseq_offset);
#else
    return 0;
#endif
}

JNIEXPORT jint JNICALL Java_org_hotplugwq_linux_NativeCpu_abiVersion(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return HOTPLUGWQ_ABI_VERSION;
}
