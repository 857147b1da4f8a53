// Free-text evidence of a revocation or rotation done outside Custos (release.recordRevoked,
// release.recordRotated): what was done, by whom, and the reference that proves it.
import { call } from '../custos-client'
import { useBackendForm } from '../use-backend-form'
import { TextAreaField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import { FormActions } from '../components/form-actions'

interface EvidenceFormProps {
  releaseId: string
  kind: 'revoked' | 'rotated'
  labelledBy: string
  hint: string
  onRecorded: (message: string) => void
}

export function EvidenceForm({ releaseId, kind, labelledBy, hint, onRecorded }: EvidenceFormProps) {
  const form = useBackendForm<'evidence'>({
    initial: { evidence: '' },
    order: ['evidence'],
    idPrefix: `${kind}-evidence`,
    fieldOf: (path) => (path === 'evidence' ? 'evidence' : undefined),
    byCode: { INPUT_INVALID: 'evidence', USAGE: 'evidence' },
    resetAfterSave: true,
    save: async ({ evidence }) => {
      const view = await call(kind === 'revoked' ? 'release.recordRevoked' : 'release.recordRotated', { releaseId, evidence })
      const at = kind === 'revoked' ? view.revoked : view.rotated
      onRecorded(`The ${kind === 'revoked' ? 'revocation' : 'rotation'} evidence was recorded${at ? ` as logbook entry ${at.seq}` : ''}.`)
    },
  })
  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby={labelledBy}>
      <FormSummary title="The evidence was not recorded." problem={form.problem} />
      <TextAreaField label={kind === 'revoked' ? 'Revocation evidence' : 'Rotation evidence'} {...form.field('evidence')} rows={3} hint={hint} maxLength={2000} />
      <FormActions busy={form.busy} busyLabel="Recording…" label={kind === 'revoked' ? 'Record the revocation' : 'Record the rotation'} />
    </form>
  )
}
