// Retiring a custodian: a reason is required (the backend refuses an empty one), and when
// they still hold sheets of a live set the form says what follows: those sheets can no
// longer be presented, and the log calls for a new set (an obligation on the Dashboard).
import { call } from '../custos-client'
import { useBackendForm } from '../use-backend-form'
import type { CustodianView } from './custodian-form'
import { TextAreaField } from './form-field'
import { FormSummary } from './form-summary'
import { FormActions } from './form-actions'

interface RetireCustodianFormProps {
  custodian: CustodianView
  /** The sheets they hold, as a person reads them (method, share, copy, set). */
  sheets: string[]
  labelledBy: string
  /** The id the warning carries, so the dialog can read it out on opening. */
  warningId: string
  onRetired: (custodian: CustodianView) => void
  onCancel: () => void
}

const ORDER = ['reason'] as const

export function RetireCustodianForm({ custodian, sheets, labelledBy, warningId, onRetired, onCancel }: RetireCustodianFormProps) {
  const form = useBackendForm<'reason'>({
    initial: { reason: '' },
    order: ORDER,
    idPrefix: 'retire-custodian',
    fieldOf: (path) => (path === 'reason' ? 'reason' : undefined),
    save: async ({ reason }) => onRetired(await call('custodians.retire', { custodianId: custodian.custodianId, reason })),
  })
  const held = sheets.length
  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby={labelledBy}>
      {held > 0 ? (
        <div id={warningId} className="notice notice-warn">
          <p className="notice-title">
            {custodian.name} still holds {held === 1 ? 'a sheet' : `${held} sheets`} of a live set.
          </p>
          <ul className="plain-list warning-list">
            {sheets.map((sheet) => (
              <li key={sheet}>{sheet}</li>
            ))}
          </ul>
          <p>
            Once retired they can no longer present {held === 1 ? 'it' : 'them'}, so the set has fewer usable sheets until it is
            replaced. The Dashboard will show an obligation to issue a new set; collect the {held === 1 ? 'sheet' : 'sheets'} and
            have {held === 1 ? 'it' : 'them'} destroyed once the new set is active.
          </p>
        </div>
      ) : (
        <p id={warningId} className="muted">
          {custodian.name} holds no sheet of a live set, so retiring them creates no obligation. They stay in the roster and the
          logbook, marked retired; they cannot present a sheet or be given a new one.
        </p>
      )}
      <FormSummary title={`${custodian.name} was not retired.`} problem={form.problem} />
      <TextAreaField
        label="Reason"
        {...form.field('reason')}
        rows={2}
        maxLength={300}
        hint="Recorded in the logbook, e.g. “Left the company on 31 March”."
      />
      <FormActions busy={form.busy} busyLabel="Retiring…" label={`Retire ${custodian.name}`} tone="danger">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </FormActions>
    </form>
  )
}
