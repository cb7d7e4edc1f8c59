package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;

/**
 * Waits that an interrupt does not cut short, like the kernel's {@code wait_for_completion()}: a flush or a
 * thread stop that returned early would break its promise. The interrupt is kept for the caller.
 */
final class Uninterruptibly {
    private Uninterruptibly() {
    }

    interface Wait {
        void run() throws InterruptedException;
    }

    static void run(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(CountDownLatch latch) {
        run(latch::await);
    }

    static void join(Thread thread) {
        run(thread::join);
    }
}
