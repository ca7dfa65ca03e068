package org.udevreactor.bench.meta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;

/**
 * libkmod in this process: kmod-lookup.c (beside this class) compiled with gcc against libkmod
 * into a temporary shared library, loaded with jnr-ffi. One native call per lookup.
 */
final class LibkmodLookup implements AutoCloseable {
    private static final String SOURCE = "kmod-lookup.c";

    /** The functions of kmod-lookup.c. */
    public interface Library {
        Pointer kmod_bench_open(String moduleDir);

        int kmod_bench_lookup(Pointer ctx, @In byte[] aliasNulTerminated);

        void kmod_bench_close(Pointer ctx);
    }

    private final Library library;
    private final Pointer ctx;

    private LibkmodLookup(Library library, Pointer ctx) {
        this.library = library;
        this.ctx = ctx;
    }

    static LibkmodLookup open(Path moduleDir) {
        Library library = build();
        Pointer ctx = library.kmod_bench_open(moduleDir.toString());
        if (ctx == null) {
            throw new IllegalStateException("libkmod cannot open the module index in " + moduleDir);
        }
        return new LibkmodLookup(library, ctx);
    }

    /** The number of modules libkmod resolves the NUL-terminated alias to. */
    int lookup(byte[] aliasNulTerminated) {
        int n = library.kmod_bench_lookup(ctx, aliasNulTerminated);
        if (n < 0) {
            throw new IllegalStateException("kmod_module_new_from_lookup failed: errno " + -n);
        }
        return n;
    }

    static byte[] nulTerminated(String alias) {
        byte[] bytes = alias.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    @Override
    public void close() {
        library.kmod_bench_close(ctx);
    }

    private static Library build() {
        try {
            Path dir = Files.createTempDirectory("kmod-lookup");
            Path source = dir.resolve(SOURCE);
            Path library = dir.resolve("libkmodlookup.so");
            try (InputStream in = LibkmodLookup.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SOURCE + " is missing from the class path");
                }
                Files.write(source, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Werror", "-shared", "-fPIC", "-o", library.toString(), source.toString()));
            command.addAll(List.of(run(List.of("pkg-config", "--cflags", "--libs", "libkmod")).strip().split("\\s+")));
            run(command);
            Library loaded = LibraryLoader.create(Library.class).load(library.toString());
            for (Path file : List.of(dir, source, library)) {
                file.toFile().deleteOnExit(); // deleted in reverse order: the files, then the directory
            }
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the libkmod lookup harness (tools/install-deps installs gcc, libkmod-dev, pkg-config)", e);
        }
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
        return output;
    }
}
