package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hotplugwq.linux.LinuxArch;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One vocabulary across commands: an option name means the same in every command that has it ({@code --json}
 * a flag for JSON on stdout, {@code --interval} the poll interval, {@code --policy} the CLI names, ...), every
 * error is one line with the same exit codes, every command answers {@code --help} and {@code --version}, and
 * every JSON printed has camelCase keys.
 */
class CliVocabularyTest {
    @TempDir
    Path dir;
    Path sys;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** A 4-CPU tree: cpu0 without an online file, cpu1-3 hotpluggable, fault injection and its states. */
    @BeforeEach
    void fakeTree() throws IOException {
        sys = dir.resolve("sys");
        for (String list : new String[] {"possible", "present", "online"}) {
            write(list, "0-3");
        }
        write("kernel_max", "7");
        write("hotplug/states", "  0: offline\n 36: workqueue:prepare\n187: workqueue:online\n236: online");
        Files.createDirectories(sys.resolve("cpu0"));
        for (int cpu = 1; cpu < 4; cpu++) {
            write("cpu" + cpu + "/online", "1");
            write("cpu" + cpu + "/hotplug/fail", "-1");
        }
    }

    private void write(String rel, String text) throws IOException {
        Path p = sys.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text + "\n");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Every command and command group but {@code help}, by qualified name without the leading "hotplugwq". */
    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new TreeMap<>();
        collect(HotplugWq.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cl, Map<String, CommandLine> into) {
        into.put(cl.getCommandSpec().qualifiedName().replaceFirst("^hotplugwq ?", ""), cl);
        cl.getSubcommands().values().stream().filter(sub -> !sub.getCommandName().equals("help"))
                .forEach(sub -> collect(sub, into));
    }

    private static Map<String, OptionSpec> having(String option) {
        Map<String, OptionSpec> found = new TreeMap<>();
        commands().forEach((name, cl) -> {
            OptionSpec o = cl.getCommandSpec().findOption(option);
            if (o != null) {
                found.put(name, o);
            }
        });
        return found;
    }

    /** The description without its "(default: ...)", which may differ from command to command. */
    private static String meaning(OptionSpec o) {
        return String.join(" ", o.description()).replaceAll("\\s*\\(default: [^)]*\\)", "");
    }

    private static String[] path(String command) {
        return command.isEmpty() ? new String[0] : command.split(" ");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void jsonIsTheSameFlagInEveryCommandThatHasIt() {
        Map<String, OptionSpec> json = having("--json");

        assertThat(json.keySet()).containsExactlyInAnyOrder("info", "monitor", "latency", "fail-states", "stress",
                "bench hotplug", "bench scale", "bench report");
        json.forEach((command, o) -> {
            assertThat(o.arity().max()).as(command).isZero();
            assertThat(o.type()).as(command).isEqualTo(boolean.class);
            assertThat(meaning(o)).as(command).isEqualTo(JsonOutput.DESCRIPTION);
        });
        // a file of JSON is --out FILE
        assertThat(having("--out").get("bench hotplug").paramLabel()).isEqualTo("FILE");
        assertThat(having("--out").get("bench scale").paramLabel()).isEqualTo("FILE");
    }

    @Test
    void sharedOptionsMeanTheSameEverywhere() {
        for (String option : new String[] {"--source", "--interval", "--cpu", "--sysfs-root", "--state-file",
            "--policy"}) {
            Map<String, OptionSpec> found = having(option);
            assertThat(found).as(option).isNotEmpty();
            Set<String> meanings = found.values().stream().map(CliVocabularyTest::meaning).collect(Collectors.toSet());
            Set<String> labels = found.values().stream().map(OptionSpec::paramLabel).collect(Collectors.toSet());
            if (option.equals("--policy")) { // each command says what it does with the policies, after the names
                assertThat(meanings).as(option).allMatch(m -> m.startsWith(PolicyChoice.DESCRIPTION));
            } else {
                assertThat(meanings).as(option + " in " + found.keySet()).hasSize(1);
            }
            assertThat(labels).as(option).hasSize(1);
        }
        // --interval is the poll interval wherever it is, next to --source
        assertThat(having("--interval").keySet()).containsExactlyInAnyOrder("monitor", "latency", "stress")
                .isEqualTo(having("--source").keySet());
        assertThat(having("--interval").get("stress").paramLabel()).isEqualTo("DURATION");
        assertThat(having("--pause").keySet()).containsExactly("stress");
        // every command that reads the machine reads it where --sysfs-root (or HOTPLUGWQ_SYSFS) says
        assertThat(having("--sysfs-root").keySet()).containsExactlyInAnyOrder("info", "offline", "online",
                "restore", "monitor", "latency", "fail-states", "stress", "bench hotplug");
        assertThat(having("--cpu").keySet()).containsExactlyInAnyOrder("latency", "fail-states", "bench hotplug");
    }

    @Test
    void policiesAreNamedByTheirCliNamesEverywhere() throws Exception {
        Map<String, OptionSpec> policy = having("--policy");
        assertThat(policy.keySet()).containsExactlyInAnyOrder("stress", "bench scale");
        for (Map.Entry<String, OptionSpec> e : policy.entrySet()) {
            CommandLine.ITypeConverter<?> converter = e.getValue().converters()[0];
            assertThat(((PolicyChoice) converter.convert("drain-sync,rebind")).policies()).as(e.getKey())
                    .containsExactly(HotplugPolicy.DRAIN_SYNC, HotplugPolicy.REBIND);
            assertThat(((PolicyChoice) converter.convert("all")).policies()).as(e.getKey())
                    .containsExactly(HotplugPolicy.values());
            assertThat(((PolicyChoice) converter.convert("takeover")).policies()).as(e.getKey())
                    .containsExactly(HotplugPolicy.TAKEOVER);
            assertThat(String.join(" ", e.getValue().description()) + e.getValue().defaultValue()).as(e.getKey())
                    .doesNotContain("DRAIN").doesNotContain("REBIND");
        }
    }

    @Test
    void everyErrorIsOneLineWithExitTwo() {
        Map<String, String[]> badValues = new LinkedHashMap<>();
        badValues.put("--interval", new String[] {"--interval", "soon"});
        badValues.put("--source", new String[] {"--source", "carrier-pigeon"});
        badValues.put("--cpu", new String[] {"--cpu", "x1"});
        badValues.put("--policy", new String[] {"--policy", "drain,nope"});
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            String name = c.getValue().getCommandSpec().qualifiedName();
            List<String[]> bad = new ArrayList<>();
            bad.add(concat(path(c.getKey()), "--no-such-option"));
            badValues.forEach((option, args) -> {
                if (c.getValue().getCommandSpec().findOption(option) != null) {
                    bad.add(concat(path(c.getKey()), args));
                }
            });
            for (String[] args : bad) {
                String what = String.join(" ", args);
                assertThat(run(args)).as(what).isEqualTo(ExitCodes.REFUSED);
                assertThat(err.toString().lines()).as(what).singleElement().asString().startsWith(name + ": ");
                assertThat(out.toString()).as(what).isEmpty();
            }
        }
    }

    @Test
    void everyCommandAnswersHelpAndTheSameVersion() {
        String version = new ManifestVersion().getVersion()[0];
        for (String command : commands().keySet()) {
            String[] at = path(command);
            assertThat(run(concat(at, "--version"))).as(command).isZero();
            assertThat(out.toString().strip()).as(command).isEqualTo(version);
            assertThat(run(concat(at, "--help"))).as(command).isZero();
            assertThat(out.toString()).as(command).startsWith("Usage: hotplugwq" + (command.isEmpty() ? "" : " "
                    + command)).contains("Exit codes:");
        }
        assertThat(version).startsWith("hotplugwq ");
    }

    @Test
    void everyJsonPrintedHasCamelCaseKeys() throws IOException {
        Map<String, String[]> runs = new LinkedHashMap<>();
        runs.put("bench scale", new String[] {"bench", "scale", "--simulate", "2", "--workqueues", "1", "--ticks",
            "2", "--events", "1", "--json"});
        runs.put("bench report", new String[] {"bench", "report", "--json"});
        runs.put("latency", new String[] {"latency", "--source", "poll", "--interval", "1ms", "--toggles", "2",
            "--sysfs-root", sys.toString(), "--state-file", dir.resolve("offlined").toString(), "--json"});
        runs.put("stress", new String[] {"stress", "--simulate", "2", "--duration", "300ms", "--workqueues", "1",
            "--producers", "1", "--pause", "2ms-8ms", "--out", dir.resolve("out").toString(), "--json"});
        if (LinuxArch.current().isPresent()) {
            runs.put("info", new String[] {"info", "--sysfs-root", sys.toString(), "--calls", "100", "--rounds", "1",
                "--json"});
        }
        for (Map.Entry<String, String[]> r : runs.entrySet()) {
            assertThat(run(r.getValue())).as(r.getKey() + ": " + err).isZero();
            assertCamelCase(new ObjectMapper().readTree(out.toString()), r.getKey());
        }
        assertThat(runs).containsKey("latency");
    }

    /** Keys are camelCase: no underscore, no capital first letter (names as keys, e.g. "drain-sync", are data). */
    private static void assertCamelCase(JsonNode node, String where) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String at = where + "." + f.getKey();
                assertThat(f.getKey()).as(at).doesNotContain("_").matches("[a-z].*");
                assertCamelCase(f.getValue(), at);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                assertCamelCase(element, where + "[]");
            }
        }
    }
}
