/**
 * Telegram's API terms (core.telegram.org/api/terms) ask every app built on the API to say plainly that it is not an
 * official Telegram app, and to use no official logo. These words appear on the sign-in screen and in About.
 */
export const UNOFFICIAL_NOTICE = 'TG Contacts is an unofficial app that uses the Telegram API. It is not made by or affiliated with Telegram.'

export const API_TERMS_URL = 'https://core.telegram.org/api/terms'
