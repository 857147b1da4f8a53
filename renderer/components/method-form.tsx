// A break-glass method: what the credential reaches, who owns it, what it may be used for,
// the quorum and the deadlines after a release. Defines a new method, or edits one (only
// the fields changed are sent). The backend validates and records it.
import type { OperationOutput } from '../../shared/api'
import { DEFAULT_POLICY } from '../../shared/ceremony-events'
import { call, UiError } from '../custos-client'
import { useAsync } from '../use-async'
import { latestEntryAbout } from '../logged-entry'
import { changedFields, useBackendForm } from '../use-backend-form'
import { TextAreaField, TextField } from './form-field'
import { FormSummary } from './form-summary'
import { FormActions } from './form-actions'

const TEXT_FIELDS = ['name', 'methodId', 'scope', 'access', 'ownerTeam', 'ownerContacts', 'useCases'] as const
const POLICY_FIELDS = ['threshold', 'total', 'copies', 'revokeWithinHours', 'rotateWithinHours', 'reviewWithinDays', 'drillEveryDays'] as const
type TextKey = (typeof TEXT_FIELDS)[number]
type PolicyField = (typeof POLICY_FIELDS)[number]
type Field = TextKey | PolicyField
export type MethodView = OperationOutput<'methods.list'>['methods'][number]

const ORDER: Field[] = [...TEXT_FIELDS, ...POLICY_FIELDS]
/** What an edit may change: everything but the id, which the log and the sheets refer to. */
const EDITABLE_TEXT = ['name', 'scope', 'access', 'ownerTeam', 'ownerContacts', 'useCases'] as const

function valuesOf(method?: MethodView): Record<Field, string> {
  const policy = method?.policy ?? { ...DEFAULT_POLICY, threshold: 3, total: 5 }
  return {
    name: method?.name ?? '',
    methodId: method?.methodId ?? '',
    scope: method?.scope ?? '',
    access: method?.access ?? '',
    ownerTeam: method?.ownerTeam ?? '',
    ownerContacts: method?.ownerContacts ?? '',
    useCases: method?.useCases.join('\n') ?? '',
    ...(Object.fromEntries(POLICY_FIELDS.map((f) => [f, String(policy[f])])) as Record<PolicyField, string>),
  }
}

function fieldOf(path: string): Field | undefined {
  const [head, next] = path.split('.')
  if (head === 'policy') return (POLICY_FIELDS as readonly string[]).includes(next ?? '') ? (next as Field) : undefined
  return (TEXT_FIELDS as readonly string[]).includes(head ?? '') ? (head as Field) : undefined
}

/** A number as typed; empty stays undefined so the backend names it (or uses its default). */
function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text)
}

function useCasesOf(text: string): string[] {
  return text.split('\n').map((u) => u.trim()).filter(Boolean)
}

/**
 * The policy numbers to send. Adding, an empty field is left out (the backend names it or
 * uses its default); editing, a field emptied is sent as null so the backend refuses it on
 * that field rather than the form quietly keeping the old value.
 */
function policyOf(values: Record<Field, string>, fields: readonly PolicyField[], emptied: 'omit' | 'refuse'): Record<string, number> {
  const entries = fields.map((f) => [f, numberOf(values[f]) ?? (emptied === 'refuse' ? null : undefined)] as const)
  return Object.fromEntries(entries.filter(([, n]) => n !== undefined)) as Record<string, number>
}

interface MethodFormProps {
  /** The method to edit; without one the form defines a new method. */
  method?: MethodView
  /** The id of the heading that names the form. */
  labelledBy: string
  /** After the backend recorded it: the method as now stored, and the log entry (if found). */
  onSaved: (method: MethodView, seq: number | undefined) => void
  onCancel?: () => void
}

export function MethodForm({ method, labelledBy, onSaved, onCancel }: MethodFormProps) {
  const editing = method !== undefined
  const initial = valuesOf(method)
  const form = useBackendForm<Field>({
    initial,
    order: ORDER,
    idPrefix: editing ? 'edit-method' : 'method',
    fieldOf,
    byCode: { METHOD_EXISTS: 'methodId', POLICY_INVALID: 'threshold' },
    resetAfterSave: !editing,
    save: async (values) => {
      // Checked when the quorum is set or changed (an edit of other fields leaves it as it was).
      if (!method || changedFields(values, initial, POLICY_FIELDS).length > 0) {
        const { custodians } = await call('custodians.list', {})
        refuseImpossible(values, custodians.filter((c) => !c.retired).length)
      }
      if (method) {
        // Use cases compare as the list they become, so a trailing blank line is no change.
        const text = changedFields(values, initial, EDITABLE_TEXT).filter(
          (f) => f !== 'useCases' || useCasesOf(values.useCases).join('\n') !== method.useCases.join('\n'),
        )
        const policy = changedFields(values, initial, POLICY_FIELDS)
        if (text.length === 0 && policy.length === 0) throw new Error('Nothing changed. Edit a field, or cancel.')
        const saved = await call('methods.update', {
          methodId: method.methodId,
          ...Object.fromEntries(text.map((f) => [f, f === 'useCases' ? useCasesOf(values.useCases) : values[f]])),
          ...(policy.length ? { policy: policyOf(values, policy, 'refuse') } : {}),
        })
        onSaved(saved, await latestEntryAbout('method.updated', 'methodId', method.methodId))
      } else {
        const added = await call('methods.add', {
          name: values.name,
          scope: values.scope,
          access: values.access,
          ownerTeam: values.ownerTeam,
          ...(values.ownerContacts.trim() ? { ownerContacts: values.ownerContacts.trim() } : {}),
          useCases: useCasesOf(values.useCases),
          ...(values.methodId.trim() ? { methodId: values.methodId.trim() } : {}),
          policy: policyOf(values, POLICY_FIELDS, 'omit') as { threshold: number; total: number },
        })
        onSaved(added, added.defined.seq)
      }
    },
  })

  // Read again when the quorum changes, so the count follows custodians added meanwhile.
  const [roster] = useAsync(() => call('custodians.list', {}), [form.values.total, form.values.copies])
  const activeCustodians = roster.status === 'ready' ? roster.value.custodians.filter((c) => !c.retired).length : undefined

  /**
   * Refuses, in plain words on the field, a quorum that cannot be issued: the numbers out of
   * range, or more sheets than custodians (each sheet must go to a different person).
   */
  function refuseImpossible(values: Record<Field, string>, activeCustodians: number) {
    const k = numberOf(values.threshold)
    const n = numberOf(values.total)
    const c = numberOf(values.copies)
    const issues: string[] = []
    if (k !== undefined && (!Number.isInteger(k) || k < 2)) issues.push('policy.threshold: At least 2 sheets must be needed, or one person alone could open the credential.')
    if (n !== undefined && (!Number.isInteger(n) || n < 2 || n > 16)) issues.push('policy.total: Give between 2 and 16 shares.')
    if (k !== undefined && n !== undefined && k > n) issues.push(`policy.threshold: ${k} sheets needed is more than the ${n} shares there are. Need at most ${n}, or make more shares.`)
    if (c !== undefined && (!Number.isInteger(c) || c < 1 || c > 5)) issues.push('policy.copies: Print between 1 and 5 copies of each share.')
    if (issues.length === 0 && n !== undefined && activeCustodians > 0) {
      const needed = n * (c ?? DEFAULT_POLICY.copies)
      if (needed > activeCustodians) {
        issues.push(
          `policy.copies: ${n} shares × ${c ?? DEFAULT_POLICY.copies} copies need ${needed} custodians, one sheet each, and the roster has ${activeCustodians}. ` +
            'Add custodians first, or lower the shares or copies.',
        )
      }
    }
    if (issues.length > 0) {
      throw new UiError({ code: 'POLICY_INVALID', message: issues.map((i) => i.replace(/^[^:]+: /, '')).join(' '), details: { issues } })
    }
  }

  const number = (field: PolicyField, label: string, hint?: string) => (
    <TextField label={label} {...form.field(field)} hint={hint} inputMode="numeric" className="number-input" />
  )
  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby={labelledBy}>
      <FormSummary title={editing ? 'The changes were not saved.' : 'The method was not added.'} problem={form.problem} />
      <div className="form-grid">
        <TextField label="Name" {...form.field('name')} maxLength={120} hint="As people will say it in an emergency." />
        {!editing && (
          <TextField
            label="ID"
            optional
            {...form.field('methodId')}
            maxLength={63}
            hint="Lower-case letters, digits and hyphens; the logbook names it by this. Left empty, it is made from the name."
            className="mono-input"
          />
        )}
        <TextField label="Scope" {...form.field('scope')} maxLength={300} hint="What the credential reaches, e.g. the account and environment." />
        <TextField
          label="Access it grants"
          {...form.field('access')}
          maxLength={300}
          hint="E.g. root user of the management account, or AdministratorAccess."
        />
        <TextField label="Owner team" {...form.field('ownerTeam')} maxLength={120} hint="Who owns the resource and must be told of every release." />
        <TextField
          label="Owner contacts"
          optional
          {...form.field('ownerContacts')}
          maxLength={300}
          hint="Whom at the owner team to tell of a release, and how; every request starts with it."
        />
        <TextAreaField label="Permitted use cases" {...form.field('useCases')} rows={3} hint="One per line. A release must name one of these." />
      </div>
      <fieldset className="fieldset">
        <legend>Quorum</legend>
        <div className="field-row">
          {number('threshold', 'Sheets needed')}
          {number('total', 'Shares')}
          {number('copies', 'Copies of each')}
        </div>
        <p className="hint" aria-live="polite">
          {needsText(form.values, activeCustodians)}
        </p>
        <p className="hint">
          Any “sheets needed” of the shares open the credential; fewer reveal nothing.
          {editing && ' Sheets already issued keep the quorum they were split with; a change applies to the next set.'}
        </p>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Deadlines after a release</legend>
        <div className="field-row">
          {number('revokeWithinHours', 'Revoke within (hours)')}
          {number('rotateWithinHours', 'Rotate within (hours)')}
          {number('reviewWithinDays', 'Review within (days)')}
          {number('drillEveryDays', 'Drill every (days)')}
        </div>
      </fieldset>
      <FormActions busy={form.busy} busyLabel={editing ? 'Saving…' : 'Adding…'} label={editing ? 'Save changes' : 'Add method'}>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </FormActions>
    </form>
  )
}

/** "This quorum needs 10 custodians (5 shares × 2 copies, one sheet each); the roster has 5." */
function needsText(values: Record<Field, string>, active: number | undefined): string {
  const n = numberOf(values.total)
  const c = numberOf(values.copies) ?? DEFAULT_POLICY.copies
  if (n === undefined || !Number.isInteger(n) || !Number.isInteger(c) || n < 1 || c < 1) return ''
  const needed = n * c
  const roster = active === undefined ? '' : `; the roster has ${active}${active < needed ? `, so ${needed - active} more must be added before sheets can be issued` : ''}`
  return `This quorum needs ${needed} custodians (${n} shares × ${c} ${c === 1 ? 'copy' : 'copies'}, one sheet each)${roster}.`
}
