import { MTProtoSender } from 'telegram/network/MTProtoSender.js'
import type { TLMessage } from 'telegram/tl/core/index.js'

type Container = TLMessage & { obj: { messages: TLMessage[] } }

/**
 * GramJS 2.26.22 processes the messages of a server container in a loop that stops at the first one that throws, and
 * an rpc_error result throws (after rejecting its own request). Every other answer in that container is then lost and
 * its request waits forever: a QUERY_TOO_SHORT from a search made the contact list that was answered alongside it hang
 * (20 of 20 times against the emulator, which like Telegram packs answers that are ready together into one container).
 * This version handles every message and rethrows the first failure afterwards, so GramJS's own handling of it (bad
 * auth key) is unchanged. Applied once, process-wide, when the app builds its first client.
 */
let applied = false

export function applyContainerFix(): void {
  if (applied) return
  applied = true
  MTProtoSender.prototype._handleContainer = async function handleEveryMessage(this: MTProtoSender, message: TLMessage): Promise<void> {
    let failure: { error: unknown } | null = null
    for (const inner of (message as Container).obj.messages) {
      try {
        await this._processMessage(inner)
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure) throw failure.error
  }
}
