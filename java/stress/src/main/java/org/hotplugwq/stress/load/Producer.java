package org.hotplugwq.stress.load;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.CpuHotplugLock;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.Watchdog;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.workqueue.Workqueue;

/**
 * A load thread of one policy: pinned to one of the allowed CPUs (re-pinned after a hotplug broke it),
 * it queues on its current CPU (also in bursts), delayed, cancels, flushes, and creates and destroys
 * short-lived workqueues. Half the producers (even index) also queue on chosen CPUs, under the hotplug read
 * lock as kernel callers must (or without it when hostile); the other half never touch the lock, like
 * interrupt-driven callers of {@code queue_work()}, so the load goes on while a CPU changes. Choices come
 * from a seeded stream: the producers of every policy make the same sequence of choices.
 */
public final class Producer implements Runnable {
    private static final long IDLE_PARK_NANOS = 20_000;
    private static final long SHORTLIVED_EVERY_NANOS = 50_000_000;

    private final PolicyLoad load;
    private final StressMachine machine;
    private final CpuPlatform platform;
    private final Watchdog watchdog;
    private final SplittableRandom random;
    private final int homeCpu;
    private final boolean hostile;
    private final boolean choosesCpus;
    private final long spinNanos;
    private final java.util.function.LongSupplier onlineEpoch;
    private volatile boolean running = true;
    private long pinnedEpoch = -1;
    private long nextShortlived;
    private int shortlivedSeq;

    public Producer(PolicyLoad load, StressMachine machine, Watchdog watchdog, long seed, int homeCpu,
                    boolean choosesCpus, StressOptions options, java.util.function.LongSupplier onlineEpoch) {
        this.choosesCpus = choosesCpus;
        this.load = load;
        this.machine = machine;
        this.platform = machine.platform();
        this.watchdog = watchdog;
        this.random = new SplittableRandom(seed);
        this.homeCpu = homeCpu;
        this.hostile = options.hostile();
        this.spinNanos = options.workTime().toNanos();
        this.onlineEpoch = onlineEpoch;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        nextShortlived = System.nanoTime() + SHORTLIVED_EVERY_NANOS;
        while (running) {
            repin();
            int dice = random.nextInt(100);
            LoadQueue q = load.queues().get(random.nextInt(load.queues().size()));
            boolean did;
            if (dice < 30) {
                did = queueHere(q);
            } else if (dice < 55) {
                did = choosesCpus ? queueOnCpu(q) : queueHere(q);
            } else if (dice < 60) {
                did = burst(q);
            } else if (dice < 72) {
                did = queueDelayed(q);
            } else if (dice < 84) {
                did = cancelOne(q);
            } else if (dice < 88) {
                did = flush(q);
            } else {
                did = shortlived();
            }
            if (!did) {
                LockSupport.parkNanos(IDLE_PARK_NANOS); // pool empty: pace, don't spin
            }
        }
    }

    /** Pins to the home CPU again after an offline widened our affinity (Linux never narrows it back). */
    private void repin() {
        long epoch = onlineEpoch.getAsLong();
        if (epoch == pinnedEpoch) {
            return;
        }
        pinnedEpoch = epoch;
        try {
            platform.bindThread(platform.currentThreadId(), homeCpu);
        } catch (AffinityException e) {
            // home CPU offline right now: run anywhere until the next online
        }
    }

    private Ticket claimIdle(Ticket[] pool, long[] instanceOut) {
        if (pool.length == 0) {
            return null;
        }
        for (int tries = 0; tries < 4; tries++) {
            Ticket t = pool[random.nextInt(pool.length)];
            long n = t.claim();
            if (n > 0) {
                instanceOut[0] = n;
                return t;
            }
        }
        return null;
    }

    private final long[] claimed = new long[1];

    private boolean queueHere(LoadQueue q) {
        Ticket t = claimIdle(q.plain(), claimed);
        if (t == null) {
            return false;
        }
        settle(t, load.queuer().queue(q.wq(), t.arm()));
        return true;
    }

    /** Several works at once on this CPU, as a driver's interrupt path would: a backlog a hotplug can catch. */
    private boolean burst(LoadQueue q) {
        int n = 4 + random.nextInt(13);
        boolean any = false;
        for (int i = 0; i < n && queueHere(q); i++) {
            any = true;
        }
        return any;
    }

    private boolean queueOnCpu(LoadQueue q) {
        Ticket t = claimIdle(q.plain(), claimed);
        if (t == null) {
            return false;
        }
        if (hostile) { // any possible CPU, no lock: it may be down (stranded work)
            CpuSet possible = platform.possibleCpus();
            settle(t, load.queuer().queueOn(q.wq(), possible.nth(random.nextInt(possible.cardinality())), t.arm()));
            return true;
        }
        try (CpuHotplugLock.ReadHold ignored = machine.readLock()) { // get_online_cpus(): as kernel callers must
            CpuSet online = machine.onlineCpus();
            settle(t, load.queuer().queueOn(q.wq(), online.nth(random.nextInt(online.cardinality())), t.arm()));
        }
        return true;
    }

    private boolean queueDelayed(LoadQueue q) {
        Ticket t = claimIdle(q.delayed(), claimed);
        if (t == null) {
            return false;
        }
        long delay = random.nextInt(4) == 0 ? 0 : random.nextLong(10_000_000); // up to 10 ms: across hotplug
        settle(t, load.queuer().queueDelayed(q.wq(), t.armDelayed(), delay));
        return true;
    }

    private void settle(Ticket t, boolean accepted) {
        if (accepted) {
            t.queued(claimed[0]);
        } else {
            t.refused();
        }
    }

    /** flush_work() of a plain work, or cancel_delayed_work() then flush_work() of a delayed one. */
    private boolean cancelOne(LoadQueue q) {
        boolean delayedOne = q.delayed().length > 0 && random.nextInt(3) == 0;
        Ticket[] pool = delayedOne ? q.delayed() : q.plain();
        Ticket t = pool[random.nextInt(pool.length)];
        if (!t.cancelling.compareAndSet(0, 1)) {
            return false;
        }
        try {
            long seen = t.queuedInstance();
            long callStarted = System.nanoTime(); // after taking `cancelling`: a flush checker waits for us
            boolean removed = delayedOne && t.delayedWork().cancel();
            if (!removed) {
                try (Watchdog.Token ignored = watchdog.track(load.name() + ": flush_work on " + q.wq().name())) {
                    removed = q.wq().flushWork(t.work);
                }
            }
            if (removed) {
                t.cancelled(callStarted);
            } else { // we hold `cancelling`: nobody else can have cancelled it meanwhile
                load.ledger().flushChecked(t.completed() >= seen, load.name() + ": flush_work on " + q.wq().name()
                        + " returned while the instance queued before it had not ended");
            }
        } finally {
            t.cancelling.set(0);
        }
        return true;
    }

    private boolean flush(LoadQueue q) {
        long[] seen = PolicyLoad.snapshot(q.plain());
        long[] seenDelayed = PolicyLoad.snapshot(q.delayed());
        try (Watchdog.Token ignored = watchdog.track(load.name() + ": flush of " + q.wq().name())) {
            q.wq().flush();
        }
        long returned = System.nanoTime();
        load.ledger().flushChecked(PolicyLoad.checkEnded(q.plain(), seen, returned)
                & PolicyLoad.checkEnded(q.delayed(), seenDelayed, returned), load.name() + ": flush of "
                + q.wq().name() + " returned before work queued earlier ended");
        return true;
    }

    /** create_workqueue(), a few works (some on chosen CPUs), maybe a flush, destroy_workqueue(): all must run. */
    private boolean shortlived() {
        long now = System.nanoTime();
        if (now - nextShortlived < 0) {
            return queueHere(load.queues().get(random.nextInt(load.queues().size())));
        }
        nextShortlived = now + SHORTLIVED_EVERY_NANOS;
        boolean single = random.nextInt(4) == 0;
        String name = "short-" + Thread.currentThread().getName() + "-" + shortlivedSeq++;
        Workqueue wq = single ? load.system().createSinglethreadWorkqueue(name) : load.system().createWorkqueue(name);
        load.noteShortlivedCreated();
        Ticket[] tickets = new Ticket[2 + random.nextInt(6)];
        for (int i = 0; i < tickets.length; i++) {
            Ticket t = tickets[i] = new Ticket(load.ledger(), false, spinNanos);
            long n = t.claim();
            boolean ok;
            if (random.nextBoolean() || !choosesCpus || hostile) {
                ok = hostile && choosesCpus ? load.queuer().queueOn(wq, platform.possibleCpus().nth(
                        random.nextInt(platform.possibleCpus().cardinality())), t.arm())
                        : load.queuer().queue(wq, t.arm());
            } else {
                try (CpuHotplugLock.ReadHold ignored = machine.readLock()) {
                    CpuSet online = machine.onlineCpus();
                    ok = load.queuer().queueOn(wq, online.nth(random.nextInt(online.cardinality())), t.arm());
                }
            }
            claimed[0] = n;
            settle(t, ok);
        }
        if (random.nextBoolean()) {
            long[] seen = PolicyLoad.snapshot(tickets);
            try (Watchdog.Token ignored = watchdog.track(load.name() + ": flush of " + name)) {
                wq.flush();
            }
            load.ledger().flushChecked(PolicyLoad.checkEnded(tickets, seen, System.nanoTime()),
                    load.name() + ": flush of " + name + " returned before work queued earlier ended");
        }
        try (Watchdog.Token ignored = watchdog.track(load.name() + ": destroy of " + name)) {
            wq.destroy();
        }
        int notRun = 0;
        for (Ticket t : tickets) {
            notRun += t.isBusy() ? 1 : 0;
        }
        load.noteShortlivedLost(notRun);
        load.ledger().destroyChecked(notRun == 0, load.name() + ": destroy of " + name + " returned with work not run");
        return true;
    }
}
