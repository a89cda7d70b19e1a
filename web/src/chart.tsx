// The usage chart: stacked bars per bucket (valid, then each refusal code), drawn as our own SVG
// (no charting library: a few hundred bytes instead of tens of KB). The numbers are also given as text.
import type { TokenUsage } from '@tessera/client';

export function UsageChart({ usage, title }: { usage: TokenUsage; title: string }) {
  const codes = [...new Set(usage.series.flatMap((point) => Object.keys(point.refused)))].sort();
  const keys = ['valid', ...codes];
  // Colours come from classes (style.css), so they follow light and dark, and no inline style is needed.
  const colour = (key: string) => (key === 'valid' ? 's-valid' : `s-${codes.indexOf(key) % 6}`);
  const max = Math.max(1, ...usage.series.map((point) => point.total));
  const width = 600;
  const height = 140;
  const bar = width / Math.max(usage.series.length, 1);
  const totals = Object.fromEntries(
    keys.map((key) => [
      key,
      usage.series.reduce((sum, p) => sum + (key === 'valid' ? p.valid : (p.refused[key] ?? 0)), 0),
    ]),
  );
  const all = usage.series.reduce((sum, p) => sum + p.total, 0);
  const summary = `${all} verifications: ${keys.map((key) => `${totals[key]} ${key.replaceAll('_', ' ')}`).join(', ')}`;
  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong> — {summary}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${summary}`}
        preserveAspectRatio="none"
      >
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} class="axis" />
        {usage.series.map((point, i) => {
          let y = height;
          return (
            <g key={point.start}>
              <title>{`${new Date(point.start).toLocaleString()}: ${point.total}`}</title>
              {keys.map((key) => {
                const count = key === 'valid' ? point.valid : (point.refused[key] ?? 0);
                if (count === 0) return null;
                const h = (count / max) * (height - 4);
                y -= h;
                return (
                  <rect
                    key={key}
                    x={i * bar + bar * 0.1}
                    y={y}
                    width={bar * 0.8}
                    height={h}
                    class={colour(key)}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {keys.map((key) => (
          <li key={key}>
            <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
              <rect width="10" height="10" class={colour(key)} />
            </svg>
            {key.replaceAll('_', ' ')}: {totals[key]}
          </li>
        ))}
      </ul>
    </figure>
  );
}
