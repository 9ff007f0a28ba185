// The alert banner: one line per alert in words, and the notification control for each permission.
import { describe, expect, mock, test } from 'bun:test';
import { fireEvent, render } from '@testing-library/react';
import { makeSampleAlert, SAMPLE_NOW } from '../../test/fixtures/sample-data.ts';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { AlertBanner } from './alert-banner.tsx';

useHappyDom();

const clock = { now: new Date(SAMPLE_NOW), timeZone: 'UTC' };
const alert = makeSampleAlert({
  threshold: 80,
  pct: 83.2,
  source: 'estimate',
  basis: 'calibrated',
  firedAt: '2026-11-20T11:50:00.000Z',
  resetsAt: '2026-11-20T14:00:00.000Z',
});

describe('AlertBanner', () => {
  test('says each alert with its basis and reset; the button asks for the permission when clicked', () => {
    const ask = mock(() => {});
    const view = render(<AlertBanner alerts={[alert]} clock={clock} permission="default" onRequestPermission={ask} />);
    expect(view.getByRole('alert').textContent).toStartWith(
      '⚠ 5-hour window past 80% 83.2% (calibrated estimate) · resets in 2 h (at 14:00)',
    );
    expect(ask).not.toHaveBeenCalled();
    fireEvent.click(view.getByRole('button', { name: 'Notify me in this browser' }));
    expect(ask).toHaveBeenCalledTimes(1);
  });

  test('nothing at all without an alert', () => {
    const view = render(<AlertBanner alerts={[]} clock={clock} permission="default" onRequestPermission={() => {}} />);
    expect(view.container.innerHTML).toBe('');
  });
});
