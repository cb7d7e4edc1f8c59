package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.jfr.WrongCpuEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a recording wants {@code WrongCpu} events the workers call an observer that emits them: one per work that
 * started or ended off its queue's CPU, with the CPUs and the run time of that execution, none for a work that ran
 * where it belongs; and the user's own observer still hears of every work. The worker of cpu1 is moved by hand
 * (no hotplug), so which work runs where is certain.
 */
class WrongCpuEventsMatchTheirExecutionsTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @TempDir
    Path dir;

    /** What the user's observer heard, by work: the record is reused, so its fields are copied. */
    private record Heard(int queueCpu, int startCpu, int endCpu, long runNanos) {
    }

    @Test
    void eachWrongCpuExecutionIsOneEventWithItsCpusAndRunTimeAndTheUserObserverHearsEveryWork() throws Exception {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 3);
        Map<Work, Heard> heard = new ConcurrentHashMap<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(platform).observer(r -> {
            if (r.workqueue.name().equals("wrongcpu")) {
                heard.put(r.work, new Heard(r.queueCpu, r.startCpu, r.endCpu, r.endNanos - r.startNanos));
            }
        }).build());
        Workqueue wq = sys.createWorkqueue("wrongcpu");
        int tid1 = wq.workerTid(1);
        Work right0 = new Work(w -> { });
        Work right1 = new Work(w -> { });
        Work movedMidWork = new Work(w -> platform.bindThread(tid1, 0)); // starts on cpu1, ends on cpu0
        Work startsElsewhere = new Work(w -> { }); // cpu1's worker, still BOUND, now runs on cpu0
        Work right0Again = new Work(w -> { });
        Path file = dir.resolve("wrongcpu.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(WrongCpuEvent.NAME);
            recording.start();
            wq.queueOn(0, right0);
            wq.queueOn(1, right1);
            wq.flush();
            wq.queueOn(1, movedMidWork);
            wq.flush();
            wq.queueOn(1, startsElsewhere);
            wq.queueOn(0, right0Again);
            wq.flush();
            recording.stop();
            recording.dump(file);
        }

        assertThat(heard).as("the user's observer heard every work while recorded")
                .containsOnlyKeys(right0, right1, movedMidWork, startsElsewhere, right0Again);
        assertThat(heard.get(right1)).isEqualTo(new Heard(1, 1, 1, heard.get(right1).runNanos()));
        Heard moved = heard.get(movedMidWork);
        assertThat(moved).isEqualTo(new Heard(1, 1, 0, moved.runNanos()));
        Heard elsewhere = heard.get(startsElsewhere);
        assertThat(elsewhere).isEqualTo(new Heard(1, 0, 0, elsewhere.runNanos()));

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(WrongCpuEvent.NAME))
                .filter(e -> "wrongcpu".equals(e.getString("workqueue")))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime)) // one thread's: in its order
                .collect(Collectors.toList());
        assertThat(events).as("one event per wrong-CPU execution, none for the three that ran right: %s", events)
                .hasSize(2);
        assertEvent(events.get(0), 1, 0, moved);
        assertEvent(events.get(1), 0, 0, elsewhere);
    }

    private static void assertEvent(RecordedEvent e, int startCpu, int endCpu, Heard execution) {
        assertThat(e.getInt("queueCpu")).isEqualTo(1);
        assertThat(e.getInt("startCpu")).isEqualTo(startCpu);
        assertThat(e.getInt("endCpu")).isEqualTo(endCpu);
        assertThat(e.getString("cause")).isEqualTo(WorkerState.BOUND.name());
        assertThat(e.getBoolean("stranded")).isFalse();
        assertThat(e.getDuration("runTime").toNanos()).as("the run time the observer saw")
                .isEqualTo(execution.runNanos());
    }
}
