// The logbook verifier: recomputes the hash chain over every entry, checks who signed,
// follows log-key rotations, and compares the log with checkpoints held elsewhere. It names
// the first bad entry and what is wrong with it (docs/FORMAT.md section 3 "Verification").
import { canonicalJson } from './canonical-json'
import { checkpointSignedBy, parseCheckpoint, type SignedCheckpoint } from './checkpoint'
import { entryHash, entrySignatureMessage, genesisHash, originFor, rotationStatement } from './entry-hash'
import { publicKeyFromRaw, type VaultPublicKey } from '../vault/vault-key'
import { isVaultEventType } from '../../../shared/events'

/** One row as stored in the entries table. */
export interface StoredEntry {
  seq: number
  time: string
  actor: string
  type: string
  /** Canonical JSON of the event without its type. */
  payload: string
  prevHash: string
  hash: string
  /** Fingerprint of the key that signed the entry. */
  signer: string
  /** Base64 Ed25519 signature over entrySignatureMessage(hash). */
  signature: string
}

export type VerifyProblemKind =
  | 'modified' // an entry's content no longer matches its hash or signature
  | 'gap' // an entry is missing
  | 'out-of-order' // an entry sits at another position than the one it was written at
  | 'bad-signature' // the signature does not verify under the key that was in force
  | 'foreign-key' // signed by a key that is not this vault's log key
  | 'malformed' // a row that no Custos writes (unknown type, non-canonical payload)
  | 'truncated' // shorter than a held checkpoint: the tail was cut or an older copy restored
  | 'forked' // differs from a held checkpoint at its size: history was rewritten
  | 'checkpoint-invalid' // a presented checkpoint is unsigned, forged or of another vault

export interface VerifyProblem {
  /** The first bad entry's sequence number; null when the problem is a checkpoint itself. */
  seq: number | null
  kind: VerifyProblemKind
  message: string
}

export interface CheckpointVerdict {
  source: string
  size: number | null
  status: 'consistent' | 'truncated' | 'forked' | 'invalid'
  message: string
}

export interface VerifyReport {
  ok: boolean
  origin: string
  size: number
  headHash: string
  /** The key in force at the head (signs the next entry). */
  keyFingerprint: string
  /** 'head': chain everywhere, signatures at the head, key rotations and checkpoint sizes; 'all': every signature. */
  signatures: 'head' | 'all'
  signaturesChecked: number
  problem?: VerifyProblem
  checkpoints: CheckpointVerdict[]
}

export interface CheckpointInput {
  source: string
  text: string
}

export interface VerifyInput {
  origin: string
  /** Base64 raw Ed25519 public key that signed entry 1 (stored with the log). */
  genesisPublicKey: string
  /** The vault's own key as the verifier knows it (vault.json / vault-key.pem): must be in force at the head. */
  trustedKey: VaultPublicKey
  /** The rows in seq order: an array, or a function giving a fresh stream of them (read once on a sound log). */
  entries: readonly StoredEntry[] | (() => Iterable<StoredEntry>)
  checkpoints?: readonly CheckpointInput[]
  signatures?: 'head' | 'all'
  /** Continue from a verified prefix: `entries` then holds only the rows after `from.size`. */
  from?: ChainPoint
  /** Every row from entry 1, for naming the first bad entry on a broken log (defaults to `entries`). */
  allEntries?: () => readonly StoredEntry[]
  /** Called for each row the walk accepted, in order (the head signature is checked after the last one). */
  onRow?: (row: StoredEntry) => void
}

/** Where a verified walk of the chain ended: enough to verify only what is appended after it. */
export interface ChainPoint {
  size: number
  /** Hash of entry `size` (the genesis hash for 0). */
  hash: string
  /** Time of entry `size` ('' for an empty log). */
  time: string
  keys: readonly VaultPublicKey[]
  inForce: VaultPublicKey
}

export function verifyEntries(input: VerifyInput): VerifyReport {
  return walkChain(input).report
}

/** Verifies, and also returns where the walk ended (undefined when it failed). */
export function walkChain(input: VerifyInput): { report: VerifyReport; point?: ChainPoint } {
  const mode = input.signatures ?? 'head'
  const source = input.entries
  const stream = (): Iterable<StoredEntry> => (typeof source === 'function' ? source() : source)
  let materialized: readonly StoredEntry[] | undefined
  const all = (): readonly StoredEntry[] => (materialized ??= input.allEntries ? input.allEntries() : Array.from(stream()))
  const origin = input.origin
  let checked = 0
  const verifySig = (row: StoredEntry, key: VaultPublicKey): boolean => {
    checked++
    try {
      return key.verify(entrySignatureMessage(row.hash), Buffer.from(String(row.signature), 'base64'))
    } catch {
      return false
    }
  }

  // Declared before any early return: finish() reports the key in force.
  let inForce: VaultPublicKey | undefined = input.from?.inForce
  const keys: VaultPublicKey[] = input.from ? [...input.from.keys] : []
  let size = input.from?.size ?? 0
  let prev = input.from?.hash ?? genesisHash(origin)
  let prevTime = input.from?.time ?? ''
  let headHash = prev

  if (!input.from) {
    let genesisKey: VaultPublicKey
    try {
      genesisKey = publicKeyFromRaw(Buffer.from(input.genesisPublicKey, 'base64'))
    } catch {
      return { report: finish({ seq: null, kind: 'malformed', message: 'The logbook does not record a valid genesis key (its metadata was changed).' }) }
    }
    inForce = genesisKey
    keys.push(genesisKey)
    if (originFor(genesisKey.fingerprint) !== origin) {
      return { report: finish({ seq: null, kind: 'foreign-key', message: `The logbook's origin ${origin} does not match its genesis key ${genesisKey.fingerprint} (its metadata was changed).` }) }
    }
  }
  let key: VaultPublicKey = inForce!

  const parsed = parseCheckpoints(input.checkpoints ?? [])
  const wanted = new Set(parsed.flatMap((p) => (p.cp ? [p.cp.size] : [])))
  const hashAt = new Map<number, string>([[0, genesisHash(origin)]])
  if (input.from) hashAt.set(input.from.size, input.from.hash)

  let problem: (() => VerifyProblem) | undefined
  let last: StoredEntry | undefined
  let lastChecked = false
  let before: StoredEntry | undefined
  for (const row of stream()) {
    const expected = size + 1
    if (row.seq !== expected) {
      const seq = row.seq
      problem = () =>
        seq > expected
          ? { seq: expected, kind: 'gap', message: `Entry ${expected} is missing: the log goes from entry ${expected - 1} to entry ${seq}.` }
          : { seq, kind: 'out-of-order', message: `Entry ${seq} appears again after entry ${expected - 1}.` }
      break
    }
    if (!wellFormed(row)) {
      problem = () => ({ seq: expected, kind: 'malformed', message: `Entry ${expected} is not an entry Custos writes (a field has the wrong kind of value).` })
      break
    }
    if (entryHash(row) !== row.hash) {
      const index = expected - 1
      problem = () => (input.from ? { seq: expected, kind: 'modified', message: `Entry ${expected} was changed: its content no longer matches its hash.` } : classifyHashMismatch(all(), index))
      break
    }
    if (row.prevHash !== prev) {
      // Both entries hash correctly but do not link: one of them was rewritten with a
      // recomputed hash. The signature tells which (unless the forger held the key).
      const earlier = before
      const signer = earlier ? inForceAt(earlier) : key
      problem = () =>
        earlier && !verifySig(earlier, signer)
          ? { seq: earlier.seq, kind: 'modified', message: `Entry ${earlier.seq} was changed after it was signed (its hash was recomputed, its signature no longer matches).` }
          : { seq: expected, kind: 'modified', message: `Entry ${expected} does not follow entry ${expected - 1}: it was changed or replaced.` }
      break
    }
    if (row.signer !== key.fingerprint) {
      const past = keys.some((k) => k.fingerprint === row.signer)
      const inForceNow = key.fingerprint
      problem = () => ({
        seq: expected,
        kind: 'foreign-key',
        message: past
          ? `Entry ${expected} is signed by the retired log key ${row.signer}; the key in force was ${inForceNow}.`
          : `Entry ${expected} is signed by ${String(row.signer).slice(0, 40)}, which is not this vault's log key (${inForceNow}).`,
      })
      break
    }
    // The payload's canonical form is a conformance check, not a security one (the hash and
    // signature already cover its exact bytes), so it runs with the full check only.
    if (!isVaultEventType(row.type) || (mode === 'all' && !isCanonical(row.payload))) {
      problem = () => ({ seq: expected, kind: 'malformed', message: `Entry ${expected} is not an entry Custos writes (type "${String(row.type).slice(0, 40)}" or its payload is not canonical JSON).` })
      break
    }
    const mustCheck = mode === 'all' || wanted.has(row.seq) || row.type === 'log.key-rotated'
    if (mustCheck && !verifySig(row, key)) {
      const bad = row
      problem = () => badSignature(bad)
      break
    }
    if (row.type === 'log.key-rotated') {
      const next = rotationTarget(row, key)
      if (typeof next === 'string') {
        problem = () => ({ seq: expected, kind: 'bad-signature', message: next })
        break
      }
      keys.push(next)
      key = next
    }
    inForce = key
    size = expected
    prev = row.hash
    prevTime = row.time
    headHash = row.hash
    before = row
    last = row
    lastChecked = mustCheck
    if (wanted.has(row.seq)) hashAt.set(row.seq, row.hash)
    input.onRow?.(row)
  }
  if (problem) return { report: finish(problem()) }

  // The head signature proves the whole chain (each hash covers the one before it); if it
  // does not verify, name the first entry whose signature fails (the slow path runs only on a broken log).
  if (last && !lastChecked && !verifySig(last, inForceAt(last))) return { report: finish(badSignature(last)) }

  if (input.trustedKey.fingerprint !== key.fingerprint) {
    const rotatedTo = keys.length > 1
    return {
      report: finish({
        seq: size ? 1 : null,
        kind: 'foreign-key',
        message: rotatedTo
          ? `The log's key in force is ${key.fingerprint}, but this vault's key is ${input.trustedKey.fingerprint}.`
          : `This log was started by key ${key.fingerprint}, not by this vault's key ${input.trustedKey.fingerprint}: it belongs to another vault or was replaced.`,
      }),
    }
  }

  const verdicts: CheckpointVerdict[] = parsed.map(({ source, cp, error }) => {
    if (!cp) return { source, size: null, status: 'invalid', message: error! }
    const signer = checkpointSignedBy(cp, [...keys, input.trustedKey])
    if (cp.origin !== origin) return { source, size: cp.size, status: 'invalid', message: `${source} is for log ${cp.origin}, not this log (${origin}).` }
    if (!signer) return { source, size: cp.size, status: 'invalid', message: `${source} is not signed by this vault's log key: it was altered or forged.` }
    if (cp.size > size) {
      return { source, size: cp.size, status: 'truncated', message: `${source} shows ${cp.size} entries but the log has only ${size}: entries ${size + 1}..${cp.size} were cut, or an older copy of the log was restored.` }
    }
    const known = hashAt.get(cp.size)
    if (known === undefined && input.from && cp.size < input.from.size) {
      // Verified before this walk began; its hash is not at hand here.
      return { source, size: cp.size, status: 'consistent', message: `${source}: the log extends it (size ${cp.size}).` }
    }
    if (known !== cp.hash) {
      return { source, size: cp.size, status: 'forked', message: `${source} does not match entry ${cp.size}: the log was rolled back and rewritten since that checkpoint was taken.` }
    }
    return { source, size: cp.size, status: 'consistent', message: `${source}: the log extends it (size ${cp.size}).` }
  })
  const firstBad = verdicts.find((v) => v.status !== 'consistent')
  if (firstBad) {
    const kind: VerifyProblemKind = firstBad.status === 'invalid' ? 'checkpoint-invalid' : firstBad.status === 'truncated' ? 'truncated' : 'forked'
    const seq = firstBad.status === 'truncated' ? size + 1 : firstBad.status === 'forked' ? firstBad.size : null
    return { report: finish({ seq, kind, message: firstBad.message }, verdicts) }
  }
  return { report: finish(undefined, verdicts), point: { size, hash: headHash, time: prevTime, keys: [...keys], inForce: key } }

  function inForceAt(row: StoredEntry): VaultPublicKey {
    return keys.find((k) => k.fingerprint === row.signer) ?? key
  }

  function badSignature(row: StoredEntry): VerifyProblem {
    // With per-head checking, a failing head means some entry at or before it is not what
    // the key signed: find the first one so the report names it.
    if (mode === 'head' && !input.from) {
      for (const earlier of all()) {
        if (earlier.seq >= row.seq) break
        const k = keys.find((candidate) => candidate.fingerprint === earlier.signer)
        if (k && !verifySig(earlier, k)) {
          return { seq: earlier.seq, kind: 'bad-signature', message: sigMessage(earlier.seq) }
        }
      }
    }
    return { seq: row.seq, kind: 'bad-signature', message: sigMessage(row.seq) }
  }

  function rotationTarget(row: StoredEntry, old: VaultPublicKey): VaultPublicKey | string {
    try {
      const p = JSON.parse(row.payload) as { previousFingerprint: string; newFingerprint: string; newPublicKey: string; endorsement: string }
      const next = publicKeyFromRaw(Buffer.from(p.newPublicKey, 'base64'))
      const statement = rotationStatement(origin, Buffer.from(old.raw).toString('base64'), p.newPublicKey)
      if (p.previousFingerprint !== old.fingerprint || next.fingerprint !== p.newFingerprint) {
        return `Entry ${row.seq} rotates the log key but names the wrong keys.`
      }
      if (!next.verify(statement, Buffer.from(p.endorsement, 'base64'))) {
        return `Entry ${row.seq} rotates the log key to ${p.newFingerprint}, but that key did not endorse the rotation.`
      }
      return next
    } catch {
      return `Entry ${row.seq} rotates the log key but its payload is unreadable.`
    }
  }

  function finish(found: VerifyProblem | undefined, checkpoints: CheckpointVerdict[] = []): VerifyReport {
    // A broken log is reported at its full length (the slow path reads every row).
    const rows = found && !input.from ? all() : undefined
    return {
      ok: found === undefined,
      origin,
      size: rows ? rows.length : size,
      headHash: rows?.length ? String(rows[rows.length - 1]!.hash) : headHash,
      keyFingerprint: inForce?.fingerprint ?? '',
      signatures: mode,
      signaturesChecked: checked,
      ...(found ? { problem: found } : {}),
      checkpoints,
    }
  }
}

/** A row whose columns hold what Custos writes there (a damaged file can hold anything). */
function wellFormed(row: StoredEntry): boolean {
  return (
    typeof row.time === 'string' &&
    typeof row.actor === 'string' &&
    typeof row.type === 'string' &&
    typeof row.payload === 'string' &&
    typeof row.prevHash === 'string' &&
    typeof row.hash === 'string' &&
    typeof row.signer === 'string' &&
    typeof row.signature === 'string'
  )
}

function sigMessage(seq: number): string {
  return `Entry ${seq}'s signature does not verify: it was changed after signing or signed by someone else.`
}

/**
 * An entry whose hash does not match its content: find out whether it is an intact entry
 * sitting at the wrong position (swapped, or renumbered after a deletion) or a changed one.
 * Runs only on a broken log, so it may recompute every entry.
 */
function classifyHashMismatch(rows: readonly StoredEntry[], i: number): VerifyProblem {
  const row = rows[i]!
  const maxSeq = Math.max(rows.length, ...rows.slice(-1).map((r) => r.seq)) + 1
  let writtenAt: number | undefined
  for (let k = 1; k <= maxSeq && writtenAt === undefined; k++) {
    if (k !== row.seq && entryHash({ ...row, seq: k }) === row.hash) writtenAt = k
  }
  if (writtenAt === undefined) {
    return { seq: row.seq, kind: 'modified', message: `Entry ${row.seq} was changed: its content no longer matches its hash.` }
  }
  const ownerElsewhere = rows.some((r, j) => j !== i && r.seq !== row.seq && entryHash({ ...r, seq: row.seq }) === r.hash)
  if (ownerElsewhere || writtenAt < row.seq) {
    return { seq: row.seq, kind: 'out-of-order', message: `Position ${row.seq} holds entry ${writtenAt}: entries were reordered.` }
  }
  return {
    seq: row.seq,
    kind: 'gap',
    message: `Entries ${row.seq}..${writtenAt - 1} are missing: later entries were renumbered to hide it.`,
  }
}

function isCanonical(payload: string): boolean {
  try {
    const value: unknown = JSON.parse(payload)
    return typeof value === 'object' && value !== null && !Array.isArray(value) && canonicalJson(value) === payload
  } catch {
    return false
  }
}

function parseCheckpoints(inputs: readonly CheckpointInput[]): { source: string; cp?: SignedCheckpoint; error?: string }[] {
  return inputs.map(({ source, text }) => {
    try {
      return { source, cp: parseCheckpoint(text, source) }
    } catch (error) {
      return { source, error: (error as Error).message }
    }
  })
}
