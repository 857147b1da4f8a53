// Writes test/vectors/shares-v2.json: share format 2 sets (vault public key, receipt key and
// copy number on every sheet), a signed recovery receipt, and negative cases with the error
// each must produce. Run once with `npx tsx test/vectors/generate-share-vectors-v2.ts`; the
// committed file is the reference. (shares.json, format 1, is frozen: v1 sheets stay readable.)
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sha256 } from '@noble/hashes/sha2'
import { base32Encode } from '../../shared/base32'
import { serializeBundle, type CredentialBundle } from '../../shared/bundle'
import { RECEIPT_FORMAT, receiptHash, receiptMessage, toBase64, type ReceiptBody } from '../../shared/receipt'
import { receiptPublicKeyOf, receiptSeed, signWithSeed } from '../../shared/share-auth'
import { encodeSetHeader, encodeShare, formatPayload, signedMessage, type Share } from '../../shared/share-format'
import { formatTypedLines, setLineCount } from '../../shared/typed-groups'
import { combineKey } from '../../main/core/shares/shamir'
import { splitBundle } from '../../main/core/shares/split'
import { shareFingerprint } from '../../main/core/logbook/share-fingerprint'
import { generateVaultKey, type VaultKey } from '../../main/core/vault/vault-key'

const vault = generateVaultKey()
const otherVault = generateVaultKey()
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

const bundles: Record<string, CredentialBundle> = {
  awsAccessKey: {
    kind: 'aws-access-key',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    accountId: '123456789012',
    userName: 'breakglass-admin',
  },
  awsRootLogin: { kind: 'aws-root-login', account: 'root@example.com', password: 'correct horse battery staple', totpSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
}

function validSet(name: string, bundle: CredentialBundle, threshold: number, total: number, copies: number, label = '') {
  const result = splitBundle({ bundle, threshold, total, label, copies }, vault)
  const dataKey = combineKey(result.shares.slice(0, threshold).map((s) => ({ index: s.index, value: s.value })))!
  const seed = receiptSeed(dataKey, result.header.setId)
  return {
    name,
    threshold,
    total,
    copies,
    label,
    setId: result.header.setId,
    bundleJson: serializeBundle(bundle),
    dataKeyHex: dataKey.toString('hex'),
    receiptSeedHex: hex(seed),
    receiptPublicKeyBase64: toBase64(receiptPublicKeyOf(seed)),
    setHeaderHex: hex(encodeSetHeader(result.header)),
    setLineCount: setLineCount(result.payloads[0]!),
    sheets: result.sheets.map((s) => ({ index: s.index, copy: s.copy, payload: s.payload, typed: formatTypedLines(s.payload) })),
    shares: result.shares,
    seed,
  }
}

const sets = [validSet('aws-access-key 3-of-5, 2 copies', bundles.awsAccessKey!, 3, 5, 2, 'PAYMENTS PROD'), validSet('aws-root-login 2-of-3', bundles.awsRootLogin!, 2, 3, 1)]
const main = sets[0]!
const p = main.sheets.filter((s) => s.copy === 1).map((s) => s.payload)
const resign = (share: Share, key: VaultKey = vault): Share => ({ ...share, signature: key.sign(signedMessage(share)) })
const rechecksum = (body: Uint8Array) => {
  const out = body.slice()
  out.set(sha256(out.subarray(0, out.length - 4)).subarray(0, 4), out.length - 4)
  return 'CUSTOS:' + base32Encode(out)
}
const wrongVersion = encodeShare(main.shares[0]!)
wrongVersion[0] = 3
const forged = resign({ ...main.shares[0]!, header: { ...main.shares[0]!.header, vaultPublicKey: new Uint8Array(otherVault.raw) } }, otherVault)
const swapped = (() => {
  const lines = main.sheets[0]!.typed.slice()
  lines[2] = lines[2]!.replace(/^(\d+\s+\S)(\S)(\S)/, (_, a: string, b: string, c: string) => a + (b === c ? b : c) + (b === c ? c : b))
  return lines.join('\n')
})()

const negatives = [
  { name: 'wrong-version', description: 'version byte 3 with a valid checksum', operation: 'check', inputs: [rechecksum(wrongVersion)], error: 'SHARE_VERSION_UNSUPPORTED' },
  { name: 'forged-with-other-key', description: 'a sheet carrying another public key (so another fingerprint), signed by that key', operation: 'check', inputs: [formatPayload(forged)], error: 'SHARE_FROM_OTHER_VAULT' },
  { name: 'value-not-33-bytes', description: 'share value of 32 bytes, signed', operation: 'check', inputs: [formatPayload(resign({ ...main.shares[0]!, value: main.shares[0]!.value.slice(0, 32) }))], error: 'SHARE_FIELD_INVALID' },
  { name: 'sealed-too-short', description: 'sealed bundle of 27 bytes, signed', operation: 'check', inputs: [formatPayload(resign({ ...main.shares[0]!, sealed: main.shares[0]!.sealed.slice(0, 27) }))], error: 'SHARE_FIELD_INVALID' },
  { name: 'copy-zero', description: 'copy number 0, signed', operation: 'check', inputs: [formatPayload(resign({ ...main.shares[0]!, copy: 0 } as Share))].map((x) => x), error: 'SHARE_FIELD_INVALID' },
  { name: 'truncated-in-checksum', description: 'the last two checksum bytes cut off', operation: 'check', inputs: ['CUSTOS:' + base32Encode(encodeShare(main.shares[0]!).slice(0, -2))], error: 'SHARE_TRUNCATED' },
  { name: 'copies-count-once', description: 'share 1 copy 1, share 1 copy 2 and share 2: copies count once', operation: 'combine', inputs: [main.sheets[0]!.payload, main.sheets[1]!.payload, p[1]!], error: 'NOT_ENOUGH_SHARES' },
  { name: 'typed-adjacent-swap', description: 'typed groups with two neighbouring characters swapped in line 3', operation: 'typed', inputs: [swapped], error: 'TYPED_GROUP_INVALID' },
]

// A receipt as custos recover writes it, for shares 1 (copy 2), 3 and 5 of the main set.
const used = [main.sheets.find((s) => s.index === 1 && s.copy === 2)!, main.sheets.find((s) => s.index === 3 && s.copy === 1)!, main.sheets.find((s) => s.index === 5 && s.copy === 1)!]
const body: ReceiptBody = {
  format: RECEIPT_FORMAT,
  version: 1,
  receiptId: base32Encode(sha256(new TextEncoder().encode(main.setId)).subarray(0, 10)),
  setId: main.setId,
  setVersion: 2,
  vaultFingerprint: vault.fingerprint,
  receiptPublicKey: main.receiptPublicKeyBase64,
  recoveredAt: '2026-03-14T09:00:00.000Z',
  operator: 'Erin Admin',
  reason: 'The vault laptop is in the repair shop',
  request: {
    incidentTicket: 'INC-9001',
    justification: 'Payments down, SSO unavailable',
    businessRisk: 'Card payments fail',
    whyNotNormalAccess: 'SSO is down',
    requester: { name: 'Dana Ops', team: 'SRE', area: 'Payments' },
    resourceOwner: { team: 'Cloud platform', contacts: '+41 44 000 00 09' },
    useCase: 'Restore access after an SSO outage',
  },
  sheets: used.map((s) => ({ index: s.index, copy: s.copy, sheetFingerprint: shareFingerprint(s.payload) })),
  authenticity: 'checked',
  tool: 'custos 0.1.0',
}
const receipt = { ...body, signature: toBase64(signWithSeed(main.seed, receiptMessage(body))) }

const out = {
  description: 'Custos share format v2 test vectors (docs/FORMAT.md section 2). All payloads are signed by vaultPublicKey unless a case says otherwise.',
  vaultPublicKeyBase64: Buffer.from(vault.raw).toString('base64'),
  vaultFingerprint: vault.fingerprint,
  valid: sets.map(({ shares: _s, seed: _seed, ...rest }) => rest),
  negative: negatives,
  receipt: { text: receipt, signedMessageUtf8: new TextDecoder().decode(receiptMessage(body)), receiptHash: receiptHash(body) },
}
const target = fileURLToPath(new URL('./shares-v2.json', import.meta.url))
writeFileSync(target, JSON.stringify(out, null, 2) + '\n')
console.log(`wrote ${target}: ${sets.length} valid sets, ${negatives.length} negative cases, 1 receipt`)
