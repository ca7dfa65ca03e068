package org.udevreactor.reactor.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The facts from procfs the binder's safety guards need, read from a configurable mount point
 * ({@code /proc} on a running system, a fake tree in tests).
 */
public final class ProcRoot {
    public static final Path DEFAULT = Path.of("/proc");

    private final Path root;

    public ProcRoot(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public static ProcRoot system() {
        return new ProcRoot(DEFAULT);
    }

    public Path root() {
        return root;
    }

    /**
     * Mounted block devices: {@code MAJOR:MINOR} → the first mount point, from
     * {@code self/mountinfo} (proc(5): field 3 is the device, field 5 the mount point, with
     * spaces escaped as {@code \040}).
     */
    public Map<String, String> mountedDevices() throws IOException {
        Map<String, String> mounted = new LinkedHashMap<>();
        Path file = root.resolve("self/mountinfo");
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            String[] fields = line.split(" ");
            if (fields.length < 5 || fields[2].indexOf(':') < 0) {
                throw new IOException(file + ":" + number + ": not a mountinfo line: " + line);
            }
            mounted.putIfAbsent(fields[2], fields[4].replace("\\040", " "));
        }
        return mounted;
    }

    /**
     * Interfaces that carry a default route: IPv4 from {@code net/route} (destination and mask
     * 00000000), IPv6 from {@code net/ipv6_route} (destination ::/0, skipping the loopback's
     * unreachable entry). A missing file (no IPv6) contributes nothing.
     */
    public Set<String> defaultRouteInterfaces() throws IOException {
        Set<String> interfaces = new LinkedHashSet<>();
        List<String> v4 = lines(root.resolve("net/route"));
        for (int i = 1; i < v4.size(); i++) {
            String[] f = v4.get(i).trim().split("\\s+");
            // Iface Destination Gateway Flags RefCnt Use Metric Mask ...; flag 0x1 = RTF_UP
            if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000") && (Integer.parseInt(f[3], 16) & 1) != 0) {
                interfaces.add(f[0]);
            }
        }
        for (String line : lines(root.resolve("net/ipv6_route"))) {
            String[] f = line.trim().split("\\s+");
            // dest dest_plen src src_plen nexthop metric refcnt use flags iface
            if (f.length >= 10 && f[0].chars().allMatch(c -> c == '0') && f[1].equals("00") && !f[9].equals("lo")
                    && (Integer.parseInt(f[8], 16) & 1) != 0) {
                interfaces.add(f[9]);
            }
        }
        return interfaces;
    }

    private static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
