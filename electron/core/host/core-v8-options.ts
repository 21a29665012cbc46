/**
 * V8 options of the core's process: the Node child (fork-core.ts) takes them as execArgv, Electron's utility process
 * (electron/main/core-process.ts) as --js-flags. Both must have them at start: V8 sizes the heap when it creates the
 * isolate, and v8.setFlagsFromString in the core's entry leaves the new space as it was.
 *
 * Semi-spaces of at most 4 MB (Node's default lets the new space grow to 2 x 64 MB here): the core's longest steps
 * were scavenges of that large new space while a 100,000-contact first load is read. Stalls bench, 20 interleaved
 * pairs, load 6-14: longest scavenge 132 -> 55 ms, worst step's CPU 24.3 -> 17.1 ms, for more scavenges (13 -> 161)
 * and 1-2% more CPU for the load; an export of 100,000 takes 13% more CPU on the core's thread, in small steps.
 */
export const CORE_V8_OPTIONS: readonly string[] = ['--max-semi-space-size=4']
