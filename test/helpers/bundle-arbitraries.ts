// fast-check generators of valid credential bundles of every kind, small enough to fit a sheet.
import fc from 'fast-check'
import { MAX_BUNDLE_BYTES, serializeBundle, type CredentialBundle } from '../../shared/bundle'

const upperAlnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''))
const secretChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'.split(''))
const base32Char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split(''))
const digit = fc.constantFrom(...'0123456789'.split(''))
const text = (min: number, max: number) =>
  fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((s) => s.trim().length > 0)
const chars = (arb: fc.Arbitrary<string>, n: number) => fc.array(arb, { minLength: n, maxLength: n }).map((a) => a.join(''))

export const awsAccessKeyBundle: fc.Arbitrary<CredentialBundle> = fc.record(
  {
    kind: fc.constant('aws-access-key' as const),
    accessKeyId: chars(upperAlnum, 16).map((s) => 'AKIA' + s),
    secretAccessKey: chars(secretChar, 40),
    accountId: chars(digit, 12),
    userName: fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,40}$/),
    notes: text(1, 60),
  },
  { requiredKeys: ['kind', 'accessKeyId', 'secretAccessKey', 'accountId', 'userName'] },
)

export const awsRootLoginBundle: fc.Arbitrary<CredentialBundle> = fc.record(
  {
    kind: fc.constant('aws-root-login' as const),
    account: chars(digit, 12),
    password: text(1, 64),
    totpSeed: fc.integer({ min: 16, max: 32 }).chain((n) => chars(base32Char, n)),
    notes: text(1, 60),
  },
  { requiredKeys: ['kind', 'account', 'password'] },
)

export const genericBundle: fc.Arbitrary<CredentialBundle> = fc.record(
  {
    kind: fc.constant('generic' as const),
    fields: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9 _-]{0,14}[a-z0-9]$/), text(1, 40), { minKeys: 1, maxKeys: 4 }),
    notes: text(1, 40),
  },
  { requiredKeys: ['kind', 'fields'] },
)

export const anyBundle = fc
  .oneof(awsAccessKeyBundle, awsRootLoginBundle, genericBundle)
  .filter((b) => Buffer.byteLength(serializeBundle(b)) <= MAX_BUNDLE_BYTES)

export const policy = fc
  .integer({ min: 2, max: 16 })
  .chain((total) => fc.record({ total: fc.constant(total), threshold: fc.integer({ min: 2, max: total }) }))
