// Writes test/vectors/shares.json: valid sets and negative cases, each with the error it
// must produce. Run once with `npx tsx test/vectors/generate-share-vectors.ts`; the
// committed file is the reference (regenerating makes new keys and random values).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { serializeBundle, type CredentialBundle } from '../../shared/bundle'
import { encodeSetHeader, encodeShare, formatPayload, signedMessage, type Share } from '../../shared/share-format'
import { base32Encode } from '../../shared/base32'
import { formatTypedLines } from '../../shared/typed-groups'
import { sha256 } from '@noble/hashes/sha2'
import { splitBundle } from '../../main/core/shares/split'
import { generateVaultKey, type VaultKey } from '../../main/core/vault/vault-key'
import { combineKey } from '../../main/core/shares/shamir'

const vault = generateVaultKey()
const otherVault = generateVaultKey()

const bundles: Record<string, CredentialBundle> = {
  awsAccessKey: {
    kind: 'aws-access-key',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    accountId: '123456789012',
    userName: 'breakglass-admin',
    notes: 'Org management account',
  },
  awsRootLogin: {
    kind: 'aws-root-login',
    account: 'root@example.com',
    password: 'correct horse battery staple',
    totpSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  },
  generic: { kind: 'generic', fields: { 'db admin password': 'pa55-w0rd!', host: 'db.internal' } },
}

const resign = (share: Share, key: VaultKey = vault): Share => ({ ...share, signature: key.sign(signedMessage(share)) })
const payload = (share: Share) => formatPayload(share)
/** Re-encodes raw body bytes with a fresh checksum, as someone crafting a share would. */
const rechecksum = (body: Uint8Array) => {
  const withoutChecksum = body.subarray(0, body.length - 4)
  const out = new Uint8Array(body.length)
  out.set(withoutChecksum)
  out.set(sha256(withoutChecksum).subarray(0, 4), withoutChecksum.length)
  return 'CUSTOS:' + base32Encode(out)
}

function validSet(name: string, bundle: CredentialBundle, threshold: number, total: number, label = '') {
  const result = splitBundle({ bundle, threshold, total, label }, vault)
  // The data key is recovered here only so independent implementations can test their Shamir step.
  const dataKey = combineKey(result.shares.slice(0, threshold).map((s) => ({ index: s.index, value: s.value })))!
  return {
    name,
    threshold,
    total,
    label,
    setId: result.header.setId,
    bundleJson: serializeBundle(bundle),
    dataKeyHex: dataKey.toString('hex'),
    setHeaderHex: Buffer.from(encodeSetHeader(result.header)).toString('hex'),
    payloads: result.payloads,
    typed: result.payloads.map((p) => formatTypedLines(p)),
    shares: result.shares,
  }
}

const sets = [
  validSet('aws-access-key 3-of-5', bundles.awsAccessKey!, 3, 5, 'PAYMENTS PROD'),
  validSet('aws-root-login 2-of-3', bundles.awsRootLogin!, 2, 3),
  validSet('generic 8-of-16', bundles.generic!, 8, 16, 'Datenbank Zürich'),
]
const main = sets[0]!
const mainShares = main.shares
const p = main.payloads
const second = splitBundle({ bundle: bundles.awsAccessKey!, threshold: 3, total: 5 }, vault)
const foreign = splitBundle({ bundle: bundles.awsAccessKey!, threshold: 3, total: 5 }, otherVault)

const flipChar = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
const bodyOf = (share: Share) => encodeShare(share)

type Negative = {
  name: string
  description: string
  operation: 'check' | 'combine' | 'typed'
  inputs: string[]
  error: string
  rejected?: string[]
}

const tamperedSealed = mainShares.map((s) => {
  const sealed = s.sealed.slice()
  sealed[20]! ^= 0x01
  return { ...s, sealed }
})
const wrongVersionBody = bodyOf(mainShares[0]!)
wrongVersionBody[0] = 2
const typedWithTypo = (() => {
  const lines = main.typed[0]!.slice()
  lines[2] = lines[2]!.replace(/^(\d+\s+\S{2})(\S)/, (_, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'))
  return lines.join('\n')
})()
const badValue = resign({ ...mainShares[3]!, value: mainShares[3]!.value.map((b, i) => (i === 5 ? b ^ 0x55 : b)) })

const negatives: Negative[] = [
  { name: 'not-a-share', description: 'text that is not a Custos share', operation: 'check', inputs: ['HELLO WORLD'], error: 'SHARE_UNREADABLE' },
  { name: 'bad-character', description: 'a character outside the alphabet (U)', operation: 'check', inputs: [p[0]!.slice(0, 40) + 'U' + p[0]!.slice(41)], error: 'SHARE_UNREADABLE' },
  { name: 'bad-checksum', description: 'one base32 character changed (in the signature)', operation: 'check', inputs: [flipChar(p[0]!, 300)], error: 'SHARE_CHECKSUM_MISMATCH' },
  { name: 'extra-character', description: 'one character appended', operation: 'check', inputs: [p[0]! + '0'], error: 'SHARE_CHECKSUM_MISMATCH' },
  { name: 'truncated', description: 'the payload cut in half', operation: 'check', inputs: [p[0]!.slice(0, Math.floor(p[0]!.length / 2))], error: 'SHARE_TRUNCATED' },
  { name: 'wrong-version', description: 'version byte 2 with a valid checksum', operation: 'check', inputs: [rechecksum(wrongVersionBody)], error: 'SHARE_VERSION_UNSUPPORTED' },
  { name: 'forged-signature', description: 'this vault\'s fingerprint, signed by another key', operation: 'check', inputs: [payload(resign(mainShares[0]!, otherVault))], error: 'SHARE_SIGNATURE_INVALID' },
  { name: 'tampered-sealed-bundle', description: 'one sealed byte changed, checksum recomputed, not re-signed', operation: 'check', inputs: [payload(tamperedSealed[0]!)], error: 'SHARE_SIGNATURE_INVALID' },
  { name: 'wrong-vault-key', description: 'a valid share of another vault', operation: 'check', inputs: [foreign.payloads[0]!], error: 'SHARE_FROM_OTHER_VAULT' },
  { name: 'index-out-of-range', description: 'share index 9 in a 3-of-5 set, signed by the vault', operation: 'check', inputs: [payload(resign({ ...mainShares[0]!, index: 9 }))], error: 'SHARE_INDEX_OUT_OF_RANGE' },
  { name: 'too-few', description: '2 shares of a 3-of-5 set', operation: 'combine', inputs: [p[0]!, p[1]!], error: 'NOT_ENOUGH_SHARES' },
  { name: 'duplicate-copies-only', description: 'share 1 twice and share 2: copies count once', operation: 'combine', inputs: [p[0]!, p[0]!, p[1]!], error: 'NOT_ENOUGH_SHARES' },
  { name: 'different-set', description: 'two shares of one set and one of another', operation: 'combine', inputs: [p[0]!, p[1]!, second.payloads[2]!], error: 'SHARE_FROM_OTHER_SET' },
  { name: 'duplicate-index-conflict', description: 'two different shares both claiming index 2, both signed', operation: 'combine', inputs: [p[0]!, p[1]!, payload(resign({ ...mainShares[2]!, index: 2 }))], error: 'SHARE_INDEX_CONFLICT' },
  { name: 'mismatched-threshold', description: 'one share says 2-of-5, the others 3-of-5, same set id, all signed', operation: 'combine', inputs: [p[0]!, p[1]!, payload(resign({ ...mainShares[2]!, header: { ...mainShares[2]!.header, threshold: 2 } }))], error: 'SHARE_HEADER_MISMATCH' },
  { name: 'mismatched-total', description: 'one share says 3-of-6, same set id, all signed', operation: 'combine', inputs: [p[0]!, p[1]!, payload(resign({ ...mainShares[2]!, header: { ...mainShares[2]!.header, total: 6 } }))], error: 'SHARE_HEADER_MISMATCH' },
  { name: 'tampered-sealed-bundle-resigned', description: 'every share\'s sealed bundle changed and re-signed by the vault key', operation: 'combine', inputs: tamperedSealed.slice(0, 3).map((s) => payload(resign(s))), error: 'ENVELOPE_OPEN_FAILED' },
  { name: 'bad-share-value-exactly-k', description: 'share 4 has a wrong value (signed); with exactly K shares nothing opens', operation: 'combine', inputs: [p[0]!, p[1]!, payload(badValue)], error: 'ENVELOPE_OPEN_FAILED' },
  { name: 'damaged-share-among-k', description: 'K shares presented, one damaged: refused and named, too few remain', operation: 'combine', inputs: [p[0]!, flipChar(p[1]!, 100), p[2]!], error: 'NOT_ENOUGH_SHARES', rejected: ['SHARE_CHECKSUM_MISMATCH'] },
  { name: 'typed-typo', description: 'typed groups with one mistyped character in line 3', operation: 'typed', inputs: [typedWithTypo], error: 'TYPED_GROUP_INVALID' },
]

const recoveries = [
  { name: 'any-order-with-duplicate', description: 'shares 5, 1, 1, 3: the duplicate is ignored with a notice', inputs: [p[4]!, p[0]!, p[0]!, p[2]!], bundleJson: main.bundleJson, rejected: [] as string[], notices: 1 },
  { name: 'one-bad-of-k-plus-1', description: 'four shares, one with a wrong (signed) value: named, the rest recombine', inputs: [p[0]!, p[1]!, payload(badValue), p[2]!], bundleJson: main.bundleJson, rejected: ['ENVELOPE_OPEN_FAILED'], notices: 0 },
  { name: 'one-damaged-of-k-plus-1', description: 'four shares, one damaged: named, the rest recombine', inputs: [p[0]!, flipChar(p[1]!, 200), p[2]!, p[3]!], bundleJson: main.bundleJson, rejected: ['SHARE_CHECKSUM_MISMATCH'], notices: 0 },
]

const out = {
  description: 'Custos share format v1 test vectors (docs/FORMAT.md). All payloads are signed by vaultPublicKey unless a case says otherwise.',
  vaultPublicKeyBase64: Buffer.from(vault.raw).toString('base64'),
  vaultFingerprint: vault.fingerprint,
  valid: sets.map(({ shares: _shares, ...rest }) => rest),
  recoveries,
  negative: negatives,
}
const target = fileURLToPath(new URL('./shares.json', import.meta.url))
writeFileSync(target, JSON.stringify(out, null, 2) + '\n')
console.log(`wrote ${target}: ${sets.length} valid sets, ${recoveries.length} recoveries, ${negatives.length} negative cases`)
