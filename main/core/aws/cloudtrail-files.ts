// Reads CloudTrail as auditors get it: log files as S3 delivers them (gzip'd JSON {"Records": [...]},
// or unpacked), folders of them (an `aws s3 sync` of the trail bucket), and `aws cloudtrail
// lookup-events` exports ({"Events": [{"CloudTrailEvent": "<JSON string>"}]}).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { CustosError } from '../../../shared/errors'

/** The fields of a CloudTrail record that reconciliation reads (docs.aws.amazon.com, "CloudTrail record contents"). */
export interface TrailRecord {
  eventTime: string
  eventName: string
  eventSource: string
  eventID?: string
  requestID?: string
  awsRegion?: string
  sourceIPAddress?: string
  errorCode?: string
  userIdentity?: {
    type?: string
    accessKeyId?: string
    userName?: string
    arn?: string
    accountId?: string
  }
}

export interface TrailFile {
  path: string
  sha256: string
  records: TrailRecord[]
}

/** Expands folders (recursively, files ending .json or .gz) and reads every file. */
export function readTrailFiles(paths: string[]): TrailFile[] {
  return [...trailFiles(paths)]
}

/**
 * The files one at a time (folders expanded first, so a missing path is refused before any is
 * read): a year of a busy account's trail is never held in memory at once.
 */
export function* trailFiles(paths: string[]): Generator<TrailFile> {
  if (paths.length === 0) {
    throw new CustosError('USAGE', 'Give at least one CloudTrail log file, folder of them, or lookup-events export.')
  }
  for (const path of expand(paths)) yield readTrailFile(path)
}

function expand(paths: string[]): string[] {
  const files: string[] = []
  const visit = (path: string, top: boolean) => {
    let isDir: boolean
    try {
      isDir = statSync(path).isDirectory()
    } catch (error) {
      throw new CustosError('FILE_UNREADABLE', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}.`, { path })
    }
    if (!isDir) {
      if (top || /\.(json|gz)$/i.test(path)) files.push(path)
      return
    }
    for (const name of readdirSync(path).sort()) visit(join(path, name), false)
  }
  for (const p of paths) visit(p, true)
  if (files.length === 0) {
    throw new CustosError('INPUT_INVALID', `No CloudTrail files (*.json, *.json.gz) were found in ${paths.join(', ')}.`)
  }
  return files
}

export function readTrailFile(path: string): TrailFile {
  let raw: Buffer
  try {
    raw = readFileSync(path)
  } catch (error) {
    throw new CustosError('FILE_UNREADABLE', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}.`, { path })
  }
  const sha256 = createHash('sha256').update(raw).digest('hex')
  let text: string
  try {
    text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8')
  } catch {
    throw new CustosError('INPUT_INVALID', `${path} looks gzip-compressed but does not unpack: the file is damaged or incomplete.`, { path })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw notCloudTrail(path, 'it is not JSON')
  }
  return { path, sha256, records: recordsOf(path, value) }
}

function recordsOf(path: string, value: unknown): TrailRecord[] {
  const doc = value as { Records?: unknown; Events?: unknown }
  if (doc && Array.isArray(doc.Records)) return doc.Records.map((r, i) => checked(path, r, `Records[${i}]`))
  if (doc && Array.isArray(doc.Events)) {
    return doc.Events.map((e, i) => {
      const inner = (e as { CloudTrailEvent?: unknown })?.CloudTrailEvent
      let record: unknown = inner
      if (typeof inner === 'string') {
        try {
          record = JSON.parse(inner)
        } catch {
          throw notCloudTrail(path, `Events[${i}].CloudTrailEvent is not JSON`)
        }
      }
      return checked(path, record, `Events[${i}].CloudTrailEvent`)
    })
  }
  if (Array.isArray(value)) return value.map((r, i) => checked(path, r, `[${i}]`))
  throw notCloudTrail(path, 'it has neither "Records" (a CloudTrail log file) nor "Events" (a lookup-events export)')
}

function checked(path: string, value: unknown, where: string): TrailRecord {
  const r = value as Partial<TrailRecord> | null
  if (!r || typeof r !== 'object' || typeof r.eventTime !== 'string' || Number.isNaN(Date.parse(r.eventTime)) || typeof r.eventName !== 'string') {
    throw notCloudTrail(path, `${where} has no eventTime or eventName`)
  }
  return r as TrailRecord
}

function notCloudTrail(path: string, why: string): CustosError {
  return new CustosError(
    'INPUT_INVALID',
    `${path} is not CloudTrail: ${why}. Give log files as the trail's S3 bucket holds them (*.json.gz) or the JSON of ` +
      '"aws cloudtrail lookup-events --output json".',
    { path },
  )
}
