package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UeventMessageTest {
    private static UeventMessage parse(String text) {
        byte[] msg = text.getBytes(StandardCharsets.US_ASCII);
        return UeventMessage.parse(msg, msg.length);
    }

    @Test
    void parsesKernelUevents() {
        UeventMessage m = parse("offline@/devices/system/cpu/cpu1\0ACTION=offline\0DEVPATH=/devices/system/cpu/cpu1\0"
                + "SUBSYSTEM=cpu\0SEQNUM=42\0");
        assertThat(m.cpu()).hasValue(1);
        assertThat(m.cpuOnline()).contains(false);
        UeventMessage other = parse("add@/devices/system/cpu/cpu1/cache\0ACTION=add\0"
                + "DEVPATH=/devices/system/cpu/cpu1/cache\0");
        assertThat(other.cpuOnline()).isEmpty();
        UeventMessage online = parse("ACTION=online\0DEVPATH=/devices/system/cpu/cpu12");
        assertThat(online.cpuOnline()).contains(true);
        assertThat(online.cpu()).hasValue(12);
    }
}
