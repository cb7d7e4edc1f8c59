package org.hotplugwq.stress.report;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.hotplugwq.stress.SimulatedRuns;
import org.hotplugwq.stress.StressHooks;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** A report.html from a short simulated run, and the checks every rendering of it must pass. */
final class ReportPages {
    private ReportPages() {
    }

    /** Every policy, 3 s of simulated hotplug every 30–120 ms (a few seconds of throughput to draw). */
    static StressOutcome simulatedRun(Path out) throws IOException {
        return SimulatedRuns.run(SimulatedRuns.options(out, List.of(HotplugPolicy.values()), Duration.ofSeconds(3))
                .interval(Duration.ofMillis(30), Duration.ofMillis(120)).injectFailures(0.1).build(),
                StressHooks.NONE);
    }

    static List<PairedDifference> someDifferences() {
        return List.of(new PairedDifference("drain", "takeover", 0.412, 0.301, 0.530, 0.95),
                new PairedDifference("drain-sync", "drain", -0.05, -0.2, 0.1, 0.95),
                new PairedDifference("rebind", "drain", -0.9, -1.2, -0.6, 0.95));
    }

    /** Made-up cpuhp steps spread over each operation's write (a simulated run has no kernel to trace). */
    static List<KernelStep> kernelSteps(Timeline t) {
        List<String> down = List.of("sched_cpu_deactivate", "workqueue_offline_cpu", "takedown_cpu",
                "smpcfd_dying_cpu", "cpuhp_report_idle_dead");
        List<String> up = List.of("bringup_cpu", "sched_cpu_starting", "sched_cpu_activate", "workqueue_online_cpu");
        List<KernelStep> steps = new ArrayList<>();
        for (Timeline.Op op : t.ops()) {
            List<String> names = op.up() ? up : down;
            for (int i = 0; i < names.size(); i++) {
                double at = op.start() + (op.writeEnd() - op.start()) * (i + 0.5) / names.size();
                steps.add(new KernelStep(at, op.cpu(), names.get(i)));
            }
        }
        return steps;
    }

    /** {@code r} with {@code diffs} as its paired differences. */
    static StressReport withDifferences(StressReport r, List<PairedDifference> diffs) {
        return new StressReport(r.tool(), r.seed(), r.comparison(), r.startedAt(), r.durationS(), r.machine(),
                r.options(), r.interval(), diffs, r.policies(), r.invariantsHeld(), r.cpusRestored(), r.failures(),
                r.threadDump(), r.trace());
    }

    /** Parses the page as XML (it is written well-formed), with no external entity or DTD loaded. */
    static Document parse(String html) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(html)));
    }

    /** What in the page would make a browser fetch something (none may be found). */
    static List<String> externalReferences(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?i)(<script|<link|<img|<iframe|<object|<embed|\\bsrc\\s*=|\\bhref\\s*="
                + "|url\\(|@import|https?://|//[a-z0-9.-]+\\.[a-z]{2,})").matcher(html);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
