// The typed fallback: every single-character typo is pinned to its group; spaces, case,
// line numbers and look-alikes (O/0, I/L/1) are forgiven.
import { describe, expect, it } from 'vitest'
import { BASE32_ALPHABET } from '../../shared/base32'
import { CustosError } from '../../shared/errors'
import { formatTypedLines, parseTypedGroups, toTypedGroups } from '../../shared/typed-groups'
import { splitBundle } from '../../main/core/shares/split'
import { generateVaultKey } from '../../main/core/vault/vault-key'

const vault = generateVaultKey()
const { payloads } = splitBundle({ bundle: { kind: 'generic', fields: { pin: '2468' } }, threshold: 2, total: 3 }, vault)
const payload = payloads[0]!

describe('typed share groups', () => {
  it('reads back exactly the payload from the printed lines', () => {
    expect(parseTypedGroups(formatTypedLines(payload).join('\n'))).toBe(payload)
  })

  it('forgives spacing, hyphens, lower case, missing line numbers and look-alikes', () => {
    const groups = toTypedGroups(payload)
    const sloppy = groups
      .map((g) => g.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l'))
      .map((g, i) => (i % 3 === 0 ? g.slice(0, 3) + '-' + g.slice(3) : g))
      .join('  ')
    expect(parseTypedGroups(sloppy)).toBe(payload)
  })

  it('catches every single-character typo and names the group it is in', () => {
    const groups = toTypedGroups(payload)
    let checked = 0
    groups.forEach((group, g) => {
      for (let c = 0; c < group.length; c++) {
        for (const replacement of BASE32_ALPHABET) {
          if (replacement === group[c]) continue
          const typo = [...groups]
          typo[g] = group.slice(0, c) + replacement + group.slice(c + 1)
          try {
            parseTypedGroups(typo.join(' '))
            expect.unreachable(`typo in group ${g + 1} went unnoticed`)
          } catch (error) {
            expect((error as CustosError).code).toBe('TYPED_GROUP_INVALID')
            expect((error as CustosError).details).toEqual({ group: g + 1 })
          }
          checked++
        }
      }
    })
    expect(checked).toBe(groups.join('').length * 31)
  })

  it('points at the group where a character went missing', () => {
    const groups = toTypedGroups(payload)
    const missing = [...groups]
    missing[4] = missing[4]!.slice(1)
    expect(() => parseTypedGroups(missing.join(' '))).toThrow(/Group 5 \(line 1, group 5\)/)
  })

  it('reads a last line holding one short group after its line number', () => {
    for (let dataChars = 1; dataChars <= 5; dataChars++) {
      const body = 'CUSTOS:' + 'A'.repeat(30 + dataChars)
      const typed = formatTypedLines(body)
      expect(typed.at(-1)).toMatch(new RegExp(`^02  \\S{${dataChars + 1}}$`))
      expect(parseTypedGroups(typed.join('\n'))).toBe(body)
    }
  })

  it('says so when nothing was typed', () => {
    expect(() => parseTypedGroups('   \n ')).toThrow(/Nothing was typed/)
  })
})
