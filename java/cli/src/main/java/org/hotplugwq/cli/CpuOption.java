package org.hotplugwq.cli;

import java.util.Locale;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --cpu}, the same in every command that works on one CPU: {@code 1}, {@code cpu1}, or {@code auto}
 * (the highest online hotpluggable CPU). The command gives its own default (the instance it builds is the one
 * picocli fills). Lists of CPUs ({@code offline 1-3}, {@code stress --cpus}) go through {@link CpuArguments}.
 */
final class CpuOption {
    static final String AUTO = "auto";

    @Option(names = "--cpu", paramLabel = "CPU", converter = CpuText.class,
            description = "the CPU: 1, cpu1, or auto (the highest online hotpluggable CPU) (default: ${DEFAULT-VALUE})")
    String cpu;

    /** For picocli's factory; commands build it with their default. */
    CpuOption() {
        this(AUTO);
    }

    CpuOption(String defaultCpu) {
        this.cpu = defaultCpu;
    }

    /** The CPU chosen on {@code tree}. */
    int resolve(CpuSysfs tree) throws HotplugRefusedException {
        return cpu.equals(AUTO) ? highestHotpluggable(tree) : HotplugController.parseCpuId(cpu);
    }

    /** The highest online CPU with an {@code online} file (cpu0 usually has none), unless it is the last online. */
    static int highestHotpluggable(CpuSysfs tree) throws HotplugRefusedException {
        CpuSet online = tree.online();
        int best = -1;
        for (int c = online.first(); c >= 0; c = online.next(c + 1)) {
            if (tree.hasOnlineFile(c)) {
                best = c;
            }
        }
        if (best < 0 || online.cardinality() < 2) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.NOT_HOTPLUGGABLE,
                    "no online hotpluggable CPU besides the last one (online: " + online + ")");
        }
        return best;
    }

    /** Validates {@code --cpu} when it is parsed; the value stays text so that help shows it as typed. */
    static final class CpuText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals(AUTO)) {
                return v;
            }
            try {
                HotplugController.parseCpuId(v);
            } catch (HotplugRefusedException e) {
                throw new TypeConversionException(e.getMessage() + " (expected 1, cpu1 or auto)");
            }
            return v;
        }
    }
}
