package org.udevreactor.meta;

import java.util.Arrays;

/**
 * A compiled bracket expression: the pattern text it came from and the set of bytes it matches.
 * An empty set stands for a malformed expression, which matches nothing.
 */
record ByteClass(String raw, long[] bits) {
    ByteClass {
        if (bits.length != 4) {
            throw new IllegalArgumentException("a byte class has 4 words, got " + bits.length);
        }
        bits = bits.clone();
    }

    static ByteClass malformed(String raw) {
        return new ByteClass(raw, new long[4]);
    }

    boolean contains(int b) {
        return (bits[b >>> 6] & (1L << (b & 63))) != 0;
    }

    @Override
    public long[] bits() {
        return bits.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteClass other && raw.equals(other.raw) && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return raw.hashCode() * 31 + Arrays.hashCode(bits);
    }
}
