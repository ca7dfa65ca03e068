package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.meta.ModuleIndex;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;
import org.udevreactor.meta.SharedTestData;

/** The loader against a fake kernel that records every call. */
@Timeout(60)
class ModuleLoaderTest {
    @TempDir
    Path temp;

    private ModuleDirFixture tree;
    private final FakeKernel kernel = new FakeKernel();
    private final FakeClock clock = new FakeClock();

    @BeforeEach
    void writeTree() throws Exception {
        tree = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep",
                        "kernel/a.ko: kernel/b.ko kernel/c.ko",
                        "kernel/b.ko: kernel/c.ko",
                        "kernel/c.ko:",
                        "kernel/soft.ko:",
                        "kernel/gz.ko.gz:",
                        "kernel/xz.ko.xz:",
                        "kernel/zst.ko.zst:",
                        "kernel/gone.ko.xz:")
                .file("modules.alias", "alias pci:v00001234d*sv*sd*bc*sc*i* a", "alias pci:v00001234d*sv*sd*bc*sc*i* soft")
                .file("modules.softdep", "softdep b pre: soft")
                .file("modules.builtin", "kernel/lib/builtin_one.ko");
        tree.bytes("kernel/gz.ko.gz", gzip("\u007fELF gz module"));
        tree.bytes("kernel/xz.ko.xz", xz("\u007fELF xz module"));
        tree.bytes("kernel/zst.ko.zst", zstd("\u007fELF zstd module"));
    }

    private static byte[] xz(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(), XZ.CHECK_CRC32)) {
            xz.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] zstd(String content) {
        return Zstd.compress(content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private ModuleLoader loader(ModprobeConfig config) throws Exception {
        return loader(tree.index(), config, ModuleLoader.Settings.DEFAULT);
    }

    private ModuleLoader loader(ModuleIndex index, ModprobeConfig config, ModuleLoader.Settings settings) {
        return new ModuleLoader(new LoadPlanner(index, config), kernel, tree.dir(), clock, settings);
    }

    private static List<String> kinds(LoadReport report) {
        return report.results().stream().map(r -> r.module() + ":" + r.getClass().getSimpleName()).toList();
    }

    @Test
    void load_moduleWithDependencies_loadsDependenciesFirstAndEachOnce() throws Exception {
        LoadReport report = loader(ModprobeConfig.EMPTY).load("a");

        assertThat(kernel.loadedInOrder()).containsExactly("c", "soft", "b", "a");
        assertThat(report.results()).allMatch(r -> r instanceof LoadResult.Loaded);
        assertThat(report.succeeded()).isTrue();
        assertThat(kernel.calls().get(0).file()).isEqualTo(tree.dir().resolve("kernel/c.ko").toString());
    }

    @Test
    void load_debianVfioPciChain_callsKernelInModprobeOrder() throws Exception {
        ModuleIndex debian = ModuleIndex.build(SharedTestData.debianModuleDir());

        LoadReport report = loader(debian, ModprobeConfig.EMPTY, ModuleLoader.Settings.DEFAULT).load("vfio_pci");

        assertThat(kernel.loadedInOrder()).containsExactly("irqbypass", "vfio", "vfio_iommu_type1", "vfio_virqfd",
                "vfio_pci_core", "vfio_pci");
        assertThat(report.succeeded()).as("vfio_iommu_spapr_tce (powerpc only) is a softdep: not found is fine").isTrue();
    }

    @Test
    void load_liveAndBuiltinModules_areNotLoadedAgain() throws Exception {
        kernel.state("c", ModuleState.LIVE).state("b", ModuleState.BUILTIN);

        LoadReport report = loader(ModprobeConfig.EMPTY).load("a");

        assertThat(kernel.loadedInOrder()).containsExactly("soft", "a");
        assertThat(kinds(report)).containsExactly("c:AlreadyLive", "soft:Loaded", "b:Builtin", "a:Loaded");
    }

    @Test
    void load_builtinInIndex_isBuiltinWithoutKernelCall() throws Exception {
        LoadReport report = loader(ModprobeConfig.EMPTY).load("builtin-one");

        assertThat(kinds(report)).containsExactly("builtin_one:Builtin");
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void load_kernelSaysEexist_isAlreadyLive() throws Exception {
        kernel.failing("c", ModuleErrno.EEXIST);

        LoadReport report = loader(ModprobeConfig.EMPTY).load("c");

        assertThat(kinds(report)).containsExactly("c:AlreadyLive");
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void load_dependencyFailsWithErrno_failureNamesModuleAndPathDependentsSkipped() throws Exception {
        kernel.failing("c", ModuleErrno.EINVAL);

        LoadReport report = loader(new ModprobeConfig.Builder().option("c", "bogus=1").build()).load("a");

        assertThat(kernel.loadedInOrder()).containsExactly("c", "soft");
        assertThat(kinds(report)).containsExactly("c:Failed", "soft:Loaded", "b:Skipped", "a:Skipped");
        LoadResult.Failed failed = (LoadResult.Failed) report.results().get(0);
        assertThat(failed.errno()).isEqualTo(ModuleErrno.EINVAL);
        assertThat(failed.message()).contains("c (" + tree.dir().resolve("kernel/c.ko") + ")", "EINVAL", "bogus=1",
                "unknown symbol or bad parameter");
        assertThat(((LoadResult.Skipped) report.results().get(2)).reason()).contains("needs c");
        assertThat(report.succeeded()).isFalse();
    }

    @Test
    void load_softdepFails_moduleStillLoadedAndRequestSucceeds() throws Exception {
        kernel.failing("soft", ModuleErrno.ENOEXEC);

        LoadReport report = loader(ModprobeConfig.EMPTY).load("b");

        assertThat(kinds(report)).containsExactly("c:Loaded", "soft:Failed", "b:Loaded");
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void load_noModuleSupport_failsWithEnosysForFirstModule() throws Exception {
        kernel.failing("c", ModuleErrno.ENOSYS);

        LoadReport report = loader(ModprobeConfig.EMPTY).load("c");

        assertThat(((LoadResult.Failed) report.results().get(0)).message()).contains("ENOSYS", "no loadable module support");
    }

    @Test
    void load_moduleStillComing_waitsUntilLive() throws Exception {
        kernel.state("c", ModuleState.COMING);
        int[] polls = {0};
        clock.onSleep(() -> {
            if (++polls[0] == 3) {
                kernel.state("c", ModuleState.LIVE);
            }
        });

        LoadReport report = loader(ModprobeConfig.EMPTY).load("c");

        assertThat(kinds(report)).containsExactly("c:AlreadyLive");
        assertThat(report.results().get(0).took()).isEqualTo(Duration.ofMillis(60));
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void load_moduleComingPastBound_failsWithEtimedout() throws Exception {
        kernel.state("c", ModuleState.COMING);
        ModuleLoader loader = loader(tree.index(), ModprobeConfig.EMPTY, new ModuleLoader.Settings(Duration.ofSeconds(1), Duration.ofMillis(100)));

        LoadReport report = loader.load("c");

        LoadResult.Failed failed = (LoadResult.Failed) report.results().get(0);
        assertThat(failed.errno()).isEqualTo(ModuleErrno.ETIMEDOUT);
        assertThat(failed.detail()).contains("still coming after 1000 ms");
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void loadForDevice_blacklistedModule_notLoadedOthersAre() throws Exception {
        LoadReport report = loader(new ModprobeConfig.Builder().blacklist("a").build())
                .loadForDevice("pci:v00001234d00000001sv00000000sd00000000bc00sc00i00");

        assertThat(kernel.loadedInOrder()).containsExactly("soft");
        assertThat(kinds(report)).containsExactly("soft:Loaded", "a:Blacklisted");
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void loadForDevice_matchingNothing_isEmptySuccess() throws Exception {
        LoadReport report = loader(ModprobeConfig.EMPTY).loadForDevice("pci:v0000FFFFd00000001sv00000000sd00000000bc00sc00i00");

        assertThat(report.results()).isEmpty();
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void load_unknownName_isNotFoundAndFails() throws Exception {
        LoadReport report = loader(ModprobeConfig.EMPTY).load("nothing_like_it");

        assertThat(kinds(report)).containsExactly("nothing_like_it:NotFound");
        assertThat(report.succeeded()).isFalse();
    }

    @Test
    void load_installCommand_neverRunModuleSkipped() throws Exception {
        LoadReport report = loader(new ModprobeConfig.Builder().install("c", "/bin/sh -c 'touch /tmp/pwned'").build()).load("c");

        assertThat(kinds(report)).containsExactly("c:Skipped");
        assertThat(((LoadResult.Skipped) report.results().get(0)).reason()).contains("install /bin/sh", "never run");
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void load_optionsFromConfig_passedAsParams() throws Exception {
        loader(new ModprobeConfig.Builder().option("c", "debug=1").option("c", "x=\"a b\"").build()).load("c");

        assertThat(kernel.calls().get(0).params()).isEqualTo("debug=1 x=\"a b\"");
    }

    @Test
    void load_gzipModuleKernelCannotDecompress_decompressedHereAndInitModule() throws Exception {
        loader(ModprobeConfig.EMPTY).load("gz");

        FakeKernel.Call call = kernel.calls().get(0);
        assertThat(call.syscall()).isEqualTo("init_module");
        assertThat(new String(call.image(), StandardCharsets.UTF_8)).isEqualTo("\u007fELF gz module");
    }

    @Test
    void load_gzipModuleKernelDecompressesGzip_finitModuleWithCompressedFlag() throws Exception {
        kernel.decompressing(Compression.GZIP);

        loader(ModprobeConfig.EMPTY).load("gz");

        FakeKernel.Call call = kernel.calls().get(0);
        assertThat(call.syscall()).isEqualTo("finit_module");
        assertThat(call.flags()).isEqualTo(KernelModules.MODULE_INIT_COMPRESSED_FILE);
    }

    @Test
    void load_xzAndZstdModulesKernelCannotDecompress_decompressedHereAndInitModule() throws Exception {
        kernel.decompressing(Compression.GZIP);

        loader(ModprobeConfig.EMPTY).load("xz");
        loader(ModprobeConfig.EMPTY).load("zst");

        assertThat(kernel.calls()).extracting(FakeKernel.Call::syscall).containsExactly("init_module", "init_module");
        assertThat(new String(kernel.calls().get(0).image(), StandardCharsets.UTF_8)).isEqualTo("\u007fELF xz module");
        assertThat(new String(kernel.calls().get(1).image(), StandardCharsets.UTF_8)).isEqualTo("\u007fELF zstd module");
    }

    @Test
    void load_zstdModuleKernelDecompressesZstd_finitModuleOnTheFileItself() throws Exception {
        kernel.decompressing(Compression.ZSTD);

        loader(ModprobeConfig.EMPTY).load("zst");

        FakeKernel.Call call = kernel.calls().get(0);
        assertThat(call.syscall()).isEqualTo("finit_module");
        assertThat(call.file()).endsWith("kernel/zst.ko.zst");
        assertThat(call.flags()).isEqualTo(KernelModules.MODULE_INIT_COMPRESSED_FILE);
    }

    @Test
    void load_corruptXzAndZstdModules_failWithEnoexec() throws Exception {
        tree.bytes("kernel/xz.ko.xz", "not xz".getBytes(StandardCharsets.UTF_8));
        tree.bytes("kernel/zst.ko.zst", "not zstd".getBytes(StandardCharsets.UTF_8));

        LoadReport xz = loader(ModprobeConfig.EMPTY).load("xz");
        LoadReport zst = loader(ModprobeConfig.EMPTY).load("zst");

        assertThat(((LoadResult.Failed) xz.results().get(0)).errno()).isEqualTo(ModuleErrno.ENOEXEC);
        assertThat(((LoadResult.Failed) zst.results().get(0)).errno()).isEqualTo(ModuleErrno.ENOEXEC);
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void load_corruptCompressedModule_failsWithEnoexec() throws Exception {
        tree.bytes("kernel/gz.ko.gz", "not gzip at all".getBytes(StandardCharsets.UTF_8));

        LoadReport report = loader(ModprobeConfig.EMPTY).load("gz");

        LoadResult.Failed failed = (LoadResult.Failed) report.results().get(0);
        assertThat(failed.errno()).isEqualTo(ModuleErrno.ENOEXEC);
        assertThat(failed.detail()).contains("gzip");
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void load_moduleFileMissing_failsWithEnoentNamingPath() throws Exception {
        LoadReport report = loader(ModprobeConfig.EMPTY).load("gone");

        LoadResult.Failed failed = (LoadResult.Failed) report.results().get(0);
        assertThat(failed.errno()).isEqualTo(ModuleErrno.ENOENT);
        assertThat(failed.path()).endsWith("kernel/gone.ko.xz");
    }

    @Test
    void load_manyThreadsOneModule_oneKernelCallAllSatisfied() throws Exception {
        int threads = 16;
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        kernel.duringCall(m -> {
            inCall.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ModuleLoader loader = new ModuleLoader(new LoadPlanner(tree.index(), ModprobeConfig.EMPTY), kernel, tree.dir(),
                LoaderClock.system(), ModuleLoader.Settings.DEFAULT);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LoadReport>> reports = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                reports.add(pool.submit(() -> loader.load("c")));
            }
            assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
            // Let the other threads reach the in-flight load before it finishes.
            Thread.sleep(200);
            release.countDown();
            for (Future<LoadReport> report : reports) {
                assertThat(report.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(kernel.calls()).hasSize(1);
        assertThat(loader.statistics().kernelCalls()).isEqualTo(1);
    }

    @Test
    void executeAll_manyPlansSharingModulesWithJobs_oneKernelCallPerModuleReportsInPlanOrder() throws Exception {
        int plans = 12;
        CountDownLatch release = new CountDownLatch(1);
        // Holds the first call open until every job has started, so the others meet it in flight.
        kernel.duringCall(m -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LoadPlanner planner = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY);
        ModuleLoader loader = new ModuleLoader(planner, kernel, tree.dir(), LoaderClock.system(), ModuleLoader.Settings.DEFAULT);
        List<LoadPlan> all = new ArrayList<>();
        for (int i = 0; i < plans; i++) {
            all.add(planner.plan(i % 2 == 0 ? "a" : "b"));
        }
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        releaser.start();

        List<LoadReport> reports = loader.executeAll(all, 6);

        releaser.join();
        assertThat(reports).extracting(r -> r.plan().request()).containsExactlyElementsOf(all.stream().map(LoadPlan::request).toList());
        assertThat(reports).allMatch(LoadReport::succeeded);
        assertThat(kernel.loadedInOrder()).containsExactly("c", "soft", "b", "a");
    }

    @Test
    void executeAll_oneJob_runsPlansInOrderOnCallingThread() throws Exception {
        LoadPlanner planner = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY);
        ModuleLoader loader = new ModuleLoader(planner, kernel, tree.dir(), clock, ModuleLoader.Settings.DEFAULT);
        List<String> threads = new ArrayList<>();
        kernel.duringCall(m -> threads.add(Thread.currentThread().getName()));

        List<LoadReport> reports = loader.executeAll(List.of(planner.plan("c"), planner.plan("a")), 1);

        assertThat(kinds(reports.get(0))).containsExactly("c:Loaded");
        assertThat(kinds(reports.get(1))).containsExactly("c:AlreadyLive", "soft:Loaded", "b:Loaded", "a:Loaded");
        assertThat(threads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void executeAll_zeroJobs_rejected() throws Exception {
        ModuleLoader loader = loader(ModprobeConfig.EMPTY);

        assertThatThrownBy(() -> loader.executeAll(List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs must be at least 1, got 0");
    }

    @Test
    void statistics_afterLoads_countResultsByKind() throws Exception {
        kernel.state("c", ModuleState.LIVE);
        ModuleLoader loader = loader(ModprobeConfig.EMPTY);

        loader.load("a");

        assertThat(loader.statistics().results()).containsEntry("Loaded", 3L).containsEntry("AlreadyLive", 1L);
        assertThat(loader.statistics().kernelCalls()).isEqualTo(3);
    }
}
