// Abandoning a set being issued: a note is required (it goes into the logbook), and the
// person is told what happens to sheets already printed.
import { call } from '../custos-client'
import { useBackendForm } from '../use-backend-form'
import { groupSetId } from '../format'
import { ModalDialog } from '../components/modal-dialog'
import { TextAreaField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import { FormActions } from '../components/form-actions'
import type { OperationOutput } from '../../shared/api'

type SetView = OperationOutput<'sets.list'>['sets'][number]

export function AbandonDialog({ set, onClose, onAbandoned }: { set: SetView; onClose: () => void; onAbandoned: (set: SetView) => void }) {
  const form = useBackendForm<'note'>({
    initial: { note: '' },
    order: ['note'],
    idPrefix: 'abandon',
    fieldOf: (path) => (path === 'note' ? 'note' : undefined),
    save: async ({ note }) => {
      if (!note.trim()) throw new Error('Say why the set is abandoned; the note goes into the logbook.')
      onAbandoned(await call('issuance.abandon', { setId: set.setId, note: note.trim() }))
    },
  })
  return (
    <ModalDialog titleId="abandon-heading" title={`Abandon set ${groupSetId(set.setId)}`} describedBy="abandon-warning" onClose={onClose}>
      <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby="abandon-heading">
        <p id="abandon-warning" className="muted">
          The set will never become active and its sheets will open nothing. Shred any sheet already printed, and delete a saved PDF.
          The method keeps its current set; start again whenever you are ready.
        </p>
        <FormSummary title="The set was not abandoned." problem={form.problem} />
        <TextAreaField label="Why" {...form.field('note')} rows={2} maxLength={500} hint="Recorded in the logbook, e.g. “Printer jammed; sheets shredded”." />
        <FormActions busy={form.busy} busyLabel="Abandoning…" label="Abandon the set" tone="danger">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </FormActions>
      </form>
    </ModalDialog>
  )
}
