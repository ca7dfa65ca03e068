package org.udevreactor.reactor.logging;

import org.slf4j.LoggerFactory;

/** A child JVM for LogPatternTest: lines at each level through the daemon's logging configuration. */
public final class LogLines {
    public static void main(String[] args) {
        org.slf4j.Logger log = LoggerFactory.getLogger("reactor.daemon");
        log.error("add /devices/x (pci) #7: failed");
        log.warn("lost 3 events");
        log.info("ready");
        log.debug("timing: shown at DEBUG only");
        org.slf4j.Logger netty = LoggerFactory.getLogger("io.netty.resolver.dns.DnsServerAddressStreamProviders");
        netty.warn("no network interfaces: hidden");
        netty.error("shown: netty's errors");
    }
}
