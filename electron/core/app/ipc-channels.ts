/** The two Electron IPC channels: every call goes through one invoke channel, every event through one send channel. */
export const IPC_INVOKE_CHANNEL = 'tgc:invoke'
export const IPC_EVENT_CHANNEL = 'tgc:event'
