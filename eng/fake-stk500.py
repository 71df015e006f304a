#!/usr/bin/env python3
"""fake-stk500.py - a fake Arduino bootloader (STK500v1, what avrdude's 'arduino' programmer talks) on a pty.

Usage: eng/fake-stk500.py PORT-LINK FLASH-OUT [SIGNATURE-HEX]

Makes a pseudo-terminal, links PORT-LINK to it (pass PORT-LINK as avrdude's -P), answers avrdude like optiboot
(default signature 1e950f, the atmega328p), keeps the flash written in memory, serves it back for verification,
and when avrdude leaves programming mode writes the programmed bytes to FLASH-OUT as 'ADDRESS BYTES-HEX' lines
(one per page) and exits 0. Exits 1 after 60 s without a finished upload. Used by the upload tests: a real avrdude
run with the board's real command line, no board needed.
"""
import os, pty, select, sys, time, tty

link, out = sys.argv[1], sys.argv[2]
sig = bytes.fromhex(sys.argv[3] if len(sys.argv) > 3 else "1e950f")
master, slave = pty.openpty()
tty.setraw(slave)
if os.path.lexists(link):
    os.remove(link)
os.symlink(os.ttyname(slave), link)
print(os.ttyname(slave), flush=True)

INSYNC, OK, EOP = 0x14, 0x10, 0x20
# Command byte -> number of argument bytes before CRC_EOP (PROG_PAGE and READ_PAGE are handled apart).
ARGS = {0x30: 0, 0x41: 1, 0x42: 20, 0x50: 0, 0x51: 0, 0x55: 2, 0x56: 4, 0x75: 0, 0x31: 0, 0x40: 2, 0x52: 0}
buf = bytearray()
flash = {}
address = 0
deadline = time.time() + 60

def read(n):
    global buf
    while len(buf) < n:
        if time.time() > deadline:
            sys.exit(1)
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                buf += os.read(master, 4096)
            except OSError:
                time.sleep(0.05)
    data, buf = bytes(buf[:n]), buf[n:]
    return data

def reply(payload=b""):
    os.write(master, bytes([INSYNC]) + payload + bytes([OK]))

while True:
    cmd = read(1)[0]
    if cmd == 0x64:  # PROG_PAGE: size (2, big endian), memtype, data, EOP
        hdr = read(3)
        size = (hdr[0] << 8) | hdr[1]
        data = read(size)
        read(1)
        if hdr[2] == ord("F"):
            flash[address] = data
        reply()
        continue
    if cmd == 0x74:  # READ_PAGE: size, memtype, EOP
        hdr = read(4)
        size = (hdr[0] << 8) | hdr[1]
        mem = b"".join(flash[a] for a in sorted(flash))
        base = min(flash) if flash else 0
        start = address - base
        page = mem[start:start + size].ljust(size, b"\xff")
        reply(page)
        continue
    if cmd == 0x45:  # SET_DEVICE_EXT: 4 or 5 arguments (by the version reported), then EOP
        read(4)
        if read(1)[0] != EOP:
            read(1)
        reply()
        continue
    if cmd not in ARGS:
        continue  # noise (e.g. while avrdude resets the line): wait for a command we know
    args = read(ARGS[cmd])
    if read(1)[0] != EOP:
        continue
    if cmd == 0x41:  # GET_PARAMETER
        reply(bytes([{0x81: 8, 0x82: 3}.get(args[0], 3)]))
    elif cmd == 0x55:  # LOAD_ADDRESS (word address, little endian)
        address = (args[0] | (args[1] << 8)) * 2
        reply()
    elif cmd == 0x56:  # UNIVERSAL (SPI passthrough): answer 0
        reply(b"\x00")
    elif cmd == 0x75:  # READ_SIGN
        reply(sig)
    elif cmd == 0x51:  # LEAVE_PROGMODE: done
        reply()
        with open(out, "w") as f:
            for a in sorted(flash):
                f.write("%d %s\n" % (a, flash[a].hex()))
        time.sleep(0.5)
        sys.exit(0)
    else:
        reply()
