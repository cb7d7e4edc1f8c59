package org.hotplugwq.stress.load;

import java.util.concurrent.TimeUnit;
import org.hotplugwq.workqueue.DelayedWork;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.Workqueue;

/** How the load hands work to a workqueue; tests wrap it to break a policy on purpose. */
public interface WorkQueuer {

    boolean queue(Workqueue wq, Work work);

    boolean queueOn(Workqueue wq, int cpu, Work work);

    boolean queueDelayed(Workqueue wq, DelayedWork work, long delayNanos);

    /** Straight to the workqueue. */
    WorkQueuer DIRECT = new WorkQueuer() {
        @Override
        public boolean queue(Workqueue wq, Work work) {
            return wq.queue(work);
        }

        @Override
        public boolean queueOn(Workqueue wq, int cpu, Work work) {
            return wq.queueOn(cpu, work);
        }

        @Override
        public boolean queueDelayed(Workqueue wq, DelayedWork work, long delayNanos) {
            return wq.queueDelayed(work, delayNanos, TimeUnit.NANOSECONDS);
        }
    };
}
