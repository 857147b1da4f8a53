// Scans or photos of sheets chosen in an open dialog, decoded in the main process: each
// image answers on its own (its share texts, the sheet whose custody record it is, or why
// nothing could be read), never the call.
import { readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { z } from 'zod'
import type { Api } from '../../../shared/api'
import { CustosError, toErrorInfo } from '../../../shared/errors'
import type { ImportedImage } from '../../../shared/workflow-api'
import { readSheetImage } from '../sheets/image-shares'
import type { ApiDeps } from './api-deps'
import { requireDesktop } from './workflow-context'

/** A phone photo is a few MB; anything far larger is not a sheet and would only slow decoding. */
export const MAX_IMAGE_BYTES = 30 * 1024 * 1024

async function importImage(path: string): Promise<z.infer<typeof ImportedImage>> {
  const source = basename(path)
  try {
    let size: number
    try {
      size = statSync(path).size
    } catch (error) {
      throw new CustosError('FILE_UNREADABLE', `Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Choose the file again.`, { source })
    }
    if (size > MAX_IMAGE_BYTES) {
      throw new CustosError(
        'SHARE_IMAGE_UNREADABLE',
        `${source} is ${Math.round(size / (1024 * 1024))} MB; Custos reads images of up to ${MAX_IMAGE_BYTES / (1024 * 1024)} MB. ` +
          'Scan or photograph the sheet at a lower resolution (300 dpi is plenty) and import that.',
        { source, size },
      )
    }
    const bytes = readFileSync(path)
    const read = await readSheetImage(source, bytes)
    return { source, payloads: read.inputs.map((i) => i.payload), ...(read.custodyRecord ? { custodyRecord: read.custodyRecord } : {}) }
  } catch (error) {
    return { source, payloads: [], error: toErrorInfo(error) }
  }
}

export function sheetImportOps(deps: ApiDeps): Pick<Api, 'sheets.importImages'> {
  return {
    'sheets.importImages': async ({ title }) => {
      const desktop = requireDesktop(deps, 'Importing images of sheets')
      const paths = await desktop.showOpenDialog({
        title: title ?? 'Choose scans or photos of the sheets',
        multiple: true,
        filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg'] }],
      })
      const images: z.infer<typeof ImportedImage>[] = []
      // One at a time: decoding is CPU-bound and a dozen large photos at once would only thrash.
      for (const path of paths) images.push(await importImage(path))
      return { images }
    },
  }
}
