package org.hotplugwq.stress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.stress.load.WorkQueuer;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.workqueue.DelayedWork;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.Workqueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliberately broken, test-only policies: the run must fail and name the invariant they break. */
class BrokenPolicyTest {
    @TempDir
    Path out;

    /** Says "queued" for every 50th work but drops it: the policy loses work. */
    static final class DroppingQueuer implements WorkQueuer {
        private final WorkQueuer real;
        private final AtomicLong calls = new AtomicLong();

        DroppingQueuer(WorkQueuer real) {
            this.real = real;
        }

        long dropped() {
            return calls.get() / 50;
        }

        private boolean drop() {
            return calls.incrementAndGet() % 50 == 0;
        }

        @Override
        public boolean queue(Workqueue wq, Work work) {
            return drop() || real.queue(wq, work);
        }

        @Override
        public boolean queueOn(Workqueue wq, int cpu, Work work) {
            return drop() || real.queueOn(wq, cpu, work);
        }

        @Override
        public boolean queueDelayed(Workqueue wq, DelayedWork work, long delayNanos) {
            return drop() || real.queueDelayed(wq, work, delayNanos);
        }
    }

    @Test
    void aPolicyThatDropsWorkFailsExactlyOnce() throws Exception {
        AtomicReference<DroppingQueuer> dropping = new AtomicReference<>();
        StressHooks drops = new StressHooks((p, system) -> system, (p, q) -> {
            if (p == HotplugPolicy.DRAIN) {
                dropping.set(new DroppingQueuer(q));
                return dropping.get();
            }
            return q;
        });
        StressOutcome o = SimulatedRuns.runUntil(SimulatedRuns.options(out,
                List.of(HotplugPolicy.DRAIN, HotplugPolicy.REBIND), SimulatedRuns.CAP).build(), drops,
                SimulatedRuns.changedOperations(20).and(r -> dropping.get() != null && dropping.get().dropped() > 0));

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.report().invariantsHeld()).isFalse();
        assertThat(o.report().policies().get("drain").invariants()).containsEntry("exactlyOnce", false);
        assertThat(o.report().policies().get("drain").works().lost()).isPositive();
        assertThat(o.report().failures()).anyMatch(f -> f.startsWith("drain: exactly once"));
        // the healthy policy beside it is unaffected
        assertThat(o.report().policies().get("rebind").invariants()).doesNotContainValue(false);
    }

    @Test
    void aPolicyThatSkipsRepinningFailsNoWrongCpuWithoutHotplug() throws Exception {
        StressHooks noRepin = new StressHooks((p, system) -> (action, cpu) ->
                action == CpuAction.CPU_ONLINE ? NotifyResult.OK : system.onCpuAction(action, cpu),
                (p, q) -> q);
        // Without CPU_ONLINE the system also believes the CPU is still down: a workqueue created meanwhile gets
        // no worker there, and a flush of work queued to it may wait for good; a short watchdog ends that.
        StressOutcome o = SimulatedRuns.runUntil(SimulatedRuns.options(out, List.of(HotplugPolicy.REBIND),
                SimulatedRuns.CAP).interval(Duration.ofMillis(20), Duration.ofMillis(40))
                .watchdog(Duration.ofSeconds(1)).build(), noRepin, SimulatedRuns.changedOperations(30));

        assertThat(o.exitCode()).isEqualTo(1);
        StressReport.PolicyReport rebind = o.report().policies().get("rebind");
        assertThat(rebind.invariants()).containsEntry("noWrongCpuWithoutHotplug", false);
        assertThat(rebind.wrongCpu().byCause().get("noHotplugInFlight").count()).isPositive();
        assertThat(o.report().failures()).anyMatch(f -> f.contains("no wrong CPU without hotplug"));
    }

    /**
     * A core that never handles CPU_DEAD: its pinned workers stay "bound" while the kernel has moved them
     * away, and run their CPU's work elsewhere long after the offline was delivered. The detection window
     * ends at CPU_DEAD (README, cause {@code detectionWindow}), so that is no hotplug excuse.
     */
    @ParameterizedTest
    @EnumSource(value = HotplugPolicy.class, names = {"DRAIN", "TAKEOVER"})
    void aPolicyThatSwallowsCpuDeadFailsNoWrongCpuWithoutHotplug(HotplugPolicy policy) throws Exception {
        StressHooks swallowDead = new StressHooks((p, system) -> (action, cpu) ->
                action == CpuAction.CPU_DEAD ? NotifyResult.OK : system.onCpuAction(action, cpu),
                (p, q) -> q);
        StressOutcome o = SimulatedRuns.runUntil(SimulatedRuns.options(out, List.of(policy),
                SimulatedRuns.CAP).build(), swallowDead, SimulatedRuns.changedOperations(100));

        assertThat(o.exitCode()).isEqualTo(1);
        StressReport.PolicyReport p = o.report().policies().get(policy.cliName());
        assertThat(p.invariants()).containsEntry("noWrongCpuWithoutHotplug", false);
        assertThat(p.wrongCpu().byCause().get("noHotplugInFlight").count()).isPositive();
        assertThat(o.report().failures())
                .anyMatch(f -> f.startsWith(policy.cliName() + ": no wrong CPU without hotplug"));
    }

    @Test
    void aHungCallbackTripsTheWatchdogWithAThreadDump() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch hung = new CountDownLatch(1);
        StressHooks hangs = new StressHooks((p, system) -> (action, cpu) -> {
            if (action == CpuAction.CPU_DEAD) {
                hung.countDown();
                TestThreads.await(release, "release"); // a CPU_DEAD callback that does not return
            }
            return system.onCpuAction(action, cpu);
        }, (p, q) -> q);
        try {
            StressOutcome o = SimulatedRuns.runUntil(SimulatedRuns.options(out, List.of(HotplugPolicy.DRAIN),
                    SimulatedRuns.CAP).watchdog(Duration.ofMillis(300)).build(), hangs, r -> hung.getCount() == 0);

            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.report().failures()).anyMatch(f -> f.startsWith("no hang:"));
            assertThat(o.report().policies().get("drain").invariants()).containsEntry("noHang", false);
            Path dump = out.resolve("threaddump.txt");
            assertThat(dump).exists();
            assertThat(Files.readString(dump)).contains("stress-hotplug", "watchdog");
        } finally {
            release.countDown();
        }
    }
}
