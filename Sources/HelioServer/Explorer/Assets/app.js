// Helio explorer: a single-page app over the server's public API (/v1/…, /events). Hash routes:
//   #/                      overview and live feed
//   #/devices, #/devices/ID  devices; a device's hourly production chart, policy, certificates
//   #/accounts/0x…          balances, certificates held, cancellations; follows /events?account=
//   #/lots/ID               a lot (GC-3) or a part (GC-3.2) with its lineage; #/lots/ID/readings
//   #/cancellations/ID      a cancellation, its statement and the offline verifier's result
// Every figure shown carries its raw value (data-figure / data-value) so tools can compare it with the API.
// Pages are built with DOM calls (never innerHTML from data), so names from the registry cannot inject markup.
(function () {
  "use strict";

  const view = document.getElementById("view");
  let page = 0; // bumped on every navigation: late replies of a previous page are dropped
  let cleanups = []; // closes the current page's event streams and timers
  let query = new URLSearchParams(); // the query part of the current hash route (#/devices/X?from=…&to=…)

  // MARK: - DOM and formatting helpers

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const intFmt = new Intl.NumberFormat("en-US");
  function int(n) { return intFmt.format(n); }

  function wh(n) {
    const base = int(n) + " Wh";
    if (n >= 1e9) return base + " (" + (n / 1e9).toFixed(2) + " GWh)";
    if (n >= 1e6) return base + " (" + (n / 1e6).toFixed(2) + " MWh)";
    if (n >= 1e4) return base + " (" + (n / 1e3).toFixed(1) + " kWh)";
    return base;
  }

  // A uint256 decimal string in base units → "1,234.5678 SUN" (exact, with BigInt).
  function units(text, decimals, symbol) {
    const v = BigInt(text);
    const scale = 10n ** BigInt(decimals);
    const whole = v / scale;
    let frac = (v % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
    if (frac.length > 6) frac = frac.slice(0, 6) + "…";
    return whole.toLocaleString("en-US") + (frac ? "." + frac : "") + (symbol ? " " + symbol : "");
  }

  function time(t) {
    if (t === null || t === undefined) return "—";
    return new Date(t * 1000).toISOString().replace("T", " ").replace(/:00\.000Z$|\.000Z$/, "") + " UTC";
  }

  function short(hex) { return hex && hex.length > 14 ? hex.slice(0, 8) + "…" + hex.slice(-6) : hex; }

  function figure(name, value, text) {
    return h("span", { class: "figure", dataset: { figure: name, value: String(value) } }, text);
  }

  // Wh in the largest unit that keeps it readable (the exact figure is in data-value and the sub line).
  function whShort(n) {
    if (n >= 1e9) return (n / 1e9).toFixed(2) + " GWh";
    if (n >= 1e6) return (n / 1e6).toFixed(2) + " MWh";
    if (n >= 1e4) return (n / 1e3).toFixed(1) + " kWh";
    return int(n) + " Wh";
  }

  function energyCard(label, name, n, sub) {
    return card(label, name, n, whShort(n), [int(n) + " Wh", sub ? " · " + sub : ""].join(""));
  }

  function card(label, name, value, text, sub) {
    return h("div", { class: "card" }, h("div", { class: "label" }, label),
      h("div", { class: "value" }, figure(name, value, text)), sub ? h("div", { class: "sub" }, sub) : null);
  }

  function facts(pairs) {
    return h("dl", { class: "facts" }, pairs.filter(Boolean).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  }

  function table(headers, rows, attrs) {
    return h("div", { class: "table-wrap" }, h("table", attrs || {},
      h("thead", {}, h("tr", {}, headers.map((c) => h("th", { class: /Wh|amount|#/.test(c) ? "num" : null }, c)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: headers.length, class: "muted" }, "none")))));
  }

  const link = {
    account: (a) => h("a", { href: "#/accounts/" + a, class: "mono", title: a }, short(a)),
    device: (id) => h("a", { href: "#/devices/" + encodeURIComponent(id) }, id),
    lot: (id) => h("a", { href: "#/lots/" + id, class: "mono" }, id),
    cancellation: (id) => h("a", { href: "#/cancellations/" + id }, "#" + id),
  };

  // MARK: - API

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || "HTTP " + status);
      this.status = status;
      this.code = problem && problem.code;
    }
  }

  let clockSkew = 0; // server clock − browser clock, seconds (from the Date header)

  async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const date = res.headers.get("Date");
    if (date) clockSkew = Date.parse(date) / 1000 - Date.now() / 1000;
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new ApiError(res.status, body);
    return body;
  }

  // The body as text (for documents read exactly, e.g. statements: JSON.parse rounds integers beyond 2^53).
  async function apiText(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const text = await res.text();
    if (!res.ok) {
      let problem = null;
      try { problem = JSON.parse(text); } catch (e) { problem = null; }
      throw new ApiError(res.status, problem);
    }
    return text;
  }

  let registryInfo = null;
  async function registry() {
    if (!registryInfo) registryInfo = await api("/v1/registry");
    return registryInfo;
  }

  // MARK: - Routing

  function render(title, navName, ...content) {
    document.title = title + " · Helio explorer";
    for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("current", a.dataset.nav === navName);
    view.replaceChildren(...content.flat());
  }

  function showError(err) {
    const message = err instanceof ApiError
      ? (err.status === 404 ? "Not found: " : "The server refused: ") + err.message
      : "Something went wrong: " + (err && err.message ? err.message : String(err));
    view.replaceChildren(h("div", { class: "error", id: "page-error", role: "alert" }, message),
      h("p", {}, h("a", { href: "#/" }, "Back to the overview")));
    view.dataset.ready = "true";
  }

  const routes = [
    [/^\/?$/, overviewPage, "overview"],
    [/^\/devices\/?$/, devicesPage, "devices"],
    [/^\/devices\/(.+)$/, devicePage, "device"],
    [/^\/accounts\/(0x[0-9a-fA-F]{40})$/, accountPage, "account"],
    [/^\/lots\/([A-Za-z]+-\d+(?:\.\d+)?)\/readings$/, lotReadingsPage, "lot-readings"],
    [/^\/lots\/([A-Za-z]+-\d+\.\d+)$/, partPage, "part"],
    [/^\/lots\/([A-Za-z]+-\d+)$/, lotPage, "lot"],
    [/^\/cancellations\/(\d+)$/, cancellationPage, "cancellation"],
  ];

  async function navigate() {
    const mine = ++page;
    for (const c of cleanups.splice(0)) { try { c(); } catch (e) { /* already closed */ } }
    const [rawPath, rawQuery] = location.hash.replace(/^#/, "").split("?");
    let path = rawPath || "/";
    try { path = decodeURIComponent(path); } catch (e) { /* keep it as typed */ }
    query = new URLSearchParams(rawQuery || "");
    view.dataset.ready = "false";
    const match = routes.map(([re, fn, name]) => [path.match(re), fn, name]).find(([m]) => m);
    if (!match) {
      view.dataset.page = "unknown";
      showError(new ApiError(404, { detail: "no page " + path }));
      return;
    }
    const [m, fn, name] = match;
    view.dataset.page = name;
    try {
      const alive = () => mine === page;
      await fn(alive, ...m.slice(1));
      if (alive()) view.dataset.ready = "true";
    } catch (err) {
      if (mine === page) showError(err);
    }
  }

  // Opens an EventSource for the current page; it is closed when the page changes.
  function follow(url, onEntry, onState, onGap) {
    if (typeof EventSource === "undefined") { onState(false); return; }
    const es = new EventSource(url);
    es.addEventListener("open", () => onState(true));
    es.addEventListener("error", () => onState(false));
    es.addEventListener("entry", (ev) => {
      let entry;
      try { entry = JSON.parse(ev.data); } catch (e) { return; }
      onEntry(entry);
    });
    es.addEventListener("gap", (ev) => { try { if (onGap) onGap(JSON.parse(ev.data)); } catch (e) { /* ignore */ } });
    cleanups.push(() => es.close());
  }

  function every(ms, fn) {
    const id = setInterval(fn, ms);
    cleanups.push(() => clearInterval(id));
  }

  // MARK: - Overview

  async function overviewPage(alive) {
    const o = await api("/v1/overview");
    if (!alive()) return;
    const cards = h("div", { class: "cards", id: "overview-figures" });
    const feed = h("ol", { class: "feed", id: "feed" });
    const rate = h("span", { class: "figure", id: "ingest-rate", dataset: { figure: "ingest-rate", value: "0" } }, "0");
    const dot = h("span", { class: "live-dot", id: "live-dot" });
    const liveState = h("span", { id: "live-state", class: "muted" }, "connecting…");
    const rateChart = h("div", { id: "rate-chart" });
    const gapNote = h("p", { class: "muted small", id: "feed-gap" });

    function fill(o) {
      const sun = o.rewardAsset;
      const go = o.certificates.GO;
      const gc = o.certificates.GC;
      cards.replaceChildren(
        card("Total supply", "supply", sun ? sun.totalSupply : "0",
          sun ? units(sun.totalSupply, sun.decimals, sun.symbol) : "—", sun ? "1 " + sun.symbol + " per MWh of solar" : null),
        energyCard("Energy attested", "energy-attested", o.energyAttestedWh, int(o.issuances) + " periods at quorum"),
        card("Readings recorded", "readings-recorded", o.readingsRecorded, int(o.readingsRecorded),
          o.disputedPeriods ? int(o.disputedPeriods) + " disputed periods" : "no disputes"),
        card("Devices", "devices", o.devices, int(o.devices), int(o.activeDevices) + " active, " + int(o.meters) + " meters"),
        card("Oracles", "oracles", o.oracles, int(o.oracles), int(o.activeOracles) + " active"),
        energyCard("GO issued", "issued-GO", go.issuedWh, int(go.lots) + " lots"),
        energyCard("GO cancelled", "cancelled-GO", go.cancelledWh),
        energyCard("GC issued", "issued-GC", gc.issuedWh, int(gc.lots) + " lots"),
        energyCard("GC cancelled", "cancelled-GC", gc.cancelledWh),
        card("Cancellations", "cancellations", o.cancellations, int(o.cancellations), int(o.cancelledWh) + " Wh in all"),
        card("Lots", "lots", o.lots, int(o.lots)),
        card("Journal", "journal-size", o.journalSize, int(o.journalSize) + " entries",
          o.checkpoint ? "checkpoint at " + int(o.checkpoint.size) + ", " + time(o.checkpoint.time) : "no checkpoint yet"),
      );
    }
    fill(o);

    render("Overview", "overview",
      h("h1", {}, o.name, " ", h("span", { class: "muted small" }, "chain " + o.chainId)),
      cards,
      h("div", { class: "grid2" },
        h("section", {},
          h("h2", {}, dot, "Live ingest ", h("span", { class: "muted small" }, "readings/s over the last minute")),
          h("div", { class: "panel" }, h("div", { class: "value" }, rate, " readings/s ", liveState), rateChart)),
        h("section", {},
          h("h2", {}, "Live feed ", h("span", { class: "muted small" }, "journal entries as they become durable")),
          h("div", { class: "panel" }, gapNote, feed))));

    // Readings per entry time, for the rate over the last minute (server time, corrected by clock skew).
    const recent = [];
    function drawRate() {
      const now = Date.now() / 1000 + clockSkew;
      while (recent.length && recent[0].t < now - 120) recent.shift();
      const inMinute = recent.filter((r) => r.t > now - 60).reduce((s, r) => s + r.readings, 0);
      const perSecond = inMinute / 60;
      rate.dataset.value = String(perSecond);
      rate.textContent = perSecond >= 10 ? int(Math.round(perSecond)) : perSecond.toFixed(2);
      const points = [];
      for (let k = 0; k <= 12; k++) {
        const end = now - 60 + k * 5;
        const n = recent.filter((r) => r.t > end - 5 && r.t <= end).reduce((s, r) => s + r.readings, 0);
        points.push({ t: end, v: n / 5 });
      }
      rateChart.replaceChildren(HelioCharts.line(points, {
        from: now - 60, to: now, seconds: 60, height: 150, unit: "/s", title: "readings per second, last minute",
      }));
    }
    drawRate();
    every(1000, drawRate);

    let refreshTimer = null;
    function refreshFigures() {
      if (refreshTimer) return;
      refreshTimer = setTimeout(async () => {
        refreshTimer = null;
        try { const next = await api("/v1/overview"); if (alive()) fill(next); } catch (e) { /* keep the last figures */ }
      }, 1000);
    }
    cleanups.push(() => clearTimeout(refreshTimer));

    const from = Math.max(0, o.journalSize - 20);
    let drawTimer = null;
    cleanups.push(() => clearTimeout(drawTimer));
    follow("/events?from=" + from, (e) => {
      recent.push({ t: e.time, readings: e.readings || 0 });
      if (!drawTimer) drawTimer = setTimeout(() => { drawTimer = null; drawRate(); }, 100);
      feed.prepend(feedItem(e, true));
      while (feed.children.length > 50) feed.lastChild.remove();
      // Replayed entries are already in the figures; a new one changes them.
      if (e.index >= o.journalSize) refreshFigures();
    }, (on) => {
      dot.classList.toggle("on", on);
      liveState.textContent = on ? "live" : "reconnecting…";
    }, (gap) => { gapNote.textContent = "Entries " + gap.from + "–" + (gap.to - 1) + " are no longer buffered."; });
  }

  function feedItem(e, fresh) {
    const parts = [];
    if (e.readings) parts.push(h("span", { class: "pill" }, int(e.readings) + " readings"));
    if (e.energyWh) parts.push(h("span", { class: "pill" }, wh(e.energyWh) + " issued"));
    for (const l of e.lots || []) parts.push(h("span", {}, "lot ", link.lot(l.id), " " + int(l.volumeWh) + " Wh"));
    for (const c of e.cancellations || []) {
      parts.push(h("span", {}, "cancellation ", link.cancellation(c.id), " of " + int(c.volumeWh) + " Wh"));
    }
    for (const ev of e.events || []) {
      if (ev.type === "Transfer") parts.push(h("span", { class: "small muted" }, "transfer " + short(ev.from) + " → " + short(ev.to)));
    }
    if (e.failed) parts.push(h("span", { class: "status-bad" }, "failed"));
    return h("li", { class: fresh ? "fresh" : null, dataset: { index: String(e.index), kind: e.kind } },
      h("span", { class: "idx" }, "#" + e.index), h("span", { class: "kind" }, e.kind),
      e.author ? link.account(e.author) : null, parts, h("span", { class: "small muted" }, time(e.time)));
  }

  // MARK: - Devices

  async function devicesPage(alive) {
    const { devices } = await api("/v1/devices");
    if (!alive()) return;
    render("Devices", "devices", h("h1", {}, "Devices"),
      table(["Device", "Name", "Owner", "Capacity", "Country", "Grid area", "Meters", "Status"],
        devices.map((d) => h("tr", { dataset: { device: d.id } },
          h("td", {}, link.device(d.id)), h("td", {}, d.name), h("td", {}, link.account(d.owner)),
          h("td", { class: "num" }, int(d.capacityW) + " W"), h("td", {}, d.country), h("td", {}, d.gridArea),
          h("td", {}, d.meters.map((m) => m.id).join(", ")), h("td", {}, d.active ? "active" : "suspended"))),
        { id: "devices-table" }));
  }

  async function devicePage(alive, id) {
    const from = query.get("from");
    const to = query.get("to");
    const range = /^\d+$/.test(from) && /^\d+$/.test(to) ? "?from=" + from + "&to=" + to : "";
    const enc = encodeURIComponent(id);
    const [d, production, certs, parts] = await Promise.all([
      api("/v1/devices/" + enc), api("/v1/devices/" + enc + "/production" + range),
      api("/v1/devices/" + enc + "/certificates"), api("/v1/certificates?device=" + enc + "&limit=200"),
    ]);
    if (!alive()) return;
    const chart = HelioCharts.bars(production.hours.map((b) => ({ t: b.hour, v: b.energyWh })), {
      id: "production-chart", unit: "Wh", title: "Issued energy per hour of " + d.id,
      label: (b) => time(b.t) + ": " + int(b.v) + " Wh",
    });
    const week = 7 * 24 * 3600;
    const pager = production.to > production.from ? h("div", { class: "pager" },
      h("a", { class: "button", href: "#/devices/" + enc + "?from=" + (production.from - week) + "&to=" + production.from }, "◀ week before"),
      h("span", { class: "muted small" }, time(production.from) + " – " + time(production.to)),
      h("a", { class: "button", href: "#/devices/" + enc + "?from=" + production.to + "&to=" + (production.to + week) }, "week after ▶"))
      : h("p", { class: "muted" }, "No energy issued yet.");
    const policy = certs.policy;
    render(d.name, "devices",
      h("div", { class: "crumbs" }, h("a", { href: "#/devices" }, "Devices"), " / " + d.id),
      h("h1", {}, d.name, " ", h("span", { class: "muted small" }, d.id)),
      h("div", { class: "grid2" },
        h("div", { class: "panel" }, facts([
          ["Owner", link.account(d.owner)], ["Status", d.active ? "active" : "suspended " + d.statusReason],
          ["Capacity", int(d.capacityW) + " W"], ["Source / technology", d.energySource + " / " + d.technology],
          ["Commissioned", d.commissioningDate], ["Country / grid area", d.country + " / " + d.gridArea],
          ["Location", (d.latitudeE6 / 1e6).toFixed(4) + ", " + (d.longitudeE6 / 1e6).toFixed(4)],
          ["Meters", d.meters.map((m) => m.id + " (" + m.intervalSeconds + " s, attested until " + time(m.attestedUntil) + ")").join("; ")],
        ])),
        h("div", { class: "panel" }, facts([
          ["Schemes", policy ? (policy.schemes.join(", ") || "none") : "none (rewards only)"],
          ["GO carry", wh(certs.goCarry.energyWh)],
          ["Pending GC hours", certs.pendingHours.length ? certs.pendingHours.map((p) => time(p.hourStart) + ": " + int(p.energyWh) + " Wh").join("; ") : "none"],
        ]))),
      h("h2", {}, "Production per hour ", h("span", { class: "muted small" }, "energy issued (periods at quorum)")),
      h("div", { class: "panel" },
        h("p", {}, "Total in range: ", figure("production-total", production.totalEnergyWh, wh(production.totalEnergyWh)),
          " from " + int(production.issuedPeriods) + " periods"), chart, pager),
      h("h2", {}, "Certificates"),
      table(["Part", "Scheme", "Production", "Owner", "Volume Wh", "Status"], parts.certificates.map((p) =>
        h("tr", { dataset: { part: p.id } }, h("td", {}, link.lot(p.id)), h("td", {}, p.scheme),
          h("td", {}, time(p.productionStart) + " – " + time(p.productionEnd)), h("td", {}, link.account(p.owner)),
          h("td", { class: "num" }, int(p.volumeWh)), h("td", {}, p.status)))));
  }

  // MARK: - Accounts

  async function accountPage(alive, address) {
    const load = () => Promise.all([
      api("/v1/accounts/" + address + "/balances"), api("/v1/certificates?owner=" + address + "&limit=500"),
      api("/v1/cancellations?holder=" + address + "&limit=200"),
    ]);
    const balancesBox = h("div", { id: "balances" });
    const partsBox = h("div", { id: "holdings" });
    const cancelBox = h("div", { id: "account-cancellations" });
    const feed = h("ol", { class: "feed", id: "account-feed" });
    const dot = h("span", { class: "live-dot", id: "live-dot" });
    function fill([b, parts, cancels]) {
      balancesBox.replaceChildren(table(["Asset", "Symbol", "Balance", "Base units"], b.balances.map((x) =>
        h("tr", { dataset: { asset: x.asset, token: x.tokenAddress, amount: x.amount } },
          h("td", { class: "mono", title: x.asset }, short(x.asset)), h("td", {}, x.symbol),
          h("td", { class: "num" }, units(x.amount, x.decimals)), h("td", { class: "num mono" }, x.amount))),
        { id: "balances-table" }));
      partsBox.replaceChildren(table(["Part", "Scheme", "Device", "Production", "Volume Wh", "Status"],
        parts.certificates.map((p) => h("tr", { dataset: { part: p.id, volume: String(p.volumeWh) } },
          h("td", {}, link.lot(p.id)), h("td", {}, p.scheme), h("td", {}, link.device(p.device)),
          h("td", {}, time(p.productionStart) + " – " + time(p.productionEnd)),
          h("td", { class: "num" }, int(p.volumeWh)), h("td", {}, p.status)))));
      cancelBox.replaceChildren(table(["Cancellation", "Part", "Volume Wh", "Purpose", "Time"],
        cancels.cancellations.map((c) => h("tr", { dataset: { cancellation: c.id } },
          h("td", {}, link.cancellation(c.id)), h("td", {}, link.lot(c.part)), h("td", { class: "num" }, int(c.volumeWh)),
          h("td", {}, c.purpose), h("td", {}, time(c.time))))));
      nonce.textContent = String(b.nonce);
    }
    const nonce = h("span", { id: "account-nonce" });
    const first = await load();
    if (!alive()) return;
    fill(first);
    render("Account " + short(address), null,
      h("div", { class: "crumbs" }, "Account"),
      h("h1", { class: "mono" }, address),
      h("p", { class: "muted" }, "Next nonce: ", nonce),
      h("h2", {}, "Balances"), balancesBox,
      h("h2", {}, "Certificates held"), partsBox,
      h("h2", {}, "Cancellations"), cancelBox,
      h("h2", {}, dot, "Live ", h("span", { class: "muted small" }, "entries touching this account")),
      h("div", { class: "panel" }, feed));
    let timer = null;
    cleanups.push(() => clearTimeout(timer));
    follow("/events?account=" + address, (e) => {
      feed.prepend(feedItem(e, true));
      while (feed.children.length > 50) feed.lastChild.remove();
      clearTimeout(timer);
      timer = setTimeout(async () => { try { const next = await load(); if (alive()) fill(next); } catch (err) { /* keep */ } }, 500);
    }, (on) => dot.classList.toggle("on", on));
  }

  // MARK: - Lots, parts, readings

  function lotFacts(l) {
    return facts([
      ["Scheme", l.scheme === "GO" ? "GO — guarantee of origin (whole MWh)" : "GC — granular certificate (hourly, Wh)"],
      ["Status", l.status + (l.statusReason ? " (" + l.statusReason + ")" : "")],
      ["Device", [link.device(l.device), " " + l.deviceName]],
      ["Production", time(l.productionStart) + " – " + time(l.productionEnd)],
      ["Volume", figure("lot-volume", l.volumeWh, wh(l.volumeWh))],
      ["Cancelled", wh(l.cancelledWh)],
      ["Issued", time(l.issuedAt) + " by entry #" + l.issuanceEntry],
      ["Expires", time(l.expiresAt)],
      ["Issuer", [(l.issuer || "—") + " · issuing body ", link.account(l.issuingBody)]],
      ["Source / technology", l.energySource + " / " + l.technology + " (" + l.codeList + ")"],
      ["Country / grid area", l.country + " / " + l.gridArea],
      ["Readings root", h("span", { class: "mono" }, l.readingsRoot)],
    ]);
  }

  async function lotPage(alive, id) {
    const { lot, parts } = await api("/v1/certificates/" + id);
    if (!alive()) return;
    render("Lot " + id, null,
      h("div", { class: "crumbs" }, "Lot"),
      h("h1", {}, "Lot ", h("span", { class: "mono" }, lot.id)),
      h("div", { class: "panel" }, lotFacts(lot)),
      h("p", {}, h("a", { class: "button", id: "lot-readings-link", href: "#/lots/" + lot.id + "/readings" },
        "The " + int(lot.readingCount) + " signed readings behind it →")),
      h("h2", {}, "Parts ", h("span", { class: "muted small" }, "holdings; a transfer or cancellation creates the next part")),
      table(["Part", "Parent", "Owner", "Volume Wh", "Created Wh", "Status", "Entry"], parts.map((p) =>
        h("tr", { dataset: { part: p.id } }, h("td", {}, link.lot(p.id)), h("td", {}, p.parent ? link.lot(p.parent) : "—"),
          h("td", {}, link.account(p.owner)), h("td", { class: "num" }, int(p.volumeWh)),
          h("td", { class: "num" }, int(p.createdWh)), h("td", {}, p.status), h("td", {}, "#" + p.entry))),
        { id: "parts-table" }));
  }

  async function partPage(alive, id) {
    const { part, lot, lineage } = await api("/v1/certificates/" + id);
    if (!alive()) return;
    render("Part " + id, null,
      h("div", { class: "crumbs" }, "Lot ", link.lot(lot.id), " / part"),
      h("h1", {}, "Part ", h("span", { class: "mono" }, part.id)),
      h("div", { class: "panel" }, facts([
        ["Owner", link.account(part.owner)], ["Holds", figure("part-volume", part.volumeWh, wh(part.volumeWh))],
        ["Created with", wh(part.createdWh) + " by entry #" + part.entry], ["Status", part.status],
        ["Lot", [link.lot(lot.id), " · " + lot.scheme + " · " + time(lot.productionStart) + " – " + time(lot.productionEnd)]],
      ])),
      h("h2", {}, "Lineage ", h("span", { class: "muted small" }, "from the issued part down to this one")),
      h("ol", { class: "lineage", id: "lineage" }, lineage.map((p) => h("li", { dataset: { part: p.id } },
        link.lot(p.id), " · ", link.account(p.owner), " · created with " + int(p.createdWh) + " Wh by entry #" + p.entry,
        p.parent ? " from " + p.parent : " (issued)"))),
      h("p", {}, h("a", { class: "button", href: "#/lots/" + lot.id + "/readings", id: "lot-readings-link" },
        "Back to the " + int(lot.readingCount) + " readings of " + lot.id + " →")));
  }

  async function lotReadingsPage(alive, id) {
    const lotId = id.split(".")[0];
    const r = await api("/v1/certificates/" + lotId + "/readings");
    if (!alive()) return;
    // Agreeing oracles sign the same reading: count each period's issued energy once.
    const periods = new Map();
    for (const x of r.readings) if (x.found) periods.set(x.meter + "@" + x.periodStart, x.issuedEnergyWh || 0);
    const total = [...periods.values()].reduce((s, v) => s + v, 0);
    render("Readings of " + lotId, null,
      h("div", { class: "crumbs" }, "Lot ", link.lot(lotId), " / readings"),
      h("h1", {}, "Readings behind ", h("span", { class: "mono" }, lotId)),
      h("p", { class: "muted" }, "Each row is a meter reading signed by an oracle (EIP-712); its id is the reading's digest, " +
        "and the lot's readings root is the RFC 9162 Merkle root over these ids in this order: ",
        h("span", { class: "mono", id: "readings-root" }, r.readingsRoot)),
      h("p", {}, int(r.readings.length) + " readings of " + int(periods.size) + " periods, which issued ",
        figure("readings-energy", total, wh(total)), "."),
      table(["#", "Reading id", "Meter", "Period", "Energy Wh", "Oracle", "Entry"], r.readings.map((x, i) =>
        h("tr", { class: "reading", dataset: { readingId: x.id } },
          h("td", { class: "num" }, i + 1), h("td", { class: "mono", title: x.id }, short(x.id)),
          h("td", {}, x.found ? x.meter : "—"), h("td", {}, x.found ? time(x.periodStart) + " – " + time(x.periodEnd) : "not found"),
          h("td", { class: "num" }, x.found ? int(x.energyWh) : "—"), h("td", {}, x.found ? link.account(x.oracle) : "—"),
          h("td", {}, x.found ? "#" + x.entry : "—"))),
        { id: "readings-table" }));
  }

  // MARK: - Cancellations

  async function cancellationPage(alive, id) {
    const [c, statementText, reg] = await Promise.all([
      api("/v1/cancellations/" + id), apiText("/v1/cancellations/" + id + "/statement"), registry(),
    ]);
    const statement = JSON.parse(statementText);
    if (!alive()) return;
    const address = reg.checkpointAddress;
    const result = h("div", { class: "verify", id: "verify-result", dataset: { ok: "pending" } }, "Verifying…");
    const b = statement.beneficiary;
    render("Cancellation " + id, null,
      h("div", { class: "crumbs" }, "Cancellation"),
      h("h1", {}, "Cancellation #" + c.id),
      h("div", { class: "grid2" },
        h("div", { class: "panel" }, facts([
          ["Volume", figure("cancelled-volume", c.volumeWh, wh(c.volumeWh))],
          ["Part", [link.lot(c.part), " from ", link.lot(c.fromPart), " of lot ", link.lot(c.lot)]],
          ["Holder", link.account(c.holder)], ["Purpose", c.purpose],
          ["Consumption", time(c.consumptionStart) + " – " + time(c.consumptionEnd)], ["Location", c.location],
          ["Recorded", time(c.time) + " (entry #" + c.entryIndex + ")"],
          ["Beneficiary", b ? h("span", { id: "beneficiary" }, b.name + (b.address ? ", " + b.address : "")) : "erased (personal data removed; the commitment stays)"],
          ["Commitment", h("span", { class: "mono" }, c.beneficiaryCommitment)],
        ])),
        h("div", {},
          h("h2", {}, "Verification"), result,
          h("p", { class: "small muted" }, "Checked in this browser against the registry address ",
            h("span", { class: "mono", id: "verify-address" }, address || "—"),
            " (from /v1/registry). Offline: ", h("code", {}, "helio verify statement.json --registry-address " + address)),
          h("p", {}, h("a", { class: "button", href: "/v1/cancellations/" + c.id + "/statement", download: "cancellation-" + c.id + ".json" },
            "Download the statement")))),
      h("h2", {}, "Lineage ", h("span", { class: "muted small" }, "every step with its journal entry and inclusion proof")),
      h("ol", { class: "lineage", id: "statement-lineage" }, statement.lineage.map((s) => h("li", { dataset: { part: s.part } },
        link.lot(s.part), " · ", link.account(s.owner), " · " + int(s.volumeWh) + " Wh · entry #" + s.entry.index + " " + s.entry.kind +
        " · proof of " + s.inclusionProof.length + " hashes"))),
      h("p", {}, h("a", { href: "#/lots/" + c.lot + "/readings" }, "The readings behind lot " + c.lot + " →")),
      h("h2", {}, "Signed checkpoint"), h("pre", { id: "statement-checkpoint" }, statement.checkpoint));
    await verify(statementText, address, result);
  }

  async function verify(statement, address, box) {
    const verifier = window.HelioVerify;
    if (!verifier || typeof verifier.verifyStatement !== "function") {
      box.dataset.ok = "unavailable";
      box.replaceChildren("The in-browser verifier is not installed on this server. Download the statement and run ",
        h("code", {}, "helio verify"), ".");
      return;
    }
    let r;
    try {
      r = await verifier.verifyStatement(statement, address);
    } catch (err) {
      r = { ok: false, checks: [], failure: { check: "verifier", field: "", message: String(err && err.message || err) } };
    }
    box.dataset.ok = r.ok ? "true" : "false";
    const checks = h("ul", { class: "checks" }, (r.checks || []).map((c) =>
      h("li", { dataset: { check: c.name, ok: String(!!c.ok) } },
        h("span", { class: c.ok ? "status-ok" : "status-bad" }, (c.ok ? "✓ " : "✗ ") + (c.number ? c.number + ". " : "") + c.name), c.detail ? h("span", { class: "muted small" }, " — " + c.detail) : null)));
    box.replaceChildren(
      r.ok ? h("div", { class: "status-ok", id: "verify-summary" }, "Verified ✓")
        : h("div", { class: "status-bad", id: "verify-summary" }, "Not verified ✗ — " +
          (r.failure ? r.failure.message : "unknown failure")),  // the message names its check and field
      checks);
  }

  // MARK: - Search

  async function search(q) {
    q = q.trim();
    if (!q) return;
    if (/^(0x)?[0-9a-fA-F]{40}$/.test(q)) { location.hash = "#/accounts/" + (q.startsWith("0x") ? q : "0x" + q); return; }
    const lot = q.match(/^(go|gc)-(\d+(?:\.\d+)?)$/i);
    if (lot) { location.hash = "#/lots/" + lot[1].toUpperCase() + "-" + lot[2]; return; }
    if (/^\d+$/.test(q)) {
      // A cancellation id, unless a device of that id exists (device ids are free text).
      const { devices } = await api("/v1/devices");
      location.hash = devices.some((d) => d.id === q) ? "#/devices/" + encodeURIComponent(q) : "#/cancellations/" + q;
      return;
    }
    location.hash = "#/devices/" + encodeURIComponent(q);
  }

  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = document.getElementById("search-input");
    const q = input.value;
    input.value = "";
    input.blur();
    search(q).catch(showError);
  });

  registry().then((r) => {
    document.getElementById("registry-name").textContent = r.name;
    document.getElementById("foot-registry").textContent = r.name + " · chain " + r.chainId + " · checkpoint key " + (r.checkpointAddress || "—");
  }).catch(() => { /* the page shows its own errors */ });

  window.addEventListener("hashchange", navigate);
  navigate();
})();
