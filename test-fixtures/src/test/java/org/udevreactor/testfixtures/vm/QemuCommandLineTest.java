package org.udevreactor.testfixtures.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private static final ProvisionedKernel KERNEL = new ProvisionedKernel(new KernelAbi("6.1.0-56-amd64"),
            Path.of("/c/6.1.0-56-amd64/image/boot/vmlinuz-6.1.0-56-amd64"), Path.of("/c/6.1.0-56-amd64/image/lib/modules"));
    private static final QemuCommandLine.Paths PATHS = new QemuCommandLine.Paths(Path.of("/w/initramfs.cpio"),
            Path.of("/w/serial.log"), Path.of("/s/qmp.sock"), Path.of("/s/agent.sock"), Path.of("/w/results"));

    @Test
    void build_standardGuest_isTcgQ35WithIommuBeforeEveryOtherDevice() {
        List<String> args = QemuCommandLine.build(GuestSpec.standard(), KERNEL, PATHS);

        assertThat(args).containsSequence("-machine", "q35").containsSequence("-accel", "tcg")
                .containsSequence("-cpu", "max");
        List<String> devices = valuesOf(args, "-device");
        assertThat(devices.get(0)).isEqualTo("intel-iommu");
        assertThat(devices).contains("e1000e,id=nic0", "edu,id=edu0", "virtio-net-pci,disable-legacy=on,id=vnet0",
                "pcie-root-port,id=rp1,chassis=1,slot=1", "pcie-root-port,id=rp3,chassis=3,slot=3");
        assertThat(devices).noneMatch(d -> d.startsWith("pcie-root-port,id=rp4"));
    }

    @Test
    void build_standardGuest_hasOneVcpu() {
        assertThat(QemuCommandLine.build(GuestSpec.standard(), KERNEL, PATHS)).containsSequence("-smp", "1");
    }

    @Test
    void build_twoCpus_multiThreadedTcgWithTwoVcpus() {
        List<String> args = QemuCommandLine.build(GuestSpec.standard().withCpus(2), KERNEL, PATHS);

        assertThat(args).containsSequence("-accel", "tcg,thread=multi").containsSequence("-smp", "2");
    }

    @Test
    void build_shares_onlyResultsAreWritable() {
        List<String> shares = valuesOf(QemuCommandLine.build(GuestSpec.standard(), KERNEL, PATHS), "-virtfs");

        assertThat(shares).hasSize(5);
        assertThat(shares).filteredOn(s -> !s.contains("readonly=on"))
                .containsExactly("local,path=/w/results,mount_tag=results,security_model=none");
        assertThat(shares).anyMatch(s -> s.contains("path=/c/6.1.0-56-amd64/image/lib/modules,mount_tag=modules,"));
    }

    @Test
    void build_kernelCommandLine_enablesIntelIommuAndExitsOnPanic() {
        List<String> args = QemuCommandLine.build(GuestSpec.standard(), KERNEL, PATHS);

        assertThat(valuesOf(args, "-append")).singleElement().asString()
                .contains("intel_iommu=on", "panic=-1", "console=ttyS0", "no_timer_check");
        assertThat(args).contains("-no-reboot");
    }

    private static List<String> valuesOf(List<String> args, String option) {
        return java.util.stream.IntStream.range(0, args.size() - 1).filter(i -> args.get(i).equals(option))
                .mapToObj(i -> args.get(i + 1)).toList();
    }
}
