package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the kernel's netlink uevents ({@code ACTION=online|offline},
 * {@code DEVPATH=/devices/system/cpu/cpuN}) and tells the bridge at once. Every {@code resyncInterval} it
 * also re-reads every present CPU's {@code cpuN/online} (origin {@link EventOrigin#RESYNC}): the safety net
 * for changes that send no uevent (writes to {@code cpuN/hotplug/target}) and for a receive-queue overrun,
 * after which a re-read is done at once.
 */
public final class UeventListener implements HotplugEventSource {
    private static final Logger log = LoggerFactory.getLogger(UeventListener.class);
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(1);

    private final UeventSocket socket;
    private final SysfsCpuTree tree;
    private final HotplugBridge bridge;
    private final Duration resyncInterval;
    private volatile boolean running;
    private Thread thread;

    private UeventListener(UeventSocket socket, SysfsCpuTree tree, HotplugBridge bridge, Duration resyncInterval) {
        this.socket = socket;
        this.tree = tree;
        this.bridge = bridge;
        this.resyncInterval = resyncInterval;
    }

    /**
     * Opens the netlink socket now, so that a caller learns at once whether uevents are available.
     *
     * @throws UeventUnavailableException when the socket cannot be opened or bound
     */
    public static UeventListener open(SysfsCpuTree tree, HotplugBridge bridge, Duration resyncInterval)
            throws UeventUnavailableException {
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("resync interval must be positive: " + resyncInterval);
        }
        return new UeventListener(UeventSocket.open(), tree, bridge, resyncInterval);
    }

    /**
     * The uevent listener, or — when its socket cannot be opened — a per-CPU sysfs poller at
     * {@code pollInterval}; {@code notice} is told which, in one line.
     */
    public static HotplugEventSource openOrFallBackToPolling(SysfsCpuTree tree, HotplugBridge bridge,
            Duration resyncInterval, Duration pollInterval, Consumer<String> notice) {
        return openOrFallBackToPolling(UeventSocket::open, tree, bridge, resyncInterval, pollInterval, notice);
    }

    /** How the socket is opened; tests substitute one that fails as it does in a container. */
    interface SocketOpener {
        UeventSocket open() throws UeventUnavailableException;
    }

    static HotplugEventSource openOrFallBackToPolling(SocketOpener opener, SysfsCpuTree tree, HotplugBridge bridge,
            Duration resyncInterval, Duration pollInterval, Consumer<String> notice) {
        try {
            if (resyncInterval.isNegative() || resyncInterval.isZero()) {
                throw new IllegalArgumentException("resync interval must be positive: " + resyncInterval);
            }
            return new UeventListener(opener.open(), tree, bridge, resyncInterval);
        } catch (UeventUnavailableException e) {
            notice.accept(e.getMessage() + "; falling back to polling " + tree.root() + " every "
                    + pollInterval.toNanos() / 1000 + "us");
            return new SysfsPoller(tree, bridge, pollInterval, SysfsPoller.Mode.PER_CPU);
        }
    }

    @Override
    public String describe() {
        return "uevent (resync every " + resyncInterval.toMillis() + "ms of " + tree.root() + ")";
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
            Optional<UeventMessage> m = r.message();
            if (m.isEmpty()) {
                continue;
            }
            Optional<Boolean> online = m.get().cpuOnline();
            if (online.isPresent()) {
                bridge.observe(m.get().cpu().getAsInt(), online.get(), EventOrigin.UEVENT, r.receivedNanos());
            }
        }
    }

    private void resync() {
        long startedNanos = System.nanoTime();
        Optional<CpuSet> present = tree.tryReadList("present");
        if (present.isEmpty()) {
            return;
        }
        CpuSet.Builder online = CpuSet.builder();
        CpuSet looked = present.get();
        for (int cpu = looked.first(); cpu >= 0; cpu = looked.next(cpu + 1)) {
            SysfsCpuTree.OnlineFile f = tree.readCpuOnline(cpu);
            if (f == SysfsCpuTree.OnlineFile.MALFORMED) {
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
