const SPECIAL = /[&<>"']/;

/** Text safe inside HTML/SVG text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  // Most text (tool names, numbers) needs nothing: skip the replacements on large pages.
  if (!SPECIAL.test(text)) return text;
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
