package org.hotplugwq.cpu;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Virtual CPUs {@code 0..n-1} that behave, for affinity, as Linux does.
 *
 * <ul>
 *   <li>A thread is unbound (may run anywhere) until {@link #bindThread} pins it to one CPU.</li>
 *   <li>{@link #setOnline setOnline(cpu, false)} breaks the affinity of every thread whose mask no longer
 *       meets an online CPU: its mask widens to all possible CPUs, and it stays widened after the CPU
 *       returns, until re-pinned.</li>
 *   <li>{@link #currentCpu()} is the bound CPU while bound; otherwise a choice among the online CPUs the
 *       thread may use, from a per-thread random stream seeded with the platform's seed and the thread's
 *       synthetic id, so a run is reproducible when its threads are.</li>
 *   <li>Binding to a CPU that is not online fails, as {@code sched_setaffinity} does with EINVAL.</li>
 *   <li>A thread that has exited is forgotten, with its affinity, as the kernel forgets a task.</li>
 * </ul>
 *
 * <p>Nothing is static: several platforms can live side by side in one JVM.
 */
public final class SimulatedCpuPlatform implements CpuPlatform {
    private static final int FIRST_TID = 1_000_000;
    private static final int FORGET_AT_LEAST = 64;

    private final int cpuCount;
    private final long seed;
    private final CpuSet possible;
    private final AtomicInteger nextTid = new AtomicInteger(FIRST_TID);
    private final ThreadLocal<ThreadState> self;
    /** Only threads whose affinity is narrower than "all": a missing entry means unbound. */
    private final ConcurrentHashMap<Integer, CpuSet> affinity = new ConcurrentHashMap<>();
    /** Every thread that has asked for its id or CPU, until it is seen exited (then its affinity goes too). */
    private final ConcurrentHashMap<Integer, Thread> threads = new ConcurrentHashMap<>();
    /** How many known threads make the next newcomer look for exited ones: twice the live ones after a look. */
    private volatile int forgetAt = FORGET_AT_LEAST;
    private volatile CpuSet online;
    private volatile int[] onlineList;

    private static final class ThreadState {
        final int tid;
        final SplittableRandom random;

        ThreadState(int tid, SplittableRandom random) {
            this.tid = tid;
            this.random = random;
        }
    }

    public SimulatedCpuPlatform(int cpuCount, long seed) {
        if (cpuCount < 1) {
            throw new IllegalArgumentException("need at least one CPU, got " + cpuCount);
        }
        this.cpuCount = cpuCount;
        this.seed = seed;
        this.possible = CpuSet.first(cpuCount);
        this.self = ThreadLocal.withInitial(() -> {
            int tid = nextTid.getAndIncrement();
            threads.put(tid, Thread.currentThread());
            if (threads.size() >= forgetAt) {
                forgetExitedThreads();
            }
            return new ThreadState(tid, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + tid));
        });
        setOnlineMask(possible);
    }

    public SimulatedCpuPlatform(int cpuCount) {
        this(cpuCount, 42L);
    }

    private void setOnlineMask(CpuSet mask) {
        onlineList = mask.toArray();
        online = mask;
    }

    public long seed() {
        return seed;
    }

    /**
     * Takes a virtual CPU offline or brings it online, with Linux's effect on affinity.
     *
     * @return whether anything changed
     * @throws IllegalArgumentException for a CPU out of range, or when offlining the last online CPU
     */
    public synchronized boolean setOnline(int cpu, boolean up) {
        checkCpu(cpu);
        CpuSet now = online;
        if (now.contains(cpu) == up) {
            return false;
        }
        if (up) {
            setOnlineMask(now.with(cpu));
            return true;
        }
        CpuSet after = now.without(cpu);
        if (after.isEmpty()) {
            throw new IllegalArgumentException("cpu" + cpu + " is the last online CPU");
        }
        setOnlineMask(after);
        forgetExitedThreads(); // the scan below would otherwise grow with every thread that ever lived
        // select_fallback_rq(): a task with no allowed CPU left gets all possible CPUs, for good.
        affinity.entrySet().removeIf(e -> e.getValue().intersect(after).isEmpty());
        return true;
    }

    /**
     * The kernel forgets a task when it exits: drops every exited thread we know of, and its affinity. Amortised
     * O(1) per thread; a tid we never saw (bound by number only) is kept.
     */
    private void forgetExitedThreads() {
        threads.entrySet().removeIf(e -> {
            if (e.getValue().isAlive()) {
                return false;
            }
            affinity.remove(e.getKey());
            return true;
        });
        forgetAt = Math.max(FORGET_AT_LEAST, 2 * threads.size());
    }

    /** How many threads the platform keeps state for (tests: exited ones must be forgotten). */
    int rememberedThreads() {
        return Math.max(threads.size(), affinity.size());
    }

    public boolean isOnline(int cpu) {
        return online.contains(cpu);
    }

    private void checkCpu(int cpu) {
        if (cpu < 0 || cpu >= cpuCount) {
            throw new IllegalArgumentException("cpu" + cpu + " out of range 0-" + (cpuCount - 1));
        }
    }

    @Override
    public String name() {
        return "simulated (" + cpuCount + " cpus, seed " + seed + ")";
    }

    @Override
    public int currentCpu() {
        ThreadState t = self.get();
        CpuSet mask = affinity.get(t.tid);
        if (mask == null) {
            int[] list = onlineList;
            return list[t.random.nextInt(list.length)];
        }
        CpuSet usable = mask.intersect(online);
        if (usable.isEmpty()) { // raced with an offline: the breakage above is about to happen
            int[] list = onlineList;
            return list[t.random.nextInt(list.length)];
        }
        int n = usable.cardinality();
        return n == 1 ? usable.first() : usable.nth(t.random.nextInt(n));
    }

    @Override
    public int currentThreadId() {
        return self.get().tid;
    }

    @Override
    public synchronized void bindThread(int tid, int cpu) {
        checkCpu(cpu);
        if (!online.contains(cpu)) {
            throw new AffinityException("sched_setaffinity(" + tid + ", " + cpu + "): EINVAL (cpu" + cpu
                    + " is offline)", cpu);
        }
        affinity.put(tid, CpuSet.of(cpu));
    }

    @Override
    public void unbindThread(int tid) {
        affinity.remove(tid);
    }

    @Override
    public CpuSet threadAffinity(int tid) {
        CpuSet mask = affinity.get(tid);
        return mask == null ? possible : mask;
    }

    @Override
    public CpuSet possibleCpus() {
        return possible;
    }

    @Override
    public CpuSet presentCpus() {
        return possible;
    }

    @Override
    public CpuSet onlineCpus() {
        return online;
    }

    @Override
    public CpuSet allowedCpus() {
        return possible;
    }
}
