package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.NativeCallException;

/** State from a fake /sys/module and /proc/modules; the real system calls on this host's kernel. */
class LinuxKernelModulesTest {
    @TempDir
    Path temp;

    private LinuxKernelModules kernel() {
        return new LinuxKernelModules(temp.resolve("sys/module"), temp.resolve("proc/modules"));
    }

    private void initstate(String module, String state) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("sys/module").resolve(module));
        Files.writeString(dir.resolve("initstate"), state + "\n");
    }

    @Test
    void state_initstateFiles_mapToStates() throws Exception {
        initstate("e1000e", "live");
        initstate("vfio", "coming");
        initstate("old", "going");
        Files.createDirectories(temp.resolve("sys/module/crc32c_generic"));

        assertThat(kernel().state("e1000e")).isEqualTo(ModuleState.LIVE);
        assertThat(kernel().state("vfio")).isEqualTo(ModuleState.COMING);
        assertThat(kernel().state("old")).isEqualTo(ModuleState.GOING);
        assertThat(kernel().state("crc32c_generic")).isEqualTo(ModuleState.BUILTIN);
        assertThat(kernel().state("absent")).isEqualTo(ModuleState.ABSENT);
    }

    @Test
    void state_listedInProcModulesBeforeSysfs_readFromProcModules() throws Exception {
        Files.createDirectories(temp.resolve("proc"));
        Files.writeString(temp.resolve("proc/modules"),
                "vfio_pci 16384 0 - Loading 0x0000000000000000\nptp 45056 1 e1000e, Live 0x0000000000000000\n");
        Files.createDirectories(temp.resolve("sys/module/vfio_pci"));

        assertThat(kernel().state("vfio_pci")).isEqualTo(ModuleState.COMING);
        assertThat(kernel().state("ptp")).isEqualTo(ModuleState.LIVE);
    }

    @Test
    void state_unknownInitstate_isAnErrorNamingTheFile() throws Exception {
        initstate("odd", "unformed");

        assertThatThrownBy(() -> kernel().state("odd")).hasMessageContaining("odd/initstate").hasMessageContaining("unformed");
    }

    @Test
    void kernelDecompression_compressionFile_namesFormat() throws Exception {
        Files.createDirectories(temp.resolve("sys/module"));
        assertThat(kernel().kernelDecompression()).isEmpty();

        Files.writeString(temp.resolve("sys/module/compression"), "zstd\n");

        assertThat(kernel().kernelDecompression()).contains(Compression.ZSTD);
    }

    @Test
    void finitModule_missingFile_failsInOpenWithEnoent() {
        Assumptions.assumeTrue(LinuxKernelModules.unavailabilityCause() == null, LinuxKernelModules::unavailabilityCause);

        assertThatThrownBy(() -> kernel().finitModule(temp.resolve("none.ko"), "", 0))
                .isInstanceOfSatisfying(NativeCallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(ModuleErrno.ENOENT);
                    assertThat(e.call()).isEqualTo("open(" + temp.resolve("none.ko") + ")");
                });
    }

    @Test
    void finitModule_thisHostsKernel_reachesTheKernelAndReportsItsErrno() throws Exception {
        Assumptions.assumeTrue(LinuxKernelModules.unavailabilityCause() == null, LinuxKernelModules::unavailabilityCause);
        Path notAModule = Files.writeString(temp.resolve("junk.ko"), "not an ELF file");

        // ENOSYS on a kernel without module support (this project's host), EPERM without
        // CAP_SYS_MODULE, ENOEXEC where the kernel reads the file: never success.
        assertThatThrownBy(() -> kernel().finitModule(notAModule, "x=1", 0))
                .isInstanceOfSatisfying(NativeCallException.class, e -> {
                    assertThat(e.errno()).isIn(ModuleErrno.ENOSYS, ModuleErrno.EPERM, ModuleErrno.ENOEXEC);
                    assertThat(e.call()).isEqualTo("finit_module(" + notAModule + ", \"x=1\", 0)");
                });
        if (!Files.exists(Path.of("/proc/modules"))) {
            assertThatThrownBy(() -> kernel().finitModule(notAModule, "", 0))
                    .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errno()).isEqualTo(ModuleErrno.ENOSYS));
        }
    }

    @Test
    void initModule_thisHostsKernel_reachesTheKernelAndReportsItsErrno() {
        Assumptions.assumeTrue(LinuxKernelModules.unavailabilityCause() == null, LinuxKernelModules::unavailabilityCause);

        assertThatThrownBy(() -> kernel().initModule(temp.resolve("x.ko.xz"), "junk".getBytes(), ""))
                .isInstanceOfSatisfying(NativeCallException.class, e -> {
                    assertThat(e.errno()).isIn(ModuleErrno.ENOSYS, ModuleErrno.EPERM, ModuleErrno.ENOEXEC);
                    assertThat(e.call()).startsWith("init_module(" + temp.resolve("x.ko.xz") + " decompressed, 4 bytes");
                });
    }
}
