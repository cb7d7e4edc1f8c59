package org.hotplugwq.workqueue;

/**
 * 128 bytes of padding laid out before the fields of a subclass (HotSpot places superclass fields first), so
 * that the per-CPU objects written on every queue and every executed work ({@link CpuWorkqueue} and what it
 * allocates right after itself — its lock and list head — and a worker's {@link ExecutionRecord}) never share
 * a cache line, or an adjacent-line prefetch pair, with the previous CPU's. Without it, whether CPU 0's and
 * CPU 1's queues ended up on one line depended on allocation order, and {@code ThroughputBench} measured
 * 4.1–6.7 M ops/s from one JVM to the next instead of a steady ~9.5 (the figure with
 * {@code -XX:ObjectAlignmentInBytes=128}, and twice the one-CPU rate): false sharing.
 */
@SuppressWarnings("unused")
abstract class CacheLinePadding {
    private long p00, p01, p02, p03, p04, p05, p06, p07;
    private long p08, p09, p10, p11, p12, p13, p14, p15;
}
