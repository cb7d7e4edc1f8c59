package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflinedCpuRegistryTest {
    @TempDir
    Path dir;

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void recordsForgetsAndSurvivesARoundTrip() throws Exception {
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(dir.resolve("run/hotplugwq/offlined"));
        assertThat(registry.entries()).isEmpty();
        registry.record(3, OfflinedCpuRegistry.Kind.TEMPORARY);
        registry.record(5, OfflinedCpuRegistry.Kind.DELIBERATE);
        registry.record(3, OfflinedCpuRegistry.Kind.DELIBERATE);
        OfflinedCpuRegistry again = new OfflinedCpuRegistry(registry.file());
        assertThat(again.entries()).extracting(OfflinedCpuRegistry.Entry::cpu, OfflinedCpuRegistry.Entry::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(3, OfflinedCpuRegistry.Kind.DELIBERATE),
                        org.assertj.core.groups.Tuple.tuple(5, OfflinedCpuRegistry.Kind.DELIBERATE));
        assertThat(again.entry(3).orElseThrow().ownerAlive()).isTrue();
        again.forget(3);
        assertThat(registry.entries()).extracting(OfflinedCpuRegistry.Entry::cpu).containsExactly(5);
        Files.writeString(registry.file(), "garbage line\n" + Files.readString(registry.file()));
        assertThat(registry.entries()).hasSize(1);
    }

    @Test
    void aRecycledPidIsNotTakenForTheOwner() {
        long self = ProcessHandle.current().pid();
        var entry = new OfflinedCpuRegistry.Entry(1, self, Instant.parse("2001-01-01T00:00:00Z"),
                OfflinedCpuRegistry.Kind.TEMPORARY);
        assertThat(entry.ownerAlive()).isFalse();
    }

    @Test
    void startupRestoreBringsBackOnlyTemporaryCpusOfDeadOwners() throws Exception {
        FakeSysfs fake = FakeSysfs.machine(Files.createDirectory(dir.resolve("sys")), 6);
        for (int cpu = 1; cpu <= 5; cpu++) {
            fake.setOnline(cpu, false);
        }
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(dir.resolve("offlined"));
        long dead = deadPid();
        registry.record(new OfflinedCpuRegistry.Entry(1, dead, null, OfflinedCpuRegistry.Kind.TEMPORARY));
        registry.record(new OfflinedCpuRegistry.Entry(2, dead, null, OfflinedCpuRegistry.Kind.DELIBERATE));
        registry.record(3, OfflinedCpuRegistry.Kind.TEMPORARY); // owner alive: this JVM
        fake.write("cpu4/hotplug/fail", "36");
        registry.record(new OfflinedCpuRegistry.Entry(4, dead, null, OfflinedCpuRegistry.Kind.TEMPORARY));
        // cpu5 is offline but not ours: never touched
        MachineRestorer restorer = new MachineRestorer(fake.reader(), registry);

        List<MachineRestorer.Restored> restored = restorer.restoreOrphans();
        assertThat(restored).extracting(r -> r.entry().cpu()).containsExactlyInAnyOrder(1, 4);
        assertThat(restored).allMatch(MachineRestorer.Restored::ok);
        assertThat(fake.read("cpu1/online")).isEqualTo("1");
        assertThat(fake.read("cpu4/online")).isEqualTo("1");
        assertThat(fake.read("cpu4/hotplug/fail")).isEqualTo("-1");
        assertThat(fake.read("cpu2/online")).isEqualTo("0");
        assertThat(fake.read("cpu3/online")).isEqualTo("0");

        assertThat(restorer.restoreOwnTemporary()).extracting(r -> r.entry().cpu()).containsExactly(3);
        assertThat(restorer.restoreAll()).extracting(r -> r.entry().cpu()).containsExactly(2);
        assertThat(fake.read("cpu2/online")).isEqualTo("1");
        assertThat(fake.read("cpu5/online")).as("not offlined by us").isEqualTo("0");
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void aCpuThatCannotBeBroughtBackStaysOnRecord() throws Exception {
        FakeSysfs fake = FakeSysfs.machine(Files.createDirectory(dir.resolve("sys")), 2);
        fake.setOnline(1, false);
        fake.unwritable("cpu1/online"); // a directory: unwritable, yet not "online"
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(dir.resolve("offlined"));
        registry.record(new OfflinedCpuRegistry.Entry(1, deadPid(), null, OfflinedCpuRegistry.Kind.TEMPORARY));
        List<MachineRestorer.Restored> restored = new MachineRestorer(fake.reader(), registry).restoreAll();
        assertThat(restored).hasSize(1);
        assertThat(registry.entries()).extracting(OfflinedCpuRegistry.Entry::cpu).containsExactly(1);
    }
}
