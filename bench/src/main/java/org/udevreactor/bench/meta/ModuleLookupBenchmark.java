package org.udevreactor.bench.meta;

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
import org.udevreactor.meta.ModuleIndex;

/**
 * One modalias lookup, ours against libkmod's in-process kmod_module_new_from_lookup, cycling
 * through the 20,000 modaliases of the shared corpus on the real Debian 6.1 index. Sample mode,
 * so JMH reports the median (p0.50) and the tail per lookup. Before measuring, setup checks
 * that both answer every string with the same number of modules.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ModuleLookupBenchmark {
    private ModuleIndex index;
    private LibkmodLookup libkmod;
    private String[] modaliases;
    private byte[][] modaliasesForC;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<String> corpus = BenchData.corpus();
        modaliases = corpus.toArray(new String[0]);
        modaliasesForC = corpus.stream().map(LibkmodLookup::nulTerminated).toArray(byte[][]::new);
        index = ModuleIndex.build(BenchData.moduleDir());
        libkmod = LibkmodLookup.open(BenchData.moduleDir());
        for (int i = 0; i < modaliases.length; i++) {
            int ours = index.lookup(modaliases[i]).size();
            int theirs = libkmod.lookup(modaliasesForC[i]);
            if (ours != theirs) {
                throw new IllegalStateException(modaliases[i] + ": we resolve " + ours + " modules, libkmod " + theirs);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        libkmod.close();
    }

    @Benchmark
    public List<String> lookupOurs() {
        String modalias = modaliases[next];
        next = next + 1 == modaliases.length ? 0 : next + 1;
        return index.lookup(modalias);
    }

    @Benchmark
    public int lookupLibkmod() {
        byte[] modalias = modaliasesForC[next];
        next = next + 1 == modaliasesForC.length ? 0 : next + 1;
        return libkmod.lookup(modalias);
    }
}
