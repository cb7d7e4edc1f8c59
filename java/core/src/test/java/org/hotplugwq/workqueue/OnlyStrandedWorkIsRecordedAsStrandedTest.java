package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.jfr.StrandedWorkEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording sees one {@code StrandedWork} event per work queued on a queue with no worker (its CPU is down), and
 * none for a work queued where a worker will run it.
 */
class OnlyStrandedWorkIsRecordedAsStrandedTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @TempDir
    Path dir;

    @Test
    void aWorkQueuedOnADownCpuIsOneEventAndAWorkQueuedOnAnUpCpuIsNone() throws Exception {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 5);
        platform.setOnline(1, false); // down from the start: cpu1's queue gets no worker
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(platform).build());
        Workqueue wq = sys.createWorkqueue("stranding");
        AtomicInteger ran = new AtomicInteger();
        Path file = dir.resolve("stranded.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(StrandedWorkEvent.NAME);
            recording.start();
            wq.queueOn(0, new Work(w -> ran.incrementAndGet()));
            wq.queueOn(1, new Work(w -> ran.incrementAndGet())); // stranded
            wq.queueOn(0, new Work(w -> ran.incrementAndGet()));
            recording.stop();
            recording.dump(file);
        }
        wq.destroy(); // drains the stranded work on a thread of its own
        assertThat(ran).as("every work ran, the stranded one at destroy").hasValue(3);

        List<RecordedEvent> stranded = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(StrandedWorkEvent.NAME))
                .filter(e -> "stranding".equals(e.getString("workqueue")))
                .collect(Collectors.toList());
        assertThat(stranded).as("one event, for cpu1's work only: %s", stranded).hasSize(1);
        assertThat(stranded.get(0).getInt("queueCpu")).isEqualTo(1);
    }
}
