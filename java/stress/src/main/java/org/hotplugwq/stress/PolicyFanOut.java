package org.hotplugwq.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One notifier on the machine's chain that hands each action to every policy's system at the same moment,
 * in parallel, so that one policy's slow callback ({@code drain-sync} waits for a drain, {@code takeover}
 * for a thread to stop) does not stretch the others' detection window: the four systems see the same
 * events side by side. A prepare refused by one system is rolled back in the others, and the chain is
 * told BAD.
 */
final class PolicyFanOut implements CpuNotifier, StressMachine.DeliveryListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFanOut.class);

    /** One system's end of the fan-out. */
    record Target(CpuNotifier notifier, CallbackTimings timings) {
    }

    private final List<Target> targets;
    private final ExecutorService pool;
    private final HotplugLog log;

    PolicyFanOut(List<Target> targets, HotplugLog log) {
        this.targets = List.copyOf(targets);
        this.log = log;
        this.pool = Executors.newFixedThreadPool(Math.max(1, targets.size()), r -> {
            Thread t = new Thread(r, "stress-fanout");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public NotifyResult onCpuAction(CpuAction action, int cpu) {
        if (pool.isShutdown()) {
            return NotifyResult.OK; // the run is over and its systems are closed
        }
        List<NotifyResult> results = deliver(targets, action, cpu);
        if (!action.isPrepare() || !results.contains(NotifyResult.BAD)) {
            return NotifyResult.OK;
        }
        List<Target> agreed = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (results.get(i) == NotifyResult.OK) {
                agreed.add(targets.get(i));
            }
        }
        deliver(agreed, action.rollback(), cpu);
        return NotifyResult.BAD;
    }

    private List<NotifyResult> deliver(List<Target> to, CpuAction action, int cpu) {
        List<Callable<NotifyResult>> calls = new ArrayList<>();
        for (Target t : to) {
            calls.add(() -> call(t, action, cpu));
        }
        List<NotifyResult> out = new ArrayList<>();
        try {
            for (Future<NotifyResult> f : pool.invokeAll(calls)) {
                out.add(resultOf(f, action));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering " + action, e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return java.util.Collections.nCopies(to.size(), NotifyResult.OK); // closed meanwhile
        }
        return out;
    }

    private static NotifyResult resultOf(Future<NotifyResult> f, CpuAction action) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            LOG.error("a policy's callback threw on {}", action, e.getCause());
            return action.isPrepare() ? NotifyResult.BAD : NotifyResult.OK;
        }
    }

    private static NotifyResult call(Target t, CpuAction action, int cpu) {
        long entered = System.nanoTime();
        NotifyResult r = t.notifier.onCpuAction(action, cpu);
        t.timings.callback(action, cpu, entered, System.nanoTime());
        return r == null ? NotifyResult.OK : r;
    }

    @Override
    public void delivered(CpuAction action, int cpu, EventOrigin origin, long observedNanos, boolean external) {
        for (Target t : targets) {
            t.timings.delivered(action, observedNanos);
        }
        log.delivered(action, cpu, origin, observedNanos, System.nanoTime(), external);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
