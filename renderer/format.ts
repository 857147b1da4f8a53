// Dates and hashes as people read them: local time with the zone, hashes shortened.
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

export function shortHash(hex: string, length = 12): string {
  return hex.length > length ? `${hex.slice(0, length)}…` : hex
}

/** "in 3 hours" / "2 days ago", for deadlines. */
export function relativeTo(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now
  const abs = Math.abs(diff)
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ]
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
  for (const [unit, ms] of units) {
    if (abs >= ms || unit === 'minute') return rtf.format(Math.round(diff / ms), unit)
  }
  return ''
}

/** "V9QWDC1K" as printed on sheets: "V9QW-DC1K". */
export function groupSetId(setId: string): string {
  return setId.length === 8 ? `${setId.slice(0, 4)}-${setId.slice(4)}` : setId
}

/** "1 hour", "5 days": policy durations in words. */
export function countOf(n: number, unit: string, plural = `${unit}s`): string {
  return `${n} ${n === 1 ? unit : plural}`
}
