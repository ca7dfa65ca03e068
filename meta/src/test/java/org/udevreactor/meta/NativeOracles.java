package org.udevreactor.meta;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real libkmod and glibc as test oracles: small C programs (test resources beside this class),
 * compiled with gcc into target/ on first use. Shared with other modules' tests through meta's
 * test jar. kmod_lookup resolves strings with kmod_module_new_from_lookup;
 * fnmatch_check runs glibc's fnmatch; modprobe -R itself checks the first. Without gcc or libkmod-dev the tests that need them are
 * skipped, except under CI=true where they fail (tools/install-deps installs them).
 */
public final class NativeOracles {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private NativeOracles() {
    }

    /**
     * NAME.c (a test resource beside this class) compiled into the module's target/ directory,
     * linked with libkmod when asked.
     */
    static synchronized Path binary(String name, boolean withLibkmod) throws IOException, InterruptedException {
        Path built = BUILT.get(name);
        if (built != null) {
            return built;
        }
        Path target = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
        Files.createDirectories(target);
        Path source = target.resolve(name + ".c");
        try (InputStream in = NativeOracles.class.getResourceAsStream(name + ".c")) {
            if (in == null) {
                throw new IllegalStateException(name + ".c is missing from the test class path");
            }
            Files.write(source, in.readAllBytes());
        }
        Path out = target.resolve(name);
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", out.toString(), source.toString()));
        if (withLibkmod) {
            command.addAll(Arrays.asList(run(List.of("pkg-config", "--cflags", "--libs", "libkmod")).strip().split("\\s+")));
        }
        run(command);
        BUILT.put(name, out);
        return out;
    }

    /** Resolves each string (no newlines in them); returns libkmod's answers line by line. */
    public static List<List<String>> lookup(Path moduleDir, List<byte[]> strings) throws IOException, InterruptedException {
        String text = new String(pipe(List.of(binary("kmod_lookup", true).toString(), moduleDir.toString()), strings), StandardCharsets.ISO_8859_1);
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

    /** glibc's fnmatch(pattern, text, 0) for each pair (no tab or newline in either). */
    static List<Boolean> fnmatch(List<byte[][]> pairs) throws IOException, InterruptedException {
        List<byte[]> lines = new ArrayList<>();
        for (byte[][] pair : pairs) {
            byte[] line = Arrays.copyOf(pair[0], pair[0].length + 1 + pair[1].length);
            line[pair[0].length] = '\t';
            System.arraycopy(pair[1], 0, line, pair[0].length + 1, pair[1].length);
            lines.add(line);
        }
        String text = new String(pipe(List.of(binary("fnmatch_check", false).toString()), lines), StandardCharsets.ISO_8859_1);
        List<Boolean> answers = new ArrayList<>();
        for (String line : text.split("\n")) {
            answers.add(line.equals("1"));
        }
        if (answers.size() != pairs.size()) {
            fail("fnmatch_check answered " + answers.size() + " lines for " + pairs.size() + " pairs");
        }
        return answers;
    }

    /**
     * What {@code modprobe -R} prints for one string, with an empty configuration (-C /dev/null),
     * so that the host's modprobe.d cannot add aliases. Exit status 1 means "not found".
     */
    public static List<String> modprobeResolve(Path root, String kernelRelease, String alias) throws IOException, InterruptedException {
        List<String> command = List.of(sbin("modprobe"), "-C", "/dev/null", "-d", root.toString(), "-S", kernelRelease, "-R", alias);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            unavailable("modprobe is not installed (" + e.getMessage() + ")");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status > 1) {
            fail(String.join(" ", command) + " exited with " + status);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /**
     * A loadable module file depmod accepts: an object compiled by gcc whose .modinfo section
     * holds the given NUL-separated "key=value" records.
     */
    public static void compileModule(Path ko, List<String> modinfo) throws IOException, InterruptedException {
        StringBuilder bytes = new StringBuilder();
        for (String record : modinfo) {
            for (byte b : (record + "\0").getBytes(StandardCharsets.ISO_8859_1)) {
                bytes.append(b & 0xff).append(',');
            }
        }
        Path source = ko.resolveSibling(ko.getFileName() + ".c");
        Files.writeString(source, "__attribute__((section(\".modinfo\"), used)) static const unsigned char info[] = {" + bytes + "};\n");
        run(List.of("gcc", "-c", "-o", ko.toString(), source.toString()));
        Files.delete(source);
    }

    /** Runs depmod on {@code root}/lib/modules/{@code release}, writing its text and .bin files there. */
    public static void depmod(Path root, String release) throws IOException, InterruptedException {
        run(List.of(sbin("depmod"), "-b", root.toString(), release));
    }

    /** kmod's tools live in /usr/sbin, which a non-root PATH may lack. */
    private static String sbin(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return dir + "/" + tool;
            }
        }
        return tool;
    }

    /** Runs a command with the lines on its stdin; returns its stdout. */
    private static byte[] pipe(List<String> command, List<byte[]> lines) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            for (byte[] line : lines) {
                in.write(line);
                in.write('\n');
            }
        }
        byte[] out = output.join();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed");
        }
        return out;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
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
        String message = "a native test oracle is unavailable: " + why + " (tools/install-deps installs gcc, kmod, libkmod-dev, pkg-config)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
