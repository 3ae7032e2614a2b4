// Runs in <head>, before the body is drawn: applies the theme chosen on this phone (if any)
// so that a remembered light or dark choice never flashes the other one first.
'use strict';
try {
  var chosen = window.localStorage.getItem('diary.theme');
  if (chosen === 'light' || chosen === 'dark') document.documentElement.setAttribute('data-theme', chosen);
} catch (e) { /* storage blocked: the system preference applies */ }
