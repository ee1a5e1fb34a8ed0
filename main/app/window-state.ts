// The main window's size and place, remembered across starts in the user-data folder. A broken or
// foreign file means the defaults; a place on a screen that is gone (a laptop undocked) is dropped
// so the window never opens out of sight.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../report/run-json.ts';
import type { BrowserWindow, ShellLog } from './electron-api.ts';

export const WindowStateSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000).optional(),
  y: z.number().int().min(-100_000).max(100_000).optional(),
  width: z.number().int().min(480).max(20_000),
  height: z.number().int().min(400).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1100, height: 780, maximized: false };

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function loadWindowState(file: string, log: ShellLog): Promise<WindowState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`window state: cannot read: ${(err as Error).message}`);
    return { ...DEFAULT_WINDOW_STATE };
  }
  try {
    return WindowStateSchema.parse(JSON.parse(text));
  } catch {
    log('window state: invalid file; using the defaults');
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Keeps the saved place only when a good part of the window's title bar is on one of the screens. */
export function fitToScreens(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const { x, y, ...size } = state;
  if (x === undefined || y === undefined) return size;
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(x + state.width, area.x + area.width) - Math.max(x, area.x);
    const titleBarOnScreen = y >= area.y && y <= area.y + area.height - 50;
    return overlapX >= 100 && titleBarOnScreen;
  });
  if (!visible) return size;
  const width = Math.min(state.width, Math.max(...workAreas.map((a) => a.width)));
  const height = Math.min(state.height, Math.max(...workAreas.map((a) => a.height)));
  return { ...state, width, height };
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(WindowStateSchema.parse(state))}\n`);
}

/** The state to save for a window: its normal (not maximized) bounds, and whether it was maximized. */
export function stateOf(window: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  const bounds = window.getNormalBounds();
  const clamp = (n: number, min: number) => Math.max(min, Math.round(n));
  return {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: clamp(bounds.width, 480),
    height: clamp(bounds.height, 400),
    maximized: window.isMaximized(),
  };
}

export interface WindowStateKeeper {
  /** Saves the window's state now (it closes, the app quits); resolves once it is on disk. */
  save(window: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized' | 'isDestroyed'> | null): Promise<void>;
}

/**
 * Saves at the moments that matter, no timers. A quit waits for the last save, so the app never
 * exits in the middle of writing it.
 */
export function windowStateKeeper(file: string, log: ShellLog): WindowStateKeeper {
  let last: Promise<void> = Promise.resolve();
  return {
    save(window) {
      if (window && !window.isDestroyed()) {
        last = saveWindowState(file, stateOf(window)).catch((err: unknown) => log(`window state: cannot save: ${(err as Error).message}`));
      }
      return last;
    },
  };
}
