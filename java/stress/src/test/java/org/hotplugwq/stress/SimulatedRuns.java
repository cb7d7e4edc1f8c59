package org.hotplugwq.stress;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.machine.StressMachines;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.workqueue.HotplugPolicy;

/** Short simulated stress runs for tests: 4 virtual CPUs, hotplug every 2–8 ms. */
public final class SimulatedRuns {
    /** The duration of a run that ends on a condition: only reached when the condition never holds. */
    public static final Duration CAP = Duration.ofSeconds(60);

    private SimulatedRuns() {
    }

    public static StressOptions.Builder options(Path out, List<HotplugPolicy> policies, Duration duration) {
        return StressOptions.builder()
                .duration(duration)
                .policies(policies)
                .interval(Duration.ofMillis(2), Duration.ofMillis(8))
                .workqueues(2)
                .producers(2)
                .workTime(Duration.ofNanos(5_000))
                .seed(7)
                .simulate(4)
                .outDir(out)
                .watchdog(Duration.ofSeconds(20));
    }

    public static StressOutcome run(StressOptions options, StressHooks hooks) throws IOException {
        try (StressMachine machine = StressMachines.simulated(options, "a test")) {
            return new StressRunner(machine, options, hooks, null, false, 0).run();
        }
    }

    /** A simulated run (duration {@link #CAP}) that {@link #runUntil ends once} {@code enough} holds. */
    public static StressOutcome runUntil(StressOptions options, StressHooks hooks, Predicate<StressRunner> enough)
            throws IOException {
        try (StressMachine machine = StressMachines.simulated(options, "a test")) {
            return runUntil(new StressRunner(machine, options, hooks, null, false, 0), enough);
        }
    }

    /**
     * Runs {@code runner} and stops it once {@code enough} holds (or its duration, a cap, has passed): the run is
     * judged on what it did, not on how much a loaded machine managed in a wall-clock window.
     */
    public static StressOutcome runUntil(StressRunner runner, Predicate<StressRunner> enough) throws IOException {
        AtomicBoolean over = new AtomicBoolean();
        TestThreads threads = new TestThreads();
        threads.start("stop-when", () -> {
            try {
                await().atMost(CAP.multipliedBy(2)).pollInterval(Duration.ofMillis(2)).pollInSameThread()
                        .until(() -> over.get() || enough.test(runner));
                runner.stop();
            } catch (ConditionTimeoutException e) {
                // the run ended at its cap and its report says what is missing
            } catch (RuntimeException e) {
                if (!over.get()) { // else: interrupted once the run was over
                    throw e;
                }
            }
        });
        try {
            return runner.run();
        } finally {
            over.set(true);
            threads.interruptAndJoin();
        }
    }

    /** At least {@code n} hotplug operations done, one of them with an injected failure. */
    public static Predicate<StressRunner> operationsWithAnInjectedFailure(int n) {
        return r -> {
            List<TransitionOutcome> ops = r.operationsSoFar();
            return ops.size() >= n && ops.stream().anyMatch(TransitionOutcome::injected);
        };
    }

    /** At least {@code n} hotplug operations that changed a CPU. */
    public static Predicate<StressRunner> changedOperations(int n) {
        return r -> r.operationsSoFar().stream().filter(TransitionOutcome::changed).count() >= n;
    }
}
