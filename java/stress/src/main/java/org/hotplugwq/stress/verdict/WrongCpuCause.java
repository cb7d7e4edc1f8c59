package org.hotplugwq.stress.verdict;

/** Why a work ran (started or ended) off its queue's CPU (README, {@code hotplugwq stress}: the cause table). */
public enum WrongCpuCause {
    /** run by a worker draining after CPU_DEAD, running unbound under rebind, or not yet bound (embryonic) */
    DRAINING_OR_UNBOUND("drainingOrUnbound", "draining/unbound worker"),
    /** a bound worker, its CPU already gone (or coming) but our CPU_DEAD (CPU_ONLINE) not yet delivered */
    DETECTION_WINDOW("detectionWindow", "detection window"),
    /** takeover moved it from a dead CPU's queue */
    MOVED_BY_TAKEOVER("movedByTakeover", "moved by takeover"),
    /** started on its CPU, ended elsewhere: the CPU went down under it */
    MIGRATED_MID_WORK("migratedMidWork", "migrated mid-work"),
    /** nothing about its CPU was changing: affinity not restored, a bug */
    NO_HOTPLUG_IN_FLIGHT("noHotplugInFlight", "no hotplug in flight (bug)");

    private final String key;
    private final String label;

    WrongCpuCause(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The report.json key. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }
}
