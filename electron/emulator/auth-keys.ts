/** The auth keys the emulator knows, and which account each one is signed in to. */
import { randomBytes } from 'node:crypto'
import { sha1 } from './crypto.js'

export interface AuthKeyRecord {
  key: Buffer
  /** auth_key_id: SHA1(key)[12..20] as a signed little-endian int64. */
  id: bigint
  /** The current server salt (8 bytes as int64). */
  salt: bigint
  /** The account this key is signed in to; undefined before sign-in and after logOut. */
  userId: number | undefined
  /** Set by auth.signIn when the account has a 2FA password: signIn succeeded, checkPassword pending. */
  pendingPasswordUserId: number | undefined
  /** Session ids already announced with new_session_created. */
  sessions: Set<bigint>
  createdBy: 'handshake' | 'minted'
}

export function authKeyId(key: Buffer): bigint {
  return sha1(key).readBigInt64LE(12)
}

export class AuthKeyStore {
  private readonly keys = new Map<bigint, AuthKeyRecord>()
  handshakes = 0

  add(key: Buffer, salt: bigint, createdBy: AuthKeyRecord['createdBy'], userId?: number): AuthKeyRecord {
    const record: AuthKeyRecord = {
      key,
      id: authKeyId(key),
      salt,
      userId,
      pendingPasswordUserId: undefined,
      sessions: new Set(),
      createdBy,
    }
    this.keys.set(record.id, record)
    if (createdBy === 'handshake') this.handshakes += 1
    return record
  }

  /** A fresh random 2048-bit key, as a pre-minted session uses. */
  mint(userId: number | undefined): AuthKeyRecord {
    return this.add(randomBytes(256), randomBytes(8).readBigInt64LE(0), 'minted', userId)
  }

  get(id: bigint): AuthKeyRecord | undefined {
    return this.keys.get(id)
  }

  all(): IterableIterator<AuthKeyRecord> {
    return this.keys.values()
  }

  forget(id: bigint): void {
    this.keys.delete(id)
  }
}
