package org.udevreactor.rules;

import org.udevreactor.meta.FnmatchPattern;

/** One way of writing a PCI class: a value under a mask, or a glob over its six hex digits. */
sealed interface ClassPattern {
    boolean matches(int classCode);

    /** {@code class & mask == value}; an exact class is the mask 0xffffff. */
    record Masked(int value, int mask) implements ClassPattern {
        @Override
        public boolean matches(int classCode) {
            return (classCode & mask) == value;
        }
    }

    /** A glob over the class as six lowercase hex digits ("030000"); the glob is lowercased when read. */
    record Glob(FnmatchPattern glob) implements ClassPattern {
        @Override
        public boolean matches(int classCode) {
            return glob.matches(ClassCondition.sixDigits(classCode));
        }
    }
}
