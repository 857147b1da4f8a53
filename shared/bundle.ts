// The credential bundle: the typed secret a share set protects. Its JSON form is a public
// interface (scripts pipe it in and out), so the keys here are fixed and documented.
import { z } from 'zod'
import { CustosError } from './errors'

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} must be a text value.` })
    .refine((v) => v.trim().length > 0, { message: `${what} is empty; fill it in or leave the key out if it is optional.` })

const notes = nonEmpty('notes').optional()

export const AwsAccessKeyBundle = z.strictObject({
  kind: z.literal('aws-access-key'),
  accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/, {
    message:
      'accessKeyId must be 20 characters: AKIA followed by 16 capital letters or digits ' +
      '(a long-term IAM key; ASIA keys are temporary and cannot be a break-glass credential).',
  }),
  secretAccessKey: z.string().regex(/^[A-Za-z0-9/+]{40}$/, {
    message: 'secretAccessKey must be exactly 40 characters of letters, digits, "/" and "+" as AWS issued it.',
  }),
  accountId: z.string().regex(/^\d{12}$/, { message: 'accountId must be the 12-digit AWS account number.' }),
  userName: z.string().regex(/^[\w+=,.@-]{1,64}$/, {
    message: 'userName must be the IAM user name (1 to 64 letters, digits or +=,.@_-).',
  }),
  notes,
})

export const AwsRootLoginBundle = z.strictObject({
  kind: z.literal('aws-root-login'),
  account: z.string().regex(/^(\d{12}|[^\s@]+@[^\s@]+\.[^\s@]+)$/, {
    message: 'account must be the 12-digit AWS account number or the root user e-mail address.',
  }),
  password: nonEmpty('password'),
  totpSeed: z
    .string()
    .regex(/^[A-Z2-7]{16,}=*$/, {
      message:
        'totpSeed must be the base32 MFA secret (at least 16 of A-Z and 2-7), in capitals with no spaces.',
    })
    .optional(),
  notes,
})

export const GenericBundle = z.strictObject({
  kind: z.literal('generic'),
  fields: z
    .record(
      z.string().regex(/^\S(.*\S)?$/, { message: 'a field name must not be empty or start or end with spaces.' }),
      nonEmpty('each field value'),
    )
    .refine((fields) => Object.keys(fields).length > 0, { message: 'fields must hold at least one name and value.' }),
  notes,
})

export const CredentialBundle = z.discriminatedUnion(
  'kind',
  [AwsAccessKeyBundle, AwsRootLoginBundle, GenericBundle],
  { error: 'kind must be one of "aws-access-key", "aws-root-login" or "generic".' },
)

export type AwsAccessKeyBundle = z.infer<typeof AwsAccessKeyBundle>
export type AwsRootLoginBundle = z.infer<typeof AwsRootLoginBundle>
export type GenericBundle = z.infer<typeof GenericBundle>
export type CredentialBundle = z.infer<typeof CredentialBundle>
export type CredentialKind = CredentialBundle['kind']

/** Largest serialised bundle that still gives a QR code a phone or webcam reads reliably. */
export const MAX_BUNDLE_BYTES = 400

/** Validates an untrusted value as a bundle, with one readable line per mistake. */
export function parseBundle(value: unknown): CredentialBundle {
  const result = CredentialBundle.safeParse(value)
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(bundle)',
      message: issue.message,
    }))
    const lines = issues.map((i) => `${i.path}: ${i.message}`)
    throw new CustosError(
      'BUNDLE_INVALID',
      `The credential bundle is not valid:\n  ${lines.join('\n  ')}\nFix these fields and try again.`,
      { issues },
    )
  }
  return result.data
}

/** Parses bundle JSON text (from stdin, a file or a form). */
export function parseBundleJson(text: string): CredentialBundle {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new CustosError(
      'BUNDLE_INVALID',
      `The credential bundle is not valid JSON (${(error as Error).message}). ` +
        'Give one JSON object such as {"kind":"generic","fields":{"name":"value"}}.',
    )
  }
  return parseBundle(value)
}

/** The one serialised form: keys in documented order, so a round trip prints what was given. */
export function serializeBundle(bundle: CredentialBundle): string {
  const ordered = orderedBundle(bundle)
  return JSON.stringify(ordered)
}

function orderedBundle(bundle: CredentialBundle): Record<string, unknown> {
  const withNotes = (o: Record<string, unknown>) => (bundle.notes === undefined ? o : { ...o, notes: bundle.notes })
  switch (bundle.kind) {
    case 'aws-access-key':
      return withNotes({
        kind: bundle.kind,
        accessKeyId: bundle.accessKeyId,
        secretAccessKey: bundle.secretAccessKey,
        accountId: bundle.accountId,
        userName: bundle.userName,
      })
    case 'aws-root-login':
      return withNotes({
        kind: bundle.kind,
        account: bundle.account,
        password: bundle.password,
        ...(bundle.totpSeed === undefined ? {} : { totpSeed: bundle.totpSeed }),
      })
    case 'generic':
      return withNotes({ kind: bundle.kind, fields: bundle.fields })
  }
}
