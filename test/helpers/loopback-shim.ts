// The browser-side stand-in for the Electron preload in e2e tests: defines window.custos
// over fetch (operations) and EventSource (subscriptions) against the loopback host.
// It lives in test/ only; the shipped renderer never contains it.
import { OPERATION_NAMES } from '../../shared/api'
import { DESKTOP_EVENT_NAMES, subscriptionName } from '../../shared/desktop-events'

export const SHIM_PATH = '/__custos/shim.js'
export const OP_PATH_PREFIX = '/__custos/op/'
export const EVENTS_PATH = '/__custos/events'

export function loopbackShimSource(): string {
  const ops = JSON.stringify(OPERATION_NAMES)
  const events = JSON.stringify(DESKTOP_EVENT_NAMES.map((name) => [name, subscriptionName(name)]))
  return `'use strict';
(() => {
  const custos = {};
  for (const name of ${ops}) {
    custos[name] = async (input) => {
      const response = await fetch(${JSON.stringify(OP_PATH_PREFIX)} + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-custos-shim': '1' },
        body: JSON.stringify(input === undefined ? {} : input),
      });
      return response.json();
    };
  }
  const listeners = new Map();
  const last = new Map();
  const source = new EventSource(${JSON.stringify(EVENTS_PATH)});
  for (const [event, method] of ${events}) {
    listeners.set(event, new Set());
    source.addEventListener(event, (message) => {
      const payload = JSON.parse(message.data);
      last.set(event, payload);
      for (const callback of listeners.get(event)) callback(payload);
    });
    custos[method] = (callback) => {
      listeners.get(event).add(callback);
      if (last.has(event)) callback(last.get(event));
      return () => { listeners.get(event).delete(callback); };
    };
  }
  Object.defineProperty(window, 'custos', { value: Object.freeze(custos), enumerable: true });
})();
`
}
