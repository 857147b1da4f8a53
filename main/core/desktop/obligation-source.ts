// Where the obligation notifier reads from: the API's own 'obligations.list' (the logbook
// folded at the API's clock), reduced to what a banner and an OS notification show.
import type { Api } from '../../../shared/api'
import type { ObligationNotice } from '../../../shared/desktop-events'

export function obligationNoticeSource(api: Pick<Api, 'vault.status' | 'obligations.list'>): () => Promise<ObligationNotice[]> {
  return async () => {
    // Before onboarding there is no logbook, so nothing can be due (and nothing to report).
    if (!(await api['vault.status']({})).initialized) return []
    const { obligations } = await api['obligations.list']({})
    return obligations.map((o) => ({ id: o.id, title: o.title, dueAt: o.dueAt, state: o.status }))
  }
}
