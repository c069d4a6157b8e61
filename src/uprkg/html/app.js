// uprkg actor network page: draws the precomputed layout as SVG and lets a reader
// check every edge against its quotes and sources. Vanilla JavaScript, no
// libraries, no network: the data sits in the page (script#graph-data).
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const SVG_NS = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("network");
  // one drawing unit per screen pixel at the first view, so labels show at their
  // CSS size (12px) without zooming, whatever the window
  const MARGIN = 50;
  const area = svg.getBoundingClientRect();
  const WIDTH = Math.max(400, Math.round(area.width) - 2 * MARGIN);
  const HEIGHT = Math.max(300, Math.round(area.height) - 2 * MARGIN);
  const details = document.getElementById("details");
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const sources = data.graph.sources || {};
  const statements = data.graph.statements || {};
  const kindStyles = new Map(data.styles.kinds.map((k) => [k.kind, k]));
  const state = { kinds: new Set(), sources: new Set(), selected: null };

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(tag, text, parent, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function point(node) {
    return [MARGIN + node.x * WIDTH, MARGIN + (1 - node.y) * HEIGHT];
  }

  function radius(node) {
    return 5 + 1.2 * Math.sqrt(node.degree || 1) * 2;
  }

  // -- drawing ------------------------------------------------------------------

  function markers(defs) {
    for (const style of data.styles.kinds) {
      const marker = el("marker", {
        id: "arrow-" + style.kind, viewBox: "0 0 10 10", refX: "10", refY: "5",
        markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse",
      }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: style.colour }, marker);
    }
  }

  function edgePath(edge) {
    const a = nodes.get(edge.source);
    const b = nodes.get(edge.target);
    const [x1, y1] = point(a);
    const [x2, y2] = point(b);
    const dx = x2 - x1;
    const dy = y2 - y1;
    // matplotlib's arc3 bend, mirrored because SVG's y axis points down
    const cx = (x1 + x2) / 2 - edge.bend * dy;
    const cy = (y1 + y2) / 2 + edge.bend * dx;
    const end = shorten(cx, cy, x2, y2, radius(b) + 2);
    const start = shorten(cx, cy, x1, y1, radius(a));
    return `M ${start[0].toFixed(1)} ${start[1].toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${end[0].toFixed(1)} ${end[1].toFixed(1)}`;
  }

  function shorten(fromX, fromY, toX, toY, by) {
    const length = Math.hypot(toX - fromX, toY - fromY) || 1;
    return [toX - ((toX - fromX) * by) / length, toY - ((toY - fromY) * by) / length];
  }

  function shape(node, parent) {
    const [x, y] = point(node);
    const r = radius(node);
    const attrs = { class: "node", fill: node.colour, "data-id": node.id, tabindex: "0" };
    let mark;
    if (node.shape === "square") {
      mark = el("rect", { ...attrs, x: x - r, y: y - r, width: 2 * r, height: 2 * r }, parent);
    } else if (node.shape === "diamond") {
      const d = `M ${x} ${y - r} L ${x + r} ${y} L ${x} ${y + r} L ${x - r} ${y} Z`;
      mark = el("path", { ...attrs, d: d }, parent);
    } else {
      mark = el("circle", { ...attrs, cx: x, cy: y, r: r }, parent);
    }
    const title = el("title", {}, mark);
    title.textContent = node.label;
    return mark;
  }

  function draw() {
    svg.setAttribute("viewBox", `0 0 ${WIDTH + 2 * MARGIN} ${HEIGHT + 2 * MARGIN}`);
    const defs = el("defs", {}, svg);
    markers(defs);
    const world = el("g", { id: "world" }, svg);
    const edgeLayer = el("g", { id: "edges" }, world);
    const hitLayer = el("g", { id: "edge-hits" }, world);
    const nodeLayer = el("g", { id: "nodes" }, world);
    data.edges.forEach((edge, index) => {
      const style = kindStyles.get(edge.kind);
      const d = edgePath(edge);
      edge.path = el("path", {
        class: "edge", d: d, stroke: style.colour, "stroke-width": 1 + 0.8 * edge.weight,
        "stroke-dasharray": style.dash, "marker-end": `url(#arrow-${edge.kind})`,
        "data-index": index, "data-kind": edge.kind,
      }, edgeLayer);
      edge.hit = el("path", { class: "edge-hit", d: d, "data-index": index }, hitLayer);
      edge.hit.addEventListener("mouseenter", () => showEdge(edge));
      edge.hit.addEventListener("click", () => showEdge(edge));
    });
    // shorter edges on top, so an edge lying along a longer one can still be hovered
    const byLength = data.edges.map((e) => [e.hit.getTotalLength(), e.hit]);
    byLength.sort((a, b) => b[0] - a[0]).forEach(([, hit]) => hitLayer.appendChild(hit));
    for (const node of data.nodes) {
      const group = el("g", { class: "actor", "data-id": node.id }, nodeLayer);
      node.mark = shape(node, group);
      const [x, y] = point(node);
      node.text = el("text", {
        class: "node-label", x: x, y: y + radius(node) + 12, "text-anchor": "middle",
      }, group);
      node.lines.forEach((line, i) => {
        const span = el("tspan", { x: x, dy: i === 0 ? "0" : "1.1em" }, node.text);
        span.textContent = line;
      });
      node.group = group;
      node.mark.addEventListener("click", () => showNode(node));
      node.mark.addEventListener("keydown", (event) => {
        if (event.key === "Enter") showNode(node);
      });
    }
    panAndZoom(world);
  }

  // -- details ----------------------------------------------------------------

  function label(id) {
    return nodes.has(id) ? nodes.get(id).label : id;
  }

  function sourceTitle(id) {
    return sources[id] && sources[id] !== id ? `${sources[id]} (${id})` : id;
  }

  function showStatement(id, parent) {
    const statement = statements[id];
    const box = html("div", null, parent, "statement");
    const head = html("p", null, box);
    html("span", statement ? statement.stance : "", head, "badge");
    head.append(" " + (statement && statement.date ? statement.date : "undated") + " · " + id);
    if (!statement) return;
    html("p", statement.paraphrase, box);
    for (const quote of statement.quotes) {
      const block = html("blockquote", null, box, "quote");
      html("span", quote.text, block);
      const where = quote.start === null ? "" : `, characters ${quote.start}–${quote.end}`;
      html("cite", sourceTitle(quote.source) + where, block);
    }
  }

  function showEdge(edge) {
    select(edge.path);
    details.replaceChildren();
    html("h2", `${label(edge.source)} → ${label(edge.target)}`, details);
    const meta = html("p", null, details);
    html("span", edge.kind, meta, "badge");
    meta.append(` ${edge.weight} statement${edge.weight === 1 ? "" : "s"}`);
    if (edge.reasons.length) html("p", "Reasons: " + edge.reasons.join("; "), details);
    if (edge.via.length) html("p", "Through: " + edge.via.join(", "), details);
    html("p", "Sources: " + edge.sources.map(sourceTitle).join("; "), details);
    for (const id of edge.statements) showStatement(id, details);
  }

  function showNode(node) {
    select(node.mark);
    details.replaceChildren();
    html("h2", node.label, details);
    const facts = [node.actor_type, node.country, node.camp || "no camp"].filter(Boolean);
    html("p", facts.join(" · "), details);
    const link = html("a", node.iri, html("p", null, details));
    link.href = node.iri;
    const made = data.edges.filter((e) => e.source === node.id);
    const received = data.edges.filter((e) => e.target === node.id);
    // the direction in the words themselves: "criticised X" for what this actor did,
    // "X criticised this actor" for what was done to it
    const sections = [
      ["What it did", made, (e) => `${e.kind} ${label(e.target)}`],
      ["What others did to it", received, (e) => `${label(e.source)} ${e.kind} this actor`],
    ];
    for (const [title, edges, words] of sections) {
      if (!edges.length) continue;
      html("h2", title, details);
      const list = html("ul", null, details);
      for (const edge of edges) {
        const item = html("li", null, list);
        const button = html("button", `${words(edge)} (${edge.weight})`, item);
        button.type = "button";
        button.addEventListener("click", () => showEdge(edge));
      }
    }
  }

  function select(mark) {
    if (state.selected) state.selected.classList.remove("active");
    state.selected = mark;
    mark.classList.add("active");
  }

  // -- filters, search, legend ------------------------------------------------

  function checkbox(parent, name, value, text, swatch) {
    const row = html("label", null, parent);
    const box = html("input", null, row);
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = true;
    if (swatch) row.appendChild(swatch);
    html("span", text, row, "text");
    box.addEventListener("change", () => {
      const set = name === "kind" ? state.kinds : state.sources;
      if (box.checked) set.add(value); else set.delete(value);
      applyFilters();
    });
    return box;
  }

  function controls() {
    const kinds = [...new Set(data.edges.map((e) => e.kind))];
    const kindBox = document.getElementById("filter-kind");
    for (const style of data.styles.kinds) {
      if (!kinds.includes(style.kind)) continue;
      const line = html("span", null, null, "line");
      line.style.borderTopColor = style.colour;
      line.style.borderTopStyle = style.dash ? "dashed" : "solid";
      checkbox(kindBox, "kind", style.kind, style.label, line);
      state.kinds.add(style.kind);
    }
    const used = new Set(data.edges.flatMap((e) => e.sources));
    const sourceBox = document.getElementById("filter-source");
    for (const id of Object.keys(sources).sort()) {
      if (!used.has(id)) continue;
      const box = checkbox(sourceBox, "source", id, sourceTitle(id));
      box.parentNode.title = sourceTitle(id);
      state.sources.add(id);
    }
    const campBox = document.getElementById("camps");
    for (const camp of data.styles.camps) {
      const members = data.nodes.filter((n) => (n.camp_id || "") === camp.id).length;
      if (!members) continue;
      const row = html("p", null, campBox);
      html("span", null, row, "swatch " + camp.shape);
      row.append(` ${camp.label} (${members})`);
      row.dataset.camp = camp.id;
    }
    const typeBox = document.getElementById("types");
    for (const type of [...new Set(data.nodes.map((n) => n.actor_type))].sort()) {
      const row = html("p", null, typeBox);
      const swatch = html("span", null, row, "swatch circle");
      swatch.style.background = data.styles.types[type] || "#ccc";
      row.append(" " + type);
    }
    const search = document.getElementById("search");
    search.addEventListener("input", () => find(search.value));
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        const first = find(search.value)[0];
        if (first) showNode(first);
      }
    });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function find(query) {
    const wanted = fold(query.trim());
    const list = document.getElementById("matches");
    list.replaceChildren();
    const found = wanted
      ? data.nodes.filter((n) => fold(n.label).includes(wanted) || n.id.includes(wanted))
      : [];
    for (const node of data.nodes) {
      node.mark.classList.toggle("match", found.includes(node));
      node.group.classList.toggle("dim", wanted !== "" && !found.includes(node));
    }
    for (const node of found) {
      const button = html("button", node.label, html("li", null, list));
      button.type = "button";
      button.addEventListener("click", () => showNode(node));
    }
    return found;
  }

  function applyFilters() {
    const visible = new Set();
    let shown = 0;
    for (const edge of data.edges) {
      const on = state.kinds.has(edge.kind) && edge.sources.some((s) => state.sources.has(s));
      edge.path.classList.toggle("hidden", !on);
      edge.hit.classList.toggle("hidden", !on);
      if (on) {
        shown += 1;
        visible.add(edge.source);
        visible.add(edge.target);
      }
    }
    for (const node of data.nodes) node.group.classList.toggle("hidden", !visible.has(node.id));
    document.getElementById("counts").textContent =
      `${visible.size} of ${data.nodes.length} actors, ${shown} of ${data.edges.length} edges shown ` +
      `(${data.graph.selection || ""}). Arrows point from speaker to target.`;
  }

  // -- pan and zoom -------------------------------------------------------------

  function panAndZoom(world) {
    let scale = 1;
    let x = 0;
    let y = 0;
    let drag = null;
    const apply = () => world.setAttribute("transform", `translate(${x} ${y}) scale(${scale})`);
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const factor = event.deltaY < 0 ? 1.15 : 1 / 1.15;
      const box = svg.getBoundingClientRect();
      const view = svg.viewBox.baseVal;
      const px = ((event.clientX - box.left) / box.width) * view.width;
      const py = ((event.clientY - box.top) / box.height) * view.height;
      x = px - (px - x) * factor;
      y = py - (py - y) * factor;
      scale *= factor;
      apply();
    }, { passive: false });
    svg.addEventListener("pointerdown", (event) => {
      if (event.target !== svg) return;
      drag = { x: event.clientX, y: event.clientY, startX: x, startY: y };
      svg.classList.add("panning");
    });
    window.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const box = svg.getBoundingClientRect();
      const ratio = svg.viewBox.baseVal.width / box.width;
      x = drag.startX + (event.clientX - drag.x) * ratio;
      y = drag.startY + (event.clientY - drag.y) * ratio;
      apply();
    });
    window.addEventListener("pointerup", () => {
      drag = null;
      svg.classList.remove("panning");
    });
  }

  draw();
  controls();
  applyFilters();
  document.body.dataset.ready = "true";
})();
