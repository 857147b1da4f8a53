// The clock seam: deadlines and obligations are tested across a year in milliseconds
// by handing services a fake clock instead of reading Date.now() directly.

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests and scripted scenarios move by hand. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(to: Date | string): void } {
  let current = new Date(start).getTime()
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms
    },
    set: (to) => {
      current = new Date(to).getTime()
    },
  }
}
