package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What stands between this process's own hotplug writes and the restore at exit. Every write of
 * {@code cpuN/online} ({@link GuardedHotplugWriter}: the {@link HotplugController}, the stress machine's direct
 * writes, the {@link DetectionLatencyProbe}) records the CPU and writes it inside one {@link #enter section}; the
 * JVM shutdown hook ({@link #closeAndRestore()}) first marks the guard closing, so that no new section starts (a
 * transition asked for afterwards is refused, nothing changed), then waits, bounded, for the section in flight,
 * and only then brings back this process's temporary CPUs. So the hook can neither see a CPU recorded but not yet
 * written (it would drop the record and the write would then offline the CPU for good) nor be followed by a
 * new offline from a thread still running (a hotplug schedule) before the JVM halts.
 *
 * <p>Production code shares {@link #forThisProcess() one guard per process} (JVM exit is process-wide, and the
 * hook restores every temporary CPU of this pid); tests make their own so that closing one changes nothing else.
 */
public final class ExitGuard {
    /** How long the hook waits for a transition in flight before restoring anyway. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private static final class ProcessGuard {
        static final ExitGuard INSTANCE = new ExitGuard(DEFAULT_WAIT, System.err::println);
    }

    /** A held section: the caller records and writes inside it. */
    public interface Section extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantLock transitions = new ReentrantLock();
    private final Duration wait;
    private final Consumer<String> report;
    private final List<MachineRestorer> restorers = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private Thread hook; // guarded by this

    /**
     * @param wait how long {@link #closeAndRestore()} waits for a section in flight
     * @param report told one line per CPU brought back at exit, and of a transition that outlived the wait
     */
    public ExitGuard(Duration wait, Consumer<String> report) {
        this.wait = wait;
        this.report = report;
    }

    /** The guard of every hotplug this process performs; its hook reports on standard error. */
    public static ExitGuard forThisProcess() {
        return ProcessGuard.INSTANCE;
    }

    /** Whether the process is exiting: every further transition is refused. */
    public boolean isClosing() {
        return closing;
    }

    /** Refuses at once when closing: for a transition to call before it announces anything. */
    public void checkOpen(int cpu) throws HotplugRefusedException {
        if (closing) {
            throw refusal(cpu);
        }
    }

    /**
     * Starts the part of a transition that changes the machine (record, write, forget). Blocks while another
     * thread is in its section or the exit hook is restoring.
     *
     * @throws HotplugRefusedException ({@link HotplugRefusedException.Reason#EXITING}) when the process is exiting
     */
    public Section enter(int cpu) throws HotplugRefusedException {
        checkOpen(cpu);
        transitions.lock();
        if (closing) {
            transitions.unlock();
            throw refusal(cpu);
        }
        return transitions::unlock;
    }

    private static HotplugRefusedException refusal(int cpu) {
        return new HotplugRefusedException(HotplugRefusedException.Reason.EXITING,
                "cpu" + cpu + ": not changed: hotplugwq is exiting and bringing back the CPUs it offlined");
    }

    /**
     * Makes sure {@code restorer}'s temporary CPUs are brought back when the JVM exits (normally or on a
     * signal), after any transition in flight. Installs the shutdown hook on first use.
     */
    public synchronized void restoreAtExit(MachineRestorer restorer) {
        if (restorers.stream().noneMatch(r -> r == restorer)) {
            restorers.add(restorer);
        }
        if (hook == null) {
            Thread t = new Thread(this::closeAndRestore, "hotplug-restore-at-exit");
            try {
                Runtime.getRuntime().addShutdownHook(t);
                hook = t;
            } catch (IllegalStateException alreadyShuttingDown) {
                // too late for a hook: the caller's own transitions are refused from here on anyway
            }
        }
    }

    /** {@code restorer}'s owner has brought its CPUs back itself (it was closed): nothing to do at exit. */
    public void release(MachineRestorer restorer) {
        restorers.removeIf(r -> r == restorer);
    }

    /**
     * The shutdown hook: refuse every further transition, wait (at most the guard's wait) for the one in
     * flight, then bring back this process's temporary CPUs, each in one line.
     *
     * @return what was brought back
     */
    public List<MachineRestorer.Restored> closeAndRestore() {
        closing = true;
        boolean locked = false;
        try {
            locked = transitions.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            report.accept("hotplugwq: a CPU transition still in progress after " + wait.toMillis()
                    + " ms; bringing the CPUs back anyway");
        }
        try {
            List<MachineRestorer.Restored> done = new ArrayList<>();
            for (MachineRestorer r : restorers) {
                try {
                    done.addAll(r.restoreOwnTemporary());
                } catch (RuntimeException e) {
                    report.accept("hotplugwq: bringing CPUs back failed: " + e.getMessage()
                            + " (run `hotplugwq restore`)");
                }
            }
            done.forEach(r -> report.accept("hotplugwq: " + r));
            return done;
        } finally {
            if (locked) {
                transitions.unlock();
            }
        }
    }
}
