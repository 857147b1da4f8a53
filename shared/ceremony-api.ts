// Schemas of the ceremony operations in the API contract (shared/api.ts): methods, the
// custodian roster and obligations, as the desktop app reads and edits them.
import { z } from 'zod'
import { MethodPolicy } from './ceremony-events'

const At = z.object({ seq: z.number(), time: z.string(), actor: z.string() })

export const MethodView = z.object({
  methodId: z.string(),
  name: z.string(),
  scope: z.string(),
  ownerTeam: z.string(),
  /** Whom at the owner team to tell of a release, and how: prefills each request. */
  ownerContacts: z.string().optional(),
  useCases: z.array(z.string()),
  access: z.string(),
  policy: MethodPolicy,
  defined: At,
  activeSetId: z.string().optional(),
  pendingSetId: z.string().optional(),
})

// Upper limits are the logged events' (shared/ceremony-events.ts), so an over-long field is
// refused here, naming the field, before anything is attempted.
export const MethodAddInput = z.object({
  methodId: z.string().max(63).optional(),
  name: z.string().max(120),
  scope: z.string().max(300),
  ownerTeam: z.string().max(120),
  ownerContacts: z.string().max(300).optional(),
  useCases: z.array(z.string().max(200)).max(20),
  access: z.string().max(300),
  policy: MethodPolicy.partial().extend({ threshold: z.number().int(), total: z.number().int() }),
})

export const CustodianView = z.object({
  custodianId: z.string(),
  name: z.string(),
  contact: z.string(),
  team: z.string(),
  added: At,
  retired: At.extend({ reason: z.string() }).optional(),
  /** Live sheets held, as "SETID 2.1". */
  holds: z.array(z.string()),
})

export const CustodianAddInput = z.object({
  custodianId: z.string().max(63).optional(),
  name: z.string().max(120),
  contact: z.string().max(200),
  team: z.string().max(120),
})

export const ObligationView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  detail: z.string(),
  dueAt: z.string(),
  status: z.enum(['due', 'overdue']),
  methodId: z.string().optional(),
  setId: z.string().optional(),
  releaseId: z.string().optional(),
})

export const CustodianUpdateInput = z.object({
  custodianId: z.string().max(63),
  name: z.string().max(120).optional(),
  contact: z.string().max(200).optional(),
  team: z.string().max(120).optional(),
})

export const CustodianRetireInput = z.object({ custodianId: z.string().max(63), reason: z.string().max(300) })

export const MethodUpdateInput = MethodAddInput.partial().extend({
  methodId: z.string(),
  policy: MethodPolicy.partial().optional(),
})
