import { AppError } from '../contract'

/** Why a write into a folder failed, in words a person can act on, by the OS's error code. */
const REASONS: Record<string, string> = {
  EACCES: 'TG Contacts is not allowed to write there. Choose a folder of your own, or change its permissions.',
  EPERM: 'TG Contacts is not allowed to write there. Choose a folder of your own, or change its permissions.',
  EROFS: 'the disk it is on is read-only. Choose a folder on another disk.',
  EEXIST: 'a file of that name stands where the folder should be. Choose a folder.',
  ENOTDIR: 'part of that path is a file, not a folder. Choose a folder.',
  EISDIR: 'a folder stands where the file should go. Remove or rename it, or choose another folder.',
  ENOSPC: 'the disk is full. Free some space, or choose a folder on another disk.',
  EDQUOT: 'your disk quota is used up. Free some space, or choose another folder.',
  ENOENT: 'the folder is not there (a removed drive or a deleted folder?). Choose another one.',
  ENAMETOOLONG: 'the path is too long. Choose a folder with a shorter path.',
  EMFILE: 'too many files are open right now. Close some programs and try again.',
  EIO: 'the disk reported an error. Check the disk, or choose a folder on another disk.',
}

/**
 * The FILE error for a failed write into `folder`: the folder and the reason (permission, read-only, not a folder, disk
 * full, missing). An AppError passes through as it is (a cancel, a Telegram error).
 */
export function fileError(folder: string, error: unknown): AppError {
  if (error instanceof AppError) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  const reason = (code && REASONS[code]) ?? `the system refused (${code ?? 'unknown error'}). Choose another folder.`
  return new AppError({ code: 'FILE', message: `Can't save to ${folder}: ${reason}` })
}
