package org.hotplugwq.hotplug;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The controller against a fake sysfs tree: notifier protocol, embryonic hook, read lock, refusals. */
class HotplugControllerTest {
    @RegisterExtension
    final TestThreads threads = new TestThreads();
    @TempDir
    Path dir;
    FakeSysfs fake;
    HotplugBridge bridge;
    OfflinedCpuRegistry registry;
    HotplugController controller;
    final List<String> calls = RecordingNotifier.newLog();
    final RecordingListener events = new RecordingListener();

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeSysfs.machine(Files.createDirectory(dir.resolve("sys")), 4);
        bridge = HotplugBridge.forTree(fake.reader());
        bridge.addListener(events);
        registry = new OfflinedCpuRegistry(dir.resolve("run/offlined"));
        controller = new HotplugController(fake.reader(), bridge, registry);
    }

    @AfterEach
    void tearDown() {
        threads.interruptAndJoin(); // a transition left in a hook would hold the lock close() needs
        controller.close();
        bridge.close();
    }

    @Test
    void offlineIsDownPrepareWriteDeadAndOnlineIsUpPrepareWriteOnline() throws Exception {
        bridge.register(new RecordingNotifier("n", calls));
        TransitionResult off = controller.offline(2, OfflinedCpuRegistry.Kind.DELIBERATE);
        assertThat(off.outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(fake.read("cpu2/online")).isEqualTo("0");
        assertThat(calls).containsExactly("n:CPU_DOWN_PREPARE:2", "n:CPU_DEAD:2");
        assertThat(registry.entry(2)).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(OfflinedCpuRegistry.Kind.DELIBERATE);
            assertThat(e.ownerPid()).isEqualTo(ProcessHandle.current().pid());
        });
        assertThat(bridge.knownOnline()).isEqualTo(CpuSet.parse("0-1,3"));

        TransitionResult on = controller.online(2);
        assertThat(on.outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(fake.read("cpu2/online")).isEqualTo("1");
        assertThat(calls)
                .containsExactly("n:CPU_DOWN_PREPARE:2", "n:CPU_DEAD:2", "n:CPU_UP_PREPARE:2", "n:CPU_ONLINE:2");
        assertThat(registry.entries()).isEmpty();
        assertThat(controller.online(2).outcome()).isEqualTo(TransitionResult.Outcome.ALREADY);
    }

    @Test
    void badUpPrepareCancelsEarlierNotifiersAndSkipsTheWrite() throws Exception {
        fake.setOnline(1, false);
        bridge.close();
        bridge = HotplugBridge.forTree(fake.reader());
        controller = new HotplugController(fake.reader(), bridge, registry);
        bridge.register(new RecordingNotifier("first", calls), 20);
        bridge.register(new RecordingNotifier("refuser", calls).refusingPrepares(), 10);
        bridge.register(new RecordingNotifier("never", calls), 0);
        TransitionResult r = controller.online(1);
        assertThat(r.outcome()).isEqualTo(TransitionResult.Outcome.VETOED);
        assertThat(calls)
                .containsExactly("first:CPU_UP_PREPARE:1", "refuser:CPU_UP_PREPARE:1", "first:CPU_UP_CANCELED:1");
        assertThat(fake.read("cpu1/online")).as("write skipped").isEqualTo("0");
    }

    @Test
    void badDownPrepareSendsDownFailedToEarlierNotifiers() throws Exception {
        bridge.register(new RecordingNotifier("first", calls), 20);
        bridge.register(new RecordingNotifier("refuser", calls).refusingPrepares(), 10);
        TransitionResult r = controller.offline(3);
        assertThat(r.outcome()).isEqualTo(TransitionResult.Outcome.VETOED);
        assertThat(calls).containsExactly("first:CPU_DOWN_PREPARE:3", "refuser:CPU_DOWN_PREPARE:3",
                "first:CPU_DOWN_FAILED:3");
        assertThat(fake.read("cpu3/online")).isEqualTo("1");
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void aRefusedWriteRollsBackEveryNotifier() throws Exception {
        // a directory where the file should be: open(O_WRONLY) fails as a refused transition would
        fake.unwritable("cpu3/online");
        bridge.register(new RecordingNotifier("a", calls), 1);
        bridge.register(new RecordingNotifier("b", calls), 0);
        TransitionResult r = controller.offline(3);
        assertThat(r.outcome()).isEqualTo(TransitionResult.Outcome.KERNEL_REFUSED);
        assertThat(calls).containsExactly("a:CPU_DOWN_PREPARE:3", "b:CPU_DOWN_PREPARE:3",
                "a:CPU_DOWN_FAILED:3", "b:CPU_DOWN_FAILED:3");
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void hookHoldsTheEmbryonicWindowOpenBetweenUpPrepareAndTheWrite() throws Exception {
        CountDownLatch inWindow = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        controller.close();
        controller = new HotplugController(fake.reader(), bridge, registry, ExitGuard.forThisProcess(),
                new HotplugController.Hooks(cpu -> {
                    inWindow.countDown();
                    TestThreads.await(release, "release");
                }, null));
        controller.offline(1);
        bridge.register(new RecordingNotifier("n", calls));
        CompletableFuture<TransitionResult> online = threads.call("online", () -> controller.online(1));
        assertThat(inWindow.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).containsExactly("n:CPU_UP_PREPARE:1");
        assertThat(fake.read("cpu1/online")).isEqualTo("0");
        // a notifier registered inside the window (a workqueue created there) gets CPU_ONLINE
        bridge.register(new RecordingNotifier("embryonic", calls));
        release.countDown();
        assertThat(online.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(calls).containsExactly("n:CPU_UP_PREPARE:1", "n:CPU_ONLINE:1", "embryonic:CPU_ONLINE:1");
    }

    @Test
    void controllerWaitsWhileTheReadLockIsHeld() throws Exception {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<TransitionResult> off;
        try (CpuHotplugLock.ReadHold held = bridge.hotplugLock().readLock()) {
            off = threads.call("offline", () -> {
                worker.set(Thread.currentThread());
                return controller.offline(1);
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.get() != null
                    && worker.get().getState() == Thread.State.WAITING);
            assertThat(fake.read("cpu1/online")).isEqualTo("1");
            assertThat(events.actions()).isEmpty();
            assertThatThrownBy(() -> controller.offline(2)).as("a reader cannot start a transition")
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(off.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(fake.read("cpu1/online")).isEqualTo("0");
    }

    @Test
    void closeWaitsForAStuckTransitionAtMostItsTimeoutThenFailsAndLeavesTheCpusToTheExitGuard() throws Exception {
        CountDownLatch inWindow = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        controller.close();
        controller = new HotplugController(fake.reader(), bridge, registry, ExitGuard.forThisProcess(),
                new HotplugController.Hooks(null, cpu -> {
                    inWindow.countDown();
                    TestThreads.await(release, "release");
                }));
        CompletableFuture<TransitionResult> off = threads.call("offline", () -> controller.offline(1));
        TestThreads.await(inWindow, "offline in its window");
        controller.setCloseTimeout(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThatThrownBy(controller::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("within 200 ms").hasMessageContaining("cpu 1 left to the exit guard");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TestThreads.LIMIT);
        assertThat(registry.entry(1)).as("nothing restored, nothing forgotten").isPresent();

        release.countDown();
        assertThat(TestThreads.get(off, "offline").outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(fake.read("cpu1/online")).isEqualTo("0");
        controller.close(); // nothing in the way now
        assertThat(fake.read("cpu1/online")).isEqualTo("1");
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void closeFailsWhenAReaderNeverLetsGo() throws Exception {
        controller.offline(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.start("reader", () -> {
            try (CpuHotplugLock.ReadHold held = bridge.hotplugLock().readLock()) {
                holding.countDown();
                TestThreads.await(release, "release");
            }
        });
        TestThreads.await(holding, "reader holds the lock");
        controller.setCloseTimeout(Duration.ofMillis(100));
        assertThatThrownBy(controller::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cpus_read_lock");
        assertThat(fake.read("cpu1/online")).isEqualTo("0");
        release.countDown();
        controller.setCloseTimeout(TestThreads.LIMIT);
        controller.close();
        assertThat(fake.read("cpu1/online")).isEqualTo("1");
    }

    @Test
    void notifiersMayTakeTheReadLockDuringATransition() throws Exception {
        bridge.register((action, cpu) -> {
            try (CpuHotplugLock.ReadHold h = bridge.hotplugLock().readLock()) {
                calls.add("locked:" + action);
            }
            return NotifyResult.OK;
        });
        assertThat(controller.offline(1).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(calls).containsExactly("locked:CPU_DOWN_PREPARE", "locked:CPU_DEAD");
    }

    @Test
    void ownWritesAreNotReportedTwiceByARunningPoller() throws Exception {
        try (SysfsPoller poller = new SysfsPoller(fake.reader(), bridge, Duration.ofMillis(1),
                SysfsPoller.Mode.PER_CPU)) {
            poller.start();
            controller.offline(1);
            controller.online(1);
            controller.offline(1);
            long ticks = poller.ticks();
            await().atMost(Duration.ofSeconds(10)).until(() -> poller.ticks() > ticks + 5);
        }
        bridge.flush();
        assertThat(events.actionsWithOrigin()).containsExactly(
                "CPU_DOWN_PREPARE cpu1 controller", "CPU_DEAD cpu1 controller",
                "CPU_UP_PREPARE cpu1 controller", "CPU_ONLINE cpu1 controller",
                "CPU_DOWN_PREPARE cpu1 controller", "CPU_DEAD cpu1 controller");
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        fake.write("present", "0-2"); // cpu3 has a directory but is not present
        String before = fake.read("cpu1/online") + fake.read("cpu2/online") + fake.read("cpu3/online");
        assertRefused(() -> HotplugController.parseCpuId("x1"), HotplugRefusedException.Reason.MALFORMED_ID);
        assertRefused(() -> HotplugController.parseCpuId("1.5"), HotplugRefusedException.Reason.MALFORMED_ID);
        assertRefused(() -> HotplugController.parseCpuId(""), HotplugRefusedException.Reason.MALFORMED_ID);
        assertRefused(() -> controller.offline(-1), HotplugRefusedException.Reason.MALFORMED_ID);
        assertRefused(() -> controller.offline(8), HotplugRefusedException.Reason.OUT_OF_RANGE);
        assertRefused(() -> controller.offline(3), HotplugRefusedException.Reason.NOT_PRESENT);
        assertRefused(() -> controller.offline(0), HotplugRefusedException.Reason.NOT_HOTPLUGGABLE);
        assertRefused(() -> controller.online(0), HotplugRefusedException.Reason.NOT_HOTPLUGGABLE);
        fake.write("cpu0/online", "1");
        fake.write("online", "1");
        assertRefused(() -> controller.offline(1), HotplugRefusedException.Reason.LAST_ONLINE_CPU);
        fake.write("online", "0-2");
        assertRefused(() -> controller.check(CpuSet.of(0, 1, 2), false, true),
                HotplugRefusedException.Reason.LAST_ONLINE_CPU);
        assertThat(fake.read("cpu1/online") + fake.read("cpu2/online") + fake.read("cpu3/online")).isEqualTo(before);
        assertThat(events.actions()).isEmpty();
        assertThat(registry.entries()).isEmpty();
        assertThat(HotplugController.parseCpuId("cpu7")).isEqualTo(7);
    }

    private interface Refusable {
        void run() throws Exception;
    }

    private static void assertRefused(Refusable r, HotplugRefusedException.Reason reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(HotplugRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).doesNotContain("\n");
        });
    }
}
