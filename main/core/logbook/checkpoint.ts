// Checkpoints: short signed notes (origin, size, head hash) that leave the machine, printed
// on sheets and exports and held by custodians. The text is a C2SP signed note carrying a
// tlog checkpoint, so standard transparency-log tooling can check it (docs/FORMAT.md section 3).
import { createHash } from 'node:crypto'
import QRCode from 'qrcode'
import { CustosError } from '../../../shared/errors'
import type { VaultKey, VaultPublicKey } from '../vault/vault-key'

/** U+2014 EM DASH then a space: how a signed note's signature lines begin. */
const SIGNATURE_PREFIX = '\u2014 '
const ED25519_ALG = 0x01

export interface Checkpoint {
  origin: string
  size: number
  /** Lower-case hex of the entry hash at `size` (the genesis hash for size 0). */
  hash: string
}

export interface SignedCheckpoint extends Checkpoint {
  /** The complete note, ending in a newline: what a custodian keeps. */
  text: string
  /** The signed part of the note. */
  body: string
  signatures: { name: string; keyHash: string; signature: Uint8Array }[]
}

export function checkpointBody(cp: Checkpoint): string {
  return `${cp.origin}\n${cp.size}\n${Buffer.from(cp.hash, 'hex').toString('base64')}\n`
}

/** The 4-byte key id of a signed-note Ed25519 verifier key: SHA-256(name || LF || 0x01 || key)[0..4]. */
export function noteKeyHash(name: string, publicKey: Uint8Array): string {
  return createHash('sha256')
    .update(Buffer.from(name + '\n', 'utf8'))
    .update(Buffer.from([ED25519_ALG]))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
    .toString('hex')
}

export function signCheckpoint(cp: Checkpoint, key: VaultKey): SignedCheckpoint {
  const body = checkpointBody(cp)
  const signature = key.sign(Buffer.from(body, 'utf8'))
  const keyHash = noteKeyHash(cp.origin, key.raw)
  const sigLine = Buffer.concat([Buffer.from(keyHash, 'hex'), signature]).toString('base64')
  const text = `${body}\n${SIGNATURE_PREFIX}${cp.origin} ${sigLine}\n`
  return { ...cp, text, body, signatures: [{ name: cp.origin, keyHash, signature }] }
}

/** Parses a checkpoint note; structural problems only (signatures are checked by verifyCheckpoint). */
export function parseCheckpoint(input: string, source = 'The checkpoint'): SignedCheckpoint {
  const text = input.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '').trimStart()
  const bad = (why: string): never => {
    throw new CustosError(
      'CHECKPOINT_INVALID',
      `${source} is not a Custos logbook checkpoint (${why}). Use the note exactly as "custos log checkpoint" printed it.`,
      { source },
    )
  }
  const split = text.indexOf('\n\n')
  if (split < 0) bad('no blank line before the signature')
  const body = text.slice(0, split + 1)
  const lines = body.split('\n')
  const [origin, sizeText, hashText] = lines
  if (!origin || !/^custos\.logbook\/[0-9A-Z]{16}$/.test(origin)) bad('the first line is not a Custos logbook origin')
  if (!sizeText || !/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) bad('the second line is not a log size')
  const hash = Buffer.from(hashText ?? '', 'base64')
  if (!hashText || hash.length !== 32 || hash.toString('base64') !== hashText) bad('the third line is not a 32-byte base64 hash')
  const signatures: SignedCheckpoint['signatures'] = []
  for (const line of text.slice(split + 2).split('\n')) {
    if (line === '') continue
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line)
    if (!m) bad(`unexpected line "${line.slice(0, 40)}"`)
    const raw = Buffer.from(m![2]!, 'base64')
    if (raw.length !== 4 + 64) continue // a signature of another algorithm: not ours to check
    signatures.push({ name: m![1]!, keyHash: raw.subarray(0, 4).toString('hex'), signature: new Uint8Array(raw.subarray(4)) })
  }
  if (signatures.length === 0) bad('it carries no Ed25519 signature')
  return { origin: origin!, size: Number(sizeText), hash: hash.toString('hex'), text, body, signatures }
}

/** True when one of the note's signatures is by one of `keys` under the note's origin as key name. */
export function checkpointSignedBy(cp: SignedCheckpoint, keys: readonly VaultPublicKey[]): VaultPublicKey | undefined {
  const message = Buffer.from(cp.body, 'utf8')
  for (const sig of cp.signatures) {
    if (sig.name !== cp.origin) continue
    for (const key of keys) {
      if (noteKeyHash(sig.name, key.raw) === sig.keyHash && key.verify(message, sig.signature)) return key
    }
  }
  return undefined
}

/** An SVG QR code of the checkpoint note, for printing on sheets and exports. */
export async function checkpointQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
}
