package org.hotplugwq.workqueue;

/**
 * Told of every executed work (flush barriers excepted), on the worker thread, once the work has ended: when
 * the worker starts its next work (whose start sample is this one's end), or else before it sleeps, runs a
 * flush barrier (so a flush returns after the observer heard of every work before it) or returns to a work that
 * flushed inline. With no observer set, the core reads no clock, and samples no CPU unless the sample costs a
 * memory load (rseq: the off-CPU self-detection of {@link WorkqueueStats#offCpuSelfDetections()}).
 *
 * <p>The record is a flyweight owned by the worker and reused for its next work: copy what you keep.
 * Keep the callback short and allocation-free; it runs on the hot path.
 */
@FunctionalInterface
public interface ExecutionObserver {
    /**
     * One work has run; {@code record} is valid during this call only. What it throws is logged and otherwise
     * ignored.
     */
    void executed(ExecutionRecord record);
}
