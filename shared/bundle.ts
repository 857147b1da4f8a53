// The credential bundle: the typed secret a share set protects. Its JSON form is a public
// interface (scripts pipe it in and out), so the keys here are fixed and documented.
import { z } from 'zod'
import { printParseErrorCode, visit } from 'jsonc-parser'
import { ACCESS_KEY_ID_PATTERN, IAM_USER_NAME_PATTERN } from './aws-events'
import { CustosError } from './errors'

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} must be a text value.` })
    .refine((v) => v.trim().length > 0, { message: `${what} is empty; fill it in or leave the key out if it is optional.` })

const notes = nonEmpty('notes').optional()

/** Keys that would reach an object's prototype instead of being data: never a field name. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export const AwsAccessKeyBundle = z.strictObject({
  kind: z.literal('aws-access-key'),
  accessKeyId: z.string().regex(ACCESS_KEY_ID_PATTERN, {
    message:
      'accessKeyId must be 20 characters: AKIA followed by 16 capital letters or digits ' +
      '(a long-term IAM key; ASIA keys are temporary and cannot be a break-glass credential).',
  }),
  secretAccessKey: z.string().regex(/^[A-Za-z0-9/+]{40}$/, {
    message: 'secretAccessKey must be exactly 40 characters of letters, digits, "/" and "+" as AWS issued it.',
  }),
  accountId: z.string().regex(/^\d{12}$/, { message: 'accountId must be the 12-digit AWS account number.' }),
  userName: z.string().regex(IAM_USER_NAME_PATTERN, {
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

const prototypeKeyMessage = 'a field name cannot be "__proto__", "constructor" or "prototype"; rename it.'

const FieldName = z
  .string()
  .regex(/^\S(.*\S)?$/, { message: 'a field name must not be empty or start or end with spaces.' })
  .refine((name) => !PROTOTYPE_KEYS.has(name), { message: prototypeKeyMessage })

const GenericFields = z
  // Zod strips an own "__proto__" key without a word; a field must never vanish from a secret.
  .custom<unknown>((v) => !(v && typeof v === 'object' && Object.getOwnPropertyNames(v).some((k) => PROTOTYPE_KEYS.has(k))), {
    message: prototypeKeyMessage,
  })
  .pipe(
    z
      .record(FieldName, nonEmpty('each field value'))
      .refine((fields) => Object.keys(fields).length > 0, { message: 'fields must hold at least one name and value.' }),
  )

export const GenericBundle = z.strictObject({
  kind: z.literal('generic'),
  fields: GenericFields,
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

/**
 * Parses bundle JSON (from stdin, a file or a form) strictly: bytes must be valid UTF-8, the
 * text one JSON object with no duplicate or prototype keys. Errors give line, column and field,
 * never the input's values: a bundle is a secret, and error text ends up on screens and in logs.
 */
export function parseBundleJson(input: string | Uint8Array): CredentialBundle {
  const text = typeof input === 'string' ? input : decodeUtf8(input)
  const problems: string[] = []
  // One frame per open object: the keys it has so far and the key being read (for field paths).
  const frames: { seen: Set<string>; key?: string }[] = []
  visit(
    text,
    {
      onObjectBegin: () => void frames.push({ seen: new Set() }),
      onObjectEnd: () => void frames.pop(),
      onObjectProperty: (name, _offset, _length, line, column) => {
        const frame = frames[frames.length - 1]
        if (!frame) return
        frame.key = name
        const where = `line ${line + 1}, column ${column + 1}`
        const field = frames.map((f) => f.key).join('.')
        if (PROTOTYPE_KEYS.has(name)) problems.push(`${where}: "${field}" is not allowed as a field name; rename it.`)
        else if (frame.seen.has(name)) problems.push(`${where}: "${field}" appears twice; keep one.`)
        frame.seen.add(name)
      },
      onError: (error, _offset, _length, line, column) => {
        problems.push(`line ${line + 1}, column ${column + 1}: ${describeJsonError(printParseErrorCode(error))}`)
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  )
  if (problems.length > 0) {
    throw new CustosError(
      'BUNDLE_INVALID',
      'The credential bundle is not valid JSON; give one JSON object such as {"kind":"generic","fields":{"name":"value"}}:\n  ' +
        problems.slice(0, 5).join('\n  '),
      { problems: problems.slice(0, 5) },
    )
  }
  return parseBundle(JSON.parse(text))
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    const at = firstInvalidUtf8(bytes)
    throw new CustosError(
      'BUNDLE_INVALID',
      `The credential bundle is not valid UTF-8 (near byte ${at}). ` +
        'Save it as UTF-8 text and try again; Custos does not guess, since a changed character would change the secret.',
      { offset: at },
    )
  }
}

/** Where decoding fails: the longest prefix that still decodes (a character cut at its end is fine). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0
  let high = bytes.length
  while (low < high) {
    const mid = (low + high + 1) >> 1
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true })
      low = mid
    } catch {
      high = mid - 1
    }
  }
  return low
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

/** jsonc-parser's error names ("PropertyNameExpected") as words a person reads. */
function describeJsonError(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
