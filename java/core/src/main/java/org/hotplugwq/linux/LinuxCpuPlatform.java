package org.hotplugwq.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real machine: threads pinned with {@code sched_setaffinity} (JNA), the current CPU from glibc's rseq
 * area on threads that take a {@link #threadCpuReader()} (workers) and from {@code sched_getcpu} through the JNI
 * fast path when loaded (else JNA) elsewhere, topology from sysfs.
 *
 * <p>What it decides once, at construction: the possible CPUs (and so the affinity-mask size) and the
 * process's allowed CPUs. The latter is the caller's {@code sched_getaffinity(0)} widened by the main
 * thread's {@code Cpus_allowed_list} from {@code /proc/self/status}: the syscall answers mask ∩ active
 * CPUs, so a CPU that happens to be offline at start-up would otherwise be refused forever after it
 * returns. Online and present CPUs are read from sysfs on every call.
 */
public final class LinuxCpuPlatform implements CpuPlatform {
    private static final Logger log = LoggerFactory.getLogger(LinuxCpuPlatform.class);

    private final CpuSysfs sysfs;
    private final CurrentCpuPath currentCpuPath;
    private final AffinityRetryPolicy retryPolicy;
    private final AffinityCalls affinity;
    private final CpuSet possible;
    private final CpuMaskLayout layout;
    private final CpuSet allowed;
    private final LongAdder affinityRetries = new LongAdder();

    private LinuxCpuPlatform(Builder b) {
        this.sysfs = b.sysfs;
        this.retryPolicy = b.retryPolicy;
        this.possible = sysfs.possible();
        if (possible.isEmpty()) {
            throw new IllegalStateException(sysfs.root().resolve("possible") + " lists no CPU");
        }
        this.layout = CpuMaskLayout.forPossible(possible);
        this.affinity = b.affinity != null ? b.affinity : new SchedAffinity(layout);
        this.currentCpuPath = b.currentCpuPath != null ? b.currentCpuPath : CurrentCpuPath.preferred();
        this.allowed = b.allowed != null ? b.allowed : processAllowedCpus();
        if (allowed.isEmpty()) {
            throw new IllegalStateException("this process may run on no possible CPU");
        }
    }

    /** The real machine, the preferred current-CPU path, default retries. */
    public static LinuxCpuPlatform create() {
        return builder().build();
    }

    /**
     * Options for a platform; each has a default fit for the real machine.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private CpuSet processAllowedCpus() {
        CpuSet now = affinity.get(0);
        return now.union(procStatusCpusAllowed(Path.of("/proc/self/status")).intersect(possible));
    }

    /** The {@code Cpus_allowed_list} line of a {@code /proc/<pid>/status} file; empty when unreadable. */
    static CpuSet procStatusCpusAllowed(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return CpuSet.parse(line.substring("Cpus_allowed_list:".length()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            log.debug("cannot read Cpus_allowed_list from {}", status, e);
        }
        return CpuSet.EMPTY;
    }

    @Override
    public String name() {
        return "linux (" + currentCpuPath.label() + ")";
    }

    @Override
    public int currentCpu() {
        int cpu = currentCpuPath.currentCpu();
        if (cpu < 0) {
            throw new IllegalStateException("sched_getcpu() failed through " + currentCpuPath.label());
        }
        return cpu;
    }

    /**
     * On the RSEQ path, a reader of the calling thread's rseq area (JNI {@code sched_getcpu()} if this thread has
     * none, or is virtual); otherwise the path itself.
     */
    @Override
    public CpuReader threadCpuReader() {
        if (currentCpuPath == CurrentCpuPath.RSEQ) {
            return RseqCpu.forCurrentThread();
        }
        return this::currentCpu;
    }

    @Override
    public int currentThreadId() {
        return ThreadIds.current();
    }

    /**
     * Pins {@code tid} to {@code cpu}. An EINVAL for a CPU that sysfs shows online is retried with the
     * backoff of the {@link AffinityRetryPolicy} (counted in {@link #affinityRetries()}); any other failure
     * is an {@link AffinityException} saying why, with the {@link ErrnoException} as its cause.
     */
    @Override
    public void bindThread(int tid, int cpu) {
        if (!possible.contains(cpu)) {
            throw new AffinityException("cannot pin thread " + tid + " to cpu" + cpu + ": not a possible CPU"
                    + " (possible: " + possible + ")", cpu);
        }
        if (!allowed.contains(cpu)) {
            throw new AffinityException("cannot pin thread " + tid + " to cpu" + cpu + ": it is outside this"
                    + " process's allowed CPUs " + allowed + " (its cpuset or affinity, e.g. from taskset)", cpu);
        }
        CpuSet target = CpuSet.of(cpu);
        for (int retry = 0; ; retry++) {
            try {
                affinity.set(tid, target);
                return;
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EINVAL && retry < retryPolicy.maxRetries() && onlineInSysfs(cpu)) {
                    affinityRetries.increment();
                    LockSupport.parkNanos(retryPolicy.backoffNanos(retry));
                    continue;
                }
                throw new AffinityException(bindFailure(tid, cpu, e, retry), cpu, e);
            }
        }
    }

    private boolean onlineInSysfs(int cpu) {
        try {
            return sysfs.isOnline(cpu);
        } catch (UncheckedIOException | IllegalStateException e) {
            return false;
        }
    }

    private String bindFailure(int tid, int cpu, ErrnoException e, int retries) {
        String why;
        switch (e.errno()) {
            case Errno.ESRCH:
                why = "no such thread";
                break;
            case Errno.EPERM:
                why = "not permitted (another user's thread, or no CAP_SYS_NICE)";
                break;
            case Errno.EINVAL:
                why = retries > 0 ? "the kernel still refuses it after " + retries + " retries"
                        : onlineInSysfs(cpu) ? "the kernel refuses it" : "cpu" + cpu + " is offline";
                break;
            default:
                why = e.errnoName();
        }
        return "cannot pin thread " + tid + " to cpu" + cpu + ": " + why + " [" + e.getMessage() + "]";
    }

    /** Lets {@code tid} run on every allowed CPU again, including allowed CPUs that are offline now. */
    @Override
    public void unbindThread(int tid) {
        try {
            affinity.set(tid, allowed);
        } catch (ErrnoException e) {
            throw new AffinityException("cannot unbind thread " + tid + ": " + e.getMessage(), -1, e);
        }
    }

    /** {@code sched_getaffinity(tid)}: the thread's mask ∩ the CPUs active now. */
    @Override
    public CpuSet threadAffinity(int tid) {
        try {
            return affinity.get(tid);
        } catch (ErrnoException e) {
            throw new AffinityException("cannot read the affinity of thread " + tid + ": " + e.getMessage(), -1, e);
        }
    }

    @Override
    public CpuSet possibleCpus() {
        return possible;
    }

    @Override
    public CpuSet presentCpus() {
        return sysfs.present();
    }

    @Override
    public CpuSet onlineCpus() {
        return sysfs.online();
    }

    @Override
    public CpuSet allowedCpus() {
        return allowed;
    }

    /** How many times {@code sched_setaffinity} was retried after EINVAL on an online CPU, in all. */
    public long affinityRetries() {
        return affinityRetries.sum();
    }

    /**
     * How {@link #currentCpu()} asks the kernel.
     *
     * @return the path in use
     */
    public CurrentCpuPath currentCpuPath() {
        return currentCpuPath;
    }

    /**
     * The CPU tree read.
     *
     * @return the tree
     */
    public CpuSysfs sysfs() {
        return sysfs;
    }

    /** The affinity mask size in use (from the possible CPUs). */
    public CpuMaskLayout maskLayout() {
        return layout;
    }

    /**
     * How a refused pin right after an online is retried.
     *
     * @return the policy
     */
    public AffinityRetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return name() + ", allowed " + allowed + ", " + layout;
    }

    /** Options for {@link LinuxCpuPlatform}; every one has a default fit for the real machine. */
    public static final class Builder {
        private CpuSysfs sysfs = CpuSysfs.system();
        private CurrentCpuPath currentCpuPath;
        private AffinityRetryPolicy retryPolicy = AffinityRetryPolicy.DEFAULT;
        private AffinityCalls affinity;
        private CpuSet allowed;

        private Builder() {
        }

        /**
         * Another CPU tree than {@code /sys/devices/system/cpu}.
         *
         * @param sysfs the tree
         * @return this builder
         */
        public Builder sysfs(CpuSysfs sysfs) {
            this.sysfs = Objects.requireNonNull(sysfs);
            return this;
        }

        /** Forces a current-CPU path; by default {@link CurrentCpuPath#preferred()}. */
        public Builder currentCpuPath(CurrentCpuPath path) {
            this.currentCpuPath = Objects.requireNonNull(path);
            return this;
        }

        /**
         * How a refused pin right after an online is retried; {@link AffinityRetryPolicy#DEFAULT} if not set.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(AffinityRetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** Substitutes the affinity system calls (tests). */
        Builder affinityCalls(AffinityCalls calls) {
            this.affinity = Objects.requireNonNull(calls);
            return this;
        }

        /** Substitutes the allowed CPUs instead of asking the kernel (tests). */
        Builder allowedCpus(CpuSet cpus) {
            this.allowed = Objects.requireNonNull(cpus);
            return this;
        }

        /**
         * @throws UnsupportedOperationException when not on Linux x86-64/aarch64 (and no substitute calls)
         * @throws UncheckedIOException when the sysfs topology cannot be read
         */
        public LinuxCpuPlatform build() {
            if (affinity == null && LinuxArch.current().isEmpty()) {
                throw new UnsupportedOperationException("LinuxCpuPlatform needs Linux on x86-64 or aarch64, not "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
            }
            if ((currentCpuPath == CurrentCpuPath.JNI || currentCpuPath == CurrentCpuPath.RSEQ)
                    && !HotplugWqNative.isAvailable()) {
                throw new UnsupportedOperationException("the JNI current-CPU path is not available: "
                        + HotplugWqNative.unavailabilityCause().getMessage());
            }
            return new LinuxCpuPlatform(this);
        }
    }
}
