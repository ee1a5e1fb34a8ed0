// Writing files a crash can't leave half-written: a temporary file in the same folder, then a
// rename (replace) or a hard link (create only, so an existing file is never overwritten).
import { link, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

const tempBeside = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);

/** Replaces `path` atomically. `mode` 0600 by default: these files describe the user's network. */
export async function writeAtomic(path: string, content: string, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  await writeFile(temp, content, { mode });
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Creates `path` with `content`; refuses, leaving everything as it was, when it exists. */
export async function writeNewFile(path: string, content: string, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  await writeFile(temp, content, { mode, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(path);
    // Some file systems (FAT on a USB stick) have no hard links: exclusive create still never overwrites.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    const file = await open(path, 'wx', mode).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'EEXIST' ? new FileExistsError(path) : e;
    });
    try {
      await file.writeFile(content);
    } finally {
      await file.close();
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
