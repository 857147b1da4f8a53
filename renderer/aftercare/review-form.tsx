// Step 5: the post-incident review checklist (review.complete). The logbook's facts are
// shown beside the questions, so the reviewer answers against the record, not memory.
import { call } from '../custos-client'
import { useBackendForm } from '../use-backend-form'
import { TextAreaField, TextField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import { FormActions } from '../components/form-actions'
import type { AftercareState } from './aftercare-model'

const TEXT = ['reviewer', 'wentWell', 'toImprove', 'actionItems'] as const
const CHECKS = ['justified', 'alternativesConsidered', 'revokedAndRotated', 'allActionsLogged'] as const
type Field = (typeof TEXT)[number] | (typeof CHECKS)[number]

const ORDER: Field[] = ['reviewer', ...CHECKS, 'wentWell', 'toImprove', 'actionItems']

export function ReviewForm({ state, labelledBy, onRecorded }: { state: AftercareState; labelledBy: string; onRecorded: (message: string) => void }) {
  const release = state.release
  const revoked = state.steps.find((s) => s.id === 'revoke')!.done
  const rotated = state.steps.find((s) => s.id === 'rotate')!.done && state.steps.find((s) => s.id === 'reissue')!.done
  const form = useBackendForm<Field>({
    initial: { reviewer: '', justified: '', alternativesConsidered: '', revokedAndRotated: '', allActionsLogged: '', wentWell: '', toImprove: '', actionItems: '' },
    order: ORDER,
    idPrefix: 'review',
    fieldOf: (path) => {
      const head = path.split('.')[0] ?? ''
      return (ORDER as readonly string[]).includes(head) ? (head as Field) : undefined
    },
    save: async (v) => {
      const view = await call('review.complete', {
        releaseId: release.releaseId,
        reviewer: v.reviewer,
        justified: v.justified === 'yes',
        alternativesConsidered: v.alternativesConsidered === 'yes',
        revokedAndRotated: v.revokedAndRotated === 'yes',
        allActionsLogged: v.allActionsLogged === 'yes',
        wentWell: v.wentWell,
        toImprove: v.toImprove,
        actionItems: v.actionItems.split('\n').map((line) => line.trim()).filter(Boolean),
      })
      onRecorded(`The post-incident review of ${release.incidentTicket} was recorded${view.reviewed ? ` as logbook entry ${view.reviewed.seq}` : ''}.`)
    },
  })

  const check = (name: (typeof CHECKS)[number], label: string, fact?: string) => {
    const f = form.field(name)
    return (
      <div className="field">
        <label className="aftercare-choice" htmlFor={f.id}>
          <input id={f.id} type="checkbox" checked={f.value === 'yes'} onChange={(e) => f.onChange(e.target.checked ? 'yes' : '')} />
          {label}
        </label>
        {fact && <p className="hint">{fact}</p>}
      </div>
    )
  }

  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby={labelledBy}>
      <FormSummary title="The review was not recorded." problem={form.problem} />
      <TextField label="Reviewer" {...form.field('reviewer')} maxLength={120} hint="Who led the review (ideally not the operator)." />
      <fieldset className="fieldset">
        <legend>Checklist</legend>
        <div className="stack review-checks">
          {check('justified', 'The release was justified', `Request: ${release.justification}`)}
          {check('alternativesConsidered', 'Alternatives to breaking the glass were considered', `Why normal access could not be used: ${release.whyNotNormalAccess}`)}
          {check(
            'revokedAndRotated',
            'The credential was revoked and rotated, and new sheets issued',
            `The logbook shows: ${revoked ? 'revoked' : 'NOT revoked'}, ${rotated ? 'rotated and re-issued' : 'NOT rotated and re-issued'}.`,
          )}
          {check('allActionsLogged', 'Everything done with the credential is accounted for (CloudTrail, tickets)')}
        </div>
      </fieldset>
      <div className="form-grid">
        <TextAreaField label="What went well" {...form.field('wentWell')} rows={3} maxLength={2000} />
        <TextAreaField label="What to improve" {...form.field('toImprove')} rows={3} maxLength={2000} />
      </div>
      <TextAreaField label="Action items" optional {...form.field('actionItems')} rows={3} hint="One per line, with an owner." />
      <FormActions busy={form.busy} busyLabel="Recording…" label="Complete the review" />
    </form>
  )
}
