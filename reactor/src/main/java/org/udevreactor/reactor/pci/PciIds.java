package org.udevreactor.reactor.pci;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The names of the PCI ID Repository (hwdata's {@code pci.ids}, what lspci prints): vendors,
 * devices, subsystems, and device classes with their subclasses and programming interfaces.
 *
 * <p>The file's format, as its own header states: a vendor line {@code VVVV  name}, its devices
 * one tab in ({@code \tDDDD  name}), their subsystems two tabs in ({@code \t\tSVSV SDSD  name});
 * then the classes {@code C CC  name}, subclasses one tab in ({@code \tSS  name}), programming
 * interfaces two tabs in ({@code \t\tPP  name}). Ids are lower-case hex; a name follows two
 * spaces; {@code #} starts a comment line.
 *
 * <p>Names are an aid, never a requirement: a missing or unreadable file gives a database with
 * no names and one {@link #note()} saying what to do, and a line that fits no rule is skipped and
 * counted in the note (the first few are named by line). Lookups never fail.
 */
public final class PciIds {
    /** Where Debian's pci.ids package (and, as a link, hwdata) puts the file; libpci looks in the same places. */
    public static final List<Path> STANDARD_LOCATIONS = List.of(Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"));
    private static final int NAMED_PROBLEMS = 3;

    private final Map<Integer, String> vendors;
    private final Map<Integer, String> devices;
    private final Map<Long, String> subsystems;
    private final Map<Integer, String> classes;
    private final Optional<Path> source;
    private final Optional<String> note;

    private PciIds(Map<Integer, String> vendors, Map<Integer, String> devices, Map<Long, String> subsystems,
                   Map<Integer, String> classes, Optional<Path> source, Optional<String> note) {
        this.vendors = Map.copyOf(vendors);
        this.devices = Map.copyOf(devices);
        this.subsystems = Map.copyOf(subsystems);
        this.classes = Map.copyOf(classes);
        this.source = source;
        this.note = note;
    }

    /** The standard locations: {@code /usr/share/misc/pci.ids}, then {@code /usr/share/hwdata/pci.ids}. */
    public static PciIds system() {
        return firstOf(STANDARD_LOCATIONS);
    }

    /**
     * The first of these files that exists (a {@code .gz} one is decompressed); no names, with a
     * note, when none does or the one found cannot be read.
     */
    public static PciIds firstOf(List<Path> candidates) {
        for (Path file : candidates) {
            if (!Files.exists(file)) {
                continue;
            }
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return parse(file, reader);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                return none("cannot read " + file + " (" + e.getMessage() + "); PCI ids are shown without names");
            }
        }
        return none("no pci.ids in " + candidates.stream().map(Path::toString).collect(Collectors.joining(" or "))
                + "; PCI ids are shown without names (install Debian's pci.ids package, or name a file with --pci-ids)");
    }

    /** A database without names, saying why. */
    public static PciIds none(String why) {
        return new PciIds(Map.of(), Map.of(), Map.of(), Map.of(), Optional.empty(), Optional.of(why));
    }

    /** Parses pci.ids text; {@code file} names it in the note about skipped lines. */
    public static PciIds parse(Path file, BufferedReader in) throws IOException {
        Map<Integer, String> vendors = new HashMap<>();
        Map<Integer, String> devices = new HashMap<>();
        Map<Long, String> subsystems = new HashMap<>();
        Map<Integer, String> classes = new HashMap<>();
        List<Integer> badLines = new ArrayList<>();
        // The entry the indented lines below belong to: a vendor or device, or a class or subclass.
        int vendor = -1;
        int device = -1;
        int classId = -1;
        int subclass = -1;
        boolean inClasses = false;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Entry e;
            if (line.startsWith("C ")) {
                inClasses = true;
                e = Entry.of(line.substring(2), 2);
                classId = e == null ? -1 : e.id;
                subclass = -1;
                if (e != null) {
                    classes.put(classKey(classId, -1, -1), e.name);
                }
            } else if (line.startsWith("\t\t")) {
                String rest = line.substring(2);
                if (inClasses) {
                    e = subclass < 0 ? null : Entry.of(rest, 2);
                    if (e != null) {
                        classes.put(classKey(classId, subclass, e.id), e.name);
                    }
                } else {
                    e = device < 0 ? null : Entry.subsystem(rest);
                    if (e != null) {
                        subsystems.put(subsystemKey(vendor, device, e.id), e.name);
                    }
                }
            } else if (line.startsWith("\t")) {
                String rest = line.substring(1);
                if (inClasses) {
                    e = classId < 0 ? null : Entry.of(rest, 2);
                    subclass = e == null ? -1 : e.id;
                    if (e != null) {
                        classes.put(classKey(classId, subclass, -1), e.name);
                    }
                } else {
                    e = vendor < 0 ? null : Entry.of(rest, 4);
                    device = e == null ? -1 : e.id;
                    if (e != null) {
                        devices.put(vendor << 16 | device, e.name);
                    }
                }
            } else if (!inClasses) {
                e = Entry.of(line, 4);
                vendor = e == null ? -1 : e.id;
                device = -1;
                if (e != null) {
                    vendors.put(vendor, e.name);
                }
            } else {
                // Other sections (libpci's extensions) would start with another letter; not needed.
                e = null;
            }
            if (e == null) {
                badLines.add(lineNo);
            }
        }
        Optional<String> note = badLines.isEmpty() ? Optional.empty() : Optional.of(file + ": " + badLines.size()
                + " line(s) not understood and skipped (line " + badLines.stream().limit(NAMED_PROBLEMS).map(String::valueOf)
                .collect(Collectors.joining(", ")) + (badLines.size() > NAMED_PROBLEMS ? ", ..." : "") + ")");
        return new PciIds(vendors, devices, subsystems, classes, Optional.of(file), note);
    }

    public Optional<String> vendor(int vendor) {
        return Optional.ofNullable(vendors.get(vendor));
    }

    public Optional<String> device(int vendor, int device) {
        return Optional.ofNullable(devices.get(vendor << 16 | device));
    }

    public Optional<String> subsystem(int vendor, int device, int subvendor, int subdevice) {
        return Optional.ofNullable(subsystems.get(subsystemKey(vendor, device, subvendor << 16 | subdevice)));
    }

    /**
     * The name lspci gives a 24-bit class code ({@code 0xCCSSPP}): the subclass's, else the
     * class's (e.g. 0x0c0330 is "USB controller").
     */
    public Optional<String> className(int classCode) {
        int c = classCode >> 16 & 0xff;
        int s = classCode >> 8 & 0xff;
        return Optional.ofNullable(classes.get(classKey(c, s, -1))).or(() -> Optional.ofNullable(classes.get(classKey(c, -1, -1))));
    }

    /** The programming interface's name, e.g. "XHCI" for 0x0c0330; empty for most classes. */
    public Optional<String> programmingInterface(int classCode) {
        return Optional.ofNullable(classes.get(classKey(classCode >> 16 & 0xff, classCode >> 8 & 0xff, classCode & 0xff)));
    }

    /** The file the names came from; empty when there was none. */
    public Optional<Path> source() {
        return source;
    }

    /** Something the user should know once: no file (no names at all), or lines skipped. */
    public Optional<String> note() {
        return note;
    }

    /** How many vendors the file named (for tests and diagnostics). */
    public int vendorCount() {
        return vendors.size();
    }

    private static int classKey(int classId, int subclass, int progIf) {
        // -1 (absent) as 0x1ff keeps "no subclass" apart from subclass 00.
        return (classId & 0x1ff) << 18 | (subclass & 0x1ff) << 9 | progIf & 0x1ff;
    }

    private static long subsystemKey(int vendor, int device, int subsystem) {
        return ((long) (vendor << 16 | device)) << 32 | subsystem & 0xffffffffL;
    }

    /** One line's id (hex, fixed width) and the name after two spaces; null when the line does not fit. */
    private record Entry(int id, String name) {
        static Entry of(String text, int digits) {
            int id = hex(text, 0, digits);
            return id < 0 ? null : named(id, text, digits);
        }

        /** {@code SVSV SDSD  name}, as one id {@code SVSVSDSD}. */
        static Entry subsystem(String text) {
            int subvendor = hex(text, 0, 4);
            int subdevice = text.length() > 4 && text.charAt(4) == ' ' ? hex(text, 5, 4) : -1;
            return subvendor < 0 || subdevice < 0 ? null : named(subvendor << 16 | subdevice, text, 9);
        }

        private static Entry named(int id, String text, int idLength) {
            if (!text.startsWith("  ", idLength)) {
                return null;
            }
            String name = text.substring(idLength + 2).strip();
            return name.isEmpty() ? null : new Entry(id, name);
        }

        private static int hex(String text, int from, int digits) {
            if (text.length() < from + digits) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < from + digits; i++) {
                char c = text.charAt(i);
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            return value;
        }
    }
}
