package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.workqueue.WorkerState;
import org.hotplugwq.workqueue.WorkqueueInspector;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A notifier that keeps an online view ({@link CpuNotifier#onlineView()}, as a {@link WorkqueueSystem} does) is
 * brought to the bridge's view when it registers: a transition delivered between {@code build()} and
 * {@code register()} would otherwise never reach it.
 */
class RegisterResyncsTheOnlineViewTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private final SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 5);
    private final HotplugBridge bridge = new HotplugBridge(platform.onlineCpus());
    private WorkqueueSystem system;

    @AfterEach
    void close() {
        if (system != null) {
            system.close();
        }
        bridge.close();
    }

    @Test
    void anOfflineBetweenBuildAndRegisterReachesTheSystem() {
        system = WorkqueueSystem.builder(platform).build(); // sees 0-1 online
        platform.setOnline(1, false);
        bridge.observe(1, false, EventOrigin.POLL, System.nanoTime()); // CPU_DEAD to nobody yet
        bridge.flush();
        bridge.register(system);
        assertThat(system.onlineCpus()).isEqualTo(CpuSet.of(0));
        await().atMost(LIMIT).until(() -> WorkqueueInspector.workerThread(system.keventd(), 1) == null);
    }

    @Test
    void anOnlineBetweenBuildAndRegisterReachesTheSystem() {
        platform.setOnline(1, false);
        HotplugBridge late = new HotplugBridge(platform.onlineCpus());
        try {
            system = WorkqueueSystem.builder(platform).build(); // sees 0 online
            platform.setOnline(1, true);
            late.observe(1, true, EventOrigin.UEVENT, System.nanoTime()); // UP_PREPARE, ONLINE to nobody yet
            late.flush();
            late.register(system);
            assertThat(system.onlineCpus()).isEqualTo(CpuSet.first(2));
            assertThat(WorkqueueInspector.workerState(system.keventd(), 1)).isEqualTo(WorkerState.BOUND);
        } finally {
            late.close();
        }
    }

    @Test
    void aNotifierWithoutAViewGetsNothingAtRegistration() {
        List<String> calls = new CopyOnWriteArrayList<>();
        bridge.observe(1, false, EventOrigin.POLL, System.nanoTime());
        bridge.flush();
        bridge.register((CpuNotifier) (action, cpu) -> {
            calls.add(action + ":" + cpu);
            return NotifyResult.OK;
        });
        bridge.flush();
        assertThat(calls).isEmpty();
    }

    @Test
    void theCatchUpActionsGoToTheNewNotifierOnly() {
        List<String> calls = new CopyOnWriteArrayList<>();
        bridge.register(new RecordingNotifier("old", calls));
        bridge.observe(1, false, EventOrigin.POLL, System.nanoTime());
        bridge.flush();
        calls.clear();
        CpuNotifier viewing = new CpuNotifier() {
            @Override
            public NotifyResult onCpuAction(CpuAction action, int cpu) {
                calls.add("new:" + action + ":" + cpu);
                return NotifyResult.OK;
            }

            @Override
            public CpuSet onlineView() {
                return CpuSet.first(2); // still thinks cpu1 is up
            }
        };
        bridge.register(viewing);
        assertThat(calls).containsExactly("new:CPU_DEAD:1");
    }
}
