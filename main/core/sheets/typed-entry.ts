// Typed entry of shares from the "Typed share" block of a sheet: line by line with a
// prompt (each line is checked as it is entered, so a typo is retyped at once), or as
// text piped in, where a blank line separates shares.
import { CustosError, isCustosError } from '../../../shared/errors'
import { parsePayload } from '../../../shared/share-format'
import { GROUPS_PER_LINE, GROUP_DATA_CHARS, parseTypedGroups } from '../../../shared/typed-groups'
import type { ShareInput } from '../shares/combine'

const LINE_CHARS = GROUPS_PER_LINE * (GROUP_DATA_CHARS + 1)

/** Reads shares from piped text: blocks of typed lines separated by one or more blank lines. */
export function typedSharesFromText(text: string): ShareInput[] {
  const blocks = text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
  if (blocks.length === 0) {
    throw new CustosError('TYPED_GROUP_INVALID', 'No typed share was given. Type the groups printed under "Typed share".')
  }
  return blocks.map((block, i) => {
    const source = `typed share ${i + 1}`
    return { source, payload: withSource(source, () => parseTypedGroups(block)) }
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
 * drops the last accepted line.
 */
export async function readTypedSharesInteractively(io: TypedPrompt): Promise<ShareInput[]> {
  io.say(
    'Type each share as printed under "Typed share", one line at a time (the line number is optional).\n' +
      'Press Enter on an empty line to finish a share, and again to finish typing. Type "undo" to retype the last line.\n',
  )
  const shares: ShareInput[] = []
  for (;;) {
    const number = shares.length + 1
    const share = await readOneShare(io, number)
    if (!share) break
    shares.push(share)
  }
  return shares
}

async function readOneShare(io: TypedPrompt, number: number): Promise<ShareInput | undefined> {
  const source = `typed share ${number}`
  const lines: string[] = []
  for (;;) {
    const lineNumber = String(lines.length + 1).padStart(2, '0')
    const answer = await io.ask(`share ${number}, line ${lineNumber}> `)
    const line = answer?.trim() ?? ''
    if (line.toLowerCase() === 'undo') {
      if (lines.pop() !== undefined) io.say(`Line ${lines.length + 1} removed; type it again.\n`)
      continue
    }
    if (line === '') {
      if (lines.length === 0) return undefined
      try {
        const payload = parseTypedGroups(lines.join('\n'))
        const share = parsePayload(payload, source)
        io.say(`Read share ${share.index} of ${share.header.total} of set ${share.header.setId}.\n`)
        return { source, payload }
      } catch (error) {
        if (!isCustosError(error)) throw error
        io.say(`${error.message}\nType the missing lines, or "undo" to retype the last one.\n`)
        if (answer === undefined) throw error
        continue
      }
    }
    const problem = checkLine(lines, line)
    if (problem) {
      io.say(`${problem}\n`)
      continue
    }
    lines.push(line)
    if (answer === undefined) return finishAtEnd(lines, source)
  }
}

/** Input ended right after a line: take what was typed as the whole share. */
function finishAtEnd(lines: string[], source: string): ShareInput {
  return { source, payload: withSource(source, () => parseTypedGroups(lines.join('\n'))) }
}

/** Checks a new line against the lines before it; returns what to tell the person, if anything is wrong. */
function checkLine(before: string[], line: string): string | undefined {
  const lineNumber = before.length + 1
  const previous = before[before.length - 1]
  if (previous !== undefined && stripLine(previous).length < LINE_CHARS) {
    return (
      `Line ${before.length} has fewer than ${GROUPS_PER_LINE} groups, so it must be the last line of the share. ` +
      'Type "undo" to retype it, or an empty line to finish the share.'
    )
  }
  if (stripLine(line).length > LINE_CHARS) {
    return `Line ${lineNumber} has more than ${GROUPS_PER_LINE} groups of six characters. Check it and type it again.`
  }
  try {
    parseTypedGroups([...before, line].join('\n'))
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
