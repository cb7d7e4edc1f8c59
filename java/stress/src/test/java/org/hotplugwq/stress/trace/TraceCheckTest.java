package org.hotplugwq.stress.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.stress.machine.HotplugLog;
import org.junit.jupiter.api.Test;

/** The after-run check on made-up kernel views: intervals from switches, contexts, agreement. */
class TraceCheckTest {
    private static final int T = 100;

    private static SwitchLog switches() {
        SwitchLog log = new SwitchLog();
        log.add(10, 0, T, 0);   // running on cpu0 when the trace began, out at 10
        log.add(20, 1, 0, T);   // in on cpu1
        log.add(30, 1, T, 0);   // out
        log.add(40, 0, 7, T);   // in on cpu0, still running at the end
        return log;
    }

    @Test
    void intervalsFromSwitchesIncludingThoseOpenAtEitherEnd() {
        RunIntervals runs = new RunIntervals(switches(), Set.of(T), 0, 100);
        RunIntervals.Runs r = runs.of(T);
        assertThat(r.size).isEqualTo(3);
        assertThat(new long[] {r.start[0], r.end[0], r.cpu[0]}).containsExactly(0, 10, 0);
        assertThat(new long[] {r.start[1], r.end[1], r.cpu[1]}).containsExactly(20, 30, 1);
        assertThat(new long[] {r.start[2], r.end[2], r.cpu[2]}).containsExactly(40, 100, 0);
        assertThat(TraceCheck.cpusDuring(r, 5, 25)).containsExactly(0, 1);
        assertThat(TraceCheck.cpusDuring(r, 12, 18)).isEmpty();
    }

    @Test
    void anExecutionAgreesOnlyWithACpuTheKernelRanItOn() {
        ExecutionTape tape = new ExecutionTape(r -> { });
        tape.add(T, 22_000, 28_000, 1, 1);  // agrees
        tape.add(T, 50_000, 60_000, 0, 0);  // agrees
        tape.add(T, 5_000, 8_000, 1, 0);    // started on cpu1 by its own account: the kernel had it on cpu0 only
        tape.add(T, 43_000, 60_000, 1, 0);  // cpu1 read, switched out, stamped on cpu0 after the switch-in: agrees
        tape.add(T, 12_500, 17_500, 0, 0);  // the trace shows it nowhere: unverifiable
        tape.add(T, 200_000, 210_000, 0, 0); // after the trace
        SwitchLog log = new SwitchLog();
        log.add(10_000, 0, T, 0);
        log.add(20_000, 1, 0, T);
        log.add(30_000, 1, T, 0);
        log.add(40_000, 0, 7, T);
        RunIntervals runs = new RunIntervals(log, Set.of(T), 0, 100_000);
        ContextTimeline none = new ContextTimeline(List.of(), List.of(), List.of(), cpu -> false, 0, 100_000);
        TraceReport.PolicyTrace p = TraceCheck.check(tape, new WorkerRoster(), runs, none, 0, 100_000);
        assertThat(p.executionsChecked()).isEqualTo(4);
        assertThat(p.disagreements()).isEqualTo(1);
        assertThat(p.unverifiable()).isEqualTo(1);
        assertThat(p.outsideTrace()).isEqualTo(1);
        assertThat(p.examples()).singleElement().asString().contains("recorded cpu1->cpu0").contains("[0]");
    }

    @Test
    void offCpuTimeIsSplitByWhatTheKernelWasDoingToTheCpu() {
        List<KernelRecording.Transition> kernel = List.of(new KernelRecording.Transition(1, true, 100, 200, -1),
                new KernelRecording.Transition(1, false, 300, 400, -1));
        List<HotplugLog.Delivery> deliveries = List.of(
                new HotplugLog.Delivery(CpuAction.CPU_DEAD, 1, EventOrigin.TRACE, 210, 220, false),
                new HotplugLog.Delivery(CpuAction.CPU_ONLINE, 1, EventOrigin.TRACE, 420, 450, false));
        ContextTimeline t = new ContextTimeline(kernel, deliveries, List.of(), cpu -> false, 0, 1000);
        EnumMap<OffCpuContext, Long> off = new EnumMap<>(OffCpuContext.class);
        t.split(1, 50, 500, off);
        assertThat(off).containsEntry(OffCpuContext.REPINNED_IDLE, 100L)
                .containsEntry(OffCpuContext.OFFLINE_IN_FLIGHT, 100L)
                .containsEntry(OffCpuContext.CPU_OFFLINE, 200L)
                .containsEntry(OffCpuContext.ONLINE_NOT_REPINNED, 50L);
        EnumMap<OffCpuContext, Long> failed = new EnumMap<>(OffCpuContext.class);
        new ContextTimeline(List.of(new KernelRecording.Transition(1, true, 100, 300, 150)), List.of(), List.of(),
                cpu -> false, 0, 1000).split(1, 100, 300, failed);
        assertThat(failed).containsOnlyKeys(OffCpuContext.FAILED_OPERATION).containsEntry(
                OffCpuContext.FAILED_OPERATION, 200L);
    }
}
