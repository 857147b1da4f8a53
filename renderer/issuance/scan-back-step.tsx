// Step 5: scan back every printed sheet before anyone receives one: with the camera, sheet
// by sheet; from scans or photos; or by typing the groups under the QR code. The backend
// then checks every sheet (this set, this vault, where it was declared) and test-opens the
// set; only a clean scan-back is logged and lets the ceremony go on.
import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { OperationOutput } from '../../shared/api'
import { PAYLOAD_PREFIX } from '../../shared/share-format'
import { parseTypedGroups } from '../../shared/typed-groups'
import { CameraScanner } from '../camera/camera-scanner'
import { describedBy, FieldFrame } from '../components/form-field'
import { call, messageOf } from '../custos-client'
import { countOf, groupSetId } from '../format'
import { clearSheet, describeOutcome, newTally, nextSheet, recordRead, seenCount, type ReadVia, type Tally } from './scan-tally'
import { SheetTable } from './sheet-table'
import { StepSection } from './step-section'
import { copyOf } from '../quorum/use-quorum'

type SetView = OperationOutput<'sets.list'>['sets'][number]
type ScanBackResult = OperationOutput<'issuance.scanBack'>

interface ScanBackStepProps {
  set: SetView
  onBack: () => void
  /** The scan-back passed and is logged. */
  onVerified: () => Promise<void> | void
  actions?: ReactNode
}

interface Feedback {
  tone: 'ok' | 'warn' | 'bad'
  text: string
}

const VIA_LABEL: Record<ReadVia, string> = { camera: 'camera', image: 'image', typed: 'typed' }
const TYPED_HINT =
  'Every group under “Typed share”, line numbers and spaces as you like. The last character of each group is a check: a typo is pointed out by line and group.'

export function ScanBackStep({ set, onBack, onVerified, actions }: ScanBackStepProps) {
  const [tally, setTally] = useState<Tally>(() => newTally(set.setId, set.copies, set.sheets))
  const tallyRef = useRef(tally)
  const [feedback, setFeedback] = useState<Feedback>()
  const [imageNotes, setImageNotes] = useState<Feedback[]>([])
  const [importing, setImporting] = useState(false)
  const [typed, setTyped] = useState('')
  const [typedError, setTypedError] = useState<string>()
  const [rearm, setRearm] = useState(0)
  const [checking, setChecking] = useState(false)
  const [result, setResult] = useState<ScanBackResult>()
  const [failure, setFailure] = useState<string>()
  const counter = useRef({ camera: 0, typed: 0 })
  const resultRef = useRef<HTMLDivElement>(null)

  const update = (next: Tally) => {
    tallyRef.current = next
    setTally(next)
  }
  /** Counts one text and says what happened; the tally ref keeps several reads in one event straight. */
  function take(payload: string, source: string, via: ReadVia): Feedback {
    const { tally: next, outcome } = recordRead(tallyRef.current, payload, source, via)
    update(next)
    if (outcome.kind === 'counted') setResult(undefined)
    return describeOutcome(outcome, set.copies)
  }

  function onCamera(texts: string[]) {
    for (const text of texts) {
      if (!text.toUpperCase().startsWith(PAYLOAD_PREFIX)) {
        setFeedback({ tone: 'warn', text: 'That QR code is not a Custos sheet; it was ignored.' })
        continue
      }
      counter.current.camera++
      setFeedback(take(text, `camera read ${counter.current.camera}`, 'camera'))
    }
  }

  async function importImages() {
    setImporting(true)
    setImageNotes([])
    try {
      const { images } = await call('sheets.importImages', { title: `Choose scans or photos of the sheets of set ${set.setId}` })
      if (images.length === 0) {
        setImageNotes([{ tone: 'warn', text: 'No image was chosen.' }])
        return
      }
      const notes: Feedback[] = []
      for (const image of images) {
        if (image.error) {
          notes.push({ tone: 'bad', text: image.error.message })
          continue
        }
        if (image.custodyRecord) {
          const { index, copy } = image.custodyRecord
          notes.push({ tone: 'warn', text: `${image.source}: the custody record on the back of sheet ${index}.${copy}, set aside. Scan the front, with the QR code.` })
          continue
        }
        image.payloads.forEach((payload, i) => {
          const source = image.payloads.length === 1 ? image.source : `${image.source}, QR ${i + 1} of ${image.payloads.length}`
          const said = take(payload, source, 'image')
          notes.push({ ...said, text: `${source}: ${said.text}` })
        })
      }
      setImageNotes(notes)
    } catch (error) {
      setImageNotes([{ tone: 'bad', text: messageOf(error) }])
    } finally {
      setImporting(false)
    }
  }

  function addTyped(event: FormEvent) {
    event.preventDefault()
    let payload: string
    try {
      payload = parseTypedGroups(typed)
    } catch (error) {
      setTypedError(messageOf(error))
      return
    }
    counter.current.typed++
    const said = take(payload, `typed entry ${counter.current.typed}`, 'typed')
    setFeedback(said)
    if (said.tone === 'bad') {
      setTypedError(said.text)
      return
    }
    setTypedError(undefined)
    setTyped('')
  }

  async function check() {
    setChecking(true)
    setFailure(undefined)
    setResult(undefined)
    try {
      const sheets = tally.sheets.flatMap((s) => (s.read ? [{ index: s.index, copy: s.copy, source: s.read.source, payload: s.read.payload }] : []))
      const outcome = await call('issuance.scanBack', { setId: set.setId, sheets })
      setResult(outcome)
      if (outcome.ok) {
        await onVerified()
        return
      }
    } catch (error) {
      setFailure(messageOf(error))
    } finally {
      setChecking(false)
    }
    queueMicrotask(() => resultRef.current?.focus())
  }

  const seen = seenCount(tally)
  const all = tally.sheets.length
  const resultFor = (index: number, copy: number) => result?.sheets.find((s) => s.index === index && s.copy === copy)

  return (
    <StepSection step={5} title="Scan back every sheet" actions={actions}>
      <p className="lead">
        Before anyone receives a sheet, read every printed page back: it proves each one is legible, belongs to set {groupSetId(set.setId)}{' '}
        and that the set opens. Hold the sheets up to the camera one after the other, or import scans, or type a sheet’s groups.
      </p>
      <div className="scan-layout">
        <div className="stack">
          <CameraScanner label="Camera" onDecoded={onCamera} rearmKey={rearm}>
            <p className={`scan-feedback scan-feedback-${feedback?.tone ?? 'none'}`} role="status" aria-live="polite">
              {feedback?.text ?? 'Hold the first sheet’s QR code in view.'}
            </p>
            {set.copies > 1 && tally.sheets.some((s) => s.read && copyOf(s.read.payload) === undefined) && (
              <div className="form-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    update(nextSheet(tallyRef.current))
                    setRearm((n) => n + 1)
                    setFeedback({ tone: 'ok', text: 'Ready for the next sheet: hold it up.' })
                  }}
                >
                  Next sheet
                </button>
                <p className="hint">Copies of one share carry the same QR code: press Next sheet before holding up another copy.</p>
              </div>
            )}
          </CameraScanner>

          <section className="stack-tight" aria-labelledby="scan-images-heading">
            <h3 id="scan-images-heading">Scans or photos</h3>
            <div className="form-actions">
              {/* aria-disabled, not disabled: a disabled button drops keyboard focus to the page body. */}
              <button type="button" className="button" onClick={() => !importing && void importImages()} aria-disabled={importing || undefined}>
                {importing ? 'Reading the images…' : 'Import images…'}
              </button>
            </div>
            <div aria-live="polite">
              {imageNotes.length > 0 && (
                <ul className="plain-list scan-notes">
                  {imageNotes.map((note, i) => (
                    <li key={i} className={`scan-feedback scan-feedback-${note.tone}`}>
                      {note.text}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </section>

          <section className="stack-tight" aria-labelledby="scan-typed-heading">
            <h3 id="scan-typed-heading">Type a sheet</h3>
            <form className="form form-wide" onSubmit={addTyped} noValidate aria-labelledby="scan-typed-heading">
              <FieldFrame id="typed-groups" label="Typed share groups" hint={TYPED_HINT} error={typedError} alertError>
                <textarea
                  id="typed-groups"
                  rows={5}
                  value={typed}
                  onChange={(event) => setTyped(event.target.value)}
                  className="mono-input"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={typedError ? true : undefined}
                  aria-describedby={describedBy('typed-groups', TYPED_HINT, typedError)}
                />
              </FieldFrame>
              <div className="form-actions">
                <button type="submit" className="button" disabled={typed.trim() === ''}>
                  Add typed sheet
                </button>
              </div>
            </form>
          </section>
        </div>

        <section className="stack-tight" aria-labelledby="scan-list-heading">
          <h3 id="scan-list-heading">
            Sheets seen: {seen} of {all}
          </h3>
          <SheetTable
            sheets={tally.sheets}
            copies={set.copies}
            caption={`Every printed sheet of set ${set.setId} and how it was read back`}
            className="scan-table"
            column="Read back"
            cell={(s) => {
              if (!s.read) return <span className="status status-neutral">Not yet</span>
              const checked = resultFor(s.index, s.copy)
              return (
                <>
                  <span className={`status ${checked && !checked.ok ? 'status-bad' : 'status-ok'}`}>
                    {checked ? (checked.ok ? '✓ Verified' : '✕ Refused') : `✓ Seen (${VIA_LABEL[s.read.via]})`}
                  </span>
                  <span className="muted cell-sub">{s.read.source}</span>
                  {checked?.error && <span className="field-error cell-sub">{checked.error.message}</span>}
                  {!checked?.ok && (
                    <button type="button" className="button button-small" onClick={() => update(clearSheet(tallyRef.current, s.index, s.copy))}>
                      Scan share {s.index}
                      {set.copies > 1 ? ` copy ${s.copy}` : ''} again
                    </button>
                  )}
                </>
              )
            }}
          />
          {result && !result.ok && (
            <div ref={resultRef} tabIndex={-1} className="notice notice-error" role="alert">
              <p className="notice-title">The scan-back did not pass; nothing was recorded.</p>
              <ul className="plain-list">
                {result.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          {failure && (
            <div ref={resultRef} tabIndex={-1} className="notice notice-error" role="alert">
              <p className="notice-title">The sheets could not be checked.</p>
              <p>{failure}</p>
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="button" onClick={onBack}>
              Back to printing
            </button>
            <button type="button" className="button button-primary" onClick={() => void check()} disabled={checking || seen < all}>
              {checking ? 'Checking…' : seen < all ? `Check the sheets (${all - seen} still to read)` : `Check the ${countOf(all, 'sheet')}`}
            </button>
          </div>
        </section>
      </div>
    </StepSection>
  )
}
