package org.udevreactor.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Strings a lookup must survive, made from real ones: truncated (odd lengths), with fields
 * emptied, with '*', '?', bracket sets, negations and stray brackets put in, with '-' for '_',
 * case flipped, non-ASCII bytes, plus bare module names, built-in aliases and the alias patterns
 * themselves (their wildcards then meet the index's wildcards, where libkmod reports some matches
 * twice). Deterministic for a seed. Never contains '\n' or NUL (the oracle reads lines), nor starts with "symbol:".
 */
final class OddModaliases {
    private static final String[] INSERTS = {
        "*", "?", "[0-9]", "[!0-9]", "[^A]", "[A-F]", "[a-", "]", "[", "[]", "[!]", "**", "-", "_", ":", "\\", "[[:digit:]]",
        "[[:xdigit:]", "\u00e9", "\t", " ", "v*d*", "[*]", "[?]", "*[", "?*?"};

    private OddModaliases() {
    }

    static List<byte[]> generate(List<String> corpus, List<String> names, List<String> patterns, long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        String[] fixed = {"", ":", "pci:", "usb:v", "*", "?", "[]", "[!]", "[a]", "a[", "vfio_pci:", "vfio-pci:v*", "of:N*T*C*",
            "acpi*:PNP0A08:*", "dmi", "cpu:type:x86,ven0000fam0006mod003F:feature:", "platform:", "fs-debugfs", "crypto-dh"};
        for (String s : fixed) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        while (out.size() < count) {
            int source = random.nextInt(10);
            List<String> from = source < 2 ? names : source < 5 ? patterns : corpus;
            StringBuilder s = new StringBuilder(from.get(random.nextInt(from.size())));
            int edits = source < 3 || source > 4 ? 1 + random.nextInt(3) : random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                mutate(s, random);
            }
            String candidate = s.toString();
            if (candidate.indexOf('\n') >= 0 || candidate.indexOf('\0') >= 0 || candidate.startsWith("symbol:")) {
                continue;
            }
            out.add(candidate.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void mutate(StringBuilder s, Random random) {
        int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
        switch (random.nextInt(8)) {
            case 0 -> s.setLength(at);
            case 1 -> {
                int end = Math.min(s.length(), at + 1 + random.nextInt(8));
                s.delete(at, end);
            }
            case 2, 3 -> s.insert(at, INSERTS[random.nextInt(INSERTS.length)]);
            case 4 -> {
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) == '_' && random.nextBoolean()) {
                        s.setCharAt(i, '-');
                    }
                }
                if (at < s.length()) {
                    s.setCharAt(at, '-');
                }
            }
            case 5 -> {
                if (at < s.length()) {
                    char c = s.charAt(at);
                    s.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
            }
            case 6 -> {
                int end = Math.min(s.length(), at + random.nextInt(6));
                s.insert(at, s.substring(at, end));
            }
            default -> s.append("0123456789ABCDEFabcdef*?".charAt(random.nextInt(24)));
        }
    }
}
