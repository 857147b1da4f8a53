// The credential bundle's JSON form is a public interface: the mistakes people make get a
// message naming the field and what it should be.
import { describe, expect, it } from 'vitest'
import { parseBundleJson, serializeBundle } from '../../shared/bundle'
import { CustosError } from '../../shared/errors'

const awsKey = {
  kind: 'aws-access-key',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accountId: '123456789012',
  userName: 'breakglass',
}

function problem(value: unknown): CustosError {
  try {
    parseBundleJson(typeof value === 'string' ? value : JSON.stringify(value))
  } catch (error) {
    return error as CustosError
  }
  throw new Error('expected the bundle to be refused')
}

describe('credential bundles', () => {
  it('accepts each documented kind and prints it back in the same form', () => {
    const bundles = [
      { ...awsKey, notes: 'org root account' },
      { kind: 'aws-root-login', account: '123456789012', password: 'hunter2 hunter2', totpSeed: 'JBSWY3DPEHPK3PXP' },
      { kind: 'aws-root-login', account: 'root@example.com', password: 'p' },
      { kind: 'generic', fields: { 'vpn psk': 'abc', host: 'gw1' }, notes: 'n' },
    ]
    for (const bundle of bundles) expect(serializeBundle(parseBundleJson(JSON.stringify(bundle)))).toBe(JSON.stringify(bundle))
  })

  it.each([
    ['a secret key of the wrong length', { ...awsKey, secretAccessKey: 'tooShort' }, 'secretAccessKey', 'exactly 40'],
    ['a temporary ASIA key', { ...awsKey, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }, 'accessKeyId', 'AKIA'],
    ['an account id with 11 digits', { ...awsKey, accountId: '12345678901' }, 'accountId', '12-digit'],
    ['a TOTP seed that is not base32', { kind: 'aws-root-login', account: '123456789012', password: 'x', totpSeed: 'not-base32-at-all!' }, 'totpSeed', 'base32'],
    ['an empty password', { kind: 'aws-root-login', account: '123456789012', password: '  ' }, 'password', 'empty'],
    ['an empty generic field', { kind: 'generic', fields: { pin: '' } }, 'fields.pin', 'empty'],
    ['no generic fields at all', { kind: 'generic', fields: {} }, 'fields', 'at least one'],
    ['an empty notes field', { ...awsKey, notes: '' }, 'notes', 'empty'],
    ['an unknown key', { ...awsKey, region: 'us-east-1' }, 'region', ''],
    ['an unknown kind', { kind: 'gcp-key', key: 'x' }, 'kind', 'aws-access-key'],
  ])('refuses %s, naming the field', (_what, bundle, field, hint) => {
    const error = problem(bundle)
    expect(error.code).toBe('BUNDLE_INVALID')
    expect(error.message).toContain(field)
    expect(error.message).toContain(hint)
  })

  it('refuses text that is not JSON with an example of what to give', () => {
    const error = problem('{"kind": "generic",')
    expect(error.code).toBe('BUNDLE_INVALID')
    expect(error.message).toMatch(/not valid JSON.*\{"kind":"generic"/)
  })
})
