// Step 4: print the sheets. The PDF exists only in the app's memory: "Save PDF…" writes it
// where the person chooses (to carry to an offline printer), "Print…" opens the print
// dialog. The preview shows every sheet so the count and the holders can be checked first.
import { useRef, useState, type ReactNode } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { countOf, shortHash } from '../format'
import { SheetPreview, type PreviewSheet } from './sheet-preview'
import { StepSection } from './step-section'

type SetView = OperationOutput<'sets.list'>['sets'][number]

interface PrintStepProps {
  set: SetView
  /** The sheets with their shares, when this session started the set. */
  sheets: PreviewSheet[]
  onNext: () => void
  actions?: ReactNode
}

type Outcome = { tone: 'ok' | 'warn' | 'bad'; text: string }

export function PrintStep({ set, sheets, onNext, actions }: PrintStepProps) {
  const [busy, setBusy] = useState<'save' | 'print' | 'kit'>()
  const [outcome, setOutcome] = useState<Outcome>()
  const [done, setDone] = useState(false)
  const outcomeRef = useRef<HTMLDivElement>(null)
  const hasPreview = sheets.some((s) => s.payload)

  async function run(kind: 'save' | 'print' | 'kit') {
    setBusy(kind)
    setOutcome(undefined)
    try {
      if (kind === 'kit') {
        const kit = await call('recoveryKit.save', {})
        setOutcome(kit.saved ? { tone: 'ok', text: `The recovery kit was saved to ${kit.path}. Keep a copy with the sheets; it holds nothing secret.` } : { tone: 'warn', text: 'Nothing was saved: the dialog was cancelled.' })
      } else if (kind === 'save') {
        const saved = await call('issuance.savePdf', { setId: set.setId })
        if (saved.saved) {
          setDone(true)
          setOutcome({ tone: 'ok', text: `Saved to ${saved.path}${saved.sha256 ? ` (SHA-256 ${shortHash(saved.sha256, 16)})` : ''}. Print it, then delete the file.` })
        } else setOutcome({ tone: 'warn', text: 'Nothing was saved: the dialog was cancelled.' })
      } else {
        const { printed } = await call('issuance.printPdf', { setId: set.setId })
        if (printed) setDone(true)
        setOutcome(printed ? { tone: 'ok', text: 'Sent to the printer. Collect every page.' } : { tone: 'warn', text: 'Nothing was printed: the print dialog was cancelled.' })
      }
    } catch (error) {
      setOutcome({ tone: 'bad', text: messageOf(error) })
      queueMicrotask(() => outcomeRef.current?.focus())
    } finally {
      setBusy(undefined)
    }
  }

  const count = set.total * set.copies
  return (
    <StepSection step={4} title="Print the sheets" actions={actions}>
      <p className="lead">
        {countOf(count, 'sheet')}: {countOf(set.total, 'share')}, {countOf(set.copies, 'copy', 'copies')} of each. Print on a printer
        attached to this machine if you can; a saved PDF is the credential’s shares in one file, so delete it once printed.
      </p>
      <p className="hint">
        Print double-sided: each sheet’s custody record (handovers, new bags, whom to tell; nothing secret) is on its back. Without
        duplex, staple each custody record behind its sheet.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void run('save')} disabled={busy !== undefined}>
          {busy === 'save' ? 'Saving…' : 'Save PDF…'}
        </button>
        <button type="button" className="button" onClick={() => void run('print')} disabled={busy !== undefined}>
          {busy === 'print' ? 'Opening the print dialog…' : 'Print…'}
        </button>
        <button type="button" className="button" onClick={() => void run('kit')} disabled={busy !== undefined}>
          {busy === 'kit' ? 'Saving…' : 'Save recovery kit…'}
        </button>
      </div>
      <p className="hint">The recovery kit (a folder with recover.html) recovers the credential from these sheets on any computer: keep a copy with the sheets.</p>
      <div aria-live="polite">
        {outcome && (
          <div
            ref={outcomeRef}
            tabIndex={-1}
            className={`notice section-gap ${outcome.tone === 'ok' ? 'notice-ok' : outcome.tone === 'warn' ? 'notice-warn' : 'notice-error'}`}
            role={outcome.tone === 'bad' ? 'alert' : 'status'}
          >
            <p>{outcome.text}</p>
          </div>
        )}
      </div>

      <h3 className="section-gap">Preview</h3>
      {!hasPreview && (
        <p className="muted">
          The shares are shown only in the session that created the set. Save or print the PDF to see the sheets, or continue with
          the sheets already printed.
        </p>
      )}
      <div className="sheet-grid">
        {sheets.map((sheet) => (
          <SheetPreview key={`${sheet.index}.${sheet.copy}`} sheet={sheet} setId={set.setId} total={set.total} threshold={set.threshold} copies={set.copies} label={set.label} />
        ))}
      </div>
      <div className="form-actions section-gap">
        <button type="button" className={`button${done || !hasPreview ? ' button-primary' : ''}`} onClick={onNext}>
          Next: scan back the printed sheets
        </button>
      </div>
    </StepSection>
  )
}
