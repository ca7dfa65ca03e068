package org.udevreactor.meta;

import java.util.Arrays;

/**
 * Per-thread working memory of one alias lookup: the trie nodes found so far (each once), and for
 * every '*' token the lowest text position it has been tried from, so no (star, position) pair is
 * explored twice. Reused across lookups; a stamp clears the star memo in O(1).
 */
final class MatchScratch {
    private static final ThreadLocal<MatchScratch> PER_THREAD = ThreadLocal.withInitial(MatchScratch::new);

    private int[] nodes = new int[16];
    private int nodeCount;
    private int[] starKeys = new int[64];
    private int[] starMinStart = new int[64];
    private int[] starStamps = new int[64];
    private int starCount;
    private int stamp = 1;

    static MatchScratch forThisThread() {
        MatchScratch s = PER_THREAD.get();
        s.reset();
        return s;
    }

    private void reset() {
        nodeCount = 0;
        starCount = 0;
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(starStamps, 0);
            stamp = 1;
        }
    }

    void addNode(int node) {
        for (int i = 0; i < nodeCount; i++) {
            if (nodes[i] == node) {
                return;
            }
        }
        if (nodeCount == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodeCount * 2);
        }
        nodes[nodeCount++] = node;
    }

    int nodeCount() {
        return nodeCount;
    }

    int node(int i) {
        return nodes[i];
    }

    /**
     * Claims the positions a star token may try from {@code from}: returns the exclusive end of
     * the positions not tried before ({@code from} itself when there are none).
     */
    int claimStar(int token, int from, int textLength) {
        int mask = starKeys.length - 1;
        int slot = (token * 0x9E3779B1) >>> 7 & mask;
        while (starStamps[slot] == stamp) {
            if (starKeys[slot] == token) {
                int tried = starMinStart[slot];
                if (from >= tried) {
                    return from;
                }
                starMinStart[slot] = from;
                return tried;
            }
            slot = (slot + 1) & mask;
        }
        starStamps[slot] = stamp;
        starKeys[slot] = token;
        starMinStart[slot] = from;
        if (++starCount * 2 > starKeys.length) {
            growStars();
        }
        return textLength + 1;
    }

    private void growStars() {
        int[] keys = starKeys;
        int[] mins = starMinStart;
        int[] stamps = starStamps;
        starKeys = new int[keys.length * 2];
        starMinStart = new int[keys.length * 2];
        starStamps = new int[keys.length * 2];
        int mask = starKeys.length - 1;
        for (int i = 0; i < keys.length; i++) {
            if (stamps[i] == stamp) {
                int slot = (keys[i] * 0x9E3779B1) >>> 7 & mask;
                while (starStamps[slot] == stamp) {
                    slot = (slot + 1) & mask;
                }
                starStamps[slot] = stamp;
                starKeys[slot] = keys[i];
                starMinStart[slot] = mins[i];
            }
        }
    }
}
