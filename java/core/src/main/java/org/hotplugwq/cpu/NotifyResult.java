package org.hotplugwq.cpu;

/** A notifier's answer: {@code NOTIFY_OK} or {@code NOTIFY_BAD} (refuses a prepare action). */
public enum NotifyResult {
    OK,
    BAD
}
