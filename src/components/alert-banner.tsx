// The banner of the alerts in force (a window past an alert threshold), above the panel, with the
// one button that asks for the browser's permission to notify: never asked for on load.
import type { WindowAlert } from '../contract/usage-data.ts';
import type { NotificationPermissionState } from '../app/browser-notifications.ts';
import { alertWords } from '../view/alert-words.ts';
import type { Clock } from './clock.ts';

export interface AlertBannerProps {
  alerts: readonly WindowAlert[];
  clock: Clock;
  /** The page's notification permission; null when the browser has none (no button then). */
  permission: NotificationPermissionState | null;
  onRequestPermission: () => void;
}

function NotifyControl({
  permission,
  onRequest,
}: {
  permission: NotificationPermissionState | null;
  onRequest: () => void;
}) {
  if (permission === null) return null;
  if (permission === 'granted')
    return <span className="alert-notify">Browser notifications are on for the next alert.</span>;
  if (permission === 'denied')
    return <span className="alert-notify">Browser notifications are blocked for this page (site settings).</span>;
  return (
    <button type="button" className="alert-notify" onClick={onRequest}>
      Notify me in this browser
    </button>
  );
}

export function AlertBanner({ alerts, clock, permission, onRequestPermission }: AlertBannerProps) {
  if (alerts.length === 0) return null;
  return (
    <div className="notice notice-alert" role="alert" data-testid="alert-banner">
      <ul>
        {alerts.map((alert) => {
          const words = alertWords(alert, clock.now, clock);
          return (
            <li key={words.id}>
              <strong>⚠ {words.title}</strong> {words.detail}
            </li>
          );
        })}
      </ul>
      <NotifyControl permission={permission} onRequest={onRequestPermission} />
    </div>
  );
}
