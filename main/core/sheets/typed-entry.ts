// Typed entry of shares from the "Typed share" block of a sheet: line by line with a
// prompt (each line is checked as it is entered, so a typo is retyped at once), or as
// text piped in, where a blank line separates shares. On format 2 sheets the set lines
// (marked on the sheet, the same on every share of a set) are typed once per set.
import { CustosError, isCustosError } from '../../../shared/errors'
import { PAYLOAD_PREFIX, parsePayload, payloadBody } from '../../../shared/share-format'
import { GROUP_DATA_CHARS, GROUPS_PER_LINE, LINE_CHARS, parseTypedGroupBody, parseTypedGroups, setLineCount } from '../../../shared/typed-groups'
import type { ShareInput } from '../shares/combine'

/** The set lines of a share already read: what later shares of the same set need not retype. */
interface SetLines {
  count: number
  body: string
  setId: string
}

function setLinesOf(payload: string): SetLines | undefined {
  try {
    const count = setLineCount(payload)
    if (count === 0) return undefined
    return { count, body: payloadBody(payload).slice(0, count * GROUPS_PER_LINE * GROUP_DATA_CHARS), setId: parsePayload(payload).header.setId }
  } catch {
    return undefined
  }
}

/** The number typed at the start of a block's first line ("12  ABCDE1 ..."), if any. */
function firstLineNumber(block: string): number | undefined {
  const match = /^\s*(\d{1,3})[:.)]?\s+\S{2}/.exec(block)
  return match ? Number(match[1]) : undefined
}

/** Reads one block: a whole share, or (after a share of the same set) only its own lines. */
function readBlock(block: string, set: SetLines | undefined): string {
  const number = firstLineNumber(block)
  if (set && number !== undefined && number > 1) {
    if (number !== set.count + 1) {
      throw new CustosError(
        'TYPED_GROUP_INVALID',
        `This share starts at line ${number}, but lines 01 to ${String(set.count).padStart(2, '0')} of set ${set.setId} are the set lines: ` +
          `start at line ${String(set.count + 1).padStart(2, '0')}, or type the whole share.`,
      )
    }
    const own = parseTypedGroupBody(block, GROUPS_PER_LINE, { firstGroup: set.count * GROUPS_PER_LINE + 1, version: 2 })
    return PAYLOAD_PREFIX + set.body + own
  }
  return parseTypedGroups(block)
}

/** "typed share 2" names the share number printed on the sheet; before it is known, the typing order. */
function sourceOf(payload: string, order: number): string {
  try {
    const share = parsePayload(payload)
    return `typed share ${share.index}`
  } catch {
    return `typed share ${order}`
  }
}

/** Reads shares from piped text: blocks of typed lines separated by one or more blank lines. */
export function typedSharesFromText(text: string): ShareInput[] {
  const blocks = text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
  if (blocks.length === 0) {
    throw new CustosError('TYPED_GROUP_INVALID', 'No typed share was given. Type the groups printed under "Typed share".')
  }
  let set: SetLines | undefined
  return blocks.map((block, i) => {
    const payload = withSource(`typed share ${i + 1}`, () => readBlock(block, set))
    set = setLinesOf(payload) ?? set
    return { source: sourceOf(payload, i + 1), payload }
  })
}

export interface TypedPrompt {
  /** Shows a prompt and resolves with the line typed, or undefined when input ends. */
  ask(prompt: string): Promise<string | undefined>
  /** Shows a message (on the terminal's error stream, never with share text). */
  say(text: string): void
}

/**
 * Interactive entry: a prompt per line; a line with a typo is refused on the spot and named.
 * An empty line ends a share, an empty line at the start of a share ends entry, and "undo"
 * drops the last accepted line. After the first share of a format 2 set, the next shares
 * start after the set lines (typing "01 ..." as the first line types a whole share instead).
 */
export async function readTypedSharesInteractively(io: TypedPrompt): Promise<ShareInput[]> {
  io.say(
    'Type each share as printed under "Typed share", one line at a time (the line number is optional).\n' +
      'Press Enter on an empty line to finish a share, and again to finish typing. Type "undo" to retype the last line.\n',
  )
  const shares: ShareInput[] = []
  let set: SetLines | undefined
  for (;;) {
    const share = await readOneShare(io, shares.length + 1, set)
    if (!share) break
    shares.push(share)
    const lines = setLinesOf(share.payload)
    if (lines && !set) {
      io.say(
        `Lines 01 to ${String(lines.count).padStart(2, '0')} (marked on the sheet) are the same on every sheet of set ${lines.setId}: ` +
          `for the next shares, start at line ${String(lines.count + 1).padStart(2, '0')}.\n`,
      )
    }
    set = lines ?? set
  }
  return shares
}

async function readOneShare(io: TypedPrompt, order: number, set: SetLines | undefined): Promise<ShareInput | undefined> {
  const lines: string[] = []
  // Whether this share's typing starts after the set lines (decided by its first line).
  let offset = set ? set.count : 0
  const parse = (typed: string[]) =>
    offset > 0 && set
      ? PAYLOAD_PREFIX + set.body + parseTypedGroupBody(typed.join('\n'), GROUPS_PER_LINE, { firstGroup: offset * GROUPS_PER_LINE + 1, version: 2 })
      : parseTypedGroups(typed.join('\n'))
  for (;;) {
    const lineNumber = String(offset + lines.length + 1).padStart(2, '0')
    const answer = await io.ask(`share ${order}, line ${lineNumber}> `)
    const line = answer?.trim() ?? ''
    if (line.toLowerCase() === 'undo') {
      if (lines.pop() !== undefined) io.say(`Line ${offset + lines.length + 1} removed; type it again.\n`)
      continue
    }
    if (line === '') {
      if (lines.length === 0) return undefined
      try {
        const payload = parse(lines)
        const share = parsePayload(payload, `typed share ${order}`)
        io.say(`Read share ${share.index} of ${share.header.total} of set ${share.header.setId}.\n`)
        return { source: sourceOf(payload, order), payload }
      } catch (error) {
        if (!isCustosError(error)) throw error
        io.say(`${error.message}\nType the missing lines, or "undo" to retype the last one.\n`)
        if (answer === undefined) throw error
        continue
      }
    }
    if (lines.length === 0 && set && firstLineNumber(line) === 1) offset = 0
    const problem = checkLine(lines, line, offset, parse)
    if (problem) {
      io.say(`${problem}\n`)
      continue
    }
    lines.push(line)
    if (answer === undefined) {
      const payload = withSource(`typed share ${order}`, () => parse(lines))
      return { source: sourceOf(payload, order), payload }
    }
  }
}

/** Checks a new line against the lines before it; returns what to tell the person, if anything is wrong. */
function checkLine(before: string[], line: string, offset: number, parse: (typed: string[]) => string): string | undefined {
  const lineNumber = offset + before.length + 1
  const previous = before[before.length - 1]
  if (previous !== undefined && stripLine(previous).length < LINE_CHARS) {
    return (
      `Line ${offset + before.length} has fewer than ${GROUPS_PER_LINE} groups, so it must be the last line of the share. ` +
      'Type "undo" to retype it, or an empty line to finish the share.'
    )
  }
  if (stripLine(line).length > LINE_CHARS) {
    return `Line ${lineNumber} has more than ${GROUPS_PER_LINE} groups of six characters. Check it and type it again.`
  }
  try {
    parse([...before, line])
    return undefined
  } catch (error) {
    if (!isCustosError(error)) throw error
    return `${error.message} Type line ${lineNumber} again.`
  }
}

/** A typed line without its optional line number and spaces. */
function stripLine(line: string): string {
  return line
    .trim()
    .replace(/^\d{1,3}[:.)]?\s+(?=\S{2})/, '')
    .replace(/[\s-]+/g, '')
}

function withSource<T>(source: string, body: () => T): T {
  try {
    return body()
  } catch (error) {
    if (isCustosError(error)) {
      const message = `${source[0]!.toUpperCase()}${source.slice(1)}: ${error.message}`
      throw new CustosError(error.code, message, { ...error.details, source })
    }
    throw error
  }
}
