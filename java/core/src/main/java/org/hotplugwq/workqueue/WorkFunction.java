package org.hotplugwq.workqueue;

/** The function a {@link Work} runs ({@code work_func_t}); it receives its work item, as in the kernel. */
@FunctionalInterface
public interface WorkFunction {
    /**
     * Runs on a worker thread, with the work's pending bit already released (the function may queue its work
     * again) and the thread's interrupt status clear. What it throws goes to the system's
     * {@link WorkFailureHandler}; the worker goes on (README, "Waiting from a work", for what it may call).
     */
    void run(Work work) throws Exception;
}
