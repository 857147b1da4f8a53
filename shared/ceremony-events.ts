// Events of the ceremonies: methods, custodians, issuance and custody of sheets, releases,
// drills and reviews. Part of the logbook's VaultEvent union (shared/events.ts); pure data,
// never a secret or share material (share fingerprints are one-way and truncated).
import { z } from 'zod'
import { ACCESS_KEY_ID_PATTERN, IAM_USER_NAME_PATTERN } from './aws-events'
import { MAX_SHARES, MIN_SHARES } from './share-format'

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'ids are lower-case letters, digits and hyphens')
const SetId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{8}$/, 'expected an 8-character base32 set id')
const Text = (max: number) => z.string().trim().min(1).max(max)
const Iso = z.string().datetime({ offset: true })

export const MethodPolicy = z.strictObject({
  threshold: z.number().int().min(MIN_SHARES).max(MAX_SHARES),
  total: z.number().int().min(MIN_SHARES).max(MAX_SHARES),
  copies: z.number().int().min(1).max(5),
  revokeWithinHours: z.number().positive().max(24 * 30),
  rotateWithinHours: z.number().positive().max(24 * 90),
  reviewWithinDays: z.number().positive().max(365),
  destroyWithinDays: z.number().positive().max(365),
  drillEveryDays: z.number().int().min(7).max(366),
  /** When false the operator may not present a sheet for their own release. */
  operatorMayPresent: z.boolean(),
})
export type MethodPolicy = z.infer<typeof MethodPolicy>

export const DEFAULT_POLICY: Omit<MethodPolicy, 'threshold' | 'total'> = {
  copies: 2,
  revokeWithinHours: 1,
  rotateWithinHours: 24,
  reviewWithinDays: 5,
  destroyWithinDays: 14,
  drillEveryDays: 90,
  operatorMayPresent: false,
}

export const MethodDefinedEvent = z.strictObject({
  type: z.literal('method.defined'),
  methodId: Id,
  name: Text(120),
  /** What the credential reaches, e.g. "AWS 123456789012 production". */
  scope: Text(300),
  ownerTeam: Text(120),
  /** Whom at the owner team to tell of a release, and how (prefills each request). */
  ownerContacts: Text(300).optional(),
  useCases: z.array(Text(200)).min(1).max(20),
  /** The access it grants, e.g. "root user of the organisation management account". */
  access: Text(300),
  policy: MethodPolicy,
})

export const MethodUpdatedEvent = z.strictObject({
  type: z.literal('method.updated'),
  methodId: Id,
  name: Text(120).optional(),
  scope: Text(300).optional(),
  ownerTeam: Text(120).optional(),
  ownerContacts: Text(300).optional(),
  useCases: z.array(Text(200)).min(1).max(20).optional(),
  access: Text(300).optional(),
  policy: MethodPolicy.optional(),
})

export const CustodianAddedEvent = z.strictObject({
  type: z.literal('custodian.added'),
  custodianId: Id,
  name: Text(120),
  contact: Text(200),
  team: Text(120),
})

export const CustodianUpdatedEvent = z.strictObject({
  type: z.literal('custodian.updated'),
  custodianId: Id,
  name: Text(120).optional(),
  contact: Text(200).optional(),
  team: Text(120).optional(),
})

export const CustodianRetiredEvent = z.strictObject({
  type: z.literal('custodian.retired'),
  custodianId: Id,
  reason: Text(300),
})

export const RosterReviewedEvent = z.strictObject({
  type: z.literal('roster.reviewed'),
  reviewer: Text(120),
  note: Text(1000).optional(),
})

export const SheetRef = z.strictObject({
  setId: SetId,
  index: z.number().int().min(1).max(MAX_SHARES),
  copy: z.number().int().min(1).max(5),
})
export type SheetRef = z.infer<typeof SheetRef>

export const SheetsAssignedEvent = z.strictObject({
  type: z.literal('sheets.assigned'),
  setId: SetId,
  methodId: Id,
  copies: z.number().int().min(1).max(5),
  sheets: z.array(z.strictObject({ index: z.number().int().min(1), copy: z.number().int().min(1), custodianId: Id })).min(1),
})

export const SheetHandedOverEvent = z.strictObject({
  type: z.literal('sheet.handed-over'),
  ...SheetRef.shape,
  custodianId: Id,
  bagSerial: Text(60),
})

export const SetScanVerifiedEvent = z.strictObject({
  type: z.literal('set.scan-verified'),
  setId: SetId,
  /** How many sheets of each share index were scanned back and checked. */
  seen: z.array(z.strictObject({ index: z.number().int().min(1), sheets: z.number().int().min(0) })),
  recombined: z.literal(true),
})

export const SetActivatedEvent = z.strictObject({
  type: z.literal('set.activated'),
  setId: SetId,
  methodId: Id,
  /** The set this one replaces; it is retired by this same entry. */
  supersedes: SetId.optional(),
})

export const SetRetiredEvent = z.strictObject({
  type: z.literal('set.retired'),
  setId: SetId,
  reason: z.enum(['superseded', 'abandoned', 'compromised']),
  note: Text(500).optional(),
})

export const SheetBagOpenedEvent = z.strictObject({
  type: z.literal('sheet.bag-opened'),
  ...SheetRef.shape,
  serial: Text(60),
  reason: Text(300),
})

export const SheetBagResealedEvent = z.strictObject({
  type: z.literal('sheet.bag-resealed'),
  ...SheetRef.shape,
  newSerial: Text(60),
})

export const SheetMovedEvent = z.strictObject({
  type: z.literal('sheet.moved'),
  ...SheetRef.shape,
  fromCustodianId: Id,
  toCustodianId: Id,
  bagSerial: Text(60),
})

export const SheetLostEvent = z.strictObject({
  type: z.literal('sheet.lost'),
  ...SheetRef.shape,
  note: Text(500),
})

export const SheetDestroyedEvent = z.strictObject({
  type: z.literal('sheet.destroyed'),
  ...SheetRef.shape,
  witness: Text(120),
})

export const EXCEPTION_KINDS = [
  'bag-serial-mismatch',
  'presented-by-other-custodian',
  'retired-set-presented',
  'sheet-refused',
  'operator-presented',
] as const

export const CustodyExceptionEvent = z.strictObject({
  type: z.literal('custody.exception'),
  kind: z.enum(EXCEPTION_KINDS),
  setId: SetId.optional(),
  index: z.number().int().min(1).max(MAX_SHARES).optional(),
  custodianId: Id.optional(),
  /** The release or drill during which it happened. */
  during: Id.optional(),
  detail: Text(1000),
})

export const Requester = z.strictObject({ name: Text(120), team: Text(120), area: Text(120) })
export const ResourceOwner = z.strictObject({ team: Text(120), contacts: Text(300) })

export const ReleaseRequestedEvent = z.strictObject({
  type: z.literal('release.requested'),
  releaseId: Id,
  methodId: Id,
  incidentTicket: Text(120),
  justification: Text(2000),
  businessRisk: Text(2000),
  whyNotNormalAccess: Text(2000),
  requester: Requester,
  resourceOwner: ResourceOwner,
  useCase: Text(200),
  operator: Text(120),
  /** The operator's custodian id when they are on the roster: the operator rule compares people by id. */
  operatorId: Id.optional(),
  /** Seed 000's initial checklist, confirmed as one group before the request. */
  checklist: z
    .strictObject({
      resourceOwnerContacted: z.boolean(),
      localTeamInformed: z.boolean(),
      widerTeamInformed: z.boolean(),
      escalatedToServiceOwner: z.boolean(),
    })
    .optional(),
  /** Who verified the request, with whom and how (seed 000 §2); may follow in aftercare. */
  verification: Text(500).optional(),
})

/** A request nobody will gather a quorum for (the emergency passed, or a mistake). */
export const ReleaseWithdrawnEvent = z.strictObject({
  type: z.literal('release.withdrawn'),
  releaseId: Id,
  reason: Text(500),
})

/** Who verified a request, with whom and how, recorded after the request (aftercare). */
export const ReleaseVerifiedEvent = z.strictObject({
  type: z.literal('release.verified'),
  releaseId: Id,
  verification: Text(500),
})

export const Presentation = z.strictObject({
  index: z.number().int().min(1).max(MAX_SHARES),
  custodianId: Id,
  /** base32 SHA-256(payload)[0..10]: which sheet text was shown, without the share. */
  shareFingerprint: z.string().length(16),
})

export const ReleaseGrantedEvent = z.strictObject({
  type: z.literal('release.granted'),
  releaseId: Id,
  setId: SetId,
  operator: Text(120),
  presented: z.array(Presentation).min(2),
  /** The released AWS access key id (not a secret): links AWS aftercare evidence to this release. */
  accessKeyId: z.string().regex(ACCESS_KEY_ID_PATTERN).optional(),
  /** The IAM user name of a released aws-access-key bundle (not a secret): which user's key to revoke. */
  awsUserName: z.string().regex(IAM_USER_NAME_PATTERN).optional(),
  revokeBy: Iso,
  rotateBy: Iso,
  reviewBy: Iso,
  /**
   * Present when the credential was recovered outside the vault (`custos recover`) and this
   * release was recorded by importing its receipt (docs/FORMAT.md 2.9).
   */
  recoveredOutside: z
    .strictObject({
      receiptId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{16}$/),
      /** When the credential was recovered, as the receipt says. */
      recoveredAt: Iso,
      /** hex SHA-256 of the receipt file's signed content: which receipt was imported. */
      receiptHash: z.string().regex(/^[0-9a-f]{64}$/),
      /** True when signed by the set's receipt key (format 2 sets): proof a quorum was present. */
      quorumProven: z.boolean(),
      /** False when the sheets' signatures were not checked (--skip-authenticity). */
      authenticityChecked: z.boolean(),
      reason: Text(500),
    })
    .optional(),
})

export const QuorumFailedEvent = z.strictObject({
  type: z.literal('quorum.failed'),
  /** A release id or a drill id. */
  during: Id,
  code: Text(60),
  message: Text(2000),
  presented: z.array(z.strictObject({ custodianId: Id, index: z.number().int().optional(), ok: z.boolean(), code: Text(60).optional() })),
})

export const ReleaseRevokedEvent = z.strictObject({
  type: z.literal('release.revoked'),
  releaseId: Id,
  evidence: Text(2000),
})

export const ReleaseRotatedEvent = z.strictObject({
  type: z.literal('release.rotated'),
  releaseId: Id,
  evidence: Text(2000),
})

export const DrillCompletedEvent = z.strictObject({
  type: z.literal('drill.completed'),
  drillId: Id,
  methodId: Id,
  setId: SetId,
  result: z.enum(['passed', 'failed']),
  presented: z.array(Presentation),
  note: Text(1000).optional(),
})

export const ReviewCompletedEvent = z.strictObject({
  type: z.literal('review.completed'),
  releaseId: Id,
  reviewer: Text(120),
  justified: z.boolean(),
  alternativesConsidered: z.boolean(),
  revokedAndRotated: z.boolean(),
  allActionsLogged: z.boolean(),
  wentWell: Text(2000),
  toImprove: Text(2000),
  actionItems: z.array(Text(500)).max(50),
})

/** One step of a printed ceremony script, done by someone: the log and the paper agree. */
export const ScriptStepDoneEvent = z.strictObject({
  type: z.literal('script.step-done'),
  script: z.enum(['break-glass', 'issuance', 'drill', 'destruction', 'custody-record']),
  methodId: Id,
  reference: Text(80).optional(),
  step: z.number().int().min(1).max(50),
  /** The step's action as printed, so the entry reads on its own. */
  action: Text(500),
  doneBy: Text(120),
  note: Text(500).optional(),
})

export const CEREMONY_EVENT_SCHEMAS = [
  MethodDefinedEvent,
  MethodUpdatedEvent,
  CustodianAddedEvent,
  CustodianUpdatedEvent,
  CustodianRetiredEvent,
  RosterReviewedEvent,
  SheetsAssignedEvent,
  SheetHandedOverEvent,
  SetScanVerifiedEvent,
  SetActivatedEvent,
  SetRetiredEvent,
  SheetBagOpenedEvent,
  SheetBagResealedEvent,
  SheetMovedEvent,
  SheetLostEvent,
  SheetDestroyedEvent,
  CustodyExceptionEvent,
  ReleaseRequestedEvent,
  ReleaseWithdrawnEvent,
  ReleaseVerifiedEvent,
  ReleaseGrantedEvent,
  QuorumFailedEvent,
  ReleaseRevokedEvent,
  ReleaseRotatedEvent,
  DrillCompletedEvent,
  ReviewCompletedEvent,
  ScriptStepDoneEvent,
] as const
