package org.hotplugwq;

import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.hotplug.HotplugBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread kept pinned to one CPU across hotplug ({@link LinuxWorkqueues#pinCurrentThread}). Linux widens a pinned
 * thread's mask to every allowed CPU when its CPU goes offline and does not narrow it when the CPU returns; this pin
 * is a notifier that binds the thread again on the CPU's {@code CPU_ONLINE} and {@code CPU_DOWN_FAILED} (a failed
 * offline may already have pushed the thread away).
 */
public final class PinnedThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedThread.class);

    private final CpuPlatform platform;
    private final int tid;
    private final int cpu;
    private final HotplugBridge.Registration registration;
    private final AtomicLong pins = new AtomicLong();
    private volatile boolean closed;

    private PinnedThread(CpuPlatform platform, HotplugBridge bridge, int tid, int cpu) {
        this.platform = platform;
        this.tid = tid;
        this.cpu = cpu;
        this.registration = bridge.register(this::onCpuAction);
    }

    static PinnedThread pin(CpuPlatform platform, HotplugBridge bridge, int tid, int cpu) {
        if (!platform.possibleCpus().contains(cpu)) {
            throw new IllegalArgumentException("cpu" + cpu + " is not possible (" + platform.possibleCpus() + ")");
        }
        // Registered before the first bind: a CPU_ONLINE between the two re-binds, never misses.
        PinnedThread p = new PinnedThread(platform, bridge, tid, cpu);
        if (bridge.knownOnline().contains(cpu)) {
            try {
                platform.bindThread(tid, cpu);
                p.pins.incrementAndGet();
            } catch (AffinityException e) {
                p.registration.close();
                throw e;
            }
        }
        return p;
    }

    private NotifyResult onCpuAction(CpuAction action, int changed) {
        if (changed == cpu && !closed && (action == CpuAction.CPU_ONLINE || action == CpuAction.CPU_DOWN_FAILED)) {
            try {
                platform.bindThread(tid, cpu);
                pins.incrementAndGet();
            } catch (AffinityException e) {
                LOG.warn("cannot pin thread {} to cpu{} again at {}: {}", tid, cpu, action, e.getMessage());
            }
        }
        return NotifyResult.OK;
    }

    /**
     * The CPU the thread is kept on.
     *
     * @return the CPU given at pinning
     */
    public int cpu() {
        return cpu;
    }

    /**
     * The pinned thread's Linux thread id ({@code gettid()}).
     *
     * @return the thread id
     */
    public int threadId() {
        return tid;
    }

    /**
     * How many times the thread was bound: once at pinning if the CPU was online, then once per re-pin.
     *
     * @return the count of successful binds
     */
    public long pins() {
        return pins.get();
    }

    /** Stops re-pinning and lets the thread run on every CPU the process is allowed again. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registration.close();
        try {
            platform.unbindThread(tid);
        } catch (AffinityException e) {
            LOG.debug("thread {} not unbound (gone?): {}", tid, e.getMessage());
        }
    }
}
