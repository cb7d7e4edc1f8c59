package org.hotplugwq.stress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.machine.StressMachines;
import org.hotplugwq.workqueue.HotplugPolicy;

/** Short simulated stress runs for tests: 4 virtual CPUs, hotplug every 2–8 ms. */
final class SimulatedRuns {
    private SimulatedRuns() {
    }

    static StressOptions.Builder options(Path out, List<HotplugPolicy> policies, Duration duration) {
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

    static StressOutcome run(StressOptions options, StressHooks hooks) throws IOException {
        try (StressMachine machine = StressMachines.simulated(options, "a test")) {
            return new StressRunner(machine, options, hooks, null, false, 0).run();
        }
    }
}
