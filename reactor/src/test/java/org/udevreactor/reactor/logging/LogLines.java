package org.udevreactor.reactor.logging;

import org.slf4j.LoggerFactory;

/** A child JVM for LogPatternTest: one line at each level through the daemon's logback.xml. */
public final class LogLines {
    public static void main(String[] args) {
        org.slf4j.Logger log = LoggerFactory.getLogger("reactor.daemon");
        log.error("add /devices/x (pci) #7: failed");
        log.warn("lost 3 events");
        log.info("ready");
        log.debug("not shown at INFO");
    }
}
