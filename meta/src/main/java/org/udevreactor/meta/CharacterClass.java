package org.udevreactor.meta;

import java.util.function.IntPredicate;

/** The POSIX character classes of a bracket expression, in the C locale (ASCII only). */
enum CharacterClass {
    ALNUM(b -> isAlpha(b) || isDigit(b)),
    ALPHA(CharacterClass::isAlpha),
    BLANK(b -> b == ' ' || b == '\t'),
    CNTRL(b -> b < 0x20 || b == 0x7f),
    DIGIT(CharacterClass::isDigit),
    GRAPH(b -> b > 0x20 && b < 0x7f),
    LOWER(b -> b >= 'a' && b <= 'z'),
    PRINT(b -> b >= 0x20 && b < 0x7f),
    PUNCT(b -> b > 0x20 && b < 0x7f && !isAlpha(b) && !isDigit(b)),
    SPACE(b -> b == ' ' || (b >= '\t' && b <= '\r')),
    UPPER(b -> b >= 'A' && b <= 'Z'),
    XDIGIT(b -> isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'));

    private final IntPredicate members;

    CharacterClass(IntPredicate members) {
        this.members = members;
    }

    /** The class called {@code name} ("alpha"), or null when there is none. */
    static CharacterClass named(String name) {
        for (CharacterClass c : values()) {
            if (c.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return c;
            }
        }
        return null;
    }

    boolean contains(int b) {
        return members.test(b);
    }

    private static boolean isAlpha(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }
}
