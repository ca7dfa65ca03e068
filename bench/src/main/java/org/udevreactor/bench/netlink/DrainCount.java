package org.udevreactor.bench.netlink;

/**
 * What one drain of a socket saw.
 *
 * @param received  datagrams received
 * @param overflows times recvmsg failed with ENOBUFS: the receive buffer overflowed and datagrams were lost
 */
record DrainCount(long received, long overflows) {
}
