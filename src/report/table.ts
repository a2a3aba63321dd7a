/**
 * A Markdown table as a list of columns: each has its heading, whether it is numeric
 * (right-aligned), and its cell. A column added (or left out when it has nothing to show) is one
 * entry, and the JSON and Markdown say the same thing.
 */
export interface Column<Row> {
  readonly head: string;
  readonly numeric: boolean;
  readonly cell: (row: Row) => string;
}

export function column<Row>(head: string, cell: (row: Row) => string, numeric = true): Column<Row> {
  return { head, numeric, cell };
}

export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string[] {
  return [
    `| ${columns.map((c) => c.head).join(" | ")} |`,
    `|${columns.map((c) => (c.numeric ? "---:" : "---")).join("|")}|`,
    ...rows.map((row) => `| ${columns.map((c) => c.cell(row)).join(" | ")} |`),
  ];
}
