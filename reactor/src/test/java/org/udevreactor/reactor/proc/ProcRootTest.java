package org.udevreactor.reactor.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcRootTest {
    @TempDir
    Path proc;

    private void file(String name, String content) throws IOException {
        Files.createDirectories(proc.resolve(name).getParent());
        Files.writeString(proc.resolve(name), content);
    }

    @Test
    void mountedDevices_readsDeviceNumbersAndUnescapedMountPoints() throws IOException {
        file("self/mountinfo", "22 27 0:21 / /proc rw - proc proc rw\n"
                + "27 1 259:2 / / rw - ext4 /dev/nvme0n1p2 rw\n"
                + "40 27 8:1 / /mnt/my\\040disk rw - vfat /dev/sda1 rw\n");

        assertThat(new ProcRoot(proc).mountedDevices()).containsEntry("259:2", "/").containsEntry("8:1", "/mnt/my disk");
    }

    @Test
    void mountedDevices_garbage_namesFileAndLine() throws IOException {
        file("self/mountinfo", "22 27 0:21 / /proc rw - proc proc rw\nnonsense\n");

        assertThatThrownBy(() -> new ProcRoot(proc).mountedDevices()).hasMessageContaining("mountinfo:2");
    }

    @Test
    void defaultRouteInterfaces_takesIpv4AndIpv6DefaultsButNotOtherRoutesOrLoopback() throws IOException {
        file("net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
                + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
                + "eth1\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
        file("net/ipv6_route",
                "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth1\n"
                        + "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     wlan0\n"
                        + "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n");

        assertThat(new ProcRoot(proc).defaultRouteInterfaces()).containsExactly("eth0", "wlan0");
    }

    @Test
    void defaultRouteInterfaces_withoutRouteFiles_isEmpty() throws IOException {
        assertThat(new ProcRoot(proc).defaultRouteInterfaces()).isEmpty();
    }

    @Test
    void realProc_readsThisMachinesTables() throws IOException {
        // The host's own /proc: the root filesystem is always mounted; routes may be anything.
        assertThat(ProcRoot.system().mountedDevices()).isNotEmpty().containsValue("/");
        assertThat(ProcRoot.system().defaultRouteInterfaces()).doesNotContain("lo");
    }
}
