import { afterEach, describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { AnswerDecoder, OFF_THREAD_FROM, readInSlices, type FromAnswerWorker, type ToAnswerWorker } from '../../../electron/core/contacts/answers/answer-decoder'
import { AnswerAssembly, answerParts, PART_SIZE, type AnswerKind, type DecodedAnswers } from '../../../electron/core/contacts/answers/answer-kinds'
import { noteOfUser } from '../../../electron/core/contacts/user-note'
import { mapUserStatus } from '../../../electron/core/contacts/user-status'
import { startWorker, workerEntry } from '../../../electron/core/host/worker-thread'
import { applyFastLongReader } from '../../../electron/core/telegram/fast-long-reader'
import { turnsDuring } from '../support/loop-turns'

// As the app reads (client-factory.ts and the worker apply it); GramJS's own long reader is slow enough to time out.
applyFastLongReader()

/** A user of each kind the list can hold: plain, with a photo, without, min (with and without its photo), self. */
function user(i: number): Api.TypeUser {
  if (i === 5) return new Api.UserEmpty({ id: returnBigInt(i + 1) })
  const photo =
    i % 3 === 0
      ? new Api.UserProfilePhoto({ photoId: returnBigInt(`${900_000_000_000 + i}`), dcId: 1 + (i % 2), strippedThumb: i % 2 ? Buffer.from([1, 2, i % 256]) : undefined })
      : i % 3 === 1
        ? new Api.UserProfilePhotoEmpty()
        : undefined
  return new Api.User({
    id: returnBigInt(i + 1),
    accessHash: returnBigInt(`${-4_000_000_000_000 - i}`),
    firstName: `Ünïcode ${i}`,
    lastName: i % 4 ? `Last ${i}` : undefined,
    username: i % 5 ? `user${i}` : undefined,
    phone: i % 7 ? `4477009${String(i).padStart(5, '0')}` : undefined,
    contact: true,
    mutualContact: i % 2 === 0,
    self: i === 17,
    min: i % 11 === 3,
    applyMinPhoto: i % 22 === 3,
    photo,
    status: i % 2 ? new Api.UserStatusOffline({ wasOnline: 1_700_000_000 + i }) : new Api.UserStatusRecently({}),
  })
}

const KINDS = 40
const u32 = (value: number): Buffer => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32LE(value >>> 0)
  return bytes
}
const vector = (items: readonly Buffer[]): Buffer => Buffer.concat([u32(0x1cb5c415), u32(items.length), ...items])
const repeated = (kinds: readonly Buffer[], count: number): Buffer[] => Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!)
const userBytes = Array.from({ length: KINDS }, (_, i) => user(i).getBytes())
const contactBytes = Array.from({ length: KINDS }, (_, i) => new Api.Contact({ userId: returnBigInt(i + 1), mutual: i % 3 === 0 }).getBytes())

/** A contacts.contacts answer of `count` entries (the KINDS users over and over: serialising is slow in GramJS). */
function contactsAnswer(count: number): Buffer {
  return Buffer.concat([u32(Api.contacts.Contacts.CONSTRUCTOR_ID), vector(repeated(contactBytes, count)), u32(4242), vector(repeated(userBytes, count))])
}

/** What GramJS's own objects say, turned into the same records. */
function readByGramJs(bytes: Buffer): DecodedAnswers['contacts'] {
  const answer = new BinaryReader(bytes).tgReadObject() as Api.contacts.TypeContacts
  if (answer instanceof Api.contacts.ContactsNotModified) return { notModified: true }
  return {
    notModified: false,
    savedCount: answer.savedCount,
    contacts: answer.contacts.map((c) => ({ userId: c.userId.toString(), mutual: c.mutual })),
    users: answer.users.filter((u): u is Api.User => u instanceof Api.User).map(noteOfUser),
  }
}

function readAll<K extends AnswerKind>(kind: K, bytes: Buffer): DecodedAnswers[K] {
  const assembly = new AnswerAssembly(kind)
  for (const part of answerParts(kind, bytes)) assembly.add(part)
  return assembly.result()
}

/** Thousands of users read twice (ours and GramJS's): seconds on a busy machine. */
const SLOW_TIMEOUT_MS = 30_000

describe('reading the big answers into plain records', () => {
  it('reads contacts.contacts as GramJS does, in parts of at most PART_SIZE entries', () => {
    const bytes = contactsAnswer(2 * PART_SIZE + 200)
    const parts = [...answerParts('contacts', bytes)]
    for (const part of parts) if (!('end' in part)) expect(part.items.length).toBeLessThanOrEqual(PART_SIZE)
    expect(parts.filter((part) => 'list' in part && part.list === 'users').length).toBe(3)
    const ours = readAll('contacts', bytes)
    expect(ours).toEqual(readByGramJs(bytes))
    if (ours.notModified) throw new Error('a list was expected')
    // The kinds the fixture holds really are there: min users keep no access hash, photos come and go, self is marked.
    expect(ours.users.filter((u) => u.accessHash === null).length).toBeGreaterThan(0)
    expect(ours.users.filter((u) => u.photo === undefined).length).toBeGreaterThan(0)
    expect(ours.users.filter((u) => u.photo === null).length).toBeGreaterThan(0)
    expect(ours.users.filter((u) => u.photo?.stripped).length).toBeGreaterThan(0)
    expect(new Set(ours.users.filter((u) => u.self).map((u) => u.id))).toEqual(new Set(['18']))
  }, SLOW_TIMEOUT_MS)

  it('reads contactsNotModified and contacts.getStatuses answers', () => {
    expect(readAll('contacts', new Api.contacts.ContactsNotModified().getBytes())).toEqual({ notModified: true })

    const statuses = Array.from({ length: PART_SIZE + 1 }, (_, i) =>
      new Api.ContactStatus({ userId: returnBigInt(i + 1), status: i % 2 ? new Api.UserStatusOnline({ expires: 1_800_000_000 }) : new Api.UserStatusLastWeek({}) }),
    )
    expect(readAll('statuses', vector(statuses.map((s) => s.getBytes())))).toEqual(statuses.map((s) => ({ id: s.userId.toString(), status: mapUserStatus(s.status) })))
  })

  it("reads a takeout's contacts.getSaved answer as GramJS does, in parts, and in time slices on this thread", async () => {
    const saved = Array.from({ length: 30 * PART_SIZE + 3 }, (_, i) => new Api.SavedPhoneContact({ phone: `4479${i}`, firstName: `Ünïcode ${i}`, lastName: i % 2 ? '' : `Last ${i}`, date: 1_600_000_000 + i }))
    const bytes = vector(saved.map((s) => s.getBytes()))
    expect([...answerParts('saved', bytes)].filter((part) => 'list' in part)).toHaveLength(31)
    const byGramJs = new BinaryReader(bytes).tgReadVector() as Api.SavedPhoneContact[]
    const expected = byGramJs.map((s) => ({ phone: s.phone, firstName: s.firstName, lastName: s.lastName, date: s.date }))
    expect(readAll('saved', bytes)).toEqual(expected)
    const { value, turns } = await turnsDuring(readInSlices.decode('saved', bytes))
    expect(value).toEqual(expected)
    expect(turns).toBeGreaterThan(1)
  }, SLOW_TIMEOUT_MS)

  it('says so when an answer is not what was asked, or was cut off', () => {
    expect(() => readAll('contacts', new Api.contacts.Blocked({ blocked: [], chats: [], users: [] }).getBytes())).toThrow(/contacts.Contacts expected/)
    const assembly = new AnswerAssembly('contacts')
    const [first] = answerParts('contacts', contactsAnswer(3))
    if (first) assembly.add(first)
    expect(() => assembly.result()).toThrow(/cut off/)
  })
})

/** A worker thread from source loads tsx and GramJS first. */
const WORKER_TIMEOUT_MS = SLOW_TIMEOUT_MS

describe('AnswerDecoder', () => {
  let decoder: AnswerDecoder | null = null
  afterEach(async () => {
    await decoder?.dispose()
    decoder = null
  })

  it('reads a big answer in a worker thread, the event loop running meanwhile, into what GramJS reads', async () => {
    decoder = new AnswerDecoder()
    const bytes = contactsAnswer(2 * PART_SIZE + 7)
    expect(bytes.length).toBeGreaterThan(OFF_THREAD_FROM)
    const { value, turns } = await turnsDuring(decoder.decode('contacts', bytes))
    expect(value).toEqual(readByGramJs(bytes))
    expect(turns).toBeGreaterThan(1)
    // The worker is kept for the next answer, which comes out the same.
    expect(await decoder.decode('contacts', bytes)).toEqual(value)
  }, WORKER_TIMEOUT_MS)

  it('reads a big answer in shared memory (an inflated one) where it is, into what GramJS reads', async () => {
    decoder = new AnswerDecoder()
    const bytes = contactsAnswer(2 * PART_SIZE + 7)
    const shared = Buffer.from(new SharedArrayBuffer(bytes.length + 16), 16)
    bytes.copy(shared)
    expect(await decoder.decode('contacts', shared)).toEqual(readByGramJs(bytes))
    // Nothing was transferred away: the bytes are still there.
    expect(shared.equals(bytes)).toBe(true)
  }, WORKER_TIMEOUT_MS)

  it('the worker sends a part only when asked for it, so parts never pile up on the core', async () => {
    const url = pathToFileURL(join(import.meta.dirname, '../../../electron/core/contacts/answers/answer-decoder.ts')).href
    const entry = workerEntry(url, 'answer-worker')
    if (!entry) throw new Error('no answer-worker entry')
    const worker = startWorker(entry)
    try {
      const received: FromAnswerWorker[] = []
      let arrived: () => void = () => undefined
      worker.on('message', (message: FromAnswerWorker) => {
        received.push(message)
        arrived()
      })
      const nextMessage = () => new Promise<void>((resolve) => (arrived = resolve))
      const bytes = contactsAnswer(3 * PART_SIZE)
      const own = new Uint8Array(bytes)
      let coming = nextMessage()
      worker.postMessage({ id: 1, kind: 'contacts', bytes: own } satisfies ToAnswerWorker, [own.buffer])
      await coming
      // Long enough for a worker that sends unasked to have sent everything (it reads a part in milliseconds).
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(received).toHaveLength(1)
      const assembly = new AnswerAssembly('contacts')
      for (;;) {
        const last = received.at(-1)
        if (!last || 'error' in last) throw new Error('a part was expected')
        assembly.add(last.part)
        if (assembly.complete) break
        coming = nextMessage()
        worker.postMessage({ next: 1 } satisfies ToAnswerWorker)
        await coming
      }
      expect(received).toHaveLength(7)
      const [ours, theirs] = [assembly.result(), readByGramJs(bytes)]
      if (ours.notModified || theirs.notModified) throw new Error('a list was expected')
      expect(ours.contacts).toEqual(theirs.contacts)
      expect(ours.users.map((u) => u.contact)).toEqual(theirs.users.map((u) => u.contact))
    } finally {
      await worker.terminate()
    }
  }, WORKER_TIMEOUT_MS)

  it('reads a small answer at once on this thread', async () => {
    decoder = new AnswerDecoder()
    const bytes = contactsAnswer(20)
    expect(bytes.length).toBeLessThan(OFF_THREAD_FROM)
    expect(await decoder.decode('contacts', bytes)).toEqual(readByGramJs(bytes))
  })

  it('reads on this thread what a worker that died was reading, and the answer is not lost', async () => {
    decoder = new AnswerDecoder()
    const bytes = contactsAnswer(2 * PART_SIZE + 7)
    await decoder.decode('contacts', bytes)
    const reading = decoder.decode('contacts', bytes)
    await decoder['worker']?.terminate()
    expect(await reading).toEqual(readByGramJs(bytes))
  }, WORKER_TIMEOUT_MS)

  it('rejects an answer the worker cannot read, with what was wrong', async () => {
    decoder = new AnswerDecoder()
    const garbage = Buffer.alloc(OFF_THREAD_FROM + 16, 7)
    await expect(decoder.decode('contacts', garbage)).rejects.toThrow(/contacts.Contacts expected/)
  }, WORKER_TIMEOUT_MS)
})
