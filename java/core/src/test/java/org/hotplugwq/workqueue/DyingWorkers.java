package org.hotplugwq.workqueue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.testkit.TestThreads;

/**
 * For tests of workers that die of an Error: the fatal work, a thread factory that can be told to fail, and a
 * tear-down that does not hang on a queue lock left held by a dead thread (what a broken exit path would do).
 */
final class DyingWorkers {
    private DyingWorkers() {
    }

    /** A work that signals {@code started}, waits for {@code gate}, then throws {@code error}. */
    static Work fatal(CountDownLatch started, CountDownLatch gate, Error error) {
        return new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate of the fatal work");
            throw error;
        });
    }

    /** A work that signals {@code started}, then waits for {@code gate}. */
    static Work blocker(CountDownLatch started, CountDownLatch gate) {
        return new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        });
    }

    /** A system on {@code m} whose threads {@code factory} makes, quiet about failing works (they are the test's). */
    static WorkqueueSystem system(SimMachine m, HotplugPolicy policy, Factory factory) {
        return m.register(WorkqueueSystem.builder(m.platform).policy(policy).threadFactory(factory)
                .failureHandler((wq, cpu, work, failure) -> { }).build());
    }

    /**
     * Closes {@code sys} after the test (its gates open), unless {@code cwq}'s lock stays held or its worker is a
     * thread that never started: the close would wait forever for either, and the test has failed already.
     */
    static void closeAtTeardown(TestResources res, WorkqueueSystem sys, CpuWorkqueue cwq) {
        res.onTeardown(() -> {
            Worker w = cwq.worker;
            if (w != null && w.thread.getState() == Thread.State.NEW) {
                return;
            }
            boolean free;
            try {
                free = cwq.lock.tryLock(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                free = false;
            }
            if (free) {
                cwq.lock.unlock();
                TestThreads.bounded("closing the workqueue system", sys::close);
            }
        });
    }

    /** What the factory does for the next threads. */
    enum Mode { MAKE, THROW, UNSTARTABLE }

    /** {@code Thread::new}, or a failure as {@link #mode} says; records the threads made and what killed them. */
    static final class Factory implements ThreadFactory {
        volatile Mode mode = Mode.MAKE;
        final List<Thread> made = new CopyOnWriteArrayList<>();
        final Map<Thread, Throwable> uncaught = new ConcurrentHashMap<>();

        @Override
        public Thread newThread(Runnable r) {
            Mode m = mode;
            if (m == Mode.THROW) {
                throw new IllegalStateException("test: no thread can be made");
            }
            Thread t = m == Mode.MAKE ? new Thread(r) : new Thread(r) {
                @Override
                public void start() {
                    throw new IllegalStateException("test: this thread cannot start");
                }
            };
            t.setUncaughtExceptionHandler(uncaught::put);
            made.add(t);
            return t;
        }
    }
}
