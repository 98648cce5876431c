// The wall's entry point, bundled to /dashboard/wall.js: defines <lz-wall>, which the page shell holds.
import './wall-view.ts';
