package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit hook against transitions still running (a hotplug schedule, a latency probe) on a fake tree: it
 * neither runs between a CPU's record and its write, nor lets a transition follow it. The hook is played by
 * calling {@link ExitGuard#closeAndRestore()} on a guard of the test's own.
 */
class ExitGuardTest {
    @RegisterExtension
    final TestThreads threads = new TestThreads();
    @TempDir
    Path dir;
    FakeSysfs fake;
    HotplugBridge bridge;
    OfflinedCpuRegistry registry;
    ExitGuard guard;
    HotplugController controller;
    final List<String> reported = new CopyOnWriteArrayList<>();
    final List<String> calls = RecordingNotifier.newLog();

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeSysfs.machine(Files.createDirectory(dir.resolve("sys")), 4);
        bridge = HotplugBridge.forTree(fake.reader());
        registry = new OfflinedCpuRegistry(dir.resolve("run/offlined"));
        guard = new ExitGuard(Duration.ofSeconds(30), reported::add);
        controller = new HotplugController(fake.reader(), bridge, registry, guard);
    }

    @AfterEach
    void tearDown() {
        threads.interruptAndJoin(); // a transition left in a hook would hold the lock close() needs
        controller.close();
        bridge.close();
    }

    @Test
    void theHookWaitsForTheWriteOfACpuAlreadyRecordedThenBringsItBack() throws Exception {
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch write = new CountDownLatch(1);
        controller.close();
        controller = new HotplugController(fake.reader(), bridge, registry, guard,
                new HotplugController.Hooks(null, cpu -> {
                    recorded.countDown();
                    TestThreads.await(write, "write");
                }));
        CompletableFuture<TransitionResult> offline = threads.call("offline", () -> controller.offline(1));
        assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.entry(1)).as("recorded before the write").isPresent();
        assertThat(fake.read("cpu1/online")).isEqualTo("1");

        // Ctrl-C now: the hook must not take the record of a CPU that is about to go offline
        AtomicReference<Thread> hookThread = new AtomicReference<>();
        CompletableFuture<List<MachineRestorer.Restored>> hook = threads.call("exit-hook", () -> {
            hookThread.set(Thread.currentThread());
            return guard.closeAndRestore();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> hookThread.get() != null
                && hookThread.get().getState() == Thread.State.TIMED_WAITING && guard.isClosing());
        assertThat(registry.entry(1)).as("the hook waits: the record is still there").isPresent();
        assertThat(hook).isNotDone();

        write.countDown();
        assertThat(offline.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        List<MachineRestorer.Restored> restored = hook.get(10, TimeUnit.SECONDS);
        assertThat(restored).singleElement().satisfies(r -> {
            assertThat(r.entry().cpu()).isEqualTo(1);
            assertThat(r.wasOffline()).isTrue();
            assertThat(r.ok()).isTrue();
        });
        assertThat(fake.read("cpu1/online")).as("left as found").isEqualTo("1");
        assertThat(registry.entries()).isEmpty();
        assertThat(reported).singleElement().asString().contains("cpu1: back online");
    }

    @Test
    void afterTheHookEveryTransitionIsRefusedBeforeAnythingIsAnnouncedOrWritten() throws Exception {
        assertThat(controller.offline(1).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        assertThat(guard.closeAndRestore()).extracting(r -> r.entry().cpu()).containsExactly(1);
        assertThat(fake.read("cpu1/online")).isEqualTo("1");

        // the schedule thread is still running: its next offline must not happen
        bridge.register(new RecordingNotifier("n", calls));
        assertThatThrownBy(() -> controller.offline(2)).isInstanceOfSatisfying(HotplugRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(HotplugRefusedException.Reason.EXITING));
        assertThatThrownBy(() -> controller.offlineWithInjectedFailure(3, 187))
                .isInstanceOf(HotplugRefusedException.class);
        assertThat(fake.read("cpu2/online") + fake.read("cpu3/online")).isEqualTo("11");
        assertThat(calls).as("nothing announced").isEmpty();
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void aLatencyProbeWritesNothingOnceTheHookHasStarted() throws Exception {
        guard.closeAndRestore();
        DetectionLatencyProbe probe = new DetectionLatencyProbe(fake.reader(), bridge, registry, guard);
        assertThatThrownBy(() -> probe.measure(1, 3, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exiting");
        assertThat(fake.read("cpu1/online")).isEqualTo("1");
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void theWaitIsBoundedAndTheCpusComeBackAnyway() throws Exception {
        ExitGuard quick = new ExitGuard(Duration.ofMillis(50), reported::add);
        fake.setOnline(2, false);
        registry.record(2, OfflinedCpuRegistry.Kind.TEMPORARY);
        quick.restoreAtExit(new MachineRestorer(fake.reader(), registry));
        List<MachineRestorer.Restored> restored;
        try (ExitGuard.Section stuck = quick.enter(2)) { // a transition that never finishes
            restored = TestThreads.get(threads.call("exit-hook", quick::closeAndRestore), "the exit hook");
        }
        assertThat(restored).extracting(r -> r.entry().cpu()).containsExactly(2);
        assertThat(fake.read("cpu2/online")).isEqualTo("1");
        assertThat(reported.get(0)).contains("still in progress");
        assertThatThrownBy(() -> quick.enter(2)).isInstanceOf(HotplugRefusedException.class);
    }
}
