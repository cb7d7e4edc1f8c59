package org.hotplugwq.stress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.load.PolicyLoad;
import org.hotplugwq.stress.load.WorkQueuer;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.report.PolicyResult;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.hotplugwq.stress.verdict.ExecutionCollector;
import org.hotplugwq.stress.verdict.HotplugWindows;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.stress.verdict.PolicyEvidence;
import org.hotplugwq.stress.verdict.PolicyVerdict;
import org.hotplugwq.stress.verdict.WrongCpuTally;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.WorkqueueSystem;

/**
 * One policy's side of the run: its workqueue system (told of every hotplug action by the fan-out), its
 * load, and what watches them (the ledger, the execution collector, the callback timings).
 */
final class PolicyRun {
    final HotplugPolicy policy;
    final WorkqueueSystem system;
    final CpuNotifier notifier;
    final Ledger ledger = new Ledger();
    final ExecutionCollector collector;
    final CallbackTimings timings = new CallbackTimings();
    final PolicyLoad load;
    volatile String quiesceError;

    PolicyRun(HotplugPolicy policy, StressMachine machine, StressOptions options, StressHooks hooks,
              long originNanos) {
        this.policy = policy;
        int seconds = (int) Math.max(1, options.duration().toSeconds() + 120);
        this.collector = new ExecutionCollector(originNanos, seconds);
        this.system = WorkqueueSystem.builder(machine.platform()).policy(policy).observer(collector).build();
        this.notifier = hooks.notifier().apply(policy, system);
        this.load = new PolicyLoad(policy.cliName(), system, hooks.queuer().apply(policy, WorkQueuer.DIRECT), ledger,
                options.workqueues(), options.workTime().toNanos());
    }

    String name() {
        return policy.cliName();
    }

    /**
     * After the run: the wrong-CPU executions classified by this system's hotplug windows, the evidence, and
     * the verdict on it.
     *
     * @param ops every hotplug operation of the run
     * @param deliveries every action delivered
     * @param offlineAtStart eligible CPUs already offline when the run began
     * @param graceNanos how long after an operation ended a wrong-CPU execution still counts as its doing
     * @param runHung the watchdog gave up on the run
     */
    PolicyResult result(List<TransitionOutcome> ops, List<HotplugLog.Delivery> deliveries, CpuSet offlineAtStart,
                        long graceNanos, long originNanos, boolean runHung) {
        HotplugWindows windows = new HotplugWindows(ops, deliveries, offlineAtStart, graceNanos,
                timings.deadCallbacks());
        WrongCpuTally wrongCpu = WrongCpuTally.classify(collector, windows, originNanos);
        PolicyEvidence evidence = new PolicyEvidence(name(), ledger.counts(), load.lost(), wrongCpu,
                system.stats().workFailures(), runHung, quiesceError);
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("bindFailures", system.stats().bindFailures());
        counters.put("takenOverWorks", system.stats().takenOverWorks());
        counters.put("runDepthWarnings", system.stats().runDepthWarnings());
        counters.put("droppedTimers", system.stats().droppedTimers());
        counters.put("workFailures", evidence.workFailures());
        return new PolicyResult(evidence, PolicyVerdict.of(evidence), collector, timings, load.shortlivedCreated(),
                windows.offlinesWithoutDead(), counters);
    }
}
