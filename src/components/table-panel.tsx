// The frame every dashboard table shares: a titled panel, a plain "nothing yet" line instead of an
// empty table, and one header row whose numeric columns are right-aligned like their cells.
import type { ReactNode } from 'react';

/** A column header; numeric columns get the "num" class (right-aligned), like their cells. */
export interface Column {
  label: string;
  numeric?: boolean;
}

/** A table with one header row; the caller renders the body rows as children. */
export function DataTable({ columns, children }: { columns: Column[]; children: ReactNode }) {
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

export interface TablePanelProps {
  /** Prefix of the heading's id; the heading labels the section. */
  id: string;
  title: string;
  columns: Column[];
  /** When true, `emptyText` is shown instead of the table. */
  isEmpty: boolean;
  emptyText: string;
  /** The body rows. */
  children: ReactNode;
  /** Below the table, e.g. "and 3 more". */
  footer?: ReactNode;
}

/**
 * A titled panel holding one table, or a sentence when there is nothing to list.
 *
 * @example <TablePanel id="models" title="Spend by model" columns={[{ label: 'Model' }]} isEmpty={false} emptyText="None yet.">{rows}</TablePanel>
 */
export function TablePanel({ id, title, columns, isEmpty, emptyText, children, footer }: TablePanelProps) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {isEmpty ? <p className="empty">{emptyText}</p> : <DataTable columns={columns}>{children}</DataTable>}
      {footer}
    </section>
  );
}
