package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A simulated 256-CPU machine with several workqueues survives a storm of offline/online events. */
class LargeMachineTest {
    private static final int CPUS = 256;

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void cpus256_severalWorkqueues_surviveAHotplugStormAndAreDestroyedCleanly(HotplugPolicy policy) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> storm(policy));
    }

    private void storm(HotplugPolicy policy) {
        SplittableRandom rnd = new SplittableRandom(256 + policy.ordinal());
        SimMachine m = new SimMachine(CPUS, 256);
        AtomicLong ran = new AtomicLong();
        long queued = 0;
        try (WorkqueueSystem sys = m.system(policy)) {
            List<Workqueue> wqs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                wqs.add(sys.createWorkqueue("big-" + i));
            }
            wqs.add(sys.createSinglethreadWorkqueue("big-single"));
            assertThat(sys.liveWorkerCount()).isEqualTo(CPUS * 4 + 1); // keventd + 3 per-CPU + 1 single
            for (int event = 0; event < 400; event++) {
                int cpu = 1 + rnd.nextInt(CPUS - 1);
                for (int i = 0; i < 8; i++) {
                    Workqueue wq = wqs.get(rnd.nextInt(wqs.size()));
                    int target = sys.onlineCpus().nth(rnd.nextInt(sys.onlineCpus().cardinality()));
                    wq.queueOn(target, new Work(w -> ran.incrementAndGet()));
                    queued++;
                }
                if (m.platform.isOnline(cpu)) {
                    m.offline(cpu);
                } else {
                    assertThat(m.online(cpu)).isTrue();
                }
            }
            for (Workqueue wq : wqs) {
                wq.flush();
            }
            assertThat(ran.get()).isEqualTo(queued);
            for (Workqueue wq : wqs) {
                wq.destroy();
                assertThat(sys.liveWorkerCount(wq)).isZero();
            }
        }
        assertThat(ran.get()).isEqualTo(queued);
    }
}
