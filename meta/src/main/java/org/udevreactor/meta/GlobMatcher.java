package org.udevreactor.meta;

/**
 * Matches one compiled pattern against a byte string, fnmatch style: the classic walk that
 * remembers only the last '*' and retries from it, linear for patterns with one star and
 * O(pattern x text) at worst.
 */
final class GlobMatcher {
    private GlobMatcher() {
    }

    static boolean matches(int[] tokens, ClassTable classes, byte[] text, int textFrom) {
        int t = 0;
        int s = textFrom;
        int starToken = -1;
        int starText = -1;
        while (s < text.length) {
            if (t < tokens.length && tokens[t] == AliasTokens.STAR) {
                starToken = t++;
                starText = s;
            } else if (t < tokens.length && matchesOne(tokens[t], classes, text[s] & 0xff)) {
                t++;
                s++;
            } else if (starToken >= 0) {
                t = starToken + 1;
                s = ++starText;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t] == AliasTokens.STAR) {
            t++;
        }
        return t == tokens.length;
    }

    static boolean matchesOne(int token, ClassTable classes, int b) {
        if (AliasTokens.isLiteral(token)) {
            return AliasTokens.literalByte(token) == b;
        }
        if (token == AliasTokens.ANY) {
            return true;
        }
        return token >= AliasTokens.CLASS && classes.get(token - AliasTokens.CLASS).contains(b);
    }
}
