// The list of sheets presented so far, each with the backend's verdict in words, who presents
// it (preselected from the log's holders, changeable) and a way to take it off the list.
import type { CustodianView } from '../components/custodian-form'
import { groupSetId } from '../format'
import { feedbackOf } from './sheet-feedback'
import type { PresentedSheet, Quorum, QuorumCheckView } from './use-quorum'

const ORIGIN_WORDS: Record<PresentedSheet['origin'], string> = {
  camera: 'Camera',
  image: 'Image',
  typed: 'Typed',
}

interface PresentedSheetsProps {
  quorum: Quorum
  custodians: CustodianView[]
  /** The latest (or, while checking, the previous) verdict, for the threshold. */
  latest: QuorumCheckView | undefined
  disabled?: boolean
}

export function PresentedSheets({ quorum, custodians, latest, disabled }: PresentedSheetsProps) {
  const nameOf = (id: string) => custodians.find((c) => c.custodianId === id)?.name
  let valid = 0
  return (
    <ol className="plain-list sheet-list">
      {quorum.sheets.map((sheet, i) => {
        const verdict = quorum.checkOf(sheet)
        if (verdict?.ok) valid++
        const feedback = feedbackOf(verdict, latest, valid, nameOf(sheet.custodianId))
        const selectId = `presenter-${sheet.key}`
        const holders = verdict?.holders ?? []
        const others = custodians.filter((c) => !c.retired && !holders.some((h) => h.custodianId === c.custodianId))
        return (
          <li key={sheet.key} className={`sheet-row sheet-${feedback.tone}`}>
            <div className="sheet-head">
              <span className="sheet-number" aria-hidden="true">
                {i + 1}
              </span>
              <span className="sheet-source">
                <span className="cell-main">{sheet.source}</span>
                <span className="cell-sub muted">
                  {ORIGIN_WORDS[sheet.origin]}
                  {verdict?.setId && verdict.index !== undefined && (
                    <>
                      {' · '}set <span className="mono">{groupSetId(verdict.setId)}</span>, share {verdict.index}
                    </>
                  )}
                </span>
              </span>
              <span className={`status ${STATUS_CLASS[feedback.tone]}`}>{feedback.title}</span>
            </div>
            <p className="sheet-feedback">{feedback.text}</p>
            <div className="sheet-controls">
              <div className="field presenter-field">
                <label htmlFor={selectId}>Presented by</label>
                <select
                  id={selectId}
                  value={sheet.custodianId}
                  disabled={disabled}
                  onChange={(event) => quorum.setPresenter(sheet.key, event.target.value)}
                >
                  {!sheet.custodianId && <option value="">Choose a custodian…</option>}
                  {holders.length > 0 && (
                    <optgroup label="Holds this sheet, says the log">
                      {holders.map((h) => (
                        <option key={`${h.custodianId}-${h.copy}`} value={h.custodianId}>
                          {h.name}
                          {holders.length > 1 ? ` (copy ${h.copy})` : ''}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  {others.length > 0 && (
                    <optgroup label={holders.length ? 'Other custodians' : 'Custodians'}>
                      {others.map((c) => (
                        <option key={c.custodianId} value={c.custodianId}>
                          {c.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </div>
              <button type="button" className="button button-small" onClick={() => quorum.remove(sheet.key)} disabled={disabled} aria-label={`Remove ${sheet.source}`}>
                Remove
              </button>
            </div>
          </li>
        )
      })}
    </ol>
  )
}

const STATUS_CLASS: Record<ReturnType<typeof feedbackOf>['tone'], string> = {
  ok: 'status-ok',
  extra: 'status-neutral',
  bad: 'status-bad',
  pending: 'status-neutral',
}
