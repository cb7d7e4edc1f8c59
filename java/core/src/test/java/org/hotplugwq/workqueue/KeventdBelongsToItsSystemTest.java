package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** keventd ("events") is the system's: users may queue on it and flush it, only {@code close()} destroys it. */
class KeventdBelongsToItsSystemTest {

    @Test
    void destroyingKeventdIsRefusedAndCloseStillDestroysIt() {
        WorkqueueSystem sys = new SimMachine(2).system(HotplugPolicy.DRAIN);
        Workqueue keventd = sys.keventd();
        try {
            assertThatThrownBy(keventd::destroy).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("close()");
            assertThat(keventd.isDestroying()).isFalse();
            AtomicInteger ran = new AtomicInteger();
            assertThat(sys.scheduleWork(new Work(w -> ran.incrementAndGet()))).isTrue();
            sys.flushScheduledWork();
            assertThat(ran).hasValue(1);
        } finally {
            sys.close();
        }
        assertThat(keventd.isDestroyed()).isTrue();
    }
}
