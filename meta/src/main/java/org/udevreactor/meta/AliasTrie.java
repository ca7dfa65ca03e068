package org.udevreactor.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.meta.proto.AliasTable;
import org.udevreactor.meta.proto.CharClass;

/**
 * The in-memory form of an {@link AliasTable}: flat arrays over the breadth-first node order, so a
 * lookup walks arrays and never allocates. The four numbers a walk needs of a node sit side by
 * side in one record ({@code node * 4}: first token, first child, end of the literal children,
 * first value), and the next record holds their ends; tokens are shorts. Both keep a lookup's
 * memory traffic, which dominates its cost, to few cache lines.
 *
 * <p>{@link #match} finds every pattern that matches a whole string, each once, with the
 * libkmod reading of a pattern (see {@link GlobCompiler#compileAlias}). Literal children are
 * found by search; wildcard children are all tried; a '*' before more branches tries every
 * remaining position once per lookup (see {@link MatchScratch}), which keeps hostile strings
 * polynomial; a '*' in a leaf is settled by one greedy pass.
 */
final class AliasTrie {
    private static final int LABEL = 0;
    private static final int CHILDREN = 1;
    private static final int LITERAL_CHILDREN_END = 2;
    private static final int VALUES = 3;
    private static final int STRIDE = 4;

    private final int[] nodes;
    private final short[] tokens;
    private final short[] firstToken;
    private final int[] valueModule;
    private final int[] parent;
    private final ClassTable classes;
    // The byte sets of the bracket expressions, four words per class, for the hot path.
    private final long[] classBits;

    AliasTrie(AliasTable table) {
        int n = table.getLabelLengthCount();
        if (n == 0) {
            throw new IllegalArgumentException("alias table has no root node");
        }
        if (table.getChildCountCount() != n || table.getValueCountCount() != n) {
            throw new IllegalArgumentException("alias table arrays differ in length");
        }
        List<ByteClass> list = new ArrayList<>();
        for (CharClass c : table.getClassesList()) {
            long[] bits = new long[4];
            for (int i = 0; i < 4 && i < c.getBitsCount(); i++) {
                bits[i] = c.getBits(i);
            }
            list.add(new ByteClass(c.getRaw(), bits));
        }
        if (AliasTokens.CLASS + list.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("alias table has " + list.size() + " bracket expressions; at most "
                    + (Short.MAX_VALUE - AliasTokens.CLASS) + " fit");
        }
        classes = new ClassTable(list);
        classBits = new long[list.size() * 4];
        for (int k = 0; k < list.size(); k++) {
            System.arraycopy(list.get(k).bits(), 0, classBits, k * 4, 4);
        }

        nodes = new int[(n + 1) * STRIDE];
        int tokenCount = 0;
        int childCount = 1;
        int valueCount = 0;
        for (int i = 0; i < n; i++) {
            int length = table.getLabelLength(i);
            if (i > 0 && length == 0) {
                throw new IllegalArgumentException("alias table node " + i + " has an empty label");
            }
            nodes[i * STRIDE + LABEL] = tokenCount;
            nodes[i * STRIDE + CHILDREN] = childCount;
            nodes[i * STRIDE + VALUES] = valueCount;
            tokenCount += length;
            childCount += table.getChildCount(i);
            valueCount += table.getValueCount(i);
        }
        nodes[n * STRIDE + LABEL] = tokenCount;
        nodes[n * STRIDE + CHILDREN] = childCount;
        nodes[n * STRIDE + VALUES] = valueCount;
        if (childCount != n) {
            throw new IllegalArgumentException("alias table child counts add up to " + childCount + ", not " + n);
        }
        int[] decoded = new int[tokenCount];
        AliasTokens.decode(table.getLabels().toByteArray(), new int[] {0}, tokenCount, decoded, 0);
        tokens = new short[tokenCount];
        for (int i = 0; i < tokenCount; i++) {
            tokens[i] = (short) decoded[i];
        }

        firstToken = new short[n];
        parent = new int[n];
        parent[0] = -1;
        for (int i = 1; i < n; i++) {
            firstToken[i] = tokens[nodes[i * STRIDE + LABEL]];
        }
        for (int i = 0; i < n; i++) {
            int c = childStart(i);
            while (c < childEnd(i) && firstToken[c] < AliasTokens.ESCAPED) {
                c++;
            }
            nodes[i * STRIDE + LITERAL_CHILDREN_END] = c;
            for (int child = childStart(i); child < childEnd(i); child++) {
                parent[child] = i;
            }
        }
        valueModule = new int[valueCount];
        if (table.getValueModuleCount() != valueCount) {
            throw new IllegalArgumentException("alias table has " + table.getValueModuleCount() + " values, nodes count " + valueCount);
        }
        for (int i = 0; i < valueCount; i++) {
            valueModule[i] = table.getValueModule(i);
        }
    }

    private int labelStart(int node) {
        return nodes[node * STRIDE + LABEL];
    }

    private int labelEnd(int node) {
        return nodes[(node + 1) * STRIDE + LABEL];
    }

    private int childStart(int node) {
        return nodes[node * STRIDE + CHILDREN];
    }

    private int childEnd(int node) {
        return nodes[(node + 1) * STRIDE + CHILDREN];
    }

    int nodeCount() {
        return firstToken.length;
    }

    int valueStart(int node) {
        return nodes[node * STRIDE + VALUES];
    }

    int valueEnd(int node) {
        return nodes[(node + 1) * STRIDE + VALUES];
    }

    int valueModule(int value) {
        return valueModule[value];
    }

    /** Collects into {@code out} every node whose pattern matches all of {@code text}. */
    void match(byte[] text, MatchScratch out) {
        walk(text, 0, labelStart(0), 0, out);
    }

    /**
     * Matches from token {@code t} of {@code node} at text position {@code pos}. Wildcard
     * children recurse; the one literal child that can match is followed in the same loop.
     */
    private void walk(byte[] text, int node, int t, int pos, MatchScratch out) {
        int n = text.length;
        while (true) {
            int record = node * STRIDE;
            int end = nodes[record + STRIDE + LABEL];
            while (t < end) {
                int token = tokens[t];
                if (token < AliasTokens.ANY) {
                    if (pos >= n || (text[pos] & 0xff) != (token & 0xff)) {
                        return;
                    }
                } else if (token == AliasTokens.STAR) {
                    star(text, node, t, pos, out);
                    return;
                } else if (token == AliasTokens.ANY) {
                    if (pos >= n) {
                        return;
                    }
                } else if (pos >= n || !inClass(token, text[pos] & 0xff)) {
                    return;
                }
                pos++;
                t++;
            }
            if (pos == n && nodes[record + STRIDE + VALUES] > nodes[record + VALUES]) {
                out.addNode(node);
            }
            int literalEnd = nodes[record + LITERAL_CHILDREN_END];
            int childEnd = nodes[record + STRIDE + CHILDREN];
            for (int child = literalEnd; child < childEnd; child++) {
                walk(text, child, labelStart(child), pos, out);
            }
            if (pos >= n) {
                return;
            }
            int child = literalChild(nodes[record + CHILDREN], literalEnd, text[pos] & 0xff);
            if (child < 0) {
                return;
            }
            node = child;
            t = labelStart(child) + 1;
            pos++;
        }
    }

    private void star(byte[] text, int node, int t, int pos, MatchScratch out) {
        int end = labelEnd(node);
        if (childStart(node) == childEnd(node)) {
            // The rest of a leaf is a plain glob tail: decided in one pass, no search.
            if (tailMatches(text, t, end, pos)) {
                out.addNode(node);
            }
            return;
        }
        int stop = out.claimStar(t, pos, text.length);
        if (stop == pos) {
            return;
        }
        int segmentEnd = t + 1;
        while (segmentEnd < end && tokens[segmentEnd] != AliasTokens.STAR) {
            segmentEnd++;
        }
        if (segmentEnd < end) {
            // "*SEGMENT*" inside one label: the leftmost fit of SEGMENT leaves the next star the
            // most text, so every later fit is covered by it.
            int q = leftmostFit(text, t + 1, segmentEnd, pos);
            if (q >= 0 && q < stop) {
                walk(text, node, segmentEnd, q + segmentEnd - t - 1, out);
            }
            return;
        }
        if (t + 1 < end && tokens[t + 1] < AliasTokens.ANY) {
            // The star is followed by a literal: only positions holding that byte can go on.
            int b = tokens[t + 1] & 0xff;
            int last = Math.min(stop, text.length);
            for (int p = pos; p < last; p++) {
                if ((text[p] & 0xff) == b) {
                    walk(text, node, t + 2, p + 1, out);
                }
            }
            return;
        }
        for (int p = pos; p < stop; p++) {
            walk(text, node, t + 1, p, out);
        }
    }

    private boolean inClass(int token, int b) {
        return (classBits[(token - AliasTokens.CLASS) * 4 + (b >>> 6)] & (1L << (b & 63))) != 0;
    }

    /**
     * Whether tokens[t..end), which start with '*', match text[pos..]. With no branches left, the
     * classic glob argument holds: taking each star-separated segment at its leftmost fit never
     * loses a match, and the last segment must sit at the very end of the text.
     */
    private boolean tailMatches(byte[] text, int t, int end, int pos) {
        int n = text.length;
        int p = pos;
        int i = t;
        while (true) {
            while (i < end && tokens[i] == AliasTokens.STAR) {
                i++;
            }
            if (i == end) {
                return true;
            }
            int j = i;
            while (j < end && tokens[j] != AliasTokens.STAR) {
                j++;
            }
            int length = j - i;
            if (j == end) {
                return n - length >= p && segmentAt(text, i, j, n - length);
            }
            int q = leftmostFit(text, i, j, p);
            if (q < 0) {
                return false;
            }
            p = q + length;
            i = j;
        }
    }

    /** The first position at or after {@code from} where tokens[i..j) fit, or -1. */
    private int leftmostFit(byte[] text, int i, int j, int from) {
        int last = text.length - (j - i);
        int first = tokens[i];
        if (first < AliasTokens.ANY) {
            // Find the segment's first byte before checking the rest.
            int b = first & 0xff;
            for (int q = from; q <= last; q++) {
                if ((text[q] & 0xff) == b && segmentAt(text, i + 1, j, q + 1)) {
                    return q;
                }
            }
            return -1;
        }
        for (int q = from; q <= last; q++) {
            if (segmentAt(text, i, j, q)) {
                return q;
            }
        }
        return -1;
    }

    /** Whether the single-byte tokens[i..j) match text at {@code at} (which has room for them). */
    private boolean segmentAt(byte[] text, int i, int j, int at) {
        for (int k = i; k < j; k++) {
            int token = tokens[k];
            int b = text[at + k - i] & 0xff;
            if (token < AliasTokens.ANY ? (token & 0xff) != b : token != AliasTokens.ANY && !inClass(token, b)) {
                return false;
            }
        }
        return true;
    }

    private int literalChild(int from, int to, int b) {
        if (to - from <= 8) {
            for (int c = from; c < to; c++) {
                if (firstToken[c] == b) {
                    return c;
                }
            }
            return -1;
        }
        int lo = from;
        int hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int token = firstToken[mid];
            if (token < b) {
                lo = mid + 1;
            } else if (token > b) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The pattern text of a node, as in the alias file after normalisation. */
    String pattern(int node) {
        List<Integer> path = new ArrayList<>();
        for (int at = node; at > 0; at = parent[at]) {
            path.add(at);
        }
        StringBuilder out = new StringBuilder();
        for (int i = path.size() - 1; i >= 0; i--) {
            int at = path.get(i);
            for (int t = labelStart(at); t < labelEnd(at); t++) {
                AliasTokens.appendRaw(tokens[t], classes, out);
            }
        }
        return out.toString();
    }

    /** How many tokens of a node's pattern match exactly one byte given in the pattern. */
    int literalCount(int node) {
        int count = 0;
        for (int at = node; at > 0; at = parent[at]) {
            for (int t = labelStart(at); t < labelEnd(at); t++) {
                if (AliasTokens.isLiteral(tokens[t])) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Every node that ends a pattern, with its pattern bytes. */
    List<byte[]> patternsOf(int[] nodes) {
        List<byte[]> out = new ArrayList<>(nodes.length);
        for (int node : nodes) {
            out.add(pattern(node).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    int[] patternNodes() {
        int count = 0;
        for (int i = 0; i < nodeCount(); i++) {
            if (valueEnd(i) > valueStart(i)) {
                count++;
            }
        }
        int[] patternNodes = new int[count];
        count = 0;
        for (int i = 0; i < nodeCount(); i++) {
            if (valueEnd(i) > valueStart(i)) {
                patternNodes[count++] = i;
            }
        }
        return patternNodes;
    }
}
