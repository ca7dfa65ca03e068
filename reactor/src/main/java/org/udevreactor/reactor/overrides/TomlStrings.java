package org.udevreactor.reactor.overrides;

/** TOML basic strings for text that came from a command line. */
final class TomlStrings {
    private TomlStrings() {
    }

    /** {@code "text"} with quotes, backslashes and control characters escaped, so any input stays one string. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
