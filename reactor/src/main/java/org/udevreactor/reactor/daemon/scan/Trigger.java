package org.udevreactor.reactor.daemon.scan;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.reactor.daemon.DeviceEvent;
import org.udevreactor.reactor.sysfs.SysfsErrno;
import org.udevreactor.reactor.sysfs.SysfsRoot;

/**
 * {@code udevadm trigger --action=add --settle}: asks the kernel to send "add" for every device
 * again, each tagged with a UUID of its own ({@code add UUID} written to the device's uevent
 * file, which the kernel echoes as SYNTH_UUID), and completes once every tagged event has arrived.
 * A device whose uevent file refuses the write (gone, or read-only) is left out, logged at debug.
 */
public final class Trigger {
    private static final Logger log = LoggerFactory.getLogger("reactor.daemon");

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Promise<Integer> allBack = Promise.promise();
    private volatile boolean written;
    private volatile int triggered;

    /** Feed every arriving event here (before any write): an awaited UUID is crossed off. */
    public void arrived(DeviceEvent event) {
        event.uevent().flatMap(u -> u.property("SYNTH_UUID")).ifPresent(uuid -> {
            if (pending.remove(uuid)) {
                completeIfDone();
            }
        });
    }

    /**
     * Writes "add UUID" to each device's uevent file (blocking; on a worker).
     *
     * @return how many writes the kernel accepted
     */
    public int write(SysfsRoot sysfs, List<ScannedDevice> devices) {
        for (ScannedDevice device : devices) {
            String uuid = UUID.randomUUID().toString();
            pending.add(uuid);
            try {
                Files.writeString(sysfs.resolve(device.devpath()).resolve("uevent"), "add " + uuid, StandardOpenOption.WRITE);
                triggered++;
            } catch (IOException e) {
                pending.remove(uuid);
                log.debug("{}: not triggered: {}", device.devpath(), SysfsErrno.of(e));
            }
        }
        written = true;
        completeIfDone();
        return triggered;
    }

    /** Completes with the number of triggered devices once all their events arrived. */
    public Future<Integer> allArrived() {
        return allBack.future();
    }

    /** UUIDs not seen yet. */
    public int outstanding() {
        return pending.size();
    }

    private void completeIfDone() {
        if (written && pending.isEmpty()) {
            allBack.tryComplete(triggered);
        }
    }
}
