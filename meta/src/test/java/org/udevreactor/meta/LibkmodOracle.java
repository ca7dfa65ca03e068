package org.udevreactor.meta;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real libkmod as a test oracle: src/test/c/kmod_lookup.c, compiled with gcc into target/ on
 * first use, resolves strings with kmod_module_new_from_lookup. Without gcc or libkmod-dev the
 * tests that need it are skipped, except under CI=true where they fail (tools/install-deps
 * installs both).
 */
final class LibkmodOracle {
    private static Path binary;

    private LibkmodOracle() {
    }

    static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) {
            return binary;
        }
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path source = base.resolve("src/test/c/kmod_lookup.c");
        Path out = base.resolve("target/kmod_lookup");
        Files.createDirectories(out.getParent());
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", out.toString(), source.toString()));
        command.addAll(Arrays.asList(run(List.of("pkg-config", "--cflags", "--libs", "libkmod"), "").strip().split("\\s+")));
        run(command, "");
        binary = out;
        return out;
    }

    /** Resolves each string (no newlines in them); returns libkmod's answers line by line. */
    static List<List<String>> lookup(Path moduleDir, List<byte[]> strings) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary().toString(), moduleDir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            for (byte[] s : strings) {
                in.write(s);
                in.write('\n');
            }
        }
        String text = new String(output.join(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("kmod_lookup failed for " + moduleDir);
        }
        List<List<String>> answers = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            answers.add(line.isEmpty() ? List.of() : List.of(line.split(",")));
        }
        answers.remove(answers.size() - 1);
        if (answers.size() != strings.size()) {
            fail("kmod_lookup answered " + answers.size() + " lines for " + strings.size() + " strings");
        }
        return answers;
    }

    private static String run(List<String> command, String input) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            unavailable(command.get(0) + " is not installed (" + e.getMessage() + ")");
            throw e;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            unavailable(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void unavailable(String why) {
        String message = "cannot build the libkmod oracle: " + why + " (tools/install-deps installs gcc, libkmod-dev, pkg-config)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
