package org.udevreactor.testfixtures.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The guest's ttyS0 as QEMU writes it to a file: the kernel log and init's messages. The
 * console adds carriage returns and terminal escapes (the firmware's and the kernel's), so
 * text is cleaned before markers are searched, and markers are matched as substrings.
 */
final class SerialConsole {
    static final String MARKER_PREFIX = "udev-reactor-guest: ";
    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[@-Z\\\\-~])");
    private static final List<String> FATAL = List.of(MARKER_PREFIX + "FATAL", "Kernel panic");

    private final Path file;

    SerialConsole(Path file) {
        this.file = file;
    }

    /** Removes escape sequences, carriage returns and other control characters but newline and tab. */
    static String clean(String raw) {
        String text = ESCAPES.matcher(raw).replaceAll("");
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || c >= ' ' && c != 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }

    String text() throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        return clean(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    String tail(int lines) throws IOException {
        List<String> all = text().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Waits until the console shows {@code marker}; fails at once on a fatal marker or a kernel
     * panic, or when {@code alive} turns false (QEMU exited).
     */
    void await(String marker, Duration timeout, BooleanSupplier alive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = text();
            if (text.contains(marker)) {
                return;
            }
            for (String fatal : FATAL) {
                if (text.contains(fatal)) {
                    throw new IOException("guest console shows '" + fatal + "' before '" + marker + "'");
                }
            }
            if (!alive.getAsBoolean()) {
                throw new IOException("QEMU exited before the guest console showed '" + marker + "'");
            }
            if (System.nanoTime() > deadline) {
                throw new GuestTimeoutException("guest console did not show '" + marker + "' within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for '" + marker + "' on the guest console", e);
            }
        }
    }
}
