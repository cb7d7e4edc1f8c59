package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.jfr.CpuCallbackEvent;
import org.hotplugwq.jfr.HotplugActionEvent;
import org.hotplugwq.jfr.HotplugWqEvents;
import org.hotplugwq.jfr.StrandedWorkEvent;
import org.hotplugwq.jfr.WrongCpuEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JFR recording of one offline/online cycle on a simulated machine sees each of the library's events. */
class JfrEventsTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aRecordingSeesTheHotplugTheCallbacksTheWrongCpuAndTheStrandedWork() throws Exception {
        Path file = dir.resolve("run.jfr");
        try (Recording recording = new Recording()) {
            HotplugWqEvents.enableAll(recording);
            recording.start();
            runOneCycle();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toSet()))
                .containsAll(HotplugWqEvents.NAMES);

        RecordedEvent dead = only(events, HotplugActionEvent.NAME, "CPU_DEAD");
        assertThat(dead.getInt("cpu")).isEqualTo(1);
        assertThat(dead.getString("source")).isEqualTo("POLL");
        assertThat(dead.getDuration("detectionLatency")).isPositive();

        RecordedEvent callback = only(events, CpuCallbackEvent.NAME, "CPU_UP_PREPARE");
        assertThat(callback.getString("policy")).isEqualTo("DRAIN");
        assertThat(callback.getInt("workqueues")).isEqualTo(2); // keventd and ours
        assertThat(only(events, CpuCallbackEvent.NAME, "CPU_DEAD").getString("result")).isEqualTo("OK");

        List<RecordedEvent> wrong = named(events, WrongCpuEvent.NAME);
        assertThat(wrong).anySatisfy(e -> {
            assertThat(e.getString("workqueue")).isEqualTo("jfr");
            assertThat(e.getInt("queueCpu")).isEqualTo(1);
            assertThat(e.getInt("startCpu")).isEqualTo(0);
            assertThat(e.getString("cause")).isEqualTo("DRAINING");
        });
        RecordedEvent stranded = named(events, StrandedWorkEvent.NAME).get(0);
        assertThat(stranded.getInt("queueCpu")).isEqualTo(1);
        assertThat(stranded.getString("workqueue")).isEqualTo("jfr");
    }

    @Test
    void aRecordingStartedAfterTheLibraryRanSeesItsEventsWithoutBeingTold() throws Exception {
        runOneCycle(); // every event class loaded, no recording yet (JMC attaching to a running process)
        Path file = dir.resolve("late.jfr");
        try (Recording recording = new Recording()) { // no settings: each event's defaults (enabled)
            recording.start();
            runOneCycle();
            recording.stop();
            recording.dump(file);
        }
        assertThat(RecordingFile.readAllEvents(file).stream().map(e -> e.getEventType().getName())
                .collect(Collectors.toSet())).containsAll(HotplugWqEvents.NAMES);
    }

    /**
     * cpu1's worker is running a work when cpu1 goes: that work ends on cpu0, the one after it runs there while the
     * worker drains; one more queued on cpu1 waits, stranded, until cpu1 returns.
     */
    private static void runOneCycle() throws InterruptedException {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 7);
        try (WorkqueueSystem system = WorkqueueSystem.builder(platform).build();
             HotplugBridge bridge = new HotplugBridge(system.onlineView())) {
            bridge.register(system);
            Workqueue wq = system.createWorkqueue("jfr");
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            wq.queueOn(1, new Work(w -> {
                running.countDown();
                release.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }));
            wq.queueOn(1, new Work(w -> { }));
            assertThat(running.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            platform.setOnline(1, false);
            bridge.observe(1, false, EventOrigin.POLL, System.nanoTime());
            bridge.flush();
            release.countDown();
            await().atMost(LIMIT).until(() -> WorkqueueInspector.workerThread(wq, 1) == null);
            wq.queueOn(1, new Work(w -> { }));
            platform.setOnline(1, true);
            bridge.observe(1, true, EventOrigin.POLL, System.nanoTime());
            bridge.flush();
            wq.flush();
            wq.destroy();
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name, String action) {
        List<RecordedEvent> found = named(events, name).stream()
                .filter(e -> action.equals(e.getString("action"))).collect(Collectors.toList());
        assertThat(found).as(name + " " + action).hasSize(1);
        return found.get(0);
    }
}
