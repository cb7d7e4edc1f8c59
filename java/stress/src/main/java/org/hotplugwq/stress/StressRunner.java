package org.hotplugwq.stress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.load.Producer;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.HotplugSchedule;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.report.PolicyResult;
import org.hotplugwq.stress.report.ReportBuilder;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.verdict.RunInvariant;
import org.hotplugwq.stress.verdict.RunVerdict;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stress run: every selected policy's workqueue system side by side on one machine, all told of the
 * same hotplug events at once by a {@link PolicyFanOut}; producers load each system the same way; the
 * {@link HotplugSchedule} changes CPUs; then everything is stopped, the CPUs are put back, each system is
 * flushed and destroyed, and the ledgers, windows and timings become a {@link StressReport}.
 *
 * <p>The body runs on its own thread so that a {@link Watchdog} can give up on it: a hung flush or
 * shutdown fails the run with a thread dump instead of hanging the tool.
 */
public final class StressRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StressRunner.class);
    /** The CPU Linux booted on: hotplugged only when --cpus names it (see {@link #eligibleCpus}). */
    public static final int BOOT_CPU = 0;

    private final StressMachine machine;
    private final StressOptions options;
    private final StressHooks hooks;
    private final PrintStream progress;
    private final boolean tty;
    private final long graceNanos;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile HotplugLog currentLog;

    /**
     * @param progress where the live line goes (null: nowhere)
     * @param graceNanos how long after an operation ended a wrong-CPU execution still counts as its doing
     */
    public StressRunner(StressMachine machine, StressOptions options, StressHooks hooks, PrintStream progress,
                        boolean tty, long graceNanos) {
        this.machine = machine;
        this.options = options;
        this.hooks = hooks;
        this.progress = progress;
        this.tty = tty;
        this.graceNanos = graceNanos;
    }

    /**
     * The CPUs the schedule will change: --cpus (each must be hotpluggable and online), or every hotpluggable
     * CPU that is online now but the boot CPU. A CPU found offline is left alone: it is offline for someone's
     * reason, and the run must leave the machine as it found it. The boot CPU ({@link #BOOT_CPU}) has an
     * {@code online} file on ARM (PSCI) and some x86 kernels, but firmware, timers and the kernel may need it
     * (the kernel may refuse, or take long): it is hotplugged only when --cpus names it.
     */
    public static CpuSet eligibleCpus(StressMachine machine, StressOptions options) {
        CpuSet hotpluggable = machine.hotpluggableCpus();
        CpuSet online = machine.onlineCpus();
        if (options.cpus() == null) {
            return hotpluggable.intersect(online).without(BOOT_CPU);
        }
        CpuSet bad = options.cpus().minus(hotpluggable);
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("cpu " + bad + " cannot be hotplugged here (hotpluggable: "
                    + hotpluggable + ")");
        }
        CpuSet down = options.cpus().minus(online);
        if (!down.isEmpty()) {
            throw new IllegalArgumentException("cpu " + down + " is offline: bring it online first (the run"
                    + " leaves every CPU as it found it)");
        }
        return options.cpus();
    }

    /**
     * Ends the load now, as if the duration had elapsed: the run then stops the schedule and the producers, puts
     * the CPUs back, shuts down and reports as usual. From any thread; before {@link #run()}, the run ends at once.
     */
    public void stop() {
        stopRequested.countDown();
    }

    /** The hotplug operations of the run so far (empty before it starts): a caller's cue for {@link #stop()}. */
    public List<TransitionOutcome> operationsSoFar() {
        HotplugLog log = currentLog;
        return log == null ? List.of() : log.operations();
    }

    public StressOutcome run() throws IOException {
        Files.createDirectories(options.outDir());
        CpuSet eligible = eligibleCpus(machine, options);
        Instant startedAt = Instant.now();
        long origin = System.nanoTime();
        CpuSet onlineAtStart = machine.onlineCpus();
        HotplugLog log = new HotplugLog();
        currentLog = log;
        List<PolicyRun> runs = new ArrayList<>();
        for (HotplugPolicy p : options.policies()) {
            runs.add(new PolicyRun(p, machine, options, hooks, origin));
        }
        List<PolicyFanOut.Target> targets = new ArrayList<>();
        for (PolicyRun r : runs) {
            targets.add(new PolicyFanOut.Target(r.notifier, r.timings));
        }
        PolicyFanOut fanOut = new PolicyFanOut(targets, log);
        machine.attach(fanOut, fanOut);

        CountDownLatch finished = new CountDownLatch(1);
        Watchdog watchdog = new Watchdog(options.watchdog(), options.outDir(), finished::countDown);
        AtomicReference<String> bodyError = new AtomicReference<>();
        AtomicLong cpusRestoredFlag = new AtomicLong(-1);
        Thread body = new Thread(() -> {
            try {
                cpusRestoredFlag.set(body(runs, eligible, log, watchdog, origin) ? 1 : 0);
            } catch (RuntimeException | Error e) {
                LOG.error("stress run failed", e);
                bodyError.set(e.toString());
            } finally {
                finished.countDown();
            }
        }, "stress-main");
        body.setDaemon(true);
        body.start();
        awaitUninterruptibly(finished);
        long end = System.nanoTime();
        watchdog.close();

        String hang = watchdog.fired();
        fanOut.close(); // interrupts a callback stuck in the fan-out, so the restore below can get through
        boolean cpusRestored;
        if (hang != null || cpusRestoredFlag.get() < 0) {
            cpusRestored = restoreBounded(); // the body is stuck or died: put the CPUs back ourselves
        } else {
            cpusRestored = cpusRestoredFlag.get() == 1;
        }
        // one view of the hotplug log for every policy's verdict and the report
        List<TransitionOutcome> ops = log.operations();
        List<HotplugLog.Delivery> deliveries = log.deliveries();
        List<PolicyResult> results = new ArrayList<>();
        for (PolicyRun r : runs) {
            results.add(r.result(ops, deliveries, eligible.minus(onlineAtStart), graceNanos, origin, hang != null));
        }
        RunVerdict verdict = RunVerdict.of(new RunInvariant.RunEvidence(bodyError.get(), cpusRestored, hang),
                results.stream().map(PolicyResult::verdict).toList());
        String dump = watchdog.dumpFile() == null ? null : watchdog.dumpFile().toString();
        return new ReportBuilder(options, machine.info(), eligible, onlineAtStart, origin, startedAt)
                .build(results, verdict, ops, deliveries, end, dump);
    }

    /** @return whether every CPU this run offlined is online again */
    private boolean body(List<PolicyRun> runs, CpuSet eligible, HotplugLog log, Watchdog watchdog, long origin) {
        AtomicLong onlineEpoch = new AtomicLong();
        CpuSet allowed = machine.platform().allowedCpus().intersect(machine.onlineCpus());
        int[] homes = allowed.toArray();
        List<Producer> producers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (PolicyRun r : runs) {
            for (int i = 0; i < options.producers(); i++) {
                // the same seed per index: every policy gets the same sequence of choices
                Producer p = new Producer(r.load, machine, watchdog, options.seed() * 1_000_003L + i,
                        homes[i % homes.length], i % 2 == 0, options, onlineEpoch::get);
                producers.add(p);
                threads.add(daemon(p, "stress-" + r.name() + "-p" + i));
            }
        }
        HotplugSchedule schedule = new HotplugSchedule(machine, eligible, options, log, onlineEpoch);
        Thread scheduleThread = daemon(schedule, "stress-hotplug");
        ProgressLine line = progress == null ? null : new ProgressLine(progress, tty,
                options.progressEvery().toNanos(), options.duration().toNanos(), origin, runs, log, machine);
        Thread lineThread = line == null ? null : daemon(line, "stress-progress");
        threads.forEach(Thread::start);
        scheduleThread.start();
        if (lineThread != null) {
            lineThread.start();
        }
        boolean restored;
        try {
            awaitStopOrDeadline(origin + options.duration().toNanos());
        } finally {
            schedule.stop();
            try (Watchdog.Token ignored = watchdog.track("stopping the hotplug schedule")) {
                join(scheduleThread);
            }
            producers.forEach(Producer::stop);
            // CPUs first: a producer may be flushing work stranded on a CPU that is down (hostile, or queued
            // on a CPU that went down between choosing it and queuing): that flush ends when the CPU returns.
            try (Watchdog.Token ignored = watchdog.track("bringing the CPUs back online")) {
                restored = machine.restore().isEmpty();
            }
            try (Watchdog.Token ignored = watchdog.track("stopping the producers (a flush may be stuck)")) {
                threads.forEach(StressRunner::join);
            }
            if (line != null) {
                line.stop();
                join(lineThread);
            }
        }
        for (PolicyRun r : runs) {
            try {
                r.load.quiesce(watchdog);
            } catch (RuntimeException e) {
                LOG.error("{}: shutdown failed", r.name(), e);
                r.quiesceError = e.toString();
            }
        }
        return restored;
    }

    private boolean restoreBounded() {
        AtomicReference<Boolean> ok = new AtomicReference<>(false);
        Thread t = daemon(() -> ok.set(machine.restore().isEmpty()), "stress-restore");
        t.start();
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ok.get();
    }

    private void awaitStopOrDeadline(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                if (stopRequested.await(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
