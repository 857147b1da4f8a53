#!/usr/bin/env python3
"""Independent re-implementation of the Custos share format v1 (docs/FORMAT.md), written
from the spec alone with Python's standard library, to show the spec is sufficient.

It checks every payload's structure and checksum, recomputes the typed groups, and
recovers each valid set's data key by Lagrange interpolation over GF(2^8). AES-256-GCM and
Ed25519 are standard primitives not in Python's standard library; the data key it
recovers is compared with the vector's, and the key opens the sealed bundle with any
AES-GCM implementation. Usage: reference-combine.py shares.json -> prints a summary, exit 0.
"""
import hashlib
import json
import sys

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FOLD = {c: i for i, c in enumerate(ALPHABET)}
FOLD.update({"O": 0, "I": 1, "L": 1})


def b32decode(text):
    bits, nbits, out = 0, 0, bytearray()
    for ch in text.upper():
        bits = (bits << 5) | FOLD[ch]
        nbits += 5
        if nbits >= 8:
            out.append((bits >> (nbits - 8)) & 0xFF)
            nbits -= 8
    assert nbits < 5 and bits & ((1 << nbits) - 1) == 0, "non-canonical base32"
    return bytes(out)


def b32encode(data):
    bits, nbits, out = 0, 0, ""
    for byte in data:
        bits = (bits << 8) | byte
        nbits += 8
        while nbits >= 5:
            out += ALPHABET[(bits >> (nbits - 5)) & 31]
            nbits -= 5
    if nbits:
        out += ALPHABET[(bits << (5 - nbits)) & 31]
    return out


def parse(payload):
    assert payload.startswith("CUSTOS:")
    raw = b32decode(payload[len("CUSTOS:"):])
    assert hashlib.sha256(raw[:-4]).digest()[:4] == raw[-4:], "checksum"
    assert raw[0] == 1, "version"
    label_len = raw[18]
    at = 19 + label_len
    index, vlen = raw[at], raw[at + 1]
    value = raw[at + 2: at + 2 + vlen]
    at += 2 + vlen
    mlen = int.from_bytes(raw[at: at + 2], "big")
    sealed = raw[at + 2: at + 2 + mlen]
    at += 2 + mlen
    assert len(raw) == at + 64 + 4, "length"
    return {
        "header": raw[: 19 + label_len],
        "set_id": b32encode(raw[1:6]),
        "k": raw[6],
        "n": raw[7],
        "fingerprint": b32encode(raw[8:18]),
        "index": index,
        "value": value,
        "sealed": sealed,
    }


# GF(2^8) with x^8 + x^4 + x^3 + x^2 + 1, generator 2.
EXP, LOG = [0] * 255, [0] * 256
x = 1
for i in range(255):
    EXP[i], LOG[x] = x, i
    x <<= 1
    if x > 0xFF:
        x ^= 0x11D


def mul(a, b):
    return 0 if a == 0 or b == 0 else EXP[(LOG[a] + LOG[b]) % 255]


def div(a, b):
    return 0 if a == 0 else EXP[(LOG[a] - LOG[b]) % 255]


def recover(shares):
    secret = bytearray()
    for j in range(len(shares[0]["value"])):
        acc = 0
        for m, sm in enumerate(shares):
            term = sm["value"][j]
            for n, sn in enumerate(shares):
                if n != m:
                    term = mul(term, div(sn["index"], sn["index"] ^ sm["index"]))
            acc ^= term
        secret.append(acc)
    assert secret[0] == 1, "marker byte"
    return bytes(secret[1:])


def check_char(data, group):
    return ALPHABET[(5 * group + sum((2 * j + 1) * FOLD[c] for j, c in enumerate(data))) % 32]


def typed_lines(payload):
    body = payload[len("CUSTOS:"):]
    groups = [body[i: i + 5] + check_char(body[i: i + 5], i // 5 + 1) for i in range(0, len(body), 5)]
    return [f"{n // 6 + 1:02d}  " + " ".join(groups[n: n + 6]) for n in range(0, len(groups), 6)]


def main(path):
    vectors = json.load(open(path))
    for vset in vectors["valid"]:
        shares = [parse(p) for p in vset["payloads"]]
        assert all(s["fingerprint"] == vectors["vaultFingerprint"] for s in shares)
        assert shares[0]["header"].hex() == vset["setHeaderHex"]
        for start in range(0, vset["total"] - vset["threshold"] + 1):
            key = recover(shares[start: start + vset["threshold"]])
            assert key.hex() == vset["dataKeyHex"], f"{vset['name']}: wrong key from shares {start + 1}.."
        for payload, lines in zip(vset["payloads"], vset["typed"]):
            assert typed_lines(payload) == lines, "typed groups differ"
        print(f"ok {vset['name']}: {vset['total']} shares parsed, data key recovered, typed groups match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
