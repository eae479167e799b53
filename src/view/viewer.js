// The newsgraph viewer: draws the graph embedded in #graph-data into an inline SVG.
// Every piece of graph text reaches the page through textContent or setAttribute, never as
// markup. The layout is a seeded force simulation, so a graph is always drawn the same way.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'EVENT'];
  var COLORS = { PERSON: '#3b6fb6', ORG: '#c2452d', GPE: '#2f9e44', LOC: '#8d5fc0', EVENT: '#e0a100' };
  var TYPE_NAMES = { PERSON: 'PERSON', ORG: 'ORG (organisation)', GPE: 'GPE (country, state, city)', LOC: 'LOC (place)', EVENT: 'EVENT' };
  var RIGHT = ' \u2192 ';
  var LEFT = ' \u2190 ';

  var data = JSON.parse(document.getElementById('graph-data').textContent);
  var nodes = data.nodes || [];
  var edges = data.edges || [];
  var byId = new Map();
  nodes.forEach(function (n, i) { n.index = i; n.out = []; n.inc = []; byId.set(n.id, n); });
  edges = edges.filter(function (e) { return byId.has(e.source) && byId.has(e.target); });
  edges.forEach(function (e, i) {
    e.index = i;
    e.from = byId.get(e.source);
    e.to = byId.get(e.target);
    e.from.out.push(e);
    e.to.inc.push(e);
  });

  var svg = document.getElementById('graph');
  var card = document.getElementById('card');
  var viewport = svgEl('g', { id: 'viewport' });
  var edgeLayer = svgEl('g', { 'class': 'edges' });
  var nodeLayer = svgEl('g', { 'class': 'nodes' });
  viewport.appendChild(edgeLayer);
  viewport.appendChild(nodeLayer);
  svg.appendChild(defs());
  svg.appendChild(viewport);

  // ---- small DOM helpers -------------------------------------------------------------------

  function svgEl(name, attrs) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clear(e) {
    while (e.firstChild) { e.removeChild(e.firstChild); }
  }

  function defs() {
    var d = svgEl('defs');
    [['arrow', '#9a9a9a'], ['arrow-near', '#555'], ['arrow-selected', '#111'], ['arrow-path', '#e8590c']].forEach(function (m) {
      var marker = svgEl('marker', {
        id: m[0], viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7',
        markerUnits: 'userSpaceOnUse', orient: 'auto'
      });
      marker.appendChild(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: m[1] }));
      d.appendChild(marker);
    });
    return d;
  }

  // ---- layout ------------------------------------------------------------------------------

  function random(seed) {
    // mulberry32: a tiny seeded generator, so the layout does not change between loads.
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function radius(n) {
    return Math.min(16, 5 + 1.6 * Math.sqrt(n.mentions || 1));
  }

  // Draws the nodes first so that label widths can be measured, then lays them out.
  nodes.forEach(function (n) {
    n.r = radius(n);
    var g = svgEl('g', { 'class': 'node', 'data-id': n.id, tabindex: '0' });
    var c = svgEl('circle', { r: n.r.toFixed(1), fill: COLORS[n.type] || '#888' });
    var title = svgEl('title');
    title.textContent = n.label + ' (' + n.type + ')';
    c.appendChild(title);
    var t = svgEl('text', { 'text-anchor': 'middle', y: (n.r + 13).toFixed(1) });
    t.textContent = n.label;
    g.appendChild(c);
    g.appendChild(t);
    nodeLayer.appendChild(g);
    n.g = g;
    n.text = t;
  });
  nodes.forEach(function (n) {
    var w = 0;
    try { w = n.text.getComputedTextLength(); } catch (err) { w = 0; }
    n.w = Math.max(2 * n.r, (w || 7 * n.label.length) + 6);
    n.h = 2 * n.r + 17;
  });

  // Connected parts, largest first (ties: the earlier node first).
  function components() {
    var parent = nodes.map(function (n, i) { return i; });
    function find(i) { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
    edges.forEach(function (e) {
      var a = find(e.from.index), b = find(e.to.index);
      if (a !== b) { parent[Math.max(a, b)] = Math.min(a, b); }
    });
    var groups = new Map();
    nodes.forEach(function (n, i) {
      var root = find(i);
      if (!groups.has(root)) { groups.set(root, []); }
      groups.get(root).push(n);
    });
    return Array.from(groups.values()).sort(function (a, b) {
      return b.length - a.length || a[0].index - b[0].index;
    });
  }

  // Fruchterman-Reingold on one connected part, from seeded starting points.
  function forces(list, rnd) {
    var count = list.length;
    var ideal = 55;
    var size = ideal * Math.sqrt(count);
    list.forEach(function (n, i) {
      n.local = i;
      var a = 2 * Math.PI * i / count;
      var d = size * (0.2 + 0.8 * rnd());
      n.x = Math.cos(a) * d;
      n.y = Math.sin(a) * d;
    });
    if (count < 2) { list.forEach(function (n) { n.x = 0; n.y = 0; }); return; }
    var pairs = [];
    var seen = new Set();
    edges.forEach(function (e) {
      if (e.from === e.to || e.from.local === undefined || list[e.from.local] !== e.from) { return; }
      var k = Math.min(e.from.index, e.to.index) + ':' + Math.max(e.from.index, e.to.index);
      if (!seen.has(k)) { seen.add(k); pairs.push([e.from.local, e.to.local]); }
    });
    var degree = new Array(count).fill(0);
    pairs.forEach(function (p) { degree[p[0]] += 1; degree[p[1]] += 1; });
    var iterations = count > 600 ? 120 : 400;
    var temperature = size / 3;
    var fx = new Float64Array(count);
    var fy = new Float64Array(count);
    for (var it = 0; it < iterations; it++) {
      fx.fill(0);
      fy.fill(0);
      for (var i = 0; i < count; i++) {
        var a1 = list[i];
        for (var j = i + 1; j < count; j++) {
          var b1 = list[j];
          var dx = a1.x - b1.x;
          var dy = a1.y - b1.y;
          var d2 = dx * dx + dy * dy;
          if (d2 < 1e-4) { dx = rnd() - 0.5; dy = rnd() - 0.5; d2 = dx * dx + dy * dy; }
          var d = Math.sqrt(d2);
          var f = ideal * ideal / d;
          fx[i] += dx / d * f; fy[i] += dy / d * f;
          fx[j] -= dx / d * f; fy[j] -= dy / d * f;
        }
      }
      pairs.forEach(function (p) {
        var s = list[p[0]], t = list[p[1]];
        var dx = s.x - t.x;
        var dy = s.y - t.y;
        var d = Math.sqrt(dx * dx + dy * dy) || 1;
        var f = d * d / ideal;
        fx[p[0]] -= dx / d * f; fy[p[0]] -= dy / d * f;
        fx[p[1]] += dx / d * f; fy[p[1]] += dy / d * f;
      });
      for (var k = 0; k < count; k++) {
        var n = list[k];
        fx[k] -= n.x * 0.1;
        fy[k] -= n.y * 0.1;
        var m = Math.sqrt(fx[k] * fx[k] + fy[k] * fy[k]);
        if (m > 0) {
          var step = Math.min(m, temperature);
          n.x += fx[k] / m * step;
          n.y += fy[k] / m * step;
        }
      }
      temperature = Math.max(0.5, temperature * 0.985);
    }
  }

  // Pushes apart the boxes (circle and label) of nodes that overlap, the least way first.
  function separate(list) {
    var gap = 8;
    for (var round = 0; round < 400; round++) {
      var moved = false;
      for (var i = 0; i < list.length; i++) {
        for (var j = i + 1; j < list.length; j++) {
          var a = list[i], b = list[j];
          var ox = (a.w + b.w) / 2 + gap - Math.abs(a.x - b.x);
          var oy = (a.h + b.h) / 2 + gap - Math.abs((a.y + a.h / 2 - a.r) - (b.y + b.h / 2 - b.r));
          if (ox > 0 && oy > 0) {
            moved = true;
            if (ox < oy) {
              var sx = a.x <= b.x ? -1 : 1;
              a.x += sx * ox / 2; b.x -= sx * ox / 2;
            } else {
              var sy = a.y <= b.y ? -1 : 1;
              a.y += sy * oy / 2; b.y -= sy * oy / 2;
            }
          }
        }
      }
      if (!moved) { break; }
    }
  }

  // The box a group of nodes covers, labels included.
  function extent(list) {
    var b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    list.forEach(function (n) {
      b.x0 = Math.min(b.x0, n.x - n.w / 2);
      b.x1 = Math.max(b.x1, n.x + n.w / 2);
      b.y0 = Math.min(b.y0, n.y - n.r - 4);
      b.y1 = Math.max(b.y1, n.y - n.r + n.h);
    });
    return b;
  }

  // Lays out each connected part on its own, then puts the largest on the left and packs the
  // others in rows beside it, so that no part drifts away from the rest.
  function layout() {
    var rnd = random(20170510);
    var parts = components().map(function (list) {
      forces(list, rnd);
      separate(list);
      var b = extent(list);
      list.forEach(function (n) { n.x -= b.x0; n.y -= b.y0; });
      return { list: list, w: b.x1 - b.x0, h: b.y1 - b.y0 };
    });
    if (!parts.length) { return; }
    var pad = 24;
    var main = parts[0];
    var rest = parts.slice(1);
    var area = rest.reduce(function (s, p) { return s + (p.w + pad) * (p.h + pad); }, 0);
    var widest = rest.reduce(function (s, p) { return Math.max(s, p.w + pad); }, 0);
    var width = Math.max(widest, 1.15 * area / Math.max(main.h, 300));
    var left = main.w + 2 * pad;
    var x = 0, y = 0, row = 0;
    rest.sort(function (a, b) { return b.h - a.h || a.list[0].index - b.list[0].index; });
    rest.forEach(function (p) {
      if (x > 0 && x + p.w > width) { x = 0; y += row + pad; row = 0; }
      p.list.forEach(function (n) { n.x += left + x; n.y += y; });
      x += p.w + pad;
      row = Math.max(row, p.h);
    });
    var offset = Math.max(0, (y + row - main.h) / 2);
    main.list.forEach(function (n) { n.y += offset; });
  }

  layout();

  // ---- drawing -----------------------------------------------------------------------------

  nodes.forEach(function (n) {
    n.g.setAttribute('transform', 'translate(' + n.x.toFixed(1) + ',' + n.y.toFixed(1) + ')');
  });

  // Edges between the same two nodes are bent apart; self-loops become small arcs.
  var bundles = new Map();
  edges.forEach(function (e) {
    var k = e.from.index < e.to.index ? e.from.index + ':' + e.to.index : e.to.index + ':' + e.from.index;
    if (!bundles.has(k)) { bundles.set(k, []); }
    bundles.get(k).push(e);
  });
  bundles.forEach(function (list) {
    list.forEach(function (e, i) { e.bend = list.length === 1 ? 0 : (i - (list.length - 1) / 2) * 28; });
  });

  function relationName(e) {
    if (e.relation === 'RELATED' && e.verb) { return 'RELATED (' + e.verb + ')'; }
    return e.relation;
  }

  edges.forEach(function (e) {
    var a = e.from, b = e.to;
    var d;
    var mid;
    if (a === b) {
      var r = a.r;
      d = 'M' + (a.x - r * 0.6).toFixed(1) + ',' + (a.y - r * 0.8).toFixed(1) +
        ' C' + (a.x - 30).toFixed(1) + ',' + (a.y - 50).toFixed(1) + ' ' + (a.x + 30).toFixed(1) + ',' +
        (a.y - 50).toFixed(1) + ' ' + (a.x + r * 0.6).toFixed(1) + ',' + (a.y - r * 0.8).toFixed(1);
      mid = { x: a.x, y: a.y - 38 };
    } else {
      // A canonical normal, so edges in opposite directions bend to opposite sides.
      var low = a.index < b.index ? a : b;
      var high = low === a ? b : a;
      var nx = -(high.y - low.y);
      var ny = high.x - low.x;
      var len = Math.sqrt(nx * nx + ny * ny) || 1;
      nx /= len; ny /= len;
      var cx = (a.x + b.x) / 2 + nx * e.bend * 2;
      var cy = (a.y + b.y) / 2 + ny * e.bend * 2;
      var s = trim(a, cx, cy, a.r + 1);
      var t = trim(b, cx, cy, b.r + 3);
      d = 'M' + s.x.toFixed(1) + ',' + s.y.toFixed(1) + ' Q' + cx.toFixed(1) + ',' + cy.toFixed(1) + ' ' +
        t.x.toFixed(1) + ',' + t.y.toFixed(1);
      mid = { x: 0.25 * s.x + 0.5 * cx + 0.25 * t.x, y: 0.25 * s.y + 0.5 * cy + 0.25 * t.y };
    }
    var dashed = e.status === 'alleged' || e.status === 'denied';
    var g = svgEl('g', { 'class': 'edge' + (dashed ? ' dashed' : ''), 'data-edge': String(e.index) });
    var line = svgEl('path', { 'class': 'line', d: d, 'marker-end': 'url(#arrow)' });
    var hit = svgEl('path', { 'class': 'hit', d: d });
    var title = svgEl('title');
    title.textContent = a.label + ' ' + relationName(e) + ' ' + b.label + ' (' + e.status + ')';
    hit.appendChild(title);
    var label = svgEl('text', { 'class': 'label', x: mid.x.toFixed(1), y: (mid.y - 3).toFixed(1), 'text-anchor': 'middle' });
    label.textContent = relationName(e);
    g.appendChild(line);
    g.appendChild(hit);
    g.appendChild(label);
    edgeLayer.appendChild(g);
    e.g = g;
    e.line = line;
  });

  function trim(n, towardX, towardY, by) {
    var dx = towardX - n.x;
    var dy = towardY - n.y;
    var d = Math.sqrt(dx * dx + dy * dy) || 1;
    return { x: n.x + dx / d * by, y: n.y + dy / d * by };
  }

  // ---- pan and zoom ------------------------------------------------------------------------

  var view = { x: 0, y: 0, k: 1 };

  function apply() {
    viewport.setAttribute('transform', 'translate(' + view.x.toFixed(2) + ',' + view.y.toFixed(2) + ') scale(' + view.k.toFixed(4) + ')');
  }

  function bounds() {
    return nodes.length ? extent(nodes) : { x0: -1, y0: -1, x1: 1, y1: 1 };
  }

  // Shows the whole graph, above the legend.
  function fit() {
    var rect = svg.getBoundingClientRect();
    var b = bounds();
    var legendHeight = document.getElementById('legend').getBoundingClientRect().height;
    var w = Math.max(1, rect.width), h = Math.max(1, rect.height - legendHeight);
    view.k = Math.min(w / (b.x1 - b.x0 + 40), h / (b.y1 - b.y0 + 40), 2);
    view.x = w / 2 - view.k * (b.x0 + b.x1) / 2;
    view.y = h / 2 - view.k * (b.y0 + b.y1) / 2;
    apply();
  }

  function zoomAt(factor, px, py) {
    var k = Math.max(0.05, Math.min(8, view.k * factor));
    view.x = px - (px - view.x) * k / view.k;
    view.y = py - (py - view.y) * k / view.k;
    view.k = k;
    apply();
  }

  function centreOn(n) {
    var rect = svg.getBoundingClientRect();
    view.k = Math.max(view.k, 1.2);
    view.x = rect.width / 2 - view.k * n.x;
    view.y = rect.height / 2 - view.k * n.y;
    apply();
  }

  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - rect.left, ev.clientY - rect.top);
  }, { passive: false });

  var drag = null;
  svg.addEventListener('pointerdown', function (ev) {
    if (ev.button !== 0) { return; }
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
  });
  window.addEventListener('pointermove', function (ev) {
    if (!drag) { return; }
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && dx * dx + dy * dy > 16) { drag.moved = true; svg.classList.add('panning'); }
    if (drag.moved) { view.x = drag.vx + dx; view.y = drag.vy + dy; apply(); }
  });
  window.addEventListener('pointerup', function () {
    svg.classList.remove('panning');
    setTimeout(function () { drag = null; }, 0);
  });

  document.getElementById('zoom-in').addEventListener('click', function () {
    var r = svg.getBoundingClientRect(); zoomAt(1.3, r.width / 2, r.height / 2);
  });
  document.getElementById('zoom-out').addEventListener('click', function () {
    var r = svg.getBoundingClientRect(); zoomAt(1 / 1.3, r.width / 2, r.height / 2);
  });
  document.getElementById('zoom-fit').addEventListener('click', fit);
  window.addEventListener('resize', fit);

  // ---- highlighting ------------------------------------------------------------------------

  function setMarker(e) {
    var cls = e.g.classList;
    var m = cls.contains('on-path') ? 'arrow-path' : cls.contains('selected') ? 'arrow-selected' :
      cls.contains('near') ? 'arrow-near' : 'arrow';
    e.line.setAttribute('marker-end', 'url(#' + m + ')');
  }

  function resetMarks(kinds) {
    nodes.forEach(function (n) { kinds.forEach(function (k) { n.g.classList.remove(k); }); });
    edges.forEach(function (e) { kinds.forEach(function (k) { e.g.classList.remove(k); }); setMarker(e); });
  }

  // Marks a node and its relations; their labels are shown unless there are too many.
  function markNode(n) {
    resetMarks(['selected', 'near', 'dim', 'labelled']);
    var near = new Set([n]);
    var all = n.out.concat(n.inc);
    all.forEach(function (e) {
      near.add(e.from);
      near.add(e.to);
      e.g.classList.add('near');
      if (all.length <= 8) { e.g.classList.add('labelled'); }
      setMarker(e);
    });
    nodes.forEach(function (m) { if (!near.has(m)) { m.g.classList.add('dim'); } });
    edges.forEach(function (e) { if (!e.g.classList.contains('near')) { e.g.classList.add('dim'); } });
    n.g.classList.add('selected');
  }

  function markEdge(e) {
    resetMarks(['selected', 'near', 'dim', 'labelled']);
    e.g.classList.add('selected');
    setMarker(e);
    e.from.g.classList.add('selected');
    e.to.g.classList.add('selected');
  }

  // ---- cards -------------------------------------------------------------------------------

  function nodeLink(n) {
    var b = el('button', 'link', n.label);
    b.type = 'button';
    b.addEventListener('click', function () { selectNode(n, true); });
    return b;
  }

  function statusBadge(status) {
    return el('span', 'status status-' + status, status);
  }

  function dateText(e) {
    if (e.dates && e.dates.length > 1) { return e.dates.join(', '); }
    return e.date || '';
  }

  function evidenceList(e) {
    var ul = el('ul', 'evidence');
    (e.evidence || []).forEach(function (ev) {
      var li = el('li');
      li.appendChild(el('span', 'doc', ev.doc + ' [' + ev.start + '\u2013' + ev.end + ']'));
      li.appendChild(el('span', 'sentence', ev.sentence));
      ul.appendChild(li);
    });
    return ul;
  }

  function edgeFacts(e) {
    var ul = el('ul', 'facts');
    var li = el('li');
    li.appendChild(statusBadge(e.status));
    if (dateText(e)) { li.appendChild(document.createTextNode(' ' + dateText(e))); }
    li.appendChild(document.createTextNode(' \u00b7 confidence ' + e.confidence));
    ul.appendChild(li);
    if (e.roles && e.roles.length) { ul.appendChild(el('li', null, 'role: ' + e.roles.join(', '))); } else if (e.role) { ul.appendChild(el('li', null, 'role: ' + e.role)); }
    if (e.verb) { ul.appendChild(el('li', null, 'verb: ' + e.verb)); }
    return ul;
  }

  function relationBlock(e, outgoing) {
    var div = el('div', 'rel');
    div.setAttribute('data-edge', String(e.index));
    var head = el('div', 'rel-head');
    var rel = el('button', 'link', relationName(e));
    rel.type = 'button';
    rel.title = 'Show this relation';
    rel.addEventListener('click', function () { selectEdge(e); });
    if (outgoing) {
      head.appendChild(document.createTextNode('\u2192 '));
      head.appendChild(rel);
      head.appendChild(document.createTextNode(' '));
      head.appendChild(nodeLink(e.to));
    } else {
      head.appendChild(nodeLink(e.from));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(rel);
      head.appendChild(document.createTextNode(' \u2192'));
    }
    div.appendChild(head);
    div.appendChild(edgeFacts(e));
    div.appendChild(evidenceList(e));
    return div;
  }

  function typeBadge(type) {
    var b = el('span', 'badge', type);
    b.style.background = COLORS[type] || '#888';
    return b;
  }

  function showNode(n) {
    clear(card);
    card.setAttribute('data-node', n.id);
    card.removeAttribute('data-edge');
    card.appendChild(el('h2', null, n.label));
    var p = el('p');
    p.appendChild(typeBadge(n.type));
    p.appendChild(document.createTextNode((n.mentions || 0) + ' mentions \u00b7 id ' + n.id));
    card.appendChild(p);
    if (n.aliases && n.aliases.length) {
      card.appendChild(el('h3', null, 'Aliases'));
      card.appendChild(el('p', 'aliases', n.aliases.join(' \u00b7 ')));
    }
    card.appendChild(el('h3', null, 'Documents (' + (n.docs || []).length + ')'));
    var docs = el('ul', 'facts');
    (n.docs || []).forEach(function (d) { docs.appendChild(el('li', null, d)); });
    card.appendChild(docs);
    card.appendChild(el('h3', null, 'Relations out (' + n.out.length + ')'));
    n.out.forEach(function (e) { card.appendChild(relationBlock(e, true)); });
    if (!n.out.length) { card.appendChild(el('p', 'hint', 'none')); }
    card.appendChild(el('h3', null, 'Relations in (' + n.inc.length + ')'));
    n.inc.forEach(function (e) { card.appendChild(relationBlock(e, false)); });
    if (!n.inc.length) { card.appendChild(el('p', 'hint', 'none')); }
  }

  function showEdge(e) {
    clear(card);
    card.setAttribute('data-edge', String(e.index));
    card.removeAttribute('data-node');
    var h = el('h2');
    h.appendChild(nodeLink(e.from));
    h.appendChild(document.createTextNode(RIGHT + relationName(e) + RIGHT));
    h.appendChild(nodeLink(e.to));
    card.appendChild(h);
    card.appendChild(edgeFacts(e));
    card.appendChild(el('h3', null, 'Evidence (' + (e.evidence || []).length + ')'));
    card.appendChild(evidenceList(e));
  }

  function selectNode(n, centre) {
    markNode(n);
    showNode(n);
    if (centre) { centreOn(n); }
  }

  function selectEdge(e) {
    markEdge(e);
    showEdge(e);
  }

  nodes.forEach(function (n) {
    n.g.addEventListener('click', function (ev) {
      ev.stopPropagation();
      if (drag && drag.moved) { return; }
      selectNode(n, false);
    });
    n.g.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') { selectNode(n, true); }
    });
  });
  edges.forEach(function (e) {
    e.g.addEventListener('click', function (ev) {
      ev.stopPropagation();
      if (drag && drag.moved) { return; }
      selectEdge(e);
    });
  });
  svg.addEventListener('click', function () {
    if (drag && drag.moved) { return; }
    resetMarks(['selected', 'near', 'dim', 'labelled']);
  });

  // ---- search ------------------------------------------------------------------------------

  // Nodes whose label or an alias contains the query, ignoring case: exact, then prefix,
  // then anywhere; ties by mentions, then label.
  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var found = [];
    nodes.forEach(function (n) {
      var best = 9, via = null;
      [n.label].concat(n.aliases || []).forEach(function (name, i) {
        var s = name.toLowerCase();
        var rank = s === q ? 0 : s.indexOf(q) === 0 ? 1 : s.indexOf(q) > 0 ? 2 : 9;
        if (rank < 9) { rank += i === 0 ? 0 : 0.5; }
        if (rank < best) { best = rank; via = i === 0 ? null : name; }
      });
      if (n.id === q && best > 0) { best = 0; via = null; }
      if (best < 9) { found.push({ node: n, rank: best, via: via }); }
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || (b.node.mentions || 0) - (a.node.mentions || 0) ||
        (a.node.label < b.node.label ? -1 : a.node.label > b.node.label ? 1 : 0);
    });
    return found;
  }

  var search = document.getElementById('search');
  var results = document.getElementById('search-results');
  var shown = [];

  function hideResults() { results.hidden = true; clear(results); shown = []; }

  search.addEventListener('input', function () {
    clear(results);
    shown = matches(search.value).slice(0, 12);
    shown.forEach(function (m, i) {
      var li = el('li', i === 0 ? 'active' : null);
      li.setAttribute('data-id', m.node.id);
      li.appendChild(document.createTextNode(m.node.label + ' '));
      if (m.via) { li.appendChild(el('span', 'alias', '(' + m.via + ')')); }
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); pick(m.node); });
      results.appendChild(li);
    });
    if (!shown.length && search.value.trim()) { results.appendChild(el('li', 'hint', 'no match')); }
    results.hidden = !search.value.trim();
  });
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      var m = shown.length ? shown : matches(search.value);
      if (m.length) { pick(m[0].node); }
    } else if (ev.key === 'Escape') {
      hideResults();
    }
  });
  search.addEventListener('blur', hideResults);

  function pick(n) {
    hideResults();
    search.value = n.label;
    selectNode(n, true);
  }

  // ---- shortest path -----------------------------------------------------------------------

  var names = document.getElementById('node-names');
  nodes.slice().sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; }).forEach(function (n) {
    var o = document.createElement('option');
    o.value = n.label;
    names.appendChild(o);
  });

  function resolve(text) {
    var m = matches(text);
    return m.length ? m[0].node : null;
  }

  // Breadth-first search over edges in either direction; neighbours in edge order, so the
  // same path is found every time.
  function shortestPath(from, to) {
    var prev = new Map([[from, null]]);
    var queue = [from];
    for (var q = 0; q < queue.length && !prev.has(to); q++) {
      var n = queue[q];
      n.out.concat(n.inc).sort(function (a, b) { return a.index - b.index; }).forEach(function (e) {
        var m = e.from === n ? e.to : e.from;
        if (!prev.has(m)) { prev.set(m, { node: n, edge: e }); queue.push(m); }
      });
    }
    if (!prev.has(to)) { return null; }
    var hops = [];
    for (var at = to; at !== from; at = prev.get(at).node) {
      hops.unshift({ from: prev.get(at).node, to: at, edge: prev.get(at).edge });
    }
    return hops;
  }

  var pathBox = document.getElementById('path-result');

  function clearPath() {
    resetMarks(['on-path', 'dim', 'selected', 'near', 'labelled']);
    pathBox.hidden = true;
    clear(pathBox);
  }

  document.getElementById('path-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearPath();
    var a = resolve(document.getElementById('path-from').value);
    var b = resolve(document.getElementById('path-to').value);
    pathBox.hidden = false;
    if (!a || !b) {
      pathBox.appendChild(el('p', null, 'No entity matches ' + (a ? 'the second name' : 'the first name') + '.'));
      return;
    }
    var hops = shortestPath(a, b);
    if (!hops) {
      pathBox.appendChild(el('p', null, 'No path from ' + a.label + ' to ' + b.label + '.'));
      return;
    }
    pathBox.appendChild(el('strong', null, 'Path from ' + a.label + ' to ' + b.label + ': ' + hops.length + (hops.length === 1 ? ' hop' : ' hops')));
    var ol = el('ol');
    a.g.classList.add('on-path');
    hops.forEach(function (h) {
      var e = h.edge;
      e.g.classList.add('on-path');
      setMarker(e);
      h.to.g.classList.add('on-path');
      var li = el('li', 'hop');
      li.setAttribute('data-edge', String(e.index));
      li.appendChild(nodeLink(h.from));
      var rel = el('button', 'link', relationName(e));
      rel.type = 'button';
      rel.addEventListener('click', function () { selectEdge(e); });
      // The arrow keeps the relation's true direction even when the path walks it backwards.
      var forward = e.from === h.from;
      li.appendChild(document.createTextNode(forward ? ' \u2014' : ' \u2190'));
      li.appendChild(rel);
      li.appendChild(document.createTextNode(forward ? '\u2192 ' : '\u2014 '));
      li.appendChild(nodeLink(h.to));
      ol.appendChild(li);
    });
    pathBox.appendChild(ol);
    nodes.forEach(function (n) { if (!n.g.classList.contains('on-path')) { n.g.classList.add('dim'); } });
    edges.forEach(function (e) { if (!e.g.classList.contains('on-path')) { e.g.classList.add('dim'); } });
  });
  document.getElementById('path-clear').addEventListener('click', clearPath);

  // ---- legend and summary ------------------------------------------------------------------

  var legend = document.getElementById('legend');
  TYPES.forEach(function (type) {
    var row = el('div');
    var s = svgEl('svg', { width: '12', height: '12' });
    s.appendChild(svgEl('circle', { cx: '6', cy: '6', r: '6', fill: COLORS[type] }));
    row.appendChild(s);
    row.appendChild(document.createTextNode(TYPE_NAMES[type]));
    legend.appendChild(row);
  });
  [['asserted or reported', ''], ['alleged or denied', '5 4']].forEach(function (l) {
    var row = el('div');
    var s = svgEl('svg', { width: '28', height: '10' });
    s.appendChild(svgEl('line', { x1: '0', y1: '5', x2: '28', y2: '5', stroke: '#777', 'stroke-width': '1.6', 'stroke-dasharray': l[1] || 'none' }));
    row.appendChild(s);
    row.appendChild(document.createTextNode(l[0]));
    legend.appendChild(row);
  });

  var docs = (data.graph && data.graph.documents) || [];
  document.getElementById('summary').textContent = nodes.length + ' entities \u00b7 ' + edges.length +
    ' relations \u00b7 ' + docs.length + ' documents';

  fit();
  document.body.setAttribute('data-ready', 'true');
}());
