/**
 * The Electron IPC channels between the preload and main. Calls and events do not use them: they travel over the
 * MessagePort main hands the page, straight to the core's process.
 */
/** Preload -> main: "give this page a port to the core" (sender checked). */
export const IPC_CONNECT_CHANNEL = 'tgc:connect'
/** Main -> the app's main frame: a MessagePort to the core, transferred with the message. */
export const IPC_PORT_CHANNEL = 'tgc:port'
/** Main -> the app's main frame: the core process restarting / running / stopped (see the core.state event). */
export const IPC_CORE_STATE_CHANNEL = 'tgc:core-state'
