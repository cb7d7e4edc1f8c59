package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;

/**
 * A simulated platform whose {@link #currentCpu()} can stop one thread right after it read its CPU: the window
 * that {@code get_cpu()} (preemption disabled) closes in the kernel, held open for as long as a test needs.
 */
final class PausingPlatform implements CpuPlatform {
    final SimulatedCpuPlatform sim;
    private volatile Thread trapped;
    private volatile int trappedCpu;
    private volatile CountDownLatch paused;
    private volatile CountDownLatch resume;

    PausingPlatform(int cpus) {
        this.sim = new SimulatedCpuPlatform(cpus, 42);
    }

    /**
     * The next {@link #currentCpu()} of the calling thread reads {@code cpu}, opens {@code paused} and waits for
     * {@code resume} before it answers.
     */
    void pauseMyNextRead(int cpu, CountDownLatch paused, CountDownLatch resume) {
        pauseNextRead(Thread.currentThread(), cpu, paused, resume);
    }

    /** As {@link #pauseMyNextRead}, for {@code thread}'s next read (set while it cannot be reading). */
    void pauseNextRead(Thread thread, int cpu, CountDownLatch paused, CountDownLatch resume) {
        this.paused = paused;
        this.resume = resume;
        this.trappedCpu = cpu;
        this.trapped = thread;
    }

    @Override
    public int currentCpu() {
        if (trapped == Thread.currentThread()) {
            trapped = null;
            int cpu = trappedCpu;
            paused.countDown();
            TestThreads.await(resume, "the paused producer's release");
            return cpu;
        }
        return sim.currentCpu();
    }

    @Override
    public String name() {
        return "pausing " + sim.name();
    }

    @Override
    public int currentThreadId() {
        return sim.currentThreadId();
    }

    @Override
    public void bindThread(int tid, int cpu) {
        sim.bindThread(tid, cpu);
    }

    @Override
    public void unbindThread(int tid) {
        sim.unbindThread(tid);
    }

    @Override
    public CpuSet threadAffinity(int tid) {
        return sim.threadAffinity(tid);
    }

    @Override
    public CpuSet possibleCpus() {
        return sim.possibleCpus();
    }

    @Override
    public CpuSet presentCpus() {
        return sim.presentCpus();
    }

    @Override
    public CpuSet onlineCpus() {
        return sim.onlineCpus();
    }

    @Override
    public CpuSet allowedCpus() {
        return sim.allowedCpus();
    }
}
