// A few SVG element helpers for the training panel's charts. Colours come from classes in
// panel.css (the theme's --vscode-* variables), never from attributes: the CSP allows no inline
// styles, and a class follows a theme change without a redraw.
const NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | undefined>;

export function s(tag: string, attrs: Attrs = {}, ...children: (Node | null | undefined | false)[]): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

/** SVG text (a text node: server strings never become markup). */
export function text(x: number, y: number, value: string, attrs: Attrs = {}): SVGElement {
  const t = s('text', { x: x.toFixed(1), y: y.toFixed(1), ...attrs });
  t.textContent = value;
  return t;
}

/** A native tooltip for the element it is appended to. */
export function tooltip(value: string): SVGElement {
  const t = s('title');
  t.textContent = value;
  return t;
}

/** A chart canvas: fixed coordinates, scaled to the width of its container. */
export function canvas(width: number, height: number, label: string, cls: string): SVGElement {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, class: `chart ${cls}`, role: 'img', 'aria-label': label });
}
