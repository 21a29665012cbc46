/** help.*, updates.* and users.*: what every client calls around its real work. */
import { Api } from 'telegram'
import { RpcError, vector } from '../rpc.js'
import { apiBirthday, apiPeerSettings, apiUser } from '../views.js'
import { long, toBigint, type Long } from '../wire.js'
import type { World, WorldUser } from '../world.js'
import type { HandlerEnv, Registry } from './registry.js'

const now = (): number => Math.floor(Date.now() / 1000)

/** The user with this id, when the access hash matches; undefined otherwise. */
function userWithHash(world: World, id: Long, accessHash: Long): WorldUser | undefined {
  const user = world.user(Number(toBigint(id)))
  return user !== undefined && user.accessHash === toBigint(accessHash) ? user : undefined
}

/** The user an InputUser names, when the access hash matches; undefined otherwise. */
export function findInputUser(world: World, selfId: number, input: unknown): WorldUser | undefined {
  if (input instanceof Api.InputUserSelf) return world.user(selfId)
  return input instanceof Api.InputUser ? userWithHash(world, input.userId, input.accessHash) : undefined
}

export function findInputPeerUser(world: World, selfId: number, peer: unknown): WorldUser | undefined {
  if (peer instanceof Api.InputPeerSelf) return world.user(selfId)
  return peer instanceof Api.InputPeerUser ? userWithHash(world, peer.userId, peer.accessHash) : undefined
}

/** A complete Config: GramJS's connect() awaits it and reads dc_options from it. */
function config(env: HandlerEnv): Api.Config {
  const { host, dcId } = env.endpoint
  // DCs the emulator runs answer on their own ports; the others lead to the first, which serves everything.
  const portOf = (id: number): number => (env.dcs.find((dc) => dc.dcId === id) ?? env.dcs[0]!).port
  return new Api.Config({
    date: now(),
    expires: now() + 3600,
    testMode: false,
    thisDc: dcId,
    dcOptions: [1, 2, 3, 4, 5].map((id) => new Api.DcOption({ id, ipAddress: host, port: portOf(id) })),
    dcTxtDomainName: '',
    chatSizeMax: 200,
    megagroupSizeMax: 200_000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210_000,
    offlineBlurTimeoutMs: 5_000,
    offlineIdleTimeoutMs: 30_000,
    onlineCloudTimeoutMs: 300_000,
    notifyCloudDelayMs: 30_000,
    notifyDefaultDelayMs: 1_500,
    pushChatPeriodMs: 60_000,
    pushChatLimit: 2,
    editTimeLimit: 172_800,
    revokeTimeLimit: 2_147_483_647,
    revokePmTimeLimit: 2_147_483_647,
    ratingEDecay: 2_419_200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604_800,
    tmpSessions: undefined,
    callReceiveTimeoutMs: 20_000,
    callRingTimeoutMs: 90_000,
    callConnectTimeoutMs: 30_000,
    callPacketTimeoutMs: 10_000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: dcId,
    suggestedLangCode: 'en',
    langPackVersion: 0,
    baseLangPackVersion: 0,
  })
}

export function registerSession(registry: Registry): void {
  registry
    .on(Api.help.GetConfig, 'none', (_request, _ctx, env) => config(env))
    .on(Api.help.GetNearestDc, 'none', (_request, _ctx, env) =>
      new Api.NearestDc({ country: 'DE', thisDc: env.endpoint.dcId, nearestDc: env.endpoint.dcId }),
    )
    .on(Api.updates.GetState, 'user', () => new Api.updates.State({ pts: 1, qts: 0, date: now(), seq: 0, unreadCount: 0 }))
    .on(Api.updates.GetDifference, 'user', () => new Api.updates.DifferenceEmpty({ date: now(), seq: 0 }))
    .on(Api.users.GetUsers, 'user', (request, ctx, env) =>
      vector(
        request.id.map((input) => {
          const user = findInputUser(env.world, ctx.userId, input)
          if (user !== undefined) return apiUser(env.world, ctx.userId, user)
          const id = input instanceof Api.InputUser ? input.userId : long(0)
          return new Api.UserEmpty({ id })
        }),
      ),
    )
    .on(Api.users.GetFullUser, 'user', (request, ctx, env) => {
      const user = findInputUser(env.world, ctx.userId, request.id)
      if (user === undefined) throw new RpcError('USER_ID_INVALID')
      return new Api.users.UserFull({
        fullUser: new Api.UserFull({
          id: long(user.id),
          settings: apiPeerSettings(env.world, ctx.userId, user.id),
          notifySettings: new Api.PeerNotifySettings({}),
          commonChatsCount: 0,
          birthday: apiBirthday(env.world.birthdaySeenBy(user, ctx.userId)),
          phoneCallsAvailable: true,
          videoCallsAvailable: true,
        }),
        chats: [],
        users: [apiUser(env.world, ctx.userId, user)],
      })
    })
    .on(Api.messages.GetPeerSettings, 'user', (request, ctx, env) => {
      const user = findInputPeerUser(env.world, ctx.userId, request.peer)
      if (user === undefined) throw new RpcError('PEER_ID_INVALID')
      return new Api.messages.PeerSettings({
        settings: apiPeerSettings(env.world, ctx.userId, user.id),
        chats: [],
        users: [apiUser(env.world, ctx.userId, user)],
      })
    })
}
