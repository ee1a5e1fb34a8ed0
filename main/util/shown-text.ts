/* eslint-disable no-control-regex -- matching control characters is what these expressions are for */
// Text that reaches a person (terminal, HTML, CSV) comes from the network, imported files and saved
// runs: it may carry terminal escapes (OSC 52 writes the clipboard, ESC c clears the screen) or
// bidirectional overrides that make "moc.elgoog" read as "google.com". Those characters never mean
// anything in a host name, title or header a report shows, so they are taken out before showing.

/**
 * C0 controls other than tab and line feed, DEL, the C1 block (U+0080–U+009F: 8-bit CSI and OSC),
 * and the Unicode line/paragraph separators.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Bidirectional marks, embeddings, overrides and isolates (Unicode UAX #9). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Every control a shown text may not keep, tab and line feed included (a cell or a table field is one line). */
const ONE_LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** For the terminal and for whole documents: lines and tabs stay, every other control goes. */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\r' || c === '\v' || c === '\f' ? ' ' : '')).replace(BIDI, '');
}

/** One value shown in a field (a title, a header, a host): no control at all; line breaks become spaces. */
export function shownValue(text: string): string {
  return text.replace(ONE_LINE_CONTROLS, (c) => (c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f' ? ' ' : '')).replace(BIDI, '');
}

/** Does the text hold a character no shown value may keep (for tests and assertions)? */
/** allowLines: tab, line feed and carriage return (a document's own line ends) are fine. */
export function hasForbiddenControl(text: string, options: { allowLines?: boolean } = {}): boolean {
  const controls = options.allowLines ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/ : /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
  return controls.test(text) || /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text);
}

/** Characters JSON.stringify leaves raw that a terminal or an editor acts on: DEL, C1, separators, bidi. */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON for files people may `cat` or open in an editor (run files, OONI JSONL, upload bodies): the
 * same data, with every control and bidi character written as a \uXXXX escape (JSON.stringify
 * escapes only C0), so the measured text stays exact and none of it acts on the reader's screen.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
