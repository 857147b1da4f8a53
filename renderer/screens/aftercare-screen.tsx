// Aftercare: #/aftercare lists the releases and what each still needs; #/aftercare/REL-ID
// walks one release through revoke, rotate, re-issue, destroy the old sheets and review.
import { AftercareOverview } from '../aftercare/aftercare-overview'
import { ReleaseAftercare } from '../aftercare/release-aftercare'
import '../styles/aftercare.css'

export function AftercareScreen({ params }: { params: string[] }) {
  const releaseId = params[0]
  return releaseId ? <ReleaseAftercare key={releaseId} releaseId={releaseId} /> : <AftercareOverview />
}
