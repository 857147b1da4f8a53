// The wire shape of a CustosError ({ code, message, details }) as a schema, for API outputs
// that carry per-item errors (a refused sheet among accepted ones).
import { z } from 'zod'
import { ERROR_CODES } from './errors'

export const ErrorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
})
