// The duty console's bundle entry (/dashboard/console.js): defines <lz-console>, which console.html shows.
import './console-app.ts';
