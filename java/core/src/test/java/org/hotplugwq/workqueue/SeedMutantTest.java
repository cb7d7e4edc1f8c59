package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed behaviours under the exact conditions that tell them apart from a near miss (README, "Mutation testing"):
 * each test here fails, at once and without hanging, on one broken seed that {@link SeedSemanticsTest} lets
 * through — a flush_work barrier at the tail, a flush that takes the mutex, a CPU_DEAD that does not wake the
 * worker, and so on. Where the broken code would deadlock, the test detects the deadlock (a thread queued on the
 * mutex, a worker waiting for its own barrier) instead of waiting it out, and leaves the wedged system behind
 * rather than hang its tear-down.
 */
class SeedMutantTest {
    /** How long to wait for what takes microseconds when the behaviour holds. */
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** How long a woken idle worker may take to exit: a broken CPU_DEAD cannot be told apart any sooner. */
    private static final Duration WAKE_LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    private static Work blocker(CountDownLatch started, CountDownLatch gate) {
        return new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        });
    }

    /** Whether {@code t} is waiting inside {@code WorkBarrier.await}: a worker there waits for its own queue. */
    private static boolean waitingOnABarrier(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(WorkBarrier.class.getName()) && f.getMethodName().equals("await")) {
                return true;
            }
        }
        return false;
    }

    /** A system that the test closes itself, unless {@code wedged} says the broken code left it deadlocked. */
    private WorkqueueSystem untracked(SimMachine m, HotplugPolicy policy, AtomicBoolean wedged) {
        WorkqueueSystem sys = m.system(policy);
        res.onTeardown(() -> {
            if (!wedged.get()) {
                TestThreads.bounded("closing a workqueue system", sys::close);
            }
        });
        return sys;
    }

    // ------------------------------------------------------------------ S1

    /**
     * The outer flush and flush_work start while the inner work — which creates and destroys a workqueue, so
     * takes the mutex — is still running: a flush holding the mutex would deadlock with it.
     */
    @Test
    void S1_flushAndFlushWorkWaitOffTheMutexForAWorkThatTakesIt() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean abandon = new AtomicBoolean(); // on failure: let the inner work finish without the mutex
        res.onTeardown(() -> { // before the close that untracked() registers
            abandon.set(true);
            gate.countDown();
        });
        SimMachine m = new SimMachine(2);
        AtomicBoolean wedged = new AtomicBoolean();
        WorkqueueSystem sys = untracked(m, HotplugPolicy.DRAIN, wedged);
        Workqueue wq = sys.createWorkqueue("s1-inner");
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<String> created = new AtomicReference<>();
        Work inner = new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            if (!abandon.get()) {
                Workqueue made = sys.createWorkqueue("made-by-inner-work");
                created.set(made.name());
                made.destroy();
            }
        });
        wq.queueOn(0, inner);
        TestThreads.await(started, "the inner work started");
        TestThreads threads = new TestThreads(); // joined only when nothing is wedged
        CompletableFuture<Void> flush = threads.run("flush", wq::flush);
        CompletableFuture<Void> flushWork = threads.run("flush-work", () -> wq.flushWork(inner));
        // both wait now, with their barriers queued behind the running inner work
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 2 || flush.isDone() || flushWork.isDone());
        assertThat(flush).as("flush returned while the work it must wait for runs").isNotDone();
        assertThat(flushWork).as("flush_work returned while the work runs").isNotDone();
        assertThat(sys.workqueueMutex.isLocked()).as("workqueue_mutex held while flushes wait").isFalse();
        gate.countDown();
        Thread worker = wq.workerThread(0);
        await().atMost(LIMIT).until(() -> flush.isDone() && flushWork.isDone()
                || sys.workqueueMutex.hasQueuedThread(worker));
        wedged.set(!(flush.isDone() && flushWork.isDone()));
        assertThat(wedged).as("the inner work waits for workqueue_mutex while a flush waits for it").isFalse();
        TestThreads.get(flush, "flush");
        TestThreads.get(flushWork, "flush_work");
        assertThat(created).hasValue("made-by-inner-work");
        threads.interruptAndJoin();
    }

    /** While something else holds the mutex (a hotplug notifier, a create), queue/flush/cancel all proceed. */
    @Test
    void S1_queueFlushFlushWorkAndCancelProceedWhileTheMutexIsHeld() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s1-held");
        Workqueue single = sys.createSinglethreadWorkqueue("s1-held-single");
        ReentrantLock mutex = sys.workqueueMutex;
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        res.run("mutex-holder", () -> {
            mutex.lock();
            try {
                held.countDown();
                TestThreads.await(release, "release");
            } finally {
                mutex.unlock();
            }
        });
        TestThreads.await(held, "the mutex is held");
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> opsThread = new AtomicReference<>();
        CompletableFuture<Void> ops = res.run("ops", () -> {
            opsThread.set(Thread.currentThread());
            Work a = new Work(w -> ran.incrementAndGet());
            Work b = new Work(w -> ran.incrementAndGet());
            wq.queue(a);
            wq.queueOn(1, b);
            single.queue(new Work(w -> ran.incrementAndGet()));
            wq.flush();
            single.flush();
            wq.flushWork(a);
            DelayedWork dw = new DelayedWork(w -> ran.incrementAndGet());
            wq.queueDelayedOn(1, dw, 1, TimeUnit.HOURS);
            dw.cancel();
            wq.queueDelayedOn(1, dw, 0, TimeUnit.NANOSECONDS);
            wq.flush();
            sys.scheduleWork(new Work(w -> ran.incrementAndGet()));
            sys.flushScheduledWork();
        });
        await().atMost(LIMIT).until(() -> ops.isDone()
                || opsThread.get() != null && mutex.hasQueuedThread(opsThread.get()));
        assertThat(ops).as("queue/flush/cancel waited for workqueue_mutex").isDone();
        TestThreads.get(ops, "ops");
        assertThat(ran).hasValue(5);
    }

    // ------------------------------------------------------------------ S2

    /**
     * An idle worker sleeps in its more_work wait: CPU_DEAD must wake it, or it never sees should_stop and never
     * exits (drain-sync's callback then waits for ever).
     */
    @ParameterizedTest
    @EnumSource(value = HotplugPolicy.class, names = {"DRAIN", "DRAIN_SYNC"})
    void S2_cpuDeadWakesAnIdleWorker_whichThenExits(HotplugPolicy policy) throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(policy));
        Workqueue wq = sys.createWorkqueue("s2-idle");
        Thread worker = wq.workerThread(1);
        // on failure, the tear-down wakes them (keventd's too) so the pending callback and close can end
        res.onTeardown(() -> sys.workqueues().forEach(q -> q.cpuQueue(1).wake()));
        wq.queueOn(1, new Work(w -> { }));
        wq.flush();
        // asleep: no one else takes its queue lock, so WAITING is the more_work sleep
        await().atMost(LIMIT).until(() -> worker.getState() == Thread.State.WAITING);
        CompletableFuture<Void> offline = res.run("offline", () -> m.offline(1));
        worker.join(WAKE_LIMIT.toMillis());
        assertThat(worker.isAlive()).as("the idle worker of the dead CPU is still there").isFalse();
        TestThreads.get(offline, "CPU_DEAD");
        assertThat(wq.workerThread(1)).isNull();
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(1);
    }

    /**
     * CPU_DEAD under drain (and rebind) works in O(1), whatever is pending: it changes the queue's flags and wakes
     * the worker. Counted, not timed: every pending entry but the first and the last has its links poisoned
     * (null) during the callback, so a callback that walks the list — even only to read it — fails on them; and no
     * entry is changed by it: all stay on the dead CPU's queue, linked as they were, unrun.
     */
    @ParameterizedTest
    @EnumSource(value = HotplugPolicy.class, names = {"DRAIN", "REBIND"})
    void S2_cpuDeadTouchesNoPendingEntry(HotplugPolicy policy) {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(policy));
        Workqueue wq = sys.createWorkqueue("s2-o1");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, blocker(started, gate));
        TestThreads.await(started, "the blocking work started");
        AtomicInteger ran = new AtomicInteger();
        Thread callbackThread = Thread.currentThread();
        AtomicInteger ranOnCallback = new AtomicInteger();
        int n = 10_000;
        Work[] works = new Work[n];
        for (int i = 0; i < n; i++) {
            works[i] = new Work(w -> {
                ran.incrementAndGet();
                ranOnCallback.addAndGet(Thread.currentThread() == callbackThread ? 1 : 0);
            });
            wq.queueOn(1, works[i]);
        }
        CpuWorkqueue cwq = wq.cpuQueue(1);
        Object[][] before = snapshot(cwq, works);
        for (int i = 0; i < n - 1; i++) {
            assertThat(before[i][1]).as("the list is the works in order").isSameAs(works[i + 1]);
        }
        m.send(CpuAction.CPU_DOWN_PREPARE, 1);
        m.platform.setOnline(1, false);
        poison(cwq, works, true); // the worker is parked on the gate: nothing else reads this list meanwhile
        Throwable walked = null;
        try {
            sys.onCpuAction(CpuAction.CPU_DEAD, 1);
        } catch (RuntimeException e) {
            walked = e;
        } finally {
            poison(cwq, works, false);
        }
        assertThat(walked).as("CPU_DEAD walked the pending entries (met a poisoned link)").isNull();
        Object[][] after = snapshot(cwq, works);
        int touched = 0;
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < before[i].length; f++) {
                touched += before[i][f] == after[i][f] ? 0 : 1;
            }
        }
        assertThat(touched).as("entry fields changed by CPU_DEAD").isZero();
        assertThat(ran).hasValue(0);
        assertThat(wq.pendingCount(1)).isEqualTo(n);
        gate.countDown();
        await().atMost(LIMIT).until(() -> ran.get() == n);
        assertThat(ranOnCallback).hasValue(0);
    }

    /**
     * Under the queue's lock: nulls the links of every entry but the first and the last (the ones an O(1)
     * operation at either end of the list may reach), or puts them back. {@code works} are the whole list, in order.
     */
    private static void poison(CpuWorkqueue cwq, Work[] works, boolean on) {
        cwq.lock.lock();
        try {
            for (int i = 1; i < works.length - 1; i++) {
                works[i].prev = on ? null : works[i - 1];
                works[i].next = on ? null : works[i + 1];
            }
        } finally {
            cwq.lock.unlock();
        }
    }

    /** Under the queue's lock: each work's links, queue and pending bit. */
    private static Object[][] snapshot(CpuWorkqueue cwq, Work[] works) {
        Object[][] s = new Object[works.length][];
        cwq.lock.lock();
        try {
            for (int i = 0; i < works.length; i++) {
                Work w = works[i];
                s[i] = new Object[] {w.prev, w.next, w.cwq, w.isPending() ? Boolean.TRUE : Boolean.FALSE};
            }
        } finally {
            cwq.lock.unlock();
        }
        return s;
    }

    // ------------------------------------------------------------------ S6

    @Test
    void S6_flushWorkWaitsForTheRunningInstanceOnADeadCpusDrainingThread() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s6-flush-work");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        Work running = new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            finished.set(true);
        });
        wq.queueOn(1, running);
        TestThreads.await(started, "the work started");
        m.offline(1); // its worker drains now: cpu1 is out of the online mask, still in cpu_populated_map
        assertThat(sys.onlineCpus().contains(1)).isFalse();
        CompletableFuture<Boolean> flushWork = res.call("flush-work", () -> {
            wq.flushWork(running);
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 1 || flushWork.isDone());
        assertThat(flushWork).as("flush_work did not wait on the dead CPU's queue").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(flushWork, "flush_work")).isTrue();
    }

    @Test
    void S6_destroyWaitsForADeadCpusDrainingThreadAndRunsItsWork() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s6-destroy");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, blocker(started, gate));
        TestThreads.await(started, "the work started");
        AtomicInteger ran = new AtomicInteger();
        int n = 100;
        for (int i = 0; i < n; i++) {
            wq.queueOn(1, new Work(w -> ran.incrementAndGet()));
        }
        Thread worker = wq.workerThread(1);
        m.offline(1);
        CompletableFuture<Integer> destroy = res.call("destroy", () -> {
            wq.destroy();
            return ran.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == n + 1 || destroy.isDone()); // + its barrier
        assertThat(destroy).as("destroy did not wait on the dead CPU's queue").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(destroy, "destroy")).isEqualTo(n);
        assertThat(worker.isAlive()).isFalse();
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    // ------------------------------------------------------------------ S7

    @Test
    void S7_flushWaitsForTheRunningWorkWithNothingQueuedBehindIt() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s7-running");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            finished.set(true);
        }));
        TestThreads.await(started, "the work started");
        assertThat(wq.pendingCount(1)).isZero();
        CompletableFuture<Boolean> flush = res.call("flush", () -> {
            wq.flush();
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 1 || flush.isDone());
        assertThat(flush).as("flush ignored the running work").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(flush, "flush")).isTrue();
    }

    // ------------------------------------------------------------------ S8

    /**
     * flush_work's barrier goes right after the running work, ahead of what is queued behind it: it runs (and
     * flush_work returns) before the next work starts, however long that one takes.
     */
    @Test
    void S8_flushWorkBarrierGoesRightAfterTheRunningWorkAheadOfWorkQueuedBehind() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s8-behind");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean runningFinished = new AtomicBoolean();
        Work running = new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            runningFinished.set(true);
        });
        CountDownLatch behindStarted = new CountDownLatch(1);
        CountDownLatch behindGate = res.gate();
        AtomicInteger queuedWhenBehindStarted = new AtomicInteger(-1);
        Work behind = new Work(w -> {
            queuedWhenBehindStarted.set(wq.pendingCount(1));
            behindStarted.countDown();
            TestThreads.await(behindGate, "behind gate");
        });
        wq.queueOn(1, running);
        TestThreads.await(started, "the running work started");
        wq.queueOn(1, behind);
        CompletableFuture<Boolean> flushWork = res.call("flush-work", () -> {
            wq.flushWork(running);
            return runningFinished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2 || flushWork.isDone()); // behind + barrier
        assertThat(flushWork).isNotDone();
        gate.countDown();
        TestThreads.await(behindStarted, "the work queued behind started");
        assertThat(queuedWhenBehindStarted).as("barriers still queued when the work behind started").hasValue(0);
        assertThat(TestThreads.get(flushWork, "flush_work")).isTrue(); // while the work behind still runs
        assertThat(behindGate.getCount()).isOne();
    }

    /** A work running on cpu0 and pending again on cpu1: flush_work takes it off cpu1 and waits on cpu0. */
    @Test
    void S8_flushWorkWaitsOnEveryCpuNotJustTheQueueItIsPendingOn() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s8-cpus");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean firstFinished = new AtomicBoolean();
        Work work = new Work(w -> {
            if (runs.incrementAndGet() == 1) {
                started.countDown();
                TestThreads.await(gate, "gate");
                firstFinished.set(true);
            }
        });
        CountDownLatch cpu1Busy = new CountDownLatch(1);
        CountDownLatch cpu1Gate = res.gate();
        wq.queueOn(1, blocker(cpu1Busy, cpu1Gate)); // so the re-queued instance stays pending on cpu1
        TestThreads.await(cpu1Busy, "cpu1 busy");
        wq.queueOn(0, work);
        TestThreads.await(started, "the work started on cpu0");
        assertThat(wq.queueOn(1, work)).isTrue(); // its pending bit was released when it started
        CompletableFuture<Boolean> flushWork = res.call("flush-work", () -> wq.flushWork(work) && firstFinished.get());
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1 || flushWork.isDone()); // its barrier on cpu0
        assertThat(flushWork).as("flush_work did not wait for the instance running on cpu0").isNotDone();
        assertThat(wq.pendingCount(1)).as("the pending instance, taken off cpu1").isEqualTo(0);
        gate.countDown();
        assertThat(TestThreads.get(flushWork, "flush_work")).isTrue();
        cpu1Gate.countDown();
        wq.flush();
        assertThat(runs).hasValue(1);
    }

    /** flush_work of the running work from that work itself would wait for itself: it warns and returns. */
    @Test
    void S8_flushWorkOfItselfFromItsOwnFunctionReturnsWithoutWaiting() {
        SimMachine m = new SimMachine(2);
        AtomicBoolean wedged = new AtomicBoolean();
        WorkqueueSystem sys = untracked(m, HotplugPolicy.DRAIN, wedged);
        Workqueue wq = sys.createWorkqueue("s8-self");
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Boolean> removed = new AtomicReference<>();
        wq.queueOn(1, new Work(w -> {
            removed.set(wq.flushWork(w));
            done.countDown();
        }));
        Thread worker = wq.workerThread(1);
        await().atMost(LIMIT).until(() -> done.getCount() == 0 || waitingOnABarrier(worker));
        wedged.set(done.getCount() != 0);
        assertThat(wedged).as("the work waits for a barrier behind itself").isFalse();
        assertThat(removed).hasValue(false);
    }

    // ------------------------------------------------------------------ S11

    /**
     * A work flushing its own multi-threaded workqueue runs its own CPU's queue inline. (The other CPUs' queues are
     * idle: a worker waiting for another CPU's barrier would look like one waiting for its own.)
     */
    @Test
    void S11_aWorkFlushingItsOwnMultiThreadedWorkqueueRunsItsQueueInline() {
        SimMachine m = new SimMachine(2);
        AtomicBoolean wedged = new AtomicBoolean();
        WorkqueueSystem sys = untracked(m, HotplugPolicy.DRAIN, wedged);
        Workqueue wq = sys.createWorkqueue("s11-multi");
        List<String> order = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        wq.queueOn(1, new Work(w -> {
            wq.queueOn(1, new Work(x -> order.add("later")));
            wq.flush(); // runs its own queue inline
            order.add("after-flush");
            done.countDown();
        }));
        Thread worker = wq.workerThread(1);
        await().atMost(LIMIT).until(() -> done.getCount() == 0 || waitingOnABarrier(worker));
        wedged.set(done.getCount() != 0);
        assertThat(wedged).as("the worker waits for a barrier on its own queue").isFalse();
        assertThat(order).containsExactly("later", "after-flush");
    }
}
