// Sheets as a person hands them to the command line: share text files, PNG or JPEG photos
// and scans (decoded by the core through the API's open "dialog"), and typed groups. Each
// becomes a share text with its source, or, for a photo nothing could be read from, why.
// A scan of a sheet's back (its custody record) is set aside with a note on stderr.
import { createInterface } from 'node:readline'
import { CustosError, type ErrorInfo } from '../../shared/errors'
import { groupForDisplay } from '../../shared/share-format'
import { imageKind, readTypedSharesInteractively, typedSharesFromText } from '../core/api'
import type { CliSession } from './api-client'
import type { CliContext } from './context'
import { readFileBytes } from './files'

export type SheetItem = { source: string; payload: string } | { source: string; unread: ErrorInfo }

/** The contract keeps sources short; a long path keeps its end, where the file name is. */
const sourceOf = (text: string): string => (text.length > 200 ? `…${text.slice(-199)}` : text)

/**
 * Reads each named file (image or share text), then typed shares when asked. Refuses a list
 * of files that were all custody records (backs), unless `backsAlone` allows it.
 */
export async function readSheetItems(
  ctx: CliContext,
  session: CliSession,
  files: string[],
  options: { typed?: boolean; backsAlone?: boolean } = {},
): Promise<SheetItem[]> {
  const items: SheetItem[] = []
  let backs = 0
  for (const file of files) {
    const bytes = readFileBytes(file, 'share file')
    if (!imageKind(bytes)) {
      items.push({ source: sourceOf(file), payload: bytes.toString('utf8') })
      continue
    }
    session.dialogs.open = () => [file]
    const { images } = await session.call('sheets.importImages', {})
    const image = images[0]
    if (!image || image.error) {
      items.push({ source: sourceOf(file), unread: image?.error ?? { code: 'SHARE_IMAGE_UNREADABLE', message: `${file} could not be read.` } })
      continue
    }
    if (image.custodyRecord) {
      const { setId, index, copy } = image.custodyRecord
      ctx.io.stderr(`note: ${file} is the custody record (back page) of share ${index} copy ${copy} of set ${groupForDisplay(setId)}; set aside.\n`)
      backs++
      continue
    }
    image.payloads.forEach((payload, i) =>
      items.push({ source: sourceOf(image.payloads.length > 1 ? `${file} (code ${i + 1})` : file), payload }),
    )
  }
  if (backs > 0 && backs === files.length && !options.typed && !options.backsAlone) {
    throw new CustosError(
      'USAGE',
      'Every image given is the custody record on the back of a sheet (nothing secret, no share). ' +
        'Give scans or photos of the fronts, the side with the QR code.',
    )
  }
  if (options.typed) items.push(...(await readTypedShares(ctx)))
  return items
}

/** Like readSheetItems, but a photo nothing could be read from is an error at once. */
export async function readShareTexts(ctx: CliContext, session: CliSession, files: string[]): Promise<{ source: string; payload: string }[]> {
  const items = await readSheetItems(ctx, session, files)
  return items.map((item) => {
    if ('unread' in item) throw new CustosError(item.unread.code, item.unread.message, item.unread.details)
    return item
  })
}

/**
 * --present CUSTODIAN=FILE (share text file or sheet photo), repeated, as the contract's
 * presentations. A photo nothing can be read from is set aside with a note on stderr, never
 * fatal by itself (docs/FORMAT.md 2.6): the quorum check then says whether enough remain.
 */
export async function readPresentations(
  ctx: CliContext,
  session: CliSession,
  values: string[],
): Promise<{ custodianId: string; source: string; payload: string }[]> {
  if (values.length === 0) {
    throw new CustosError('USAGE', 'Name each sheet and who presents it: --present alice=sheet-1.jpg --present bob=share-2.txt')
  }
  const presentations: { custodianId: string; source: string; payload: string }[] = []
  const setAside: ErrorInfo[] = []
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0 || at === value.length - 1) {
      throw new CustosError('USAGE', `--present ${value}: write CUSTODIAN=FILE, e.g. --present alice=sheet-1.jpg`)
    }
    const custodianId = value.slice(0, at).trim()
    for (const item of await readSheetItems(ctx, session, [value.slice(at + 1)], { backsAlone: true })) {
      if ('unread' in item) {
        setAside.push(item.unread)
        ctx.io.stderr(`note: ${item.source} was set aside: ${item.unread.message}\n`)
      } else presentations.push({ custodianId, ...item })
    }
  }
  if (presentations.length === 0 && setAside[0]) throw new CustosError(setAside[0].code, setAside[0].message, setAside[0].details)
  return presentations
}

/** Prompts line by line on a terminal; reads blank-line-separated shares from a pipe. */
async function readTypedShares(ctx: CliContext): Promise<{ source: string; payload: string }[]> {
  if (!ctx.io.isStdinTty) return typedSharesFromText(await ctx.io.readStdin())
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  let ended = false
  rl.on('close', () => {
    ended = true
  })
  try {
    const shares = await readTypedSharesInteractively({
      ask: (prompt) =>
        ended
          ? Promise.resolve(undefined)
          : new Promise((resolve) => {
              const onClose = (): void => resolve(undefined)
              rl.once('close', onClose)
              rl.question(prompt, (answer) => {
                rl.off('close', onClose)
                resolve(answer)
              })
            }),
      say: (text) => ctx.io.stderr(text),
    })
    if (shares.length === 0) {
      throw new CustosError('TYPED_GROUP_INVALID', 'No share was typed. Type the groups printed under "Typed share".')
    }
    return shares
  } finally {
    rl.close()
  }
}
