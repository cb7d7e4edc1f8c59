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

#include <jni.h>

#include "org_hotplugwq_linux_NativeCpu.h"

/* Must match NativeCpu.ABI_VERSION: the loader refuses a library built from other sources. */
#define HOTPLUGWQ_ABI_VERSION 1

JNIEXPORT jint JNICALL Java_org_hotplugwq_linux_NativeCpu_currentCpu(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return sched_getcpu();
}

JNIEXPORT jint JNICALL Java_org_hotplugwq_linux_NativeCpu_abiVersion(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return HOTPLUGWQ_ABI_VERSION;
}
