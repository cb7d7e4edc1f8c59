/**
 * The stress engine ({@code hotplugwq stress}, README): random CPU hotplug under workqueue load, every policy
 * side by side on the same hotplug events, then a verdict and a report.
 *
 * <p>This package runs it: {@link org.hotplugwq.stress.StressRunner} (one run, its body on a thread a
 * {@link org.hotplugwq.stress.Watchdog} can give up on), {@link org.hotplugwq.stress.StressOptions} and the
 * one {@link org.hotplugwq.stress.DurationParser}, the fan-out that hands each hotplug action to every
 * policy's system at once, the live progress line, {@link org.hotplugwq.stress.StressHooks} (where a test
 * plugs a broken policy in) and {@link org.hotplugwq.stress.StressOutcome}. The pieces live below:
 * <ul>
 *   <li>{@code machine}: the machine a run hotplugs (real or simulated), the hotplug schedule and its log;</li>
 *   <li>{@code load}: the producers, their tickets and workqueues;</li>
 *   <li>{@code verdict}: what is measured and the invariants judged on it;</li>
 *   <li>{@code report}: report.json, the summary table and report.html, mapped from the verdict.</li>
 * </ul>
 */
package org.hotplugwq.stress;
