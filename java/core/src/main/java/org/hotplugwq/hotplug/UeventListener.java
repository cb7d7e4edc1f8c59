package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.UeventMessage;
import org.hotplugwq.linux.UeventSocket;
import org.hotplugwq.linux.UeventUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the kernel's netlink uevents ({@code ACTION=online|offline},
 * {@code DEVPATH=/devices/system/cpu/cpuN}) and tells the bridge at once. Every {@code resyncInterval} it
 * also re-reads every present CPU's {@code cpuN/online} (origin {@link EventOrigin#RESYNC}): the safety net
 * for changes that send no uevent (writes to {@code cpuN/hotplug/target}) and for a receive-queue overrun,
 * after which a re-read is done at once.
 *
 * <p>A uevent is a doorbell, not a state: on one for {@code cpuN} the listener reads {@code cpuN/online} and
 * reports what it reads, as of when the read started. A message can wait in the socket's queue for as long as
 * this thread is not scheduled; reported as it says, with the time it was received, an old {@code offline}
 * would pass the bridge's staleness check and undo a later online (seen when the controller offlined and onlined
 * a CPU while this thread was held up: {@code CPU_DEAD}, {@code CPU_UP_PREPARE}, {@code CPU_ONLINE} delivered
 * again after its own). The kernel sends the uevent inside {@code device_online/offline} under the device lock,
 * which {@code online_show} also takes, so the read sees the state the message announced or a newer one.
 */
public final class UeventListener implements HotplugEventSource {
    private static final Logger log = LoggerFactory.getLogger(UeventListener.class);
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(1);

    private final Receiver socket;
    private final CpuSysfs sysfs;
    private final HotplugBridge bridge;
    private final Duration resyncInterval;
    private volatile boolean running;
    private Thread thread;

    /** What the listener needs of the netlink socket; tests substitute a scripted one. */
    interface Receiver extends AutoCloseable {
        UeventSocket.Received receive(int timeoutMillis);

        void wakeup();

        @Override
        void close();

        static Receiver of(UeventSocket socket) {
            return new Receiver() {
                @Override
                public UeventSocket.Received receive(int timeoutMillis) {
                    return socket.receive(timeoutMillis);
                }

                @Override
                public void wakeup() {
                    socket.wakeup();
                }

                @Override
                public void close() {
                    socket.close();
                }
            };
        }
    }

    UeventListener(Receiver socket, CpuSysfs sysfs, HotplugBridge bridge, Duration resyncInterval) {
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("resync interval must be positive: " + resyncInterval);
        }
        this.socket = socket;
        this.sysfs = sysfs;
        this.bridge = bridge;
        this.resyncInterval = resyncInterval;
    }

    /**
     * Opens the netlink socket now, so that a caller learns at once whether uevents are available.
     *
     * @throws UeventUnavailableException when the socket cannot be opened or bound
     */
    public static UeventListener open(CpuSysfs sysfs, HotplugBridge bridge, Duration resyncInterval)
            throws UeventUnavailableException {
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("resync interval must be positive: " + resyncInterval);
        }
        return new UeventListener(Receiver.of(UeventSocket.open()), sysfs, bridge, resyncInterval);
    }

    /**
     * The uevent listener, or — when its socket cannot be opened — a per-CPU sysfs poller at
     * {@code pollInterval}; {@code notice} is told which, in one line.
     */
    public static HotplugEventSource openOrFallBackToPolling(CpuSysfs sysfs, HotplugBridge bridge,
            Duration resyncInterval, Duration pollInterval, Consumer<String> notice) {
        return openOrFallBackToPolling(() -> Receiver.of(UeventSocket.open()), sysfs, bridge, resyncInterval,
                pollInterval, notice);
    }

    /** How the socket is opened; tests substitute one that fails as it does in a container. */
    interface SocketOpener {
        Receiver open() throws UeventUnavailableException;
    }

    static HotplugEventSource openOrFallBackToPolling(SocketOpener opener, CpuSysfs sysfs, HotplugBridge bridge,
            Duration resyncInterval, Duration pollInterval, Consumer<String> notice) {
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("resync interval must be positive: " + resyncInterval);
        }
        try {
            return new UeventListener(opener.open(), sysfs, bridge, resyncInterval);
        } catch (UeventUnavailableException e) {
            notice.accept(e.getMessage() + "; falling back to polling " + sysfs.root() + " every "
                    + pollInterval.toNanos() / 1000 + "us");
            return new SysfsPoller(sysfs, bridge, pollInterval, SysfsPoller.Mode.PER_CPU);
        }
    }

    @Override
    public String describe() {
        return "uevent (resync every " + resyncInterval.toMillis() + "ms of " + sysfs.root() + ")";
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        // The socket is already bound, so nothing is lost between this first re-read and the loop; doing it
        // here means that once start() returns the bridge has been told the state as of now.
        resync();
        thread = new Thread(this::loop, "hotplug-uevent");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long nextResync = System.nanoTime() + resyncInterval.toNanos();
        while (running) {
            long now = System.nanoTime();
            if (now - nextResync >= 0) {
                resync();
                nextResync = now + resyncInterval.toNanos();
            }
            int timeoutMillis = (int) Math.max(1, (nextResync - now + 999_999) / 1_000_000);
            UeventSocket.Received r = socket.receive(timeoutMillis);
            if (r.overrun()) {
                log.warn("uevent receive queue overran; re-reading sysfs");
                nextResync = System.nanoTime();
                continue;
            }
            r.message().ifPresent(m -> onMessage(m, r.receivedNanos()));
        }
    }

    /** One message: for a CPU's online/offline, tells the bridge what {@code cpuN/online} says now. */
    void onMessage(UeventMessage m, long receivedNanos) {
        Optional<Boolean> announced = m.cpuOnline();
        if (announced.isEmpty()) {
            return;
        }
        int cpu = m.cpu().getAsInt();
        long readNanos = System.nanoTime();
        CpuSysfs.OnlineFile now = sysfs.readCpuOnline(cpu);
        if (now == CpuSysfs.OnlineFile.MALFORMED) { // cannot check it: the message as it is (resync corrects it)
            bridge.observe(cpu, announced.get(), EventOrigin.UEVENT, receivedNanos);
        } else {
            bridge.observe(cpu, now.isOnline(), EventOrigin.UEVENT, readNanos);
        }
    }

    private void resync() {
        long startedNanos = System.nanoTime();
        Optional<CpuSet> present = sysfs.tryReadList("present");
        if (present.isEmpty()) {
            return;
        }
        CpuSet.Builder online = CpuSet.builder();
        CpuSet looked = present.get();
        for (int cpu = looked.first(); cpu >= 0; cpu = looked.next(cpu + 1)) {
            CpuSysfs.OnlineFile f = sysfs.readCpuOnline(cpu);
            if (f == CpuSysfs.OnlineFile.MALFORMED) {
                looked = looked.without(cpu);
            } else if (f.isOnline()) {
                online.add(cpu);
            }
        }
        bridge.observeSnapshot(looked, online.build(), EventOrigin.RESYNC, startedNanos);
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        socket.wakeup();
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
    }
}
