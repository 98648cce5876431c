// The console's calm light theme, shared by its components (each has its own shadow root), with the alert states
// drawn as the wall draws them: colour and outline style together, readable without telling hues apart.
import { css, unsafeCSS } from 'lit';
import { ALERT_STYLE } from '../shared/colour-scales.ts';

const badges = Object.entries(ALERT_STYLE)
  .map(([status, s]) => `.badge.${status} { border: 2px ${s.outline} ${s.colour}; }`)
  .join('\n');

export const consoleStyles = css`
  :host {
    --ink: #1d2b3a;
    --muted: #5f6b78;
    --line: #d9dee5;
    --hover: #eef3f8;
    --panel: #ffffff;
    --accent: #1f5fa8;
    --warn: #a34a00;
    color: var(--ink);
    font: 14px/1.5 system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif;
  }
  table { border-collapse: collapse; width: 100%; background: var(--panel); }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-weight: 600; color: var(--muted); font-size: 12px; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  .muted { color: var(--muted); }
  .error { color: #8a1c1c; background: #fdecec; border: 1px solid #e7b4b4; padding: 8px 12px; border-radius: 4px; }
  .badge { display: inline-block; padding: 0 8px; border-radius: 10px; white-space: nowrap; font-size: 13px; }
  ${unsafeCSS(badges)}
  mark { background: #ffe58a; color: inherit; padding: 0 2px; border-radius: 2px; }
  button, select, input, textarea { font: inherit; }
  button {
    padding: 4px 14px; border: 1px solid var(--accent); border-radius: 4px; background: #fff; color: var(--accent);
    cursor: pointer;
  }
  button.primary { background: var(--accent); color: #fff; }
  button:disabled { opacity: 0.5; cursor: default; }
  select, input, textarea { padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
  h2 { font-size: 18px; margin: 0 0 8px; }
  h3 { font-size: 15px; margin: 16px 0 6px; }
`;
