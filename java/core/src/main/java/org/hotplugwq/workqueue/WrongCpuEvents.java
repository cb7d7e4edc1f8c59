package org.hotplugwq.workqueue;

import org.hotplugwq.jfr.WrongCpuEvent;

/**
 * The observer the workers call while a JFR recording wants {@link WrongCpuEvent}s: the user's observer (if any),
 * then one event per work of a per-CPU workqueue that started or ended off its queue's CPU. With no recording the
 * workers never see it ({@link WorkqueueSystem#executionObserver()}), so the core reads no clock and samples no CPU.
 */
final class WrongCpuEvents implements ExecutionObserver {
    private final ExecutionObserver user; // may be null

    WrongCpuEvents(ExecutionObserver user) {
        this.user = user;
    }

    @Override
    public void executed(ExecutionRecord r) {
        int queueCpu = r.queueCpu;
        if ((r.startCpu != queueCpu || r.endCpu != queueCpu) && !r.workqueue.isSingleThreaded()) {
            WrongCpuEvent.emit(r.workqueue.name(), queueCpu, r.startCpu, r.endCpu, r.state.name(), r.stranded,
                    r.endNanos - r.startNanos);
        }
        if (user != null) {
            user.executed(r);
        }
    }
}
