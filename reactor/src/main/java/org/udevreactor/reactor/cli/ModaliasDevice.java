package org.udevreactor.reactor.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.rules.DeviceSnapshot;
import org.udevreactor.rules.PciIdentity;

/**
 * A device known only by its MODALIAS, for {@code reactor explain MODALIAS}: the facts are what
 * the string itself says. Its bus prefix is the SUBSYSTEM (the kernel's modalias of a PCI, USB,
 * virtio... device starts with its bus name), and a PCI modalias spells out vendor, device,
 * subsystem ids and class, so rules on those keys decide it as they would the device. It has
 * no address, driver or sysfs attributes: rules on those never match.
 */
final class ModaliasDevice {
    // drivers/pci/pci-sysfs.c, modalias_show: "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X".
    private static final Pattern PCI = Pattern.compile(
            "pci:v([0-9A-Fa-f]{8})d([0-9A-Fa-f]{8})sv([0-9A-Fa-f]{8})sd([0-9A-Fa-f]{8})bc([0-9A-Fa-f]{2})sc([0-9A-Fa-f]{2})i([0-9A-Fa-f]{2})");

    private ModaliasDevice() {
    }

    static DeviceSnapshot of(String modalias) {
        String subsystem = modalias.substring(0, Math.max(modalias.indexOf(':'), 0));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("SUBSYSTEM", subsystem);
        properties.put("MODALIAS", modalias);
        Optional<PciIdentity> pci = Optional.empty();
        Matcher m = PCI.matcher(modalias);
        if (m.matches()) {
            int classCode = hex(m.group(5)) << 16 | hex(m.group(6)) << 8 | hex(m.group(7));
            // Only the low 16 bits of each id are real; the modalias pads them to 8 digits.
            pci = Optional.of(new PciIdentity(hex(m.group(1)) & 0xffff, hex(m.group(2)) & 0xffff, hex(m.group(3)) & 0xffff,
                    hex(m.group(4)) & 0xffff, classCode, ""));
        }
        return new DeviceSnapshot(subsystem, UeventAction.ADD, "", pci, Optional.of(modalias), Optional.empty(), Optional.empty(),
                properties, Map.of());
    }

    private static int hex(String digits) {
        return (int) Long.parseLong(digits, 16);
    }
}
