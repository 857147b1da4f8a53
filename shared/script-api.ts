// Contract schemas of the printable ceremony scripts (break glass, issuance, drill,
// destruction) and of recording a script's steps as they are done, so log and paper agree.
import { z } from 'zod'

export const SCRIPT_KINDS = ['break-glass', 'issuance', 'drill', 'destruction', 'custody-record'] as const
export const ScriptKind = z.enum(SCRIPT_KINDS)
export type ScriptKind = z.infer<typeof ScriptKind>

export const ScriptSaveInput = z.object({
  methodId: z.string().trim().min(1).max(64),
  kind: ScriptKind,
})

export const ScriptStepInput = z.object({
  methodId: z.string().trim().min(1).max(64),
  kind: ScriptKind,
  /** What the run is about: a release id, a set id or a drill, as the step's paper says. */
  reference: z.string().trim().max(80).optional(),
  step: z.number().int().min(1).max(50),
  /** Who did the step: a custodian id or a person's full name. */
  doneBy: z.string().trim().min(1).max(120),
  note: z.string().trim().max(500).optional(),
})

export const ScriptStepView = z.object({
  kind: ScriptKind,
  methodId: z.string(),
  step: z.number(),
  action: z.string(),
  doneBy: z.string(),
  time: z.string(),
})
