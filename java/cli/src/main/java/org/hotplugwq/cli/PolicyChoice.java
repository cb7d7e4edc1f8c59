package org.hotplugwq.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.hotplugwq.workqueue.HotplugPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --policy}, the same in every command: the CLI names ({@code takeover}, {@code drain}, {@code drain-sync},
 * {@code rebind}; the enum names are accepted too), a comma list of them, or {@code all}. Its text is the CLI
 * names, so help and reports show them as typed.
 */
record PolicyChoice(List<HotplugPolicy> policies) {
    static final String NAMES = "takeover, drain, drain-sync, rebind";
    static final String DESCRIPTION = "hotplug policies: all, or a comma list of " + NAMES;

    PolicyChoice {
        policies = List.copyOf(policies);
    }

    static PolicyChoice parse(String text) {
        if (text.strip().equalsIgnoreCase("all")) {
            return new PolicyChoice(List.of(HotplugPolicy.values()));
        }
        List<HotplugPolicy> chosen = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            HotplugPolicy p;
            try {
                p = HotplugPolicy.fromCliName(name.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + name.strip() + "' is not a policy (all, or a comma list of "
                        + NAMES + ")");
            }
            if (!chosen.contains(p)) {
                chosen.add(p);
            }
        }
        return new PolicyChoice(chosen);
    }

    @Override
    public String toString() {
        return policies.equals(Arrays.asList(HotplugPolicy.values())) ? "all"
                : policies.stream().map(HotplugPolicy::cliName).collect(Collectors.joining(","));
    }

    static final class Converter implements ITypeConverter<PolicyChoice> {
        @Override
        public PolicyChoice convert(String value) {
            return parse(value);
        }
    }
}
