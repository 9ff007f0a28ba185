// The 5-hour blocks table: recent real blocks newest first, gaps left out, the active block's
// burn rate and projection, and the empty text.
import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import { makeSampleUsageData, SAMPLE_NOW } from '../../test/fixtures/sample-data.ts';
import { BlocksList } from './blocks-list.tsx';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';

useHappyDom();

const clock = { now: new Date(SAMPLE_NOW), timeZone: 'UTC' };

describe('the 5-hour blocks list', () => {
  test('lists real blocks of the last days newest first, leaving out gaps', () => {
    const [old, gap, active] = makeSampleUsageData().blocks;
    const ancient = { ...old!, start: '2026-11-10T08:00:00.000Z', end: '2026-11-10T13:00:00.000Z' };
    const { getAllByRole } = render(<BlocksList blocks={[ancient, old!, gap!, active!]} clock={clock} />);
    const rows = getAllByRole('rowheader').map((th) => th.textContent ?? '');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toStartWith('10:00 – 15:00active');
    expect(rows[0]).toContain('12.3K tokens/min · $4.20/h');
    expect(rows[0]).toContain('projected 6.9M tokens · $19.60 by the end');
    expect(rows[1]).toBe('00:00 – 05:00');
  });

  test('says so when there is nothing recent', () => {
    const { getByRole, queryByRole } = render(<BlocksList blocks={[]} clock={clock} />);
    expect(getByRole('region', { name: '5-hour blocks, last 3 days' }).textContent).toContain(
      'No blocks in the last 3 days.',
    );
    expect(queryByRole('table')).toBeNull();
  });
});
