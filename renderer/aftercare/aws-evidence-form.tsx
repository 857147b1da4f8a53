// What AWS answered to a command run elsewhere (aws.recordEvidence): the key deactivated or
// deleted, with its request id and time. A deactivation alone meets the revoke deadline.
import { call } from '../custos-client'
import { useBackendForm } from '../use-backend-form'
import { TextField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import { FormActions } from '../components/form-actions'

type Field = 'step' | 'requestId' | 'performedAt' | 'note'

interface AwsEvidenceFormProps {
  releaseId: string
  accessKeyId: string
  labelledBy: string
  /** Which step to offer first (deactivate until the log shows it). */
  initialStep: 'deactivate' | 'delete'
  onRecorded: (message: string) => void
}

export function AwsEvidenceForm({ releaseId, accessKeyId, labelledBy, initialStep, onRecorded }: AwsEvidenceFormProps) {
  const form = useBackendForm<Field>({
    initial: { step: initialStep, requestId: '', performedAt: '', note: '' },
    order: ['step', 'requestId', 'performedAt', 'note'],
    idPrefix: 'aws-evidence',
    fieldOf: (path) => (['step', 'requestId', 'performedAt', 'note'].includes(path) ? (path as Field) : undefined),
    save: async (values) => {
      const step = values.step === 'delete' ? 'delete' : 'deactivate'
      await call('aws.recordEvidence', {
        releaseId,
        step,
        ...(values.requestId.trim() ? { requestId: values.requestId.trim() } : {}),
        ...(values.performedAt.trim() ? { performedAt: values.performedAt.trim() } : {}),
        ...(values.note.trim() ? { note: values.note.trim() } : {}),
      })
      onRecorded(`Recorded: ${accessKeyId} ${step === 'delete' ? 'deleted' : 'deactivated'} in AWS IAM${values.requestId.trim() ? ` (request id ${values.requestId.trim()})` : ''}.`)
    },
  })
  const step = form.field('step')
  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby={labelledBy}>
      <FormSummary title="The evidence was not recorded." problem={form.problem} />
      <fieldset className="fieldset">
        <legend>What AWS did</legend>
        <div className="aftercare-choices">
          {(
            [
              ['deactivate', `${accessKeyId} was deactivated (set to Inactive)`],
              ['delete', `${accessKeyId} was deleted`],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="aftercare-choice">
              <input type="radio" name="aws-evidence-step" value={value} checked={step.value === value} onChange={() => step.onChange(value)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <TextField
          label="Request id"
          optional
          {...form.field('requestId')}
          maxLength={100}
          className="mono-input"
          hint="The request ID AWS answered (x-amzn-RequestId, in the debug output of the AWS tool you used), or the CloudTrail event id."
        />
        <TextField
          label="When it was done"
          optional
          {...form.field('performedAt')}
          hint="ISO time, e.g. 2026-04-02T03:12:00Z. Left empty: now."
          className="mono-input"
        />
        <TextField label="Note" optional {...form.field('note')} maxLength={500} hint="Who ran it, from which machine, the change ticket." />
      </div>
      <FormActions busy={form.busy} busyLabel="Recording…" label="Record what AWS did" />
    </form>
  )
}
