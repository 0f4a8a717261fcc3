/**
 * strerror() texts for the file-system errors configuration loading reports, so messages
 * read as redis-server's ("No such file or directory", "Not a directory").
 */

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EIO: 'Input/output error',
  EEXIST: 'File exists',
  EBUSY: 'Device or resource busy',
  EXDEV: 'Invalid cross-device link',
}

/** The strerror() text of a Node file-system error (its 'code'), else the error's message. */
export function strerror(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && STRERROR[code] !== undefined) return STRERROR[code]
  return err instanceof Error ? err.message : String(err)
}
