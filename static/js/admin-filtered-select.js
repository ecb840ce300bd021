// Django 5.2's two-box picker (SelectFilter2.js) names each filter box by an aria-label on an
// icon <span> inside the box's <label>. ARIA allows no aria-label on an element without a role
// (axe: aria-prohibited-attr), so the icon is given the role it plays, an image, whose label
// names the box as before. Runs after SelectFilter2.js's own "load" listener, which makes them.
'use strict';
window.addEventListener('load', () => {
  document.querySelectorAll('.selector .search-label-icon[aria-label]').forEach((icon) => {
    icon.setAttribute('role', 'img');
  });
});
