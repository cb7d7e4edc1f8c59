package org.hotplugwq.stress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;
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
        StressHooks drops = new StressHooks((p, system) -> system,
                (p, q) -> p == HotplugPolicy.DRAIN ? new DroppingQueuer(q) : q);
        StressOutcome o = SimulatedRuns.run(SimulatedRuns.options(out,
                List.of(HotplugPolicy.DRAIN, HotplugPolicy.REBIND), Duration.ofMillis(1000)).build(), drops);

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
        StressOutcome o = SimulatedRuns.run(SimulatedRuns.options(out, List.of(HotplugPolicy.REBIND),
                Duration.ofMillis(1000)).interval(Duration.ofMillis(20), Duration.ofMillis(40))
                .watchdog(Duration.ofSeconds(1)).build(), noRepin);

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
        StressOutcome o = SimulatedRuns.run(SimulatedRuns.options(out, List.of(policy),
                Duration.ofMillis(1000)).build(), swallowDead);

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
        StressHooks hangs = new StressHooks((p, system) -> (action, cpu) -> {
            if (action == CpuAction.CPU_DEAD) {
                try {
                    release.await(); // a CPU_DEAD callback that does not return
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return system.onCpuAction(action, cpu);
        }, (p, q) -> q);
        try {
            StressOutcome o = SimulatedRuns.run(SimulatedRuns.options(out, List.of(HotplugPolicy.DRAIN),
                    Duration.ofMillis(300)).watchdog(Duration.ofMillis(300)).build(), hangs);

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
