package org.hotplugwq.workqueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told of every work function that threw, on the worker thread, right after the function (as Disruptor's
 * {@code ExceptionHandler}); set with {@link WorkqueueSystem.Builder#failureHandler}. The failure is counted in
 * {@link WorkqueueStats#workFailures()} either way, and the worker goes on with its next work — except after a
 * {@link VirtualMachineError} other than {@link StackOverflowError} (out of memory and the like), which the
 * worker rethrows once the handler has returned, and dies of; a new worker takes its queue over (README, "Where
 * this differs from the seed").
 *
 * <p>A handler that throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface WorkFailureHandler {

    /**
     * @param wq      the workqueue the work ran on
     * @param cpu     the CPU of the queue it ran from ({@code singlethread_cpu} for a single-threaded workqueue)
     * @param work    the work whose function threw
     * @param failure what it threw
     */
    void workFailed(Workqueue wq, int cpu, Work work, Throwable failure);

    /** The default: one error line with the stack trace, on the {@link WorkqueueSystem} logger. */
    static WorkFailureHandler logging() {
        Logger log = LoggerFactory.getLogger(WorkqueueSystem.class);
        return (wq, cpu, work, failure) -> log.error("{}/{}: work {} threw", wq.name(), cpu, work, failure);
    }
}
