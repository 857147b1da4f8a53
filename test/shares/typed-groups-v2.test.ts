// Typed entry in share format 2: the Damm check character catches every single substitution
// and every swap of two neighbouring characters (the case the format 1 check missed), the
// set lines are typed once per set, and a typed share is named by its number on the paper.
import { describe, expect, it } from 'vitest'
import { BASE32_ALPHABET } from '../../shared/base32'
import { CustosError } from '../../shared/errors'
import { groupCheckCharacterV1, groupCheckCharacterV2, formatTypedLines, parseTypedGroups, setLineCount, toTypedGroups } from '../../shared/typed-groups'
import { splitBundle } from '../../main/core/shares/split'
import { combineShares } from '../../main/core/shares/combine'
import { typedSharesFromText } from '../../main/core/sheets/typed-entry'
import { generateVaultKey } from '../../main/core/vault/vault-key'

const vault = generateVaultKey()
const BUNDLE = { kind: 'aws-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accountId: '123456789012', userName: 'break-glass' } as const
const split = splitBundle({ bundle: BUNDLE, threshold: 3, total: 5, label: 'Payments prod' }, vault)

describe('typed groups, format 2', () => {
  it('the Damm check catches every single substitution and every adjacent transposition in any group', () => {
    let substitutions = 0
    let transpositions = 0
    for (let g = 1; g <= 130; g += 7) {
      for (let sample = 0; sample < 40; sample++) {
        const data = Array.from({ length: 5 }, (_, j) => BASE32_ALPHABET[(sample * 7 + j * 13 + g) % 32]).join('')
        const group = data + groupCheckCharacterV2(data, g)
        const passes = (text: string) => groupCheckCharacterV2(text.slice(0, 5), g) === text[5]
        expect(passes(group)).toBe(true)
        for (let at = 0; at < 6; at++) {
          for (const c of BASE32_ALPHABET) {
            if (c === group[at]) continue
            expect(passes(group.slice(0, at) + c + group.slice(at + 1))).toBe(false)
            substitutions++
          }
          if (at < 5 && group[at] !== group[at + 1]) {
            expect(passes(group.slice(0, at) + group[at + 1] + group[at] + group.slice(at + 2))).toBe(false)
            transpositions++
          }
        }
      }
    }
    expect(substitutions).toBeGreaterThan(20_000)
    expect(transpositions).toBeGreaterThan(3_000)
  })

  it('catches "H1" typed as "1H", which the format 1 check let through', () => {
    // Values 17 (H) and 1 differ by 16: the format 1 weights (1, 3) give the same sum mod 32.
    expect(groupCheckCharacterV1('H1ABC', 4)).toBe(groupCheckCharacterV1('1HABC', 4))
    expect(groupCheckCharacterV2('H1ABC', 4)).not.toBe(groupCheckCharacterV2('1HABC', 4))
  })

  it('names the group of a swapped pair of neighbours in a real share', () => {
    const groups = toTypedGroups(split.payloads[0]!)
    let checked = 0
    groups.forEach((group, g) => {
      for (let at = 0; at < group.length - 1; at++) {
        if (group[at] === group[at + 1]) continue
        const typo = [...groups]
        typo[g] = group.slice(0, at) + group[at + 1] + group[at] + group.slice(at + 2)
        try {
          parseTypedGroups(typo.join(' '))
          expect.unreachable(`swap in group ${g + 1} went unnoticed`)
        } catch (error) {
          expect((error as CustosError).details).toEqual({ group: g + 1 })
        }
        checked++
      }
    })
    expect(checked).toBeGreaterThan(400)
  })

  it('the set lines are identical on every share and marked by count; about 60% of the lines', () => {
    const lines = split.payloads.map((p) => formatTypedLines(p))
    const count = setLineCount(split.payloads[0]!)
    expect(count).toBeGreaterThanOrEqual(Math.floor(lines[0]!.length * 0.55))
    for (const other of lines) expect(other.slice(0, count)).toEqual(lines[0]!.slice(0, count))
    expect(lines[1]![count]).not.toBe(lines[0]![count])
  })

  it('piped typed entry: the second and third shares give only their own lines, named by their number on paper', () => {
    const count = setLineCount(split.payloads[0]!)
    const full = formatTypedLines(split.payloads[3]!).join('\n')
    const own = (i: number) => formatTypedLines(split.payloads[i]!).slice(count).join('\n')
    const shares = typedSharesFromText([full, own(0), own(4)].join('\n\n'))
    expect(shares.map((s) => s.source)).toEqual(['typed share 4', 'typed share 1', 'typed share 5'])
    expect(shares.map((s) => s.payload)).toEqual([split.payloads[3], split.payloads[0], split.payloads[4]])
    expect(combineShares(shares, vault).bundle).toEqual(BUNDLE)
    const typedChars = (text: string) => text.replace(/^\d+\s+/gm, '').replace(/\s/g, '').length
    const saved = 1 - typedChars([full, own(0), own(4)].join('\n')) / typedChars([3, 0, 4].map((i) => formatTypedLines(split.payloads[i]!).join('\n')).join('\n'))
    expect(saved).toBeGreaterThan(0.35)
  })

  it('refuses own lines that start anywhere but after the set lines', () => {
    const count = setLineCount(split.payloads[0]!)
    const full = formatTypedLines(split.payloads[3]!).join('\n')
    const late = formatTypedLines(split.payloads[0]!).slice(count + 1).join('\n')
    expect(() => typedSharesFromText([full, late].join('\n\n'))).toThrow(/set lines/)
  })
})
