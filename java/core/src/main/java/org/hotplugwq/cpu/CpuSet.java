package org.hotplugwq.cpu;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers: the Java twin of the kernel's {@code cpumask_t}.
 *
 * <p>Its text form is the kernel's list format, as in {@code /sys/devices/system/cpu/online}:
 * {@code "0-3,8,10-11"}; the empty set prints as the empty string. {@link #parse(String)} accepts that
 * format with surrounding white space and a trailing newline.
 */
public final class CpuSet {
    private static final long[] NO_WORDS = new long[0];
    public static final CpuSet EMPTY = new CpuSet(NO_WORDS);

    private final long[] words; // no trailing zero words: equality is word-wise

    private CpuSet(long[] words) {
        this.words = words;
    }

    private static CpuSet wrap(long[] words) {
        int n = words.length;
        while (n > 0 && words[n - 1] == 0) {
            n--;
        }
        return n == 0 ? EMPTY : new CpuSet(n == words.length ? words : Arrays.copyOf(words, n));
    }

    public static CpuSet of(int... cpus) {
        Builder b = builder();
        for (int cpu : cpus) {
            b.add(cpu);
        }
        return b.build();
    }

    /** CPUs {@code from..to}, both inclusive. */
    public static CpuSet range(int from, int to) {
        return builder().addRange(from, to).build();
    }

    /** CPUs {@code 0..count-1}. */
    public static CpuSet first(int count) {
        return count <= 0 ? EMPTY : range(0, count - 1);
    }

    /**
     * Parses the kernel's list format: comma-separated CPU numbers and inclusive ranges {@code a-b}; the one
     * parser of CPU ids, so a number may also be typed as {@code cpuN} ({@code cpu1-cpu3,5}).
     *
     * @throws IllegalArgumentException naming the offending part when the text is malformed
     */
    public static CpuSet parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return EMPTY;
        }
        Builder b = builder();
        for (String part : s.split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-');
            try {
                if (dash < 0) {
                    b.add(parseCpu(p));
                } else {
                    int lo = parseCpu(p.substring(0, dash));
                    int hi = parseCpu(p.substring(dash + 1));
                    if (hi < lo) {
                        throw new IllegalArgumentException("descending range");
                    }
                    b.addRange(lo, hi);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed CPU list \"" + s + "\" at \"" + p + "\": "
                        + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /**
     * One CPU id as typed: {@code 1} or {@code cpu1}.
     *
     * @throws IllegalArgumentException when it is not a CPU number
     */
    public static int parseCpu(String text) {
        String s = text.strip();
        if (s.startsWith("cpu")) {
            s = s.substring(3);
        }
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a CPU number: \"" + text + "\"");
        }
        return Integer.parseInt(s);
    }

    public boolean contains(int cpu) {
        int w = cpu >>> 6;
        return cpu >= 0 && w < words.length && (words[w] & (1L << cpu)) != 0;
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    public int cardinality() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** The lowest CPU in the set, or -1 when empty (the kernel's {@code first_cpu}). */
    public int first() {
        return next(0);
    }

    /** The highest CPU in the set, or -1 when empty. */
    public int last() {
        if (words.length == 0) {
            return -1;
        }
        int w = words.length - 1;
        return w * 64 + 63 - Long.numberOfLeadingZeros(words[w]);
    }

    /** The lowest CPU ≥ {@code from}, or -1. */
    public int next(int from) {
        if (from < 0) {
            from = 0;
        }
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return w * 64 + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** The {@code index}-th CPU in ascending order (0-based); used for uniform random choice. */
    public int nth(int index) {
        int remaining = index;
        for (int w = 0; w < words.length; w++) {
            int bits = Long.bitCount(words[w]);
            if (remaining < bits) {
                long word = words[w];
                for (int i = 0; i < remaining; i++) {
                    word &= word - 1;
                }
                return w * 64 + Long.numberOfTrailingZeros(word);
            }
            remaining -= bits;
        }
        throw new IndexOutOfBoundsException(index + " of " + cardinality());
    }

    public void forEach(IntConsumer action) {
        for (int cpu = first(); cpu >= 0; cpu = next(cpu + 1)) {
            action.accept(cpu);
        }
    }

    public IntStream stream() {
        return IntStream.iterate(first(), c -> c >= 0, c -> next(c + 1));
    }

    public int[] toArray() {
        return stream().toArray();
    }

    public CpuSet with(int cpu) {
        return contains(cpu) ? this : toBuilder().add(cpu).build();
    }

    public CpuSet without(int cpu) {
        return !contains(cpu) ? this : toBuilder().remove(cpu).build();
    }

    public CpuSet union(CpuSet other) {
        long[] r = Arrays.copyOf(words, Math.max(words.length, other.words.length));
        for (int i = 0; i < other.words.length; i++) {
            r[i] |= other.words[i];
        }
        return wrap(r);
    }

    public CpuSet intersect(CpuSet other) {
        long[] r = new long[Math.min(words.length, other.words.length)];
        for (int i = 0; i < r.length; i++) {
            r[i] = words[i] & other.words[i];
        }
        return wrap(r);
    }

    public CpuSet minus(CpuSet other) {
        long[] r = words.clone();
        for (int i = 0; i < Math.min(r.length, other.words.length); i++) {
            r[i] &= ~other.words[i];
        }
        return wrap(r);
    }

    public boolean containsAll(CpuSet other) {
        return other.minus(this).isEmpty();
    }

    /**
     * The set as 64-bit words, CPU {@code n} at bit {@code n % 64} of word {@code n / 64}: the layout of the
     * kernel's {@code unsigned long} cpumask on 64-bit machines (x86-64, aarch64).
     */
    public long[] toWords(int wordCount) {
        return Arrays.copyOf(words, wordCount);
    }

    public static CpuSet fromWords(long[] words) {
        return wrap(words.clone());
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.words = words.clone();
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable accumulator for building a {@link CpuSet}. */
    public static final class Builder {
        private long[] words = NO_WORDS;

        private void ensure(int cpu) {
            if (cpu < 0) {
                throw new IllegalArgumentException("negative CPU " + cpu);
            }
            int w = cpu >>> 6;
            if (w >= words.length) {
                words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
            }
        }

        public Builder add(int cpu) {
            ensure(cpu);
            words[cpu >>> 6] |= 1L << cpu;
            return this;
        }

        public Builder addRange(int from, int to) {
            ensure(to);
            for (int c = from; c <= to; c++) {
                words[c >>> 6] |= 1L << c;
            }
            return this;
        }

        public Builder remove(int cpu) {
            if (cpu >= 0 && (cpu >>> 6) < words.length) {
                words[cpu >>> 6] &= ~(1L << cpu);
            }
            return this;
        }

        public CpuSet build() {
            return wrap(words.clone());
        }
    }

    /** The kernel's list format: {@code "0-3,8,10-11"}; empty for the empty set. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int cpu = first();
        while (cpu >= 0) {
            int end = cpu;
            while (contains(end + 1)) {
                end++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(cpu);
            if (end > cpu) {
                sb.append('-').append(end);
            }
            cpu = next(end + 1);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet && Arrays.equals(words, ((CpuSet) o).words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }
}
