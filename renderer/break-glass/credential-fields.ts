// The released credential as rows to show: identifiers in clear (they name the account and
// key, not open it), secrets hidden until revealed one by one.
import type { CredentialBundle } from '../../shared/bundle'

export interface CredentialField {
  key: string
  label: string
  value: string
  secret: boolean
}

export function credentialFields(bundle: CredentialBundle): CredentialField[] {
  const fields: CredentialField[] = []
  const add = (key: string, label: string, value: string | undefined, secret: boolean) => {
    if (value !== undefined) fields.push({ key, label, value, secret })
  }
  switch (bundle.kind) {
    case 'aws-access-key':
      add('accountId', 'AWS account', bundle.accountId, false)
      add('userName', 'IAM user', bundle.userName, false)
      add('accessKeyId', 'Access key ID', bundle.accessKeyId, false)
      add('secretAccessKey', 'Secret access key', bundle.secretAccessKey, true)
      break
    case 'aws-root-login':
      add('account', 'Root account', bundle.account, false)
      add('password', 'Root password', bundle.password, true)
      add('totpSeed', 'MFA seed (TOTP)', bundle.totpSeed, true)
      break
    case 'generic':
      for (const [name, value] of Object.entries(bundle.fields)) add(`field:${name}`, name, value, true)
      break
  }
  add('notes', 'Notes', bundle.notes, true)
  return fields
}

export const KIND_WORDS: Record<CredentialBundle['kind'], string> = {
  'aws-access-key': 'AWS access key',
  'aws-root-login': 'AWS root login',
  generic: 'Credential',
}
