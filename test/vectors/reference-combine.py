#!/usr/bin/env python3
"""Independent re-implementation of the Custos share formats 1 and 2 (docs/FORMAT.md),
written from the spec alone with Python's standard library, to show the spec is sufficient.

It checks every payload's structure and checksum, recomputes the typed groups, and
recovers each valid set's data key by Lagrange interpolation over GF(2^8). AES-256-GCM and
Ed25519 are standard primitives not in Python's standard library; the data key it
recovers is compared with the vector's, and the key opens the sealed bundle with any
AES-GCM implementation. For format 2 it also derives each set's receipt-key seed (HKDF-SHA256)
and recomputes the example receipt's signed bytes and hash.
Usage: reference-combine.py shares.json|shares-v2.json -> prints a summary, exit 0.
"""
import hashlib
import hmac
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
    if raw[0] == 2:
        return parse_v2(raw)
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


def parse_v2(raw):
    vault_key, receipt_key, label_len = raw[8:40], raw[40:72], raw[72]
    at = 73 + label_len
    mlen = int.from_bytes(raw[at: at + 2], "big")
    sealed = raw[at + 2: at + 2 + mlen]
    common = at + 2 + mlen
    index, copy, vlen = raw[common], raw[common + 1], raw[common + 2]
    value = raw[common + 3: common + 3 + vlen]
    assert len(raw) == common + 3 + vlen + 64 + 4, "length"
    assert vlen == 33 and mlen >= 28 and copy >= 1, "field values"
    return {
        "header": raw[: 73 + label_len],
        "set_id": b32encode(raw[1:6]),
        "k": raw[6],
        "n": raw[7],
        "fingerprint": b32encode(hashlib.sha256(vault_key).digest()[:10]),
        "receipt_key": receipt_key,
        "index": index,
        "copy": copy,
        "value": value,
        "sealed": sealed,
        "common_bytes": common,
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


def times2(x):
    x <<= 1
    return x ^ 0x25 if x & 0x20 else x


def check_char_v2(data, group):
    """Damm over GF(32) (x^5 + x^2 + 1): fold 2x XOR y over the group number's two digits, then the data."""
    interim = 0
    for digit in [(group >> 5) & 31, group & 31] + [FOLD[c] for c in data]:
        interim = times2(interim) ^ digit
    return ALPHABET[times2(interim)]


def typed_lines(payload):
    body = payload[len("CUSTOS:"):]
    version = (FOLD[body[0]] << 3) | (FOLD[body[1]] >> 2)
    check = check_char if version == 1 else check_char_v2
    groups = [body[i: i + 5] + check(body[i: i + 5], i // 5 + 1) for i in range(0, len(body), 5)]
    return [f"{n // 6 + 1:02d}  " + " ".join(groups[n: n + 6]) for n in range(0, len(groups), 6)]


def hkdf_sha256(ikm, salt, info, length):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def main_v2(vectors):
    for vset in vectors["valid"]:
        sheets = [parse(s["payload"]) for s in vset["sheets"]]
        assert all(s["fingerprint"] == vectors["vaultFingerprint"] for s in sheets)
        assert [(s["index"], s["copy"]) for s in sheets] == [(s["index"], s["copy"]) for s in vset["sheets"]]
        assert sheets[0]["header"].hex() == vset["setHeaderHex"]
        firsts = [s for s in sheets if s["copy"] == 1]
        for start in range(0, vset["total"] - vset["threshold"] + 1):
            key = recover(firsts[start: start + vset["threshold"]])
            assert key.hex() == vset["dataKeyHex"], f"{vset['name']}: wrong key"
        seed = hkdf_sha256(bytes.fromhex(vset["dataKeyHex"]), b"custos.receipt-key.v2", vset["setId"].encode(), 32)
        assert seed.hex() == vset["receiptSeedHex"], "receipt key seed"
        set_lines = (sheets[0]["common_bytes"] * 8 // 5) // 30
        assert set_lines == vset["setLineCount"], "set lines"
        for sheet in vset["sheets"]:
            assert typed_lines(sheet["payload"]) == sheet["typed"], "typed groups differ"
            assert sheet["typed"][:set_lines] == vset["sheets"][0]["typed"][:set_lines], "set lines differ"
        print(f"ok {vset['name']}: {len(sheets)} sheets parsed, data key and receipt seed derived, typed groups match")
    receipt = dict(vectors["receipt"]["text"])
    del receipt["signature"]
    message = "custos.recovery-receipt.v1\n" + json.dumps(receipt, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert message == vectors["receipt"]["signedMessageUtf8"], "receipt canonical form"
    assert hashlib.sha256(message.encode()).hexdigest() == vectors["receipt"]["receiptHash"], "receipt hash"
    print("ok receipt: canonical signed bytes and hash match")
    return 0


def main(path):
    vectors = json.load(open(path))
    if "receipt" in vectors:
        return main_v2(vectors)
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
