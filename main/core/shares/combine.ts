// Combining: check every share alone (structure, checksum, vault, signature), refuse a
// mix of sets, then recover the data key and open the envelope. A wrong share can make
// the seal fail but can never produce a wrong credential.
import { parseBundleJson, type CredentialBundle } from '../../../shared/bundle'
import { CustosError, toErrorInfo, type ErrorInfo } from '../../../shared/errors'
import {
  encodeSetHeader,
  equalBytes,
  parsePayload,
  sameShare,
  signedMessage,
  type SetHeader,
  type Share,
} from '../../../shared/share-format'
import type { VaultPublicKey } from '../vault/vault-key'
import { open } from './envelope'
import { combineKey } from './shamir'

export interface ShareInput {
  /** How the person knows this share: a file name, "camera sheet 2", "typed entry". */
  source: string
  payload: string
}

export interface CheckedShare {
  source: string
  share: Share
}

export interface RejectedShare {
  source: string
  error: ErrorInfo
}

export interface CombineResult {
  bundle: CredentialBundle
  header: SetHeader
  /** The shares that opened the envelope, by index. */
  used: { index: number; source: string }[]
  /** Readable remarks that are not failures (copies presented twice). */
  notices: string[]
  /** Shares set aside, each with why; the rest still recombined. */
  rejected: RejectedShare[]
}

/** Parses and authenticates one share on its own; throws a CustosError naming `source`. */
export function checkShare(input: ShareInput, vault: VaultPublicKey): Share {
  const share = parsePayload(input.payload, input.source)
  if (share.header.vaultFingerprint !== vault.fingerprint) {
    throw new CustosError(
      'SHARE_FROM_OTHER_VAULT',
      `${input.source} belongs to the vault with key fingerprint ${share.header.vaultFingerprint}, not this vault ` +
        `(${vault.fingerprint}). Present it to the vault that issued it.`,
      { source: input.source, fingerprint: share.header.vaultFingerprint },
    )
  }
  if (share.header.vaultPublicKey && !equalBytes(share.header.vaultPublicKey, vault.raw)) {
    throw new CustosError(
      'SHARE_SIGNATURE_INVALID',
      `${input.source} carries this vault's fingerprint but another public key: it was forged. ` +
        'Set it aside, report it, and use another copy of that share.',
      { source: input.source, setId: share.header.setId, index: share.index },
    )
  }
  if (!vault.verify(signedMessage(share), share.signature)) {
    throw new CustosError(
      'SHARE_SIGNATURE_INVALID',
      `${input.source} carries this vault's fingerprint but its signature is not valid: it was altered or forged. ` +
        'Set it aside, report it, and use another copy of that share.',
      { source: input.source, setId: share.header.setId, index: share.index },
    )
  }
  return share
}

/** Checks every input, keeping the good ones and naming each bad one with its reason. */
export function checkShares(inputs: ShareInput[], vault: VaultPublicKey): { good: CheckedShare[]; rejected: RejectedShare[] } {
  const good: CheckedShare[] = []
  const rejected: RejectedShare[] = []
  for (const input of inputs) {
    try {
      good.push({ source: input.source, share: checkShare(input, vault) })
    } catch (error) {
      rejected.push({ source: input.source, error: toErrorInfo(error) })
    }
  }
  return { good, rejected }
}

export interface CombineOptions {
  /**
   * Called once with the recovered data key (before it is zeroed) and the set header: what a
   * recovery outside the vault uses to derive the set's receipt-signing key. Copy nothing out.
   */
  withDataKey?: (dataKey: Uint8Array, header: SetHeader) => void
}

export function combineShares(inputs: ShareInput[], vault: VaultPublicKey, options: CombineOptions = {}): CombineResult {
  const { good, rejected } = checkShares(inputs, vault)
  const set = oneSet(good)
  const { distinct, notices } = distinctShares(good)
  const header = distinct[0]?.share.header
  const threshold = header?.threshold ?? 0
  if (!header || distinct.length < threshold) throw notEnough(distinct.length, header, rejected)

  const opened = openWithAnySubset(distinct, header, options.withDataKey)
  if (!opened) {
    throw new CustosError(
      'ENVELOPE_OPEN_FAILED',
      `The ${distinct.length} shares of set ${set} are signed by this vault, but no ${threshold} of them open the ` +
        'sealed credential. The set was issued wrongly; do not use it, and report this.',
      { setId: set, rejected },
    )
  }
  const { bundle, fitting } = opened
  const used: CheckedShare[] = []
  for (const candidate of distinct) {
    if (fitting.includes(candidate) || fitsWith(candidate, fitting, header)) used.push(candidate)
    else
      rejected.push({
        source: candidate.source,
        error: new CustosError(
          'ENVELOPE_OPEN_FAILED',
          `${candidate.source} (share ${candidate.share.index}) does not fit the other shares of set ${set}: ` +
            'it was set aside. Report it; the credential was recovered from the others.',
          { source: candidate.source, index: candidate.share.index },
        ).toInfo(),
      })
  }
  return {
    bundle,
    header,
    used: used.map((c) => ({ index: c.share.index, source: c.source })).sort((a, b) => a.index - b.index),
    notices,
    rejected,
  }
}

function oneSet(good: CheckedShare[]): string | undefined {
  const bySet = new Map<string, string[]>()
  for (const { source, share } of good) bySet.set(share.header.setId, [...(bySet.get(share.header.setId) ?? []), source])
  if (bySet.size > 1) {
    const listing = [...bySet].map(([setId, sources]) => `set ${setId} (${sources.join(', ')})`).join('; ')
    throw new CustosError(
      'SHARE_FROM_OTHER_SET',
      `These shares come from ${bySet.size} different sets: ${listing}. Shares of different sets never combine. ` +
        'Present only sheets of the current set and set the others aside.',
      { sets: Object.fromEntries(bySet) },
    )
  }
  const [setId] = bySet.keys()
  if (setId !== undefined) {
    const first = good[0]!.share
    const odd = good.filter(({ share }) => !sameHeader(share, first))
    if (odd.length > 0) {
      throw new CustosError(
        'SHARE_HEADER_MISMATCH',
        `The shares of set ${setId} disagree about the set (threshold, share count, label or sealed credential): ` +
          `${odd.map((o) => o.source).join(', ')} differ from ${good[0]!.source}. The set was issued wrongly; report it.`,
        { setId, sources: odd.map((o) => o.source) },
      )
    }
  }
  return setId
}

function sameHeader(a: Share, b: Share): boolean {
  return equalBytes(encodeSetHeader(a.header), encodeSetHeader(b.header)) && equalBytes(a.sealed, b.sealed)
}

function distinctShares(good: CheckedShare[]): { distinct: CheckedShare[]; notices: string[] } {
  const byIndex = new Map<number, CheckedShare>()
  const notices: string[] = []
  for (const candidate of good) {
    const seen = byIndex.get(candidate.share.index)
    if (!seen) {
      byIndex.set(candidate.share.index, candidate)
    } else if (sameShare(seen.share, candidate.share)) {
      notices.push(
        `Share ${candidate.share.index} was presented twice (${seen.source} and ${candidate.source}); ` +
          'the second copy was not needed and was ignored.',
      )
    } else {
      throw new CustosError(
        'SHARE_INDEX_CONFLICT',
        `${seen.source} and ${candidate.source} both claim to be share ${candidate.share.index} of set ` +
          `${candidate.share.header.setId} but differ. The set was issued wrongly; report it.`,
        { index: candidate.share.index, sources: [seen.source, candidate.source] },
      )
    }
  }
  return { distinct: [...byIndex.values()], notices }
}

function notEnough(have: number, header: SetHeader | undefined, rejected: RejectedShare[]): CustosError {
  const refused = rejected.length
    ? ` ${rejected.length} share(s) were refused: ${rejected.map((r) => `${r.source}: ${r.error.message}`).join(' ')}`
    : ''
  if (!header) {
    return new CustosError(
      'NOT_ENOUGH_SHARES',
      `No usable share was presented.${refused} Present the sheets of the current set.`,
      { have: 0, rejected },
    )
  }
  const missing = header.threshold - have
  return new CustosError(
    'NOT_ENOUGH_SHARES',
    `Set ${header.setId} needs ${header.threshold} different shares; ${have} ${have === 1 ? 'was' : 'were'} presented. ` +
      `Present ${missing} more share${missing === 1 ? '' : 's'} of this set.${refused}`,
    { setId: header.setId, have, need: header.threshold, missing, rejected },
  )
}

interface Opened {
  bundle: CredentialBundle
  fitting: CheckedShare[]
}

function tryOpen(subset: CheckedShare[], header: SetHeader, withDataKey?: CombineOptions['withDataKey']): CredentialBundle | undefined {
  const key = combineKey(subset.map(({ share }) => ({ index: share.index, value: share.value })))
  if (!key) return undefined
  const plaintext = open(subset[0]!.share.sealed, key, encodeSetHeader(header))
  let bundle: CredentialBundle | undefined
  try {
    if (plaintext) bundle = parseBundleJson(plaintext.toString('utf8'))
  } catch {
    bundle = undefined
  } finally {
    plaintext?.fill(0)
  }
  try {
    if (bundle) withDataKey?.(key, header)
  } finally {
    key.fill(0)
  }
  return bundle
}

function openWithAnySubset(distinct: CheckedShare[], header: SetHeader, withDataKey?: CombineOptions['withDataKey']): Opened | undefined {
  for (const subset of subsetsOfSize(distinct, header.threshold)) {
    const bundle = tryOpen(subset, header, withDataKey)
    if (bundle) return { bundle, fitting: subset }
  }
  return undefined
}

/** A share fits if it can stand in for any one member of a subset that opened the envelope. */
function fitsWith(candidate: CheckedShare, fitting: CheckedShare[], header: SetHeader): boolean {
  const withCandidate = [candidate, ...fitting.slice(1)]
  return tryOpen(withCandidate, header) !== undefined
}

function* subsetsOfSize<T>(items: T[], size: number, start = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === size) {
    yield prefix
    return
  }
  for (let i = start; i <= items.length - (size - prefix.length); i++) {
    yield* subsetsOfSize(items, size, i + 1, [...prefix, items[i]!])
  }
}
