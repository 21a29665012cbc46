import { describe, expect, it } from 'vitest'
import { Api, type TelegramClient } from 'telegram'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { RequestState } from 'telegram/network/RequestState.js'
import { readInSlices } from '../../../electron/core/contacts/answers/answer-decoder'
import { invokeDecoded } from '../../../electron/core/contacts/answers/invoke-decoded'
import { mapUserStatus } from '../../../electron/core/contacts/user-status'

const u32 = (value: number): Buffer => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32LE(value >>> 0)
  return bytes
}

/**
 * A client whose sender does what GramJS's does with a request: a RequestState, kept after the answer (its send loop
 * holds the last batch it sent until it sends the next), resolved with what the request's readResult makes of the
 * answer's bytes.
 */
function clientAnswering(bytes: Buffer): { client: TelegramClient; kept: RequestState[] } {
  const kept: RequestState[] = []
  const sender = {
    userDisconnected: false,
    send(request: Api.AnyRequest) {
      const state = new RequestState(request)
      kept.push(state)
      setImmediate(() => state.resolve(state.request.readResult(new BinaryReader(bytes))))
      return state.promise
    },
  }
  return { client: { _sender: sender } as unknown as TelegramClient, kept }
}

describe('invokeDecoded', () => {
  it('resolves to the decoded records, and what GramJS keeps of the request afterwards holds none of them', async () => {
    const statuses = Array.from({ length: 500 }, (_, i) => new Api.ContactStatus({ userId: returnBigInt(i + 1), status: new Api.UserStatusOffline({ wasOnline: 1_700_000_000 + i }) }))
    const bytes = Buffer.concat([u32(0x1cb5c415), u32(statuses.length), ...statuses.map((s) => s.getBytes())])
    const { client, kept } = clientAnswering(bytes)
    const records = await invokeDecoded(client, new Api.contacts.GetStatuses(), 'statuses', readInSlices)
    expect(records).toEqual(statuses.map((s) => ({ id: s.userId.toString(), status: mapUserStatus(s.status) })))
    expect(kept).toHaveLength(1)
    // GramJS keeps the request's state until its next send: the 100,000 statuses of a refresh stayed on the heap.
    expect(JSON.stringify(await kept[0]?.promise)).not.toContain('"id":"1"')
  })
})
