package org.hotplugwq.hotplug;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CpuhpTracker;
import org.hotplugwq.linux.TraceFs;
import org.hotplugwq.linux.TraceInstance;
import org.hotplugwq.linux.TracePipeReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --source trace}: the kernel's own hotplug steps, as they happen, for hotplug done by anyone (README,
 * "Hotplug events"). A private tracefs instance records {@code cpuhp:cpuhp_enter}/{@code cpuhp_exit} (clock
 * {@code mono}, the clock of {@link System#nanoTime()}); a reader thread reads its {@code trace_pipe} and tells the
 * bridge (both threads at real-time priority where permitted: at normal priority, each hand-over can wait
 * milliseconds for a CPU on a loaded machine):
 * <ul>
 *   <li>{@code sched_cpu_deactivate} entered → {@code CPU_DOWN_PREPARE}, tens of milliseconds before the offline's
 *       {@code write(2)} returns;</li>
 *   <li>{@code takedown_cpu} returned → {@code CPU_DEAD}; a rolled-back offline → {@code CPU_DOWN_FAILED};</li>
 *   <li>{@code sched_cpu_activate} returned → {@code CPU_UP_PREPARE} + {@code CPU_ONLINE}.</li>
 * </ul>
 * Each event's observation time is the kernel's timestamp of the step, so detection is measured from the kernel's
 * own step. The bridge delivers each transition once, whoever saw it first.
 */
public final class TraceEventSource implements HotplugEventSource {
    private static final Logger log = LoggerFactory.getLogger(TraceEventSource.class);
    /** cpuhp events are few (~200 per transition): 1 MiB per CPU holds thousands of transitions unread. */
    static final int BUFFER_KB = 1024;
    static final int REALTIME_PRIORITY = 50;
    static final List<String> EVENTS = List.of("cpuhp/cpuhp_enter", "cpuhp/cpuhp_multi_enter", "cpuhp/cpuhp_exit");

    private final TraceInstance instance;
    private final TracePipeReader reader;
    private final HotplugBridge bridge;
    private volatile String bridgeRealtimeCause = "not started";

    private TraceEventSource(TraceInstance instance, HotplugBridge bridge, CpuSet onlineAtStart) {
        this.instance = instance;
        this.bridge = bridge;
        CpuhpTracker tracker = new CpuhpTracker(new CpuhpTracker.Listener() {
            @Override
            public void goingDown(int cpu, long nanos) {
                bridge.observeGoingDown(cpu, EventOrigin.TRACE, nanos);
            }

            @Override
            public void dead(int cpu, long nanos) {
                bridge.observe(cpu, false, EventOrigin.TRACE, nanos);
            }

            @Override
            public void online(int cpu, long nanos) {
                bridge.observe(cpu, true, EventOrigin.TRACE, nanos);
            }

            @Override
            public void failed(int cpu, boolean down, long nanos) {
                if (down) {
                    bridge.observeDownFailed(cpu, EventOrigin.TRACE, nanos);
                }
            }
        }, onlineAtStart::contains);
        this.reader = new TracePipeReader(instance, tracker::accept, REALTIME_PRIORITY);
    }

    /**
     * A trace source on {@code tracefs}.
     *
     * @throws IOException when tracing cannot be used here (the message says why in one line)
     */
    public static TraceEventSource open(TraceFs tracefs, CpuSysfs sysfs, HotplugBridge bridge) throws IOException {
        TraceInstance instance = tracefs.createInstance("source", EVENTS, BUFFER_KB, "mono");
        return new TraceEventSource(instance, bridge, sysfs.online());
    }

    /**
     * The trace source, or where tracefs cannot be used the uevent source (itself polling where uevents are
     * unavailable), after one {@code notice} line saying why.
     */
    public static HotplugEventSource openOrFallBack(TraceFs tracefs, CpuSysfs sysfs, HotplugBridge bridge,
            Duration resync, Duration pollInterval, Consumer<String> notice) {
        try {
            return open(tracefs, sysfs, bridge);
        } catch (IOException e) {
            notice.accept("trace source unavailable (" + e.getMessage() + "); using uevent instead");
            return UeventListener.openOrFallBackToPolling(sysfs, bridge, resync, pollInterval, notice);
        }
    }

    @Override
    public String describe() {
        return "trace (" + instance.dir() + ")";
    }

    /** Null when the reader and the bridge thread run at real-time priority, else why not. */
    public String realtimeCause() {
        String r = reader.realtimeCause();
        return r != null ? r : bridgeRealtimeCause;
    }

    /** Events the kernel dropped because the buffer was full (0 in practice: they are few). */
    public long overruns() {
        return instance.overruns();
    }

    @Override
    public void start() {
        try {
            reader.start();
        } catch (IOException e) {
            throw new IllegalStateException(instance + ": cannot open trace_pipe: " + e.getMessage(), e);
        }
        bridgeRealtimeCause = bridge.deliverAtRealtimePriority(REALTIME_PRIORITY);
        if (realtimeCause() != null) {
            log.info("trace source at normal priority: {}", realtimeCause());
        }
    }

    @Override
    public void close() {
        reader.close();
        long lost = instance.overruns();
        if (lost > 0) {
            log.warn("{}: the kernel dropped {} trace events (buffer full)", instance, lost);
        }
        instance.close();
    }
}
