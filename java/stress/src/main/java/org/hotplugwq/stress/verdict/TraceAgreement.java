package org.hotplugwq.stress.verdict;

import java.util.List;

/**
 * The kernel trace's word on one policy ({@code stress --trace}): of the executions checked, how many recorded a start
 * or end CPU the kernel never ran that worker on during the execution.
 */
public record TraceAgreement(long checked, long disagreements, List<String> examples) {
    public TraceAgreement {
        examples = List.copyOf(examples);
    }
}
