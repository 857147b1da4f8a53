// Step 1 of breaking the glass: the request, every field required so the release can be
// audited. The backend (release.request) names each missing field; they are marked here
// and focus goes to the first. Nothing is logged until the request is complete.
import type { OperationOutput } from '../../shared/api'
import { SelectField, TextAreaField, TextField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import { FormActions } from '../components/form-actions'
import type { MethodView } from '../components/method-details'
import { call, UiError } from '../custos-client'
import { useBackendForm } from '../use-backend-form'

export type ReleaseView = OperationOutput<'release.request'>

const FIELDS = [
  'methodId',
  'useCase',
  'incidentTicket',
  'justification',
  'businessRisk',
  'whyNotNormalAccess',
  'requesterName',
  'requesterTeam',
  'requesterArea',
  'ownerTeam',
  'ownerContacts',
  'operator',
] as const
type Field = (typeof FIELDS)[number]

/** The contract's paths ("requester.name") as this form's fields. */
const BY_PATH: Record<string, Field> = {
  methodId: 'methodId',
  useCase: 'useCase',
  incidentTicket: 'incidentTicket',
  justification: 'justification',
  businessRisk: 'businessRisk',
  whyNotNormalAccess: 'whyNotNormalAccess',
  'requester.name': 'requesterName',
  'requester.team': 'requesterTeam',
  'requester.area': 'requesterArea',
  'resourceOwner.team': 'ownerTeam',
  'resourceOwner.contacts': 'ownerContacts',
  operator: 'operator',
}

interface RequestFormProps {
  /** Methods that have an active set (only those can be released). */
  methods: MethodView[]
  onRequested: (release: ReleaseView, method: MethodView) => void
}

export function RequestForm({ methods, onRequested }: RequestFormProps) {
  const first = methods.length === 1 ? methods[0] : undefined
  const initial: Record<Field, string> = {
    methodId: first?.methodId ?? '',
    useCase: first?.useCases.length === 1 ? first.useCases[0]! : '',
    incidentTicket: '',
    justification: '',
    businessRisk: '',
    whyNotNormalAccess: '',
    requesterName: '',
    requesterTeam: '',
    requesterArea: '',
    ownerTeam: first?.ownerTeam ?? '',
    ownerContacts: '',
    operator: '',
  }
  const form = useBackendForm<Field>({
    initial,
    order: FIELDS,
    idPrefix: 'request',
    fieldOf: (path) => BY_PATH[path],
    byCode: { METHOD_NOT_FOUND: 'methodId', SET_NOT_FOUND: 'methodId' },
    save: async (v) => {
      try {
        const release = await call('release.request', {
          methodId: v.methodId,
          incidentTicket: v.incidentTicket,
          justification: v.justification,
          businessRisk: v.businessRisk,
          whyNotNormalAccess: v.whyNotNormalAccess,
          requester: { name: v.requesterName, team: v.requesterTeam, area: v.requesterArea },
          resourceOwner: { team: v.ownerTeam, contacts: v.ownerContacts },
          useCase: v.useCase,
          operator: v.operator,
        })
        onRequested(release, methods.find((m) => m.methodId === release.methodId)!)
      } catch (error) {
        throw asFieldIssues(error)
      }
    },
  })
  const method = methods.find((m) => m.methodId === form.values.methodId)
  const methodField = form.field('methodId')
  const useCaseField = form.field('useCase')

  function chooseMethod(methodId: string) {
    methodField.onChange(methodId)
    const next = methods.find((m) => m.methodId === methodId)
    // The owner team follows the method unless someone typed another.
    const owner = form.field('ownerTeam')
    if (!owner.value || methods.some((m) => m.ownerTeam === owner.value)) owner.onChange(next?.ownerTeam ?? '')
    useCaseField.onChange(next?.useCases.length === 1 ? next.useCases[0]! : '')
  }

  return (
    <form ref={form.formRef} className="form form-wide" onSubmit={form.onSubmit} noValidate aria-labelledby="request-heading">
      <FormSummary title="The request was not recorded." problem={form.problem} />
      <div className="form-grid">
        <SelectField
          {...methodField}
          label="Break-glass method"
          onChange={chooseMethod}
          placeholder="Choose the credential to release…"
          options={methods.map((m) => ({ value: m.methodId, label: m.name }))}
          hint={method ? `${method.scope}. ${method.access}.` : 'Only methods with an active set of sheets can be released.'}
        />
        <SelectField
          {...useCaseField}
          label="Permitted use case"
          placeholder={method ? 'Choose the use case…' : 'Choose a method first'}
          options={(method?.useCases ?? []).map((u) => ({ value: u, label: u }))}
          hint="A release may only serve one of the method’s permitted use cases."
        />
        <TextField label="Incident ticket" {...form.field('incidentTicket')} maxLength={120} hint="E.g. INC-4711." />
        <TextField
          label="Operator"
          {...form.field('operator')}
          maxLength={120}
          hint="The one person who will receive and use the credential."
        />
        <TextAreaField label="Justification" {...form.field('justification')} rows={3} maxLength={2000} hint="What is broken and what you will do with the credential." />
        <TextAreaField label="Business risk and impact" {...form.field('businessRisk')} rows={3} maxLength={2000} />
        <TextAreaField
          label="Why normal access cannot be used"
          {...form.field('whyNotNormalAccess')}
          rows={3}
          maxLength={2000}
          hint="E.g. the SSO provider is down."
        />
      </div>
      <fieldset className="fieldset">
        <legend>Requester</legend>
        <div className="form-grid form-grid-3">
          <TextField label="Requester name" {...form.field('requesterName')} maxLength={120} />
          <TextField label="Requester team" {...form.field('requesterTeam')} maxLength={120} />
          <TextField label="Requester area" {...form.field('requesterArea')} maxLength={120} hint="Business area or service affected." />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Resource owner</legend>
        <div className="form-grid">
          <TextField label="Owner team" {...form.field('ownerTeam')} maxLength={120} hint="Told of every release." />
          <TextField label="Owner contacts" {...form.field('ownerContacts')} maxLength={300} hint="Who at the owner team was told, and how." />
        </div>
      </fieldset>
      <FormActions busy={form.busy} busyLabel="Recording…" label="Record request and gather the quorum" />
    </form>
  )
}

/**
 * REQUEST_INCOMPLETE names the missing fields by path (details.fields); the shared form hook
 * reads "path: problem" lines, so they are restated that way with a person's words.
 */
function asFieldIssues(error: unknown): unknown {
  if (!(error instanceof UiError)) return error
  const fields = Array.isArray(error.details.fields) ? (error.details.fields as unknown[]).filter((f): f is string => typeof f === 'string') : []
  const issues: string[] = fields.map((path) => `${path}: This is required.`)
  if (error.code === 'INPUT_INVALID' && /use case/i.test(error.message)) issues.push(`useCase: ${error.message}`)
  if (issues.length === 0) return error
  return new UiError({ code: error.code, message: error.message, details: { ...error.details, issues } })
}
