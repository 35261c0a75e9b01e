// The interactive part of the HTML report (HtmlReportWriter). Runs under a CSP that allows only this script, by
// its hash: no inline handlers, no eval, no network. Everything from the store is set as textContent, never as HTML.
(function () {
  'use strict';
  var source = document.getElementById('rh-data');
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var axes = data.axes, values = data.values, rows = data.rows, details = data.details, items = data.items, transcripts = data.transcripts;
  var CLASS_NAMES = ['full success', 'partial success', 'failed', 'skipped', 'infrastructure failure'];
  var Z = 1.959963984540054;
  var MAX_LIST = 500;
  var state = { filters: axes.map(function () { return -1; }), groupBy: [], sort: { column: -1, descending: false }, group: null, sample: -1 };
  ['model', 'prompt_type'].forEach(function (name) { var i = axes.indexOf(name); if (i >= 0 && values[i].length > 0) { state.groupBy.push(i); } });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function label(axis, index) { return index < 0 ? '(none)' : values[axis][index]; }
  function heading(name) { var t = name.replace(/_/g, ' '); return t.charAt(0).toUpperCase() + t.slice(1); }
  function percent(rate) { return rate === null ? '-' : (rate * 100).toFixed(1) + '%'; }
  function wilson(success, total) {
    if (total === 0) { return null; }
    var p = success / total, z2 = Z * Z, d = 1 + z2 / total;
    var centre = (p + z2 / (2 * total)) / d, half = Z * Math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / d;
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }
  function interval(ci) { return ci === null ? '-' : '[' + percent(ci[0]) + ', ' + percent(ci[1]) + ']'; }
  function isResult(row) { return row[0] <= 2; }
  function isSuccess(row) { return row[0] <= 1; }

  function filtered() {
    var out = [];
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r], keep = true;
      for (var a = 0; a < axes.length && keep; a++) { keep = state.filters[a] < 0 || row[2 + a] === state.filters[a]; }
      if (keep) { out.push(r); }
    }
    return out;
  }

  function buildControls() {
    var box = clear(document.getElementById('rh-controls'));
    var filters = el('fieldset'); filters.appendChild(el('legend', 'Filter'));
    var grouping = el('fieldset'); grouping.appendChild(el('legend', 'Group by'));
    axes.forEach(function (name, a) {
      if (values[a].length === 0) { return; }
      var wrap = el('label', heading(name) + ' ', 'control');
      var select = el('select'); select.id = 'rh-filter-' + name; select.dataset.axis = name;
      select.appendChild(el('option', 'all')).value = '-1';
      values[a].forEach(function (v, i) { var o = el('option', v); o.value = String(i); select.appendChild(o); });
      select.addEventListener('change', function () { state.filters[a] = Number(select.value); state.group = null; render(); });
      wrap.appendChild(select); filters.appendChild(wrap);
      var check = el('label', null, 'control'); var box2 = el('input'); box2.type = 'checkbox'; box2.id = 'rh-group-' + name;
      box2.checked = state.groupBy.indexOf(a) >= 0;
      box2.addEventListener('change', function () {
        state.groupBy = state.groupBy.filter(function (x) { return x !== a; });
        if (box2.checked) { state.groupBy.push(a); }
        state.group = null; state.sort.column = -1; render();
      });
      check.appendChild(box2); check.appendChild(document.createTextNode(' ' + heading(name))); grouping.appendChild(check);
    });
    box.appendChild(filters); box.appendChild(grouping);
  }

  function groupsOf(indices) {
    var map = new Map();
    indices.forEach(function (r) {
      var row = rows[r];
      var key = state.groupBy.map(function (a) { return row[2 + a]; }).join('\u0001');
      var g = map.get(key);
      if (!g) { g = { key: state.groupBy.map(function (a) { return row[2 + a]; }), rows: [], counts: [0, 0, 0, 0, 0] }; map.set(key, g); }
      g.rows.push(r); g.counts[row[0]]++;
    });
    return Array.from(map.values()).map(function (g) {
      var total = g.counts[0] + g.counts[1] + g.counts[2], success = g.counts[0] + g.counts[1];
      var labels = g.key.map(function (v, i) { return label(state.groupBy[i], v); });
      var rate = total ? success / total : null;
      g.cells = labels.concat([total, rate, interval(wilson(success, total)), g.counts[0], g.counts[1], g.counts[2], g.counts[3], g.counts[4]]);
      g.sortValues = labels.concat([total, rate === null ? -1 : rate, rate === null ? -1 : rate, g.counts[0], g.counts[1], g.counts[2], g.counts[3], g.counts[4]]);
      return g;
    });
  }

  function renderGroups(indices) {
    var table = clear(document.getElementById('rh-groups'));
    var headings = state.groupBy.map(function (a) { return heading(axes[a]); })
      .concat(['Results', 'Success rate', '95% CI', 'Full', 'Partial', 'Failed', 'Skipped', 'Infra']);
    var groups = groupsOf(indices);
    if (state.sort.column >= 0) {
      var c = state.sort.column, sign = state.sort.descending ? -1 : 1;
      groups.sort(function (x, y) { var a = x.sortValues[c], b = y.sortValues[c]; return sign * (a < b ? -1 : a > b ? 1 : 0); });
    } else {
      // Unsorted: by the group labels, so the table reads in a stable order whatever order the records came in.
      groups.sort(function (x, y) { var a = x.cells.slice(0, x.key.length).join('\u0001'), b = y.cells.slice(0, y.key.length).join('\u0001'); return a < b ? -1 : a > b ? 1 : 0; });
    }
    var head = el('tr');
    headings.forEach(function (h, i) {
      var th = el('th', h + (state.sort.column === i ? (state.sort.descending ? ' \u25bc' : ' \u25b2') : ''));
      th.className = 'sortable'; th.tabIndex = 0;
      th.addEventListener('click', function () {
        state.sort = { column: i, descending: state.sort.column === i ? !state.sort.descending : false }; render();
      });
      head.appendChild(th);
    });
    table.appendChild(head);
    groups.forEach(function (g) {
      var tr = el('tr', null, 'group'); tr.tabIndex = 0;
      g.cells.forEach(function (v, i) {
        var td = el('td', i === state.groupBy.length + 1 ? percent(v) : v);
        if (i >= state.groupBy.length) { td.className = 'n'; }
        tr.appendChild(td);
      });
      tr.addEventListener('click', function () { state.group = g; state.sample = -1; renderSamples(); });
      table.appendChild(tr);
    });
    document.getElementById('rh-count').textContent = indices.length + ' of ' + rows.length + ' embedded records match; ' + groups.length + ' groups.';
  }

  function renderSamples() {
    var panel = clear(document.getElementById('rh-samples'));
    clear(document.getElementById('rh-record'));
    var g = state.group;
    if (!g) { panel.appendChild(el('p', 'Click a group to list its samples.', 'meta')); return; }
    var title = g.key.map(function (v, i) { return heading(axes[state.groupBy[i]]) + ' = ' + label(state.groupBy[i], v); }).join(', ');
    panel.appendChild(el('h3', 'Samples of ' + (title || 'all records') + ' (' + g.rows.length + ')'));
    if (g.rows.length > MAX_LIST) { panel.appendChild(el('p', 'Showing the first ' + MAX_LIST + ' of ' + g.rows.length + '; filter to narrow them.', 'meta')); }
    var table = el('table'); table.id = 'rh-sample-table';
    var head = el('tr');
    ['Record', 'Test', 'Sample', 'Result', 'Error category', 'Duration (ms)'].forEach(function (h) { head.appendChild(el('th', h)); });
    table.appendChild(head);
    g.rows.slice(0, MAX_LIST).forEach(function (r) {
      var d = details[r];
      var tr = el('tr', null, 'sample'); tr.tabIndex = 0; tr.dataset.record = d.record_id || '';
      var method = axes.indexOf('test_method');
      [d.record_id, d.display_name || (method < 0 ? '' : label(method, rows[r][2 + method])), d.sample_index, CLASS_NAMES[rows[r][0]], d.error_category, d.duration_ms === undefined ? '' : d.duration_ms.toFixed(1)].forEach(function (v) {
        tr.appendChild(el('td', v === undefined ? '' : v));
      });
      tr.addEventListener('click', function () { state.sample = r; renderRecord(); });
      table.appendChild(tr);
    });
    var box = el('div', null, 'scroll'); box.appendChild(table); panel.appendChild(box);
  }

  function renderRecord() {
    var panel = clear(document.getElementById('rh-record'));
    var d = details[state.sample];
    panel.appendChild(el('h3', 'Record ' + (d.record_id || '')));
    var dl = el('dl'); dl.id = 'rh-record-fields';
    axes.forEach(function (name, a) {
      var v = rows[state.sample][2 + a];
      if (v >= 0) { dl.appendChild(el('dt', name)); dl.appendChild(el('dd', values[a][v])); }
    });
    Object.keys(d).forEach(function (name) {
      var v = d[name];
      dl.appendChild(el('dt', name));
      dl.appendChild(el('dd', typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
    });
    panel.appendChild(dl);
    renderTranscript(panel, d);
  }

  // A sample's transcript, as the store keeps it (docs/transcripts.md): each message's role, kind, model and text,
  // an assistant's tool calls with their ids and a tool result with the id of the call it answers. All set as text.
  function renderTranscript(panel, d) {
    var section = el('section'); section.id = 'rh-transcript';
    section.appendChild(el('h4', 'Transcript'));
    var t = transcripts ? transcripts[state.sample] : null;
    if (t === null || t === undefined) {
      section.appendChild(el('p', 'No transcript is stored for this record.', 'meta'));
    } else if (!Array.isArray(t)) {
      section.appendChild(el('p', 'This record has a stored transcript, left out of the page by its cap on transcript bytes; runner-harness show ' + (d.record_id || '') + ' prints it.', 'note'));
    } else {
      section.appendChild(el('p', t.length + ' message(s).', 'meta'));
      t.forEach(function (m, i) { section.appendChild(renderMessage(m, i)); });
    }
    panel.appendChild(section);
  }

  function renderMessage(m, i) {
    var kind = m.kind || 'model';
    var box = el('div', null, 'msg ' + kind); box.dataset.role = m.role || ''; box.dataset.kind = kind;
    var head = el('div', null, 'msg-head');
    head.appendChild(el('span', '[' + i + '] ' + (m.role || '') + (m.model ? ' (' + m.model + ')' : ''), 'msg-role'));
    if (kind === 'judge') { head.appendChild(el('span', 'judge', 'mark')); }
    else if (kind === 'test') { head.appendChild(el('span', 'attached by the test', 'mark')); }
    else if (kind === 'truncation') { head.appendChild(el('span', 'transcript cut at its cap', 'mark')); }
    else if (kind !== 'model') { head.appendChild(el('span', kind, 'mark')); }
    if (m.truncated) { head.appendChild(el('span', 'cut short by the cap', 'mark')); }
    box.appendChild(head);
    if (m.tool_call_id !== undefined) {
      var answer = el('div', 'result of tool call ' + m.tool_call_id, 'rh-tool-result'); answer.dataset.callId = m.tool_call_id;
      box.appendChild(answer);
    }
    if (m.content !== undefined) { box.appendChild(el('pre', m.content, 'rh-content')); }
    (m.tool_calls || []).forEach(function (c) {
      var call = el('div', null, 'rh-tool-call'); call.dataset.callId = c.id || '';
      call.appendChild(el('div', 'tool call ' + (c.id || '') + ': ' + (c.name || '')));
      call.appendChild(el('pre', c.arguments || ''));
      box.appendChild(call);
    });
    return box;
  }

  function renderSideBySide(indices) {
    var model = axes.indexOf('model');
    var box = document.getElementById('rh-side');
    if (model < 0 || values[model].length < 2) { clear(box).appendChild(el('p', 'Side by side needs two models.', 'meta')); return; }
    var left = document.getElementById('rh-side-a'), right = document.getElementById('rh-side-b');
    var out = clear(document.getElementById('rh-side-result'));
    var a = Number(left.value), b = Number(right.value);
    var byItem = new Map();
    indices.forEach(function (r) {
      var row = rows[r];
      if (!isResult(row) || (row[2 + model] !== a && row[2 + model] !== b)) { return; }
      var e = byItem.get(row[1]);
      if (!e) { e = { a: [0, 0], b: [0, 0] }; byItem.set(row[1], e); }
      var side = row[2 + model] === a ? e.a : e.b;
      side[0] += isSuccess(row) ? 1 : 0; side[1]++;
    });
    var pairs = [], unpaired = 0, counts = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
    byItem.forEach(function (e, item) {
      if (e.a[1] === 0 || e.b[1] === 0) { unpaired += e.a[1] + e.b[1]; return; }
      var ra = e.a[0] / e.a[1], rb = e.b[0] / e.b[1];
      pairs.push({ item: items[item], a: ra, b: rb });
      if (ra >= 0.5 && rb >= 0.5) { counts.both++; } else if (ra >= 0.5) { counts.onlyA++; } else if (rb >= 0.5) { counts.onlyB++; } else { counts.neither++; }
    });
    pairs.sort(function (x, y) { return Math.abs(y.a - y.b) - Math.abs(x.a - x.b) || (x.item < y.item ? -1 : 1); });
    var summary = el('p'); summary.id = 'rh-side-summary';
    summary.textContent = pairs.length + ' shared items: both right ' + counts.both + ', only ' + values[model][a] + ' ' + counts.onlyA +
      ', only ' + values[model][b] + ' ' + counts.onlyB + ', neither ' + counts.neither + '; ' + unpaired + ' results without a partner. ' +
      '(Right = at least half of an item\u2019s samples succeeded. For the test of the difference run compare.)';
    out.appendChild(summary);
    var table = el('table'); table.id = 'rh-side-table';
    var head = el('tr');
    ['Item', values[model][a], values[model][b]].forEach(function (h) { head.appendChild(el('th', h)); });
    table.appendChild(head);
    pairs.slice(0, MAX_LIST).forEach(function (p) {
      var tr = el('tr', null, p.a === p.b ? 'same' : 'differs');
      tr.appendChild(el('td', p.item)); tr.appendChild(el('td', percent(p.a), 'n')); tr.appendChild(el('td', percent(p.b), 'n'));
      table.appendChild(tr);
    });
    var scroll = el('div', null, 'scroll'); scroll.appendChild(table); out.appendChild(scroll);
  }

  function buildSideControls() {
    var model = axes.indexOf('model');
    var box = document.getElementById('rh-side');
    if (model < 0 || values[model].length < 2) { return; }
    ['a', 'b'].forEach(function (side, s) {
      var wrap = el('label', (s === 0 ? 'Model A' : 'Model B') + ' ', 'control');
      var select = el('select'); select.id = 'rh-side-' + side;
      values[model].forEach(function (v, i) { var o = el('option', v); o.value = String(i); select.appendChild(o); });
      select.value = String(s);
      select.addEventListener('change', render);
      wrap.appendChild(select); box.insertBefore(wrap, document.getElementById('rh-side-result'));
    });
  }

  function renderTokens(indices) {
    var model = axes.indexOf('model');
    var box = clear(document.getElementById('rh-tokens'));
    var sums = new Map();
    indices.forEach(function (r) {
      var d = details[r];
      if (d.input_tokens === undefined && d.output_tokens === undefined) { return; }
      var key = model < 0 ? '(all)' : label(model, rows[r][2 + model]);
      var s = sums.get(key) || { input: 0, output: 0, n: 0 };
      s.input += d.input_tokens || 0; s.output += d.output_tokens || 0; s.n++; sums.set(key, s);
    });
    if (sums.size === 0) { box.appendChild(el('p', 'No embedded record has token counts.', 'meta')); return; }
    var max = 0; sums.forEach(function (s) { max = Math.max(max, (s.input + s.output) / s.n); });
    sums.forEach(function (s, key) {
      var line = el('div', null, 'hbar');
      line.appendChild(el('span', key, 'hbar-label'));
      var inBar = el('span', null, 'hbar-in'); inBar.style.width = (300 * s.input / s.n / max) + 'px';
      var outBar = el('span', null, 'hbar-out'); outBar.style.width = (300 * s.output / s.n / max) + 'px';
      line.appendChild(inBar); line.appendChild(outBar);
      line.appendChild(el('span', Math.round(s.input / s.n) + ' in + ' + Math.round(s.output / s.n) + ' out per sample (' + s.n + ' samples)', 'hbar-value'));
      box.appendChild(line);
    });
  }

  function render() {
    var indices = filtered();
    renderGroups(indices);
    renderSamples();
    renderSideBySide(indices);
    renderTokens(indices);
  }

  buildControls();
  buildSideControls();
  render();
  document.body.dataset.ready = 'true';
})();
