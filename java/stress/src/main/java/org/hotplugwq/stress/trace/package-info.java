/**
 * {@code hotplugwq stress --trace}: the kernel's scheduler as a second opinion (README, "--trace"). A private tracefs
 * instance records {@code sched:sched_switch} and the cpuhp steps during the run; afterwards every execution's start
 * and end CPU is checked against the CPU the kernel ran that worker on, and the time pinned workers ran off their
 * CPU is split by what the kernel was doing to that CPU.
 */
package org.hotplugwq.stress.trace;
