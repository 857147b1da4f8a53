// The issuance wizard's credential check (renderer/issuance/credential-input.ts): one sentence
// per field a person can act on, the clean-ups people expect, and the contract's schema last.
import { describe, expect, it } from 'vitest'
import { checkDraft, type CredentialDraft } from '../../renderer/issuance/credential-input'

const draft = (kind: CredentialDraft['kind'], values: CredentialDraft['values'], fields: CredentialDraft['fields'] = []): CredentialDraft => ({ kind, values, fields })

describe('credential check', () => {
  it('accepts an access key as AWS prints it, account id with hyphens, key id in lower case', () => {
    const result = checkDraft(
      draft('aws-access-key', {
        accessKeyId: ' akiaiosfodnn7example ',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        accountId: '1234-5678-9012',
        userName: 'break-glass',
      }),
    )
    expect(result).toEqual({
      ok: true,
      bundle: { kind: 'aws-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accountId: '123456789012', userName: 'break-glass' },
    })
  })

  it('names every field to fix: a temporary key, a short secret, a wrong account id, a missing user', () => {
    const result = checkDraft(draft('aws-access-key', { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'abc', accountId: '12345' }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.errors).sort()).toEqual(['accessKeyId', 'accountId', 'secretAccessKey', 'userName'])
    expect(result.errors.secretAccessKey).toBe('A secret access key is exactly 40 characters; this one has 3. Copy it again from where AWS showed it.')
    expect(result.summary).toBe('4 fields need attention.')
  })

  it('takes a TOTP seed typed in groups and lower case, and refuses one with digits base32 never uses', () => {
    const good = checkDraft(draft('aws-root-login', { account: 'root@example.com', password: ' pass word ', totpSeed: 'jbsw y3dp ehpk 3pxp' }))
    expect(good).toEqual({ ok: true, bundle: { kind: 'aws-root-login', account: 'root@example.com', password: ' pass word ', totpSeed: 'JBSWY3DPEHPK3PXP' } })
    const bad = checkDraft(draft('aws-root-login', { account: 'root@example.com', password: 'x', totpSeed: 'JBSWY3DPEHPK3PX0' }))
    expect(bad.ok ? undefined : bad.errors.totpSeed).toMatch(/^The MFA secret is base32/)
  })

  it('refuses generic values without a name, twice the same name, and a credential too large for a QR code', () => {
    const dup = checkDraft(draft('generic', {}, [{ name: 'pin', value: '1' }, { name: 'pin', value: '2' }, { name: '', value: 'x' }]))
    expect(dup.ok ? {} : dup.errors).toEqual({ 'field-1-name': '“pin” is used twice; give each value its own name.', 'field-2-name': 'Name this value, e.g. “password”.' })
    const big = checkDraft(draft('generic', { notes: 'n'.repeat(500) }, [{ name: 'password', value: 'x' }]))
    expect(big.ok ? undefined : big.errors.notes).toMatch(/^The credential takes \d+ bytes; at most 400 fit/)
  })
})
