// Spend by model: rows in the document's order (the report sorts them by cost), unpriced models
// marked as such, and the empty text.
import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { makeSampleUsageData } from '../../test/fixtures/sample-data.ts';
import { ModelsTable } from './models-table.tsx';

useHappyDom();

describe('the models table', () => {
  test('keeps the order the document gives, without sorting again', () => {
    const [opus, sonnet, mystery] = makeSampleUsageData().models;
    const { getAllByRole } = render(<ModelsTable models={[mystery!, sonnet!, opus!]} />);
    const names = getAllByRole('rowheader').map((th) => th.textContent);
    expect(names).toEqual(['mystery-9unpriced', 'sonnet-4-5', 'opus-4-5']);
  });

  test('says there is nothing yet instead of an empty table', () => {
    const { getByRole, queryByRole } = render(<ModelsTable models={[]} />);
    expect(getByRole('region', { name: 'Spend by model' }).textContent).toContain('No model usage yet.');
    expect(queryByRole('table')).toBeNull();
  });
});
