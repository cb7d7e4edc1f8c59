package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls sysfs every {@code interval} and tells the bridge the state of the CPUs.
 *
 * <ul>
 *   <li>{@link Mode#PER_CPU} (the user's design): reads {@code cpuN/online} of every present CPU each tick;
 *       a CPU without the file counts as always online.</li>
 *   <li>{@link Mode#AGGREGATE} (large machines): reads the {@code online} list each tick and only the
 *       {@code cpuN/online} files of CPUs whose bit changed. The list is {@code cpu_online_mask}, which the
 *       kernel flips in the middle of a transition; the per-CPU file flips at its end. A change counts
 *       only when both agree, so a transition is reported once it is complete, as in per-CPU mode.</li>
 * </ul>
 * Malformed or unreadable files keep the previous belief and are logged once, never thrown.
 */
public final class SysfsPoller implements HotplugEventSource {
    private static final Logger log = LoggerFactory.getLogger(SysfsPoller.class);
    /** Even when nothing changed, a snapshot is re-sent this often so a dropped one is made good. */
    private static final long RESEND_NANOS = Duration.ofSeconds(1).toNanos();

    public enum Mode { PER_CPU, AGGREGATE }

    private final CpuSysfs sysfs;
    private final HotplugBridge bridge;
    private final Duration interval;
    private final Mode mode;
    private final EventOrigin origin;
    private volatile boolean running;
    private volatile long ticks;
    private Thread thread;

    // poll thread only
    private CpuSet present = CpuSet.EMPTY;
    private CpuSet lastSent;
    private long lastSentNanos;
    private CpuSet lastList;
    private CpuSet aggregateBelief;
    private boolean warnedMalformed;

    public SysfsPoller(CpuSysfs sysfs, HotplugBridge bridge, Duration interval, Mode mode) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + interval);
        }
        this.sysfs = sysfs;
        this.bridge = bridge;
        this.interval = interval;
        this.mode = mode;
        this.origin = mode == Mode.AGGREGATE ? EventOrigin.POLL_AGGREGATE : EventOrigin.POLL;
    }

    @Override
    public String describe() {
        return "poll " + (mode == Mode.AGGREGATE ? "aggregate " : "") + interval.toNanos() / 1000 + "us "
                + sysfs.root();
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::loop, "hotplug-poll");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            tick();
            ticks++; // only this thread writes it
            next += interval.toNanos();
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now; // fell behind (a stalled VM): do not burst to catch up
            } else {
                LockSupport.parkNanos(this, next - now);
            }
        }
    }

    /** Completed polls so far (lets tests and monitors wait for "a few ticks later" without sleeping). */
    public long ticks() {
        return ticks;
    }

    /**
     * One poll on the caller's thread, exactly as the poll thread does it: for benchmarks ({@code hotplugwq
     * bench scale} times it) and tests. Not while {@link #start() started}: the poll state is the thread's.
     */
    public void pollOnce() {
        synchronized (this) {
            if (thread != null) {
                throw new IllegalStateException("pollOnce() on a started poller");
            }
        }
        tick();
    }

    /** One poll: reads, and sends the bridge a snapshot if it changed (or a while has passed). */
    void tick() {
        long startedNanos = System.nanoTime();
        sysfs.tryReadList("present").ifPresent(p -> present = p);
        if (present.isEmpty()) {
            warnOnce("cannot read " + sysfs.root().resolve("present") + "; nothing to poll");
            return;
        }
        CpuSet online = mode == Mode.PER_CPU ? readPerCpu() : readAggregate();
        if (online == null) {
            return;
        }
        if (!online.equals(lastSent) || startedNanos - lastSentNanos > RESEND_NANOS) {
            bridge.observeSnapshot(present, online, origin, startedNanos);
            lastSent = online;
            lastSentNanos = startedNanos;
        }
    }

    private CpuSet readPerCpu() {
        CpuSet.Builder online = CpuSet.builder();
        CpuSet previous = lastSent == null ? bridge.knownOnline() : lastSent;
        for (int cpu = present.first(); cpu >= 0; cpu = present.next(cpu + 1)) {
            CpuSysfs.OnlineFile f = sysfs.readCpuOnline(cpu);
            boolean isOnline = f == CpuSysfs.OnlineFile.MALFORMED ? previous.contains(cpu) : f.isOnline();
            if (f == CpuSysfs.OnlineFile.MALFORMED) {
                warnOnce("malformed or unreadable " + sysfs.onlineFile(cpu) + "; keeping the last known state");
            }
            if (isOnline) {
                online.add(cpu);
            }
        }
        return online.build();
    }

    private CpuSet readAggregate() {
        Optional<CpuSet> list = sysfs.tryReadList("online");
        if (list.isEmpty()) {
            warnOnce("malformed or unreadable " + sysfs.root().resolve("online") + "; skipping this tick");
            return null;
        }
        if (aggregateBelief == null) {
            // first tick: the list alone (per-CPU files agree with it unless a transition is under way)
            aggregateBelief = list.get().intersect(present);
            lastList = list.get();
            return aggregateBelief;
        }
        CpuSet changed = list.get().minus(lastList).union(lastList.minus(list.get()))
                .union(list.get().minus(aggregateBelief).union(aggregateBelief.minus(list.get())))
                .intersect(present);
        lastList = list.get();
        CpuSet belief = aggregateBelief;
        for (int cpu = changed.first(); cpu >= 0; cpu = changed.next(cpu + 1)) {
            CpuSysfs.OnlineFile f = sysfs.readCpuOnline(cpu);
            if (f == CpuSysfs.OnlineFile.MALFORMED) {
                warnOnce("malformed or unreadable " + sysfs.onlineFile(cpu) + "; keeping the last known state");
                continue;
            }
            boolean listSays = list.get().contains(cpu);
            if (f.isOnline() == listSays) {
                belief = listSays ? belief.with(cpu) : belief.without(cpu);
            }
            // else: mid-transition; the list still differs from the belief, so the next tick looks again
        }
        aggregateBelief = belief;
        return belief;
    }

    private void warnOnce(String message) {
        if (!warnedMalformed) {
            warnedMalformed = true;
            log.warn(message);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
