package org.hotplugwq.jfr;

import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/** The library's JFR events, for a recording (README, "JFR events"). */
public final class HotplugWqEvents {
    /** The name of every event of the library. */
    public static final List<String> NAMES = List.of(HotplugActionEvent.NAME, CpuCallbackEvent.NAME,
            WrongCpuEvent.NAME, StrandedWorkEvent.NAME);

    private static final List<Class<? extends Event>> TYPES = List.of(HotplugActionEvent.class,
            CpuCallbackEvent.class, WrongCpuEvent.class, StrandedWorkEvent.class);

    private HotplugWqEvents() {
    }

    /**
     * Registers the event types (so that a recording's metadata lists them even before the first one is
     * committed) and enables them all in {@code recording}, with no threshold.
     *
     * @param recording the recording to enable them in
     */
    public static void enableAll(Recording recording) {
        for (Class<? extends Event> type : TYPES) {
            FlightRecorder.register(type);
        }
        for (String name : NAMES) {
            recording.enable(name).withoutThreshold();
        }
    }
}
