// "Import images…": scans or photos of sheets, chosen in the main process's open dialog and
// decoded there (sheets.importImages); each QR code found becomes a presented sheet, and
// every file that could not be read is named with the reason.
import { useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'

type ImportedImage = OperationOutput<'sheets.importImages'>['images'][number]

interface ImageImportProps {
  /** One call per QR code found; source names the file (and the code, when a file holds several). */
  onSheet: (source: string, payload: string) => void
}

type Outcome = { kind: 'done'; found: number; failed: ImportedImage[]; backs: ImportedImage[]; files: number } | { kind: 'error'; message: string }

export function ImageImport({ onSheet }: ImageImportProps) {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()

  async function importImages() {
    setBusy(true)
    setOutcome(undefined)
    try {
      const { images } = await call('sheets.importImages', { title: 'Choose scans or photos of the sheets' })
      let found = 0
      const failed: ImportedImage[] = []
      // A sheet's back page (its custody record) holds no share: named as set aside, not as a failure.
      const backs = images.filter((image) => image.custodyRecord)
      for (const image of images) {
        const name = fileName(image.source)
        if (image.payloads.length === 0 && !image.custodyRecord) failed.push(image)
        image.payloads.forEach((payload, i) => {
          found++
          onSheet(image.payloads.length > 1 ? `${name}, QR code ${i + 1}` : name, payload)
        })
      }
      setOutcome(images.length === 0 ? undefined : { kind: 'done', found, failed, backs, files: images.length })
    } catch (error) {
      setOutcome({ kind: 'error', message: messageOf(error) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="image-import">
      <p className="hint">Scans or photos (PNG or JPEG) of one or more sheets. Files are read on this machine only.</p>
      {/* aria-disabled, not disabled: a disabled button drops keyboard focus to the page body. */}
      <button type="button" className="button" onClick={() => !busy && void importImages()} aria-disabled={busy || undefined}>
        {busy ? 'Reading images…' : 'Import images…'}
      </button>
      <div aria-live="polite">
        {outcome?.kind === 'done' && (
          <p className={outcome.failed.length ? 'import-result import-partial' : 'import-result'}>
            {outcome.found === 1 ? '1 sheet' : `${outcome.found} sheets`} read from{' '}
            {outcome.files === 1 ? '1 image' : `${outcome.files} images`}.
            {outcome.backs.map((image) => (
              <span key={image.source}>
                {' '}
                {fileName(image.source)} is the custody record on the back of sheet {image.custodyRecord?.index}.{image.custodyRecord?.copy}: set aside.
              </span>
            ))}
          </p>
        )}
      </div>
      {outcome?.kind === 'done' && outcome.failed.length > 0 && (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{outcome.failed.length === 1 ? 'One image could not be read.' : `${outcome.failed.length} images could not be read.`}</p>
          <ul className="plain-list">
            {outcome.failed.map((image) => (
              <li key={image.source}>
                <strong>{fileName(image.source)}</strong>: {image.error?.message ?? 'No sheet QR code was found in it. Try a sharper scan, or type the sheet.'}
              </li>
            ))}
          </ul>
        </div>
      )}
      {outcome?.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">The images were not imported.</p>
          <p>{outcome.message}</p>
        </div>
      )}
    </div>
  )
}

/** The file's name without its folder: what the person picked, and not a path to read aloud. */
function fileName(source: string): string {
  return source.split(/[\\/]/).pop() || source
}
