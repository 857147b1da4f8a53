// The computer account Custos runs under (from vault.status), so that an entry recorded without
// a named person reads "this computer's account <name>", never as if the account were a person.
import { createContext, useContext } from 'react'
import { actorWords } from '../shared/entry-words'

export const ComputerAccount = createContext<string | undefined>(undefined)

/** Who recorded something, in words: a named person as given, the computer account said as such. */
export function useActorWords(): (actor: string) => string {
  const account = useContext(ComputerAccount)
  return (actor) => actorWords(actor, account)
}
