package org.hotplugwq.stress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.verdict.WrongExecution;
import org.hotplugwq.workqueue.WorkerState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** report.html from a simulated run: well-formed, every section drawn, nothing fetched from anywhere. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportTest {
    private Path out;
    private StressOutcome run;

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        out = dir;
        run = ReportPages.simulatedRun(out);
    }

    @Test
    void everySectionIsDrawnInOneSelfContainedWellFormedPage() throws Exception {
        String html = Files.readString(ReportWriter.writeHtml(run, out));

        Document doc = ReportPages.parse(html);
        for (String id : HtmlReport.SECTIONS) {
            if (id.equals("headline")) {
                continue; // only with paired differences: below
            }
            Element section = byId(doc, id);
            assertThat(section).as(id).isNotNull();
            if (!id.equals("numbers")) {
                assertThat(section.getElementsByTagName("svg").getLength()).as(id + ": svg").isPositive();
            }
        }
        // every run of two or more policies has paired differences, and then the headline
        assertThat(run.report().pairedDifferences()).isNotEmpty();
        assertThat(byId(doc, "headline")).isNotNull();
        assertThat(byId(doc, "timeline").getElementsByTagName("circle").getLength()).isPositive();
        assertThat(byId(doc, "throughput").getElementsByTagName("polyline").getLength())
                .isEqualTo(run.timeline().worksPerSecond().size());
        assertThat(byId(doc, "worst-operations").getElementsByTagName("svg").getLength())
                .isEqualTo(run.timeline().worstOps().size()).isPositive();
        assertThat(byId(doc, "detection-latency").getElementsByTagName("polyline").getLength()).isPositive();
        assertThat(ReportPages.externalReferences(html)).isEmpty();
        assertThat(html).contains("Simulated run", "takeover", "rebind", "queue cpu", "after its operation's write");
    }

    @Test
    void theHeadlineShowsThePairedDifferences() throws Exception {
        StressReport r = ReportPages.withDifferences(run.report(), ReportPages.someDifferences());
        String html = new HtmlReport(r, run.timeline(), r.pairedDifferences()).render();

        Document doc = ReportPages.parse(html);
        Element headline = byId(doc, "headline");
        assertThat(headline).isNotNull();
        assertThat(headline.getTextContent()).contains("drain − takeover: +0.412 pp [0.301, 0.530]",
                "rebind − drain: -0.900 pp [-1.200, -0.600]");
        assertThat(headline.getElementsByTagName("svg").getLength()).isEqualTo(1);
        assertThat(html.indexOf("id=\"headline\"")).isLessThan(html.indexOf("id=\"timeline\""));
    }

    @Test
    void aLongWriteIsDrawnAsASpanFromItsStartAndTheCpuIsOfflineOnlyOnceItReturned() {
        long s = 1_000_000_000L;
        TransitionOutcome offline = new TransitionOutcome(1, false, false, TransitionResult.Outcome.DONE, s,
                11 * s + 20_000_000, 10 * s, "seen by uevent", s);
        TransitionOutcome online = new TransitionOutcome(1, true, false, TransitionResult.Outcome.DONE, 20 * s,
                20 * s + 30_000_000, 20_000_000, "seen by uevent", 20 * s);
        Timeline t = new TimelineBuilder(CpuSet.of(1), CpuSet.of(0, 1), 0).build(List.of(), List.of(offline, online),
                List.of(), 30);

        Timeline.Op op = t.ops().get(0);
        assertThat(op.start()).isEqualTo(1.0);
        assertThat(op.writeEnd()).isEqualTo(11.0);
        assertThat(op.end()).isEqualTo(11.02);
        assertThat(t.offlineSpans().get(1)).containsExactly(new double[] {11.0, 20.0});
        String svg = org.hotplugwq.stress.report.html.TimelineChart.render(t);
        assertThat(svg).contains("offline cpu1: DONE, write 1.000 s + 10.000 s, delivered 20.0 ms after the write");
    }

    @Test
    void aWrongCpuWorkBelongsToTheLastOperationOnItsQueueCpuThatBeganBeforeIt() {
        long ms = 1_000_000L;
        TransitionOutcome offline = new TransitionOutcome(1, false, false, TransitionResult.Outcome.DONE, 1000 * ms,
                1200 * ms, 100 * ms, "", 1001 * ms);
        TransitionOutcome online = new TransitionOutcome(1, true, false, TransitionResult.Outcome.DONE, 2000 * ms,
                2100 * ms, 50 * ms, "", 2000 * ms);
        TimelineBuilder.Operations ops = new TimelineBuilder(CpuSet.of(1, 2), CpuSet.of(0, 1, 2), 0)
                .operations(List.of(offline, online), List.of());

        WrongExecution during = wrong(1, 1050 * ms);
        assertThat(ops.opOf(during)).isZero();
        assertThat(ops.sinceWriteNanos(during, 0)).isEqualTo(49 * ms);
        WrongExecution atThePrepare = wrong(1, 1000 * ms + ms / 2);
        assertThat(ops.opOf(atThePrepare)).isZero();
        assertThat(TimelineBuilder.bin(ops.sinceWriteNanos(atThePrepare, 0) / 1e6)).isZero();
        assertThat(ops.opOf(wrong(1, 2500 * ms))).isEqualTo(1);
        assertThat(ops.opOf(wrong(1, 500 * ms))).isEqualTo(-1);
        assertThat(ops.opOf(wrong(2, 1050 * ms))).isEqualTo(-1);
    }

    private static WrongExecution wrong(int queueCpu, long startNanos) {
        return new WrongExecution(queueCpu, 0, 0, WorkerState.BOUND, startNanos - 1000, startNanos, startNanos + 1000,
                false);
    }

    @Test
    void kernelStepsAreTicksOnTheirCpusLane() {
        Timeline t = new TimelineBuilder(CpuSet.of(1), CpuSet.of(0, 1), 0).build(List.of(), List.of(), List.of(), 5)
                .withKernelSteps(List.of(new KernelStep(2.5, 1, "sched_cpu_deactivate")));

        assertThat(org.hotplugwq.stress.report.html.TimelineChart.render(t))
                .contains("kernel: sched_cpu_deactivate cpu1 at 2.500000 s");
        assertThat(new TimelineBuilder(CpuSet.of(1), CpuSet.of(0, 1), 0).build(List.of(), List.of(), List.of(), 5)
                .kernelSteps()).isEmpty();
    }

    @Test
    void timeSinceTheWriteIsBinnedBeforeByEdgeAndNone() {
        assertThat(TimelineBuilder.bin(-0.5)).isZero();
        assertThat(TimelineBuilder.bin(0.2)).isEqualTo(1);
        assertThat(TimelineBuilder.bin(1.0)).isEqualTo(2);
        assertThat(TimelineBuilder.bin(12_000)).isEqualTo(Timeline.SINCE_WRITE_BINS.length);
        assertThat(TimelineBuilder.bin(Double.NaN)).isEqualTo(Timeline.SINCE_WRITE_BINS.length + 1);
        assertThat(org.hotplugwq.stress.report.html.SinceWriteChart.labels())
                .hasSize(Timeline.SINCE_WRITE_BINS.length + 2).startsWith("before", "< 1 ms", "1–2 ms")
                .endsWith("≥ 10 s", "none");
    }

    @Test
    void theWrongCpuWorksOfTheRunAreAttributedToOperations() {
        Map<String, long[]> since = run.timeline().sinceWrite();
        assertThat(since.keySet()).isEqualTo(run.report().policies().keySet());
        long attributed = since.values().stream().mapToLong(b -> java.util.Arrays.stream(b).sum()).sum();
        long classified = run.report().policies().values().stream()
                .mapToLong(p -> p.core().get("wrongKeptForClassification")).sum();
        assertThat(attributed).isEqualTo(classified);
        assertThat(run.timeline().worstOps()).isSortedAccordingTo((a, b) -> Long.compare(b.total(), a.total()));
    }

    private static Element byId(Document doc, String id) {
        var all = doc.getElementsByTagName("section");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        return null;
    }
}
