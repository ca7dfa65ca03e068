package org.udevreactor.testfixtures.scenarios;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.udevreactor.testfixtures.vm.Guest;
import org.udevreactor.testfixtures.vm.GuestProcess;
import org.udevreactor.testfixtures.vm.GuestTimeoutException;
import org.udevreactor.testfixtures.vm.Json;

/** Reading a guest's {@code reactor monitor --json}: its uevent objects and when it is listening. */
final class MonitorOutput {
    /** Tags the synthetic events that prove the monitor's socket is bound. */
    static final String READY_UUID = "5e1f0c2a-9d3b-4c1e-8f6a-7b2d4e6a8c0f";
    private static final String READY_DEVICE = "/sys/devices/virtual/mem/null/uevent";

    private MonitorOutput() {
    }

    /**
     * Waits until the monitor receives events: a monitor that has started but not yet bound its
     * socket would miss the hotplug. Sends a synthetic "change" on /dev/null's device (subsystem
     * mem) every half second until one shows up in the log, so the monitor's filters must let
     * subsystem mem through.
     */
    static void awaitListening(Guest guest, GuestProcess monitor, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!monitor.log().contains(READY_UUID)) {
            if (!monitor.isAlive()) {
                throw new IOException(monitor + " exited before it received any event; its log:\n" + monitor.log());
            }
            if (System.nanoTime() > deadline) {
                throw new GuestTimeoutException(monitor + " reported no synthetic event within " + timeout
                        + "; its log:\n" + monitor.log());
            }
            guest.runOk("echo 'change " + READY_UUID + "' > " + READY_DEVICE);
            sleep(500);
        }
    }

    static List<Map<String, Object>> uevents(GuestProcess monitor) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : monitor.logLines()) {
            if (line.startsWith("{")) {
                Map<String, Object> object = Json.parseObject(line);
                if ("uevent".equals(object.get("type"))) {
                    events.add(object);
                }
            }
        }
        return events;
    }

    static Map<String, Object> awaitUevent(GuestProcess monitor, String what, Predicate<Map<String, Object>> match,
            Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Map<String, Object> event : uevents(monitor)) {
                if (match.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new GuestTimeoutException(monitor + " reported no uevent " + what + " within " + timeout
                        + "; its log:\n" + monitor.log());
            }
            sleep(200);
        }
    }

    static Predicate<Map<String, Object>> pci(String action, String pciId) {
        return event -> action.equals(event.get("action")) && "pci".equals(event.get("subsystem"))
                && pciId.equals(properties(event).get("PCI_ID"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> event) {
        return (Map<String, Object>) event.getOrDefault("properties", Map.of());
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
