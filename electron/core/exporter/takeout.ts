import { Api, type TelegramClient } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { readInSlices } from '../contacts/answers/answer-decoder'
import type { AnswerKind, DecodedAnswers } from '../contacts/answers/answer-kinds'
import { invokeDecoded } from '../contacts/answers/invoke-decoded'
import { AppError } from '../contract'
import { invoke } from '../telegram/invoke'

/**
 * Sends one request inside the takeout session (wrapped in invokeWithTakeout) and reads its answer, one of the big
 * ones, into plain records in time slices (GramJS's own reading of 100,000 saved contacts held the core's event loop
 * for some 160 ms in one stretch).
 */
export type TakeoutCall = <K extends AnswerKind>(request: Api.AnyRequest, kind: K) => Promise<DecodedAnswers[K]>

/** Where the open takeout's id is kept until it is finished (export-state.ts), so a kill cannot lose it. */
export interface TakeoutLedger {
  opened(takeoutId: string): Promise<void>
  finished(): Promise<void>
}

const cancelled = (): AppError => new AppError({ code: 'CANCELLED', message: 'The export was cancelled.' })

/**
 * account.finishTakeoutSession for takeoutId (wrapped, as Telegram wants): 'finished' once Telegram answered, also
 * with an error (an id it no longer knows has nothing left to finish); 'offline' when the answer could not be had, so
 * the takeout is still open and must be finished once the connection is back.
 */
export async function finishTakeout(client: TelegramClient, takeoutId: string, success: boolean): Promise<'finished' | 'offline'> {
  try {
    await invoke(client, new Api.InvokeWithTakeout({ takeoutId: returnBigInt(takeoutId), query: new Api.account.FinishTakeoutSession({ success }) }))
    return 'finished'
  } catch (error) {
    return error instanceof AppError && error.code === 'NETWORK' ? 'offline' : 'finished'
  }
}

/**
 * Runs body inside a takeout session the way Telegram Desktop does: account.initTakeoutSession with
 * the contacts flag, every later call wrapped in invokeWithTakeout, and account.finishTakeoutSession
 * (wrapped too) always sent at the end: with success when body succeeded, without it on an error or
 * a cancel. The ledger knows the id from its opening to an answered finish; a finish the connection
 * cut off stays in the ledger for later. A failure to finish never hides body's own error, nor undoes
 * a finished export.
 */
export async function withTakeout<T>(client: TelegramClient, signal: AbortSignal, ledger: TakeoutLedger, body: (call: TakeoutCall) => Promise<T>): Promise<T> {
  if (signal.aborted) throw cancelled()
  const takeout = await invoke(client, new Api.account.InitTakeoutSession({ contacts: true }))
  const takeoutId = takeout.id.toString()
  const call: TakeoutCall = async (request, kind) => {
    if (signal.aborted) throw cancelled()
    // Through invokeBulk: getSaved answers with up to 100,000 entries, and client.invoke's entity bookkeeping throws
    // and catches an error for each of them (about 2 s of a 100,000-contact export).
    const response = await invokeDecoded(client, new Api.InvokeWithTakeout({ takeoutId: takeout.id, query: request }), kind, readInSlices)
    if (signal.aborted) throw cancelled()
    return response
  }
  const finish = async (success: boolean): Promise<void> => {
    if ((await finishTakeout(client, takeoutId, success)) === 'finished') await ledger.finished().catch(() => undefined)
  }
  let result: T
  try {
    await ledger.opened(takeoutId)
    result = await body(call)
  } catch (error) {
    await finish(false)
    throw error
  }
  await finish(true)
  return result
}
