import { Api } from 'telegram'
import type { CodeType } from '../contract'

/** How Telegram delivered the login code (auth.SentCodeType) in the contract's words. */
export function sentCodeType(type: Api.auth.TypeSentCodeType): CodeType {
  if (type instanceof Api.auth.SentCodeTypeApp) return 'app'
  if (
    type instanceof Api.auth.SentCodeTypeSms ||
    type instanceof Api.auth.SentCodeTypeFirebaseSms ||
    type instanceof Api.auth.SentCodeTypeSmsWord ||
    type instanceof Api.auth.SentCodeTypeSmsPhrase
  ) {
    return 'sms'
  }
  if (type instanceof Api.auth.SentCodeTypeCall) return 'call'
  if (type instanceof Api.auth.SentCodeTypeFlashCall) return 'flashCall'
  if (type instanceof Api.auth.SentCodeTypeMissedCall) return 'missedCall'
  if (type instanceof Api.auth.SentCodeTypeEmailCode || type instanceof Api.auth.SentCodeTypeSetUpEmailRequired) return 'email'
  if (type instanceof Api.auth.SentCodeTypeFragmentSms) return 'fragment'
  return 'other'
}

/** How a resend would deliver the code (auth.CodeType), or null when Telegram offers no resend. */
export function nextCodeType(type: Api.auth.TypeCodeType | undefined): CodeType | null {
  if (type === undefined) return null
  if (type instanceof Api.auth.CodeTypeSms) return 'sms'
  if (type instanceof Api.auth.CodeTypeCall) return 'call'
  if (type instanceof Api.auth.CodeTypeFlashCall) return 'flashCall'
  if (type instanceof Api.auth.CodeTypeMissedCall) return 'missedCall'
  if (type instanceof Api.auth.CodeTypeFragmentSms) return 'fragment'
  return 'other'
}
