// The credential as typed into the issuance wizard: the fields of each kind (shared/bundle.ts),
// the small clean-ups people expect (an account id typed as 1234-5678-9012, a TOTP seed in
// groups), and a check per field in words, before anything is sent to be split.
import { isAccessKeyId, isIamUserName } from '../../shared/aws-events'
import { CredentialBundle, MAX_BUNDLE_BYTES, serializeBundle, type CredentialKind } from '../../shared/bundle'

export const KINDS: { kind: CredentialKind; label: string; hint: string }[] = [
  { kind: 'aws-access-key', label: 'AWS access key', hint: 'A long-term IAM access key (AKIA…) with its secret.' },
  { kind: 'aws-root-login', label: 'AWS root login', hint: 'The root user’s e-mail and password, and its MFA secret.' },
  { kind: 'generic', label: 'Other secret', hint: 'Any named values, e.g. a database admin password.' },
]

export type FieldName = 'accessKeyId' | 'secretAccessKey' | 'accountId' | 'userName' | 'account' | 'password' | 'totpSeed' | 'notes'

export interface FieldSpec {
  name: FieldName
  label: string
  hint: string
  /** Masked until shown; never autocompleted or spell-checked. */
  secret?: boolean
  optional?: boolean
  mono?: boolean
  multiline?: boolean
}

const NOTES: FieldSpec = {
  name: 'notes',
  label: 'Notes',
  hint: 'Sealed with the secret and shown only on release, e.g. where to sign in. Keep it short: everything must fit in a QR code.',
  optional: true,
  multiline: true,
}

export const FIELDS: Record<Exclude<CredentialKind, 'generic'>, FieldSpec[]> = {
  'aws-access-key': [
    { name: 'accessKeyId', label: 'Access key ID', hint: 'AKIA followed by 16 capital letters or digits.', mono: true },
    { name: 'secretAccessKey', label: 'Secret access key', hint: '40 characters, exactly as AWS issued it.', secret: true, mono: true },
    { name: 'accountId', label: 'AWS account ID', hint: 'The 12-digit account number.', mono: true },
    { name: 'userName', label: 'IAM user name', hint: 'The IAM user the key belongs to.' },
    NOTES,
  ],
  'aws-root-login': [
    { name: 'account', label: 'Root user e-mail', hint: 'The e-mail address of the account’s root user (or the 12-digit account ID).' },
    { name: 'password', label: 'Root password', hint: 'Exactly as set; spaces count.', secret: true },
    {
      name: 'totpSeed',
      label: 'MFA secret (TOTP seed)',
      hint: 'The base32 text shown under the QR code when the MFA device was set up; with it, the release shows the current code.',
      secret: true,
      optional: true,
      mono: true,
    },
    NOTES,
  ],
}

export interface GenericField {
  name: string
  value: string
}

export interface CredentialDraft {
  kind: CredentialKind
  values: Partial<Record<FieldName, string>>
  fields: GenericField[]
}

export const EMPTY_DRAFT: CredentialDraft = { kind: 'aws-access-key', values: {}, fields: [{ name: '', value: '' }] }

/** Errors by field id: a FieldName, or "field-N-name" / "field-N-value" for generic rows. */
export type DraftErrors = Record<string, string>

export type DraftCheck = { ok: true; bundle: CredentialBundle } | { ok: false; errors: DraftErrors; summary: string }

const text = (draft: CredentialDraft, name: FieldName) => draft.values[name] ?? ''

/** Turns the draft into a bundle, or says per field what to fix. */
export function checkDraft(draft: CredentialDraft): DraftCheck {
  const errors: DraftErrors = {}
  const notes = text(draft, 'notes').trim()
  let bundle: Record<string, unknown>
  switch (draft.kind) {
    case 'aws-access-key': {
      const accessKeyId = text(draft, 'accessKeyId').trim().toUpperCase()
      const secretAccessKey = text(draft, 'secretAccessKey').trim()
      const accountId = text(draft, 'accountId').replace(/[\s-]+/g, '')
      const userName = text(draft, 'userName').trim()
      if (!accessKeyId) errors.accessKeyId = 'Enter the access key ID.'
      else if (accessKeyId.startsWith('ASIA')) {
        errors.accessKeyId = 'ASIA… keys are temporary session keys and expire; a break-glass credential must be a long-term access key (AKIA…).'
      } else if (!isAccessKeyId(accessKeyId)) {
        errors.accessKeyId = `An access key ID is 20 characters: AKIA followed by 16 capital letters or digits (this one has ${accessKeyId.length}).`
      }
      if (!secretAccessKey) errors.secretAccessKey = 'Enter the secret access key.'
      else if (!/^[A-Za-z0-9/+]*$/.test(secretAccessKey)) errors.secretAccessKey = 'A secret access key holds only letters, digits, “/” and “+”.'
      else if (secretAccessKey.length !== 40) {
        errors.secretAccessKey = `A secret access key is exactly 40 characters; this one has ${secretAccessKey.length}. Copy it again from where AWS showed it.`
      }
      if (!accountId) errors.accountId = 'Enter the AWS account ID.'
      else if (!/^\d{12}$/.test(accountId)) errors.accountId = `The AWS account ID is 12 digits (this one has ${accountId.length} characters).`
      if (!userName) errors.userName = 'Enter the IAM user name.'
      else if (!isIamUserName(userName)) errors.userName = 'An IAM user name is 1 to 64 letters, digits or + = , . @ _ -.'
      bundle = { kind: draft.kind, accessKeyId, secretAccessKey, accountId, userName }
      break
    }
    case 'aws-root-login': {
      const account = text(draft, 'account').trim()
      const password = text(draft, 'password')
      const totpSeed = text(draft, 'totpSeed').replace(/[\s-]+/g, '').toUpperCase()
      if (!account) errors.account = 'Enter the root user’s e-mail address.'
      else if (!/^(\d{12}|[^\s@]+@[^\s@]+\.[^\s@]+)$/.test(account)) errors.account = 'Enter an e-mail address such as aws-root@example.com, or the 12-digit account ID.'
      if (password.trim() === '') errors.password = 'Enter the root password.'
      if (totpSeed && !/^[A-Z2-7]{16,}=*$/.test(totpSeed)) {
        errors.totpSeed = 'The MFA secret is base32: at least 16 of the letters A–Z and digits 2–7. Check for 0, 1, 8 or 9, which never occur.'
      }
      bundle = { kind: draft.kind, account, password, ...(totpSeed ? { totpSeed } : {}) }
      break
    }
    case 'generic': {
      const rows = draft.fields.map((f) => ({ name: f.name.trim(), value: f.value }))
      const fields: Record<string, string> = {}
      rows.forEach((row, i) => {
        if (!row.name && !row.value.trim()) {
          if (rows.length === 1) errors[`field-${i}-name`] = 'Give at least one name and value.'
          return
        }
        if (!row.name) errors[`field-${i}-name`] = 'Name this value, e.g. “password”.'
        else if (row.name in fields) errors[`field-${i}-name`] = `“${row.name}” is used twice; give each value its own name.`
        if (!row.value.trim()) errors[`field-${i}-value`] = 'Enter the value, or remove this row.'
        if (row.name && row.value.trim()) fields[row.name] = row.value
      })
      bundle = { kind: draft.kind, fields }
      break
    }
  }
  if (notes) bundle.notes = notes
  const count = Object.keys(errors).length
  if (count > 0) return { ok: false, errors, summary: count === 1 ? 'One field needs attention.' : `${count} fields need attention.` }

  // The contract's own schema has the last word (it is what the backend checks).
  const parsed = CredentialBundle.safeParse(bundle)
  if (!parsed.success) return { ok: false, errors, summary: parsed.error.issues.map((i) => i.message).join(' ') }
  const bytes = new TextEncoder().encode(serializeBundle(parsed.data)).length
  if (bytes > MAX_BUNDLE_BYTES) {
    const over = { summary: `The credential takes ${bytes} bytes; at most ${MAX_BUNDLE_BYTES} fit in a sheet’s QR code. Shorten the notes or the values.` }
    return { ok: false, errors: notes ? { notes: over.summary } : {}, summary: over.summary }
  }
  return { ok: true, bundle: parsed.data }
}
