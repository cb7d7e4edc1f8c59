package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link Invariant} judged on one policy's evidence.
 *
 * @param held whether each invariant held, in {@link Invariant} order
 * @param failures what broke, in {@link Invariant} order
 */
public record PolicyVerdict(String policy, Map<Invariant, Boolean> held, List<String> failures) {

    public PolicyVerdict {
        held = java.util.Collections.unmodifiableMap(new EnumMap<>(held));
        failures = List.copyOf(failures);
    }

    public static PolicyVerdict of(PolicyEvidence evidence) {
        Map<Invariant, Boolean> held = new EnumMap<>(Invariant.class);
        List<String> failures = new ArrayList<>();
        for (Invariant i : Invariant.values()) {
            held.put(i, i.holds(evidence));
            failures.addAll(i.failures(evidence));
        }
        return new PolicyVerdict(evidence.policy(), held, failures);
    }

    /** The invariants by report key, in order. */
    public Map<String, Boolean> byKey() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        held.forEach((i, ok) -> out.put(i.key(), ok));
        return out;
    }
}
