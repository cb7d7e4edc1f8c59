package org.hotplugwq.hotplug;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HotplugBridgeTest {
    final HotplugBridge bridge = new HotplugBridge(CpuSet.first(4));
    final List<String> calls = RecordingNotifier.newLog();
    final RecordingListener events = new RecordingListener();

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void higherPriorityFirstThenRegistrationOrder() {
        bridge.register(new RecordingNotifier("low", calls), 0);
        bridge.register(new RecordingNotifier("high", calls), 10);
        bridge.register(new RecordingNotifier("mid1", calls), 5);
        bridge.register(new RecordingNotifier("mid2", calls), 5);
        bridge.observe(3, false, EventOrigin.POLL, System.nanoTime());
        bridge.flush();
        assertThat(calls).containsExactly("high:CPU_DEAD:3", "mid1:CPU_DEAD:3", "mid2:CPU_DEAD:3", "low:CPU_DEAD:3");
    }

    @Test
    void observedOnlineIsPrepareThenOnlineAndOfflineIsDead() {
        bridge.register(new RecordingNotifier("n", calls));
        bridge.observe(2, false, EventOrigin.UEVENT, System.nanoTime());
        bridge.observe(2, true, EventOrigin.UEVENT, System.nanoTime());
        bridge.flush();
        assertThat(calls).containsExactly("n:CPU_DEAD:2", "n:CPU_UP_PREPARE:2", "n:CPU_ONLINE:2");
    }

    @Test
    void twoSourcesSeeingOneTransitionDeliverItOnceCreditedToTheFirst() {
        bridge.addListener(events);
        long t = System.nanoTime();
        bridge.observe(1, false, EventOrigin.UEVENT, t);
        bridge.observeSnapshot(CpuSet.first(4), CpuSet.parse("0,2-3"), EventOrigin.POLL, t + 1000);
        bridge.observe(1, false, EventOrigin.RESYNC, t + 2000);
        bridge.flush();
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DEAD cpu1 uevent");
    }

    @Test
    void aStaleObservationCannotUndoANewerOne() {
        bridge.addListener(events);
        long t = System.nanoTime();
        bridge.observe(1, false, EventOrigin.UEVENT, t);
        // a poll read that started before the uevent arrived still saw cpu1 online
        bridge.observeSnapshot(CpuSet.first(4), CpuSet.first(4), EventOrigin.POLL, t - 5000);
        bridge.flush();
        assertThat(events.actions()).containsExactly("CPU_DEAD cpu1");
        assertThat(bridge.knownOnline()).isEqualTo(CpuSet.parse("0,2-3"));
    }

    @Test
    void badToAnObservedOnlineCancelsEarlierNotifiersAndIsRetriedLater() {
        bridge.addListener(events);
        bridge.register(new RecordingNotifier("a", calls), 10);
        RecordingNotifier refuser = new RecordingNotifier("b", calls).refusingPrepares();
        bridge.register(refuser, 5);
        bridge.register(new RecordingNotifier("c", calls), 0);
        bridge.observe(1, false, EventOrigin.POLL, System.nanoTime());
        bridge.observe(1, true, EventOrigin.POLL, System.nanoTime());
        bridge.flush();
        assertThat(calls).containsExactly("a:CPU_DEAD:1", "b:CPU_DEAD:1", "c:CPU_DEAD:1",
                "a:CPU_UP_PREPARE:1", "b:CPU_UP_PREPARE:1", "a:CPU_UP_CANCELED:1");
        assertThat(bridge.knownOnline().contains(1)).isFalse();
        assertThat(events.events).extracting(HotplugEvent::result).contains(NotifyResult.BAD);

        calls.clear();
        bridge.unregister(refuser);
        bridge.observe(1, true, EventOrigin.RESYNC, System.nanoTime());
        bridge.flush();
        assertThat(calls).containsExactly("a:CPU_UP_PREPARE:1", "c:CPU_UP_PREPARE:1",
                "a:CPU_ONLINE:1", "c:CPU_ONLINE:1");
        assertThat(bridge.knownOnline().contains(1)).isTrue();
    }

    @Test
    void notifiersMayRegisterAndUnregisterFromTheirCallback() {
        AtomicReference<HotplugBridge.Registration> self = new AtomicReference<>();
        RecordingNotifier late = new RecordingNotifier("late", calls);
        self.set(bridge.register((action, cpu) -> {
            calls.add("first:" + action + ":" + cpu);
            bridge.register(late, 0);
            self.get().close();
            return NotifyResult.OK;
        }, 0));
        bridge.observe(1, false, EventOrigin.POLL, System.nanoTime());
        bridge.observe(2, false, EventOrigin.POLL, System.nanoTime());
        bridge.flush();
        assertThat(calls).containsExactly("first:CPU_DEAD:1", "late:CPU_DEAD:2");
        assertThat(bridge.notifierCount()).isEqualTo(1);
    }

    @Test
    void aThrowingNotifierDoesNotStopDelivery() {
        bridge.register((a, c) -> {
            throw new IllegalStateException("boom");
        }, 5);
        bridge.register(new RecordingNotifier("after", calls), 0);
        bridge.observe(1, false, EventOrigin.POLL, System.nanoTime());
        bridge.flush();
        assertThat(calls).containsExactly("after:CPU_DEAD:1");
    }
}
