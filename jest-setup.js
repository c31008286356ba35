// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// React 19's react-dom/server (loaded by @grafana/ui 13 for text truncation) creates a MessageChannel
// as soon as it is imported, and jsdom has none. Node's own MessageChannel would keep Jest from
// exiting once React listens on it, so a timer-based stand-in is used instead.
class TimerMessageChannel {
  constructor() {
    const makePort = () => ({ onmessage: null, close() {}, start() {} });
    this.port1 = makePort();
    this.port2 = makePort();
    this.port1.postMessage = (data) => setTimeout(() => this.port2.onmessage?.({ data }), 0);
    this.port2.postMessage = (data) => setTimeout(() => this.port1.onmessage?.({ data }), 0);
  }
}

if (typeof globalThis.MessageChannel === 'undefined') {
  globalThis.MessageChannel = TimerMessageChannel;
}

// Combobox (@grafana/ui) sizes its menu with canvas text metrics; the scaffold's stub returns no context.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return { measureText: (text = '') => ({ width: String(text).length * 7 }) };
};

// @grafana/scenes creates an IntersectionObserver when it loads (lazy panel rendering); jsdom has none.
// This one never reports an intersection.
if (typeof globalThis.IntersectionObserver === 'undefined') {
  globalThis.IntersectionObserver = class IntersectionObserver {
    root = null;
    rootMargin = '';
    thresholds = [];
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  };
}
