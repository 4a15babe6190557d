#!/usr/bin/env python3
"""Writes the first N Fashion-MNIST test images as 28x28 gray PNGs (no PIL: zlib + struct)."""
import gzip, os, struct, sys, zlib

def png(width, height, rows):
    raw = b"".join(b"\x00" + r for r in rows)
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))

def main():
    src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with gzip.open(os.path.join(src, "t10k-images-idx3-ubyte.gz")) as f:
        magic, count, h, w = struct.unpack(">IIII", f.read(16))
        data = f.read()
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        k = i % count  # beyond the 10,000 test images the set repeats (under another name)
        img = data[k * h * w:(k + 1) * h * w]
        sub = os.path.join(out, "%02d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "img-%05d.png" % i), "wb") as f:
            f.write(png(w, h, [img[r * w:(r + 1) * w] for r in range(h)]))

main()
