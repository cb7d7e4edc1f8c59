package org.hotplugwq.stress.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.junit.jupiter.api.Test;

/** The ledger's bookkeeping of one ticket: which instance a run credits, and when a flush returned early. */
class TicketTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /**
     * A faulty core runs instance i a second time after i+1 was claimed, then loses i+1. Crediting the run
     * to the instance the producer is on would see one run per instance: "balanced". It must count a
     * duplicate of i, and i+1 still in flight (lost).
     */
    @Test
    void aDuplicateRunAfterTheNextClaimIsCreditedToTheInstanceItWasQueuedAs() {
        Ledger ledger = new Ledger();
        Ticket t = new Ticket(ledger, false, 0);
        try (WorkqueueSystem system = WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 1)).build()) {
            Workqueue wq = system.createWorkqueue("ticket");
            long i = t.claim();
            assertThat(wq.queue(t.arm())).isTrue();
            t.queued(i);
            wq.flush(); // i ran, once
            assertThat(t.isBusy()).isFalse();

            long next = t.claim();     // the producer takes i+1 ...
            wq.queue(t.work);          // ... and the faulty core runs i again
            wq.flush();
            t.arm();                   // i+1 is handed over, "accepted", and never runs: lost
            t.queued(next);
        }
        assertThat(ledger.counts().executed()).isEqualTo(2);
        assertThat(ledger.counts().duplicated()).isEqualTo(1);
        assertThat(t.isBusy()).as("i+1 never ended").isTrue();
        assertThat(t.completed()).isEqualTo(1);
    }

    /** A flush that returned while the instance was still queued: a cancel called afterwards proves it. */
    @Test
    void aCancelCalledAfterTheFlushReturnedIsAFlushViolation() {
        Ledger ledger = new Ledger();
        Ticket late = new Ticket(ledger, false, 0);
        late.queued(late.claim());
        late.arm();
        long[] seen = PolicyLoad.snapshot(new Ticket[] {late});
        late.cancelled(1_000); // the cancel call started at t=1000 and still found it queued
        assertThat(PolicyLoad.checkEnded(new Ticket[] {late}, seen, 999)).isFalse();
        assertThat(PolicyLoad.checkEnded(new Ticket[] {late}, seen, 1_001)).isTrue(); // cancelled in time

        Ticket ran = new Ticket(ledger, false, 0);
        assertThat(PolicyLoad.checkEnded(new Ticket[] {ran}, PolicyLoad.snapshot(new Ticket[] {ran}), 0)).isTrue();
        assertThat(ledger.counts().cancelled()).isEqualTo(1);
    }

    /**
     * A delayed work whose timer fired before the flush is on a queue: the flush must wait for it. One whose
     * timer is still armed is not the flush's business.
     */
    @Test
    void aDelayedWorkWhoseTimerFiredBeforeTheFlushIsAwaitedByIt() throws Exception {
        Ledger ledger = new Ledger();
        Ticket fired = new Ticket(ledger, true, 0);
        Ticket armed = new Ticket(ledger, true, 0);
        CountDownLatch release = new CountDownLatch(1);
        try (WorkqueueSystem system = WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 1)).build()) {
            Workqueue wq = system.createWorkqueue("delayed");
            assertThat(wq.queueOn(0, new Work(w -> awaitLatch(release)))).isTrue(); // holds cpu0's worker
            long n = fired.claim();
            assertThat(wq.queueDelayedOn(0, fired.armDelayed(), 1, TimeUnit.MILLISECONDS)).isTrue();
            fired.queued(n);
            long m = armed.claim();
            assertThat(wq.queueDelayedOn(0, armed.armDelayed(), 1, TimeUnit.HOURS)).isTrue();
            armed.queued(m);
            await().atMost(LIMIT).until(() -> !fired.delayedWork().isTimerArmed());

            long[] seen = PolicyLoad.snapshot(new Ticket[] {fired, armed});
            assertThat(seen).containsExactly(n, 0);
            // a "flush" that returned now, with the fired work still queued behind the blocker, returned early
            assertThat(PolicyLoad.checkEnded(new Ticket[] {fired, armed}, seen, System.nanoTime())).isFalse();
            release.countDown();
            wq.flush();
            assertThat(PolicyLoad.checkEnded(new Ticket[] {fired, armed}, seen, System.nanoTime())).isTrue();
            assertThat(armed.delayedWork().cancel()).isTrue();
            armed.cancelled(System.nanoTime());
        }
        assertThat(ledger.counts().duplicated()).isZero();
    }

    private static void awaitLatch(CountDownLatch latch) {
        TestThreads.await(latch, "release");
    }
}
