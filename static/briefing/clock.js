const tick = () => { const el = window.parent.document.getElementById('fm-clock') || document.getElementById('fm-clock');
  if (el) el.textContent = new Date().toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'}); };
tick(); if (!window.__fmClock) window.__fmClock = setInterval(tick, 1000);
