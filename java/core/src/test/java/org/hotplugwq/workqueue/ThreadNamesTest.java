package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.junit.jupiter.api.Test;

/** Worker names fit the kernel's 15 characters: the workqueue's name is cut, never the CPU. */
class ThreadNamesTest {
    @Test
    void theWorkqueueNameIsCutNeverTheCpu() {
        assertThat(ThreadNames.worker("events", 1)).isEqualTo("events/1");
        assertThat(ThreadNames.worker("drain-sync-wq0", 1)).isEqualTo("drain-sync-wq/1"); // not "drain-sync-wq0/"
        assertThat(ThreadNames.worker("drain-sync-wq0", 1023)).isEqualTo("drain-sync/1023");
        assertThat(ThreadNames.worker("a-very-long-single-threaded-name", -1)).isEqualTo("a-very-long-sin");
        assertThat(ThreadNames.worker("x", 123_456_789)).isEqualTo("x/123456789");
    }

    @Test
    void workerThreadsAreNamedSo() {
        try (WorkqueueSystem sys = WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 1)).keventdName("my-events")
                .build()) {
            Workqueue wq = sys.createWorkqueue("a-rather-long-name");
            assertThat(wq.workerThread(1).getName()).isEqualTo("a-rather-long/1");
            assertThat(sys.keventd().workerThread(0).getName()).isEqualTo("my-events/0");
            assertThat(sys.createSinglethreadWorkqueue("single-threaded-q").workerThread(0).getName())
                    .isEqualTo("single-threaded");
        }
    }
}
