// Which logbook entry recorded a change just made. custodians.update and methods.update
// return the new state, whose views only carry when the subject was added or defined, so
// the newest entry of that type about that subject is read back from the log.
import { call } from './custos-client'

export async function latestEntryAbout(type: string, key: 'custodianId' | 'methodId', id: string): Promise<number | undefined> {
  try {
    const { entries } = await call('log.entries', { type, newestFirst: true, limit: 20 })
    return entries.find((entry) => entry.event[key] === id)?.seq
  } catch {
    // The change is saved either way; the notice then says so without the entry number.
    return undefined
  }
}
