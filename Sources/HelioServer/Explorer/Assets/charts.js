// Helio explorer charts: small SVG bar and line charts over time, drawn here (no library).
// Times are unix seconds (UTC); values are integers (Wh, readings). Doubles are used only for geometry.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg"; // the SVG namespace name (an identifier, never fetched)

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A "nice" upper bound (1, 2, 2.5 or 5 × 10^k) at or above max, and a tick step that divides it.
  function niceScale(max, ticks) {
    if (!(max > 0)) return { top: 1, step: 1 };
    const rough = max / ticks;
    const pow = Math.pow(10, Math.floor(Math.log10(rough)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= rough);
    return { top: Math.ceil(max / step) * step, step: step };
  }

  // Compact labels for an axis: 1.5k, 2M, 750.
  function compact(v) {
    const a = Math.abs(v);
    if (a >= 1e9) return trim(v / 1e9) + "G";
    if (a >= 1e6) return trim(v / 1e6) + "M";
    if (a >= 1e3) return trim(v / 1e3) + "k";
    return trim(v);
  }
  function trim(x) { return String(Math.round(x * 100) / 100); }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function dayLabel(t) { const d = new Date(t * 1000); return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()]; }
  function hourLabel(t) { return pad2(new Date(t * 1000).getUTCHours()) + ":00"; }

  // Hour ticks: every `every` hours (chosen from the span so labels do not collide); day labels at 00:00.
  function hourTicks(from, to, width) {
    const hours = Math.max(1, (to - from) / 3600);
    const perLabel = 46; // px a label needs
    const every = [1, 2, 3, 6, 12, 24, 48, 168].find((e) => (width / hours) * e >= perLabel) || 168;
    const out = [];
    const first = Math.ceil(from / (3600 * every)) * 3600 * every;
    for (let t = first; t <= to; t += 3600 * every) out.push(t);
    return { ticks: out, every: every };
  }

  const M = { top: 22, right: 10, bottom: 38, left: 48 };

  function frame(opts) {
    const width = opts.width || 720;
    const height = opts.height || 240;
    const svg = el("svg", {
      viewBox: "0 0 " + width + " " + height, class: "chart", role: "img",
      preserveAspectRatio: "xMidYMid meet",
    });
    if (opts.id) svg.setAttribute("id", opts.id);
    svg.appendChild(el("title", {}, opts.title || "chart"));
    return { svg: svg, width: width, height: height, w: width - M.left - M.right, h: height - M.top - M.bottom };
  }

  function yAxis(f, scale, unit) {
    const g = el("g", { class: "y-axis" });
    for (let v = 0; v <= scale.top + 1e-9; v += scale.step) {
      const y = M.top + f.h - (v / scale.top) * f.h;
      g.appendChild(el("line", { class: v === 0 ? "axis" : "grid", x1: M.left, x2: M.left + f.w, y1: y, y2: y }));
      g.appendChild(el("text", { x: M.left - 6, y: y + 4, "text-anchor": "end" }, compact(v)));
    }
    if (unit) g.appendChild(el("text", { x: M.left - 6, y: 10, "text-anchor": "end" }, unit));
    f.svg.appendChild(g);
  }

  function xAxis(f, from, to) {
    const g = el("g", { class: "x-axis" });
    const { ticks, every } = hourTicks(from, to, f.w);
    const x = (t) => M.left + ((t - from) / Math.max(1, to - from)) * f.w;
    for (const t of ticks) {
      const px = x(t);
      g.appendChild(el("line", { class: "tick", x1: px, x2: px, y1: M.top + f.h, y2: M.top + f.h + 4 }));
      const midnight = new Date(t * 1000).getUTCHours() === 0;
      const label = every >= 24 || midnight ? dayLabel(t) : hourLabel(t);
      // Labels at the very ends stay inside the chart.
      const anchor = px > M.left + f.w - 24 ? "end" : px < M.left + 24 ? "start" : "middle";
      g.appendChild(el("text", { x: px, y: M.top + f.h + 16, "text-anchor": anchor }, label));
    }
    g.appendChild(el("text", { x: M.left + f.w, y: f.height - 4, "text-anchor": "end" }, "UTC"));
    f.svg.appendChild(g);
  }

  // Bars: one per item {t, v} of width `step` seconds (3600 for hourly production). Each bar carries its
  // raw value in data-value and its start in data-hour, so tests and tools can read the chart's data.
  function bars(items, opts) {
    opts = opts || {};
    const f = frame(opts);
    const step = opts.step || 3600;
    const from = items.length ? items[0].t : 0;
    const to = items.length ? items[items.length - 1].t + step : step;
    const max = items.reduce((m, d) => Math.max(m, d.v), 0);
    const scale = niceScale(max, 4);
    yAxis(f, scale, opts.unit);
    const bw = (step / Math.max(1, to - from)) * f.w;
    const g = el("g", { class: "bars" });
    for (const d of items) {
      const hgt = scale.top ? (d.v / scale.top) * f.h : 0;
      const x = M.left + ((d.t - from) / Math.max(1, to - from)) * f.w;
      const r = el("rect", {
        class: "bar", x: (x + bw * 0.08).toFixed(2), y: (M.top + f.h - hgt).toFixed(2),
        width: Math.max(0.5, bw * 0.84).toFixed(2), height: hgt.toFixed(2), "data-hour": d.t, "data-value": d.v,
      });
      r.appendChild(el("title", {}, (opts.label ? opts.label(d) : d.t + ": " + d.v)));
      g.appendChild(r);
    }
    f.svg.appendChild(g);
    xAxis(f, from, to);
    return f.svg;
  }

  // A line (with a soft area under it) through points {t, v}, over [from, to].
  function line(points, opts) {
    opts = opts || {};
    const f = frame(opts);
    const from = opts.from !== undefined ? opts.from : points.length ? points[0].t : 0;
    const to = opts.to !== undefined ? opts.to : points.length ? points[points.length - 1].t : 1;
    const max = points.reduce((m, d) => Math.max(m, d.v), 0);
    const scale = niceScale(max, 3);
    yAxis(f, scale, opts.unit);
    const x = (t) => M.left + ((t - from) / Math.max(1, to - from)) * f.w;
    const y = (v) => M.top + f.h - (v / scale.top) * f.h;
    if (points.length) {
      const d = points.map((p, i) => (i ? "L" : "M") + x(p.t).toFixed(1) + " " + y(p.v).toFixed(1)).join(" ");
      const base = (M.top + f.h).toFixed(1);
      f.svg.appendChild(el("path", {
        class: "area", d: d + " L" + x(points[points.length - 1].t).toFixed(1) + " " + base + " L" +
          x(points[0].t).toFixed(1) + " " + base + " Z",
      }));
      f.svg.appendChild(el("path", { class: "line", d: d }));
    }
    if (opts.seconds) {
      // A relative time axis (e.g. the last minute): labels "-60 s" … "now".
      const g = el("g", { class: "x-axis" });
      for (let s = 0; s <= opts.seconds; s += opts.seconds / 4) {
        const px = x(to - opts.seconds + s);
        g.appendChild(el("line", { class: "tick", x1: px, x2: px, y1: M.top + f.h, y2: M.top + f.h + 4 }));
        g.appendChild(el("text", { x: px, y: M.top + f.h + 16, "text-anchor": "middle" },
          s === opts.seconds ? "now" : "-" + (opts.seconds - s) + " s"));
      }
      f.svg.appendChild(g);
    } else {
      xAxis(f, from, to);
    }
    return f.svg;
  }

  window.HelioCharts = { bars: bars, line: line, niceScale: niceScale };
})();
