package org.udevreactor.meta;

import java.util.Arrays;

/**
 * libkmod's alias normalisation, applied both to the patterns depmod indexes and to the strings
 * looked up: '-' becomes '_' outside bracket expressions and stays inside them.
 *
 * <p>Edge cases, as libkmod has them: a ']' outside brackets or a '[' without a later ']' makes
 * the alias invalid (depmod drops such a pattern with a warning; a lookup of such a string finds
 * nothing). Inside brackets the first ']' closes, so "[]" is accepted here even though fnmatch
 * reads it differently. Strings longer than 4095 bytes are cut there (libkmod's PATH_MAX buffer).
 */
final class AliasNormalization {
    static final int MAX_LENGTH = 4095;

    private AliasNormalization() {
    }

    /**
     * The normalised alias, or null when it is invalid. Never modifies {@code alias}; returns it
     * itself when it is already normal, so callers must not modify the result either.
     */
    static byte[] normalize(byte[] alias) {
        int length = Math.min(alias.length, MAX_LENGTH);
        if (length == alias.length && isAlreadyNormal(alias)) {
            return alias;
        }
        byte[] out = Arrays.copyOf(alias, length);
        int i = 0;
        while (i < length) {
            byte c = out[i];
            if (c == 0) {
                // A C string ends at NUL: what follows is never seen by libkmod.
                return Arrays.copyOf(out, i);
            }
            if (c == '-') {
                out[i] = '_';
            } else if (c == ']') {
                return null;
            } else if (c == '[') {
                while (i < length && out[i] != ']' && out[i] != 0) {
                    i++;
                }
                if (i >= length || out[i] != ']') {
                    return null;
                }
            }
            i++;
        }
        return out;
    }

    /** True for the common case: no '-', no bracket, no NUL, so nothing to change or check. */
    private static boolean isAlreadyNormal(byte[] alias) {
        for (byte c : alias) {
            if (c == '-' || c == '[' || c == ']' || c == 0) {
                return false;
            }
        }
        return true;
    }
}
