package org.udevreactor.reactor.daemon.handling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;
import org.udevreactor.netlink.UeventOrigin;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.daemon.registry.DeviceRecord;
import org.udevreactor.reactor.daemon.registry.DeviceRegistry;
import org.udevreactor.reactor.sysfs.DeviceSnapshots;
import org.udevreactor.reactor.sysfs.SysfsRoot;
import org.udevreactor.reactor.sysfs.SysfsTree;
import org.udevreactor.rules.Decision;
import org.udevreactor.rules.Guard;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyLoader;

/**
 * When the handler reads a device from sysfs and when it decides from a kernel event alone. The
 * fake tree's devices have a {@code driver} link and attributes the events do not carry, so a
 * result shows whether they were read; a device missing from the tree shows a read that never
 * happened (reading it would have found it gone). Rules match "add" only unless they say otherwise,
 * so the rules for "change" events here say so.
 */
class DeviceHandlerTest {
    private static final String TUNER = "/devices/pci0000:00/0000:00:14.0/usb1/1-2";
    private static final String NOT_IN_SYSFS = "/devices/pci0000:00/0000:00:14.0/usb1/1-3";
    private static final String GPU = "/devices/pci0000:00/0000:01:00.0";

    @TempDir
    Path temp;

    private Path sys;
    private final DeviceRegistry registry = new DeviceRegistry();
    /** What the binding was asked to do. */
    private final List<Decision> binds = new ArrayList<>();

    @BeforeEach
    void tree() throws Exception {
        sys = temp.resolve("sys");
        SysfsTree.build(sys, """
                f devices/pci0000:00/0000:00:14.0/usb1/1-2/uevent DEVTYPE=usb_device\\nPRODUCT=2040/8268/1\\nDRIVER=usb
                l devices/pci0000:00/0000:00:14.0/usb1/1-2/subsystem ../../../../../bus/usb
                l devices/pci0000:00/0000:00:14.0/usb1/1-2/driver ../../../../../bus/usb/drivers/usb
                d bus/usb/drivers/usb
                f devices/pci0000:00/0000:00:14.0/usb1/1-2/product Tuner 2040
                f devices/pci0000:00/0000:01:00.0/uevent PCI_CLASS=30000\\nPCI_ID=10DE:1B80\\nPCI_SUBSYS_ID=1043:85F4\\nPCI_SLOT_NAME=0000:01:00.0
                l devices/pci0000:00/0000:01:00.0/subsystem ../../../bus/pci
                f devices/pci0000:00/0000:01:00.0/boot_vga 1
                """);
    }

    private DeviceHandler handler(String rules) throws Exception {
        Path file = Files.writeString(temp.resolve("50-test.toml"), rules);
        Policy policy = ((LoadResult.Loaded) PolicyLoader.loadFiles(List.of(file))).policy();
        Binding binding = (device, decision) -> {
            binds.add(decision);
            return ActionResult.done("bound");
        };
        return new DeviceHandler(new DeviceSnapshots(new SysfsRoot(sys)), () -> policy, ModuleActions.off("no index in this test"),
                binding, registry);
    }

    /** A kernel event as the listener parses it: no DRIVER= unless given. */
    private static DeviceEvent kernel(UeventAction action, String devpath, String subsystem, String... props) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ACTION", action.wireName());
        p.put("DEVPATH", devpath);
        p.put("SUBSYSTEM", subsystem);
        for (int i = 0; i < props.length; i += 2) {
            p.put(props[i], props[i + 1]);
        }
        p.put("SEQNUM", "500");
        return DeviceEvent.of(new Uevent(action, devpath, subsystem, 500, p, UeventOrigin.KERNEL));
    }

    private static final String IGNORE_TUNERS = """
            [[rule]]
            name = "no-dvb"
            action = "ignore"
            [rule.match]
            action = ["add", "change"]
            subsystem = "usb"
            properties.PRODUCT = "2040/*"
            """;

    @Test
    void kernelChange_policyDecidesFromTheEvent_isNotRead() throws Exception {
        Handled h = handler(IGNORE_TUNERS).handle(kernel(UeventAction.CHANGE, NOT_IN_SYSFS, "usb", "PRODUCT", "2040/8268/1"));

        // Read, it would have been "device gone".
        assertThat(h.result().summary()).isEqualTo("ignored by rule no-dvb");
        assertThat(registry.get(NOT_IN_SYSFS)).isPresent();
    }

    @Test
    void kernelChange_policyDecidesFromTheEvent_recordsTheEventsDriverNotTheLink() throws Exception {
        handler(IGNORE_TUNERS).handle(kernel(UeventAction.CHANGE, TUNER, "usb", "PRODUCT", "2040/8268/1"));

        // The link says "usb"; this event carried no DRIVER=.
        assertThat(registry.get(TUNER).flatMap(DeviceRecord::driver)).isEmpty();
    }

    @Test
    void kernelAdd_policyDecidesFromTheEvent_stillFindsADeviceGoneBeforeItWasHandled() throws Exception {
        DeviceHandler handler = handler(IGNORE_TUNERS);

        Handled gone = handler.handle(kernel(UeventAction.ADD, NOT_IN_SYSFS, "usb", "PRODUCT", "2040/8268/1"));
        Handled there = handler.handle(kernel(UeventAction.ADD, TUNER, "usb", "PRODUCT", "2040/8268/1"));

        assertThat(gone.result().summary()).startsWith("device gone: " + NOT_IN_SYSFS);
        assertThat(gone.decision()).isEmpty();
        assertThat(there.result().summary()).isEqualTo("ignored by rule no-dvb");
        assertThat(registry.devpaths()).containsExactly(TUNER);
        assertThat(registry.get(TUNER).flatMap(DeviceRecord::driver)).as("not read: the add carried no DRIVER=").isEmpty();
    }

    @Test
    void kernelChange_ruleOnTheDriver_readsTheDriverLink() throws Exception {
        Handled h = handler("""
                [[rule]]
                name = "bound-usb"
                action = "ignore"
                [rule.match]
                action = ["change"]
                subsystem = "usb"
                driver = "usb"
                """).handle(kernel(UeventAction.CHANGE, TUNER, "usb"));

        assertThat(h.result().summary()).isEqualTo("ignored by rule bound-usb");
        assertThat(registry.get(TUNER).flatMap(DeviceRecord::driver)).contains("usb");
    }

    @Test
    void kernelChange_ruleOnAnAttribute_readsTheAttribute() throws Exception {
        Handled h = handler("""
                [[rule]]
                name = "tuner-by-name"
                action = "ignore"
                [rule.match]
                action = ["change"]
                attributes = { product = "Tuner*" }
                """).handle(kernel(UeventAction.CHANGE, TUNER, "usb"));

        assertThat(h.result().summary()).isEqualTo("ignored by rule tuner-by-name");
    }

    @Test
    void kernelChange_ruleOnTheDriverThatCouldMatch_aDeviceNotInSysfsIsGone() throws Exception {
        Handled h = handler("""
                [[rule]]
                name = "unbound"
                action = "ignore"
                match = { action = ["change"], driver = "" }
                """).handle(kernel(UeventAction.CHANGE, NOT_IN_SYSFS, "usb"));

        assertThat(h.result().summary()).startsWith("device gone: " + NOT_IN_SYSFS);
    }

    @Test
    void kernelAdd_bindingRuleForAPciFunction_readsBootVgaAndTheGuardRefuses() throws Exception {
        Handled h = handler("""
                [[rule]]
                name = "gpus"
                action = "vfio"
                [rule.match]
                vendor = "10de"
                """).handle(kernel(UeventAction.ADD, GPU, "pci", "PCI_CLASS", "30000", "PCI_ID", "10DE:1B80",
                "PCI_SUBSYS_ID", "1043:85F4", "PCI_SLOT_NAME", "0000:01:00.0"));

        assertThat(h.decision()).hasValueSatisfying(d -> {
            assertThat(d).isInstanceOf(Decision.Refused.class);
            assertThat(((Decision.Refused) d).guard()).isEqualTo(Guard.BOOT_VGA);
        });
        assertThat(binds).isEmpty();
    }

    @Test
    void coldplugAdd_hasNoEventProperties_isAlwaysRead() throws Exception {
        Handled h = handler(IGNORE_TUNERS).handle(DeviceEvent.scanned(DeviceEvent.Source.COLDPLUG, UeventAction.ADD, TUNER, "usb"));

        assertThat(h.result().summary()).isEqualTo("ignored by rule no-dvb");
        assertThat(registry.get(TUNER).flatMap(DeviceRecord::driver)).contains("usb");
    }

    @Test
    void withoutBlocking_kernelChangeDecidedFromTheEvent_isHandledAndRecordedAsHandleWould() throws Exception {
        DeviceHandler handler = handler(IGNORE_TUNERS);

        Handled h = handler.handleWithoutBlocking(kernel(UeventAction.CHANGE, NOT_IN_SYSFS, "usb", "PRODUCT", "2040/8268/1"));
        Handled unmatched = handler.handleWithoutBlocking(kernel(UeventAction.CHANGE, TUNER, "usb", "PRODUCT", "0bda/8153/1"));

        assertThat(h.result().summary()).isEqualTo("ignored by rule no-dvb");
        assertThat(registry.get(NOT_IN_SYSFS)).hasValueSatisfying(r -> assertThat(r.result()).isEqualTo("ignored by rule no-dvb"));
        assertThat(unmatched.decision()).containsInstanceOf(Decision.NoMatch.class);
        assertThat(unmatched.result().summary()).isEqualTo("nothing to do");
        assertThat(registry.get(TUNER)).hasValueSatisfying(r -> assertThat(r.lastAction()).isEqualTo(UeventAction.CHANGE));
    }

    @Test
    void withoutBlocking_removeAndNotADevice_areHandled() throws Exception {
        DeviceHandler handler = handler(IGNORE_TUNERS);
        handler.handle(kernel(UeventAction.CHANGE, TUNER, "usb", "PRODUCT", "2040/8268/1"));

        Handled removed = handler.handleWithoutBlocking(kernel(UeventAction.REMOVE, TUNER, "usb"));
        Handled module = handler.handleWithoutBlocking(kernel(UeventAction.ADD, "/module/dvb_usb", "module"));

        assertThat(removed.result().summary()).isEqualTo("removed");
        assertThat(registry.devpaths()).isEmpty();
        assertThat(module.result().summary()).isEqualTo("not a device");
    }

    @Test
    void withoutBlocking_eventsThatReadSysfsOrAct_areLeftUntouchedForAWorker() throws Exception {
        DeviceHandler ignoring = handler(IGNORE_TUNERS);
        // An "add" checks that the device is there; a made-up event is always read.
        assertThat(ignoring.handleWithoutBlocking(kernel(UeventAction.ADD, TUNER, "usb", "PRODUCT", "2040/8268/1"))).isNull();
        assertThat(ignoring.handleWithoutBlocking(DeviceEvent.scanned(DeviceEvent.Source.COLDPLUG, UeventAction.CHANGE, TUNER, "usb")))
                .isNull();
        // A rule on the driver link needs sysfs.
        assertThat(handler("""
                [[rule]]
                name = "bound-usb"
                action = "ignore"
                match = { action = ["change"], driver = "usb" }
                """).handleWithoutBlocking(kernel(UeventAction.CHANGE, TUNER, "usb"))).isNull();
        // A rule that loads (or binds) acts: a renamed device is not moved in the registry either.
        handler(IGNORE_TUNERS).handle(kernel(UeventAction.CHANGE, TUNER, "usb", "PRODUCT", "2040/8268/1"));
        assertThat(handler("""
                [[rule]]
                name = "tuner-modules"
                action = "load"
                modules = ["dvb_usb_v2"]
                match = { action = ["move"], subsystem = "usb" }
                """).handleWithoutBlocking(kernel(UeventAction.MOVE, TUNER + "-renamed", "usb", "DEVPATH_OLD", TUNER))).isNull();

        assertThat(registry.devpaths()).containsExactly(TUNER);
        assertThat(registry.get(TUNER)).hasValueSatisfying(r -> assertThat(r.result()).isEqualTo("ignored by rule no-dvb"));
    }
}
