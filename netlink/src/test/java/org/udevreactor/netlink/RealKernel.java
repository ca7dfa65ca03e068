package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** What the real-kernel tests of every module need from the host: root, sysfs, and a few commands. */
public final class RealKernel {
    /** /dev/null's device: always there, and writing its uevent file makes harmless events. */
    public static final String NULL_DEVPATH = "/devices/virtual/mem/null";
    public static final Path NULL_UEVENT = Path.of("/sys" + NULL_DEVPATH + "/uevent");

    private RealKernel() {
    }

    /**
     * Skips the test with a printed reason when the host cannot run it, except under CI=true,
     * where it must run and the missing capability is a failure.
     */
    public static void require(boolean available, String why) {
        if (available) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("real-kernel test cannot run under CI=true: " + why);
        }
        System.out.println("SKIPPED (real kernel): " + why);
        Assumptions.abort(why);
    }

    public static void requireRootAndNetlink() {
        require(UeventListener.isAvailable(), "native calls unavailable: " + UeventListener.unavailabilityCause());
        require(isRoot(), "needs root to write sysfs uevent files and to raise the socket buffer with"
                + " SO_RCVBUFFORCE; running as " + System.getProperty("user.name"));
        require(Files.isWritable(NULL_UEVENT), NULL_UEVENT + " is not writable (sysfs mounted read-only?)");
    }

    /** Whether the effective uid is 0, from /proc/self/status ("Uid: real effective saved fs"). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Writes one command to a uevent file, as `echo add > uevent` does. */
    public static void trigger(Path ueventFile, String command) throws IOException {
        Files.writeString(ueventFile, command + "\n");
    }

    /** Writes "change" {@code count} times through one open file: a burst as fast as sysfs takes it. */
    public static void burst(Path ueventFile, int count) throws IOException {
        ByteBuffer change = ByteBuffer.wrap("change".getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(ueventFile, StandardOpenOption.WRITE)) {
            for (int i = 0; i < count; i++) {
                change.rewind();
                channel.write(change, 0);
            }
        }
    }

    /** Runs a command, failing the test with its output when it fails; returns its stdout. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 30 s");
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
        return output.trim();
    }

    /** Runs a command for cleanup: failures are ignored. */
    public static void runQuietly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // best effort
        }
    }

    public static boolean commandExists(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** The sequence numbers that are missing between consecutive elements of an ordered list. */
    public static List<Long> gaps(List<Long> seqnums) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < seqnums.size(); i++) {
            if (seqnums.get(i) != seqnums.get(i - 1) + 1) {
                gaps.add(seqnums.get(i - 1));
            }
        }
        return gaps;
    }

    /**
     * A 4 MiB disk image with an MBR holding one Linux partition from sector 2048 to the end, for
     * {@code losetup} + {@code partx -a} (this kernel has no partition table parser of its own).
     */
    public static void writeDiskImageWithOnePartition(Path image) throws IOException {
        int sectors = 8192;
        byte[] mbr = new byte[512];
        int entry = 446;
        mbr[entry + 4] = (byte) 0x83; // Linux
        putLittleEndian(mbr, entry + 8, 2048);
        putLittleEndian(mbr, entry + 12, sectors - 2048);
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xaa;
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength((long) sectors * 512);
            file.write(mbr);
        }
        assertThat(Files.size(image)).isEqualTo(sectors * 512L);
    }

    private static void putLittleEndian(byte[] into, int at, int value) {
        for (int i = 0; i < 4; i++) {
            into[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
