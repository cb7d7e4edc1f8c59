package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.TraceEvent;
import org.hotplugwq.linux.TraceFs;
import org.hotplugwq.linux.TraceInstance;
import org.hotplugwq.linux.TracePipeReader;
import org.hotplugwq.testkit.RealHotplugExtension;
import org.hotplugwq.testkit.RealHotplugExtension.RealCpu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kernel's real tracefs and cpuhp steps (root, a hotpluggable CPU); every CPU is restored by the extension. */
@Tag("hardware")
@ExtendWith(RealHotplugExtension.class)
class RealTraceSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    HotplugBridge bridge;
    final RecordingListener events = new RecordingListener();

    @BeforeEach
    void bridge() {
        TraceFs fs = TraceFs.system();
        assumeThat(fs.unavailabilityCause()).as("tracefs").isNull();
        bridge = HotplugBridge.forTree(CpuSysfs.system());
        bridge.addListener(events);
    }

    @AfterEach
    void closeBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void theMonoTraceClockIsNanoTime() throws Exception {
        List<TraceEvent> got = new CopyOnWriteArrayList<>();
        try (TraceInstance t = TraceFs.system().createInstance("clock", List.of(), 64, "mono");
             TracePipeReader reader = new TracePipeReader(t, got::add, 0)) {
            reader.start();
            for (int i = 0; i < 20; i++) {
                TracePipeReader.ClockCheck c = reader.checkClock(WAIT);
                assertThat(c.agrees()).as("%s", c).isTrue();
            }
            assertThat(reader.stop(WAIT)).isTrue();
        }
    }

    @Test
    void theInstanceIsGoneAfterClose() throws Exception {
        TraceInstance t = TraceFs.system().createInstance("gone", List.of("cpuhp/cpuhp_enter"), 64, "mono");
        assertThat(t.dir()).exists();
        t.close();
        assertThat(t.dir()).doesNotExist();
    }

    @Test
    void anOfflineByHandIsAnnouncedAtDeactivateThenDeadThenOnline(RealCpu real) throws Exception {
        try (TraceEventSource source = TraceEventSource.open(TraceFs.system(), real.sysfs(), bridge)) {
            source.start();
            real.writer().writeCpuOnline(real.cpu(), false);
            long returned = System.nanoTime();
            await().atMost(WAIT).until(() -> actionsOf(real.cpu()).size() >= 2);
            real.writer().writeCpuOnline(real.cpu(), true);
            await().atMost(WAIT).until(() -> actionsOf(real.cpu()).size() >= 4);
            assertThat(actionsOf(real.cpu())).containsExactly("CPU_DOWN_PREPARE trace", "CPU_DEAD trace",
                    "CPU_UP_PREPARE trace", "CPU_ONLINE trace");
            HotplugEvent prepare = events.events.stream().filter(e -> e.cpu() == real.cpu()).findFirst().orElseThrow();
            // the kernel's step came before the write returned, and the source saw it promptly after the step
            assertThat(prepare.observedNanos()).isLessThan(returned);
            assertThat(prepare.deliveredNanos() - prepare.observedNanos()).isLessThan(Duration.ofMillis(100).toNanos());
            assertThat(source.overruns()).isZero();
        }
    }

    private List<String> actionsOf(int cpu) {
        return events.events.stream().filter(e -> e.cpu() == cpu).map(e -> e.action() + " " + e.origin().label())
                .collect(Collectors.toList());
    }
}
