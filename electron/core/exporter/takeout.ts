import { Api, type TelegramClient } from 'telegram'
import { AppError } from '../contract'
import { invoke, invokeBulk } from '../telegram/invoke'

/** Sends one request inside the takeout session (wrapped in invokeWithTakeout). */
export type TakeoutCall = <R extends Api.AnyRequest>(request: R) => Promise<R['__response']>

const cancelled = (): AppError => new AppError({ code: 'CANCELLED', message: 'The export was cancelled.' })

/**
 * Runs body inside a takeout session the way Telegram Desktop does: account.initTakeoutSession with
 * the contacts flag, every later call wrapped in invokeWithTakeout, and account.finishTakeoutSession
 * (wrapped too) always sent at the end: with success when body succeeded, without it on an error or
 * a cancel. A failure to finish never hides body's own error, nor undoes a finished export.
 */
export async function withTakeout<T>(client: TelegramClient, signal: AbortSignal, body: (call: TakeoutCall) => Promise<T>): Promise<T> {
  if (signal.aborted) throw cancelled()
  const takeout = await invoke(client, new Api.account.InitTakeoutSession({ contacts: true }))
  const takeoutId = takeout.id
  const call: TakeoutCall = async (request) => {
    if (signal.aborted) throw cancelled()
    // invokeBulk: getSaved answers with up to 100,000 entries, and client.invoke's entity bookkeeping throws and
    // catches an error for each of them (about 2 s of a 100,000-contact export).
    const response = await invokeBulk(client, new Api.InvokeWithTakeout({ takeoutId, query: request }))
    if (signal.aborted) throw cancelled()
    return response as never
  }
  let result: T
  try {
    result = await body(call)
  } catch (error) {
    await invoke(client, new Api.InvokeWithTakeout({ takeoutId, query: new Api.account.FinishTakeoutSession({ success: false }) })).catch(() => undefined)
    throw error
  }
  // The files are written by now; a failed finish only leaves Telegram to expire the session itself.
  await invoke(client, new Api.InvokeWithTakeout({ takeoutId, query: new Api.account.FinishTakeoutSession({ success: true }) })).catch(() => undefined)
  return result
}
