package org.hotplugwq.stress.machine;

/**
 * What a report says about the machine.
 *
 * @param simulatedReason why the run is simulated (null when real)
 * @param jni which current-CPU path is active ("jni", "jna", "simulated")
 */
public record MachineInfo(int cpus, String kernel, String arch, String jni, String description,
                          boolean simulated, String simulatedReason) {
}
