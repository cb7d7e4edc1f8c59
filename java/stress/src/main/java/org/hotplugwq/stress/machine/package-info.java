/**
 * The machine a stress run hotplugs, behind {@link org.hotplugwq.stress.machine.StressMachine}: this machine's
 * real CPUs through sysfs and an event source ({@link org.hotplugwq.stress.machine.RealStressMachine}), or
 * virtual ones ({@link org.hotplugwq.stress.machine.SimulatedStressMachine}), chosen by
 * {@link org.hotplugwq.stress.machine.StressMachines}. Also the kernel's {@code torture_onoff} schedule
 * ({@link org.hotplugwq.stress.machine.HotplugSchedule}, its {@code --dry-run} plan) and the
 * {@link org.hotplugwq.stress.machine.HotplugLog} of every operation and delivered action.
 */
package org.hotplugwq.stress.machine;
