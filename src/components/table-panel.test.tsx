// The frame shared by the dashboard tables: a region named by its heading, numeric header
// alignment, and the empty text instead of an empty table.
import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { TablePanel } from './table-panel.tsx';

useHappyDom();

const columns = [{ label: 'Name' }, { label: 'Tokens', numeric: true }];

describe('the table panel', () => {
  test('is a region named by its heading, with numeric headers right-aligned like their cells', () => {
    const { getByRole, getAllByRole } = render(
      <TablePanel
        id="things"
        title="Things"
        columns={columns}
        isEmpty={false}
        emptyText="None."
        footer={<p>and 2 more</p>}
      >
        <tr>
          <th scope="row">a</th>
          <td className="num">1</td>
        </tr>
      </TablePanel>,
    );
    // Named by its heading, whose id comes from the `id` prefix.
    expect(getByRole('region', { name: 'Things' }).getAttribute('aria-labelledby')).toBe('things-title');
    const headers = getAllByRole('columnheader');
    expect(headers.map((h) => [h.textContent, h.className])).toEqual([
      ['Name', ''],
      ['Tokens', 'num'],
    ]);
    expect(getAllByRole('row')).toHaveLength(2);
    expect(getByRole('region').textContent).toContain('and 2 more');
  });

  test('says the empty text instead of drawing an empty table', () => {
    const { queryByRole, getByRole } = render(
      <TablePanel id="things" title="Things" columns={columns} isEmpty emptyText="Nothing yet.">
        {null}
      </TablePanel>,
    );
    expect(getByRole('region', { name: 'Things' }).textContent).toBe('ThingsNothing yet.');
    expect(queryByRole('table')).toBeNull();
  });
});
