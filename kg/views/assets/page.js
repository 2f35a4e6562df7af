/* hospital-kg graph view: draws the embedded graph with vis-network and shows evidence in the side panel.
   Every string from the data is put into the page with textContent (never innerHTML). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
  var opts = data.options;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var t = data.types[n.type];
    var node = {
      id: n.id, label: n.label.length > 18 ? n.label.slice(0, 17) + "…" : n.label, shape: t.shape, size: n.size,
      color: { background: t.color, border: t.border, highlight: { background: t.color, border: "#111" },
               hover: { background: t.color, border: "#111" } },
      font: { face: FONT, size: opts.nodeFont, color: "#222", strokeWidth: 3, strokeColor: "#fff" }
    };
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, label: opts.edgeLabels ? e.label : undefined,
      arrows: e.directed ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined,
      dashes: e.status ? true : false, width: 1 + Math.min(e.evidence.length, 4) * 0.5,
      color: { color: data.relations[e.relation] || "#999", highlight: "#111", hover: "#111" },
      font: { face: FONT, size: 11, color: "#444", strokeWidth: 3, strokeColor: "#fff", align: "middle" }
    };
  }));

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    layout: { improvedLayout: opts.physics && data.nodes.length <= 150, randomSeed: 7 },
    physics: opts.physics ? {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 600, fit: true }
    } : false,
    edges: { smooth: opts.smooth ? { type: "continuous" } : false, selectionWidth: 2 },
    nodes: { borderWidth: 1 },
    interaction: { hover: true, hideEdgesOnDrag: !opts.smooth, hideEdgesOnZoom: data.edges.length > 3000,
                   tooltipDelay: 150, multiselect: false }
  });

  function markReady() {
    network.once("afterDrawing", function () {
      document.body.setAttribute("data-ready", "1");
      window.kgReady = true;
    });
    network.redraw();
  }
  if (opts.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit();
      markReady();
    });
  } else {
    network.once("afterDrawing", function () { network.fit(); markReady(); });
  }

  /* ---- the side panel ---- */
  var details = document.getElementById("kg-details");
  var pinned = false;

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    return x;
  }
  function sourceLine(ev) {
    var doc = ev.doc ? (data.documents[ev.doc] || {}) : {};
    var bits = [];
    if (doc.title) { bits.push("《" + doc.title + "》"); }
    var date = doc.date || ev.asOf || ev.date;
    if (date) { bits.push(date); }
    if (doc.file) { bits.push(doc.file); }
    if (ev.status === "former") { bits.push("原 (former)"); }
    if (ev.status === "planned") { bits.push("计划 (planned)"); }
    return bits.join(" · ");
  }
  function evidenceList(items, limit) {
    var ol = el("ol");
    items.slice(0, limit).forEach(function (item) {
      var li = el("li");
      if (item.head) { li.appendChild(el("div", "kind", item.head)); }
      var ev = item.ev;
      if (ev.text) { li.appendChild(el("blockquote", null, ev.text)); }
      var src = sourceLine(ev);
      if (src) { li.appendChild(el("div", "source", src)); }
      ol.appendChild(li);
    });
    if (items.length > limit) { ol.appendChild(el("li", "more", "… " + (items.length - limit) + " more")); }
    return ol;
  }
  function edgeTitle(e) {
    return byId[e.from].label + (e.directed ? " → " : " — ") + byId[e.to].label;
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    details.replaceChildren();
    details.appendChild(el("h2", null, edgeTitle(e)));
    details.appendChild(el("div", "kind", e.label + (e.status === "former" ? "（原）" : "")));
    if (e.evidence.length) {
      details.appendChild(evidenceList(e.evidence.map(function (ev) { return { ev: ev }; }), 50));
    } else {
      details.appendChild(el("p", "hint", "无证据句 · no evidence sentence recorded"));
    }
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    details.replaceChildren();
    details.appendChild(el("h2", null, n.label));
    details.appendChild(el("div", "kind", data.types[n.type].name + " · " + n.degree + " 条关系"));
    if (n.aliases.length) { details.appendChild(el("div", "aliases", "又名 " + n.aliases.join("、"))); }
    var items = [];
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edgeById[eid];
      e.evidence.forEach(function (ev) { items.push({ head: e.label + "：" + edgeTitle(e), ev: ev }); });
    });
    if (items.length) {
      details.appendChild(evidenceList(items, 40));
    } else {
      details.appendChild(el("p", "hint", "无证据句 · no evidence sentence recorded"));
    }
    if (n.docs.length) {
      details.appendChild(el("h2", null, n.type === "document" ? "报道 document" : "见于 mentioned in"));
      var ul = el("ul");
      n.docs.forEach(function (d) { ul.appendChild(el("li", "source", sourceLine({ doc: d }) || d)); });
      details.appendChild(ul);
    }
    details.appendChild(el("div", "source", n.iri));
  }
  function clearPanel() {
    details.replaceChildren(el("p", "hint", "点击或悬停节点、连线查看证据 · click or hover a node or an edge to see its evidence"));
  }

  network.on("hoverNode", function (p) { if (!pinned) { showNode(p.node); } });
  network.on("hoverEdge", function (p) { if (!pinned) { showEdge(p.edge); } });
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = true; showNode(p.nodes[0]); }
    else if (p.edges.length) { pinned = true; showEdge(p.edges[0]); }
    else { pinned = false; clearPanel(); }
  });

  document.getElementById("kg-search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var q = ev.target.value.trim();
    if (!q) { return; }
    var hit = data.nodes.filter(function (n) {
      return n.label === q || n.aliases.indexOf(q) >= 0;
    })[0] || data.nodes.filter(function (n) { return n.label.indexOf(q) >= 0; })[0];
    if (hit) {
      network.selectNodes([hit.id]);
      network.focus(hit.id, { scale: 1.3, animation: false });
      pinned = true;
      showNode(hit.id);
    }
  });

  window.kgNetwork = network;
  window.kgNodeAt = function (id) { return network.canvasToDOM(network.getPosition(id)); };
}());
