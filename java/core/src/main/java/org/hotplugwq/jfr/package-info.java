/**
 * JDK Flight Recorder events of the library (README, "JFR events"): each hotplug action the bridge delivers, each
 * workqueue system's hotplug callback with its duration, each work that ran off its queue's CPU, and each work
 * queued where no worker was (stranded). With no recording on, the core checks one flag per site and allocates
 * nothing; {@link org.hotplugwq.jfr.HotplugWqEvents} names them for a recording.
 *
 * <p>This package depends on nothing else of the library: the core passes it names and numbers.
 */
package org.hotplugwq.jfr;
