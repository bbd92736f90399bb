/* The explorer's page: draws the park network, the trade-off and the tables from the data
 * element written by symbiosis/present/explorer.py. Every text comes from that data,
 * already in the reader's language with its units; this code only places it. Text goes
 * into the page with textContent; the ECharts tooltips take HTML, so every piece of text
 * in them passes through esc() first. */
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('explorer-data').textContent);
  const W = D.words;
  const COLOURS = { today: '#8c8c8c', committed: '#3b6fb6', new: '#2e9d57', plan: '#6a4c93',
                    added: '#2e9d57', removed: '#c0392b', changed: '#e67e22', same: '#9e9e9e' };
  const state = { mode: 'scenario', index: 0, plan: null, first: 0,
                  second: Math.min(1, D.scenarios.length - 1) };
  const nodeIndex = new Map(D.nodes.map((n, i) => [n.id, i]));
  // Map units per km: ECharts snaps nearly straight lines to half units before scaling to
  // the screen, which at 1 unit per km would flatten a 300 m rise into a level line.
  const SCALE = 1000;

  function esc(s) {
    return String(s === undefined || s === null ? '' : s)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  /* Axis ticks only: the thousands and decimal marks of the report's formatter (i18n.number),
   * passed in the data; every other number of the page arrives as text. */
  function tick(x) {
    const digits = Math.abs(x - Math.round(x)) < 1e-9 ? 0 : 1;
    const s = Math.abs(x).toFixed(digits).split('.');
    const whole = s[0].replace(/\B(?=(\d{3})+(?!\d))/g, D.marks.thousands);
    return (x < 0 && Number(s.join('.')) !== 0 ? '-' : '') + whole +
      (s[1] ? D.marks.decimal + s[1] : '');
  }
  function shortName(s) { return s.length > 30 ? s.slice(0, 29) + '…' : s; }

  /* ------------------------------------------------------------------ the links drawn */
  function widths(entries) {
    const top = {};
    for (const [, p] of entries) if (p) top[p.unit] = Math.max(top[p.unit] || 0, p.flow);
    return (p) => (p && top[p.unit] > 0 ? 1.2 + 6 * p.flow / top[p.unit] : 2);
  }
  function scenarioEdges(s) {
    const mc = s.montecarlo;
    if (state.plan) {  // a trade-off point or an alternative plan: its links, the optimum's texts
      return state.plan.links.filter((id) => D.links[id]).map((id) => ({
        id: id, status: 'plan', p: s.plan[id] || null,
        colour: s.plan[id] ? COLOURS[s.plan[id].state] : COLOURS.plan,
        width: mc && mc[id] && !(s.plan[id] && s.plan[id].state === 'today') ? 1 + 7 * mc[id][0] : 2.5,
        dashed: !s.plan[id] }));
    }
    const entries = Object.entries(s.plan);
    const w = widths(entries);
    // Monte Carlo counts what a sample builds new: existing links keep their flow width.
    const sampled = (p) => mc && p.state !== 'today';
    return entries.map(([id, p]) => ({
      id: id, status: p.state, p: p,
      colour: sampled(p) ? shade(mc[id] ? mc[id][0] : 0) : COLOURS[p.state],
      width: sampled(p) ? 1 + 7 * (mc[id] ? mc[id][0] : 0) : w(p), dashed: false }));
  }
  function shade(share) {  // light grey-green (rarely built) to dark green (always)
    const a = [200, 210, 200], b = [20, 110, 50];
    return 'rgb(' + a.map((v, i) => Math.round(v + (b[i] - v) * share)).join(',') + ')';
  }
  function compareEdges() {
    const A = D.scenarios[state.first].plan, B = D.scenarios[state.second].plan;
    const ids = Array.from(new Set(Object.keys(A).concat(Object.keys(B)))).sort();
    const w = widths(Object.entries(A).concat(Object.entries(B)));
    return ids.map((id) => {
      const a = A[id], b = B[id];
      let status = 'same';
      if (!a) status = 'added';
      else if (!b) status = 'removed';
      else if (Math.abs(a.flow - b.flow) > 1e-6 * Math.max(1, Math.abs(a.flow))) status = 'changed';
      return { id: id, status: status, a: a, b: b, p: b || a, colour: COLOURS[status],
               width: w(b || a), dashed: status === 'removed' };
    });
  }
  function currentEdges() {
    return state.mode === 'compare' ? compareEdges() : scenarioEdges(D.scenarios[state.index]);
  }

  /* ------------------------------------------------------------------------ tooltips */
  function line(label, value) { return '<b>' + esc(label) + '</b> ' + esc(value) + '<br>'; }
  function edgeTip(e) {
    const c = D.links[e.id], from = D.nodes[nodeIndex.get(c.from)], to = D.nodes[nodeIndex.get(c.to)];
    let h = '<div class="tip"><strong>' + esc(c.name) + '</strong><br>' +
      line(W.ex_resource, c.resource) + line(W.ex_from, from ? from.name : '') +
      line(W.ex_to, to ? to.name : '') + (c.via ? line(W.ex_via, c.via) : '');
    if (state.mode === 'compare') {
      h += line(W.ex_first, e.a ? e.a.flow_text : '–') + line(W.ex_second, e.b ? e.b.flow_text : '–') +
        esc(W['ex_' + e.status]) + '<br>';
    } else if (e.p) {
      h += line(W.ex_flow, e.p.flow_text) + line(W.ex_cost, e.p.cost_text) +
        line(W.ex_capex, e.p.capex_text) + line(W.ex_link_co2, e.p.co2_text) +
        line(W.ex_avoided, e.p.avoided_text) + line(W.ex_state, e.p.state_text) +
        line(W.ex_why, e.p.why);
    } else {
      h += esc(W.ex_not_in_optimum) + '<br>';
    }
    const s = D.scenarios[state.mode === 'compare' ? state.second : state.index];
    if (state.mode !== 'compare' && s.montecarlo && s.montecarlo[e.id] && !(e.p && e.p.state === 'today')) {
      h += esc(s.montecarlo[e.id][1]) + '<br>';
    }
    if (state.mode !== 'compare' && s.alternatives && s.alternatives.status[e.id]) {
      h += line(W.ex_alt_status, s.alternatives.status[e.id]);
    }
    return h + '</div>';
  }
  function nodeTip(n) {
    return '<div class="tip"><strong>' + esc(n.name) + '</strong><br>' + esc(n.sector) + '</div>';
  }

  /* ----------------------------------------------------------------------------- map */
  const mapEl = document.getElementById('map');
  const chart = echarts.init(mapEl, null, { renderer: 'canvas' });
  let edges = [];
  function drawMap() {
    edges = currentEdges();
    const links = edges.map((e) => ({
      source: nodeIndex.get(D.links[e.id].from), target: nodeIndex.get(D.links[e.id].to), edgeId: e.id,
      lineStyle: { color: e.colour, width: e.width, type: e.dashed ? 'dashed' : 'solid', opacity: 0.9 } }));
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', confine: true, enterable: false,
                 formatter: (p) => (p.dataType === 'edge' ? edgeTip(edges[p.dataIndex])
                                                          : nodeTip(D.nodes[p.dataIndex])) },
      series: [{
        type: 'graph', layout: 'none', roam: true, autoCurveness: true,
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: [0, 7],
        label: { show: true, position: 'right', fontSize: 10, color: '#333',
                 formatter: (p) => shortName(D.nodes[p.dataIndex].name) },
        emphasis: { focus: 'adjacency', lineStyle: { width: 6 } },
        blur: { itemStyle: { opacity: 0.45 }, lineStyle: { opacity: 0.3 }, label: { opacity: 0.6 } },
        data: D.nodes.map((n) => ({ name: n.id, x: SCALE * n.x, y: -SCALE * n.y,
          symbol: n.kind === 'tenant' ? 'circle' : 'roundRect',
          symbolSize: n.kind === 'tenant' ? 16 : 13,
          itemStyle: { color: n.kind === 'tenant' ? '#34495e' : '#b07a2a' } })),
        links: links }] }, { replaceMerge: ['series'] });
    mapEl.dataset.nodes = String(D.nodes.length);
    mapEl.dataset.edges = String(links.length);
    mapEl.dataset.edgeIds = edges.map((e) => e.id).join(' ');
    legend();
    banner();
  }
  chart.on('click', (p) => { if (p.dataType === 'node') showPlant(D.nodes[p.dataIndex].id); });

  function legend() {
    const box = clear(document.getElementById('legend'));
    const s = D.scenarios[state.index];
    if (state.mode === 'compare') {
      for (const k of ['added', 'removed', 'changed', 'same']) {
        box.appendChild(el('span', '━ ' + W['ex_' + k] + '   ', k));
      }
      return;
    }
    box.textContent = s.montecarlo ? W.ex_mc_legend : W.ex_width_legend + ' ' + W.ex_colour_legend;
    if (state.plan) box.textContent += ' ' + W.ex_plan_flows;
  }
  function banner() {
    const b = document.getElementById('banner');
    const s = D.scenarios[state.index];
    b.hidden = !(state.plan || (state.mode === 'scenario' && !s.ok));
    document.getElementById('back').hidden = !state.plan;
    document.getElementById('banner-text').textContent = state.plan
      ? W.ex_showing_plan.replace('{plan}', state.plan.label + ': ' + state.plan.cost_text +
                                  ', ' + state.plan.co2_text)
      : s.unsolved;
  }

  /* ---------------------------------------------------------------- the side panel */
  function keyValueTable(rows) {
    const t = el('table');
    for (const r of rows) {
      const tr = t.insertRow();
      tr.appendChild(el('th', r[0]));
      const td = tr.appendChild(el('td', r[1], 'num'));
      if (r[2]) td.appendChild(el('span', r[2], 'note'));
    }
    return t;
  }
  function showTotals() {
    const box = clear(document.getElementById('details'));
    if (state.mode === 'compare') return showDiffList(box);
    const s = D.scenarios[state.index];
    box.appendChild(el('h2', W.ex_totals));
    box.appendChild(el('h3', s.title));
    if (s.ok) box.appendChild(keyValueTable(s.totals));
    box.appendChild(el('p', W.ex_pick_plant, 'note'));
  }
  function showPlant(id) {
    if (state.mode === 'compare') return;
    const s = D.scenarios[state.index], n = D.nodes[nodeIndex.get(id)], p = s.plants[id];
    const box = clear(document.getElementById('details'));
    box.dataset.plant = id;
    box.appendChild(el('h2', n.name));
    box.appendChild(el('p', n.sector, 'note'));
    if (p) {
      box.appendChild(keyValueTable([[W.ex_cost, p.cost, p.cost_vs], [W.ex_emissions, p.co2, p.co2_vs]]));
      for (const [head, rows] of [[W.ex_inputs, p.inputs], [W.ex_byproducts, p.outputs]]) {
        box.appendChild(el('h3', head));
        const ul = box.appendChild(el('ul'));
        for (const r of rows) {
          const li = ul.appendChild(el('li'));
          li.appendChild(el('strong', r.name + ': '));
          li.appendChild(document.createTextNode(r.amount + (r.detail ? ' (' + r.detail + ')' : '')));
          if (r.baseline) { li.appendChild(el('br')); li.appendChild(el('span', r.baseline, 'note')); }
        }
      }
    }
    const back = box.appendChild(el('button', W.ex_totals));
    back.type = 'button';
    back.addEventListener('click', showTotals);
  }
  function showDiffList(box) {
    const A = D.scenarios[state.first], B = D.scenarios[state.second];
    box.appendChild(el('h2', W.ex_tab_compare));
    const t = box.appendChild(el('table'));
    const head = t.createTHead().insertRow();
    for (const h of ['', A.short, B.short]) head.appendChild(el('th', h));
    const body = t.createTBody();
    (A.totals.length ? A.totals : B.totals).forEach((row, i) => {
      const tr = body.insertRow();
      tr.appendChild(el('th', row[0]));
      for (const s of [A, B]) tr.appendChild(el('td', s.totals[i] ? s.totals[i][1] : '–', 'num'));
    });
    box.appendChild(el('h3', W.ex_diff_head));
    const diff = edges.filter((e) => e.status !== 'same');
    if (!diff.length) { box.appendChild(el('p', W.ex_no_diff)); return; }
    const ul = box.appendChild(el('ul'));
    for (const e of diff) {
      const li = ul.appendChild(el('li'));
      li.appendChild(el('span', D.links[e.id].name + ': '));
      li.appendChild(el('span', W['ex_' + e.status], e.status));
      li.appendChild(el('span', ' (' + (e.a ? e.a.flow_text : '–') + ' → ' + (e.b ? e.b.flow_text : '–') + ')', 'note'));
    }
  }

  /* --------------------------------------------------------------------- trade-off */
  let tradeChart = null;
  function drawTradeoff() {
    const sec = clear(document.getElementById('tradeoff'));
    const s = D.scenarios[state.index];
    if (tradeChart) { tradeChart.dispose(); tradeChart = null; }
    if (state.mode === 'compare') return;
    sec.appendChild(el('h2', W.ex_view_tradeoff));
    const alt = s.alternatives && s.alternatives.plans.length ? s.alternatives.plans : [];
    if (!s.pareto.length && !alt.length) { sec.appendChild(el('p', W.ex_no_tradeoff, 'note')); return; }
    sec.appendChild(el('p', W.ex_point_hint, 'note'));
    const box = sec.appendChild(el('div'));
    box.id = 'tradeoff-chart';
    tradeChart = echarts.init(box);
    const point = (p) => ({ value: [p.co2, p.cost], plan: p });
    const series = [{ type: 'scatter', name: W.ex_view_tradeoff, symbolSize: 13,
                      data: s.pareto.map(point), itemStyle: { color: '#1f5c99' } },
                    { type: 'line', data: s.pareto.map((p) => [p.co2, p.cost]), silent: true,
                      symbol: 'none', lineStyle: { color: '#9db7d5' }, tooltip: { show: false } }];
    if (alt.length) {
      series.push({ type: 'scatter', name: W.ex_view_alternatives, symbol: 'diamond', symbolSize: 12,
                    data: alt.map(point), itemStyle: { color: '#e67e22' } });
    }
    tradeChart.setOption({
      animation: false, grid: { left: 90, right: 30, top: 30, bottom: 60 },
      legend: { show: alt.length > 0, top: 0 },
      tooltip: { trigger: 'item', formatter: (p) => '<div class="tip"><strong>' + esc(p.data.plan.label) +
        '</strong><br>' + line(W.ex_cost, p.data.plan.cost_text) + line(W.ex_emissions, p.data.plan.co2_text) + '</div>' },
      xAxis: { type: 'value', scale: true, name: W.ex_axis_co2, nameLocation: 'middle', nameGap: 32,
               axisLabel: { formatter: tick } },
      yAxis: { type: 'value', scale: true, name: W.ex_axis_cost, nameLocation: 'middle', nameGap: 70,
               axisLabel: { formatter: tick } },
      series: series });
    tradeChart.on('click', (p) => { if (p.data && p.data.plan) showPlan(p.data.plan); });
  }
  function showPlan(plan) {
    state.plan = plan;
    drawMap();
    mapEl.scrollIntoView({ block: 'nearest' });
  }

  /* ------------------------------------------------------------------ alternatives */
  function drawAlternatives() {
    const sec = clear(document.getElementById('alternatives'));
    const s = D.scenarios[state.index];
    if (state.mode === 'compare') return;
    sec.appendChild(el('h2', W.ex_view_alternatives));
    const a = s.alternatives;
    if (!a) { sec.appendChild(el('p', W.ex_alt_none, 'note')); return; }
    if (!a.complete) sec.appendChild(el('p', W.ex_alt_bad, 'note'));
    if (a.plans.length) {
      sec.appendChild(el('h3', W.ex_alt_plans));
      sec.appendChild(el('p', W.ex_alt_hint, 'note'));
      const t = sec.appendChild(el('div', null, 'scroll')).appendChild(el('table'));
      const head = t.createTHead().insertRow();
      for (const h of [W.ex_plan_head, W.ex_cost, W.ex_emissions, W.ex_options]) head.appendChild(el('th', h));
      const body = t.createTBody();
      for (const p of a.plans) {
        const tr = body.insertRow();
        tr.className = 'pick';
        tr.appendChild(el('td', p.label));
        tr.appendChild(el('td', p.cost_text, 'num'));
        tr.appendChild(el('td', p.co2_text, 'num'));
        tr.appendChild(el('td', p.options.join('; ')));
        tr.addEventListener('click', () => showPlan(p));
      }
    }
    if (a.options.length) {
      sec.appendChild(el('h3', W.ex_alt_options));
      const t = sec.appendChild(el('div', null, 'scroll')).appendChild(el('table'));
      const head = t.createTHead().insertRow();
      head.appendChild(el('th', W.ex_option));
      head.appendChild(el('th', W.ex_alt_status));
      const body = t.createTBody();
      for (const o of a.options) {
        const tr = body.insertRow();
        tr.appendChild(el('td', o.name));
        tr.appendChild(el('td', o.status, o.kind === 'ex_alt_must' ? 'pass' : (o.kind === 'ex_alt_never' ? 'fail' : '')));
      }
    }
  }

  /* ------------------------------------------------------------------ Decree 35 */
  function drawDecree() {
    const sec = clear(document.getElementById('decree'));
    if (state.mode === 'compare') return;
    const s = D.scenarios[state.index];
    sec.appendChild(el('h2', W.ex_view_decree));
    if (!s.decree.length) { sec.appendChild(el('p', W.ex_no_criteria, 'note')); return; }
    const t = sec.appendChild(el('div', null, 'scroll')).appendChild(el('table'));
    const head = t.createTHead().insertRow();
    for (const h of [W.ex_article, W.ex_criterion, W.ex_value, W.ex_threshold, W.ex_status, W.ex_basis]) {
      head.appendChild(el('th', h));
    }
    const body = t.createTBody();
    for (const c of s.decree) {
      const tr = body.insertRow();
      tr.appendChild(el('td', c.article));
      tr.appendChild(el('td', c.criterion));
      tr.appendChild(el('td', c.value, 'num'));
      tr.appendChild(el('td', c.threshold, 'num'));
      tr.appendChild(el('td', c.status_text, c.status));
      const basis = tr.appendChild(el('td'));
      const d = basis.appendChild(el('details'));
      d.appendChild(el('summary', W.ex_basis));
      d.appendChild(el('p', c.basis));
    }
  }

  /* -------------------------------------------------------- tables: sort and CSV */
  function csvText(table) {
    const q = (v) => { const s = String(v === null || v === undefined ? '' : v); return /[",\n;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    const lines = [table.columns.map((c) => q(c.csv)).join(',')];
    for (const r of table.rows) lines.push(r.map((c, i) => q(table.columns[i].num ? c.v : c.t)).join(','));
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  }
  function download(table, i) {
    const blob = new Blob([csvText(table)], { type: 'text/csv;charset=utf-8' });
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'explorer-table-' + (i + 1) + '.csv';
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function drawTables() {
    const sec = clear(document.getElementById('tables'));
    if (state.mode === 'compare') return;
    const s = D.scenarios[state.index];
    sec.appendChild(el('h2', W.ex_view_table));
    sec.appendChild(el('p', W.ex_sort_hint, 'note'));
    s.tables.forEach((table, i) => {
      sec.appendChild(el('h3', table.title));
      const b = sec.appendChild(el('button', W.ex_download));
      b.type = 'button';
      b.className = 'download';
      b.addEventListener('click', () => download(table, i));
      const t = sec.appendChild(el('div', null, 'scroll')).appendChild(el('table'));
      t.className = 'data';
      const head = t.createTHead().insertRow();
      const body = t.createTBody();
      let order = { col: -1, up: true };
      const fill = () => {
        clear(body);
        const rows = table.rows.slice();
        if (order.col >= 0) {
          const k = order.col, num = table.columns[k].num;
          rows.sort((x, y) => {
            const a = x[k].v, b = y[k].v;
            const c = num ? (a === null ? -Infinity : a) - (b === null ? -Infinity : b)
              : String(a).localeCompare(String(b), D.lang);
            return order.up ? c : -c;
          });
        }
        for (const r of rows) {
          const tr = body.insertRow();
          r.forEach((c, j) => tr.appendChild(el('td', c.t, table.columns[j].num ? 'num' : '')));
        }
      };
      table.columns.forEach((c, k) => {
        const th = head.appendChild(el('th', c.label, 'sortable'));
        th.addEventListener('click', () => { order = { col: k, up: order.col === k ? !order.up : true }; fill(); });
      });
      fill();
    });
  }

  /* --------------------------------------------------------------------- tabs */
  function tabs() {
    const nav = clear(document.getElementById('scenario-tabs'));
    const add = (text, selected, onClick) => {
      const b = nav.appendChild(el('button', text));
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', selected ? 'true' : 'false');
      b.addEventListener('click', onClick);
      return b;
    };
    D.scenarios.forEach((s, i) => add(s.short, state.mode === 'scenario' && state.index === i,
      () => { state.mode = 'scenario'; state.index = i; state.plan = null; render(); }));
    if (D.scenarios.length > 1) {
      add(W.ex_tab_compare, state.mode === 'compare',
        () => { state.mode = 'compare'; state.plan = null; render(); }).id = 'compare-tab';
    }
    document.getElementById('compare-bar').hidden = state.mode !== 'compare';
  }
  function fillSelect(id, value, onChange) {
    const sel = clear(document.getElementById(id));
    D.scenarios.forEach((s, i) => { const o = sel.appendChild(el('option', s.short)); o.value = String(i); });
    sel.value = String(value);
    sel.addEventListener('change', () => { onChange(Number(sel.value)); render(); });
  }
  function render() {
    tabs();
    drawMap();
    showTotals();
    drawTradeoff();
    drawAlternatives();
    drawDecree();
    drawTables();
  }

  document.getElementById('title').textContent = W.ex_title;
  document.getElementById('intro').textContent = W.ex_intro;
  document.getElementById('made').textContent = W.ex_made;
  document.getElementById('first-label').textContent = W.ex_first;
  document.getElementById('second-label').textContent = W.ex_second;
  document.getElementById('back').textContent = W.ex_back;
  document.getElementById('back').addEventListener('click', () => { state.plan = null; drawMap(); });
  fillSelect('first', state.first, (v) => { state.first = v; });
  fillSelect('second', state.second, (v) => { state.second = v; });
  // The map's box changes when the page lays out (a scroll bar appears): follow it.
  new ResizeObserver(() => { chart.resize(); if (tradeChart) tradeChart.resize(); }).observe(mapEl);
  render();
  // For tests and for a curious reader's console: the charts and the state.
  window.explorer = { chart: chart, trade: () => tradeChart, state: state, edges: () => edges,
                      tick: tick, csv: (i) => csvText(D.scenarios[state.index].tables[i]) };
})();
