package org.hotplugwq.hotplug;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.Errno;
import org.hotplugwq.testkit.ChildJvm;
import org.hotplugwq.testkit.RealHotplugExtension.RealCpu;
import org.hotplugwq.testkit.RealHotplugExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Real CPU hotplug on this machine (root, a hotpluggable CPU); every CPU is restored by the extension. */
@Tag("hardware")
@ExtendWith(RealHotplugExtension.class)
class RealHotplugTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    HotplugBridge bridge;
    final RecordingListener events = new RecordingListener();

    @BeforeEach
    void bridge() {
        bridge = HotplugBridge.forTree(CpuSysfs.system());
        bridge.addListener(events);
    }

    @AfterEach
    void closeBridge() {
        bridge.close();
    }

    private List<String> actionsOf(int cpu) {
        return events.events.stream().filter(e -> e.cpu() == cpu).map(e -> e.action() + " " + e.origin().label())
                .collect(java.util.stream.Collectors.toList());
    }

    private SysfsPoller poller(RealCpu real, SysfsPoller.Mode mode) {
        return new SysfsPoller(real.sysfs(), bridge, Duration.ofMillis(1), mode);
    }

    private void awaitActions(int cpu, int n) {
        await().atMost(WAIT).until(() -> actionsOf(cpu).size() >= n);
    }

    private void toggleByHand(RealCpu real, RunnableWithIo between) throws Exception {
        real.writer().writeCpuOnline(real.cpu(), false);
        between.run();
        real.writer().writeCpuOnline(real.cpu(), true);
    }

    private interface RunnableWithIo {
        void run() throws Exception;
    }

    @Test
    void pollerTurnsRealOfflineIntoDeadAndOnlineIntoPrepareThenOnline(RealCpu real) throws Exception {
        try (SysfsPoller poller = poller(real, SysfsPoller.Mode.PER_CPU)) {
            poller.start();
            toggleByHand(real, () -> awaitActions(real.cpu(), 1));
            awaitActions(real.cpu(), 3);
        }
        assertThat(actionsOf(real.cpu())).containsExactly("CPU_DEAD poll", "CPU_UP_PREPARE poll", "CPU_ONLINE poll");
    }

    @Test
    void aggregatePollerSeesTheSameTransitions(RealCpu real) throws Exception {
        try (SysfsPoller poller = poller(real, SysfsPoller.Mode.AGGREGATE)) {
            poller.start();
            toggleByHand(real, () -> awaitActions(real.cpu(), 1));
            awaitActions(real.cpu(), 3);
        }
        assertThat(actionsOf(real.cpu())).containsExactly(
                "CPU_DEAD poll-aggregate", "CPU_UP_PREPARE poll-aggregate", "CPU_ONLINE poll-aggregate");
    }

    @Test
    void ueventListenerTurnsRealOfflineIntoDeadAndOnlineIntoPrepareThenOnline(RealCpu real) throws Exception {
        try (UeventListener uevents = UeventListener.open(real.sysfs(), bridge, Duration.ofSeconds(60))) {
            uevents.start();
            bridge.flush();
            toggleByHand(real, () -> awaitActions(real.cpu(), 1));
            awaitActions(real.cpu(), 3);
        }
        assertThat(actionsOf(real.cpu())).containsExactly("CPU_DEAD uevent", "CPU_UP_PREPARE uevent",
                "CPU_ONLINE uevent");
    }

    @Test
    void theReadLockCannotHoldBackHotplugDoneByOthers(RealCpu real) throws Exception {
        try (UeventListener uevents = UeventListener.open(real.sysfs(), bridge, Duration.ofSeconds(60))) {
            uevents.start();
            try (CpuHotplugLock.ReadHold held = bridge.hotplugLock().readLock()) {
                toggleByHand(real, () -> awaitActions(real.cpu(), 1)); // as another shell would
                awaitActions(real.cpu(), 3);
                assertThat(bridge.hotplugLock().heldByCurrentThread()).isTrue();
            }
        }
        assertThat(actionsOf(real.cpu())).containsExactly("CPU_DEAD uevent", "CPU_UP_PREPARE uevent",
                "CPU_ONLINE uevent");
    }

    @Test
    void twoSourcesTogetherDeliverEachTransitionOnce(RealCpu real) throws Exception {
        try (UeventListener uevents = UeventListener.open(real.sysfs(), bridge, Duration.ofMillis(50));
             SysfsPoller poller = poller(real, SysfsPoller.Mode.PER_CPU)) {
            uevents.start();
            poller.start();
            for (int i = 0; i < 2; i++) {
                int expected = 3 * i;
                toggleByHand(real, () -> awaitActions(real.cpu(), expected + 1));
                awaitActions(real.cpu(), expected + 3);
            }
            long ticks = poller.ticks();
            await().atMost(WAIT).until(() -> poller.ticks() > ticks + 20);
        }
        bridge.flush();
        assertThat(events.events).filteredOn(e -> e.cpu() == real.cpu()).extracting(HotplugEvent::action)
                .containsExactly(CpuAction.CPU_DEAD, CpuAction.CPU_UP_PREPARE, CpuAction.CPU_ONLINE,
                        CpuAction.CPU_DEAD, CpuAction.CPU_UP_PREPARE, CpuAction.CPU_ONLINE);
    }

    @Test
    void controllerAnnouncesItsOwnHotplugOnceWhileSourcesWatch(RealCpu real) throws Exception {
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(dir.resolve("offlined"));
        try (UeventListener uevents = UeventListener.open(real.sysfs(), bridge, Duration.ofMillis(50));
             SysfsPoller poller = poller(real, SysfsPoller.Mode.PER_CPU);
             HotplugController controller = new HotplugController(real.sysfs(), bridge, registry)) {
            uevents.start();
            poller.start();
            assertThat(controller.offline(real.cpu()).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
            assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
            assertThat(registry.entry(real.cpu())).isPresent();
            assertThat(bridge.knownOnline().contains(real.cpu())).isFalse();
            assertThat(controller.online(real.cpu()).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
            assertThat(registry.entries()).isEmpty();
            long ticks = poller.ticks();
            await().atMost(WAIT).until(() -> poller.ticks() > ticks + 20);
        }
        bridge.flush();
        assertThat(actionsOf(real.cpu())).containsExactly("CPU_DOWN_PREPARE controller", "CPU_DEAD controller",
                "CPU_UP_PREPARE controller", "CPU_ONLINE controller");
    }

    private static int failState(CpuSysfs tree, String name) {
        OptionalInt state = tree.hotplugStateNumber(name);
        assumeThat(state).as("hotplug state " + name + " on this kernel").isPresent();
        return state.getAsInt();
    }

    @Test
    void injectedFailureGivesARealUpCanceled(RealCpu real) throws Exception {
        int state = failState(real.sysfs(), "workqueue:prepare");
        List<String> calls = RecordingNotifier.newLog();
        bridge.register(new RecordingNotifier("n", calls));
        try (HotplugController controller = new HotplugController(real.sysfs(), bridge,
                new OfflinedCpuRegistry(dir.resolve("offlined")))) {
            controller.offline(real.cpu());
            TransitionResult r = controller.onlineWithInjectedFailure(real.cpu(), state);
            assertThat(r.outcome()).isEqualTo(TransitionResult.Outcome.KERNEL_REFUSED);
            assertThat(r.errno()).isIn(Errno.EAGAIN, Errno.EBUSY);
            assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
            assertThat(real.sysfs().readHotplugFail(real.cpu())).hasValue(-1);
            assertThat(controller.online(real.cpu()).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
        }
        int cpu = real.cpu();
        assertThat(calls).containsExactly("n:CPU_DOWN_PREPARE:" + cpu, "n:CPU_DEAD:" + cpu,
                "n:CPU_UP_PREPARE:" + cpu, "n:CPU_UP_CANCELED:" + cpu,
                "n:CPU_UP_PREPARE:" + cpu, "n:CPU_ONLINE:" + cpu);
    }

    @Test
    void injectedFailureGivesARealDownFailed(RealCpu real) throws Exception {
        int state = failState(real.sysfs(), "workqueue:online");
        List<String> calls = RecordingNotifier.newLog();
        bridge.register(new RecordingNotifier("n", calls));
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(dir.resolve("offlined"));
        try (HotplugController controller = new HotplugController(real.sysfs(), bridge, registry)) {
            TransitionResult r = controller.offlineWithInjectedFailure(real.cpu(), state);
            assertThat(r.outcome()).isEqualTo(TransitionResult.Outcome.KERNEL_REFUSED);
            assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
            assertThat(real.sysfs().readHotplugFail(real.cpu())).hasValue(-1);
            assertThat(registry.entries()).isEmpty();
        }
        assertThat(calls).containsExactly("n:CPU_DOWN_PREPARE:" + real.cpu(), "n:CPU_DOWN_FAILED:" + real.cpu());
    }

    @Test
    void aChildKilledWithSigkillLeavesItsCpuToTheNextStart(RealCpu real) throws Exception {
        Path stateFile = dir.resolve("offlined");
        ChildJvm child = ChildJvm.start(OfflineThenWaitMain.class, real.sysfs().root().toString(), stateFile.toString(),
                Integer.toString(real.cpu()), "temporary", "wait");
        assertThat(child.readLine()).isEqualTo("OFFLINED");
        child.process.destroyForcibly(); // SIGKILL: no shutdown hook
        child.waitFor();
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(stateFile);
        assertThat(registry.entry(real.cpu())).hasValueSatisfying(e -> assertThat(e.ownerAlive()).isFalse());

        // what every command does when it starts
        List<MachineRestorer.Restored> restored = new MachineRestorer(real.sysfs(), registry).restoreOrphans();
        assertThat(restored).extracting(r -> r.entry().cpu()).containsExactly(real.cpu());
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void ctrlCOfAChildBringsItsTemporaryCpuBack(RealCpu real) throws Exception {
        Path stateFile = dir.resolve("offlined");
        ChildJvm child = ChildJvm.start(OfflineThenWaitMain.class, real.sysfs().root().toString(), stateFile.toString(),
                Integer.toString(real.cpu()), "temporary", "wait");
        assertThat(child.readLine()).isEqualTo("OFFLINED");
        new ProcessBuilder("kill", "-INT", Long.toString(child.process.pid())).start().waitFor();
        child.waitFor();
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        assertThat(new OfflinedCpuRegistry(stateFile).entries()).isEmpty();
    }

    @Test
    void aDeliberateOfflineOutlivesItsCommandUntilRestore(RealCpu real) throws Exception {
        Path stateFile = dir.resolve("offlined");
        ChildJvm child = ChildJvm.start(OfflineThenWaitMain.class, real.sysfs().root().toString(), stateFile.toString(),
                Integer.toString(real.cpu()), "deliberate", "exit");
        assertThat(child.readLine()).isEqualTo("OFFLINED");
        assertThat(child.waitFor()).isZero();
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
        MachineRestorer restorer = new MachineRestorer(real.sysfs(), new OfflinedCpuRegistry(stateFile));
        assertThat(restorer.restoreOrphans()).as("deliberate: not an orphan").isEmpty();
        assertThat(restorer.restoreAll()).extracting(r -> r.entry().cpu()).containsExactly(real.cpu());
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
    }

    @Test
    void refusalsOnThisMachineChangeNothing(RealCpu real) throws Exception {
        CpuSysfs tree = real.sysfs();
        CpuSet before = tree.online();
        try (HotplugController controller = new HotplugController(tree, bridge,
                new OfflinedCpuRegistry(dir.resolve("offlined")))) {
            int maxCpu = tree.kernelMax().orElse(tree.possible().last());
            assertRefused(() -> controller.offline(maxCpu + 1), HotplugRefusedException.Reason.OUT_OF_RANGE);
            assertRefused(() -> HotplugController.parseCpuId("one"), HotplugRefusedException.Reason.MALFORMED_ID);
            int absent = tree.present().last() + 1;
            if (absent <= maxCpu) {
                assertRefused(() -> controller.offline(absent), HotplugRefusedException.Reason.NOT_PRESENT);
            }
            OptionalInt fixed = tree.present().stream().filter(c -> !tree.hasOnlineFile(c))
                    .mapToObj(OptionalInt::of).findFirst().orElse(OptionalInt.empty());
            if (fixed.isPresent()) {
                assertRefused(() -> controller.offline(fixed.getAsInt()),
                        HotplugRefusedException.Reason.NOT_HOTPLUGGABLE);
            }
            assertRefused(() -> controller.check(before, false, true), before.stream().allMatch(tree::hasOnlineFile)
                    ? HotplugRefusedException.Reason.LAST_ONLINE_CPU : HotplugRefusedException.Reason.NOT_HOTPLUGGABLE);
        }
        assertThat(tree.online()).isEqualTo(before);
        assertThat(events.events).isEmpty();
    }

    @Test
    void anUnprivilegedUserIsRefused(RealCpu real) throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv"))).as("setpriv (util-linux)").isTrue();
        Path shared = Files.createTempDirectory("hotplugwq-nobody");
        try {
            String cp = ChildJvm.worldReadableClasspath(shared, RefusalProbeMain.class);
            Path jnaTmp = Files.createDirectory(shared.resolve("jna"));
            ChildJvm.makeReadable(jnaTmp);
            ChildJvm child = ChildJvm.start(
                    List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), cp,
                    List.of("-Djna.tmpdir=" + jnaTmp, "-Duser.home=" + jnaTmp), RefusalProbeMain.class,
                    shared.resolve("offlined").toString(), Integer.toString(real.cpu()));
            String line = child.readLine();
            child.waitFor();
            assertThat(line).startsWith("REFUSED PERMISSION_DENIED cpu" + real.cpu() + ": permission denied");
        } finally {
            deleteTree(shared);
        }
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
    }

    @Test
    void aReadOnlySysfsIsRefused(RealCpu real) throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/unshare"))).as("unshare (util-linux)").isTrue();
        // a private mount namespace whose /sys is remounted read-only: the host's /sys is untouched
        String script = "mount -o remount,bind,ro /sys && exec \"$@\"";
        ChildJvm child = ChildJvm.start(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
                        "/bin/sh", "-c", script, "sh"), System.getProperty("java.class.path"), List.of(),
                RefusalProbeMain.class, dir.resolve("offlined").toString(), Integer.toString(real.cpu()));
        String line = child.readLine();
        child.waitFor();
        assertThat(line).startsWith("REFUSED READ_ONLY_SYSFS cpu" + real.cpu() + ": sysfs is read-only");
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
    }

    @Test
    void detectionLatencyIsMeasuredForTheUeventSource(RealCpu real) throws Exception {
        try (UeventListener uevents = UeventListener.open(real.sysfs(), bridge, Duration.ofSeconds(1))) {
            uevents.start();
            List<DetectionLatencyProbe.Sample> samples = new DetectionLatencyProbe(real.sysfs(), bridge,
                    new OfflinedCpuRegistry(dir.resolve("offlined"))).measure(real.cpu(), 3, WAIT);
            assertThat(samples).hasSize(6);
            assertThat(samples).extracting(DetectionLatencyProbe.Sample::online)
                    .containsExactly(false, true, false, true, false, true);
            assertThat(samples).allSatisfy(s -> assertThat(s.detectionNanos()).isLessThan(WAIT.toNanos()));
        }
        assertThat(real.sysfs().readCpuOnline(real.cpu())).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
    }

    private interface Refusable {
        void run() throws Exception;
    }

    private static void assertRefused(Refusable r, HotplugRefusedException.Reason reason) {
        org.assertj.core.api.Assertions.assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(HotplugRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
