package org.hotplugwq.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.hotplugwq.LinuxWorkqueues;
import org.hotplugwq.PinnedThread;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;

/**
 * A per-CPU workqueue while cpu1 goes offline and comes back (README, "Java API"). As root, with a hotpluggable
 * cpu1, that is real hotplug; otherwise the same steps run on two simulated CPUs, and the first line says so.
 */
public final class HotplugExample {
    private static final int CPU = 1;
    private static final int WORKS = 1000;

    /** Takes a CPU down or brings it up. */
    interface Hotplug {
        void set(int cpu, boolean online) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String whyNot = whyNoRealHotplug();
        if (whyNot == null) {
            try (LinuxWorkqueues wqs = LinuxWorkqueues.open();   // DRAIN policy, uevents (or polling)
                 PinnedThread producer = wqs.pinCurrentThread(CPU)) { // pinned again whenever cpu1 returns
                System.out.println("real hotplug of cpu" + CPU + "; online " + wqs.onlineCpus() + ", heard by "
                        + wqs.eventSource());
                Workqueue wq = wqs.createWorkqueue("example");
                run(wq, wqs.platform(), (cpu, up) -> {
                    if (up) {
                        wqs.hotplug().online(cpu);   // CPU_UP_PREPARE, write 1, CPU_ONLINE
                    } else {
                        wqs.hotplug().offline(cpu);  // CPU_DOWN_PREPARE, write 0, CPU_DEAD
                    }
                });
                System.out.println("producer thread pinned to " + wqs.platform().threadAffinity(producer.threadId())
                        + " after the cycle (" + producer.pins() + " pins)");
            } // cpu1 is online again; every thread has ended
        } else {
            System.out.println("SIMULATED: " + whyNot + "; the same steps on 2 simulated CPUs");
            SimulatedCpuPlatform sim = new SimulatedCpuPlatform(2);
            try (WorkqueueSystem system = WorkqueueSystem.builder(sim).build()) {
                run(system.createWorkqueue("example"), sim, (cpu, up) -> {   // the kernel's part, played by hand
                    sim.setOnline(cpu, up);
                    if (up) {
                        system.onCpuAction(CpuAction.CPU_UP_PREPARE, cpu);
                        system.onCpuAction(CpuAction.CPU_ONLINE, cpu);
                    } else {
                        system.onCpuAction(CpuAction.CPU_DEAD, cpu);
                    }
                });
            }
        }
    }

    /** Queues on cpu1, takes it down, queues on cpu1's queue while it is down, brings it back. */
    static void run(Workqueue wq, CpuPlatform platform, Hotplug hotplug) throws Exception {
        batch(wq, platform, "cpu1 online ");
        hotplug.set(CPU, false);
        // On cpu1's queue while cpu1 is down: once its worker has drained and exited (DRAIN), nothing runs them
        // until cpu1 returns; the kernel's callers avoid this with get_online_cpus() (README, "What it measures").
        AtomicIntegerArray ranOn = new AtomicIntegerArray(platform.possibleCpus().last() + 1);
        for (int i = 0; i < WORKS; i++) {
            wq.queueOn(CPU, new Work(w -> ranOn.incrementAndGet(platform.currentCpu())));
        }
        System.out.println("cpu1 offline: " + WORKS + " works queued on cpu1's queue, " + total(ranOn)
                + " ran so far");
        hotplug.set(CPU, true); // cpu1's new worker starts at CPU_UP_PREPARE, unpinned until CPU_ONLINE:
        wq.flush();             // what it runs before then runs where the scheduler puts it (cpu0, often)
        System.out.println("cpu1 back:    they ran on " + describe(ranOn));
        batch(wq, platform, "cpu1 online ");
        wq.destroy();
    }

    private static void batch(Workqueue wq, CpuPlatform platform, String label) {
        AtomicIntegerArray ranOn = new AtomicIntegerArray(platform.possibleCpus().last() + 1);
        for (int i = 0; i < WORKS; i++) {
            wq.queueOn(CPU, new Work(w -> ranOn.incrementAndGet(platform.currentCpu())));
        }
        wq.flush(); // every work queued before has run
        System.out.println(label + ": " + WORKS + " works queued on cpu1 ran on " + describe(ranOn));
    }

    private static int total(AtomicIntegerArray counts) {
        int n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    private static String describe(AtomicIntegerArray counts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) > 0) {
                s.append(s.length() == 0 ? "" : ", ").append("cpu").append(i).append(" x").append(counts.get(i));
            }
        }
        return s.length() == 0 ? "no CPU" : s.toString();
    }

    /** Null when cpu1 can be hotplugged for real: root, cpu1 online with a writable online file. */
    private static String whyNoRealHotplug() {
        Path online = Path.of("/sys/devices/system/cpu/cpu" + CPU + "/online");
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        if (!Files.isRegularFile(online)) {
            return "cpu" + CPU + " is not hotpluggable here (no " + online + ")";
        }
        if (!Files.isWritable(online)) {
            return online + " is not writable (read-only /sys?)";
        }
        try {
            if (!Files.readString(online).strip().equals("1")) {
                return "cpu" + CPU + " is offline";
            }
        } catch (java.io.IOException e) {
            return "cannot read " + online + ": " + e.getMessage();
        }
        return null;
    }
}
