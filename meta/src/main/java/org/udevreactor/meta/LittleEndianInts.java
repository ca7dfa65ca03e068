package org.udevreactor.meta;

/**
 * The uint32 columns of meta.pb's module table: four little-endian bytes per entry, read in place.
 * A packed protobuf field would be decoded into a list, one varint at a time, at every load; a
 * byte column is one copy.
 */
final class LittleEndianInts {
    private LittleEndianInts() {
    }

    static byte[] encode(int[] values, int count) {
        byte[] out = new byte[count * 4];
        for (int i = 0; i < count; i++) {
            int v = values[i];
            out[i * 4] = (byte) v;
            out[i * 4 + 1] = (byte) (v >>> 8);
            out[i * 4 + 2] = (byte) (v >>> 16);
            out[i * 4 + 3] = (byte) (v >>> 24);
        }
        return out;
    }

    /** Entry {@code index}; values above {@link Integer#MAX_VALUE} come out negative. */
    static int get(byte[] column, int index) {
        int at = index * 4;
        return (column[at] & 0xff) | (column[at + 1] & 0xff) << 8 | (column[at + 2] & 0xff) << 16 | column[at + 3] << 24;
    }
}
