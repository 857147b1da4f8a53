// Typed entry from the sheet's "Typed share" block: every single-character typo is caught
// and its group named; typed shares recombine with the others; prompts refuse a bad line.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BASE32_ALPHABET } from '../../shared/base32'
import { CustosError } from '../../shared/errors'
import { formatTypedLines } from '../../shared/typed-groups'
import { combineShares } from '../../main/core/shares/combine'
import { splitBundle } from '../../main/core/shares/split'
import { parseTypedGroups } from '../../shared/typed-groups'
import { readTypedSharesInteractively, typedSharesFromText } from '../../main/core/sheets/typed-entry'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { BUNDLE } from './sheet-fixture'

const key = generateVaultKey()
const split = splitBundle({ bundle: BUNDLE, threshold: 3, total: 5, label: 'Payments prod' }, key)
const typed = formatTypedLines(split.payloads[0]!).join('\n')

/** Positions of group characters in the printed text, with the 1-based group each belongs to. */
function groupCharacterPositions(text: string): { at: number; group: number }[] {
  const positions: { at: number; group: number }[] = []
  let group = 0
  text.split('\n').reduce((offset, line) => {
    const match = /^(\d+\s+)/.exec(line)!
    let inGroup = 0
    for (let i = match[1]!.length; i < line.length; i++) {
      if (line[i] === ' ') continue
      if (inGroup === 0) group++
      positions.push({ at: offset + i, group })
      inGroup = (inGroup + 1) % 6
    }
    return offset + line.length + 1
  }, 0)
  return positions
}

function groupNamedBy(text: string): number | undefined {
  try {
    parseTypedGroups(text)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(CustosError)
    expect((error as CustosError).code).toBe('TYPED_GROUP_INVALID')
    return (error as CustosError).details?.group as number
  }
}

describe('typed share entry', () => {
  it('reads the printed groups back to exactly the payload', () => {
    expect(parseTypedGroups(typed)).toBe(split.payloads[0])
  })

  it('catches every single-character substitution at every position and names its group', () => {
    const positions = groupCharacterPositions(typed)
    expect(positions.length).toBeGreaterThan(600)
    let checked = 0
    for (const { at, group } of positions) {
      for (const replacement of BASE32_ALPHABET) {
        if (replacement === typed[at]) continue
        const typo = typed.slice(0, at) + replacement + typed.slice(at + 1)
        expect(groupNamedBy(typo), `position ${at} -> ${replacement}`).toBe(group)
        checked++
      }
    }
    expect(checked).toBe(positions.length * 31)
  })

  it('catches random substitutions in every share of the set and names the group', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.nat(), fc.integer({ min: 1, max: 31 }), (share, pick, shift) => {
        const text = formatTypedLines(split.payloads[share]!).join('\n')
        const positions = groupCharacterPositions(text)
        const { at, group } = positions[pick % positions.length]!
        const original = BASE32_ALPHABET.indexOf(text[at]!)
        const typo = text.slice(0, at) + BASE32_ALPHABET[(original + shift) % 32] + text.slice(at + 1)
        expect(groupNamedBy(typo)).toBe(group)
      }),
      { numRuns: 500 },
    )
  })

  it('accepts lower case, dropped line numbers and look-alikes O for 0 and I or L for 1', () => {
    const sloppy = typed
      .split('\n')
      .map((line) => line.replace(/^\d+\s+/, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l'))
      .join('\n')
    expect(parseTypedGroups(sloppy)).toBe(split.payloads[0])
  })

  it('recombines a fully typed share with two scanned ones', () => {
    const [typedShare] = typedSharesFromText(typed)
    const result = combineShares(
      [typedShare!, { source: 'sheet 3', payload: split.payloads[2]! }, { source: 'sheet 5', payload: split.payloads[4]! }],
      key,
    )
    expect(result.bundle).toEqual(BUNDLE)
    expect(result.used).toContainEqual({ index: 1, source: 'typed share 1' })
  })

  it('reads several piped shares separated by blank lines', () => {
    const text = [0, 1, 2].map((i) => formatTypedLines(split.payloads[i]!).join('\n')).join('\n\n')
    const shares = typedSharesFromText(text)
    expect(shares.map((s) => s.payload)).toEqual(split.payloads.slice(0, 3))
    expect(combineShares(shares, key).bundle).toEqual(BUNDLE)
  })

  it('names the piped share and the group with a typo', () => {
    const second = formatTypedLines(split.payloads[1]!)
    second[2] = second[2]!.replace(/ (\S)/, (_, c: string) => ` ${c === 'A' ? 'B' : 'A'}`)
    const text = typed + '\n\n' + second.join('\n')
    expect(() => typedSharesFromText(text)).toThrow(/^Typed share 2: Group 13 \(line 3, group 1\)/)
  })

  it('refuses a mistyped line at the prompt, takes it again, and supports undo', async () => {
    const lines = formatTypedLines(split.payloads[0]!)
    const typo = lines[1]!.replace(/ (\S)/, (_, c: string) => ` ${c === 'Z' ? 'Y' : 'Z'}`)
    const answers = [lines[0]!, typo, lines[1]!, 'garbage', 'undo', ...lines.slice(2), '', '']
    // "garbage" fails its group check and is refused, so the undo removes a good line, typed again next.
    answers.splice(answers.indexOf('undo') + 1, 0, lines[1]!)
    const said: string[] = []
    let asked = 0
    const shares = await readTypedSharesInteractively({
      ask: async () => answers[asked++],
      say: (text) => said.push(text),
    })
    expect(shares).toEqual([{ source: 'typed share 1', payload: split.payloads[0] }])
    expect(said.join('')).toMatch(/Group 7 \(line 2, group 1\) does not match its check character.*Type line 2 again/)
    expect(said.join('')).toMatch(/Line 2 removed; type it again/)
    expect(said.join('')).toMatch(new RegExp(`Read share 1 of 5 of set ${split.header.setId}`))
  })

  it('asks for the missing lines when a share is ended too early', async () => {
    const lines = formatTypedLines(split.payloads[0]!)
    const answers = [...lines.slice(0, 5), '', ...lines.slice(5), '', '']
    const said: string[] = []
    let asked = 0
    const shares = await readTypedSharesInteractively({ ask: async () => answers[asked++], say: (t) => said.push(t) })
    expect(shares.map((s) => s.payload)).toEqual([split.payloads[0]])
    expect(said.join('')).toMatch(/incomplete/)
  })
})
