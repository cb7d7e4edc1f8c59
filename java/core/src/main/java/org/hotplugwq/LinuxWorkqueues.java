package org.hotplugwq;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.UeventListener;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.LinuxCpuPlatform;
import org.hotplugwq.workqueue.ExecutionObserver;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workqueues on this Linux machine, driven by its real CPU hotplug: the one entry point for the common case
 * (README, "Java API").
 *
 * <pre>{@code
 * try (LinuxWorkqueues wqs = LinuxWorkqueues.open()) {
 *     Workqueue wq = wqs.createWorkqueue("mine");      // one worker per online CPU
 *     wq.queue(new Work(w -> System.out.println("ran")));
 *     wq.flush();
 * }                                                    // every thread stopped and joined
 * }</pre>
 *
 * <p>What {@link #open()} wires, in this order: a {@link LinuxCpuPlatform}; a {@link WorkqueueSystem} with the
 * {@link HotplugPolicy#DRAIN} policy; a {@link HotplugBridge} whose known online mask is the system's own (one
 * snapshot of the online CPUs, so the two cannot disagree); the system registered with the bridge; then the event
 * source (netlink uevents, or a sysfs poller where the socket cannot be opened), started last. Starting the source
 * re-reads every CPU's {@code online} file, so a CPU that changed since the snapshot is delivered at once. Hotplug
 * done by anyone (another shell, {@code chcpu}, {@link #hotplug()}) then reaches the system as {@code CPU_DEAD}, or
 * {@code CPU_UP_PREPARE} and {@code CPU_ONLINE}.
 *
 * <p>{@link #close()} undoes it in reverse: the CPUs {@link #hotplug()} offlined temporarily come back, the source
 * stops, the bridge delivers what it had queued and stops, then the system destroys every workqueue; each thread
 * any of them started has ended when it returns.
 */
public final class LinuxWorkqueues implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxWorkqueues.class);

    private final CpuPlatform platform;
    private final CpuSysfs sysfs;
    private final WorkqueueSystem system;
    private final HotplugBridge bridge;
    private final HotplugEventSource source;
    private final Path stateFile;
    private HotplugController controller; // guarded by this
    private boolean closed; // guarded by this

    private LinuxWorkqueues(Builder b) {
        this.sysfs = b.sysfs;
        this.platform = b.platform != null ? b.platform : LinuxCpuPlatform.builder().sysfs(sysfs).build();
        this.stateFile = b.stateFile;
        WorkqueueSystem.Builder sb = WorkqueueSystem.builder(platform).policy(b.policy).observer(b.observer);
        WorkqueueSystem sys = sb.build();
        HotplugBridge br = null;
        HotplugEventSource src = null;
        try {
            br = new HotplugBridge(sys.onlineView()); // the system's snapshot: both start from the same mask
            br.register(sys);
            src = b.source.open(sysfs, br, b.pollInterval, b.resyncInterval, b.notice);
            src.start(); // last: every action it causes has somewhere to go
        } catch (RuntimeException | Error e) {
            closeAll(Arrays.asList(src, br, sys), e); // what was made, in reverse; nulls skipped
            throw e;
        }
        this.system = sys;
        this.bridge = br;
        this.source = src;
    }

    /**
     * Workqueues on this machine with the defaults: {@link HotplugPolicy#DRAIN}, hotplug heard through netlink
     * uevents (polling {@code /sys/devices/system/cpu} every millisecond where they are unavailable, with a one-line
     * warning logged).
     *
     * @return the started handle; close it to stop every thread
     * @throws UnsupportedOperationException when not on Linux x86-64/aarch64
     * @throws java.io.UncheckedIOException   when {@code /sys/devices/system/cpu} cannot be read
     */
    public static LinuxWorkqueues open() {
        return builder().open();
    }

    /**
     * Options for a {@link LinuxWorkqueues}; each has a default fit for the real machine.
     *
     * @return a builder with every default set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code create_workqueue()}: one worker per online CPU, started and stopped by hotplug.
     *
     * @param name names its threads: {@code name/cpu}
     * @return the new workqueue; destroy it, or let {@link #close()} do it
     * @throws IllegalStateException if closed, or a worker thread cannot be created
     */
    public Workqueue createWorkqueue(String name) {
        return system.createWorkqueue(name);
    }

    /**
     * {@code create_singlethread_workqueue()}: one worker, not bound to any CPU.
     *
     * @param name names its thread
     * @return the new workqueue
     * @throws IllegalStateException if closed, or the worker thread cannot be created
     */
    public Workqueue createSinglethreadWorkqueue(String name) {
        return system.createSinglethreadWorkqueue(name);
    }

    /**
     * The workqueue system, for everything not repeated here (keventd, freezer, statistics).
     *
     * @return the system this handle closes
     */
    public WorkqueueSystem system() {
        return system;
    }

    /**
     * The bridge that delivers hotplug actions: register further {@link org.hotplugwq.cpu.CpuNotifier}s here, or
     * listen to every delivered action ({@link HotplugBridge#addListener}).
     *
     * @return the bridge this handle closes
     */
    public HotplugBridge bridge() {
        return bridge;
    }

    /**
     * The CPU platform: current CPU, thread affinity, possible and present CPUs.
     *
     * @return the platform the system runs on
     */
    public CpuPlatform platform() {
        return platform;
    }

    /**
     * The CPUs online as the system was told (from {@code CPU_ONLINE} until {@code CPU_DEAD}).
     *
     * @return the bridge's known online mask
     */
    public CpuSet onlineCpus() {
        return bridge.knownOnline();
    }

    /**
     * What hears hotplug, for logs: e.g. {@code "uevent (resync every 1000ms of /sys/devices/system/cpu)"}.
     *
     * @return the event source's description
     */
    public String eventSource() {
        return source.describe();
    }

    /**
     * Hotplug by this process (root only): {@link HotplugController#offline(int)} and
     * {@link HotplugController#online(int)} announce the kernel's whole sequence ({@code CPU_DOWN_PREPARE}, ...)
     * and record a CPU they offline in the state file, so that {@link #close()}, the JVM's exit or the next
     * {@code hotplugwq restore} brings it back. Made on first use.
     *
     * @return this handle's controller
     * @throws IllegalStateException if closed
     */
    public synchronized HotplugController hotplug() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (controller == null) {
            controller = new HotplugController(sysfs, bridge, new OfflinedCpuRegistry(stateFile));
        }
        return controller;
    }

    /**
     * Pins the calling thread to {@code cpu} and keeps it pinned across hotplug: Linux widens a pinned thread's
     * mask when its CPU goes offline and never narrows it again, so the pin is redone at each {@code CPU_ONLINE}
     * (and {@code CPU_DOWN_FAILED}) of that CPU. While the CPU is offline the thread runs on the other CPUs.
     *
     * @param cpu a possible CPU; pinned now if online, else at its next {@code CPU_ONLINE}
     * @return the pin; closing it stops re-pinning and lets the thread run on every allowed CPU again
     * @throws IllegalArgumentException if {@code cpu} is not a possible CPU
     * @throws org.hotplugwq.cpu.AffinityException if the CPU is online but the kernel refuses the pin (outside the
     *                                            process's allowed CPUs)
     */
    public PinnedThread pinCurrentThread(int cpu) {
        return PinnedThread.pin(platform, bridge, platform.currentThreadId(), cpu);
    }

    /**
     * Brings back the CPUs {@link #hotplug()} offlined temporarily, stops the event source and the bridge, and
     * destroys every workqueue (with a warning for each one not destroyed by its user); returns once every thread
     * they started has ended. Later calls do nothing.
     */
    @Override
    public void close() {
        HotplugController c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = controller;
        }
        List<AutoCloseable> order = new ArrayList<>();
        order.add(c);
        order.add(source);
        order.add(bridge);
        order.add(system);
        RuntimeException failure = closeAll(order, null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes each in order; a failure does not stop the rest. Returns the first failure (or adds to {@code first}). */
    private static RuntimeException closeAll(List<? extends AutoCloseable> parts, Throwable first) {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (first != null) {
                    first.addSuppressed(e);
                } else if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
                LOG.debug("close of {} failed", part, e);
            }
        }
        return failure;
    }

    /** Options of {@link LinuxWorkqueues}. */
    public static final class Builder {
        private HotplugPolicy policy = HotplugPolicy.DRAIN;
        private EventSourceKind source = EventSourceKind.UEVENT;
        private Duration pollInterval = Duration.ofMillis(1);
        private Duration resyncInterval = UeventListener.DEFAULT_RESYNC;
        private ExecutionObserver observer;
        private CpuSysfs sysfs = CpuSysfs.system();
        private CpuPlatform platform;
        private Path stateFile = OfflinedCpuRegistry.DEFAULT_FILE;
        private Consumer<String> notice = LOG::warn;

        private Builder() {
        }

        /**
         * What hotplug does to the workers (README, "The four hotplug policies").
         *
         * @param policy the policy; {@link HotplugPolicy#DRAIN} if not set
         * @return this builder
         */
        public Builder policy(HotplugPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How hotplug is heard (README, "Hotplug events").
         *
         * @param source the kind; {@link EventSourceKind#UEVENT} (falling back to polling) if not set
         * @return this builder
         */
        public Builder eventSource(EventSourceKind source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * The sysfs poll tick, of a poller and of the uevent fallback.
         *
         * @param interval positive; 1 ms if not set
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "poll interval");
            return this;
        }

        /**
         * How often the uevent listener re-reads every CPU's {@code online} file as a safety net.
         *
         * @param interval positive; 1 s if not set
         * @return this builder
         */
        public Builder resyncInterval(Duration interval) {
            this.resyncInterval = positive(interval, "resync interval");
            return this;
        }

        /**
         * Told of every executed work ({@link WorkqueueSystem.Builder#observer}).
         *
         * @param observer the observer; null (the default) costs nothing
         * @return this builder
         */
        public Builder observer(ExecutionObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Another CPU tree than {@code /sys/devices/system/cpu} (a container's bind mount, a test's fake tree).
         *
         * @param sysfs the tree
         * @return this builder
         */
        public Builder sysfs(CpuSysfs sysfs) {
            this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
            return this;
        }

        /**
         * Another platform than a {@link LinuxCpuPlatform} on the {@link #sysfs tree} (a test's simulated one).
         *
         * @param platform the platform
         * @return this builder
         */
        public Builder platform(CpuPlatform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /**
         * The record of the CPUs {@link LinuxWorkqueues#hotplug()} offlines, shared with {@code hotplugwq restore}.
         *
         * @param file the state file; {@link OfflinedCpuRegistry#DEFAULT_FILE} if not set
         * @return this builder
         */
        public Builder stateFile(Path file) {
            this.stateFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Told in one line when uevents are unavailable and polling is used instead.
         *
         * @param notice the receiver; a logged warning if not set
         * @return this builder
         */
        public Builder notice(Consumer<String> notice) {
            this.notice = Objects.requireNonNull(notice, "notice");
            return this;
        }

        /**
         * Wires and starts everything (see {@link LinuxWorkqueues}).
         *
         * @return the started handle
         * @throws UnsupportedOperationException when no platform is given and this is not Linux x86-64/aarch64
         * @throws java.io.UncheckedIOException   when the CPU tree cannot be read
         */
        public LinuxWorkqueues open() {
            return new LinuxWorkqueues(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
