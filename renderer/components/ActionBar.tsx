// The screen's main actions, kept in reach: a bar that sticks to the bottom of the window while
// the screen scrolls, so "I agree", "Start the check" or "Check again" never hide below the fold.
import type { ReactNode } from 'react';

export function ActionBar({ children }: { children: ReactNode }) {
  return <div className="actions action-bar">{children}</div>;
}
