package org.udevreactor.reactor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.udevreactor.reactor.pci.PciIds;
import picocli.CommandLine.Option;

/** Where the PCI names come from; a missing file is one note on stderr, and ids are shown without names. */
final class PciIdsOption {
    @Option(names = "--pci-ids", paramLabel = "FILE",
            description = "The PCI ID database (default: /usr/share/misc/pci.ids, else /usr/share/hwdata/pci.ids).")
    Path pciIds;

    PciIds load(String command, PrintWriter err) {
        PciIds ids = pciIds != null ? PciIds.firstOf(List.of(pciIds)) : PciIds.system();
        ids.note().ifPresent(note -> err.println("reactor " + command + ": note: " + note));
        return ids;
    }
}
