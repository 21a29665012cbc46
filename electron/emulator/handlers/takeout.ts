/**
 * Takeout sessions: account.initTakeoutSession (with the optional TAKEOUT_INIT_DELAY_N) and
 * account.finishTakeoutSession. The takeout id itself is checked by the dispatcher for every
 * invokeWithTakeout (TAKEOUT_INVALID), so handlers see only valid ids in ctx.takeoutId.
 */
import { randomBytes } from 'node:crypto'
import { Api } from 'telegram'
import { RpcError, bool } from '../rpc.js'
import { long } from '../wire.js'
import type { Registry } from './registry.js'

export function registerTakeout(registry: Registry): void {
  registry
    .on(Api.account.InitTakeoutSession, 'user', (_request, ctx, env) => {
      const { world } = env
      const takeout = world.account(ctx.userId).takeout
      const t = Date.now() / 1000
      if (world.takeoutDelaySeconds > 0) {
        takeout.requestedAt ??= t
        const remaining = Math.ceil(takeout.requestedAt + world.takeoutDelaySeconds - t)
        if (remaining > 0) throw new RpcError(`TAKEOUT_INIT_DELAY_${remaining}`)
      }
      // A new export invalidates the previous one (its id then answers TAKEOUT_INVALID).
      takeout.id = randomBytes(8).readBigInt64LE(0)
      return new Api.account.Takeout({ id: long(takeout.id) })
    })
    .on(Api.account.FinishTakeoutSession, 'user', (_request, ctx, env) => {
      if (ctx.takeoutId === undefined) throw new RpcError('TAKEOUT_REQUIRED')
      env.world.account(ctx.userId).takeout.id = undefined
      return bool(true)
    })
}
