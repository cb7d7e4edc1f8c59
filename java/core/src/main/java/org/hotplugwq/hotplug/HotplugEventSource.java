package org.hotplugwq.hotplug;

/** Something that watches the machine and tells a {@link HotplugBridge} what it saw. */
public interface HotplugEventSource extends AutoCloseable {
    /** Short name for reports: {@code "poll 1ms"}, {@code "uevent"}, ... */
    String describe();

    /** Starts watching on the source's own thread. */
    void start();

    /** Stops watching and waits for the thread to end. */
    @Override
    void close();
}
