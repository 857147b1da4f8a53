// The typed fallback of a share: its base32 body in groups of five characters plus one
// check character, so a typo is pinned to its group instead of failing the whole share.
import { BASE32_ALPHABET, base32Value } from './base32'
import { CustosError } from './errors'
import { PAYLOAD_PREFIX, payloadBody } from './share-format'

export const GROUP_DATA_CHARS = 5
export const GROUPS_PER_LINE = 6

/**
 * Check character of group `groupNumber` (1-based): odd weights make every single changed
 * character change the sum mod 32; the group number catches a group typed in the wrong place.
 */
export function groupCheckCharacter(data: string, groupNumber: number): string {
  let sum = 5 * groupNumber
  for (let j = 0; j < data.length; j++) sum += (2 * j + 1) * (base32Value(data[j]!) ?? 0)
  return BASE32_ALPHABET[sum % 32]!
}

export function toTypedGroups(payload: string): string[] {
  const body = payloadBody(payload)
  const groups: string[] = []
  for (let at = 0, n = 1; at < body.length; at += GROUP_DATA_CHARS, n++) {
    const data = body.slice(at, at + GROUP_DATA_CHARS)
    groups.push(data + groupCheckCharacter(data, n))
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

/** The characters of typed groups as typed: line numbers, a leading "CUSTOS:", spaces and hyphens dropped. */
export function typedCharacters(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\d{1,3}[:.)]?\s+(?=\S{2})/, ''))
    .join('')
    .replace(/^\s*CUSTOS:/i, '')
    .replace(/[\s-]+/g, '')
}

/**
 * Reads typed groups back into a payload. Tolerates spaces, hyphens, line numbers, lower
 * case and the look-alikes O/0, I/L/1; names the first group whose check fails.
 */
export function parseTypedGroups(text: string, groupsPerLine = GROUPS_PER_LINE): string {
  const characters = typedCharacters(text)
  if (characters.length === 0) {
    throw new CustosError('TYPED_GROUP_INVALID', 'Nothing was typed. Type the groups printed under "Typed share".')
  }
  const groupSize = GROUP_DATA_CHARS + 1
  let body = ''
  for (let at = 0, n = 1; at < characters.length; at += groupSize, n++) {
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
    const data = group.slice(0, -1)
    if (groupCheckCharacter(data, n) !== canonical(group.slice(-1))) {
      throw new CustosError(
        'TYPED_GROUP_INVALID',
        `Group ${n} (${where}) does not match its check character "${group.slice(-1)}": ` +
          'one of its characters is mistyped, or one is missing or extra. Check that group.',
        { group: n },
      )
    }
    body += [...data].map(canonical).join('')
  }
  return PAYLOAD_PREFIX + body
}

function canonical(char: string): string {
  return BASE32_ALPHABET[base32Value(char)!]!
}

function describeGroup(groupNumber: number, groupsPerLine: number): string {
  const line = Math.ceil(groupNumber / groupsPerLine)
  const position = groupNumber - (line - 1) * groupsPerLine
  return `line ${line}, group ${position}`
}
