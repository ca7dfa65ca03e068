package org.udevreactor.meta;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntConsumer;

/**
 * libkmod's own walk of a depmod alias index (index_searchwild), step for step, for the cases
 * where its order or its repeats cannot be had from {@link AliasTrie#match}:
 * <ul>
 *   <li>when the looked-up string itself holds '*', '?' or '[': libkmod then reaches a pattern
 *       twice, once by fnmatch and once by following the wildcard as a literal child edge of its
 *       trie, and reports it twice;
 *   <li>when values share a priority (built-in aliases all have priority 0), their order is the
 *       reverse of the walk's visiting order, which depends on the trie's shape.
 * </ul>
 * depmod's trie is a radix tree over the pattern bytes, and its shape is fixed by the set of
 * patterns alone: a node ends wherever two patterns part or one ends. Sorted so that a pattern
 * comes after its own extensions, the patterns of every subtree are one run of the array, in
 * exactly the order libkmod visits them (children by byte, then the node's own values), so the
 * walk needs no tree at all.
 */
final class LibkmodWildcardSearch {
    private static final Comparator<byte[]> VISIT_ORDER = (a, b) -> {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        // A pattern that is a prefix of another is visited after it.
        return Integer.compare(b.length, a.length);
    };

    private final byte[][] patterns;
    private final int[] nodes;

    /** {@code nodes[i]} is reported when {@code patterns[i]} matches. */
    LibkmodWildcardSearch(byte[][] patterns, int[] nodes) {
        Integer[] order = new Integer[patterns.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> VISIT_ORDER.compare(patterns[x], patterns[y]));
        this.patterns = new byte[patterns.length][];
        this.nodes = new int[patterns.length];
        for (int i = 0; i < order.length; i++) {
            this.patterns[i] = patterns[order[i]];
            this.nodes[i] = nodes[order[i]];
        }
    }

    /** Reports the node of every matching pattern, in libkmod's visiting order, repeats included. */
    void search(byte[] key, IntConsumer visit) {
        if (patterns.length > 0) {
            atNodeEnd(key, 0, patterns.length, 0, visit);
        }
    }

    private void atNodeEnd(byte[] key, int lo, int hi, int depth, IntConsumer visit) {
        for (int wildcard : new int[] {'*', '?', '['}) {
            int from = lowerBound(lo, hi, depth, wildcard);
            int to = lowerBound(from, hi, depth, wildcard + 1);
            matchEach(key, from, to, depth, visit);
        }
        if (depth == key.length) {
            if (hi > lo && patterns[hi - 1].length == depth) {
                visit.accept(nodes[hi - 1]);
            }
            return;
        }
        int c = key[depth] & 0xff;
        int from = lowerBound(lo, hi, depth, c);
        int to = lowerBound(from, hi, depth, c + 1);
        if (from == to) {
            return;
        }
        int j = depth + 1;
        while (!isNodeEnd(from, to, j)) {
            int ch = patterns[from][j] & 0xff;
            if (ch == '*' || ch == '?' || ch == '[') {
                matchEach(key, from, to, j, visit);
                return;
            }
            if (j >= key.length || ch != (key[j] & 0xff)) {
                return;
            }
            j++;
        }
        atNodeEnd(key, from, to, j, visit);
    }

    /** Whether patterns[lo..hi), which share their first {@code depth} bytes, branch or end there. */
    private boolean isNodeEnd(int lo, int hi, int depth) {
        return patterns[hi - 1].length == depth || patterns[lo][depth] != patterns[hi - 1][depth];
    }

    /** fnmatch of each pattern's tail against the key's tail, from {@code depth} on. */
    private void matchEach(byte[] key, int lo, int hi, int depth, IntConsumer visit) {
        for (int i = lo; i < hi; i++) {
            ClassTable classes = new ClassTable();
            int[] tokens = GlobCompiler.compileGlob(patterns[i], depth, classes);
            if (GlobMatcher.matches(tokens, classes, key, depth)) {
                visit.accept(nodes[i]);
            }
        }
    }

    /** First index in [lo, hi) whose byte at {@code depth} (256 past the end) is >= {@code c}. */
    private int lowerBound(int lo, int hi, int depth, int c) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            byte[] p = patterns[mid];
            int at = depth < p.length ? p[depth] & 0xff : 256;
            if (at < c) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
