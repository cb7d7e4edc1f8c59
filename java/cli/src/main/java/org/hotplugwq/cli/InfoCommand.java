package org.hotplugwq.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CurrentCpuPath;
import org.hotplugwq.linux.HotplugWqNative;
import org.hotplugwq.linux.LinuxArch;
import org.hotplugwq.linux.LinuxCpuPlatform;
import org.hotplugwq.linux.LinuxProbes;
import org.hotplugwq.linux.ThreadIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hotplugwq info}: what this machine offers for real hotplug and pinning, and what it costs. */
@Command(name = "info",
        description = {"Shows the kernel, the CPU sets (possible, present, online, offline, isolated, allowed,"
            + " hotpluggable), privileges, netlink uevent and hotplug fault-injection availability, and which"
            + " current-CPU path is active with its measured cost per call (JNI and JNA).",
            "-Dhotplugwq.native=false (e.g. in JAVA_OPTS for scripts/hotplugwq) forces the JNA path."})
public final class InfoCommand implements Callable<Integer> {

    @Mixin
    SysfsOptions sysfs;

    @Mixin
    JsonOutput json;

    @Option(names = "--calls", paramLabel = "N",
            description = "calls per timed round when measuring currentCpu() (default: ${DEFAULT-VALUE})")
    int calls = 2_000_000;

    @Option(names = "--rounds", paramLabel = "N",
            description = "timed rounds; the best is shown (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Override
    public Integer call() throws Exception {
        if (LinuxArch.current().isEmpty()) {
            throw new UserError("info needs Linux on x86-64 or aarch64, this is " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch"));
        }
        if (calls < 1 || rounds < 1) {
            throw new UserError("--calls and --rounds must be positive");
        }
        Path root = sysfs.root();
        if (!Files.isDirectory(root)) {
            throw new UserError("no CPU sysfs directory at " + root);
        }
        InfoReport report = gather(new CpuSysfs(root), new CallCost(calls, rounds));
        PrintWriter out = sysfs.out();
        if (json.enabled()) {
            JsonOutput.print(out, report);
        } else {
            printText(report, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static InfoReport gather(CpuSysfs sysfs, CallCost cost) {
        LinuxCpuPlatform platform = LinuxCpuPlatform.builder().sysfs(sysfs).build();
        String arch = LinuxArch.current().map(LinuxArch::kernelName).orElse(System.getProperty("os.arch"));
        var kernel = new InfoReport.Kernel(System.getProperty("os.name"), System.getProperty("os.version"), arch);

        CpuSet hotpluggable = sysfs.hotpluggable();
        var cpus = new InfoReport.Cpus(sysfs.root().toString(), str(sysfs.possible()), str(sysfs.present()),
                str(sysfs.online()), str(sysfs.offline()), str(sysfs.isolated()), str(platform.allowedCpus()),
                str(hotpluggable), (int) platform.maskLayout().byteSize());

        LinuxProbes.Probe rw = LinuxProbes.writableFileSystem(sysfs.root());
        var privileges = new InfoReport.Privileges(LinuxProbes.isRoot(), rw.available(), rw.detail());

        LinuxProbes.Probe uevent = LinuxProbes.ueventSocket();
        var netlink = new InfoReport.Availability(uevent.available(), uevent.detail());

        CpuSet injectable = sysfs.faultInjectable();
        String faultDetail = injectable.isEmpty()
                ? (hotpluggable.isEmpty() ? "no hotpluggable CPU we may write" : "no writable cpuN/hotplug/fail"
                        + " (kernel without CONFIG_CPU_HOTPLUG_STATE_CONTROL?)")
                : "cpuN/hotplug/fail writable; states in " + sysfs.root().resolve("hotplug/states");
        var fault = new InfoReport.FaultInjection(!injectable.isEmpty(), str(injectable), faultDetail);

        boolean jni = HotplugWqNative.isAvailable();
        Throwable cause = HotplugWqNative.unavailabilityCause();
        var current = new InfoReport.CurrentCpu(platform.currentCpuPath().label(), jni,
                cause == null ? null : cause.toString(),
                jni ? cost.nsPerCall(CurrentCpuPath.JNI) : null, cost.nsPerCall(CurrentCpuPath.JNA),
                cost.callsPerRound(), cost.rounds(), ThreadIds.source());
        return new InfoReport(kernel, cpus, privileges, netlink, fault, current);
    }

    private static String str(CpuSet set) {
        return set.toString();
    }

    private static String list(String cpus) {
        return cpus.isEmpty() ? "(none)" : cpus;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static void printText(InfoReport r, PrintWriter out) {
        var k = r.kernel();
        var c = r.cpus();
        var cur = r.currentCpu();
        String f = "%-22s %s%n";
        out.printf(f, "kernel", k.os() + " " + k.release() + " " + k.arch());
        out.printf(f, "sysfs", c.sysfsRoot());
        out.printf(f, "possible CPUs", list(c.possible()) + "   (affinity mask " + c.affinityMaskBytes() + " bytes)");
        out.printf(f, "present CPUs", list(c.present()));
        out.printf(f, "online CPUs", list(c.online()));
        out.printf(f, "offline CPUs", list(c.offline()));
        out.printf(f, "isolated CPUs", list(c.isolated()));
        out.printf(f, "allowed CPUs", list(c.allowed()) + "   (this process's cpuset/affinity)");
        out.printf(f, "hotpluggable CPUs", list(c.hotpluggable()) + "   (writable cpuN/online)");
        out.printf(f, "root", yesNo(r.privileges().root()));
        out.printf(f, "sysfs writable", yesNo(r.privileges().sysfsWritable())
                + "   (" + r.privileges().sysfsDetail() + ")");
        out.printf(f, "netlink uevents", yesNo(r.netlinkUevent().available())
                + "   (" + r.netlinkUevent().detail() + ")");
        out.printf(f, "fault injection", yesNo(r.faultInjection().available())
                + (r.faultInjection().available() ? " on " + r.faultInjection().cpus() : "")
                + "   (" + r.faultInjection().detail() + ")");
        out.printf(f, "currentCpu path", cur.activePath() + (cur.jniAvailable() ? "   (JNI library loaded)"
                : "   (JNI unavailable: " + cur.jniUnavailableCause() + ")"));
        String jniCost = cur.jniNsPerCall() == null ? "n/a" : String.format("%.1f ns/call", cur.jniNsPerCall());
        out.printf(f, "currentCpu cost", "jni " + jniCost + ", jna " + String.format("%.1f ns/call", cur.jnaNsPerCall())
                + "   (best of " + cur.rounds() + " rounds x " + cur.callsPerRound() + " calls)");
        out.printf(f, "thread id", cur.threadIdSource());
    }
}
