package org.hotplugwq.stress.machine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.hotplug.ExitGuard;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.testkit.FakeSysfs;
import org.hotplugwq.stress.StressHooks;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.SimulatedRuns;
import org.hotplugwq.stress.StressRunner;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real machine's mechanics without root: direct writes to a fake {@code cpuN/online} in a temp dir, seen by
 * the sysfs poller, delivered by the bridge; injected failures through the controller; the state file; the
 * restore. (The fake kernel accepts every write, so an injected failure "succeeds anyway".)
 */
class RealMachineOnFakeTreeTest {
    @TempDir
    Path dir;

    /** cpu0-3 online, cpu1-3 hotpluggable, with the workqueue hotplug states to fail. */
    private FakeSysfs fake;

    private CpuSysfs fakeTree() {
        fake = FakeSysfs.machine(dir.resolve("cpu"), 4);
        return fake.reader();
    }

    @Test
    void directWritesSeenByThePollerDriveTheSystemsAndEveryCpuComesBack() throws Exception {
        CpuSysfs tree = fakeTree();
        Path stateFile = dir.resolve("offlined");
        StressOptions options = StressOptions.builder()
                .duration(SimulatedRuns.CAP)
                .policies(List.of(HotplugPolicy.DRAIN, HotplugPolicy.REBIND))
                .interval(Duration.ofMillis(2), Duration.ofMillis(6))
                .source("poll:1ms")
                .workqueues(1)
                .workTime(Duration.ofNanos(5_000))
                .injectFailures(0.1)
                .outDir(dir.resolve("out"))
                .build();

        StressOutcome o;
        try (StressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9), stateFile,
                options.source(), options.pollInterval())) {
            assertThat(machine.hotpluggableCpus()).isEqualTo(CpuSet.of(1, 2, 3));
            o = SimulatedRuns.runUntil(new StressRunner(machine, options, StressHooks.NONE, null, false, 0),
                    SimulatedRuns.operationsWithAnInjectedFailure(1).and(r -> r.operationsSoFar().stream()
                            .filter(op -> !op.up() && op.changed()).count() > 5));
        }

        StressReport r = o.report();
        assertThat(r.failures()).isEmpty();
        assertThat(r.cpusRestored()).isTrue();
        StressReport.PolicyReport drain = r.policies().get("drain");
        assertThat(drain.hotplug().offline().successes()).isGreaterThan(5);
        assertThat(drain.hotplug().injected().count()).isPositive();
        assertThat(drain.detectionLatencyUs().count()).isGreaterThan(5);
        assertThat(drain.works().lost()).isZero();
        for (int cpu = 1; cpu < 4; cpu++) {
            assertThat(tree.readCpuOnline(cpu)).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        }
        assertThat(new OfflinedCpuRegistry(stateFile).entries()).isEmpty();
    }

    @Test
    void afterTheExitHookTheMachineWritesNothingMore() throws Exception {
        CpuSysfs tree = fakeTree();
        Path stateFile = dir.resolve("offlined");
        ExitGuard guard = new ExitGuard(Duration.ofSeconds(30), line -> { });
        try (RealStressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9), stateFile,
                EventSourceKind.POLL, Duration.ofMillis(1), guard)) {
            machine.attach((action, cpu) -> NotifyResult.OK, (a, c, o, t, x) -> { });
            assertThat(machine.transition(1, false, false).result()).isEqualTo(TransitionResult.Outcome.DONE);
            assertThat(guard.closeAndRestore()).extracting(r -> r.entry().cpu()).containsExactly(1); // Ctrl-C
            assertThat(tree.readCpuOnline(1)).isEqualTo(CpuSysfs.OnlineFile.ONLINE);

            // the schedule thread runs on until the JVM halts: its next operations change nothing
            TransitionOutcome again = machine.transition(1, false, false);
            assertThat(again.result()).isEqualTo(TransitionResult.Outcome.ERROR);
            assertThat(again.detail()).contains("exiting");
            assertThat(machine.transition(2, false, true).changed()).as("injected, through the controller").isFalse();
            for (int cpu = 1; cpu < 4; cpu++) {
                assertThat(tree.readCpuOnline(cpu)).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
            }
            assertThat(new OfflinedCpuRegistry(stateFile).entries()).isEmpty();
        }
    }

    @Test
    void theScheduleLeavesACpuSomeoneElseOfflinedAndItsRecordAlone() throws Exception {
        CpuSysfs tree = fakeTree();
        Path stateFile = dir.resolve("offlined");
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(stateFile);
        StressOptions options = StressOptions.builder().duration(Duration.ofSeconds(1))
                .policies(List.of(HotplugPolicy.DRAIN)).interval(Duration.ofMillis(1), Duration.ofMillis(1))
                .source("poll:1ms").injectFailures(0).seed(7).outDir(dir.resolve("out")).build();
        HotplugLog log = new HotplugLog();
        try (RealStressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9), stateFile,
                EventSourceKind.POLL, Duration.ofMillis(1), new ExitGuard(Duration.ofSeconds(30), line -> { }))) {
            machine.attach((action, cpu) -> NotifyResult.OK,
                    (a, c, o, t, x) -> log.delivered(a, c, o, t, System.nanoTime(), x));
            HotplugSchedule schedule = new HotplugSchedule(machine, CpuSet.of(1, 2), options, log, new AtomicLong());

            // an admin runs `hotplugwq offline 2` during the run (another process, another bridge)
            try (HotplugBridge theirs = HotplugBridge.forTree(tree)) {
                HotplugController admin = new HotplugController(tree, theirs, registry,
                        new ExitGuard(Duration.ofSeconds(1), l -> { }));
                assertThat(admin.offline(2, OfflinedCpuRegistry.Kind.DELIBERATE).changed()).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> log.foreignCpus().contains(2));

            for (int i = 0; i < 12; i++) {
                schedule.step();
            }
            assertThat(log.operations()).as("the schedule went on with cpu1").isNotEmpty()
                    .allSatisfy(op -> assertThat(op.cpu()).isEqualTo(1));
            assertThat(tree.readCpuOnline(2)).as("not brought back by the run")
                    .isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
            assertThat(registry.entry(2)).hasValueSatisfying(
                    e -> assertThat(e.kind()).isEqualTo(OfflinedCpuRegistry.Kind.DELIBERATE));
        }
        assertThat(tree.readCpuOnline(1)).as("ours came back").isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        assertThat(tree.readCpuOnline(2)).as("theirs did not").isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
        assertThat(registry.entries()).extracting(OfflinedCpuRegistry.Entry::cpu).containsExactly(2);
    }

    @Test
    void theScheduleDoesNotOnlineACpuFoundOfflineThatItDidNotOffline() throws Exception {
        CpuSysfs tree = fakeTree();
        StressOptions options = StressOptions.builder().duration(Duration.ofSeconds(1))
                .policies(List.of(HotplugPolicy.DRAIN)).interval(Duration.ofMillis(1), Duration.ofMillis(1))
                .source("poll:1ms").injectFailures(0).seed(7).outDir(dir.resolve("out")).build();
        HotplugLog log = new HotplugLog(); // no external action delivered yet: only the state tells
        try (RealStressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9),
                dir.resolve("offlined"), EventSourceKind.POLL, Duration.ofMillis(1),
                new ExitGuard(Duration.ofSeconds(30), l -> { }))) {
            machine.attach((action, cpu) -> NotifyResult.OK, (a, c, o, t, x) -> { });
            fake.write("cpu3/online", "0"); // another shell: echo 0 > cpu3/online
            await().atMost(Duration.ofSeconds(10)).until(() -> !machine.onlineCpus().contains(3));
            HotplugSchedule schedule = new HotplugSchedule(machine, CpuSet.of(3), options, log, new AtomicLong());
            for (int i = 0; i < 5; i++) {
                schedule.step();
            }
            assertThat(log.operations()).isEmpty();
        }
        assertThat(tree.readCpuOnline(3)).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
    }

    @Test
    void aWriteTheSourceNeverDeliversFailsAfterTheTypedDeliveryTimeout() throws Exception {
        CpuSysfs tree = fakeTree();
        Duration typed = StressOptions.builder().deliveryTimeout(Duration.ofMillis(200)).build().deliveryTimeout();
        // a poller that looks once an hour: the kernel changes the CPU, the systems never hear of it
        try (RealStressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9),
                dir.resolve("offlined"), EventSourceKind.POLL, Duration.ofHours(1), typed,
                new ExitGuard(Duration.ofSeconds(30), l -> { }))) {
            machine.attach((action, cpu) -> NotifyResult.OK, (a, c, o, t, x) -> { });
            // the poller's one early look may catch the first write: it looks once, so one of two is never seen
            List<TransitionOutcome> ops = List.of(machine.transition(1, false, false),
                    machine.transition(2, false, false));
            assertThat(ops).filteredOn(op -> op.result() == TransitionResult.Outcome.ERROR).isNotEmpty()
                    .allSatisfy(op -> {
                        assertThat(op.detail()).contains("did not deliver it within 200 ms (--delivery-timeout)");
                        assertThat(Duration.ofNanos(op.endNanos() - op.beginNanos())).isLessThan(Duration.ofSeconds(5));
                    });
            assertThat(tree.readCpuOnline(1)).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
            assertThat(tree.readCpuOnline(2)).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
        }
        assertThat(tree.readCpuOnline(1)).as("restored").isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        assertThat(tree.readCpuOnline(2)).as("restored").isEqualTo(CpuSysfs.OnlineFile.ONLINE);
    }

    /** ARM (PSCI): cpu0 has an {@code online} file too. */
    @Test
    void onArmTheBootCpuIsHotpluggedOnlyWhenNamedAndTheLastOnlineCpuNever() throws Exception {
        CpuSysfs tree = fakeTree();
        fake.write("cpu0/online", "1");
        StressOptions byDefault = StressOptions.builder().policies(List.of(HotplugPolicy.DRAIN))
                .interval(Duration.ZERO, Duration.ZERO).source("poll:1ms").injectFailures(0).seed(11)
                .outDir(dir.resolve("out")).build();
        StressOptions named = StressOptions.builder().policies(List.of(HotplugPolicy.DRAIN))
                .interval(Duration.ZERO, Duration.ZERO).source("poll:1ms").injectFailures(0).seed(11)
                .cpus(CpuSet.of(0, 1, 2, 3)).outDir(dir.resolve("out")).build();
        HotplugLog log = new HotplugLog();
        int mostOffline = 0;
        try (RealStressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9),
                dir.resolve("offlined"), EventSourceKind.POLL, Duration.ofMillis(1),
                new ExitGuard(Duration.ofSeconds(30), l -> { }))) {
            machine.attach((action, cpu) -> NotifyResult.OK,
                    (a, c, o, t, x) -> log.delivered(a, c, o, t, System.nanoTime(), x));
            assertThat(machine.hotpluggableCpus()).isEqualTo(CpuSet.of(0, 1, 2, 3));
            assertThat(StressRunner.eligibleCpus(machine, byDefault)).isEqualTo(CpuSet.of(1, 2, 3));
            assertThat(StressRunner.eligibleCpus(machine, named)).isEqualTo(CpuSet.of(0, 1, 2, 3));

            HotplugSchedule schedule = new HotplugSchedule(machine, CpuSet.of(0, 1, 2, 3), named, log,
                    new AtomicLong());
            for (int i = 0; i < 400 && mostOffline < 3; i++) {
                schedule.step();
                int offline = (int) CpuSet.of(0, 1, 2, 3).stream().filter(c -> !tree.isOnline(c)).count();
                assertThat(offline).as("never every CPU offline").isLessThan(4);
                mostOffline = Math.max(mostOffline, offline);
            }
            assertThat(mostOffline).as("three of four offline at once, cpu0 among the candidates").isEqualTo(3);
            for (int i = 0; i < 40; i++) { // at the floor: the schedule's steps leave the one online CPU alone
                schedule.step();
                assertThat(CpuSet.of(0, 1, 2, 3).stream().filter(tree::isOnline).count()).isPositive();
            }
            assertThat(log.operations()).anySatisfy(op -> assertThat(op.cpu()).isZero())
                    .allSatisfy(op -> assertThat(op.result()).isNotEqualTo(TransitionResult.Outcome.ERROR));

            // the machine's own guard, should the systems' view lag: the last online CPU is refused
            int[] online = CpuSet.of(0, 1, 2, 3).stream().filter(tree::isOnline).toArray();
            for (int i = 0; i < online.length - 1; i++) {
                assertThat(machine.transition(online[i], false, false).changed()).isTrue();
            }
            TransitionOutcome last = machine.transition(online[online.length - 1], false, false);
            assertThat(last.result()).isEqualTo(TransitionResult.Outcome.KERNEL_REFUSED);
            assertThat(last.detail()).contains("last online CPU");
            assertThat(tree.isOnline(online[online.length - 1])).isTrue();
        }
        for (int cpu = 0; cpu < 4; cpu++) {
            assertThat(tree.readCpuOnline(cpu)).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        }
    }
}
