package org.udevreactor.bench.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A burst of real kernel "change" uevents spread over many devices, as {@code udevadm trigger
 * --action=change} makes one: round-robin over every tty, vc, mem (except /dev/null, which the
 * netlink module's real-kernel tests watch) and misc device of the host, each written through
 * its own open {@code uevent} file. The kernel broadcasts each event within the write, so every
 * socket bound before it has them queued when {@link #write} returns.
 */
final class DeviceMixBurst {
    private static final Path SYS = Path.of("/sys");
    private static final String[] CLASSES = {"tty", "vc", "mem", "misc"};

    private final List<String> devpaths;
    private final List<FileChannel> files = new ArrayList<>();

    private DeviceMixBurst(List<String> devpaths) throws IOException {
        this.devpaths = devpaths;
        for (String devpath : devpaths) {
            files.add(FileChannel.open(SYS.resolve(devpath.substring(1)).resolve("uevent"), StandardOpenOption.WRITE));
        }
    }

    /** Opens the uevent file of every device of the mix (needs root). */
    static DeviceMixBurst open() {
        List<String> devpaths = new ArrayList<>();
        try {
            for (String cls : CLASSES) {
                try (Stream<Path> devices = Files.list(SYS.resolve("devices/virtual").resolve(cls))) {
                    devices.filter(d -> Files.isRegularFile(d.resolve("uevent")) && !d.endsWith("mem/null")).sorted()
                            .forEach(d -> devpaths.add("/" + SYS.relativize(d)));
                }
            }
            return new DeviceMixBurst(devpaths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the uevent files of /sys/devices/virtual/{tty,vc,mem,misc} (needs root)", e);
        }
    }

    Set<String> devpaths() {
        return new TreeSet<>(devpaths);
    }

    /** The kernel's last SEQNUM: every event written after this call has a larger one. */
    static long kernelSeqnum() {
        try {
            return Long.parseLong(Files.readString(SYS.resolve("kernel/uevent_seqnum")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes "change" {@code events} times, to each device in turn. */
    void write(int events) {
        ByteBuffer change = ByteBuffer.wrap("change".getBytes(StandardCharsets.US_ASCII));
        try {
            for (int i = 0; i < events; i++) {
                change.rewind();
                files.get(i % files.size()).write(change, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a uevent burst", e);
        }
    }

    void close() throws IOException {
        for (FileChannel file : files) {
            file.close();
        }
    }
}
