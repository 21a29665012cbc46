import { TimeSlices } from '../../../electron/core/app/time-slices'

/**
 * Time slices of no length, counted: every `turn()` of a sliced loop gives the event loop a turn, so how many it took
 * says how the work was cut, whatever the machine's speed (with 10 ms slices a fast machine needs fewer turns).
 */
export function countedSlices(): { slices: () => TimeSlices; turns: () => number } {
  let turns = 0
  class Counted extends TimeSlices {
    override async yieldNow(): Promise<void> {
      turns++
      await super.yieldNow()
    }
  }
  return { slices: () => new Counted(0), turns: () => turns }
}
