// A custodian's name, contact and team: adding one (the id is made from the name unless
// given) or editing one (only the fields changed are sent, so the log records just those).
// The backend validates and records; its refusal comes back as errors on the fields.
import type { OperationOutput } from '../../shared/api'
import { call } from '../custos-client'
import { latestEntryAbout } from '../logged-entry'
import { changedFields, useBackendForm } from '../use-backend-form'
import { TextField } from './form-field'
import { FormSummary } from './form-summary'
import { FormActions } from './form-actions'

type Field = 'name' | 'contact' | 'team' | 'custodianId'
export type CustodianView = OperationOutput<'custodians.list'>['custodians'][number]

const DETAILS = ['name', 'contact', 'team'] as const
const ORDER: Field[] = [...DETAILS, 'custodianId']
const fieldOf = (path: string) => ((ORDER as string[]).includes(path) ? (path as Field) : undefined)

interface CustodianFormProps {
  /** The custodian to edit; without one the form adds a new custodian. */
  custodian?: CustodianView
  /** The id of the heading that names the form. */
  labelledBy: string
  /** After the backend recorded it: the custodian as now stored, and the log entry (if found). */
  onSaved: (custodian: CustodianView, seq: number | undefined) => void
  onCancel?: () => void
}

export function CustodianForm({ custodian, labelledBy, onSaved, onCancel }: CustodianFormProps) {
  const editing = custodian !== undefined
  const initial: Record<Field, string> = {
    name: custodian?.name ?? '',
    contact: custodian?.contact ?? '',
    team: custodian?.team ?? '',
    custodianId: custodian?.custodianId ?? '',
  }
  const form = useBackendForm<Field>({
    initial,
    order: ORDER,
    idPrefix: editing ? 'edit-custodian' : 'custodian',
    fieldOf,
    byCode: { CUSTODIAN_EXISTS: 'custodianId' },
    resetAfterSave: !editing,
    save: async (values) => {
      if (custodian) {
        const changed = changedFields(values, initial, DETAILS)
        if (changed.length === 0) throw new Error('Nothing changed. Edit a field, or cancel.')
        const saved = await call('custodians.update', {
          custodianId: custodian.custodianId,
          ...Object.fromEntries(changed.map((f) => [f, values[f]])),
        })
        onSaved(saved, await latestEntryAbout('custodian.updated', 'custodianId', custodian.custodianId))
      } else {
        const added = await call('custodians.add', {
          name: values.name,
          contact: values.contact,
          team: values.team,
          ...(values.custodianId.trim() ? { custodianId: values.custodianId.trim() } : {}),
        })
        onSaved(added, added.added.seq)
      }
    },
  })

  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby={labelledBy}>
      <FormSummary title={editing ? 'The changes were not saved.' : 'The custodian was not added.'} problem={form.problem} />
      <div className="form-grid">
        <TextField label="Name" {...form.field('name')} maxLength={120} />
        <TextField
          label="Contact"
          {...form.field('contact')}
          maxLength={200}
          hint="How to reach them in an emergency, day or night: phone first."
        />
        <TextField label="Team" {...form.field('team')} maxLength={120} hint="The team they belong to, so a quorum can be spread across teams." />
        {!editing && (
          <TextField
            label="ID"
            optional
            {...form.field('custodianId')}
            maxLength={63}
            hint="Lower-case letters, digits and hyphens; the logbook names it by this. Left empty, it is made from the name."
            className="mono-input"
          />
        )}
      </div>
      <FormActions busy={form.busy} busyLabel={editing ? 'Saving…' : 'Adding…'} label={editing ? 'Save changes' : 'Add custodian'}>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </FormActions>
    </form>
  )
}
