package org.udevreactor.testfixtures.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The qemu-system-x86_64 argument list for a guest. TCG only: this machine's KVM cannot run
 * ordinary guests. intel-iommu comes before every other PCI device (QEMU requires it) and
 * makes the kernel create IOMMU groups; Debian's kernel has no no-IOMMU VFIO mode.
 */
final class QemuCommandLine {
    static final String QEMU = "qemu-system-x86_64";
    static final String AGENT_PORT_NAME = "org.udevreactor.agent";

    /** Where the guest's files and sockets are on the host. */
    record Paths(Path initramfs, Path serialLog, Path qmpSocket, Path agentSocket, Path resultsDir) {
    }

    private QemuCommandLine() {
    }

    static List<String> build(GuestSpec spec, ProvisionedKernel kernel, Paths paths) {
        List<String> args = new ArrayList<>(List.of(QEMU,
                // More than one vCPU: one host thread each (multi-threaded TCG), or they would take turns on one.
                "-machine", "q35", "-accel", spec.cpus() > 1 ? "tcg,thread=multi" : "tcg", "-cpu", "max",
                "-smp", String.valueOf(spec.cpus()), "-m", spec.memoryMib() + "M",
                "-nodefaults", "-nographic", "-no-reboot",
                "-device", "intel-iommu",
                "-kernel", kernel.vmlinuz().toString(),
                "-initrd", paths.initramfs().toString(),
                // panic=-1 turns a dead init into a reboot, which -no-reboot turns into QEMU exiting.
                // no_timer_check: the boot's check that the timer interrupt arrives within a few
                // ticks fails when TCG is starved on a loaded host, and with interrupt remapping
                // (intel-iommu) the kernel then panics ("timer doesn't work through
                // Interrupt-remapped IO-APIC"; seen at load 10+); QEMU's timer does work.
                "-append", "console=ttyS0 intel_iommu=on panic=-1 loglevel=4 no_timer_check",
                "-serial", "file:" + paths.serialLog(),
                "-qmp", "unix:" + paths.qmpSocket() + ",server=on,wait=off",
                "-chardev", "socket,id=agent,path=" + paths.agentSocket() + ",server=on,wait=off",
                "-device", "virtio-serial-pci,id=agentbus",
                "-device", "virtserialport,chardev=agent,name=" + AGENT_PORT_NAME));
        share(args, "hostusr", Path.of("/usr"), true);
        share(args, "hostetc", Path.of("/etc"), true);
        share(args, "modules", kernel.modulesRoot(), true);
        share(args, "reactor", spec.reactorJar().toAbsolutePath().getParent(), true);
        share(args, "results", paths.resultsDir(), false);
        for (int n = 1; n <= spec.spareRootPorts(); n++) {
            args.add("-device");
            args.add("pcie-root-port,id=" + GuestSpec.rootPortId(n) + ",chassis=" + n + ",slot=" + n);
        }
        for (String device : spec.devices()) {
            args.add("-device");
            args.add(device);
        }
        return args;
    }

    private static void share(List<String> args, String tag, Path dir, boolean readOnly) {
        args.add("-virtfs");
        args.add("local,path=" + dir + ",mount_tag=" + tag + ",security_model=none" + (readOnly ? ",readonly=on" : ""));
    }
}
