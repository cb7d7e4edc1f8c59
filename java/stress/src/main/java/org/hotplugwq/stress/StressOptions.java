package org.hotplugwq.stress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.workqueue.HotplugPolicy;

/**
 * What a stress run does (the {@code hotplugwq stress} options). Immutable; build with {@link #builder()}.
 *
 * @param cpus the CPUs the hotplug schedule may change; null: every hotpluggable one
 * @param source which event source tells the real machine's systems of each change
 * @param sourcePoll the poll interval typed after the source ({@code poll:1ms}); null: {@link #DEFAULT_POLL}
 * @param injectFailureRate fraction of hotplug operations made to fail on purpose (0..1)
 * @param simulateCpus > 0 forces a simulated machine of that many CPUs
 * @param watchdog a flush or the shutdown stuck longer than this fails the run
 * @param deliveryTimeout how long the real machine waits for the source to deliver its own write; null: scaled
 *        to the kernel's writes (see {@code DeliveryTimeout})
 * @param notifyMode how the real machine's systems hear of an operation the run itself makes (README, "Notify modes")
 * @param trace record the kernel's scheduler and cpuhp trace and cross-check every execution against it
 * @param jfrFile record the run's JDK Flight Recorder events to this file; null: no recording
 */
public record StressOptions(Duration duration, List<HotplugPolicy> policies, CpuSet cpus,
                            Duration intervalMin, Duration intervalMax, EventSourceKind source, Duration sourcePoll,
                            int workqueues, int producers, Duration workTime, long seed, double injectFailureRate,
                            Path outDir, boolean dryRun, int simulateCpus, boolean hostile,
                            Duration watchdog, Duration progressEvery, Duration deliveryTimeout,
                            NotifyMode notifyMode, boolean trace, Path jfrFile) {

    /** The poll interval when none is typed: also the uevent source's fallback to polling. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(10);

    public StressOptions {
        Objects.requireNonNull(duration, "duration");
        policies = List.copyOf(policies);
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("at least one policy");
        }
        if (intervalMin.isNegative() || intervalMax.compareTo(intervalMin) < 0) {
            throw new IllegalArgumentException("hotplug interval range " + intervalMin + ".." + intervalMax);
        }
        if (workqueues < 1 || producers < 1) {
            throw new IllegalArgumentException("need at least one workqueue and one producer");
        }
        if (injectFailureRate < 0 || injectFailureRate > 1) {
            throw new IllegalArgumentException("--inject-failures must be a rate in 0..1, got " + injectFailureRate);
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outDir, "outDir");
        if (deliveryTimeout != null && (deliveryTimeout.isNegative() || deliveryTimeout.isZero())) {
            throw new IllegalArgumentException("--delivery-timeout must be positive, got " + deliveryTimeout);
        }
        Objects.requireNonNull(notifyMode, "notifyMode");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The poll interval of the source (for {@code uevent}: of its fallback to polling). */
    public Duration pollInterval() {
        return sourcePoll == null ? DEFAULT_POLL : sourcePoll;
    }

    /** The source as typed: {@code uevent}, {@code poll}, {@code poll:1ms}. */
    public String sourceSpec() {
        return source.cliName() + (sourcePoll == null ? "" : ":" + DurationParser.format(sourcePoll));
    }

    /** Defaults: 30 s, all four policies, hotplug every 20–100 ms, 3 workqueues, 2 producers per policy. */
    public static final class Builder {
        private Duration duration = Duration.ofSeconds(30);
        private List<HotplugPolicy> policies = List.of(HotplugPolicy.values());
        private CpuSet cpus;
        private Duration intervalMin = Duration.ofMillis(20);
        private Duration intervalMax = Duration.ofMillis(100);
        private EventSourceKind source = EventSourceKind.UEVENT;
        private Duration sourcePoll;
        private int workqueues = 3;
        private int producers = 2;
        private Duration workTime = Duration.ofNanos(20_000);
        private long seed = 42;
        private double injectFailureRate;
        private Path outDir = Path.of("stress-out");
        private boolean dryRun;
        private int simulateCpus;
        private boolean hostile;
        private Duration watchdog = Duration.ofSeconds(30);
        private Duration progressEvery = Duration.ofSeconds(1);
        private Duration deliveryTimeout;
        private NotifyMode notifyMode = NotifyMode.OBSERVED;
        private boolean trace;
        private Path jfrFile;

        public Builder duration(Duration v) { duration = v; return this; }
        public Builder policies(List<HotplugPolicy> v) { policies = v; return this; }
        public Builder cpus(CpuSet v) { cpus = v; return this; }
        public Builder interval(Duration min, Duration max) { intervalMin = min; intervalMax = max; return this; }
        /**
         * {@code --source}: {@code uevent}, {@code poll} or {@code aggregate}, optionally with the poll interval
         * ({@code poll:1ms}).
         */
        public Builder source(String spec) {
            int colon = spec.indexOf(':');
            try {
                source = EventSourceKind.parse(colon < 0 ? spec : spec.substring(0, colon));
                sourcePoll = colon < 0 ? null : DurationParser.parse(spec.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--source must be uevent, poll or aggregate, optionally with"
                        + " :INTERVAL, not '" + spec + "'", e);
            }
            return this;
        }
        /** {@code --source} already parsed: the kind and its poll interval (null: the default). */
        public Builder source(EventSourceKind kind, Duration poll) {
            source = Objects.requireNonNull(kind, "kind");
            sourcePoll = poll;
            return this;
        }
        public Builder workqueues(int v) { workqueues = v; return this; }
        public Builder producers(int v) { producers = v; return this; }
        public Builder workTime(Duration v) { workTime = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder injectFailures(double v) { injectFailureRate = v; return this; }
        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder simulate(int v) { simulateCpus = v; return this; }
        public Builder hostile(boolean v) { hostile = v; return this; }
        public Builder watchdog(Duration v) { watchdog = v; return this; }
        public Builder progressEvery(Duration v) { progressEvery = v; return this; }
        /** {@code --delivery-timeout}; null (the default): scaled to the kernel's writes. */
        public Builder deliveryTimeout(Duration v) { deliveryTimeout = v; return this; }
        public Builder notifyMode(NotifyMode v) { notifyMode = v; return this; }
        public Builder trace(boolean v) { trace = v; return this; }
        public Builder jfrFile(Path v) { jfrFile = v; return this; }

        public StressOptions build() {
            return new StressOptions(duration, policies, cpus, intervalMin, intervalMax, source, sourcePoll,
                    workqueues, producers, workTime, seed, injectFailureRate, outDir, dryRun, simulateCpus, hostile,
                    watchdog, progressEvery, deliveryTimeout, notifyMode, trace, jfrFile);
        }
    }
}
