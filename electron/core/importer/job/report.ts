import Papa from 'papaparse'
import type { ImportReport } from '../../contract'
import { Status, type JobState } from './job-state'

const displayName = (first: string, last: string): string => [first, last].filter(Boolean).join(' ')

/**
 * Who is on Telegram now, who is not (with how many people imported the number), what failed, what was not sent,
 * and (a stopped or running job) what is not done yet.
 */
export function buildReport(state: JobState): ImportReport {
  const report: ImportReport = { onTelegram: [], notOnTelegram: [], failed: [], cancelled: [], notDone: [] }
  for (const c of state.contacts) {
    const name = displayName(c.firstName, c.lastName)
    switch (state.status[c.clientId]) {
      case Status.OnTelegram: {
        const user = state.users.get(c.clientId)
        report.onTelegram.push({ name, phone: c.phone, userId: user?.userId ?? '0', username: user?.username ?? null })
        break
      }
      case Status.NotOnTelegram:
        report.notOnTelegram.push({ name, phone: c.phone, popularInvites: state.importers.get(c.clientId) ?? 0 })
        break
      case Status.Failed:
        report.failed.push({ name, phone: c.phone, reason: state.failReason.get(c.clientId) ?? 'Unknown' })
        break
      case Status.Cancelled:
        report.cancelled.push({ name, phone: c.phone })
        break
      case Status.Pending:
      case Status.InFlight:
      case Status.Retry:
        report.notDone.push({ name, phone: c.phone })
        break
    }
  }
  return report
}

/** The report as one CSV table (a row per contact), for a spreadsheet. */
export function reportToCsv(report: ImportReport): string {
  const rows: (string | number)[][] = [['Result', 'Name', 'Phone', 'Telegram user id', 'Username', 'Popular invites', 'Reason']]
  for (const r of report.onTelegram) rows.push(['on Telegram', r.name, r.phone, r.userId, r.username ?? '', '', ''])
  for (const r of report.notOnTelegram) rows.push(['not on Telegram', r.name, r.phone, '', '', r.popularInvites, ''])
  for (const r of report.failed) rows.push(['failed', r.name, r.phone, '', '', '', r.reason])
  for (const r of report.cancelled) rows.push(['cancelled (not sent)', r.name, r.phone, '', '', '', ''])
  for (const r of report.notDone) rows.push(['not done yet', r.name, r.phone, '', '', '', ''])
  // Formula escaping keeps a name like "=HYPERLINK(...)" from running in a spreadsheet; phones keep their '+'.
  return Papa.unparse(rows, { newline: '\r\n', escapeFormulae: /^[=@\t\r]/ })
}
