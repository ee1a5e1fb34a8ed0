// The heading of a screen: when the person moves to another screen, focus goes here, so keyboard
// and screen-reader users land at the top of the new content. The first screen after start-up is
// left alone: there the page starts at the top, with the skip link first. It also names the window.
import { useEffect, useRef } from 'react';

let firstScreenShown = false;

export function ScreenHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreenShown) ref.current?.focus();
    firstScreenShown = true;
  }, []);
  useEffect(() => {
    document.title = `${children} · Yoxla`;
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1} className="screen-heading">
      {children}
    </h1>
  );
}
