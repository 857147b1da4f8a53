// The logbook test vectors: regenerating them gives the committed file byte for byte, and
// each hash and signature checks with nothing but SHA-256 and Ed25519 (as an independent
// implementation following docs/FORMAT.md section 3 would).
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildLogbookVectors } from '../vectors/logbook/build-vectors'

const FILE = new URL('../vectors/logbook/logbook-v1.json', import.meta.url)
const vectors = JSON.parse(readFileSync(FILE, 'utf8'))
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
const ed25519 = (rawB64: string) =>
  createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(rawB64, 'base64')]), format: 'der', type: 'spki' })

describe('logbook test vectors', () => {
  it('are reproduced exactly by the implementation', () => {
    expect(JSON.parse(JSON.stringify(buildLogbookVectors()))).toEqual(vectors)
  })

  it('check with plain SHA-256 and Ed25519', () => {
    const [genesis, rotated] = vectors.keys
    expect(vectors.genesisHash).toBe(sha256('custos.logbook.genesis.v1\n' + vectors.origin).toString('hex'))
    let prev = vectors.genesisHash
    let signer = genesis
    for (const e of vectors.entries) {
      // Preimage = canonical JSON of {actor, payload, prev, seq, time, type, v:1}, written out by hand here.
      const preimage = `{"actor":${JSON.stringify(e.actor)},"payload":${e.payload},"prev":"${prev}","seq":${e.seq},"time":"${e.time}","type":"${e.type}","v":1}`
      expect(e.preimage).toBe(preimage)
      expect(e.hash).toBe(sha256(Buffer.from('custos.logbook.entry.v1\n' + preimage, 'utf8')).toString('hex'))
      const message = Buffer.concat([Buffer.from('custos.logbook.entry-sig.v1\n'), Buffer.from(e.hash, 'hex')])
      expect(message.toString('hex')).toBe(e.signatureMessageHex)
      expect(e.signer).toBe(signer.fingerprint)
      expect(verify(null, message, ed25519(signer.publicKeyBase64), Buffer.from(e.signature, 'base64'))).toBe(true)
      if (e.type === 'log.key-rotated') {
        expect(verify(null, Buffer.from(vectors.rotationStatementUtf8), ed25519(rotated.publicKeyBase64), Buffer.from(e.event.endorsement, 'base64'))).toBe(true)
        signer = rotated
      }
      prev = e.hash
    }
    // The checkpoint is a C2SP signed note: key id = SHA-256(name LF 0x01 key)[0..4].
    const cp = vectors.checkpoint
    expect(cp.body).toBe(`${vectors.origin}\n${cp.size}\n${Buffer.from(cp.hash, 'hex').toString('base64')}\n`)
    const sigLine = cp.text.split('\n').find((l: string) => l.startsWith('\u2014 '))
    const [, name, blob] = sigLine.split(' ')
    const raw = Buffer.from(blob, 'base64')
    const keyId = sha256(Buffer.concat([Buffer.from(name + '\n'), Buffer.from([1]), Buffer.from(genesis.publicKeyBase64, 'base64')])).subarray(0, 4)
    expect(raw.subarray(0, 4)).toEqual(keyId)
    expect(verify(null, Buffer.from(cp.body), ed25519(genesis.publicKeyBase64), raw.subarray(4))).toBe(true)
    expect(vectors.entries[cp.size - 1].hash).toBe(cp.hash)
  })
})
