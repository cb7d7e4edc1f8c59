package org.hotplugwq.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The threads a test starts, and bounded waits for them.
 *
 * <p>Each task gets a platform thread of its own, never the common {@code ForkJoinPool}: how many threads that
 * pool has, and whether a blocked task gets a compensating one, depends on the JDK and the CPU count (on JDK 25
 * with 2 CPUs one blocked task starves the next, on JDK 17 each task has its own thread). Every wait here gives
 * up after {@link #LIMIT} with an {@link AssertionError} that shows what the awaited thread was doing. After each
 * test the threads still running are interrupted and joined, and the test fails if one does not end.
 *
 * <p>Use as {@code @RegisterExtension final TestThreads threads = new TestThreads();}.
 */
public final class TestThreads implements AfterEachCallback {
    /** How long any wait of a test lasts at most: far beyond what a passing test needs. */
    public static final Duration LIMIT = Duration.ofSeconds(30);

    /** A task body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final List<Thread> started = new CopyOnWriteArrayList<>();

    /** Runs {@code body} on a new thread named {@code test-<name>}; the future completes with its result. */
    public <T> CompletableFuture<T> call(String name, Callable<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        start(name, () -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Runs {@code body} on a new thread named {@code test-<name>}; the future completes when it has returned. */
    public CompletableFuture<Void> run(String name, Body body) {
        return call(name, () -> {
            body.run();
            return null;
        });
    }

    /** Starts a daemon thread (a leaked one never keeps the test JVM alive), joined after the test. */
    public Thread start(String name, Runnable body) {
        Thread t = new Thread(body, "test-" + name);
        t.setDaemon(true);
        started.add(t);
        t.start();
        return t;
    }

    /**
     * Interrupts the threads still running, then waits for each at most {@link #LIMIT}; fails with the stacks of
     * those that did not end. Called after each test; a tear-down that needs them gone first calls it itself.
     */
    public void interruptAndJoin() {
        List<Thread> threads = new ArrayList<>(started);
        started.clear();
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : threads) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                stuck.add(t);
            }
        }
        if (!stuck.isEmpty()) {
            StringBuilder b = new StringBuilder("test threads still running " + LIMIT.toSeconds()
                    + " s after an interrupt:");
            stuck.forEach(t -> b.append('\n').append(stackOf(t)));
            throw new AssertionError(b.toString());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        interruptAndJoin();
    }

    // ---- bounded waits -----------------------------------------------------------------------------

    /** Waits for {@code latch} at most {@link #LIMIT}; fails if it is not open by then. */
    public static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(what + ": not within " + LIMIT.toSeconds() + " s\n" + threadDump());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted", e);
        }
    }

    /** The result of {@code future} within {@link #LIMIT}; its failure is rethrown as the cause of an error. */
    public static <T> T get(Future<T> future, String what) {
        try {
            return future.get(LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": no result within " + LIMIT.toSeconds() + " s\n" + threadDump(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted", e);
        }
    }

    /** Waits for {@code thread} to end at most {@link #LIMIT}; fails with its stack if it has not. */
    public static void join(Thread thread) {
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, LIMIT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(thread.getName() + ": interrupted while joining", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("still running after " + LIMIT.toSeconds() + " s:\n" + stackOf(thread));
        }
    }

    /**
     * Runs {@code body} (a tear-down step that might hang: a close, a destroy) on a thread of its own and waits at
     * most {@link #LIMIT}: a step that hangs fails with its stack instead of holding the test run forever.
     */
    public static void bounded(String what, Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "test-bounded-" + what);
        t.setDaemon(true);
        t.start();
        try {
            done.get(LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": still running after " + LIMIT.toSeconds() + " s\n" + threadDump());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted", e);
        }
    }

    /** Every live thread with its whole stack (unlike {@code ThreadInfo.toString()}, which stops at 8 frames). */
    public static String threadDump() {
        StringBuilder b = new StringBuilder("thread dump:");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            b.append('\n').append(stackOf(e.getKey(), e.getValue()));
        }
        return b.toString();
    }

    private static String stackOf(Thread t) {
        return stackOf(t, t.getStackTrace());
    }

    private static String stackOf(Thread t, StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder("\"").append(t.getName()).append("\" ").append(t.getState());
        for (StackTraceElement f : stack) {
            b.append("\n    at ").append(f);
        }
        return b.toString();
    }
}
