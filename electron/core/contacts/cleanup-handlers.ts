import { Api, type TelegramClient } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import type { CoreContext } from '../app/context'
import { TimeSlices } from '../app/time-slices'
import { AppError, type DeleteByPhonesRow } from '../contract'
import { createPhoneNormalizer, regionOfPhone } from '../phones'
import { isOwnNumber } from '../phones/rule'
import type { Handlers } from '../router'
import { invoke } from '../telegram/invoke'
import { deleteByPhones } from './delete-by-phones'
import { DeletePreviews } from './delete-previews'

export type CleanupHandlers = Pick<
  Handlers,
  'cleanup.savedCount' | 'cleanup.resetSaved' | 'cleanup.previewDeleteByPhones' | 'cleanup.previewPage' | 'cleanup.deleteByPhones'
>

const digitsOf = (phone: string): string => phone.replace(/\D/g, '')

/**
 * What separates numbers in a pasted list: lines, commas, semicolons, tabs or bars, or spaces before a '+'; other
 * spaces, dots, dashes and brackets stay inside a number ("+1 (555) 010-0000"). Matched one by one (exec), not with
 * text.split: splitting 4 MB at once was a single step of tens of ms.
 */
const SEPARATOR = /[\r\n,;|\t]+|\s+(?=\+)/g

/**
 * The cleanup.* handlers: saved count, reset saved contacts, delete by phone numbers.
 *
 * "Saved" in the delete preview: Telegram lists saved phone contacts only inside a takeout
 * (contacts.getSaved), and a takeout notifies the user's devices and may be delayed, so a preview
 * must not start one. It matches instead against the saved numbers the app knows (ctx.savedNumbers).
 * A number found nowhere is shown as 'none'; deleting it is still sent, since Telegram may know it
 * from a phone. The account's own number is shown as 'own' and never sent.
 */
export function createCleanupHandlers(ctx: CoreContext): CleanupHandlers {
  const previews = new DeletePreviews(() => Date.now())

  async function savedCount(client: TelegramClient): Promise<number> {
    const answer = await invoke(client, new Api.contacts.GetContacts({ hash: returnBigInt(0) }))
    if (!(answer instanceof Api.contacts.Contacts)) throw new AppError({ code: 'TELEGRAM', message: 'Telegram did not send the contact list.' })
    return answer.savedCount
  }

  function afterChange(): void {
    // The list shows the change; a failed refresh only delays that until the next one.
    ctx.contacts.refresh().catch(() => undefined)
  }

  return {
    'cleanup.savedCount': async () => ({ savedCount: await savedCount(await ctx.telegram.client()) }),

    'cleanup.resetSaved': async () => {
      const client = await ctx.telegram.client()
      const before = await savedCount(client)
      const ok = await invoke(client, new Api.contacts.ResetSaved())
      if (!ok) throw new AppError({ code: 'TELEGRAM', message: 'Telegram did not reset the saved contacts. Try again later.' })
      const after = await savedCount(client)
      await ctx.savedNumbers.forgetAll()
      afterChange()
      return { removed: Math.max(0, before - after) }
    },

    'cleanup.previewDeleteByPhones': async ({ text }) => {
      const ownPhone = ctx.telegram.self()?.phone
      if (ownPhone === undefined) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram first.' })
      const normalize = createPhoneNormalizer(regionOfPhone(ownPhone))
      const contacts = await ctx.contacts.current()
      // A pasted list may hold hundreds of thousands of numbers (the text may be 4 MB): both loops run in slices.
      const slices = new TimeSlices()
      const contactByDigits = new Map<string, string>()
      for (const c of contacts) {
        if (c.phone) contactByDigits.set(digitsOf(c.phone), [c.firstName, c.lastName].filter(Boolean).join(' '))
        await slices.turn()
      }
      const saved = await ctx.savedNumbers.byDigits()
      const rows: DeleteByPhonesRow[] = []
      const seen = new Set<string>()
      const separator = new RegExp(SEPARATOR)
      for (let from = 0; from <= text.length; ) {
        await slices.turn()
        const found = separator.exec(text)
        const to = found === null ? text.length : found.index
        const input = text.slice(from, to).trim()
        from = found === null ? text.length + 1 : separator.lastIndex
        if (!input) continue
        const e164 = normalize(input)
        if (e164 === null) {
          rows.push({ input, e164: null, match: 'invalid', name: null })
          continue
        }
        if (seen.has(e164)) {
          rows.push({ input, e164, match: 'duplicate', name: null })
          continue
        }
        seen.add(e164)
        const digits = digitsOf(e164)
        const contact = contactByDigits.get(digits)
        const known = saved.get(digits)
        if (isOwnNumber(e164, ownPhone)) rows.push({ input, e164, match: 'own', name: null })
        else if (contact !== undefined) rows.push({ input, e164, match: 'contact', name: contact })
        else if (known !== undefined) rows.push({ input, e164, match: 'saved', name: [known.firstName, known.lastName].filter(Boolean).join(' ') })
        else rows.push({ input, e164, match: 'none', name: null })
      }
      return previews.open(rows)
    },

    'cleanup.previewPage': async ({ preview, offset, limit }) => previews.page(preview, offset, limit),

    'cleanup.deleteByPhones': ({ phones }) => deleteByPhones(ctx, phones),
  }
}
