// Builds the logbook test vectors (docs/FORMAT.md section 3) from a fixed key and fixed times, so an
// independent implementation can check its canonical JSON, hashes, signatures and checkpoint.
// Regenerate: npx tsx test/vectors/logbook/build-vectors.ts > test/vectors/logbook/logbook-v1.json
import { createHash, createPrivateKey } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../../main/core/clock'
import { canonicalJson } from '../../../main/core/logbook/canonical-json'
import { entryPreimage, entrySignatureMessage, genesisHash, rotationStatement } from '../../../main/core/logbook/entry-hash'
import { logHmac } from '../../../main/core/logbook/log-hmac'
import { openLogbook } from '../../../main/core/logbook/logbook-store'
import { shareFingerprint } from '../../../main/core/logbook/share-fingerprint'
import { vaultKeyFromPem, type VaultKey } from '../../../main/core/vault/vault-key'
import type { VaultEvent } from '../../../shared/events'

function keyFromSeedHex(seedHex: string): VaultKey {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')])
  return vaultKeyFromPem(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString())
}

export function buildLogbookVectors(): unknown {
  const seedHex = '01'.repeat(32)
  const nextSeedHex = '02'.repeat(32)
  const key = keyFromSeedHex(seedHex)
  const next = keyFromSeedHex(nextSeedHex)
  const b64 = (k: VaultKey) => Buffer.from(k.raw).toString('base64')
  const dir = mkdtempSync(join(tmpdir(), 'custos-vectors-'))
  try {
    const clock = fixedClock('2026-01-05T09:00:00Z')
    const log = openLogbook(dir, key, { create: true, clock })
    const events: VaultEvent[] = [
      { type: 'vault.created', name: 'Payments prod — Zürich', fingerprint: key.fingerprint, publicKey: b64(key) },
      {
        type: 'set.issued',
        setId: '0FE8NW27',
        threshold: 2,
        total: 3,
        label: 'Root "break-glass"',
        vaultFingerprint: key.fingerprint,
        shareFingerprints: ['YV0404ZQFXVDRB2F', '48M3ASS8VCJZAPAW', 'HK5CNJ5KZE1YXRDF'],
      },
    ]
    for (const e of events) {
      log.append('ops-alice', e)
      clock.advance(90_000)
    }
    const checkpoint = log.checkpoint()
    log.rotateKey('ops-alice', next, 'yearly rotation')
    const entries = log.entries().map((e) => ({
      seq: e.seq,
      time: e.time,
      actor: e.actor,
      type: e.type,
      event: e.event,
      payload: e.payload,
      prevHash: e.prevHash,
      preimage: entryPreimage(e),
      hash: e.hash,
      signatureMessageHex: Buffer.from(entrySignatureMessage(e.hash)).toString('hex'),
      signer: e.signer,
      signature: e.signature,
    }))
    log.close()
    return {
      description: 'Custos logbook format v1 test vectors; see docs/FORMAT.md section 3. Keys are test keys: never use them.',
      keys: [
        { role: 'genesis log key', ed25519SeedHex: seedHex, publicKeyBase64: b64(key), fingerprint: key.fingerprint },
        { role: 'rotated-to log key', ed25519SeedHex: nextSeedHex, publicKeyBase64: b64(next), fingerprint: next.fingerprint },
      ],
      origin: checkpoint.origin,
      genesisHash: genesisHash(checkpoint.origin),
      entries,
      rotationStatementUtf8: Buffer.from(rotationStatement(checkpoint.origin, b64(key), b64(next))).toString('utf8'),
      checkpoint: { size: checkpoint.size, hash: checkpoint.hash, text: checkpoint.text, body: checkpoint.body },
      canonicalJson: [
        { value: { b: 1, a: [true, false, null], c: { z: '', y: 'é' } }, canonical: canonicalJson({ b: 1, a: [true, false, null], c: { z: '', y: 'é' } }) },
        { value: { 'é': 1, e: 2, E: 3, '\u0000': 'ctl\n"q"\\' }, canonical: canonicalJson({ 'é': 1, e: 2, E: 3, '\u0000': 'ctl\n"q"\\' }) },
        { value: { emoji: '😀', n: -42, zero: 0 }, canonical: canonicalJson({ emoji: '😀', n: -42, zero: 0 }) },
      ],
      hmac: { purpose: 'example.phone', value: '+44 20 7946 0000', hex: logHmac(key, 'example.phone', '+44 20 7946 0000') },
      shareFingerprint: {
        payload: 'CUSTOS:EXAMPLE',
        sha256Hex: createHash('sha256').update('CUSTOS:EXAMPLE').digest('hex'),
        fingerprint: shareFingerprint('CUSTOS:EXAMPLE'),
      },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.stdout.write(JSON.stringify(buildLogbookVectors(), null, 2) + '\n')
}
