// On a narrow screen (a phone) the lab is docked under the text, at the bottom of the screen
// (course.css, max-width 900px): its bar (name, Train / Step / Reset, status) stays in view, and a
// toggle collapses the panel to that bar or expands it again. A run block shows the lab, expanded,
// and keeps the block itself in view above it.
import { $ } from './dom.js';
import { t } from './i18n.js';

const NARROW = window.matchMedia('(max-width: 900px)');  // the width at which course.css docks the lab

const isCollapsed = () => $('#lesson').classList.contains('lab-collapsed');

function setCollapsed(on) {
  // Collapsed, the frame keeps its size out of sight: the canvas is not resized, nor redrawn blank.
  const frame = $('#lab-frame');
  if (on) frame.style.setProperty('--frame-h', `${frame.offsetHeight}px`);
  $('#lesson').classList.toggle('lab-collapsed', on);
  $('#lab-dock').setAttribute('aria-expanded', String(!on));
  showLabel();
}

// A short word on the button ("Hide"), the whole of it for screen readers ("Hide the lab").
function showLabel() {
  const collapsed = isCollapsed();
  $('#lab-dock .lab-dock-text').textContent = collapsed ? t('show') : t('hide');
  $('#lab-dock').setAttribute('aria-label', collapsed ? t('showLab') : t('hideLab'));
}

// After a run block was used: the lab expanded, and the block still visible in the text above it.
export function showLabFor(el) {
  if (!NARROW.matches) return;
  if (isCollapsed()) setCollapsed(false);
  const pane = $('#prose-scroll').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.bottom > pane.bottom - 8) $('#prose-scroll').scrollBy({ top: r.bottom - pane.bottom + 16 });
}

export function initDock() {
  $('#lab-dock').addEventListener('click', () => setCollapsed(!isCollapsed()));
  document.addEventListener('course:lang', showLabel);
  showLabel();
}
