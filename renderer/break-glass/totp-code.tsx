// The current MFA code of a released root login, computed here from its TOTP seed (otpauth,
// offline): the code and how many seconds it stays valid, refreshed every second.
import { useMemo } from 'react'
import { Secret, TOTP } from 'otpauth'
import { useNow } from './use-now'

export function TotpCode({ seed }: { seed: string }) {
  const now = useNow(1000)
  const totp = useMemo(() => new TOTP({ secret: Secret.fromBase32(seed.replace(/=+$/, '')), digits: 6, period: 30, algorithm: 'SHA1' }), [seed])
  const code = totp.generate({ timestamp: now })
  const left = totp.period - (Math.floor(now / 1000) % totp.period)
  return (
    <section className="totp" aria-labelledby="totp-heading">
      <h3 id="totp-heading">MFA code now</h3>
      <p className="totp-code mono" aria-label={`MFA code ${code.split('').join(' ')}`}>
        {code.slice(0, 3)} {code.slice(3)}
      </p>
      <p className="totp-left">
        Valid for <span className="totp-seconds">{left}</span> more {left === 1 ? 'second' : 'seconds'}; the next code follows
        on its own.
      </p>
      <progress className="totp-bar" max={totp.period} value={left} aria-label="Time left for this code" />
    </section>
  )
}
