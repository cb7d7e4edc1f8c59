package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a state file of ours is refused by every operation, and left as it was. */
class ForeignStateFileTest {
    @TempDir
    Path dir;

    private void refusedUntouched(Path file, String why) throws IOException {
        byte[] before = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        boolean link = Files.isSymbolicLink(file);
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(file);
        assertThatThrownBy(registry::verify).isInstanceOf(UncheckedIOException.class).hasMessageContaining(why);
        assertThatThrownBy(() -> registry.record(1, OfflinedCpuRegistry.Kind.DELIBERATE)).hasMessageContaining(why);
        assertThatThrownBy(() -> registry.forget(1)).hasMessageContaining(why);
        assertThatThrownBy(registry::entries).hasMessageContaining(why);
        assertThatThrownBy(() -> registry.take(e -> true)).hasMessageContaining(why);
        assertThat(Files.isSymbolicLink(file)).isEqualTo(link);
        if (before != null) {
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
        assertThat(file.resolveSibling(file.getFileName() + ".lock")).doesNotExist();
    }

    @Test
    void foreignFilesAreRefusedByteForByteUnchanged() throws IOException {
        Files.writeString(dir.resolve("text"), "hello\n");
        refusedUntouched(dir.resolve("text"), "does not start with");
        Files.writeString(dir.resolve("truncated"), OfflinedCpuRegistry.HEADER + "\ncpu=1 pid=2 kind=deli");
        refusedUntouched(dir.resolve("truncated"), "truncated line");
        Files.writeString(dir.resolve("garbage"), OfflinedCpuRegistry.HEADER + "\nroot:x:0:0:root:/root:/bin/sh\n");
        refusedUntouched(dir.resolve("garbage"), "line 2 is not a CPU entry");
        Files.write(dir.resolve("bytes"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        refusedUntouched(dir.resolve("bytes"), "is not text");
        Files.writeString(dir.resolve("target"), "precious\n");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        refusedUntouched(dir.resolve("link"), "symbolic link");
        Files.createDirectories(dir.resolve("folder"));
        refusedUntouched(dir.resolve("folder"), "is a directory");
    }

    @Test
    void ourOwnFileAnEmptyOneAndNoneAtAllAreFine() throws IOException {
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(dir.resolve("state"));
        registry.verify();
        registry.record(3, OfflinedCpuRegistry.Kind.DELIBERATE);
        registry.verify();
        assertThat(registry.entries()).extracting(OfflinedCpuRegistry.Entry::cpu).containsExactly(3);
        Files.writeString(dir.resolve("empty"), "");
        new OfflinedCpuRegistry(dir.resolve("empty")).verify();
    }
}
