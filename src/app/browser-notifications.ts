// The browser's Notification API behind a small interface: what permission the page has, asking for
// it (only ever from a click), and showing one. Null where the browser has no notifications.

export type NotificationPermissionState = 'default' | 'granted' | 'denied';

export interface BrowserNotifications {
  permission(): NotificationPermissionState;
  /** Asks the user; call only from a click (browsers ignore or penalize other requests). */
  requestPermission(): Promise<NotificationPermissionState>;
  /** Shows one notification; a second with the same tag replaces the first. */
  show(title: string, body: string, tag: string): void;
}

/** The page's own Notification API, or null when the browser (or its context) has none. */
export function browserNotifications(
  scope: { Notification?: typeof Notification } = globalThis,
): BrowserNotifications | null {
  const api = scope.Notification;
  if (typeof api !== 'function' || typeof api.requestPermission !== 'function') return null;
  return {
    permission: () => api.permission,
    requestPermission: () => api.requestPermission(),
    show(title, body, tag) {
      try {
        new api(title, { body, tag });
      } catch {
        // Some browsers allow notifications only from a service worker: the banner says it anyway.
      }
    },
  };
}
