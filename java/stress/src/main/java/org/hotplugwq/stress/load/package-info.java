/**
 * The load of a stress run: per policy, a {@link org.hotplugwq.stress.load.PolicyLoad} of long-lived
 * workqueues with pools of reusable tickets (one instance in flight each, numbered, so the exactly-once and
 * flush checks are exact), driven by seeded {@link org.hotplugwq.stress.load.Producer} threads through a
 * {@link org.hotplugwq.stress.load.WorkQueuer} (a test wraps it to break a policy on purpose).
 */
package org.hotplugwq.stress.load;
