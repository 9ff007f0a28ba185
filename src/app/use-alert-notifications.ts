// The page's side of alerts: the permission to notify (asked for only when the user clicks the
// banner's button, never on load), and a browser notification for each alert that fires while open.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WindowAlert } from '../contract/usage-data.ts';
import { alertWords } from '../view/alert-words.ts';
import type { ClockOptions } from '../view/format.ts';
import type { BrowserNotifications, NotificationPermissionState } from './browser-notifications.ts';

export interface AlertNotifications {
  /** Null when the browser has no notifications. */
  permission: NotificationPermissionState | null;
  /** Ask for the permission: the banner's button calls it, and nothing else does. */
  request: () => void;
}

/**
 * Notify (when allowed) each current alert the page had not seen: those already current in the
 * first document it loads are only shown in the banner, so a reload never repeats a notification.
 *
 * @example const notifications = useAlertNotifications(doc?.alerts.current ?? null, browserNotifications(), { timeZone });
 */
export function useAlertNotifications(
  current: readonly WindowAlert[] | null,
  api: BrowserNotifications | null,
  clock: ClockOptions & { now: () => Date },
): AlertNotifications {
  const [permission, setPermission] = useState<NotificationPermissionState | null>(() => api?.permission() ?? null);
  const seen = useRef<Set<string> | null>(null);
  const { now, timeZone } = clock;

  useEffect(() => {
    if (current === null) return;
    const at = now();
    const first = seen.current === null;
    const known = (seen.current ??= new Set());
    for (const words of current.map((alert) => alertWords(alert, at, { timeZone }))) {
      if (known.has(words.id)) continue;
      known.add(words.id);
      if (!first && api?.permission() === 'granted') api.show(`aios: ${words.title}`, words.detail, words.id);
    }
  }, [current, api, now, timeZone]);

  const request = useCallback(() => {
    if (!api) return;
    void api.requestPermission().then(setPermission, () => setPermission(api.permission()));
  }, [api]);

  return { permission, request };
}
