// Night-leg diary: the phone page. Plain script, no framework, no outside resources.
// Every write goes through send(): when the diary cannot be reached the write waits in a
// localStorage outbox with its idempotency key and is sent later, once.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);

  // ---- words -------------------------------------------------------------------------
  const WORDS = {
    back_of_leg: 'Back of the leg', whole_leg: 'Whole leg', urge_to_move: 'Urge to move',
    pins_and_needles: 'Pins and needles', deep_ache: 'Deep ache', dangle: 'Let it hang down',
    sit_up: 'Sit up', bend_forward: 'Bend forward', none: 'Nothing', medication: 'Medicine',
    elevate_legs: 'Raise the legs', fetal_position: 'Curl up', head_elevated: 'Head raised',
    cold_pack: 'Cold pack', pale_skin: 'Pale skin', bluish_skin: 'Bluish skin',
    dark_skin: 'Dark skin', shiny_skin: 'Shiny skin', hair_loss: 'Hair loss',
    cold_foot: 'Cold foot', sore_or_ulcer: 'Sore that does not heal', chest_pain: 'Chest pain',
    short_of_breath: 'Short of breath', saddle_numbness: 'Numb between the legs',
    bladder_bowel_change: 'Bladder or bowel change', flat_on_back: 'Flat on back',
    legs_elevated: 'Legs raised', onset_speed: 'how it began', duration_min: 'minutes',
    relief_effect: 'did it help', relief_min: 'minutes to relief', new_medication: 'new medicine',
    sleep_quality: 'sleep quality', caffeine_late: 'late coffee or tea', hydration: 'fluids',
    locations: 'where', sensations: 'what it felt like', relief: 'what helped', signs: 'signs',
  };
  function words(term) {
    if (term === null || term === undefined) return '';
    const t = String(term);
    if (WORDS[t]) return WORDS[t];
    const s = t.replace(/_/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  function lower(term) { return words(term).toLowerCase(); }
  function list(terms) { return (terms || []).map(lower).join(', '); }

  const DETAIL_GROUPS = [
    { field: 'locations', legend: 'Where?', multi: true,
      terms: ['calf', 'foot', 'toes', 'thigh', 'whole_leg', 'back_of_leg'] },
    { field: 'sensations', legend: 'What did it feel like?', multi: true,
      terms: ['cramp', 'urge_to_move', 'burning', 'aching', 'shooting', 'pins_and_needles'] },
    { field: 'relief', legend: 'What helped?', multi: true,
      terms: ['stretch', 'walk', 'dangle', 'massage', 'sit_up', 'bend_forward', 'medication', 'none'] },
    { field: 'side', legend: 'Which side?', multi: false, terms: ['left', 'right', 'both'] },
  ];
  const SIGNS = ['swelling', 'warmth', 'redness', 'pale_skin', 'bluish_skin', 'dark_skin',
    'cold_foot', 'sore_or_ulcer', 'weakness', 'numbness', 'chest_pain', 'short_of_breath',
    'saddle_numbness', 'bladder_bowel_change'];
  const COPY_FIELDS = ['locations', 'sensations', 'relief', 'side'];

  // Warning titles, category names and the words for levels and actions come with the
  // data (the API's "title", "name", "level_words", "action_words"): one wording, made by
  // the diary, for the terminal, the report and this page alike.

  // ---- small helpers -----------------------------------------------------------------
  function el(tag, props, children) {
    const e = document.createElement(tag);
    if (props) {
      for (const k of Object.keys(props)) {
        if (k === 'text') e.textContent = props[k];
        else if (k === 'class') e.className = props[k];
        else e.setAttribute(k, props[k]);
      }
    }
    for (const c of children || []) if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    return e;
  }
  function newKey() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);            // works on plain http too (randomUUID does not)
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function upperFirst(t) { return t ? t.charAt(0).toUpperCase() + t.slice(1) : ''; }
  function lowerFirst(t) { return t ? t.charAt(0).toLowerCase() + t.slice(1) : ''; }
  function pad(n) { return String(n).padStart(2, '0'); }
  function isoDay(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function addDays(day, n) {
    const [y, m, d] = day.split('-').map(Number);
    return isoDay(new Date(y, m - 1, d + n, 12));
  }
  function lastNight() { return isoDay(new Date(Date.now() - 12 * 3600 * 1000)); }
  function dayWords(day) {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(y, m - 1, d, 12).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  }
  // The clock time as written in the diary ("2026-11-22T02:10:00+01:00" -> "02:10").
  function clockOf(stamp) { const m = /T(\d\d:\d\d)/.exec(stamp || ''); return m ? m[1] : ''; }
  function load(key, fallback) {
    try { const v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); } catch (e) { return fallback; }
  }
  function store(key, value) {
    try {
      if (value === null || value === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { say('This phone could not keep a copy of the tap (storage is full or blocked).', true); }
  }
  function say(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }
  function episodeLine(ep) {
    const parts = [];
    parts.push(clockOf(ep.onset) || 'time unknown');
    if (ep.ongoing) parts.push('still going');
    else if (typeof ep.duration_min === 'number') parts.push(ep.duration_min + ' min');
    if (ep.side) parts.push(lower(ep.side));
    if (ep.locations && ep.locations.length) parts.push(list(ep.locations));
    if (ep.sensations && ep.sensations.length) parts.push(list(ep.sensations));
    if (typeof ep.intensity === 'number') parts.push(ep.intensity + ' of 10');
    if (ep.relief && ep.relief.length) parts.push('tried ' + list(ep.relief) + (ep.relief_effect ? ' (helped: ' + lower(ep.relief_effect) + ')' : ''));
    if (ep.signs && ep.signs.length) parts.push('signs: ' + list(ep.signs));
    return parts.join(', ');
  }

  // ---- talking to the diary ----------------------------------------------------------
  class Unreachable extends Error {}
  async function api(method, path, body, timeoutMs) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs || 10000);
    const init = { method, credentials: 'same-origin', cache: 'no-store', signal: ctl.signal, headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try { res = await fetch(path, init); } catch (e) { throw new Unreachable('unreachable'); } finally { clearTimeout(timer); }
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Unreachable('server ' + res.status);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    return { status: res.status, data };
  }
  function problemText(r) {
    const err = r.data && r.data.error;
    if (r.status === 400 && err) {
      const field = err.field ? words(err.field) : '';
      const value = err.value ? ' "' + err.value + '"' : '';
      return 'Not saved. ' + (field ? field + value + ': ' : '') + (err.message || 'the diary did not accept this.');
    }
    if (r.status === 401) return 'This phone is no longer connected to the diary.';
    if (r.status === 403) return 'The diary refused this request.';
    if (r.status === 404) return 'That is no longer in the diary.';
    if (r.status === 409) return (err && err.message) || 'That does not fit what is in the diary now.';
    if (r.status === 413) return 'Too much text to save at once.';
    return 'The diary could not do that (status ' + r.status + ').';
  }

  // ---- the outbox --------------------------------------------------------------------
  // Each entry: {id, method, path, body, kind, key?}. Sent strictly in order, each once.
  let outbox = load('diary.outbox', []);
  if (!Array.isArray(outbox)) outbox = [];
  let flushing = false;
  let inFlightId = null;
  function saveOutbox() { store('diary.outbox', outbox); showOutbox(); }
  function showOutbox() {
    const o = $('outbox');
    const n = outbox.length;
    o.hidden = n === 0;
    o.textContent = n === 0 ? '' : (n === 1 ? '1 tap is waiting' : n + ' taps are waiting') +
      ' on this phone: the diary cannot be reached. ' + (n === 1 ? 'It' : 'They') + ' will be sent when it is back.';
  }
  function enqueue(entry) {
    entry.id = entry.id || newKey();
    outbox.push(entry);
    saveOutbox();
  }

  // Sends one write now, or keeps it in the outbox. Returns the answer, or null when kept.
  async function send(entry) {
    if (outbox.length > 0) {
      enqueue(entry);
      say('Kept on this phone until the diary can be reached.');
      flush();
      return null;
    }
    try {
      inFlightId = entry.id = entry.id || newKey();
      const r = await api(entry.method, entry.path, entry.body);
      inFlightId = null;
      if (r.status === 401) {
        enqueue(entry);
        setPaired(false);
        say('Kept on this phone until it is connected to the diary again.');
        return null;
      }
      return r;
    } catch (e) {
      inFlightId = null;
      if (!(e instanceof Unreachable)) throw e;
      enqueue(entry);
      say('Kept on this phone: the diary cannot be reached right now.');
      return null;
    }
  }

  async function flush() {
    if (flushing || outbox.length === 0) { showOutbox(); return; }
    flushing = true;
    try {
      while (outbox.length > 0) {
        const entry = outbox[0];
        let r;
        inFlightId = entry.id;
        try { r = await api(entry.method, entry.path, entry.body); } catch (e) { break; } finally { inFlightId = null; }
        if (r.status === 401) { setPaired(false); break; }
        outbox.shift();
        saveOutbox();
        await settled(entry, r, true);
      }
    } finally {
      flushing = false;
      showOutbox();
      if (outbox.length === 0) say('Everything on this phone has been saved in the diary.');
    }
  }

  // ---- the current episode and its details -------------------------------------------
  // current: {key, id|null, fields: {locations, sensations, relief, side, signs}, dirty}
  let current = load('diary.current', null);
  if (current && (!current.at || Date.now() - current.at > 3600 * 1000)) current = null;
  let running = load('diary.running', null);   // {key, id|null, onset: ms}
  let previous = load('diary.previous', null); // fields of the episode before the current one
  function keepCurrent() { store('diary.current', current); }
  function keepRunning() { store('diary.running', running); }

  function emptyFields() { return { locations: [], sensations: [], relief: [], side: null, signs: [] }; }
  function fieldsOf(ep) {
    const f = emptyFields();
    for (const k of Object.keys(f)) if (ep && ep[k] !== undefined && ep[k] !== null) f[k] = Array.isArray(ep[k]) ? ep[k].slice() : ep[k];
    return f;
  }

  // Handles a write's answer (now or from the outbox).
  async function settled(entry, r, replayed) {
    if (r.status >= 200 && r.status < 300) {
      showFlags(r.data && r.data.red_flags);
      const ep = r.data || {};
      if ((entry.kind === 'log' || entry.kind === 'start') && current && current.key === entry.key) {
        current.id = ep.id;
        keepCurrent();
        if (current.dirty) { current.dirty = false; keepCurrent(); await patchCurrent(COPY_FIELDS.concat(['signs'])); }
        showDetailsFor();
      }
      if (entry.kind === 'start' && running && running.key === entry.key) {
        running.id = ep.id;
        const t = Date.parse(ep.onset);
        if (!isNaN(t)) running.onset = t;
        keepRunning();
      }
      if (!replayed) return;
      return;
    }
    if (entry.kind === 'start' && r.status === 409) { await refreshRunning(); return; }
    if (entry.kind === 'stop' && r.status === 409) { running = null; keepRunning(); showRunning(); return; }
    if (entry.kind === 'delete' && r.status === 404) return;
    say((replayed ? 'A tap kept on this phone could not be saved. ' : '') + problemText(r), true);
  }

  async function logNow() {
    if (current && current.id) { previous = current.fields; store('diary.previous', previous); }
    const key = newKey();
    current = { key, id: null, fields: emptyFields(), dirty: false, at: Date.now() };
    keepCurrent();
    showDetailsFor();
    const entry = { method: 'POST', path: '/api/episodes', body: { key }, kind: 'log', key };
    say('Logging...');
    const r = await send(entry);
    if (r === null) { showDetailsFor(); return; }
    if (r.status === 200 || r.status === 201) {
      say('Saved: an episode at ' + (clockOf(r.data && r.data.onset) || 'now') + '. Add details below if you like.');
      await settled(entry, r, false);
    } else {
      await settled(entry, r, false);
    }
  }

  // A detail changed: PATCH it, or fold it into the waiting POST, or send it after the POST.
  async function detailsChanged(fieldNames) {
    if (!current) return;
    keepCurrent();
    if (current.id) { await patchCurrent(fieldNames); return; }
    const waiting = outbox.find((e) => e.key === current.key && (e.kind === 'log' || e.kind === 'start'));
    if (waiting && waiting.id !== inFlightId) {
      for (const f of fieldNames) {
        const v = current.fields[f];
        if (v === null || (Array.isArray(v) && v.length === 0)) delete waiting.body[f];
        else waiting.body[f] = v;
      }
      saveOutbox();
      say('Kept with the waiting episode on this phone.');
    } else {
      current.dirty = true;   // the POST is on its way: send the details when it is answered
      keepCurrent();
    }
  }
  async function patchCurrent(fieldNames) {
    const body = {};
    for (const f of fieldNames) {
      const v = current.fields[f];
      body[f] = (v === null || (Array.isArray(v) && v.length === 0)) ? null : v;
    }
    const entry = { method: 'PATCH', path: '/api/episodes/' + current.id, body, kind: 'patch' };
    const r = await send(entry);
    if (r === null) return;
    if (r.status === 200) {
      say('Saved: ' + (episodeLine(r.data) || 'details'));
      showFlags(r.data.red_flags);
    } else await settled(entry, r, false);
  }

  function buildToggles(container, group, getSelected, onChange) {
    const fs = el('fieldset', { class: 'group' });
    fs.appendChild(el('legend', { text: group.legend }));
    const box = el('div', { class: 'toggles' + (group.narrow ? ' narrow' : '') });
    for (const term of group.terms) {
      const value = term;
      const b = el('button', { type: 'button', 'aria-pressed': 'false', 'data-term': String(term), text: group.label ? group.label(term) : words(term) });
      b.addEventListener('click', () => {
        let sel = getSelected();
        if (group.multi) {
          sel = Array.isArray(sel) ? sel.slice() : [];
          const i = sel.indexOf(value);
          if (i >= 0) sel.splice(i, 1);
          else {
            if (value === 'none') sel = [];
            else { const n = sel.indexOf('none'); if (n >= 0) sel.splice(n, 1); }
            sel.push(value);
          }
        } else {
          sel = (sel === value) ? null : value;
        }
        onChange(sel);
        paint();
      });
      box.appendChild(b);
    }
    function paint() {
      const sel = getSelected();
      for (const b of box.querySelectorAll('button')) {
        const t = b.getAttribute('data-term');
        const on = group.multi ? (Array.isArray(sel) && sel.map(String).indexOf(t) >= 0) : (sel !== null && sel !== undefined && String(sel) === t);
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
      }
    }
    fs.appendChild(box);
    container.appendChild(fs);
    paint();
    return paint;
  }

  const detailPainters = [];
  function buildDetails() {
    const groups = $('detail-groups');
    for (const g of DETAIL_GROUPS) {
      detailPainters.push(buildToggles(groups, g, () => current && current.fields[g.field],
        (sel) => { if (!current) return; current.fields[g.field] = sel; detailsChanged([g.field]); }));
    }
    detailPainters.push(buildToggles($('detail-signs'), { field: 'signs', legend: 'Signs on the leg', multi: true, terms: SIGNS },
      () => current && current.fields.signs,
      (sel) => { if (!current) return; current.fields.signs = sel; detailsChanged(['signs']); }));
    $('same').addEventListener('click', sameAsLast);
  }
  function showDetailsFor() {
    const d = $('details');
    d.hidden = !current;
    if (!current) return;
    $('details-for').textContent = current.id
      ? 'For episode ' + current.id + '. Each tap is saved at once.'
      : 'For the episode just logged. Each tap is kept with it.';
    for (const p of detailPainters) p();
  }

  async function sameAsLast() {
    if (!current) return;
    let src = null;
    try {
      const r = await api('GET', '/api/episodes/last');
      if (r.status === 200 && r.data && r.data.id !== current.id && (!current.id || r.data.id < current.id)) src = fieldsOf(r.data);
      else if (r.status === 200 && current.id) {
        const from = addDays(lastNight(), -90);
        const l = await api('GET', '/api/episodes?from=' + from);
        if (l.status === 200 && Array.isArray(l.data)) {
          let best = null;
          for (const ep of l.data) if (ep.id < current.id && (!best || ep.id > best.id)) best = ep;
          if (best) src = fieldsOf(best);
        }
      }
    } catch (e) { /* not reachable: use the copy kept on this phone */ }
    if (!src && previous) src = previous;
    if (!src) { say('There is no earlier episode to copy.'); return; }
    for (const f of COPY_FIELDS) current.fields[f] = Array.isArray(src[f]) ? src[f].slice() : (src[f] === undefined ? null : src[f]);
    for (const p of detailPainters) p();
    await detailsChanged(COPY_FIELDS);
  }

  // ---- start / stop ------------------------------------------------------------------
  let tick = null;
  function showRunning() {
    $('running').hidden = !running;
    $('start').hidden = !!running;
    if (tick) { clearInterval(tick); tick = null; }
    if (!running) return;
    const paint = () => {
      const min = Math.max(0, Math.floor((Date.now() - running.onset) / 60000));
      $('elapsed').textContent = min < 1 ? 'under a minute' : (min === 1 ? '1 minute' : min + ' minutes');
    };
    paint();
    tick = setInterval(() => { if (running) paint(); }, 15000);
  }
  let starting = null;   // the start request on its way: Stop waits for it, so they arrive in order
  async function startNow() {
    if (starting) return;
    starting = startRequest();
    try { await starting; } finally { starting = null; }
  }
  async function startRequest() {
    const key = newKey();
    if (current && current.id) previous = current.fields;
    store('diary.previous', previous);
    running = { key, id: null, onset: Date.now() };
    keepRunning();
    current = { key, id: null, fields: emptyFields(), dirty: false, at: Date.now() };
    keepCurrent();
    showRunning();
    showDetailsFor();
    const entry = { method: 'POST', path: '/api/episodes/start', body: { key }, kind: 'start', key };
    const r = await send(entry);
    if (r === null) return;
    if (r.status === 200 || r.status === 201) {
      say('Timing started. Tap Stop when it has eased.');
      await settled(entry, r, false);
    } else if (r.status === 409) {
      say('An episode is already running.');
      current = null; keepCurrent(); showDetailsFor();
      await refreshRunning();
    } else await settled(entry, r, false);
    showRunning();
  }
  async function stopNow() {
    if (starting) { try { await starting; } catch (e) { /* the start is kept or reported */ } }
    const key = newKey();
    const was = running;
    running = null;
    keepRunning();
    showRunning();
    const entry = { method: 'POST', path: '/api/episodes/stop', body: { key }, kind: 'stop', key };
    const r = await send(entry);
    if (r === null) { say('Stopped. Kept on this phone until the diary can be reached.'); return; }
    if (r.status === 200) {
      const ep = r.data || {};
      say('Stopped' + (typeof ep.duration_min === 'number' ? ' after ' + ep.duration_min + ' min' : '') + '. Saved.');
      showFlags(ep.red_flags);
      if (current && was && current.key === was.key && ep.id) { current.id = ep.id; keepCurrent(); showDetailsFor(); }
    } else if (r.status === 409) {
      say('There was no running episode to stop.');
    } else await settled(entry, r, false);
    $('log').focus();
  }
  async function refreshRunning() {
    try {
      const r = await api('GET', '/api/episodes/last');
      const queuedStart = outbox.some((e) => e.kind === 'start');
      const queuedStop = outbox.some((e) => e.kind === 'stop');
      if (r.status === 200 && r.data && r.data.ongoing && !queuedStop) {
        const t = Date.parse(r.data.onset);
        running = { key: (running && running.key) || null, id: r.data.id, onset: isNaN(t) ? Date.now() : t };
      } else if (!queuedStart) running = null;
      if (r.status === 200 && r.data && !previous && !(current && current.id === r.data.id)) {
        previous = fieldsOf(r.data);
        store('diary.previous', previous);
      }
      keepRunning();
    } catch (e) { /* keep what this phone knows */ }
    showRunning();
  }

  // ---- warning signs -----------------------------------------------------------------
  function showFlags(flags) {
    const box = $('alerts');
    box.textContent = '';
    if (!Array.isArray(flags) || flags.length === 0) return;
    for (const f of flags) box.appendChild(flagBlock(f, 'h2'));
    // Shown in full at once; closing it is only for after reading (the Report keeps every sign).
    const read = el('button', { type: 'button', class: 'big', text: 'I have read this warning' });
    read.addEventListener('click', () => { box.textContent = ''; $('log').focus(); });
    box.appendChild(read);
    box.scrollIntoView({ block: 'start' });
  }
  function flagBlock(f, h) {
    const eps = Array.isArray(f.episodes) && f.episodes.length
      ? (f.episodes.length === 1 ? 'Episode ' + f.episodes[0] : 'Episodes ' + f.episodes.join(', ')) : '';
    return el('div', { class: 'flag' }, [
      el(h, { text: f.title ? 'Warning sign: ' + lowerFirst(f.title) : 'Warning sign' }),
      el('p', { text: f.message || 'Please talk to a doctor about this soon.' }),
      eps ? el('p', { text: eps + '.' }) : null,
    ]);
  }

  // ---- morning check-in --------------------------------------------------------------
  const night = { sleep_quality: null, exercise: null, hydration: null, caffeine_late: null, alcohol: null };
  const nightPainters = [];
  const yesNo = (t) => (t === 'true' ? 'Yes' : 'No');
  function buildNight() {
    const box = $('night-groups');
    const groups = [
      { field: 'sleep_quality', legend: 'How well did you sleep? 1 is very badly, 5 very well', multi: false, narrow: true, terms: ['1', '2', '3', '4', '5'], label: (t) => t },
      { field: 'exercise', legend: 'Exercise yesterday', multi: false, terms: ['none', 'light', 'moderate', 'hard'] },
      { field: 'hydration', legend: 'Drinks yesterday', multi: false, terms: ['low', 'normal'], label: (t) => (t === 'low' ? 'Little' : 'Normal') },
      { field: 'caffeine_late', legend: 'Coffee, tea or cola late in the day?', multi: false, terms: ['true', 'false'], label: yesNo },
      { field: 'alcohol', legend: 'Alcohol in the evening?', multi: false, terms: ['true', 'false'], label: yesNo },
    ];
    for (const g of groups) nightPainters.push(buildToggles(box, g, () => (night[g.field] === null ? null : String(night[g.field])), (sel) => { night[g.field] = sel; }));
    $('night-day').value = lastNight();
    $('night-day').addEventListener('change', loadNight);
    $('night-form').addEventListener('submit', (ev) => { ev.preventDefault(); saveNight(false); });
    $('quiet').addEventListener('click', () => saveNight(true));
  }
  async function loadNight() {
    const day = $('night-day').value || lastNight();
    const ul = $('night-episodes');
    ul.textContent = '';
    for (const k of Object.keys(night)) night[k] = null;
    $('bed').value = ''; $('wake').value = ''; $('new-med').value = '';
    try {
      const r = await api('GET', '/api/nights/' + day);
      if (r.status === 200 && r.data) {
        const n = r.data.night;
        if (n) {
          $('bed').value = clockOf(n.bed); $('wake').value = clockOf(n.wake);
          $('new-med').value = n.new_medication || '';
          for (const k of Object.keys(night)) if (n[k] !== undefined && n[k] !== null) night[k] = String(n[k]);
        }
        const eps = Array.isArray(r.data.episodes) ? r.data.episodes : [];
        if (eps.length === 0) ul.appendChild(el('li', { text: 'None logged for this night.' }));
        for (const ep of eps) ul.appendChild(el('li', { text: episodeLine(ep) }));
      } else if (r.status === 401) setPaired(false);
    } catch (e) {
      ul.appendChild(el('li', { text: 'The diary cannot be reached, so the episodes cannot be shown now.' }));
    }
    for (const p of nightPainters) p();
  }
  // "22:50" on the night of DAY: evening times that day, morning times the next day.
  function nightTime(day, hhmm, isBed) {
    if (!hhmm) return undefined;
    const h = Number(hhmm.slice(0, 2));
    const nextDay = isBed ? h < 12 : h < 18;
    return (nextDay ? addDays(day, 1) : day) + 'T' + hhmm;
  }
  async function saveNight(quiet) {
    const day = $('night-day').value || lastNight();
    const body = {};
    const bed = nightTime(day, $('bed').value, true);
    const wake = nightTime(day, $('wake').value, false);
    if (bed) body.bed = bed;
    if (wake) body.wake = wake;
    if (night.sleep_quality !== null) body.sleep_quality = Number(night.sleep_quality);
    if (night.exercise !== null) body.exercise = night.exercise;
    if (night.hydration !== null) body.hydration = night.hydration;
    if (night.caffeine_late !== null) body.caffeine_late = night.caffeine_late === 'true';
    if (night.alcohol !== null) body.alcohol = night.alcohol === 'true';
    const med = $('new-med').value.trim();
    if (med) body.new_medication = med;
    if (quiet) body.quiet = true;
    const entry = { method: 'PUT', path: '/api/nights/' + day, body, kind: 'night' };
    const r = await send(entry);
    if (r === null) return;
    if (r.status === 200) {
      say((quiet ? 'Saved a quiet night, no episodes, for the night of ' : 'Saved the night of ') + dayWords(day) + '.');
      showFlags(r.data && r.data.red_flags);
    } else await settled(entry, r, false);
  }

  // ---- last nights -------------------------------------------------------------------
  async function loadNights() {
    const box = $('nights-list');
    box.textContent = '';
    let r;
    try { r = await api('GET', '/api/episodes?from=' + addDays(lastNight(), -13)); } catch (e) {
      box.appendChild(el('p', { text: 'The diary cannot be reached right now.' })); return;
    }
    if (r.status === 401) { setPaired(false); return; }
    if (r.status !== 200 || !Array.isArray(r.data)) { box.appendChild(el('p', { text: problemText(r) })); return; }
    if (r.data.length === 0) { box.appendChild(el('p', { text: 'No episodes in the last two weeks.' })); return; }
    const byNight = new Map();
    for (const ep of r.data) { if (!byNight.has(ep.night)) byNight.set(ep.night, []); byNight.get(ep.night).push(ep); }
    const nights = Array.from(byNight.keys()).sort().reverse();
    for (const n of nights) {
      box.appendChild(el('h3', { text: 'Night of ' + dayWords(n) }));
      for (const ep of byNight.get(n)) box.appendChild(episodeCard(ep));
    }
  }
  function episodeCard(ep) {
    const card = el('div', { class: 'episode' });
    const line = el('p', { text: episodeLine(ep) });
    const actions = el('div', { class: 'actions' });
    const change = el('button', { type: 'button', text: 'Change', 'aria-label': 'Change the episode at ' + (clockOf(ep.onset) || '?') });
    const del = el('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': 'Delete the episode at ' + (clockOf(ep.onset) || '?') });
    actions.append(change, del);
    card.append(line, actions);
    change.addEventListener('click', () => {
      const open = card.querySelector('.edit-form');
      if (open) { open.remove(); return; }
      card.appendChild(editForm(ep, () => loadNights()));
    });
    del.addEventListener('click', () => {
      if (card.querySelector('.confirm')) return;
      const yes = el('button', { type: 'button', class: 'danger', text: 'Yes, delete it' });
      const no = el('button', { type: 'button', text: 'No, keep it' });
      const confirm = el('div', { class: 'confirm actions' }, [yes, no]);
      const q = el('p', { class: 'confirm', text: 'Delete the episode at ' + (clockOf(ep.onset) || '?') + '? This cannot be undone.' });
      card.append(q, confirm);
      no.addEventListener('click', () => { q.remove(); confirm.remove(); del.focus(); });
      yes.addEventListener('click', async () => {
        const entry = { method: 'DELETE', path: '/api/episodes/' + ep.id, kind: 'delete' };
        const res = await send(entry);
        if (res === null || res.status === 200 || res.status === 404) {
          say('Deleted the episode at ' + (clockOf(ep.onset) || '?') + '.');
          card.remove();
        } else await settled(entry, res, false);
      });
      yes.focus();
    });
    return card;
  }
  function editForm(ep, done) {
    const f = fieldsOf(ep);
    const extra = { duration_min: ep.duration_min, intensity: ep.intensity, relief_effect: ep.relief_effect === undefined ? null : ep.relief_effect };
    const form = el('form', { class: 'edit-form', novalidate: '' });
    const groups = el('div');
    const allLoc = ['calf', 'foot', 'toes', 'arch', 'ankle', 'shin', 'knee', 'thigh', 'hip', 'buttock', 'back_of_leg', 'whole_leg', 'arm', 'other'];
    const allFelt = ['cramp', 'knot', 'tightness', 'urge_to_move', 'crawling', 'burning', 'aching', 'deep_ache', 'shooting', 'electric', 'stabbing', 'tingling', 'pins_and_needles', 'numbness', 'other'];
    const allRelief = ['stretch', 'walk', 'move', 'massage', 'stand', 'dangle', 'sit_up', 'elevate_legs', 'reposition', 'bend_forward', 'heat', 'medication', 'rest', 'none', 'other'];
    const withOwn = (terms, own) => terms.concat((own || []).filter((t) => terms.indexOf(t) < 0));
    const specs = [
      { field: 'locations', legend: 'Where?', multi: true, terms: withOwn(allLoc, f.locations) },
      { field: 'side', legend: 'Which side?', multi: false, terms: ['left', 'right', 'both'] },
      { field: 'sensations', legend: 'What did it feel like?', multi: true, terms: withOwn(allFelt, f.sensations) },
      { field: 'relief', legend: 'What helped?', multi: true, terms: withOwn(allRelief, f.relief) },
      { field: 'signs', legend: 'Anything unusual about the leg?', multi: true, terms: withOwn(SIGNS, f.signs) },
    ];
    for (const s of specs) buildToggles(groups, s, () => f[s.field], (sel) => { f[s.field] = sel; });
    buildToggles(groups, { field: 'relief_effect', legend: 'Did it help?', multi: false, terms: ['full', 'partial', 'none'], label: (t) => ({ full: 'Fully', partial: 'Partly', none: 'No' }[t]) },
      () => extra.relief_effect, (sel) => { extra.relief_effect = sel; });
    const dur = el('input', { type: 'number', min: '0', max: '1440', step: '0.5', inputmode: 'decimal' });
    if (typeof ep.duration_min === 'number') dur.value = String(ep.duration_min);
    const inten = el('input', { type: 'number', min: '0', max: '10', step: '1', inputmode: 'numeric' });
    if (typeof ep.intensity === 'number') inten.value = String(ep.intensity);
    const note = el('input', { type: 'text', maxlength: '500', autocomplete: 'off' });
    note.value = ep.note || '';
    const save = el('button', { type: 'submit', class: 'big', text: 'Save changes' });
    form.append(
      el('label', { class: 'field' }, ['How many minutes did it last?', dur]),
      el('label', { class: 'field' }, ['How bad, 0 (none) to 10 (worst)?', inten]),
      groups,
      el('label', { class: 'field' }, ['Note', note]),
      save);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {};
      const orig = fieldsOf(ep);
      for (const k of Object.keys(f)) {
        if (JSON.stringify(f[k]) !== JSON.stringify(orig[k])) body[k] = (f[k] === null || (Array.isArray(f[k]) && f[k].length === 0)) ? null : f[k];
      }
      if ((extra.relief_effect || null) !== (ep.relief_effect || null)) body.relief_effect = extra.relief_effect;
      const d = dur.value.trim() === '' ? null : Number(dur.value);
      if (d !== (typeof ep.duration_min === 'number' ? ep.duration_min : null)) body.duration_min = d;
      const i = inten.value.trim() === '' ? null : Number(inten.value);
      if (i !== (typeof ep.intensity === 'number' ? ep.intensity : null)) body.intensity = i;
      if (note.value !== (ep.note || '')) body.note = note.value === '' ? null : note.value;
      if (Object.keys(body).length === 0) { say('Nothing changed.'); form.remove(); return; }
      const entry = { method: 'PATCH', path: '/api/episodes/' + ep.id, body, kind: 'patch' };
      const r = await send(entry);
      if (r === null) { form.remove(); return; }
      if (r.status === 200) {
        say('Saved the episode at ' + (clockOf(r.data.onset) || '?') + '.');
        showFlags(r.data.red_flags);
        done();
      } else await settled(entry, r, false);
    });
    return form;
  }

  // ---- the report --------------------------------------------------------------------
  async function loadReport() {
    const a = $('report-analysis');
    const s = $('report-summary');
    a.textContent = ''; s.textContent = '';
    try {
      const r = await api('GET', '/api/analysis');
      if (r.status === 401) { setPaired(false); return; }
      if (r.status === 200 && r.data) renderAnalysis(a, r.data); else a.appendChild(el('p', { text: problemText(r) }));
    } catch (e) { a.appendChild(el('p', { text: 'The diary cannot be reached right now.' })); return; }
    try {
      const r = await api('GET', '/api/summary');
      if (r.status === 200 && r.data) renderSummary(s, r.data); else s.appendChild(el('p', { text: problemText(r) }));
    } catch (e) { s.appendChild(el('p', { text: 'The diary cannot be reached right now.' })); }
    const to = lastNight();
    const img = $('chart');
    img.src = '/api/charts/nights.svg?from=' + addDays(to, -27) + '&to=' + to;
    img.hidden = false;
  }
  function num(x, unit) { return typeof x === 'number' ? x + (unit || '') : 'not known'; }
  function renderAnalysis(box, d) {
    box.appendChild(el('p', { text: 'From ' + (d.from ? dayWords(d.from) : '?') + ' to ' + (d.to ? dayWords(d.to) : '?') + ': ' +
      num(d.episodes) + ' episodes on ' + num(d.nights) + ' nights.' }));
    const flags = Array.isArray(d.red_flags) ? d.red_flags : [];
    for (const f of flags) box.appendChild(flagBlock(f, 'h3'));
    box.appendChild(el('h3', { text: 'What the pattern fits' }));
    const cats = Array.isArray(d.categories) ? d.categories : [];
    if (cats.length === 0) box.appendChild(el('p', { text: 'Nothing clear yet: keep logging.' }));
    for (const c of cats) {
      const blk = el('div', { class: 'report-block' });
      blk.appendChild(el('h4', { text: upperFirst(c.name || words(c.id)) + ': ' + (c.level_words || 'a match') }));
      if (c.action_words) blk.appendChild(el('p', { text: upperFirst(c.action_words) + '.' }));
      if (typeof c.advice === 'string' && c.advice) blk.appendChild(el('p', { text: c.advice }));
      const ev = Array.isArray(c.evidence) ? c.evidence : [];
      if (ev.length) {
        blk.appendChild(el('p', { text: 'For it (' + ev.length + '):' }));
        blk.appendChild(el('ul', null, ev.map((t) => el('li', { text: String(t) }))));
      }
      const ag = Array.isArray(c.against) ? c.against : [];
      blk.appendChild(el('p', { text: ag.length ? 'Against it (' + ag.length + '):' : 'Against it: nothing recorded.' }));
      if (ag.length) blk.appendChild(el('ul', null, ag.map((t) => el('li', { text: String(t) }))));
      box.appendChild(blk);
    }
    const pats = Array.isArray(d.patterns) ? d.patterns : [];
    if (pats.length) {
      box.appendChild(el('h3', { text: 'Recurring patterns' }));
      box.appendChild(el('ul', null, pats.map((p) => el('li', { text: patternText(p) }))));
    }
    box.appendChild(el('p', { class: 'not-diagnosis', text: 'This is a pattern report built from your own notes, not a diagnosis. Only a doctor who examines you can say what causes your symptoms; take it along when you go.' }));
  }
  function patternText(p) {
    if (p && typeof p.text === 'string') return p.text;
    if (p && typeof p.message === 'string') return p.message;
    if (p && typeof p.summary === 'string') return p.summary;
    const parts = [];
    for (const k of Object.keys(p || {})) {
      if (k === 'id') continue;
      const v = p[k];
      if (typeof v === 'number' || typeof v === 'string') parts.push(words(k).toLowerCase() + ' ' + v);
    }
    return words(p && p.id) + (parts.length ? ': ' + parts.join(', ') : '');
  }
  // `diary summary --json`: {week: {from, to}, figures: {...}, change: {...}, red_flags, ...}
  function renderSummary(box, d) {
    const f = d.figures || d;
    const week = d.week || f;
    const change = d.change || {};
    const delta = (k) => (typeof change[k] === 'number' && change[k] !== 0
      ? ' (' + (change[k] > 0 ? '+' : '') + change[k] + ' on the week before)' : (change[k] === 0 ? ' (same as the week before)' : ''));
    const sq = f.sleep_quality || {};
    const rows = [
      ['Nights logged', num(f.nights_logged) + delta('nights_logged')],
      ['Nights with episodes', num(f.nights_with_episodes) + delta('nights_with_episodes')],
      ['Episodes', num(f.episodes) + delta('episodes')],
      ['Total time', num(f.total_minutes, ' min') + delta('total_minutes')],
      ['Longest', num(f.longest_minutes, ' min') + delta('longest_minutes')],
      ['Typical intensity', num(f.median_intensity, ' of 10') + delta('median_intensity')],
      ['Typical start', typeof f.median_onset === 'string' ? f.median_onset : 'not known'],
      ['Sleep quality', num(sq.mean, ' of 5') + delta('mean_sleep_quality')],
    ];
    box.appendChild(el('p', { text: 'The nights of ' + (week.from ? dayWords(week.from) : '?') + ' to ' + (week.to ? dayWords(week.to) : '?') + '.' }));
    if (d.empty === true) box.appendChild(el('p', { text: 'Nothing was logged that week.' }));
    box.appendChild(el('ul', { class: 'report-block' }, rows.map((r) => el('li', { text: r[0] + ': ' + r[1] }))));
    const relief = Array.isArray(f.relief) ? f.relief : [];
    if (relief.length) {
      box.appendChild(el('h3', { text: 'What was tried' }));
      box.appendChild(el('ul', null, relief.map((x) => el('li', { text: words(x.action) + ': tried ' + num(x.tried) + ', eased fully ' + num(x.eased_fully) + ', partly ' + num(x.eased_partly) + ', no help ' + num(x.no_help) }))));
    }
    const flags = Array.isArray(d.red_flags) ? d.red_flags : [];
    for (const f of flags) box.appendChild(flagBlock(f, 'h3'));
    box.appendChild(el('p', { class: 'not-diagnosis', text: 'A summary of your own notes, not a diagnosis.' }));
  }

  // ---- views, theme, pairing ---------------------------------------------------------
  const loaders = { now: refreshRunning, morning: loadNight, nights: loadNights, report: loadReport };
  function showView(name) {
    for (const b of document.querySelectorAll('#tabs button')) b.setAttribute('aria-pressed', b.getAttribute('data-view') === name ? 'true' : 'false');
    for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + name;
    if (loaders[name]) loaders[name]();
  }
  function themeNow() {
    const set = document.documentElement.getAttribute('data-theme');
    if (set) return set;
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  }
  function paintThemeButton() {
    const t = themeNow();
    const b = $('theme-toggle');
    b.textContent = t === 'dark' ? 'Light screen' : 'Dark screen';
    b.setAttribute('aria-label', t === 'dark' ? 'Switch to a light screen' : 'Switch to a dark screen');
  }
  function toggleTheme() {
    const next = themeNow() === 'dark' ? 'light' : 'dark';
    document.documentElement.setAttribute('data-theme', next);
    try { localStorage.setItem('diary.theme', next); } catch (e) { /* not remembered */ }
    paintThemeButton();
  }
  let paired = null;
  function setPaired(ok) {
    paired = ok;
    if (ok) store('diary.paired', 1);
    const everPaired = load('diary.paired', 0) === 1;
    $('unpaired').hidden = ok;
    // A phone that was never connected sees only the message; one that was keeps its buttons
    // (taps wait in the outbox until it is connected again).
    $('tabs').hidden = !ok && !everPaired;
    document.querySelector('main').hidden = !ok && !everPaired;
  }
  function deviceName() {
    const ua = navigator.userAgent || '';
    const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad|iPod/.test(ua) ? 'iPhone' : /Mac OS X/.test(ua) ? 'Mac'
      : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'phone';
    const br = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
      : /Safari\//.test(ua) ? 'Safari' : 'Browser';
    return (br + ' on ' + os).slice(0, 40);
  }
  async function pairAndCheck() {
    let why = '';
    const m = /(?:^#|&)k=([^&]+)/.exec(location.hash || '');
    if (m) {
      const code = decodeURIComponent(m[1]);
      history.replaceState(null, '', location.pathname + location.search);
      try {
        const r = await api('POST', '/api/pair', { code, device: deviceName() });
        if (r.status === 200) { setPaired(true); say('This phone is now connected to your diary.'); return true; }
        why = r.status === 410 ? 'That address was used already or is more than 10 minutes old.'
          : r.status === 403 ? 'That address has a wrong code.' : '';
      } catch (e) { /* fall through to the session check */ }
    }
    try {
      const r = await api('GET', '/api/session');
      if (r.status === 200) { setPaired(true); return true; }
      $('unpaired-why').textContent = why;
      setPaired(false);
      return false;
    } catch (e) {
      if (load('diary.paired', 0) === 1) { setPaired(true); say('The diary cannot be reached right now. Taps are kept on this phone.'); }
      else setPaired(false);
      return false;
    }
  }

  async function start() {
    buildDetails();
    buildNight();
    showOutbox();
    showRunning();
    showDetailsFor();
    paintThemeButton();
    $('theme-toggle').addEventListener('click', toggleTheme);
    $('log').addEventListener('click', logNow);
    $('start').addEventListener('click', startNow);
    $('stop').addEventListener('click', stopNow);
    for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showView(b.getAttribute('data-view')));
    if (window.matchMedia) window.matchMedia('(prefers-color-scheme: light)').addEventListener('change', paintThemeButton);
    window.addEventListener('online', flush);
    // A new address opened in this same tab (#k=CODE) pairs without a reload.
    window.addEventListener('hashchange', async () => {
      if (/k=/.test(location.hash) && await pairAndCheck()) { await flush(); await refreshRunning(); }
    });
    document.addEventListener('visibilitychange', () => { if (!document.hidden) flush(); });
    setInterval(() => { if (outbox.length) flush(); }, 5000);
    const ok = await pairAndCheck();
    if (ok) { await flush(); await refreshRunning(); }
    document.documentElement.setAttribute('data-ready', '1');   // for the tests
  }
  start();
})();
