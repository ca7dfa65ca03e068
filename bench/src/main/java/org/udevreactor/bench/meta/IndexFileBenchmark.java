package org.udevreactor.bench.meta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.udevreactor.meta.MetaFiles;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.ModuleIndexBuilder;
import org.udevreactor.meta.proto.ModuleIndexFile;

/**
 * Building meta.pb from the Debian 6.1 depmod output, and loading it into a ready
 * {@link ModuleIndex}. Setup prints meta.pb's size beside modules.alias.bin's. Loading leaves
 * module names to be decoded when first asked; {@code loadAndLookup} adds the first lookup the
 * daemon makes (the boot NIC's modalias), so that work is timed too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class IndexFileBenchmark {
    private static final String E1000E_MODALIAS = "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00";

    private Path moduleDir;
    private Path metaPb;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        moduleDir = BenchData.moduleDir();
        metaPb = Files.createTempFile("meta", ".pb");
        MetaFiles.write(ModuleIndexBuilder.build(moduleDir), metaPb);
        System.out.printf("%nmeta.pb: %,d bytes; modules.alias.bin: %,d bytes%n", Files.size(metaPb),
                Files.size(moduleDir.resolve("modules.alias.bin")));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Files.deleteIfExists(metaPb);
    }

    @Benchmark
    public ModuleIndexFile build() throws Exception {
        return ModuleIndexBuilder.build(moduleDir);
    }

    @Benchmark
    public ModuleIndex load() throws Exception {
        return ModuleIndex.load(metaPb);
    }

    @Benchmark
    public List<String> loadAndLookup() throws Exception {
        List<String> modules = ModuleIndex.load(metaPb).lookup(E1000E_MODALIAS);
        if (!modules.equals(List.of("e1000e"))) {
            throw new IllegalStateException(E1000E_MODALIAS + " resolved to " + modules + ", not e1000e");
        }
        return modules;
    }
}
