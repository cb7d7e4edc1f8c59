package org.hotplugwq.stress.trace;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.TraceFs;
import org.hotplugwq.linux.TraceInstance;
import org.hotplugwq.linux.TracePipeReader;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.report.KernelStep;
import org.hotplugwq.workqueue.ExecutionObserver;
import org.hotplugwq.workqueue.WorkerListener;

/**
 * {@code stress --trace} (README, "--trace"): records {@code sched:sched_switch} and the cpuhp steps in a private
 * tracefs instance for the whole run, knows every worker's tid (a {@link Tap} per policy: the core's
 * {@link WorkerListener}, and an observer that keeps each execution), and after the run checks every execution and
 * every pinned worker against the kernel's view. Where tracefs cannot be used, {@link #start} says why in one line
 * and returns null: the run goes on without.
 */
public final class StressTrace implements AutoCloseable {
    /** Clock {@code mono} is {@code CLOCK_MONOTONIC}, the clock of {@link System#nanoTime()} (checked at start). */
    static final String CLOCK = "mono";
    static final List<String> EVENTS = List.of("sched/sched_switch", "cpuhp/cpuhp_enter", "cpuhp/cpuhp_multi_enter",
            "cpuhp/cpuhp_exit");
    /**
     * Per CPU: the reader keeps up (it runs at real-time priority and parses a line in a microsecond or two), so the
     * buffer only absorbs bursts; 32 MiB holds about half a million switches, seconds of the heaviest load.
     */
    static final int BUFFER_KB = 32 * 1024;
    /**
     * Normal priority: nothing here is latency-bound, and a real-time reader woken for every switch would take a CPU
     * from the run it observes.
     */
    static final int READER_PRIORITY = 0;
    static final Duration READ_PAUSE = Duration.ofMillis(20);

    /** One policy's side: give {@link #workerListener()} and {@link #observer} to its system's builder. */
    public static final class Tap {
        private final WorkerRoster roster = new WorkerRoster();
        private ExecutionTape tape;

        public WorkerListener workerListener() {
            return roster;
        }

        /** {@code inner} (the run's own observer), also keeping each execution for the check. */
        public ExecutionObserver observer(ExecutionObserver inner) {
            tape = new ExecutionTape(inner);
            return tape;
        }
    }

    /** The check's outcome: the report section, each policy's disagreements, and the kernel's steps to draw. */
    public record Result(TraceReport report, List<KernelStep> kernelSteps) {
        /** The policy's part, or null if it was not traced. */
        public TraceReport.PolicyTrace policy(String name) {
            return report.policies().get(name);
        }
    }

    private final TraceInstance instance;
    private final TracePipeReader reader;
    private final KernelRecording recording;
    private final CpuSet onlineAtStart;
    private final Map<String, Tap> taps = new LinkedHashMap<>();
    private final String clockCheck;
    private final long fromNanos;
    private boolean closed;

    private StressTrace(TraceInstance instance, CpuSet onlineAtStart) throws IOException {
        this.instance = instance;
        this.onlineAtStart = onlineAtStart;
        this.recording = new KernelRecording(onlineAtStart::contains);
        // paced: a reader woken for each switch would log two more per wake-up, for ever (and a filter leaving its
        // own switches out would lose the other side of each: the switch-out of the thread it follows)
        this.reader = new TracePipeReader(instance, recording, READER_PRIORITY, READ_PAUSE);
        reader.start();
        this.fromNanos = System.nanoTime();
        this.clockCheck = checkClock();
    }

    private String checkClock() {
        try {
            TracePipeReader.ClockCheck c = reader.checkClock(Duration.ofSeconds(5));
            return c.agrees() ? "agrees: a marker written at nanoTime " + c.beforeNanos() + ".." + c.afterNanos()
                    + " was logged at " + c.traceNanos()
                    : "DISAGREES by " + c.offsetNanos() + " ns (" + c + ")";
        } catch (IOException | TimeoutException e) {
            return "not checked: " + e.getMessage();
        }
    }

    /**
     * Starts recording on {@code tracefs}; null after one {@code notice} line when it cannot.
     *
     * @param simulated a simulated machine: there is no kernel hotplug to trace
     */
    public static StressTrace start(TraceFs tracefs, boolean simulated, CpuSet onlineAtStart,
                                    Consumer<String> notice) {
        if (simulated) {
            notice.accept("--trace: a simulated machine has no kernel hotplug to trace; the run goes on without");
            return null;
        }
        try {
            return new StressTrace(tracefs.createInstance("stress", EVENTS, BUFFER_KB, CLOCK), onlineAtStart);
        } catch (IOException | RuntimeException e) {
            notice.accept("--trace: tracing unavailable (" + e.getMessage() + "); the run goes on without");
            return null;
        }
    }

    /** A new policy's tap. */
    public synchronized Tap tap(String policy) {
        Tap t = new Tap();
        taps.put(policy, t);
        return t;
    }

    /**
     * Stops recording (every event logged before this call is read) and checks every tapped policy.
     *
     * @param ops the run's operations (their failed spans are a context of their own)
     * @param deliveries the run's deliveries (a {@code CPU_ONLINE} re-pins)
     * @param originNanos the run's start, for the kernel steps' times
     */
    public Result finish(List<TransitionOutcome> ops, List<HotplugLog.Delivery> deliveries, long originNanos) {
        reader.stop(Duration.ofSeconds(30));
        long toNanos = System.nanoTime();
        long overruns = instance.overruns();
        int bufferKb;
        try {
            bufferKb = instance.bufferKbPerCpu();
        } catch (IOException | RuntimeException e) {
            bufferKb = BUFFER_KB;
        }
        close();
        Set<Integer> tids = new HashSet<>();
        synchronized (this) {
            taps.values().forEach(t -> {
                t.roster.workers().forEach(w -> tids.add(w.tid()));
                if (t.tape != null) {
                    t.tape.forEach(x -> tids.add(x.tid()));
                }
            });
        }
        RunIntervals runs = new RunIntervals(recording.switches, tids, fromNanos, toNanos);
        ContextTimeline contexts = new ContextTimeline(recording.transitions, deliveries, ops,
                cpu -> !onlineAtStart.contains(cpu), fromNanos, toNanos);
        Map<String, TraceReport.PolicyTrace> policies = new LinkedHashMap<>();
        long disagreements = 0;
        synchronized (this) {
            for (Map.Entry<String, Tap> e : taps.entrySet()) {
                if (e.getValue().tape == null) {
                    continue;
                }
                TraceReport.PolicyTrace p = TraceCheck.check(e.getValue().tape, e.getValue().roster, runs, contexts,
                        fromNanos, toNanos);
                policies.put(e.getKey(), p);
                disagreements += p.disagreements();
            }
        }
        String priority = reader.realtimeCause() == null ? "SCHED_FIFO" : "normal priority";
        TraceReport report = new TraceReport(instance.name(), CLOCK, clockCheck, priority, bufferKb,
                reader.events(), recording.switches.size(), recording.cpuhpEvents, overruns,
                recording.transitions.size(), disagreements, policies);
        List<KernelStep> steps = recording.milestones.stream()
                .map(m -> new KernelStep((m.nanos() - originNanos) / 1e9, m.cpu(), m.name())).toList();
        return new Result(report, steps);
    }

    /** Stops the reader and removes the instance; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.close();
        instance.close();
    }
}
