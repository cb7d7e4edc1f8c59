package org.hotplugwq.bench;

/** The body of a benchmark work: nothing, or a busy wait of about {@code nanos} (a "1 µs work"). */
final class Spin {
    private Spin() {
    }

    static void spin(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
