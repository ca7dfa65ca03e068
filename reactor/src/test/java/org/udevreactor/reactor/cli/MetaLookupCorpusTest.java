package org.udevreactor.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.NativeOracles;
import org.udevreactor.meta.SharedTestData;
import picocli.CommandLine;

/**
 * `reactor meta lookup -` over the whole shared corpus, from a meta.pb that `reactor meta build`
 * wrote, against the real libkmod on the same Debian 6.1 tree: every line must agree.
 */
class MetaLookupCorpusTest {
    @TempDir
    Path temp;

    @Test
    void lookupStdin_wholeCorpusFromBuiltIndex_answersAsLibkmod() throws Exception {
        Path moduleDir = SharedTestData.debianModuleDir();
        List<String> corpus = Files.readAllLines(SharedTestData.corpus(), StandardCharsets.UTF_8);
        Path index = temp.resolve("meta.pb");
        assertThat(run(null, "meta", "build", "--modules-dir", moduleDir.toString(), "--output", index.toString())).isZero();

        StringWriter out = new StringWriter();
        int exit = run(out, "meta", "lookup", "--index", index.toString(), "-", String.join("\n", corpus) + "\n");

        List<List<String>> libkmod = NativeOracles.lookup(moduleDir, corpus.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        List<String> lines = out.toString().lines().toList();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            String expected = corpus.get(i) + "\t" + String.join(",", libkmod.get(i));
            if (!lines.get(i).equals(expected)) {
                mismatches.add(lines.get(i) + " != " + expected);
            }
        }
        assertThat(exit).isZero();
        assertThat(lines).hasSize(corpus.size());
        assertThat(mismatches).isEmpty();
    }

    /** Runs the command line; the last argument is stdin when {@code out} is given. */
    private static int run(StringWriter out, String... args) {
        CommandLine commandLine = ReactorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out != null ? out : new StringWriter(), true));
        commandLine.setErr(new PrintWriter(System.err, true));
        String[] arguments = args;
        if (out != null) {
            MetaLookupCommand lookup = (MetaLookupCommand) commandLine.getSubcommands().get("meta").getSubcommands().get("lookup").getCommand();
            lookup.stdin = new ByteArrayInputStream(args[args.length - 1].getBytes(StandardCharsets.UTF_8));
            arguments = java.util.Arrays.copyOf(args, args.length - 1);
        }
        return commandLine.execute(arguments);
    }
}
