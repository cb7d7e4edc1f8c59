package org.hotplugwq.cpu;

/** A notifier's answer: {@code NOTIFY_OK} or {@code NOTIFY_BAD} (refuses a prepare action). */
public enum NotifyResult {
    /** Agreed, or done. */
    OK,
    /** Refused (a prepare action only): the transition is rolled back. */
    BAD
}
