package org.udevreactor.reactor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.udevreactor.reactor.overrides.OverrideFile;
import org.udevreactor.reactor.overrides.OverrideStore;
import org.udevreactor.reactor.overrides.OverrideTarget;
import org.udevreactor.reactor.sysfs.DeviceRead;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reactor list-overrides}: the persistent overrides, with the driver each device has now. */
@Command(name = "list-overrides",
        mixinStandardHelpOptions = true,
        description = "Lists the overrides set with reactor set-override: address, what it binds to, the driver the device "
                + "has now (\"absent\" when it is not there), and the file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when there are none)", "2:bad command line"})
final class ListOverridesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--sys", paramLabel = "DIR", description = "Where sysfs is (default: /sys).")
    Path sys = SysfsRoot.DEFAULT;

    @Option(names = "--json", description = "A JSON array of {address, override, driver_now, file}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        OverrideStore store = new OverrideStore(policyOptions.directories());
        List<OverrideFile> overrides = store.list();
        DeviceSnapshots snapshots = new DeviceSnapshots(new SysfsRoot(sys));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (OverrideFile o : overrides) {
            String target = o.target().map(OverrideTarget::driver).orElse("(edited: not one override rule)");
            DeviceRead read = snapshots.read(o.address(), Set.of());
            String now = read instanceof DeviceRead.Present p ? p.snapshot().driver().orElse("none") : "absent";
            if (json) {
                ObjectNode entry = array.addObject();
                entry.put("address", o.address().toString());
                entry.put("override", o.target().map(OverrideTarget::driver).orElse(null));
                entry.put("driver_now", read instanceof DeviceRead.Present p ? p.snapshot().driver().orElse(null) : null);
                entry.put("present", read instanceof DeviceRead.Present);
                entry.put("file", o.file().toString());
            } else {
                out.printf("%-13s %-14s %-14s %s%n", o.address(), target, now, o.file());
            }
        }
        if (json) {
            out.println(mapper.writeValueAsString(array));
        } else if (overrides.isEmpty()) {
            out.println("no overrides in " + store.directory());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
