// Strict bundle input: a secret is never silently changed on its way in, and errors about
// it never quote its values.
import { describe, expect, it } from 'vitest'
import { parseBundle, parseBundleJson } from '../../shared/bundle'
import { CustosError } from '../../shared/errors'

function refusal(input: string | Uint8Array): CustosError {
  try {
    parseBundleJson(input)
  } catch (error) {
    expect(error).toBeInstanceOf(CustosError)
    return error as CustosError
  }
  throw new Error('the bundle was accepted')
}

describe('strict credential bundle input', () => {
  it('refuses invalid UTF-8 instead of sealing replacement characters', () => {
    const bytes = Buffer.concat([Buffer.from('{"kind":"generic","fields":{"pin":"12'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')])
    const error = refusal(bytes)
    expect(error.code).toBe('BUNDLE_INVALID')
    expect(error.message).toMatch(/not valid UTF-8/)
    expect(error.message).toMatch(/near byte 37/)
  })

  it('accepts valid UTF-8 bytes, multi-byte characters included, unchanged', () => {
    const bundle = parseBundleJson(Buffer.from('{"kind":"generic","fields":{"phrase":"grüße €"}}', 'utf8'))
    expect(bundle).toEqual({ kind: 'generic', fields: { phrase: 'grüße €' } })
  })

  it('refuses a duplicate key, naming the field and its line and column', () => {
    const error = refusal('{"kind":"generic",\n "fields":{"a":"s3cr1t-A","a":"s3cr1t-B"}}')
    expect(error.message).toContain('line 2, column 27: "fields.a" appears twice')
    expect(error.message).not.toContain("s3cr1t-A")
    expect(error.message).not.toContain("s3cr1t-B")
  })

  it('refuses a generic field named __proto__ instead of dropping it', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const error = refusal(`{"kind":"generic","fields":{"${name}":"x","b":"y"}}`)
      expect(error.message).toContain(`"fields.${name}" is not allowed`)
    }
  })

  it('refuses __proto__ also in an object handed over without JSON text (the app form)', () => {
    const value = JSON.parse('{"kind":"generic","fields":{"__proto__":"x","b":"y"}}')
    expect(() => parseBundle(value)).toThrow(/cannot be "__proto__"/)
  })

  it('never quotes the secret when the JSON is malformed', () => {
    const error = refusal('{"kind":"aws-root-login","account":"123456789012","password":hunter2}')
    expect(error.message).not.toContain('hunter2')
    expect(error.message).toMatch(/line 1, column \d+: Invalid symbol/)
    expect(JSON.stringify(error.details)).not.toContain('hunter2')
  })

  it('refuses trailing commas, comments and empty input with a position', () => {
    expect(refusal('{"kind":"generic","fields":{"a":"1"},}').message).toMatch(/column 38: Property name expected/)
    expect(refusal('{"kind":"generic" /* c */,"fields":{"a":"1"}}').message).toMatch(/line 1, column 19/)
    expect(refusal('').message).toMatch(/Value expected/)
  })
})
