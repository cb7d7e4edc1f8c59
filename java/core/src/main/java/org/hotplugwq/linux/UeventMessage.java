package org.hotplugwq.linux;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One kernel uevent as sent on {@code NETLINK_KOBJECT_UEVENT}: a header {@code "online@/devices/system/cpu/cpu1"}
 * followed by NUL-separated {@code KEY=value} fields ({@code ACTION}, {@code DEVPATH}, {@code SUBSYSTEM},
 * {@code SEQNUM}, ...).
 */
public record UeventMessage(Map<String, String> fields) {
    private static final String CPU_DEVPATH_PREFIX = "/devices/system/cpu/cpu";

    /** Parses {@code length} bytes; fields without '=' (the header) are skipped. */
    public static UeventMessage parse(byte[] buf, int length) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || buf[i] == 0) {
                if (i > start) {
                    String field = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    int eq = field.indexOf('=');
                    if (eq > 0) {
                        fields.put(field.substring(0, eq), field.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return new UeventMessage(Map.copyOf(fields));
    }

    public Optional<String> action() {
        return Optional.ofNullable(fields.get("ACTION"));
    }

    /** The CPU number when DEVPATH is exactly {@code /devices/system/cpu/cpuN}. */
    public OptionalInt cpu() {
        String path = fields.get("DEVPATH");
        if (path == null || !path.startsWith(CPU_DEVPATH_PREFIX)) {
            return OptionalInt.empty();
        }
        String digits = path.substring(CPU_DEVPATH_PREFIX.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** {@code Optional.of(true)} for {@code ACTION=online} of a CPU, {@code false} for offline, else empty. */
    public Optional<Boolean> cpuOnline() {
        if (cpu().isEmpty()) {
            return Optional.empty();
        }
        String action = fields.get("ACTION");
        if ("online".equals(action)) {
            return Optional.of(true);
        }
        if ("offline".equals(action)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
