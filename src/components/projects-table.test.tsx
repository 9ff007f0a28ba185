// Projects: rows in the document's order (the report sorts them by cost), at most 15 with the
// rest counted, and short labels with the full name as a tooltip.
import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { makeSampleUsageData, SAMPLE_NOW } from '../../test/fixtures/sample-data.ts';
import { ProjectsTable } from './projects-table.tsx';

useHappyDom();

const now = new Date(SAMPLE_NOW);

describe('the projects table', () => {
  test('keeps the order the document gives, without sorting again', () => {
    const [aios, website] = makeSampleUsageData().projects;
    const { getAllByRole } = render(<ProjectsTable projects={[website!, aios!]} now={now} />);
    expect(getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['-home-dev-website', '-home-dev-aios']);
  });

  test('shows the first 15 and counts the rest', () => {
    const [first] = makeSampleUsageData().projects;
    const projects = Array.from({ length: 18 }, (_, i) => ({ ...first!, project: `-home-dev-p${i}` }));
    const { getAllByRole, getByText } = render(<ProjectsTable projects={projects} now={now} />);
    const names = getAllByRole('rowheader').map((th) => th.textContent);
    expect(names).toHaveLength(15);
    expect([names[0], names[14]]).toEqual(['-home-dev-p0', '-home-dev-p14']);
    expect(getByText('and 3 more').tagName).toBe('P');
  });
});
