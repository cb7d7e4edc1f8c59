package org.hotplugwq.cli;

/** What {@code hotplugwq info} found: printed as text, or as JSON by Jackson (field names are the JSON keys). */
record InfoReport(Kernel kernel, Cpus cpus, Privileges privileges, Availability netlinkUevent,
        FaultInjection faultInjection, CurrentCpu currentCpu) {

    /** {@code release} is {@code uname -r}, {@code arch} is {@code uname -m}. */
    record Kernel(String os, String release, String arch) {
    }

    /** CPU sets in the kernel's list format ("0-3,8"); empty string for none. */
    record Cpus(String sysfsRoot, String possible, String present, String online, String offline,
            String isolated, String allowed, String hotpluggable, int affinityMaskBytes) {
    }

    record Privileges(boolean root, boolean sysfsWritable, String sysfsDetail) {
    }

    record Availability(boolean available, String detail) {
    }

    /** {@code cpus}: hotpluggable CPUs whose {@code cpuN/hotplug/fail} we may write. */
    record FaultInjection(boolean available, String cpus, String detail) {
    }

    /**
     * {@code jniNsPerCall} is null when the JNI library is not loaded; then {@code jniUnavailableCause} says
     * why. {@code callsPerRound}×{@code rounds} calls per path, best round reported.
     */
    record CurrentCpu(String activePath, boolean jniAvailable, String jniUnavailableCause, Double jniNsPerCall,
            double jnaNsPerCall, int callsPerRound, int rounds, String threadIdSource, String rseqDetail) {
    }
}
