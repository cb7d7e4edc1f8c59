package org.hotplugwq.hotplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file recording which CPUs this tool offlined, so that the machine can be left as found: one
 * line per CPU, {@code cpu=1 pid=4242 started=2026-11-26T23:59:01.123Z kind=temporary}.
 *
 * <ul>
 *   <li>{@link Kind#TEMPORARY}: offlined by a run (stress, bench, tests); brought back by the owner's
 *       shutdown hook, or by the next start of any command once the owner is dead ({@code kill -9}).</li>
 *   <li>{@link Kind#DELIBERATE}: offlined with {@code hotplugwq offline}; stays offline until
 *       {@code hotplugwq online} or {@code hotplugwq restore}.</li>
 * </ul>
 * The owner is identified by pid <em>and</em> start time, so a recycled pid is not taken for the owner.
 * Every read-modify-write holds an exclusive lock on {@code <file>.lock} (several processes share the file)
 * and replaces the file atomically.
 */
public final class OfflinedCpuRegistry {
    private static final Logger log = LoggerFactory.getLogger(OfflinedCpuRegistry.class);
    /** The state file shared by every hotplugwq process of the machine. */
    public static final Path DEFAULT_FILE = Path.of("/run/hotplugwq/offlined");

    /** Why a CPU was offlined. */
    public enum Kind {
        /**
         * TEMPORARY: for a run, brought back when it ends; DELIBERATE: by {@code hotplugwq offline}, kept until
         * restored.
         */
        TEMPORARY, DELIBERATE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One recorded CPU. {@code ownerStart} is null when the owner's start time was unknown. */
    public record Entry(int cpu, long ownerPid, Instant ownerStart, Kind kind) {
        /** Whether the process that offlined this CPU is still running. */
        public boolean ownerAlive() {
            return ProcessHandle.of(ownerPid)
                    .filter(ProcessHandle::isAlive)
                    .map(p -> ownerStart == null || p.info().startInstant().map(ownerStart::equals).orElse(true))
                    .orElse(false);
        }

        String format() {
            return "cpu=" + cpu + " pid=" + ownerPid + " started=" + (ownerStart == null ? "-" : ownerStart)
                    + " kind=" + kind.label();
        }

        static Optional<Entry> parse(String line) {
            try {
                Integer cpu = null;
                Long pid = null;
                Instant started = null;
                Kind kind = null;
                for (String field : line.strip().split("\\s+")) {
                    int eq = field.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String k = field.substring(0, eq);
                    String v = field.substring(eq + 1);
                    switch (k) {
                        case "cpu": cpu = Integer.parseInt(v); break;
                        case "pid": pid = Long.parseLong(v); break;
                        case "started": started = "-".equals(v) ? null : Instant.parse(v); break;
                        case "kind": kind = Kind.valueOf(v.toUpperCase(java.util.Locale.ROOT)); break;
                        default: break;
                    }
                }
                if (cpu == null || pid == null || kind == null) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(cpu, pid, started, kind));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** The first line of every state file this tool writes: what {@link #verify()} recognises as ours. */
    static final String HEADER = "# CPUs offlined by hotplugwq; `hotplugwq restore` brings them back";
    /** Far more than a state file of 8192 CPUs needs: a larger file is not ours. */
    private static final long MAX_BYTES = 1 << 20;

    private final Path file;
    private final Path lockFile;

    /**
     * The registry kept in {@code file}.
     *
     * @param file the state file (created when first written)
     */
    public OfflinedCpuRegistry(Path file) {
        this.file = file;
        Path name = file.getFileName();
        this.lockFile = file.resolveSibling((name == null ? "" : name.toString()) + ".lock");
    }

    /**
     * The state file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /** The entry for this process offlining {@code cpu} now. */
    public static Entry entryForThisProcess(int cpu, Kind kind) {
        ProcessHandle self = ProcessHandle.current();
        return new Entry(cpu, self.pid(), self.info().startInstant().orElse(null), kind);
    }

    /** Records {@code cpu} as offlined by this process (replacing any older entry for it). */
    public void record(int cpu, Kind kind) {
        record(entryForThisProcess(cpu, kind));
    }

    /** Records {@code entry}, replacing any older entry for its CPU. */
    public void record(Entry entry) {
        update(entries -> {
            entries.removeIf(e -> e.cpu() == entry.cpu());
            entries.add(entry);
            return null;
        });
    }

    /** Forgets {@code cpu}: it is online again, or was never offlined. */
    public void forget(int cpu) {
        update(entries -> {
            entries.removeIf(e -> e.cpu() == cpu);
            return null;
        });
    }

    /**
     * Refuses, before anything touches it (not even its {@code .lock} sibling), a path that is not a state file
     * of this tool: a symbolic link (it may point anywhere: {@code /etc/passwd}), a directory or other non-regular
     * file, or a file whose content is not our header and entries, each line ending in a newline. A missing or
     * empty file is fine: there is nothing to destroy. Every read and update checks again under the lock.
     *
     * @throws UncheckedIOException naming the file and what is wrong with it
     */
    public void verify() {
        try {
            verifyUnlocked();
        } catch (IOException e) {
            throw new UncheckedIOException("hotplug state file " + file + ": " + e.getMessage(), e);
        }
    }

    private void verifyUnlocked() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        String refused = " (refused; left untouched)";
        if (attrs.isSymbolicLink()) {
            throw new IOException("is a symbolic link, not a hotplugwq state file" + refused);
        }
        if (attrs.isDirectory()) {
            throw new IOException("is a directory, not a hotplugwq state file" + refused);
        }
        if (!attrs.isRegularFile()) {
            throw new IOException("is not a regular file, not a hotplugwq state file" + refused);
        }
        if (attrs.size() > MAX_BYTES) {
            throw new IOException("is " + attrs.size() + " bytes, not a hotplugwq state file" + refused);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("is not text, not a hotplugwq state file" + refused, e);
        }
        if (text.isEmpty()) {
            return;
        }
        if (!text.startsWith(HEADER + "\n")) {
            throw new IOException("does not start with \"" + HEADER + "\": not a hotplugwq state file" + refused);
        }
        if (!text.endsWith("\n")) {
            throw new IOException("ends in a truncated line: not a hotplugwq state file" + refused);
        }
        int n = 1;
        for (String line : text.split("\n")) {
            if (n++ > 1 && !line.isBlank() && !line.startsWith("#") && Entry.parse(line).isEmpty()) {
                throw new IOException("line " + (n - 1) + " is not a CPU entry (" + abbreviate(line)
                        + "): not a hotplugwq state file" + refused);
            }
        }
    }

    private static String abbreviate(String line) {
        String s = line.replaceAll("\\p{Cntrl}", "?");
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * Every record, read from the file now.
     *
     * @return the records
     */
    public List<Entry> entries() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return withLock(false, this::readUnlocked);
    }

    /**
     * The record of {@code cpu}, if any.
     *
     * @param cpu the CPU
     * @return its record
     */
    public Optional<Entry> entry(int cpu) {
        return entries().stream().filter(e -> e.cpu() == cpu).findFirst();
    }

    /**
     * Removes and returns the entries matching {@code which}, under the lock: the caller brings them back.
     * Taking them out first means two processes never restore the same CPU twice.
     */
    public List<Entry> take(Predicate<Entry> which) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return update(entries -> {
            List<Entry> taken = new ArrayList<>();
            entries.removeIf(e -> {
                if (which.test(e)) {
                    taken.add(e);
                    return true;
                }
                return false;
            });
            return taken;
        });
    }

    private interface Mutation<T> {
        T apply(List<Entry> entries);
    }

    private <T> T update(Mutation<T> mutation) {
        return withLock(true, () -> {
            List<Entry> entries = new ArrayList<>(readUnlocked());
            T result = mutation.apply(entries);
            writeUnlocked(entries);
            return result;
        });
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private synchronized <T> T withLock(boolean create, Locked<T> body) {
        try {
            verifyUnlocked(); // before the lock file: a foreign file gets no sibling either
            if (create) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } else if (!Files.exists(lockFile.toAbsolutePath().getParent())) {
                return body.run();
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                if (create) {
                    throw e;
                }
                return body.run(); // a reader without write access (not root): a best-effort look
            }
            try (ch; FileLock ignored = ch.lock()) {
                verifyUnlocked(); // another process may have put something else there meanwhile
                return body.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hotplug state file " + file + ": " + e.getMessage(), e);
        }
    }

    private List<Entry> readUnlocked() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Optional<Entry> e = Entry.parse(line);
            if (e.isPresent()) {
                entries.add(e.get());
            } else {
                log.warn("ignoring malformed line in {}: {}", file, line);
            }
        }
        return entries;
    }

    private void writeUnlocked(List<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER + "\n");
        for (Entry e : entries) {
            sb.append(e.format()).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
