// The Notification API adapter: none without the API, the permission read live, a request passed on,
// and a notification that the browser refuses to construct is no error.
import { describe, expect, test } from 'bun:test';
import { browserNotifications } from './browser-notifications.ts';

/** A Notification class as a browser has it: static permission and requestPermission, a constructor. */
function fakeApi(opts: { throws?: boolean } = {}) {
  const made: [string, NotificationOptions | undefined][] = [];
  class FakeNotification {
    static permission: NotificationPermission = 'default';
    static requestPermission = async () => (FakeNotification.permission = 'granted');
    constructor(title: string, options?: NotificationOptions) {
      if (opts.throws) throw new TypeError('Illegal constructor: use ServiceWorkerRegistration.showNotification()');
      made.push([title, options]);
    }
  }
  return { api: FakeNotification as unknown as typeof Notification, made };
}

describe('browserNotifications', () => {
  test('null where the browser has no Notification', () => {
    expect(browserNotifications({})).toBeNull();
  });

  test('reads the permission each time, passes the request on, shows with body and tag', async () => {
    const { api, made } = fakeApi();
    const notifications = browserNotifications({ Notification: api })!;
    expect(notifications.permission()).toBe('default');
    expect(await notifications.requestPermission()).toBe('granted');
    expect(notifications.permission()).toBe('granted');
    notifications.show('aios: title', 'body', 'tag-1');
    expect(made).toEqual([['aios: title', { body: 'body', tag: 'tag-1' }]]);
  });

  test('a browser that allows notifications only from a service worker shows none, without an error', () => {
    const { api } = fakeApi({ throws: true });
    expect(() => browserNotifications({ Notification: api })!.show('t', 'b', 'x')).not.toThrow();
  });
});
