package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadIdsTest {

    @BeforeEach
    void linuxOnly() {
        LinuxAssumptions.assumeLinux();
    }

    @Test
    void glibcAndTheRawSyscallAgree() {
        assertThat(ThreadIds.glibcGettidLinked()).as("glibc >= 2.30 has gettid").isTrue();
        assertThat(ThreadIds.current()).isPositive().isEqualTo(ThreadIds.viaSyscall());
        assertThat(ThreadIds.source()).isEqualTo("glibc gettid()");
    }

    @Test
    void eachThreadHasItsOwnIdAndTheProcessIdIsAThread() throws Exception {
        int mine = ThreadIds.current();
        int other = CompletableFuture.supplyAsync(ThreadIds::current, r -> new Thread(r).start())
                .get(10, TimeUnit.SECONDS);

        assertThat(other).isPositive().isNotEqualTo(mine);
        assertThat(LibC.getpid()).isPositive();
    }
}
