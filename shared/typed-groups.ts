// The typed fallback of a share: its base32 body in groups of five characters plus one
// check character, so a typo is pinned to its group instead of failing the whole share.
// Version 2 sheets use a Damm check (every single substitution and every adjacent
// transposition is caught) and mark the lines identical on every share of the set.
import { BASE32_ALPHABET, base32Decode, base32Value } from './base32'
import { CustosError } from './errors'
import { PAYLOAD_PREFIX, commonPrefixBytes, parsePayload, payloadBody } from './share-format'

export const GROUP_DATA_CHARS = 5
export const GROUPS_PER_LINE = 6
export const LINE_CHARS = GROUPS_PER_LINE * (GROUP_DATA_CHARS + 1)

/** Which check a group carries: 1 for version 1 sheets (weighted sum mod 32), 2 for Damm over GF(32). */
export type CheckVersion = 1 | 2

/**
 * Version 1 check character of group `groupNumber` (1-based): odd weights make every single
 * changed character change the sum mod 32; the group number catches a misplaced group.
 */
export function groupCheckCharacterV1(data: string, groupNumber: number): string {
  let sum = 5 * groupNumber
  for (let j = 0; j < data.length; j++) sum += (2 * j + 1) * (base32Value(data[j]!) ?? 0)
  return BASE32_ALPHABET[sum % 32]!
}

/** x * 2 in GF(32) with reduction polynomial x^5 + x^2 + 1 (0x25). */
function times2(x: number): number {
  const shifted = x << 1
  return shifted & 0x20 ? shifted ^ 0x25 : shifted
}

/**
 * Version 2 check character (Damm): the quasigroup x*y = 2x XOR y over GF(32), folded over the
 * group number's two base32 digits and then the data; the check c makes the fold of
 * (number, data, c) end at 0, i.e. c = 2 * interim. Every single substitution and every
 * transposition of two neighbouring characters (the check included) changes the result.
 */
export function groupCheckCharacterV2(data: string, groupNumber: number): string {
  let interim = 0
  for (const digit of [(groupNumber >> 5) & 31, groupNumber & 31]) interim = times2(interim) ^ digit
  for (const char of data) interim = times2(interim) ^ (base32Value(char) ?? 0)
  return BASE32_ALPHABET[times2(interim)]!
}

export function groupCheckCharacter(data: string, groupNumber: number, version: CheckVersion = 2): string {
  return version === 1 ? groupCheckCharacterV1(data, groupNumber) : groupCheckCharacterV2(data, groupNumber)
}

/** The share format version the first two base32 characters of a body name (the first byte's top 10 bits). */
function versionOfBody(body: string): CheckVersion {
  const first = base32Value(body[0] ?? '')
  const second = base32Value(body[1] ?? '')
  if (first === undefined || second === undefined) return 2
  return ((first << 3) | (second >> 2)) === 1 ? 1 : 2
}

export function toTypedGroups(payload: string): string[] {
  const body = payloadBody(payload)
  const version = versionOfBody(body)
  const groups: string[] = []
  for (let at = 0, n = 1; at < body.length; at += GROUP_DATA_CHARS, n++) {
    const data = body.slice(at, at + GROUP_DATA_CHARS)
    groups.push(data + groupCheckCharacter(data, n, version))
  }
  return groups
}

/** Printable lines: "01  K7Q2M4 XA9B3C ...", numbered so a reader keeps their place. */
export function formatTypedLines(payload: string, groupsPerLine = GROUPS_PER_LINE): string[] {
  const groups = toTypedGroups(payload)
  const lines: string[] = []
  const width = String(Math.ceil(groups.length / groupsPerLine)).length
  for (let i = 0; i < groups.length; i += groupsPerLine) {
    const number = String(i / groupsPerLine + 1).padStart(Math.max(2, width), '0')
    lines.push(`${number}  ${groups.slice(i, i + groupsPerLine).join(' ')}`)
  }
  return lines
}

/**
 * How many leading typed lines are the same on every share of this payload's set: lines made
 * only of characters of the set header and sealed bundle (version 2; 0 for version 1, whose
 * share-specific bytes come first). Typed entry asks for them once per set.
 */
export function setLineCount(payload: string): number {
  const share = parsePayload(payload)
  if (share.header.version === 1) return 0
  const commonChars = Math.floor((commonPrefixBytes(share) * 8) / 5)
  return Math.floor(commonChars / (GROUPS_PER_LINE * GROUP_DATA_CHARS))
}

/** The characters of typed groups as typed: line numbers, a leading "CUSTOS:", spaces and hyphens dropped. */
export function typedCharacters(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\d{1,3}[:.)]?\s+(?=\S{2})/, ''))
    .join('')
    .replace(/^\s*CUSTOS:/i, '')
    .replace(/[\s-]+/g, '')
}

export interface TypedGroupOptions {
  /** Number of the first group typed (1 unless the set lines were typed before). */
  firstGroup?: number
  /** Check to use; by default the version named by the first two characters (group 1). */
  version?: CheckVersion
}

/**
 * Reads typed groups back into a payload. Tolerates spaces, hyphens, line numbers, lower
 * case and the look-alikes O/0, I/L/1; names the first group whose check fails.
 */
export function parseTypedGroups(text: string, groupsPerLine = GROUPS_PER_LINE): string {
  return PAYLOAD_PREFIX + parseTypedGroupBody(text, groupsPerLine)
}

/** Like parseTypedGroups, for a run of groups that may start after group 1; returns the body characters. */
export function parseTypedGroupBody(text: string, groupsPerLine = GROUPS_PER_LINE, options: TypedGroupOptions = {}): string {
  const characters = typedCharacters(text)
  if (characters.length === 0) {
    throw new CustosError('TYPED_GROUP_INVALID', 'Nothing was typed. Type the groups printed under "Typed share".')
  }
  const firstGroup = options.firstGroup ?? 1
  const groupSize = GROUP_DATA_CHARS + 1
  const groups: { n: number; text: string }[] = []
  for (let at = 0, n = firstGroup; at < characters.length; at += groupSize, n++) {
    const group = characters.slice(at, at + groupSize).toUpperCase()
    const where = describeGroup(n, groupsPerLine)
    const bad = [...group].findIndex((c) => base32Value(c) === undefined)
    if (bad >= 0) {
      throw new CustosError(
        'TYPED_GROUP_INVALID',
        `Group ${n} (${where}) contains "${group[bad]}", which never appears in a share. Check that group.`,
        { group: n },
      )
    }
    if (group.length < 2) {
      throw new CustosError(
        'TYPED_GROUP_INVALID',
        `Group ${n} (${where}) has only one character. A character is missing or extra; check that group and the one before.`,
        { group: n },
      )
    }
    groups.push({ n, text: group })
  }
  const version = options.version ?? versionOfBody(characters.slice(0, 2))
  const failure = firstFailure(groups, version)
  if (failure !== undefined) {
    // Group 1 names the version; a typo there can choose the wrong check. If every later
    // group passes the other version's check, the typo is in group 1.
    const other: CheckVersion = version === 1 ? 2 : 1
    const blame =
      options.version === undefined && firstGroup === 1 && groups.length > 1 && firstFailure(groups.slice(1), other) === undefined
        ? groups[0]!
        : failure
    throw new CustosError(
      'TYPED_GROUP_INVALID',
      `Group ${blame.n} (${describeGroup(blame.n, groupsPerLine)}) does not match its check character "${blame.text.slice(-1)}": ` +
        'one of its characters is mistyped, or one is missing or extra. Check that group.',
      { group: blame.n },
    )
  }
  return groups.map((g) => [...g.text.slice(0, -1)].map(canonical).join('')).join('')
}

function firstFailure(groups: { n: number; text: string }[], version: CheckVersion): { n: number; text: string } | undefined {
  return groups.find((g) => groupCheckCharacter(g.text.slice(0, -1), g.n, version) !== canonical(g.text.slice(-1)))
}

/** The check version of a typed payload body's set (for typing a share's own lines after the set lines). */
export function checkVersionOf(payload: string): CheckVersion {
  return versionOfBody(payloadBody(payload))
}

/** True if the text decodes (used to tell a complete typed share from a partial one). */
export function isCanonicalBody(body: string): boolean {
  const decoded = base32Decode(body)
  return decoded.ok && decoded.canonical
}

function canonical(char: string): string {
  return BASE32_ALPHABET[base32Value(char)!]!
}

function describeGroup(groupNumber: number, groupsPerLine: number): string {
  const line = Math.ceil(groupNumber / groupsPerLine)
  const position = groupNumber - (line - 1) * groupsPerLine
  return `line ${line}, group ${position}`
}
