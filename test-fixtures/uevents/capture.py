#!/usr/bin/env python3
"""Captures real kernel uevents from this host into fixtures, as root.

Each datagram is saved twice: NAME.bin (the exact bytes received on netlink group 1) and
NAME.txt (the same bytes as escaped text: \\0 for NUL, \\\\ for backslash, \\xHH for other
non-printables), so a diff shows what a fixture holds. The udev-format fixtures cannot be
captured here (no udevd runs on the build hosts), so they are built from a captured kernel event
with the header layout of systemd's sd-device-monitor: "libudev\\0", magic 0xfeedcafe big-endian,
then header size, properties offset and length in host (little-endian) order, four filter words.

Usage: sudo ./capture.py   (rewrites the fixtures in this directory)
"""
import os
import socket
import struct
import subprocess
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NULL = "/sys/devices/virtual/mem/null/uevent"


def escape(data: bytes) -> str:
    out = []
    for b in data:
        if b == 0:
            out.append("\\0")
        elif b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


def save(name: str, data: bytes) -> None:
    with open(os.path.join(HERE, name + ".bin"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, name + ".txt"), "w") as f:
        f.write(escape(data) + "\n")
    print("saved", name, len(data), "bytes")


def listen() -> socket.socket:
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 15)  # NETLINK_KOBJECT_UEVENT
    sock.bind((0, 1))
    sock.settimeout(5)
    return sock


def next_matching(sock, predicate) -> bytes:
    while True:
        data = sock.recv(16384)
        if predicate(data):
            return data


def sh(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def udev_format(kernel_event: bytes) -> bytes:
    # Drop the "ACTION@DEVPATH" header; libudev messages carry only the properties.
    properties = kernel_event[kernel_event.index(b"\0") + 1:]
    header = b"libudev\0" + struct.pack(">I", 0xFEEDCAFE) + struct.pack("<III", 40, 40, len(properties))
    header += struct.pack(">IIII", 0, 0, 0, 0)
    return header + properties


def main() -> None:
    sock = listen()
    with open(NULL, "w") as f:
        f.write("change")
    change = next_matching(sock, lambda d: d.startswith(b"change@/devices/virtual/mem/null\0"))
    save("kernel-mem-null-change", change)
    save("udev-mem-null-change", udev_format(change))

    synth = str(uuid.UUID("1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
    with open(NULL, "w") as f:
        f.write("add %s FOO=bar LEVEL=3" % synth)
    save("kernel-mem-null-synthetic-add", next_matching(sock, lambda d: synth.encode() in d))

    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "disk.img")
        with open(image, "wb") as f:
            f.truncate(4 * 1024 * 1024)
            mbr = bytearray(512)
            mbr[446 + 4] = 0x83
            mbr[446 + 8:446 + 16] = struct.pack("<II", 2048, 8192 - 2048)
            mbr[510:512] = b"\x55\xaa"
            f.seek(0)
            f.write(mbr)
        device = sh("losetup", "-f", "--show", image)
        name = os.path.basename(device)
        try:
            disk = next_matching(sock, lambda d: ("@/devices/virtual/block/%s\0" % name).encode() in d)
            save("kernel-loop-disk-attach", disk)
            sh("partx", "-a", device)
            save("kernel-loop-partition-add", next_matching(
                sock, lambda d: d.startswith(("add@/devices/virtual/block/%s/%sp1\0" % (name, name)).encode())))
            sh("partx", "-d", device)
            save("kernel-loop-partition-remove", next_matching(
                sock, lambda d: d.startswith(("remove@/devices/virtual/block/%s/%sp1\0" % (name, name)).encode())))
        finally:
            subprocess.run(["losetup", "-d", device])

    sh("ip", "link", "add", "fixturebr0", "type", "bridge")
    try:
        save("kernel-net-bridge-add", next_matching(sock, lambda d: d.startswith(b"add@/devices/virtual/net/fixturebr0\0")))
        save("kernel-net-queue-add", next_matching(
            sock, lambda d: d.startswith(b"add@/devices/virtual/net/fixturebr0/queues/rx-0\0")))
    finally:
        sh("ip", "link", "del", "fixturebr0")
    save("kernel-net-bridge-remove", next_matching(
        sock, lambda d: d.startswith(b"remove@/devices/virtual/net/fixturebr0\0")))


if __name__ == "__main__":
    main()
