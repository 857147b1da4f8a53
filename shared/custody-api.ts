// Contract schemas of what happens to sheets after hand-over (a bag opened or resealed, a
// sheet moved or lost) and of the printable runbook: operations both front ends offer.
import { z } from 'zod'
import { SheetBagOpenedEvent, SheetBagResealedEvent, SheetLostEvent, SheetMovedEvent, SheetRef } from './ceremony-events'
import { SetView } from './workflow-api'

// Field rules come from the events each operation records: one home for each limit.
const SheetAt = z.object({
  setId: z.string().max(40),
  index: SheetRef.shape.index,
  copy: SheetRef.shape.copy,
})

export const BagOpenedInput = SheetAt.extend({ serial: SheetBagOpenedEvent.shape.serial, reason: SheetBagOpenedEvent.shape.reason })
/** `mismatch` is true when the serial is not the one recorded: logged as a custody exception. */
export const BagOpenedView = z.object({ mismatch: z.boolean(), set: SetView })

export const ResealedInput = SheetAt.extend({ serial: SheetBagResealedEvent.shape.newSerial })
export const SheetMovedInput = SheetAt.extend({ toCustodianId: z.string().trim().min(1).max(64), bagSerial: SheetMovedEvent.shape.bagSerial })
export const SheetLostInput = SheetAt.extend({ note: SheetLostEvent.shape.note })

export const RunbookSaved = z.object({
  /** False when the person cancelled the dialog (nothing was written). */
  saved: z.boolean(),
  path: z.string().optional(),
  bytes: z.number().optional(),
  sha256: z.string().optional(),
})
