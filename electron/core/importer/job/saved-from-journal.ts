import { JobState, Status } from './job-state'
import { Journal } from './journal'

/**
 * Numbers the account's last import sent and Telegram acknowledged: Telegram keeps each as a saved
 * phone contact. `accountDir` is the account's data folder (accountDataDir).
 */
export async function savedFromImportJournal(accountDir: string): Promise<{ phone: string; firstName: string; lastName: string }[]> {
  const loaded = await Journal.load(accountDir).catch(() => null)
  if (!loaded) return []
  const state = new JobState(loaded.data.contacts)
  for (const record of loaded.data.records) state.apply(record)
  return state.contacts.filter((c) => state.status[c.clientId] === Status.OnTelegram || state.status[c.clientId] === Status.NotOnTelegram)
}
