// The whole page against a real loopback server: load, Refresh, polling, the demo banner, stale
// marking after a failed refresh, and the error state for an invalid document.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { fireEvent, render, waitFor } from '@testing-library/react';
import { App } from './app.tsx';
import { NativeResponse, nativeFetch, useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { createUsageApi } from './usage-api.ts';
import { makeSampleAlert, makeSampleUsageData, SAMPLE_NOW } from '../../test/fixtures/sample-data.ts';
import type { WindowAlert } from '../contract/usage-data.ts';

useHappyDom();

// A real loopback server standing in for `aios serve`; each test scripts its answers in order.
type Reply = () => Response;
let replies: Reply[] = [];
const requests: string[] = [];
let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(req) {
      requests.push(`${req.method} ${new URL(req.url).pathname}`);
      return (replies.length > 1 ? replies.shift()! : replies[0]!)();
    },
  });
});
afterAll(() => server.stop(true));

const now = () => new Date(Date.parse(SAMPLE_NOW) + 60_000);

/** Serve `script` in order (the last reply repeats). Polling is off unless a test asks for it. */
function renderApp(script: Reply[], refreshIntervalMs = 3_600_000) {
  replies = script;
  requests.length = 0;
  const api = createUsageApi({ baseUrl: `http://127.0.0.1:${server.port}`, fetch: nativeFetch });
  return render(<App api={api} now={now} timeZone="UTC" refreshIntervalMs={refreshIntervalMs} />);
}

const ok = (overrides?: Parameters<typeof makeSampleUsageData>[0]) => () =>
  NativeResponse.json(makeSampleUsageData(overrides));
const fail500 = () => NativeResponse.json({ error: 'scan failed' }, { status: 500 });

describe('the dashboard page', () => {
  test('renders the panel, totals and tables from a served document', async () => {
    const view = renderApp([ok()]);
    const panel = await view.findByRole('region', { name: 'Claude usage limits · Max 5x' });
    expect(panel.querySelector('[data-testid="badge"]')?.textContent).toBe('Live');
    expect(view.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuenow')).toBe('42');
    const models = view.getByRole('region', { name: 'Spend by model' });
    expect([...models.querySelectorAll('tbody tr')]).toHaveLength(3);
    expect(view.getByRole('region', { name: 'All-time totals' }).textContent).toContain('98M');
    expect(view.getByTestId('generated').textContent).toBe('data updated 1 m ago');
    expect(view.queryByTestId('demo-banner')).toBeNull();
  });

  test('shortens project names by the home path they share, keeping the full name as a tooltip', async () => {
    const view = renderApp([ok()]);
    const projects = await view.findByRole('heading', { name: 'Projects' });
    const table = projects.closest('section')!;
    const names = [...table.querySelectorAll('tbody th')].map((th) => [th.textContent, th.getAttribute('title')]);
    expect(names).toEqual([
      ['aios', '-home-dev-aios'],
      ['website', '-home-dev-website'],
    ]);
  });

  test('shows unpriced models as unpriced, never $0', async () => {
    const view = renderApp([ok()]);
    await view.findByRole('heading', { name: 'Spend by model' });
    const row = view.getByRole('rowheader', { name: /mystery-9/ }).closest('tr')!;
    expect(row.textContent).toContain('unpriced');
    expect(row.textContent).not.toContain('$0.00');
    expect(view.getByTestId('unpriced-note').textContent).toContain('mystery-9');
  });

  test('shows the Demo data banner when the document is demo data', async () => {
    const view = renderApp([ok({ demo: true })]);
    expect((await view.findByTestId('demo-banner')).textContent).toContain('Demo data');
  });

  test('keeps the last good data, marked stale with its age, when a refresh fails', async () => {
    const view = renderApp([ok(), fail500]);
    await view.findByRole('progressbar', { name: '5-hour window' });
    fireEvent.click(view.getByRole('button', { name: 'Refresh' }));
    const notice = await view.findByTestId('stale-notice');
    expect(notice.textContent).toContain('generated 1 m ago');
    expect(notice.textContent).toContain('the aios server answered 500: scan failed');
    // The last good numbers are still on screen, and the badge says they are stale.
    expect(view.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuenow')).toBe('42');
    expect(view.getByTestId('source').textContent).toContain('stale');
    expect(view.getByTestId('generated').textContent).toContain('stale');
  });

  test('clears the stale mark once a refresh succeeds again', async () => {
    const view = renderApp([ok(), fail500, ok({ claudeWindow: { pct: 55 } })]);
    await view.findByRole('progressbar', { name: '5-hour window' });
    fireEvent.click(view.getByRole('button', { name: 'Refresh' }));
    await view.findByTestId('stale-notice');
    await waitFor(() => expect(view.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(view.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(view.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuenow')).toBe('55'),
    );
    expect(view.queryByTestId('stale-notice')).toBeNull();
  });

  test('loads with GET /api/aggregate and recomputes with POST /api/refresh on the button', async () => {
    const view = renderApp([ok(), ok({ claudeWindow: { pct: 48 } })]);
    await view.findByRole('progressbar', { name: '5-hour window' });
    fireEvent.click(view.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(view.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuenow')).toBe('48'),
    );
    expect(requests).toEqual(['GET /api/aggregate', 'POST /api/refresh']);
  });

  test('polls /api/aggregate on its interval and shows the newer document', async () => {
    const view = renderApp([ok(), ok({ claudeWindow: { pct: 57 } })], 40);
    await waitFor(() =>
      expect(view.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuenow')).toBe('57'),
    );
    view.unmount(); // stop the 40 ms poll before anything else renders outside act()
    expect(requests.slice(0, 2)).toEqual(['GET /api/aggregate', 'GET /api/aggregate']);
  });

  test('shows an error state, not a blank page, for a document that fails validation', async () => {
    const broken = { ...makeSampleUsageData(), totals: { costUsd: -1 } };
    const view = renderApp([() => NativeResponse.json(broken)]);
    const error = await view.findByTestId('error-state');
    expect(error.getAttribute('role')).toBe('alert');
    expect(view.getByTestId('error-message').textContent).toBe(
      'The usage document does not match the expected format.',
    );
    expect(error.textContent).toContain('$.totals.inputTokens: missing');
    expect(view.queryByRole('progressbar')).toBeNull();
    // Refresh stays usable, so the user can try again.
    expect(view.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(false);
  });

  test('a first load that fails with an HTTP error says so', async () => {
    const view = renderApp([fail500]);
    expect((await view.findByTestId('error-message')).textContent).toBe('The aios server answered 500: scan failed.');
  });
});

/** A stand-in for the browser's notifications: its permission, and every request and notification. */
function fakeNotifications(permission: 'default' | 'granted' | 'denied') {
  const fake = {
    state: permission,
    requests: 0,
    shown: [] as [string, string, string][],
    permission: () => fake.state,
    requestPermission: async () => {
      fake.requests++;
      fake.state = 'granted';
      return fake.state;
    },
    show: (title: string, body: string, tag: string) => void fake.shown.push([title, body, tag]),
  };
  return fake;
}

const fiveHourAlert = makeSampleAlert();
const weekAlert = makeSampleAlert({
  window: 'seven_day',
  threshold: 80,
  pct: 81,
  firedAt: '2026-11-20T12:00:30.000Z',
  resetsAt: '2026-11-23T13:00:00.000Z',
});

describe('alerts on the page', () => {
  function renderWithAlerts(script: Reply[], notifications: ReturnType<typeof fakeNotifications> | null) {
    replies = script;
    requests.length = 0;
    const api = createUsageApi({ baseUrl: `http://127.0.0.1:${server.port}`, fetch: nativeFetch });
    return render(
      <App api={api} now={now} timeZone="UTC" refreshIntervalMs={3_600_000} notifications={notifications} />,
    );
  }
  const withAlerts = (...current: WindowAlert[]) =>
    ok({ claudeWindow: { pct: 96 }, alerts: { thresholds: [80, 95], current } });

  test('an alert in force is a banner; permission is asked only when its button is clicked', async () => {
    const notifications = fakeNotifications('default');
    const view = renderWithAlerts([withAlerts(fiveHourAlert)], notifications);
    const banner = await view.findByTestId('alert-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('⚠ 5-hour window past 95% 96% (Live) · resets in 2 h 13 m (at 14:14)');
    expect(notifications.requests).toBe(0);
    fireEvent.click(view.getByRole('button', { name: 'Notify me in this browser' }));
    await waitFor(() => expect(banner.textContent).toContain('Browser notifications are on for the next alert.'));
    expect(notifications.requests).toBe(1);
    // Already current when the page loaded: in the banner, not a notification.
    expect(notifications.shown).toEqual([]);
  });

  test('an alert that fires while the page is open is a browser notification, once, when allowed', async () => {
    const notifications = fakeNotifications('granted');
    const view = renderWithAlerts(
      [withAlerts(fiveHourAlert), withAlerts(fiveHourAlert, weekAlert), withAlerts(fiveHourAlert, weekAlert)],
      notifications,
    );
    await view.findByTestId('alert-banner');
    expect(view.queryByRole('button', { name: 'Notify me in this browser' })).toBeNull();
    for (let i = 0; i < 2; i++) {
      fireEvent.click(view.getByRole('button', { name: 'Refresh' }));
      await waitFor(() => expect(requests).toHaveLength(i + 2));
      await waitFor(() => expect(view.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(false));
    }
    expect(view.getByTestId('alert-banner').textContent).toContain('Weekly limit past 80%');
    expect(notifications.shown).toEqual([
      [
        'aios: Weekly limit past 80%',
        '81% (Live) · resets in 3 d (at Mon 13:00)',
        'seven_day:80:2026-11-20T12:00:30.000Z',
      ],
    ]);
    expect(notifications.requests).toBe(0);
  });

  test('no banner without an alert', async () => {
    const view = renderWithAlerts([ok()], fakeNotifications('default'));
    await view.findByRole('progressbar', { name: '5-hour window' });
    expect(view.queryByTestId('alert-banner')).toBeNull();
  });

  test('blocked notifications say so instead of offering the button', async () => {
    const view = renderWithAlerts([withAlerts(fiveHourAlert)], fakeNotifications('denied'));
    const banner = await view.findByTestId('alert-banner');
    expect(banner.textContent).toContain('Browser notifications are blocked for this page');
    expect(banner.querySelector('button')).toBeNull();
  });

  test('a browser without notifications gets the banner and nothing to click', async () => {
    const view = renderWithAlerts([withAlerts(fiveHourAlert)], null);
    const banner = await view.findByTestId('alert-banner');
    expect(banner.querySelector('button')).toBeNull();
    expect(banner.textContent).not.toContain('notifications');
  });
});
