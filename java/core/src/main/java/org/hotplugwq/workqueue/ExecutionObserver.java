package org.hotplugwq.workqueue;

/**
 * Told of every executed work (flush barriers excepted), on the worker thread, right after the work's
 * function returns. With no observer set, the core samples no CPU and reads no clock.
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
