#!/usr/bin/env python3
"""Regenerates the TFRecord golden files that TfRecordFormatTest compares against.

Run from this directory:  python3 make_golden.py

Encodes, independently of the Java code (standard library only, its own CRC32C table and
protobuf encoder), three tf.train.Example rows with the columns

    id (int64), score (float32), name (UTF-8 bytes), img (raw pixels + img/height, img/width,
    img/channels int64)

where a missing value (None) omits the feature, features appear in column order, and each
image's three size features follow its pixels. Two files:

  test-golden.tfrecord    numeric lists packed, as TensorFlow writes them (and fabrica's writer)
  test-unpacked.tfrecord  the same rows with numeric lists unpacked (one tag per value), which
                          protobuf readers must also accept

TFRecord framing per record: uint64 length (LE), uint32 masked CRC32C of those 8 bytes, the
data, uint32 masked CRC32C of the data; masked(c) = ((c >> 15) | (c << 17)) + 0xa282ead8 mod 2^32.
"""
import struct

ROWS = [
    {"id": 1, "score": 0.5, "name": "hello", "img": (2, 3, 1, bytes([0, 1, 2, 253, 254, 255]))},
    {"id": -3, "score": None, "name": "你好🙂", "img": None},
    {"id": 9007199254740993, "score": -1.25, "name": None, "img": (1, 1, 3, bytes([10, 20, 30]))},
]


def crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


TABLE = crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(v):
    v &= (1 << 64) - 1  # negative int64 -> two's complement, 10 bytes
    out = bytearray()
    while v > 0x7F:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def field(num, wire, payload):
    return varint((num << 3) | wire) + payload


def delimited(num, payload):
    return field(num, 2, varint(len(payload)) + payload)


def int64_list(values, packed):
    if packed:
        return delimited(1, b"".join(varint(v) for v in values))
    return b"".join(field(1, 0, varint(v)) for v in values)


def float_list(values, packed):
    if packed:
        return delimited(1, b"".join(struct.pack("<f", v) for v in values))
    return b"".join(field(1, 5, struct.pack("<f", v)) for v in values)


def feature(key, kind_field, lst):
    entry = delimited(1, key.encode("utf-8")) + delimited(2, delimited(kind_field, lst))
    return delimited(1, entry)


def example(row, packed):
    features = b""
    for key, value in row.items():
        if value is None:
            continue
        if key == "id":
            features += feature(key, 3, int64_list([value], packed))
        elif key == "score":
            features += feature(key, 2, float_list([value], packed))
        elif key == "name":
            features += feature(key, 1, delimited(1, value.encode("utf-8")))
        else:
            h, w, c, pixels = value
            features += feature(key, 1, delimited(1, pixels))
            for suffix, dim in (("/height", h), ("/width", w), ("/channels", c)):
                features += feature(key + suffix, 3, int64_list([dim], packed))
    return delimited(1, features)


def record(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked(length)) + data + struct.pack("<I", masked(data))


def main():
    assert crc32c(b"123456789") == 0xE3069283  # the standard CRC-32C check value
    for name, packed in (("test-golden.tfrecord", True), ("test-unpacked.tfrecord", False)):
        with open(name, "wb") as f:
            for row in ROWS:
                f.write(record(example(row, packed)))


if __name__ == "__main__":
    main()
