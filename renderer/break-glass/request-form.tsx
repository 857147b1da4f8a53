// Step 1 of breaking the glass: the request, every field the seeds require, at the cost of
// as few actions as a person at 4 a.m. can afford. The requester is the operator unless said
// otherwise; the use case is a choice from the method; the owner team and contacts come from
// the method; what the last request of this method said about things that rarely change
// (requester team and area, owner contacts, business risk, why normal access is out) is offered
// again, to be checked; for a method's first request the requester's team and area start from
// the method (its owner team and scope), to be checked too; with several methods, choosing a use
// case chooses its method; seed 000's initial checklist is one grouped confirmation; who verified
// the request may follow in aftercare. Nothing is logged until the request is complete.
import { useRef, useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { TextAreaField, TextField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import type { MethodView } from '../components/method-details'
import { call, UiError } from '../custos-client'
import { useBackendForm } from '../use-backend-form'

export type ReleaseView = OperationOutput<'release.request'>
type CustodianView = OperationOutput<'custodians.list'>['custodians'][number]

const FIELDS = [
  'methodId',
  'useCase',
  'incidentTicket',
  'operator',
  'justification',
  'businessRisk',
  'whyNotNormalAccess',
  'requesterName',
  'requesterTeam',
  'requesterArea',
  'ownerTeam',
  'ownerContacts',
  'verification',
] as const
type Field = (typeof FIELDS)[number]

/** The fields offered again from the last request of the same method (never the incident's own facts). */
const REMEMBERED = ['requesterTeam', 'requesterArea', 'ownerContacts', 'businessRisk', 'whyNotNormalAccess'] as const

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
  verification: 'verification',
}

const CHECKLIST = [
  ['resourceOwnerContacted', 'The resource owner was contacted'],
  ['localTeamInformed', 'The local team was informed'],
  ['widerTeamInformed', 'The wider team was informed'],
  ['escalatedToServiceOwner', 'It was escalated to the service owner'],
] as const
type ChecklistKey = (typeof CHECKLIST)[number][0]
type Checklist = Record<ChecklistKey, boolean>
const NOTHING_CHECKED: Checklist = { resourceOwnerContacted: false, localTeamInformed: false, widerTeamInformed: false, escalatedToServiceOwner: false }

interface RequestFormProps {
  /** Methods that have an active set (only those can be released). */
  methods: MethodView[]
  /** Earlier requests, newest first: the last one of a method is offered again where safe. */
  releases: ReleaseView[]
  /** The roster: an operator who is a custodian brings their team. */
  custodians: CustodianView[]
  onRequested: (release: ReleaseView, method: MethodView) => void
}

/** What a new request of this method starts from. */
function startingValues(method: MethodView | undefined, releases: ReleaseView[]): { values: Record<Field, string>; from?: ReleaseView } {
  const last = method ? releases.find((r) => r.methodId === method.methodId) : undefined
  const ownerContacts = method?.ownerContacts
  return {
    from: last,
    values: {
      methodId: method?.methodId ?? '',
      useCase: method?.useCases.length === 1 ? method.useCases[0]! : '',
      incidentTicket: '',
      operator: '',
      justification: '',
      businessRisk: last?.businessRisk ?? '',
      whyNotNormalAccess: last?.whyNotNormalAccess ?? '',
      requesterName: '',
      // A method's first request: the requester is most often of the team that owns what breaks.
      requesterTeam: last?.requester.team ?? method?.ownerTeam ?? '',
      requesterArea: last?.requester.area ?? method?.scope ?? '',
      ownerTeam: method?.ownerTeam ?? '',
      ownerContacts: last?.resourceOwner.contacts ?? ownerContacts ?? '',
      verification: '',
    },
  }
}

export function RequestForm({ methods, releases, custodians, onRequested }: RequestFormProps) {
  const first = methods.length === 1 ? methods[0] : undefined
  const start = startingValues(first, releases)
  const [remembered, setRemembered] = useState<ReleaseView | undefined>(start.from)
  const [operatorRequests, setOperatorRequests] = useState(true)
  const [checklist, setChecklist] = useState<Checklist>(NOTHING_CHECKED)
  const [rememberedOpen, setRememberedOpen] = useState(false)
  const rememberedRef = useRef<HTMLDetailsElement>(null)
  const form = useBackendForm<Field>({
    initial: start.values,
    order: FIELDS,
    idPrefix: 'request',
    fieldOf: (path) => BY_PATH[path],
    byCode: { METHOD_NOT_FOUND: 'methodId', SET_NOT_FOUND: 'methodId' },
    save: async (v) => {
      try {
        // Someone on the roster is named by their id (the log then knows it is that custodian).
        const typed = v.operator.trim()
        const onRoster = custodians.find((c) => !c.retired && c.name.trim().toLowerCase() === typed.toLowerCase())
        const operator = onRoster ? onRoster.custodianId : typed
        const release = await call('release.request', {
          methodId: v.methodId,
          incidentTicket: v.incidentTicket,
          justification: v.justification,
          businessRisk: v.businessRisk,
          whyNotNormalAccess: v.whyNotNormalAccess,
          requester: { name: operatorRequests ? operator : v.requesterName, team: v.requesterTeam, area: v.requesterArea },
          resourceOwner: { team: v.ownerTeam, contacts: v.ownerContacts },
          useCase: v.useCase,
          operator,
          checklist,
          ...(v.verification.trim() ? { verification: v.verification.trim() } : {}),
        })
        onRequested(release, methods.find((m) => m.methodId === release.methodId)!)
      } catch (error) {
        const issues = asFieldIssues(error, operatorRequests)
        // A refused remembered field must be visible to be fixed.
        if (issues instanceof UiError && Array.isArray(issues.details.issues)) {
          const paths = (issues.details.issues as string[]).map((i) => BY_PATH[i.split(':')[0]!])
          if (paths.some((f) => (REMEMBERED as readonly string[]).includes(f ?? ''))) setRememberedOpen(true)
        }
        throw issues
      }
    },
  })
  const method = methods.find((m) => m.methodId === form.values.methodId)
  const methodField = form.field('methodId')
  const useCaseField = form.field('useCase')
  const operatorField = form.field('operator')

  function chooseMethod(methodId: string) {
    const next = methods.find((m) => m.methodId === methodId)
    const fresh = startingValues(next, releases)
    methodField.onChange(methodId)
    useCaseField.onChange(fresh.values.useCase)
    for (const key of ['ownerTeam', 'ownerContacts', ...REMEMBERED] as const) form.field(key).onChange(fresh.values[key])
    setRemembered(fresh.from)
  }

  /** With several methods and none chosen yet, a use case is chosen with its method: one action, not two. */
  function chooseUseCase(methodId: string, useCase: string) {
    if (methodId !== form.values.methodId) chooseMethod(methodId)
    useCaseField.onChange(useCase)
  }

  function chooseOperator(name: string) {
    operatorField.onChange(name)
    // An operator on the roster brings their team, unless a team was typed or remembered.
    const custodian = custodians.find((c) => !c.retired && c.name.trim().toLowerCase() === name.trim().toLowerCase())
    const team = form.field('requesterTeam')
    const teamFromMethod = !remembered && team.value === (method?.ownerTeam ?? '')
    if (custodian && (!team.value || teamFromMethod)) team.onChange(custodian.team)
  }

  const allChecked = CHECKLIST.every(([key]) => checklist[key])
  const rememberedFields = (
    <>
      <div className="form-grid form-grid-3">
        <TextField
          label="Requester team"
          {...form.field('requesterTeam')}
          maxLength={120}
          hint={remembered ? undefined : 'Starts as the method\'s owner team (the operator\'s, when on the roster): check it.'}
        />
        <TextField
          label="Requester area"
          {...form.field('requesterArea')}
          maxLength={120}
          hint={remembered ? 'Business area or service affected.' : 'Business area or service affected; starts as the method\'s scope.'}
        />
        <TextField label="Owner contacts" {...form.field('ownerContacts')} maxLength={300} hint="Who at the owner team is told, and how." />
      </div>
      <div className="form-grid">
        <TextAreaField label="Business risk and impact" {...form.field('businessRisk')} rows={2} maxLength={2000} />
        <TextAreaField
          label="Why normal access cannot be used"
          {...form.field('whyNotNormalAccess')}
          rows={2}
          maxLength={2000}
          hint="E.g. the SSO provider is down."
        />
      </div>
    </>
  )

  return (
    <form ref={form.formRef} className="form form-wide request-form" onSubmit={form.onSubmit} noValidate aria-labelledby="request-heading">
      <FormSummary title="The request was not recorded." problem={form.problem} />
      <div className="form-grid">
        {methods.length > 1 ? (
          <div className={`field${methodField.error ? ' field-invalid' : ''}`}>
            <label htmlFor={methodField.id}>Break-glass method</label>
            <select
              id={methodField.id}
              value={methodField.value}
              onChange={(event) => chooseMethod(event.target.value)}
              aria-invalid={methodField.error ? true : undefined}
              aria-describedby={methodField.error ? `${methodField.id}-error` : undefined}
            >
              <option value="">Choose the credential to release…</option>
              {methods.map((m) => (
                <option key={m.methodId} value={m.methodId}>
                  {m.name}
                </option>
              ))}
            </select>
            {methodField.error && (
              <p id={`${methodField.id}-error`} className="field-error">
                {methodField.error}
              </p>
            )}
          </div>
        ) : (
          <div className="field">
            <span className="field-label">Break-glass method</span>
            <p className="field-static">{method?.name}</p>
          </div>
        )}
        {method && (
          <p className="hint method-hint">
            {method.scope}. {method.access}. Owner: {method.ownerTeam}.
          </p>
        )}
      </div>
      {(method || methods.length > 1) && (
        <fieldset className={`fieldset choice-group${useCaseField.error ? ' field-invalid' : ''}`} aria-describedby={useCaseField.error ? `${useCaseField.id}-error` : undefined}>
          <legend>Permitted use case</legend>
          {useCaseField.error && (
            <p id={`${useCaseField.id}-error`} className="field-error">
              {useCaseField.error}
            </p>
          )}
          {methods.length > 1 ? (
            // Every method's use cases under its name, always the same radios (focus stays put):
            // choosing one chooses its method too.
            <div id={useCaseField.id} tabIndex={-1}>
              <p className="hint">Choosing a use case chooses its method.</p>
              {methods.map((m) => (
                <fieldset key={m.methodId} className="choice-subgroup">
                  <legend>{m.name}</legend>
                  <div className="choice-list">
                    {m.useCases.map((useCase) => (
                      <label key={useCase} className="choice">
                        <input
                          type="radio"
                          name="request-use-case"
                          value={useCase}
                          checked={m.methodId === method?.methodId && useCaseField.value === useCase}
                          onChange={() => chooseUseCase(m.methodId, useCase)}
                        />
                        {useCase}
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
            </div>
          ) : (
            <div className="choice-list" id={useCaseField.id} tabIndex={-1}>
              {method!.useCases.map((useCase) => (
                <label key={useCase} className="choice">
                  <input type="radio" name="request-use-case" value={useCase} checked={useCaseField.value === useCase} onChange={() => useCaseField.onChange(useCase)} />
                  {useCase}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
      <div className="form-grid">
        <TextField label="Incident ticket" {...form.field('incidentTicket')} maxLength={120} hint="E.g. INC-4711." />
        <TextField
          label="Operator"
          {...operatorField}
          onChange={chooseOperator}
          maxLength={120}
          hint="The one person who will receive and use the credential."
        />
      </div>
      <TextAreaField label="Justification" {...form.field('justification')} rows={2} maxLength={2000} hint="What is broken and what you will do with the credential." />

      <fieldset className="fieldset">
        <legend>Initial checklist</legend>
        <label className="choice choice-strong">
          <input
            type="checkbox"
            checked={allChecked}
            onChange={(event) => setChecklist(Object.fromEntries(CHECKLIST.map(([key]) => [key, event.target.checked])) as Checklist)}
          />
          All four done: owner contacted, local and wider team informed, escalated to the service owner
        </label>
        <details className="checklist-details">
          <summary>Tick them one by one</summary>
          <div className="choice-list">
            {CHECKLIST.map(([key, label]) => (
              <label key={key} className="choice">
                <input type="checkbox" checked={checklist[key]} onChange={(event) => setChecklist((c) => ({ ...c, [key]: event.target.checked }))} />
                {label}
              </label>
            ))}
          </div>
        </details>
        <p className="hint">Recorded as confirmed; what was not done is recorded too.</p>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Requester and resource owner</legend>
        <label className="choice">
          <input type="checkbox" checked={operatorRequests} onChange={(event) => setOperatorRequests(event.target.checked)} />
          The operator is the requester
        </label>
        {!operatorRequests && <TextField label="Requester name" {...form.field('requesterName')} maxLength={120} />}
        <TextField label="Owner team" {...form.field('ownerTeam')} maxLength={120} hint="From the method; told of every release." />
        {remembered ? (
          <details
            ref={rememberedRef}
            className="remembered"
            open={rememberedOpen}
            onToggle={(event) => setRememberedOpen((event.target as HTMLDetailsElement).open)}
          >
            <summary>
              From the last request of this method ({remembered.incidentTicket}): requester team and area, owner contacts, business risk, why
              normal access cannot be used. Check they still hold.
            </summary>
            {rememberedFields}
          </details>
        ) : (
          rememberedFields
        )}
      </fieldset>

      <TextField
        label="Verified with"
        {...form.field('verification')}
        optional
        maxLength={500}
        hint="Who verified this request, with whom and how. Can be added later, in aftercare."
      />

      <div className="form-actions sticky-actions">
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {form.busy ? 'Recording…' : 'Record request and gather the quorum'}
        </button>
      </div>
    </form>
  )
}

/**
 * REQUEST_INCOMPLETE names the missing fields by path (details.fields); the shared form hook
 * reads "path: problem" lines, so they are restated that way with a person's words.
 */
function asFieldIssues(error: unknown, operatorRequests: boolean): unknown {
  if (!(error instanceof UiError)) return error
  const fields = Array.isArray(error.details.fields) ? (error.details.fields as unknown[]).filter((f): f is string => typeof f === 'string') : []
  // With the operator as requester, a missing requester name is the missing operator.
  const mapped = fields.map((path) => (operatorRequests && path === 'requester.name' ? 'operator' : path))
  const issues: string[] = [...new Set(mapped)].map((path) => `${path}: This is required.`)
  if (error.code === 'INPUT_INVALID' && /use case/i.test(error.message)) issues.push(`useCase: ${error.message}`)
  if (issues.length === 0) return error
  return new UiError({ code: error.code, message: error.message, details: { ...error.details, issues } })
}
