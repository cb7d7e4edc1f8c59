package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.hotplugwq.linux.UeventMessage;
import org.hotplugwq.linux.UeventSocket;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uevent listener's handling of one message, on a fake tree without a socket: a message is a doorbell for
 * its CPU, whose {@code online} file says what is delivered, so a message that waited in the socket's queue
 * cannot replay a state that is gone.
 */
class UeventListenerTest {
    @TempDir
    Path dir;
    FakeSysfs fake;
    HotplugBridge bridge;
    UeventListener listener;
    final RecordingListener events = new RecordingListener();

    /** No socket: the tests hand the listener its messages. */
    private static final class NoSocket implements UeventListener.Receiver {
        @Override
        public UeventSocket.Received receive(int timeoutMillis) {
            return new UeventSocket.Received(Optional.empty(), false, System.nanoTime());
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void setUp() {
        fake = FakeSysfs.machine(dir.resolve("sys"), 4);
        bridge = HotplugBridge.forTree(fake.reader());
        bridge.addListener(events);
        listener = new UeventListener(new NoSocket(), fake.reader(), bridge, Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        listener.close();
        bridge.close();
    }

    private static UeventMessage message(String action, int cpu) {
        byte[] b = ("ACTION=" + action + "\0DEVPATH=/devices/system/cpu/cpu" + cpu + "\0SUBSYSTEM=cpu")
                .getBytes(StandardCharsets.US_ASCII);
        return UeventMessage.parse(b, b.length);
    }

    @Test
    void aMessageDeliversWhatTheCpuFileSays() {
        fake.setOnline(2, false);
        listener.onMessage(message("offline", 2), System.nanoTime());
        bridge.flush();
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DEAD cpu2 uevent");

        fake.setOnline(2, true);
        listener.onMessage(message("online", 2), System.nanoTime());
        listener.onMessage(message("add", 2), System.nanoTime()); // not a CPU state change: ignored
        bridge.flush();
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DEAD cpu2 uevent",
                "CPU_UP_PREPARE cpu2 uevent", "CPU_ONLINE cpu2 uevent");
    }

    @Test
    void messagesOfTheControllersOwnTransitionsReceivedLateChangeNothing() throws Exception {
        try (HotplugController controller = new HotplugController(fake.reader(), bridge,
                new OfflinedCpuRegistry(dir.resolve("offlined")), new ExitGuard(Duration.ofSeconds(5), l -> { }))) {
            assertThat(controller.offline(1).changed()).isTrue();
            assertThat(controller.online(1).changed()).isTrue();
        }
        // the listener's thread was held up through both writes: the kernel's two messages are dequeued only now
        listener.onMessage(message("offline", 1), System.nanoTime());
        listener.onMessage(message("online", 1), System.nanoTime());
        bridge.flush();
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DOWN_PREPARE cpu1 controller",
                "CPU_DEAD cpu1 controller", "CPU_UP_PREPARE cpu1 controller", "CPU_ONLINE cpu1 controller");
        assertThat(bridge.knownOnline().contains(1)).isTrue();
    }

    @Test
    void aStaleOnlineOfACpuThatIsOfflineAgainChangesNothing() {
        fake.setOnline(3, false);
        listener.onMessage(message("offline", 3), System.nanoTime());
        listener.onMessage(message("online", 3), System.nanoTime()); // an older online, dequeued late
        bridge.flush();
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DEAD cpu3 uevent");
    }
}
