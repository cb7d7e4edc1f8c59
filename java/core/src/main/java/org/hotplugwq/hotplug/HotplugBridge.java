package org.hotplugwq.hotplug;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.linux.CpuSysfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place CPU hotplug actions come from: it keeps the known online mask, owns the notifier chain
 * ({@code cpu_chain} with {@code hotcpu_notifier} priorities) and delivers every action on one bridge
 * thread, in order, each transition once, whoever saw it first.
 *
 * <p>Event sources call {@link #observe}/{@link #observeSnapshot}: an observation is compared with the known
 * mask, so a second source seeing the same transition changes nothing. An observation older than the last
 * one applied to that CPU (a poll read that started before a uevent arrived) is dropped, so a slow source
 * cannot replay a stale state. Observed online → {@code CPU_UP_PREPARE}, {@code CPU_ONLINE}; observed
 * offline → {@code CPU_DEAD} (the CPU is already gone, there is nothing to prepare). While the
 * {@link HotplugController} changes a CPU it claims it, and the sources' view of that CPU is ignored: the
 * controller announces its own transition, so it is not reported twice.
 *
 * <p>Notifier chain rules, as {@code __cpu_notify}: higher priority first, equal priorities in registration
 * order; a {@link NotifyResult#BAD} answer to a prepare action stops the chain and the notifiers already
 * called (not the one that refused) get the rollback action ({@code CPU_UP_CANCELED}/{@code
 * CPU_DOWN_FAILED}). Notifiers may register and unregister notifiers, and create or destroy whatever they
 * like, from their callback: the chain is an immutable snapshot per action and no lock is held while a
 * notifier runs (seed rule S1). A notifier registered during an action is called from the next one.
 */
public final class HotplugBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotplugBridge.class);

    /** A registered notifier; {@link #close()} unregisters it. */
    public final class Registration implements AutoCloseable {
        private final CpuNotifier notifier;
        private final int priority;
        private final long order;

        private Registration(CpuNotifier notifier, int priority, long order) {
            this.notifier = notifier;
            this.priority = priority;
            this.order = order;
        }

        public CpuNotifier notifier() {
            return notifier;
        }

        public int priority() {
            return priority;
        }

        @Override
        public void close() {
            unregister(this);
        }
    }

    /** The chain as it was when a prepare was sent: its rollback goes to exactly these notifiers. */
    static final class Prepared {
        final CpuAction action;
        final int cpu;
        final List<Registration> chain;
        final NotifyResult result;

        Prepared(CpuAction action, int cpu, List<Registration> chain, NotifyResult result) {
            this.action = action;
            this.cpu = cpu;
            this.chain = chain;
            this.result = result;
        }
    }

    private static final Comparator<Registration> CHAIN_ORDER =
            Comparator.comparingInt((Registration r) -> -r.priority).thenComparingLong(r -> r.order);

    private final ExecutorService executor;
    private volatile Thread bridgeThread;
    private final Object chainMutation = new Object();
    private volatile List<Registration> chain = List.of();
    private long registrations;
    private final List<HotplugEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile CpuSet knownOnline;
    private final Set<Integer> claimedByController = ConcurrentHashMap.newKeySet();
    private final Set<Integer> vetoWarned = ConcurrentHashMap.newKeySet();
    /** bridge thread only: per CPU, the observation time of the last change applied */
    private final Map<Integer, Long> lastAppliedNanos = new HashMap<>();
    private final CpuHotplugLock hotplugLock;

    /** @param initiallyOnline the CPUs online now; no actions are sent for them (as at boot) */
    public HotplugBridge(CpuSet initiallyOnline) {
        this.knownOnline = initiallyOnline;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hotplug-bridge");
            t.setDaemon(true);
            bridgeThread = t;
            return t;
        });
        this.hotplugLock = new CpuHotplugLock(this::isBridgeThread);
    }

    /** A bridge whose known mask starts as the tree's {@code online} list. */
    public static HotplugBridge forTree(CpuSysfs sysfs) {
        return new HotplugBridge(sysfs.online());
    }

    // ---- notifier chain -------------------------------------------------------------------------

    /**
     * {@code register_cpu_notifier}: higher {@code priority} is called first. A notifier that keeps an online view
     * ({@link CpuNotifier#onlineView()}, as a workqueue system does) is then brought to {@link #knownOnline()} on
     * the bridge thread, before any later action: it gets the {@code CPU_UP_PREPARE} + {@code CPU_ONLINE} or the
     * {@code CPU_DEAD} of every CPU the two disagree on (a transition delivered between its creation and this call).
     */
    public Registration register(CpuNotifier notifier, int priority) {
        Registration r;
        synchronized (chainMutation) {
            r = new Registration(notifier, priority, registrations++);
            List<Registration> next = new ArrayList<>(chain);
            next.add(r);
            next.sort(CHAIN_ORDER);
            chain = List.copyOf(next);
        }
        if (notifier.onlineView() != null) {
            if (isBridgeThread()) {
                catchUp(r);
            } else if (!executor.isShutdown()) {
                callOnBridge(() -> catchUp(r));
            }
        }
        return r;
    }

    /** On the bridge thread, after {@code r} joined the chain: the actions that bring its view to ours. */
    private Void catchUp(Registration r) {
        CpuSet view = r.notifier.onlineView();
        CpuSet known = knownOnline;
        if (view == null || view.equals(known)) {
            return null;
        }
        log.info("notifier {} registered with online view {} while the bridge knows {}; catching it up",
                r.notifier, view, known);
        known.minus(view).forEach(cpu -> {
            if (call(r, CpuAction.CPU_UP_PREPARE, cpu) == NotifyResult.OK) {
                call(r, CpuAction.CPU_ONLINE, cpu);
            }
        });
        view.minus(known).forEach(cpu -> call(r, CpuAction.CPU_DEAD, cpu));
        return null;
    }

    public Registration register(CpuNotifier notifier) {
        return register(notifier, 0);
    }

    /** {@code unregister_cpu_notifier}: removes every registration of {@code notifier}. */
    public boolean unregister(CpuNotifier notifier) {
        synchronized (chainMutation) {
            List<Registration> next = new ArrayList<>(chain);
            boolean removed = next.removeIf(r -> r.notifier == notifier);
            chain = List.copyOf(next);
            return removed;
        }
    }

    private void unregister(Registration registration) {
        synchronized (chainMutation) {
            List<Registration> next = new ArrayList<>(chain);
            next.remove(registration);
            chain = List.copyOf(next);
        }
    }

    public int notifierCount() {
        return chain.size();
    }

    public void addListener(HotplugEventListener listener) {
        listeners.add(listener);
    }

    public void removeListener(HotplugEventListener listener) {
        listeners.remove(listener);
    }

    /** The online mask as delivered so far: a CPU is in it from {@code CPU_ONLINE} until {@code CPU_DEAD}. */
    public CpuSet knownOnline() {
        return knownOnline;
    }

    public CpuHotplugLock hotplugLock() {
        return hotplugLock;
    }

    public boolean isBridgeThread() {
        return Thread.currentThread() == bridgeThread;
    }

    // ---- observations from event sources ---------------------------------------------------------

    /** A source saw {@code cpu} online or offline; {@code observedNanos} is when it looked. */
    public void observe(int cpu, boolean online, EventOrigin origin, long observedNanos) {
        submit(() -> applyObservation(cpu, online, origin, observedNanos));
    }

    /** A source looked at all of {@code looked} at {@code observedNanos} and found {@code online} online. */
    public void observeSnapshot(CpuSet looked, CpuSet online, EventOrigin origin, long observedNanos) {
        submit(() -> {
            CpuSet changed = symmetricDifference(knownOnline, online).intersect(looked);
            changed.forEach(cpu -> applyObservation(cpu, online.contains(cpu), origin, observedNanos));
        });
    }

    /** Waits until every observation submitted before this call has been handled. */
    public void flush() {
        callOnBridge(() -> null);
    }

    private void applyObservation(int cpu, boolean online, EventOrigin origin, long observedNanos) {
        if (claimedByController.contains(cpu)) {
            return;
        }
        Long last = lastAppliedNanos.get(cpu);
        if (last != null && observedNanos - last < 0) {
            return;
        }
        if (online == knownOnline.contains(cpu)) {
            return;
        }
        lastAppliedNanos.put(cpu, observedNanos);
        if (online) {
            Prepared prepared = prepare(CpuAction.CPU_UP_PREPARE, cpu, origin, observedNanos);
            if (prepared.result == NotifyResult.BAD) {
                // The CPU is already up and cannot be refused: leave it out of the known mask so that a
                // later observation (poll snapshot, resync) offers it to the chain again.
                lastAppliedNanos.remove(cpu);
                if (vetoWarned.add(cpu)) {
                    log.warn("cpu{} came online outside our control and a notifier refused CPU_UP_PREPARE;"
                            + " it stays out of the known mask until a later observation is accepted", cpu);
                }
                return;
            }
            vetoWarned.remove(cpu);
            knownOnline = knownOnline.with(cpu);
            deliver(chain, CpuAction.CPU_ONLINE, cpu, origin, observedNanos);
        } else {
            knownOnline = knownOnline.without(cpu);
            deliver(chain, CpuAction.CPU_DEAD, cpu, origin, observedNanos);
        }
    }

    // ---- the controller's side (package-private) ----------------------------------------------

    void claim(int cpu) {
        claimedByController.add(cpu);
    }

    void release(int cpu) {
        claimedByController.remove(cpu);
    }

    /** Sends a prepare action for the controller; on BAD the rollback has already been sent. */
    Prepared prepareForController(CpuAction prepareAction, int cpu) {
        return callOnBridge(() -> prepare(prepareAction, cpu, EventOrigin.CONTROLLER, System.nanoTime()));
    }

    /** The kernel refused the write after a successful prepare: every notifier that agreed gets the rollback. */
    void rollbackForController(Prepared prepared) {
        callOnBridge(() -> {
            deliver(prepared.chain, prepared.action.rollback(), prepared.cpu, EventOrigin.CONTROLLER,
                    System.nanoTime());
            return null;
        });
    }

    /** The controller's write succeeded at {@code writeReturnedNanos}: update the mask, send ONLINE/DEAD. */
    void completeForController(CpuAction action, int cpu, long writeReturnedNanos) {
        callOnBridge(() -> {
            lastAppliedNanos.put(cpu, writeReturnedNanos);
            if (action == CpuAction.CPU_ONLINE) {
                knownOnline = knownOnline.with(cpu);
            } else if (action == CpuAction.CPU_DEAD) {
                knownOnline = knownOnline.without(cpu);
            } else {
                throw new IllegalArgumentException(action.toString());
            }
            deliver(chain, action, cpu, EventOrigin.CONTROLLER, writeReturnedNanos);
            return null;
        });
    }

    /** Runs {@code task} on the bridge thread and waits for it; never call it from the bridge thread. */
    <T> T callOnBridge(Callable<T> task) {
        if (isBridgeThread()) {
            throw new IllegalStateException("a hotplug transition cannot be started from a notifier callback");
        }
        Future<T> f;
        try {
            f = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("hotplug bridge is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the action is under way on the bridge thread: see it through
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- delivery (bridge thread) -------------------------------------------------------------

    private Prepared prepare(CpuAction action, int cpu, EventOrigin origin, long observedNanos) {
        List<Registration> snapshot = chain;
        long deliveredNanos = System.nanoTime();
        Instant at = Instant.now();
        int agreed = 0;
        NotifyResult result = NotifyResult.OK;
        for (Registration r : snapshot) {
            if (call(r, action, cpu) == NotifyResult.BAD) {
                result = NotifyResult.BAD;
                break;
            }
            agreed++;
        }
        fire(new HotplugEvent(action, cpu, origin, observedNanos, deliveredNanos, at, result));
        List<Registration> called = snapshot.subList(0, agreed);
        if (result == NotifyResult.BAD) {
            deliver(called, action.rollback(), cpu, origin, observedNanos);
        }
        return new Prepared(action, cpu, called, result);
    }

    private void deliver(List<Registration> to, CpuAction action, int cpu, EventOrigin origin, long observedNanos) {
        long deliveredNanos = System.nanoTime();
        Instant at = Instant.now();
        for (Registration r : to) {
            call(r, action, cpu);
        }
        fire(new HotplugEvent(action, cpu, origin, observedNanos, deliveredNanos, at, NotifyResult.OK));
    }

    private NotifyResult call(Registration r, CpuAction action, int cpu) {
        try {
            NotifyResult result = r.notifier.onCpuAction(action, cpu);
            if (result == NotifyResult.BAD && !action.isPrepare()) {
                log.warn("notifier {} answered BAD to {} cpu{}; only prepare actions can be refused",
                        r.notifier, action, cpu);
                return NotifyResult.OK;
            }
            return result == null ? NotifyResult.OK : result;
        } catch (RuntimeException e) {
            log.error("notifier {} threw on {} cpu{}{}", r.notifier, action, cpu,
                    action.isPrepare() ? "; taken as BAD" : "", e);
            return action.isPrepare() ? NotifyResult.BAD : NotifyResult.OK;
        }
    }

    private void fire(HotplugEvent event) {
        for (HotplugEventListener l : listeners) {
            try {
                l.onDelivered(event);
            } catch (RuntimeException e) {
                log.error("hotplug event listener {} threw on {}", l, event, e);
            }
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("hotplug bridge closed; observation dropped");
        }
    }

    private static CpuSet symmetricDifference(CpuSet a, CpuSet b) {
        return a.minus(b).union(b.minus(a));
    }

    /** Stops the bridge thread after the actions already queued. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
