package org.hotplugwq.stress.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.StressOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@code torture_onoff()}: pick a random eligible CPU, offline it if online else online it,
 * sleep a random interval from the range; never the last online CPU; a seeded share of the operations
 * get an injected failure. One seed gives one sequence of choices.
 *
 * <p>It onlines only CPUs this run offlined. A CPU someone else changed during the run (an external action
 * delivered, or found offline though we did not offline it) is theirs: it leaves the eligible set for the rest
 * of the run (its external actions are counted and excused by the report).
 */
public final class HotplugSchedule implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HotplugSchedule.class);

    private final StressMachine machine;
    private int[] eligible; // only the schedule's thread
    private final SplittableRandom random;
    private final long minNanos;
    private final long maxNanos;
    private final double injectRate;
    private final HotplugLog log;
    private final AtomicLong onlineEpoch;
    private final CountDownLatch stop = new CountDownLatch(1);

    public HotplugSchedule(StressMachine machine, CpuSet eligible, StressOptions options, HotplugLog log,
                    AtomicLong onlineEpoch) {
        this.machine = machine;
        this.eligible = eligible.toArray();
        this.random = new SplittableRandom(options.seed());
        this.minNanos = options.intervalMin().toNanos();
        this.maxNanos = options.intervalMax().toNanos();
        this.injectRate = machine.canInjectFailures() ? options.injectFailureRate() : 0;
        this.log = log;
        this.onlineEpoch = onlineEpoch;
    }

    public void stop() {
        stop.countDown();
    }

    @Override
    public void run() {
        if (eligible.length == 0) {
            return;
        }
        try {
            do {
                step();
            } while (!stop.await(nextInterval(random, minNanos, maxNanos), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One operation (package-private: tests drive the schedule step by step). */
    void step() {
        CpuSet foreign = log.foreignCpus();
        for (int c : eligible) {
            if (foreign.contains(c)) {
                leave(c, "an action for it was delivered from outside this run");
            }
        }
        if (eligible.length == 0) {
            return;
        }
        int cpu = eligible[random.nextInt(eligible.length)];
        boolean inject = injectRate > 0 && random.nextDouble() < injectRate;
        CpuSet online = machine.onlineCpus();
        boolean up = !online.contains(cpu);
        if (up && !machine.offlinedByThisRun().contains(cpu)) {
            leave(cpu, "it is offline but this run did not offline it");
            return; // someone else's offline: never brought back by us
        }
        if (!up && online.cardinality() <= 1) {
            return; // never the last CPU
        }
        TransitionOutcome op;
        long begin = System.nanoTime();
        try {
            op = machine.transition(cpu, up, inject);
        } catch (RuntimeException e) {
            LOG.warn("{} cpu{} failed: {}", up ? "online" : "offline", cpu, e.toString());
            op = new TransitionOutcome(cpu, up, inject, TransitionResult.Outcome.ERROR, begin, System.nanoTime(), 0,
                    String.valueOf(e.getMessage()));
        }
        log.operation(op);
        if (op.changed() && up) {
            onlineEpoch.incrementAndGet();
        }
    }

    /** {@code cpu} was changed by someone else: the schedule leaves it alone for the rest of the run. */
    private void leave(int cpu, String why) {
        int[] rest = java.util.Arrays.stream(eligible).filter(c -> c != cpu).toArray();
        if (rest.length != eligible.length) {
            eligible = rest;
            LOG.warn("cpu{} changed outside this run ({}): the schedule leaves it alone from now on", cpu, why);
        }
    }

    private static long nextInterval(SplittableRandom random, long min, long max) {
        return max > min ? min + random.nextLong(max - min + 1) : min;
    }

    /**
     * What the schedule would do over {@code duration} if every operation succeeded and took
     * {@code opNanos}: for {@code --dry-run}.
     */
    static List<String> plan(CpuSet eligible, CpuSet online, StressOptions options, long opNanos, boolean canInject) {
        int[] cpus = eligible.toArray();
        List<String> lines = new ArrayList<>();
        if (cpus.length == 0) {
            return lines;
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        double rate = canInject ? options.injectFailureRate() : 0;
        long t = 0;
        long end = options.duration().toNanos();
        CpuSet up = online;
        while (t < end) {
            int cpu = cpus[random.nextInt(cpus.length)];
            boolean inject = rate > 0 && random.nextDouble() < rate;
            boolean goUp = !up.contains(cpu);
            if (!goUp && up.cardinality() <= 1) {
                t += nextInterval(random, options.intervalMin().toNanos(), options.intervalMax().toNanos());
                continue;
            }
            lines.add(String.format("%9.3f s  %-7s cpu%d%s", t / 1e9, goUp ? "online" : "offline", cpu,
                    inject ? "  (injected failure: expect rollback)" : ""));
            if (!inject) {
                up = goUp ? up.with(cpu) : up.without(cpu);
            }
            t += opNanos + nextInterval(random, options.intervalMin().toNanos(), options.intervalMax().toNanos());
        }
        return lines;
    }
}
