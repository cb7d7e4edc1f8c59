package org.hotplugwq.workqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test leaves running — gates its workers wait on, loops to stop, systems to close — undone after each
 * test, passed or failed, in that order, so a failed assertion never leaves a worker parked or spinning.
 * Use as {@code @RegisterExtension final TestResources res = new TestResources();}.
 */
final class TestResources implements AfterEachCallback {
    private final List<CountDownLatch> gates = new ArrayList<>();
    private final List<Runnable> stoppers = new ArrayList<>();
    private final List<WorkqueueSystem> systems = new ArrayList<>();

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

    @Override
    public void afterEach(ExtensionContext context) {
        gates.forEach(CountDownLatch::countDown);
        stoppers.forEach(Runnable::run);
        systems.forEach(WorkqueueSystem::close);
        gates.clear();
        stoppers.clear();
        systems.clear();
    }
}
