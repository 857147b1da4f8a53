// Hash routing (#/dashboard, #/aftercare/REL-ID, ...): in-page navigation only, which the
// Electron main process allows while it refuses every real navigation.
import { useEffect, useState } from 'react'

export const ROUTES = ['dashboard', 'issuance', 'break-glass', 'drill', 'aftercare', 'audit', 'logbook', 'custodians', 'roster'] as const
export type Route = (typeof ROUTES)[number]

export interface Location {
  route: Route
  /** What follows the route name, e.g. ['rel-20260402-0200'] for #/aftercare/rel-20260402-0200. */
  params: string[]
}

function parse(hash: string): Location {
  const [name = '', ...params] = hash.replace(/^#\/?/, '').split('/')
  const route = (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'dashboard'
  return { route, params: params.filter(Boolean).map(decodeURIComponent) }
}

export function useLocation(): Location {
  const [location, setLocation] = useState<Location>(() => parse(window.location.hash))
  useEffect(() => {
    const onChange = () => setLocation(parse(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return location
}

export function useRoute(): Route {
  return useLocation().route
}

/** The href of a route with parameters, e.g. routeHref('aftercare', releaseId). */
export function routeHref(route: Route, ...params: string[]): string {
  return `#/${[route, ...params.map(encodeURIComponent)].join('/')}`
}
