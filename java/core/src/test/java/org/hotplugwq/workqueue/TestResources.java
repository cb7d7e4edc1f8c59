package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test leaves running — gates its workers wait on, loops to stop, threads it started, systems to close —
 * undone after each test, passed or failed, in that order, so a failed assertion never leaves a worker parked or
 * spinning. Every step is bounded ({@link TestThreads#LIMIT}): a close that hangs fails the test with its stack.
 * Use as {@code @RegisterExtension final TestResources res = new TestResources();}.
 */
final class TestResources implements AfterEachCallback {
    static {
        // Conditions are looked at at once and then every 5 ms, not first after Awaitility's 100 ms default: most
        // waits here are for something already true or a few microseconds away (mutation testing runs the suite
        // thousands of times).
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(5));
    }

    private final List<CountDownLatch> gates = new ArrayList<>();
    private final List<Runnable> stoppers = new ArrayList<>();
    private final List<WorkqueueSystem> systems = new ArrayList<>();
    private final TestThreads threads = new TestThreads();

    WorkqueueSystem track(WorkqueueSystem system) {
        systems.add(system);
        return system;
    }

    /** A closed gate (a latch of one), opened at the latest after the test. */
    CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    void onTeardown(Runnable stopper) {
        stoppers.add(stopper);
    }

    /** {@link TestThreads#call}: on a thread of its own, joined after the test once the gates are open. */
    <T> CompletableFuture<T> call(String name, Callable<T> body) {
        return threads.call(name, body);
    }

    /** {@link TestThreads#run}: on a thread of its own, joined after the test once the gates are open. */
    CompletableFuture<Void> run(String name, TestThreads.Body body) {
        return threads.run(name, body);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        gates.forEach(CountDownLatch::countDown);
        stoppers.forEach(Runnable::run);
        gates.clear();
        stoppers.clear();
        try {
            threads.interruptAndJoin();
        } finally {
            List<WorkqueueSystem> toClose = new ArrayList<>(systems);
            systems.clear();
            for (WorkqueueSystem s : toClose) {
                TestThreads.bounded("closing a workqueue system", s::close);
            }
        }
    }
}
