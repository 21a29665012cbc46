import { describe, expect, it } from 'vitest'
import { Api, errors } from 'telegram'
import { AppError } from '../../../electron/core/contract'
import { mapTelegramError, rethrowTelegramError, rpcErrorName } from '../../../electron/core/telegram/errors'

const request = new Api.help.GetConfig()
const rpc = (message: string, code: number): errors.RPCError => new errors.RPCError(message, request, code)

describe('mapTelegramError', () => {
  it('turns a flood wait into FLOOD_WAIT with its seconds', () => {
    const error = mapTelegramError(new errors.FloodWaitError({ request, capture: 42 }))
    expect(error?.envelope).toMatchObject({ code: 'FLOOD_WAIT', seconds: 42, rpcError: 'FLOOD_WAIT_42' })
    expect(error?.message).toContain('42 seconds')
  })

  it('reads the seconds of premium flood waits that arrive as plain RPC errors', () => {
    expect(mapTelegramError(rpc('FLOOD_PREMIUM_WAIT_7', 420))?.envelope).toMatchObject({ code: 'FLOOD_WAIT', seconds: 7 })
  })

  it.each([
    ['PHONE_NUMBER_INVALID', 400, 'TELEGRAM'],
    ['PHONE_CODE_INVALID', 400, 'TELEGRAM'],
    ['PHONE_CODE_EXPIRED', 400, 'TELEGRAM'],
    ['PASSWORD_HASH_INVALID', 400, 'TELEGRAM'],
    ['CONTACT_NAME_EMPTY', 400, 'TELEGRAM'],
    ['CONTACT_REQ_MISSING', 400, 'TELEGRAM'],
    ['USERNAME_NOT_OCCUPIED', 400, 'NOT_FOUND'],
    ['API_ID_INVALID', 400, 'NEED_CREDENTIALS'],
    ['AUTH_KEY_UNREGISTERED', 401, 'NOT_AUTHORIZED'],
    ['SESSION_REVOKED', 401, 'NOT_AUTHORIZED'],
    ['SOMETHING_NEW', 401, 'NOT_AUTHORIZED'],
    ['TAKEOUT_INVALID', 400, 'TAKEOUT_INVALID'],
  ])('%s (%i) -> %s with a human message and the raw name', (name, code, expected) => {
    const error = mapTelegramError(rpc(name, code))
    expect(error?.envelope.code).toBe(expected)
    expect(error?.envelope.rpcError).toBe(name)
    expect(error?.message).not.toContain(name)
  })

  it('names DC migrations by their RPC error (GramJS puts a sentence in errorMessage instead)', () => {
    const error = mapTelegramError(new errors.FileMigrateError({ request, capture: 4 }))
    expect(error?.envelope.rpcError).toBe('FILE_MIGRATE_4')
    expect(rpcErrorName(new errors.FileMigrateError({ request, capture: 5 }))).toBe('FILE_MIGRATE_5')
    expect(mapTelegramError(new errors.UserMigrateError({ request, capture: 1 }))?.envelope.rpcError).toBe('USER_MIGRATE_1')
  })

  it('keeps unknown errors readable and named', () => {
    expect(mapTelegramError(rpc('BRAND_NEW_ERROR', 400))?.envelope).toMatchObject({ code: 'TELEGRAM', rpcError: 'BRAND_NEW_ERROR' })
  })

  it('turns a takeout delay into TAKEOUT_DELAY with the moment it ends', () => {
    const error = mapTelegramError(rpc('TAKEOUT_INIT_DELAY_3600', 420), () => 1_000_000)
    expect(error?.envelope).toMatchObject({ code: 'TAKEOUT_DELAY', availableAt: 1_000_000 + 3_600_000 })
  })

  it('turns socket failures into NETWORK', () => {
    expect(mapTelegramError(new Error('connect ECONNREFUSED 127.0.0.1:80'))?.code).toBe('NETWORK')
    expect(mapTelegramError(new Error('Cannot send requests while disconnected. Please reconnect.'))?.code).toBe('NETWORK')
  })

  it('leaves programming errors alone so the router hides them as INTERNAL', () => {
    const bug = new TypeError('x is undefined')
    expect(mapTelegramError(bug)).toBeNull()
    expect(() => rethrowTelegramError(bug)).toThrow(bug)
  })

  it('passes AppErrors through and names RPC errors', () => {
    const app = new AppError({ code: 'BUSY', message: 'busy' })
    expect(mapTelegramError(app)).toBe(app)
    expect(rpcErrorName(rpc('SESSION_PASSWORD_NEEDED', 401))).toBe('SESSION_PASSWORD_NEEDED')
    expect(rpcErrorName(new Error('x'))).toBeNull()
  })
})
