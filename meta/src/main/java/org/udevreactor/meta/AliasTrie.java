package org.udevreactor.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.meta.proto.AliasTable;
import org.udevreactor.meta.proto.CharClass;

/**
 * The in-memory form of an {@link AliasTable}: flat arrays over the breadth-first node order, so a
 * lookup walks ints and never allocates.
 *
 * <p>{@link #match} finds every pattern that matches a whole string, each once, with the
 * libkmod reading of a pattern (see {@link GlobCompiler#compileAlias}). Literal children are
 * found by binary search; wildcard children are all tried; a '*' before more branches tries every
 * remaining position once per lookup (see {@link MatchScratch}), which keeps hostile strings
 * polynomial; a '*' in a leaf is settled by one greedy pass.
 */
final class AliasTrie {
    private final int[] labelStart;
    private final int[] tokens;
    private final int[] firstToken;
    private final int[] childStart;
    private final int[] literalChildEnd;
    private final int[] valueStart;
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
        classes = new ClassTable(list);
        classBits = new long[list.size() * 4];
        for (int k = 0; k < list.size(); k++) {
            System.arraycopy(list.get(k).bits(), 0, classBits, k * 4, 4);
        }

        labelStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            labelStart[i + 1] = labelStart[i] + table.getLabelLength(i);
        }
        tokens = new int[labelStart[n]];
        byte[] labels = table.getLabels().toByteArray();
        int[] offset = {0};
        AliasTokens.decode(labels, offset, tokens.length, tokens, 0);

        firstToken = new int[n];
        childStart = new int[n + 1];
        literalChildEnd = new int[n];
        valueStart = new int[n + 1];
        parent = new int[n];
        parent[0] = -1;
        int next = 1;
        for (int i = 0; i < n; i++) {
            if (i > 0 && labelStart[i + 1] == labelStart[i]) {
                throw new IllegalArgumentException("alias table node " + i + " has an empty label");
            }
            firstToken[i] = i == 0 ? -1 : tokens[labelStart[i]];
            childStart[i] = next;
            next += table.getChildCount(i);
            valueStart[i + 1] = valueStart[i] + table.getValueCount(i);
        }
        childStart[n] = next;
        if (next != n) {
            throw new IllegalArgumentException("alias table child counts add up to " + next + ", not " + n);
        }
        for (int i = 0; i < n; i++) {
            int c = childStart[i];
            while (c < childStart[i + 1] && firstToken[c] < AliasTokens.ESCAPED) {
                c++;
            }
            literalChildEnd[i] = c;
            for (int child = childStart[i]; child < childStart[i + 1]; child++) {
                parent[child] = i;
            }
        }
        valueModule = new int[valueStart[n]];
        if (table.getValueModuleCount() != valueModule.length) {
            throw new IllegalArgumentException("alias table has " + table.getValueModuleCount() + " values, nodes count " + valueModule.length);
        }
        for (int i = 0; i < valueModule.length; i++) {
            valueModule[i] = table.getValueModule(i);
        }
    }

    int nodeCount() {
        return firstToken.length;
    }

    ClassTable classes() {
        return classes;
    }

    int valueStart(int node) {
        return valueStart[node];
    }

    int valueEnd(int node) {
        return valueStart[node + 1];
    }

    int valueModule(int value) {
        return valueModule[value];
    }

    /** Collects into {@code out} every node whose pattern matches all of {@code text}. */
    void match(byte[] text, MatchScratch out) {
        walk(text, 0, labelStart[0], 0, out);
    }

    private void walk(byte[] text, int node, int t, int pos, MatchScratch out) {
        int end = labelStart[node + 1];
        int n = text.length;
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
        if (pos == n && valueStart[node + 1] > valueStart[node]) {
            out.addNode(node);
        }
        int literalEnd = literalChildEnd[node];
        if (pos < n) {
            int child = literalChild(childStart[node], literalEnd, text[pos] & 0xff);
            if (child >= 0) {
                walk(text, child, labelStart[child] + 1, pos + 1, out);
            }
        }
        for (int child = literalEnd; child < childStart[node + 1]; child++) {
            walk(text, child, labelStart[child], pos, out);
        }
    }

    private boolean inClass(int token, int b) {
        return (classBits[(token - AliasTokens.CLASS) * 4 + (b >>> 6)] & (1L << (b & 63))) != 0;
    }

    private void star(byte[] text, int node, int t, int pos, MatchScratch out) {
        if (childStart[node] == childStart[node + 1]) {
            // The rest of a leaf is a plain glob tail: decided in one pass, no search.
            if (tailMatches(text, t, labelStart[node + 1], pos)) {
                out.addNode(node);
            }
            return;
        }
        int stop = out.claimStar(t, pos, text.length);
        if (stop == pos) {
            return;
        }
        if (t + 1 == labelStart[node + 1] && childStart[node] == childStart[node + 1]) {
            // A trailing '*' on a leaf matches whatever is left.
            out.addNode(node);
            return;
        }
        if (t + 1 < labelStart[node + 1] && tokens[t + 1] < AliasTokens.ANY) {
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
            int q = p;
            while (q + length <= n && !segmentAt(text, i, j, q)) {
                q++;
            }
            if (q + length > n) {
                return false;
            }
            p = q + length;
            i = j;
        }
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
            for (int t = labelStart[at]; t < labelStart[at + 1]; t++) {
                AliasTokens.appendRaw(tokens[t], classes, out);
            }
        }
        return out.toString();
    }

    /** How many tokens of a node's pattern match exactly one byte given in the pattern. */
    int literalCount(int node) {
        int count = 0;
        for (int at = node; at > 0; at = parent[at]) {
            for (int t = labelStart[at]; t < labelStart[at + 1]; t++) {
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
            if (valueStart[i + 1] > valueStart[i]) {
                count++;
            }
        }
        int[] nodes = new int[count];
        count = 0;
        for (int i = 0; i < nodeCount(); i++) {
            if (valueStart[i + 1] > valueStart[i]) {
                nodes[count++] = i;
            }
        }
        return nodes;
    }
}
