// Coalesced rendering: `mark(name)` says a panel changed; the ticker renders each marked panel
// at most once per `intervalMs`, inside an animation frame, however many marks came between.
export class Ticker {
  constructor(intervalMs = 250) {
    this.intervalMs = intervalMs;
    this.dirty = new Set();
    this.renderers = new Map();
    this.before = [];
    this.frames = 0;
  }

  on(name, render) {
    this.renderers.set(name, render);
    return this;
  }

  // Work done at every tick before rendering (e.g. draining the feed).
  each(fn) {
    this.before.push(fn);
    return this;
  }

  mark(...names) {
    for (const n of names) this.dirty.add(n);
  }

  start() {
    const tick = () => {
      requestAnimationFrame(() => {
        for (const fn of this.before) fn();
        const names = [...this.dirty];
        this.dirty.clear();
        for (const n of names) {
          const r = this.renderers.get(n);
          if (r) r();
        }
        this.frames++;
        setTimeout(tick, this.intervalMs);
      });
    };
    tick();
    return this;
  }
}
