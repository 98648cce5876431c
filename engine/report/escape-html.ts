// Citizens write the names, titles, summaries and quotes the report prints: every text goes through this before it
// lands in HTML or SVG, so a `<script>` or a stray `&` in a complaint stays text.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe as HTML or SVG text content and inside quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
