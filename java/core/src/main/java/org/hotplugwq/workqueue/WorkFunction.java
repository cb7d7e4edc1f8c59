package org.hotplugwq.workqueue;

/** The function a {@link Work} runs ({@code work_func_t}); it receives its work item, as in the kernel. */
@FunctionalInterface
public interface WorkFunction {
    void run(Work work) throws Exception;
}
