// Hash routing (#/dashboard, #/logbook, ...): in-page navigation only, which the Electron
// main process allows while it refuses every real navigation.
import { useEffect, useState } from 'react'

export const ROUTES = ['dashboard', 'logbook', 'custodians'] as const
export type Route = (typeof ROUTES)[number]

function parse(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? ''
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'dashboard'
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
