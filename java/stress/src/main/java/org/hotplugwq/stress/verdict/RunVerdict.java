package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of a run: each policy's, and the run's own invariants.
 *
 * @param failures everything that broke: the run's failure, each policy's in order, then the run's invariants
 */
public record RunVerdict(List<PolicyVerdict> policies, boolean cpusRestored, List<String> failures) {

    public RunVerdict {
        policies = List.copyOf(policies);
        failures = List.copyOf(failures);
    }

    public static RunVerdict of(RunInvariant.RunEvidence run, List<PolicyVerdict> policies) {
        List<String> failures = new ArrayList<>();
        if (run.runError() != null) {
            failures.add("the run failed: " + run.runError());
        }
        policies.forEach(p -> failures.addAll(p.failures()));
        for (RunInvariant i : RunInvariant.values()) {
            if (!i.holds(run)) {
                failures.add(i.describeFailure(run));
            }
        }
        return new RunVerdict(policies, run.cpusRestored(), failures);
    }

    /** Exit 0 only when this holds: nothing broke (every invariant held, and the run itself did not fail). */
    public boolean invariantsHeld() {
        return failures.isEmpty();
    }
}
