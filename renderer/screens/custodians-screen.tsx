// Custodians & methods: the roster and the break-glass method definitions. Their backend
// (methods.list, custodians.list, custodians.add) is not in the contract yet; until it is,
// this screen says so plainly instead of showing an empty, misleading roster.
import { ScreenHeading } from '../components/screen-heading'

export function CustodiansScreen() {
  return (
    <>
      <ScreenHeading title="Custodians & methods" />
      <section className="card" aria-labelledby="roster-pending-heading">
        <h2 id="roster-pending-heading">Not available in this build yet</h2>
        <p>
          The custodian roster and break-glass method definitions will be managed here. Until then, share sets issued
          from the command line appear on the Dashboard and every event is in the Logbook.
        </p>
      </section>
    </>
  )
}
