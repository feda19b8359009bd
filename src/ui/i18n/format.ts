/** `{name}` placeholders are replaced by `values[name]` (no React, no store: Node scripts and specs use it too). */
export function format(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
