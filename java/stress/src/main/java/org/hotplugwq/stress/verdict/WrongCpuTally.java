package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One policy's off-CPU executions, each given its cause once every hotplug window is known (README,
 * {@code hotplugwq stress}: what it measures).
 */
public final class WrongCpuTally {
    private static final int UNEXCUSED_EXAMPLES = 5;

    private final long offCpu;
    private final long notClassified;
    private final List<WrongExecution> kept;
    private final WrongCpuCause[] causes;
    private final Map<WrongCpuCause, Long> byCause = new EnumMap<>(WrongCpuCause.class);
    private final List<String> unexcused = new ArrayList<>();
    private long startedWrong;

    private WrongCpuTally(long offCpu, long notClassified, List<WrongExecution> kept) {
        this.offCpu = offCpu;
        this.notClassified = notClassified;
        this.kept = kept;
        this.causes = new WrongCpuCause[kept.size()];
        for (WrongCpuCause c : WrongCpuCause.values()) {
            byCause.put(c, 0L);
        }
    }

    /**
     * Classifies what {@code collector} kept by {@code windows}.
     *
     * @param originNanos the run's start, for the examples' times
     */
    public static WrongCpuTally classify(ExecutionCollector collector, HotplugWindows windows, long originNanos) {
        return classify(collector.offCpu(), collector.notClassified(), collector.wrongExecutions(), windows,
                originNanos);
    }

    /** {@code kept} of {@code offCpu} off-CPU executions classified, {@code notClassified} not. */
    static WrongCpuTally classify(long offCpu, long notClassified, List<WrongExecution> kept, HotplugWindows windows,
                                  long originNanos) {
        WrongCpuTally t = new WrongCpuTally(offCpu, notClassified, kept);
        for (int i = 0; i < t.kept.size(); i++) {
            WrongExecution e = t.kept.get(i);
            WrongCpuCause cause = windows.classify(e);
            t.causes[i] = cause;
            t.byCause.merge(cause, 1L, Long::sum);
            t.startedWrong += e.startCpu() != e.queueCpu() ? 1 : 0;
            if (cause == WrongCpuCause.NO_HOTPLUG_IN_FLIGHT && t.unexcused.size() < UNEXCUSED_EXAMPLES) {
                t.unexcused.add(describe(e, originNanos));
            }
        }
        return t;
    }

    private static String describe(WrongExecution e, long originNanos) {
        return String.format(Locale.ROOT, "queued on cpu%d at %.3f ms, ran cpu%d->cpu%d at %.3f-%.3f ms"
                        + " by a %s worker",
                e.queueCpu(), (e.queuedNanos() - originNanos) / 1e6, e.startCpu(), e.endCpu(),
                (e.startNanos() - originNanos) / 1e6, (e.endNanos() - originNanos) / 1e6, e.state());
    }

    /** Executions that started or ended off their queue's CPU (the causes partition the classified ones). */
    public long offCpu() {
        return offCpu;
    }

    /** Off-CPU executions past the collector's cap: counted, not classified, so not vouched for. */
    public long notClassified() {
        return notClassified;
    }

    /** Off-CPU executions kept and classified. */
    public int classified() {
        return kept.size();
    }

    public long count(WrongCpuCause cause) {
        return byCause.get(cause);
    }

    /** Of the classified ones, those that started off their CPU (the strict definition). */
    public long startedWrong() {
        return startedWrong;
    }

    /** The first few executions with no hotplug excuse, described. */
    public List<String> unexcusedExamples() {
        return List.copyOf(unexcused);
    }

    /** Each classified execution with its cause, in the order the collector kept them. */
    public void forEach(BiConsumer<WrongExecution, WrongCpuCause> action) {
        for (int i = 0; i < causes.length; i++) {
            action.accept(kept.get(i), causes[i]);
        }
    }
}
