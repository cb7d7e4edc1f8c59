package org.hotplugwq.stress.report;

import java.util.Map;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.hotplugwq.stress.verdict.ExecutionCollector;
import org.hotplugwq.stress.verdict.PolicyEvidence;
import org.hotplugwq.stress.verdict.PolicyVerdict;

/**
 * Everything the report says about one policy, measured and judged: {@link ReportBuilder} only maps it.
 *
 * @param shortlivedCreated short-lived workqueues the producers created and destroyed
 * @param offlinesWithoutDead offlines for which this system's {@code CPU_DEAD} was not found
 * @param systemCounters the workqueue system's own counters, by report key
 */
public record PolicyResult(PolicyEvidence evidence, PolicyVerdict verdict, ExecutionCollector collector,
                           CallbackTimings timings, long shortlivedCreated, long offlinesWithoutDead,
                           Map<String, Long> systemCounters) {

    public String name() {
        return evidence.policy();
    }
}
