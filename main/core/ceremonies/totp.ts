// The current MFA code of a released root login, computed offline from its TOTP seed.
import { Secret, TOTP } from 'otpauth'

export interface TotpCode {
  code: string
  /** Seconds until this code stops being accepted. */
  secondsRemaining: number
  period: number
}

export function currentTotp(seedBase32: string, now: Date): TotpCode {
  const totp = new TOTP({ secret: Secret.fromBase32(seedBase32.replace(/=+$/, '')), digits: 6, period: 30, algorithm: 'SHA1' })
  const timestamp = now.getTime()
  return {
    code: totp.generate({ timestamp }),
    secondsRemaining: totp.period - (Math.floor(timestamp / 1000) % totp.period),
    period: totp.period,
  }
}
